"""A map of Denmark as server-side SVG: one point per municipality, sized by its gap.

Pure (plain numbers and strings in, an SVG string out). Readable without colour: a municipality
with a gap is a hatched circle with its rank in the table beside it; one without a gap is a small
open circle; every point has a <title> for screen readers and tooltips.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

# Denmark, Bornholm included (degrees); longitude is scaled by cos(56°) so the shape is right.
WEST, EAST, SOUTH, NORTH = 7.9, 15.3, 54.5, 57.8
WIDTH = 400
SCALE = WIDTH / ((EAST - WEST) * math.cos(math.radians(56)))
HEIGHT = round((NORTH - SOUTH) * SCALE)
MAX_RADIUS = 18.0
UNIT_RADIUS = 4.0  # a gap of one; the area grows with the gap (radius × √gap) up to MAX_RADIUS


@dataclass(frozen=True, slots=True)
class Point:
    name: str
    lat: float
    lon: float
    gap: int
    rank: int | None  # the row number in the table (None: not ranked, no gap)
    title: str  # e.g. "Aarhus: 12 venter, 4 pladser, mangler 8"


def project(lat: float, lon: float) -> tuple[float, float]:
    x = (lon - WEST) * math.cos(math.radians(56)) * SCALE
    y = (NORTH - lat) * SCALE
    return round(x, 1), round(y, 1)


def radius(gap: int) -> float:
    """Area proportional to the gap (the same scale on every page), capped at MAX_RADIUS."""
    if gap <= 0:
        return 2.5
    return round(min(MAX_RADIUS, UNIT_RADIUS * math.sqrt(gap)), 1)


def map_svg(points: Sequence[Point], *, label: str, outline: Sequence[tuple[float, float]] = ()) -> str:
    """`outline`: (lat, lon) of every municipality, drawn as faint dots so the country's shape shows."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(label)}" class="gap-map">',
        '<defs><pattern id="hatch" width="4" height="4" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="4" stroke="currentColor" '
        'stroke-width="1.5"/></pattern></defs>',
    ]
    parts.append('<g fill="currentColor" opacity="0.3" aria-hidden="true">')
    for lat, lon in outline:
        x, y = project(lat, lon)
        parts.append(f'<circle cx="{x}" cy="{y}" r="1.2"/>')
    parts.append("</g>")
    # The largest first, so small circles stay on top and visible.
    for p in sorted(points, key=lambda p: -p.gap):
        x, y = project(p.lat, p.lon)
        r = radius(p.gap)
        fill = 'fill="url(#hatch)"' if p.gap > 0 else 'fill="none"'
        parts.append(
            f"<g><title>{escape(p.title)}</title>"
            f'<circle cx="{x}" cy="{y}" r="{r}" {fill} stroke="currentColor" stroke-width="1"/>'
        )
        if p.rank is not None and p.gap > 0:
            parts.append(
                f'<text x="{round(x + r + 1, 1)}" y="{round(y + 4, 1)}" font-size="11" '
                f'fill="currentColor">{p.rank}</text>'
            )
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)
