"""Charts readable without colour: horizontal bars with a hatch pattern each, the number written
at every bar, and a dashed, labelled target line. SVG for the page (no inline style, so the strict
CSP holds), PNG drawn with Pillow for the Word and Excel report."""

import hashlib
import io
from functools import lru_cache
from pathlib import Path

from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .tables import SMALL, Chart

PATTERNS = ("diagonal", "dots", "cross", "horizontal")
HATCHES = ("///", "..", "xx", "--")
ROW, LABEL_WIDTH, BAR_WIDTH, PAD = 30, 170, 300, 8


def _scale(chart: Chart) -> float:
    values = [v for v in chart.values if isinstance(v, int)]
    top = max(values + ([chart.target] if chart.target else []) + ([100] if chart.unit == "%" else []) + [1])
    return BAR_WIDTH / top


def svg(chart: Chart, chart_id: str) -> str:
    """An accessible inline SVG; the table beside it carries the same numbers."""
    scale = _scale(chart)
    height = ROW * max(len(chart.labels), 1) + (ROW if chart.target is not None else PAD)
    width = LABEL_WIDTH + BAR_WIDTH + 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{chart_id}-title"><title id="{chart_id}-title">{escape(chart.title)}</title>',
        "<defs>",
        f'<pattern id="{chart_id}-diagonal" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#1f3a5f" stroke-width="3"/></pattern>',
        f'<pattern id="{chart_id}-dots" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" fill="#fff"/><circle cx="3" cy="3" r="1.8" fill="#1f3a5f"/></pattern>',
        f'<pattern id="{chart_id}-cross" width="8" height="8" patternUnits="userSpaceOnUse">'
        '<rect width="8" height="8" fill="#fff"/><path d="M0 0L8 8M8 0L0 8" stroke="#1f3a5f" stroke-width="1.5"/>'
        "</pattern>",
        f'<pattern id="{chart_id}-horizontal" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" fill="#fff"/><line x1="0" y1="3" x2="6" y2="3" stroke="#1f3a5f" stroke-width="2"/>'
        "</pattern>",
        "</defs>",
    ]
    for index, (label, value) in enumerate(zip(chart.labels, chart.values, strict=True)):
        y = index * ROW + PAD
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end" font-size="13">{escape(label)}</text>'
        )
        if not isinstance(value, int):  # a hidden cell: None is "<5", else the symbol shown
            text, bar = value or SMALL, 0
        else:
            text, bar = f"{value}{' %' if chart.unit == '%' else ''}", max(value * scale, 1 if value else 0)
        pattern = PATTERNS[index % len(PATTERNS)]
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{bar:.1f}" height="{ROW - 10}" '
            f'fill="url(#{chart_id}-{pattern})" stroke="#1f3a5f"/>'
        )
        parts.append(f'<text x="{LABEL_WIDTH + bar + 6:.1f}" y="{y + 15}" font-size="13">{escape(text)}</text>')
    if chart.target is not None:
        x = LABEL_WIDTH + chart.target * scale
        bottom = ROW * len(chart.labels) + PAD
        parts.append(
            f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{bottom}" stroke="#000" stroke-width="2" '
            'stroke-dasharray="6 4"/>'
        )
        label = f"{chart.target_label}: {chart.target}{' %' if chart.unit == '%' else ''}"
        parts.append(f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="middle" font-size="12">{escape(label)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


PNG_SECONDS = 24 * 3600


def png(chart: Chart) -> bytes:
    """The same chart as a PNG image for the .docx / .xlsx report. Kept by its content (a report has
    a dozen that rarely change between downloads); the key is a hash of everything drawn, so it never
    needs invalidating."""
    key = "chart-png:" + hashlib.sha256(repr(chart).encode()).hexdigest()
    image = cache.get(key)
    if image is None:
        image = _draw_png(chart)
        cache.set(key, image, PNG_SECONDS)
    return image


DPI = 120
FONT = Path(__file__).resolve().parent / "fonts" / "DejaVuSans.ttf"  # shipped: no system font needed


@lru_cache
def _font(points: int):
    from PIL import ImageFont

    return ImageFont.truetype(str(FONT), round(points * DPI / 72))


@lru_cache
def _hatch(kind: str, width: int, height: int):
    """A white tile of `width` × `height` pixels hatched like HATCHES[kind] (/, dots, x, -)."""
    from PIL import Image, ImageDraw

    tile = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(tile)
    step = 9
    for offset in range(-height, width + height, step):
        if kind in ("///", "xx"):
            draw.line([(offset, height), (offset + height, 0)], fill=0, width=1)
        if kind == "xx":
            draw.line([(offset, 0), (offset + height, height)], fill=0, width=1)
    if kind == "..":
        for x in range(3, width, 7):
            for y in range(3, height, 7):
                draw.ellipse([x - 1, y - 1, x + 1, y + 1], fill=0)
    if kind == "--":
        for y in range(3, height, 7):
            draw.line([(0, y), (width, y)], fill=0, width=1)
    return tile


def _nice_step(span: float) -> int:
    """A round tick step giving about five ticks over `span` (1, 2, 5 × a power of ten)."""
    rough = max(span / 5, 1)
    power = 10 ** (len(str(int(rough))) - 1)
    return next(power * factor for factor in (1, 2, 5, 10) if power * factor >= rough)


def _draw_png(chart: Chart) -> bytes:
    """Drawn with Pillow (matplotlib took a tenth of a second a chart, most of a cold download)."""
    from PIL import Image, ImageDraw

    count = max(len(chart.labels), 1)
    width, height = round(6.0 * DPI), round((0.45 * count + 1.15) * DPI)
    small, title_font = _font(9), _font(11)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    values = [v if isinstance(v, int) else 0 for v in chart.values]
    top = max(values + ([chart.target] if chart.target else []) + ([100] if chart.unit == "%" else []) + [1])
    left = 16 + max((draw.textlength(label, font=small) for label in chart.labels), default=0)
    right, upper, lower = width - 24, 0.6 * DPI, height - 0.45 * DPI
    scale = (right - left) / (top * 1.18)
    row = (lower - upper) / count
    draw.text(((left + right) / 2, 0.22 * DPI), chart.title, font=title_font, fill=0, anchor="mm")
    for index, label in enumerate(chart.labels):
        middle = upper + row * (index + 0.5)
        draw.text((left - 8, middle), label, font=small, fill=0, anchor="rm")
        draw.line([(left - 4, middle), (left, middle)], fill=0)
        value = chart.values[index] if index < len(chart.values) else None
        hidden = not isinstance(value, int)
        bar_end = left + (0 if hidden else value) * scale
        box = [round(left), round(middle - row * 0.4), round(bar_end), round(middle + row * 0.4)]
        if box[2] > box[0]:
            image.paste(_hatch(HATCHES[index % len(HATCHES)], box[2] - box[0], box[3] - box[1]), box[:2])
        draw.rectangle(box, outline=0, width=2)
        text = (value or SMALL) if hidden else f"{value}{' %' if chart.unit == '%' else ''}"
        draw.text((bar_end + top * 0.01 * scale + 4, middle), str(text), font=small, fill=0, anchor="lm")
    draw.line([(left, upper), (left, lower)], fill=0, width=1)
    draw.line([(left, lower), (right, lower)], fill=0, width=1)
    step = _nice_step(top * 1.18)
    for tick in range(0, int(top * 1.18) + 1, step):
        x = left + tick * scale
        draw.line([(x, lower), (x, lower + 5)], fill=0)
        draw.text((x, lower + 7), str(tick), font=small, fill=0, anchor="mt")
    if chart.target is not None:
        x = round(left + chart.target * scale)
        for y in range(round(upper), round(lower), 12):
            draw.line([(x, y), (x, min(y + 7, lower))], fill=0, width=2)
        # Above the bars, where no bar or number can cover it.
        draw.text((x + 4, upper - 2), f"{chart.target_label}: {chart.target}", font=small, fill=0, anchor="ld")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(DPI, DPI))
    return buffer.getvalue()
