"""Make image-only 'scanned' PDFs from selected text PDFs (no text layer), plus blank-scan.pdf.

pdftoppm (200 dpi, grayscale) -> slight rotation (0.3-1.5 deg, random sign) -> faint margin shadow ->
Gaussian noise + mild blur -> JPEG round-trip (quality ~60) -> multi-page PDF via Pillow.
"""
import glob
import io
import os
import random
import subprocess
import sys
import tempfile

import numpy as np
from PIL import Image, ImageFilter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from build import SCANS  # noqa: E402

DPI = 200


def degrade(img, rng):
    img = img.convert("L")
    ang = rng.uniform(0.3, 1.5) * rng.choice([-1, 1])
    img = img.rotate(ang, resample=Image.BICUBIC, expand=False, fillcolor=255)
    a = np.asarray(img).astype(np.float32)
    h, w = a.shape
    # faint skewed shadow along one edge
    side = rng.choice(["left", "right"])
    width = int(w * rng.uniform(0.02, 0.05))
    ramp = np.linspace(rng.uniform(60, 110), 0, width)
    skew = np.linspace(0, rng.uniform(-0.01, 0.01) * w, h).astype(int)
    for y in range(0, h):
        x0 = max(0, skew[y])
        if side == "left":
            a[y, x0:x0 + width] -= ramp[: max(0, min(width, w - x0))]
        else:
            seg = a[y, w - width - x0: w - x0] if x0 else a[y, w - width:]
            seg -= ramp[::-1][: seg.shape[0]]
    a = 0.92 * a + 8  # slightly grey paper, lower contrast
    a += np.random.default_rng(rng.randint(0, 1 << 30)).normal(0, rng.uniform(6, 11), a.shape)
    img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 0.8)))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=rng.randint(50, 65))
    buf.seek(0)
    return Image.open(buf).convert("L")


def save_pdf(pages, out):
    # Pillow encodes L-mode pages as DCT (JPEG) streams: an image-only PDF with no text layer
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=DPI, quality=60)


def main():
    os.makedirs(os.path.join(ROOT, "scanned"), exist_ok=True)
    for i, stem in enumerate(SCANS):
        rng = random.Random(1000 + i)
        tmp = tempfile.mkdtemp()
        subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", os.path.join(ROOT, "pdf", stem + ".pdf"), os.path.join(tmp, "p")], check=True)
        pages = [degrade(Image.open(p), rng) for p in sorted(glob.glob(os.path.join(tmp, "p-*.png")))]
        save_pdf(pages, os.path.join(ROOT, "scanned", stem + "-scan.pdf"))
        print(stem, len(pages))
    rng = random.Random(4242)
    blank = Image.new("L", (int(8.27 * DPI), int(11.69 * DPI)), 255)
    save_pdf([degrade(blank, rng)], os.path.join(ROOT, "scanned", "blank-scan.pdf"))


if __name__ == "__main__":
    main()
