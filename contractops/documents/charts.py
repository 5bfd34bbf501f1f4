"""Charts for the documents, as PNG images (Pillow, already installed with Streamlit): a PNG is
what every mail client shows inline (cid images) and what a browser shows beside the HTML file.
Plain bar charts of figures the marts computed; nothing is computed here but pixel positions."""

from __future__ import annotations

import io
from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 720, 300
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 70, 20, 44, 56
COLOURS = ("#1f6fb2", "#e07b28", "#3a9d5d", "#c0392b")
INK, GRID, MUTED = "#222222", "#dddddd", "#666666"


def _font(size: int) -> ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _short(value: float) -> str:
    magnitude = abs(value)
    if magnitude >= 1e6:
        return f"{value / 1e6:.1f}M"
    if magnitude >= 1e3:
        return f"{value / 1e3:.0f}k"
    return f"{value:.0f}" if float(value).is_integer() or magnitude >= 10 else f"{value:.1f}"


def bar_chart(title: str, labels: Sequence[str], series: dict[str, Sequence[float | None]]) -> bytes:
    """Grouped bars: one group per label, one bar per series (legend when more than one).
    None values draw no bar. Returns PNG bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    draw.text((MARGIN_LEFT, 12), title, fill=INK, font=_font(16))
    values = [float(v) for values in series.values() for v in values if v is not None]
    top = max([0.0] + values) or 1.0
    bottom = min([0.0] + values)
    span = top - bottom
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

    def y(value: float) -> float:
        return MARGIN_TOP + (top - value) / span * plot_h

    small = _font(11)
    for step in range(5):
        tick = bottom + span * step / 4
        draw.line([(MARGIN_LEFT, y(tick)), (WIDTH - MARGIN_RIGHT, y(tick))], fill=GRID)
        draw.text((8, y(tick) - 7), _short(tick), fill=MUTED, font=small)
    draw.line([(MARGIN_LEFT, y(0)), (WIDTH - MARGIN_RIGHT, y(0))], fill=INK)
    groups = max(len(labels), 1)
    group_w = plot_w / groups
    bar_w = group_w * 0.8 / max(len(series), 1)
    for g, label in enumerate(labels):
        x0 = MARGIN_LEFT + g * group_w + group_w * 0.1
        for s, values in enumerate(series.values()):
            value = values[g]
            if value is None:
                continue
            left = x0 + s * bar_w
            draw.rectangle([left, min(y(0), y(float(value))), left + bar_w - 2, max(y(0), y(float(value)))],
                           fill=COLOURS[s % len(COLOURS)])
        draw.text((MARGIN_LEFT + g * group_w + group_w / 2, HEIGHT - MARGIN_BOTTOM + 8), str(label),
                  fill=INK, font=small, anchor="ma")
    if len(series) > 1:
        x = MARGIN_LEFT
        for s, name in enumerate(series):
            draw.rectangle([x, HEIGHT - 22, x + 10, HEIGHT - 12], fill=COLOURS[s % len(COLOURS)])
            draw.text((x + 14, HEIGHT - 24), name, fill=INK, font=small)
            x += 24 + int(draw.textlength(name, font=small))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
