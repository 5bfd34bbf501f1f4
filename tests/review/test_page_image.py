"""The evidence image: the page rendered, the snippet's words boxed (found among the page's word
boxes even when the snippet's spacing differs from the page)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from contractops.page_image import page_with_snippet, snippet_word_indexes

CORPUS = Path(__file__).resolve().parents[1] / "data" / "contracts_independent" / "pdf"


def test_snippet_words_are_found_in_reading_order_despite_spacing_and_punctuation():
    words = "5 The Provider shall respond to Urgent incidents within fifteen (15) minutes, at any time".split()
    # the snippet as a reader might store it: collapsed spaces, other punctuation
    picked = snippet_word_indexes(words, "respond to Urgent incidents within fifteen (15) minutes")
    assert [words[i] for i in picked] == ["respond", "to", "Urgent", "incidents", "within", "fifteen", "(15)", "minutes,"]
    assert snippet_word_indexes(words, "nothing of this is there") == []
    assert snippet_word_indexes([], "anything") == []


def test_page_image_boxes_the_snippet_on_a_real_contract_page():
    pdf = CORPUS / "sow-harbourline-2025.pdf"
    snippet = "The Provider shall respond to Urgent incidents within fifteen (15) minutes, at any time of day or night"
    png, boxed = page_with_snippet(pdf, 1, snippet)
    # 18 words from "The" to "night," (counted on the page: clause 5, first line)
    assert boxed == 18
    image = Image.open(io.BytesIO(png))
    assert image.width > 800  # 8.5 in at 110 dpi = 935 px
    # highlighted pixels exist: the translucent yellow fill over white paper has blue well below
    # red (a black-on-white page has none: its greys have r == g == b)
    rgb = image.convert("RGB")
    yellow = sum(1 for r, g, b in rgb.getdata() if r > 200 and g > 180 and b < r - 50)
    assert yellow > 1000
    plain, none = page_with_snippet(pdf, 1, None)
    assert none == 0 and plain != png
    with pytest.raises(ValueError, match="has no page 9"):
        page_with_snippet(pdf, 9, snippet)
