"""Charts readable without colour: horizontal bars with a hatch pattern each, the number written
at every bar, and a dashed, labelled target line. SVG for the page (no inline style, so the strict
CSP holds), PNG via matplotlib (Agg) for the Word and Excel report."""

import hashlib
import io

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
    """The same chart as a PNG image for the .docx / .xlsx report. Kept by its content (drawing one
    takes about a tenth of a second, and a report has a dozen that rarely change between downloads);
    the key is a hash of everything drawn, so it never needs invalidating."""
    key = "chart-png:" + hashlib.sha256(repr(chart).encode()).hexdigest()
    image = cache.get(key)
    if image is None:
        image = _draw_png(chart)
        cache.set(key, image, PNG_SECONDS)
    return image


def _draw_png(chart: Chart) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    count = max(len(chart.labels), 1)
    figure = Figure(figsize=(6.0, 0.45 * count + 1.0), dpi=120)
    axes = figure.add_subplot()
    values = [v if isinstance(v, int) else 0 for v in chart.values]
    positions = list(range(count))[: len(values)]
    bars = axes.barh(positions, values, color="white", edgecolor="black")
    for index, bar in enumerate(bars):
        bar.set_hatch(HATCHES[index % len(HATCHES)])
    top = max(values + ([chart.target] if chart.target else []) + ([100] if chart.unit == "%" else []) + [1])
    for position, value in zip(positions, chart.values, strict=False):
        hidden = not isinstance(value, int)
        text = (value or SMALL) if hidden else f"{value}{' %' if chart.unit == '%' else ''}"
        axes.text((0 if hidden else value) + top * 0.01, position, text, va="center", fontsize=9)
    if chart.target is not None:
        axes.axvline(chart.target, color="black", linestyle="--", linewidth=1.5)
        axes.text(chart.target, count - 0.4, f" {chart.target_label}: {chart.target}", fontsize=9, va="bottom")
    axes.set_yticks(positions, chart.labels, fontsize=9)
    axes.invert_yaxis()
    axes.set_xlim(0, top * 1.18)
    axes.set_title(chart.title, fontsize=11)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
