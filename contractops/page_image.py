"""One contract page as a PNG with a snippet's words boxed: the evidence a reviewer looks at.

    png, boxes = page_with_snippet(pdf_path, page=2, snippet="respond within thirty (30) minutes")

The page is rendered by pdfplumber (`page.to_image`, pypdfium2 underneath). The snippet is found
among the page's words (pdfplumber's word boxes; on a page with no text layer, the OCR words of
`extractors.pdf_ocr` when tesseract is installed) as the longest run of matching words, extended
by the other matching runs close to it, so a snippet whose spacing or line breaks differ from the
page is still found. `boxes` is how many words were boxed (0: the snippet is not on the page).
"""

from __future__ import annotations

import difflib
import io
import re
from pathlib import Path

RESOLUTION = 110  # dpi: a US-letter page is ~935 px wide, readable beside the form
_TOKEN = re.compile(r"[a-z0-9]+")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall((text or "").lower())


def snippet_word_indexes(words: list[str], snippet: str) -> list[int]:
    """Indexes of the page words (their text, in reading order) that spell the snippet."""
    page_tokens: list[str] = []
    owner: list[int] = []  # page token -> index of the word it came from
    for i, w in enumerate(words):
        for t in _tokens(w):
            page_tokens.append(t)
            owner.append(i)
    wanted = _tokens(snippet)
    if not wanted or not page_tokens:
        return []
    matcher = difflib.SequenceMatcher(None, page_tokens, wanted, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return []
    longest = max(blocks, key=lambda b: b.size)
    if longest.size < min(2, len(wanted)):
        return []
    # keep the runs that sit near the longest one on the page (the snippet's other pieces)
    span = len(wanted) + 5
    keep = [b for b in blocks if abs(b.a - longest.a) <= span and (b.size >= 2 or b is longest or len(wanted) <= 3)]
    picked = sorted({owner[k] for b in keep for k in range(b.a, b.a + b.size)})
    return picked


def _page_words(pdf_path: Path, page_index: int, plumber_page) -> list[dict]:
    words = plumber_page.extract_words(keep_blank_chars=False, use_text_flow=True)
    if words or plumber_page.chars:
        return words
    try:  # a scanned page: the same OCR the reader used
        from extractors.pdf_ocr import OcrUnavailable, ocr_page
    except ImportError:
        return []
    try:
        return ocr_page(pdf_path, page_index).words
    except OcrUnavailable:
        return []


def page_with_snippet(pdf_path: Path, page: int, snippet: str | None, resolution: int = RESOLUTION) -> tuple[bytes, int]:
    """PNG bytes of page `page` (1-based) with the snippet's words boxed, and how many were."""
    import pdfplumber

    with pdfplumber.open(str(pdf_path)) as pdf:
        if not 1 <= page <= len(pdf.pages):
            raise ValueError(f"{Path(pdf_path).name} has no page {page} (it has {len(pdf.pages)})")
        p = pdf.pages[page - 1]
        image = p.to_image(resolution=resolution)
        boxed = 0
        if snippet:
            words = _page_words(Path(pdf_path), page - 1, p)
            picked = snippet_word_indexes([w["text"] for w in words], snippet)
            rects = [(words[i]["x0"] - 1, words[i]["top"] - 1, words[i]["x1"] + 1, words[i]["bottom"] + 1) for i in picked]
            if rects:
                image.draw_rects(rects, fill=(255, 230, 0, 90), stroke=(220, 60, 0), stroke_width=2)
            boxed = len(rects)
        out = io.BytesIO()
        image.save(out, format="PNG")
    return out.getvalue(), boxed
