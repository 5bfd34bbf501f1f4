"""OCR of image-only PDF pages (scanned, signed contracts): page image -> words with confidences.

A page with no text layer is rendered with pypdfium2 at `DPI` and read by Debian's tesseract
(through pytesseract). Each word keeps tesseract's confidence (0-1); the page-layout stage
(`pdf_layout.lines_from_words`) then builds lines exactly as for a text PDF, with the lowest word
confidence of each line on it, and the term readers cap a term's confidence by it
(`ocr_confidence_cap`), so a badly read line goes to review instead of into the marts.

A page is "not legible" when fewer than `MIN_LEGIBLE_WORDS` words reach `LEGIBLE_CONF`: blank
paper, a photo, a page too blurred to read. Such a page gets its own review reason; a document
none of whose pages is legible is rejected (`image-only PDF with no legible text`).
"""

from __future__ import annotations

import os
import re
import shutil
import time
from dataclasses import dataclass

DPI = 200  # the resolution scanners commonly use; 300 upsamples a 200-dpi scan and reads fewer words
LEGIBLE_CONF = 0.6
MIN_LEGIBLE_WORDS = 8
_PT_PER_PX = 72.0 / DPI
_RULE_MARK = re.compile(r"[|\[\]=_~{}!]+")


class OcrUnavailable(Exception):
    """tesseract is not installed: str() is the reason."""


@dataclass
class OcrPage:
    words: list[dict]      # pdfplumber-like word dicts in points, with "conf" in 0..1
    width: float           # page width in points
    seconds: float         # wall time of rendering + OCR
    legible_words: int

    @property
    def legible(self) -> bool:
        return self.legible_words >= MIN_LEGIBLE_WORDS

    @property
    def mean_conf(self) -> float:
        confs = [w["conf"] for w in self.words]
        return sum(confs) / len(confs) if confs else 0.0


def available() -> bool:
    return shutil.which("tesseract") is not None


def skew_slope(data: dict) -> float:
    """The page's skew as dy/dx: the median slope of the word baselines along tesseract's lines
    (a scan is rarely straight; rows of a table must still line up)."""
    lines: dict[tuple, list[tuple[float, float]]] = {}
    for i, text in enumerate(data["text"]):
        if not (text or "").strip() or float(data["conf"][i]) < 0:
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        x = float(data["left"][i]) + float(data["width"][i]) / 2
        y = float(data["top"][i]) + float(data["height"][i])
        lines.setdefault(key, []).append((x, y))
    slopes = []
    for pts in lines.values():
        if len(pts) < 3 or pts[-1][0] - pts[0][0] < 200:
            continue
        n = len(pts)
        mx = sum(x for x, _ in pts) / n
        my = sum(y for _, y in pts) / n
        sxx = sum((x - mx) ** 2 for x, _ in pts)
        if sxx:
            slopes.append(sum((x - mx) * (y - my) for x, y in pts) / sxx)
    if not slopes:
        return 0.0
    slopes.sort()
    return slopes[len(slopes) // 2]


def words_from_tesseract(data: dict, scale: float = _PT_PER_PX) -> list[dict]:
    """pytesseract.image_to_data(..., output_type=DICT) -> word dicts in points, straightened by
    the page's skew. Entries that are not words (conf -1, empty text) are dropped."""
    slope = skew_slope(data) if "block_num" in data else 0.0
    out = []
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        conf = float(data["conf"][i])
        if not text or conf < 0 or _RULE_MARK.fullmatch(text):
            continue  # table rules and box edges read as '|', '[', '='
        left, top = float(data["left"][i]), float(data["top"][i])
        w, h = float(data["width"][i]), float(data["height"][i])
        top -= slope * (left + w / 2)  # rotate back: a word further right sits lower on a skewed page
        out.append({"text": text, "x0": left * scale, "x1": (left + w) * scale,
                    "top": top * scale, "bottom": (top + h) * scale,
                    "size": max(h * scale, 1.0), "conf": conf / 100.0})
    return out


def ocr_page(pdf_path, page_index: int) -> OcrPage:
    """Render one page (0-based) and OCR it."""
    if not available():
        raise OcrUnavailable("no text layer and OCR is unavailable (tesseract is not installed)")
    import pypdfium2 as pdfium
    import pytesseract

    # One tesseract thread per page: pages are read in parallel by documents (extract_many).
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    t0 = time.perf_counter()
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        page = pdf[page_index]
        width_pt = float(page.get_width())
        image = page.render(scale=DPI / 72.0, grayscale=True).to_pil()
        page.close()
    finally:
        pdf.close()
    data = pytesseract.image_to_data(image, lang="eng", config="--psm 3",
                                     output_type=pytesseract.Output.DICT)
    words = words_from_tesseract(data)
    legible = sum(1 for w in words if w["conf"] >= LEGIBLE_CONF and any(c.isalnum() for c in w["text"]))
    return OcrPage(words, width_pt, time.perf_counter() - t0, legible)


def ocr_confidence_cap(line_conf: float) -> float:
    """The highest confidence a term read from an OCR'd line may have, given the lowest word
    confidence on it. Text-layer lines (1.0) are not capped."""
    if line_conf >= 0.999:
        return 1.0
    if line_conf >= 0.9:
        return 0.92
    if line_conf >= 0.8:
        return 0.85
    if line_conf >= 0.6:
        return 0.7
    return 0.5
