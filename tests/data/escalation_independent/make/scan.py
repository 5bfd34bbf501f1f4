"""Image-only 'scanned' copies (no text layer) of the PDFs listed in contracts.SCANS.

Each page: pypdfium2 render at 150 dpi, greyscale -> rotation of 0.4-1.3 degrees (seeded sign) ->
a faint shadow along one edge -> greyish paper, lower contrast -> Gaussian noise -> slight blur ->
JPEG round trip (quality 55) -> a multi-page PDF written by Pillow (DCT images only, no fonts).
Deterministic: fixed seeds, and the PDF's creation date is pinned.
"""
import datetime as dt
import io
import os
import random
import time
import sys

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from contracts import SCANS  # noqa: E402

DPI = 150


def degrade(img, rng, nrng):
    img = img.convert("L")
    angle = rng.uniform(0.4, 1.3) * rng.choice([-1, 1])
    img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    a = np.asarray(img).astype(np.float32)
    h, w = a.shape
    band = int(w * rng.uniform(0.02, 0.04))
    ramp = np.linspace(rng.uniform(50, 90), 0, band)
    if rng.random() < 0.5:
        a[:, :band] -= ramp
    else:
        a[:, w - band:] -= ramp[::-1]
    a = 0.9 * a + 10
    a += nrng.normal(0, 7.0, a.shape)
    out = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L").filter(ImageFilter.GaussianBlur(0.5))
    buf = io.BytesIO()
    out.save(buf, "JPEG", quality=55)
    buf.seek(0)
    return Image.open(buf).convert("L"), angle


def main():
    os.makedirs(os.path.join(ROOT, "scanned"), exist_ok=True)
    for i, stem in enumerate(SCANS):
        rng = random.Random(7700 + i)
        nrng = np.random.default_rng(7700 + i)
        pdf = pdfium.PdfDocument(os.path.join(ROOT, "pdf", stem + ".pdf"))
        pages, angles = [], []
        for k in range(len(pdf)):
            img = pdf[k].render(scale=DPI / 72, grayscale=True).to_pil()
            p, ang = degrade(img, rng, nrng)
            pages.append(p)
            angles.append(round(ang, 2))
        out = os.path.join(ROOT, "scanned", stem + "-scan.pdf")
        fixed = time.gmtime(dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc).timestamp())
        pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=DPI, quality=55,
                      creationDate=fixed, modDate=fixed, producer="escalation_independent scan.py")
        print(stem, len(pages), "pages, rotation (deg):", angles, os.path.getsize(out), "bytes")


if __name__ == "__main__":
    main()
