"""The star as a radar chart: geometry for a server-side SVG (pure, no Django).

Readable without colour: the first reading is a dashed outline, the latest a solid one, and every
point carries its number; the table beside the chart holds the same figures.
"""

import math
from dataclasses import dataclass

SIZE = 320
CENTRE = SIZE / 2
RADIUS = 110
MAX = 10


@dataclass(frozen=True)
class Spoke:
    lines: tuple[str, ...]
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str


def _point(index: int, count: int, value: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    distance = RADIUS * value / MAX
    return round(CENTRE + distance * math.cos(angle), 1), round(CENTRE + distance * math.sin(angle), 1)


def wrap(label: str, width: int = 16) -> tuple[str, ...]:
    """A long label on two lines, broken at the space nearest the middle."""
    if len(label) <= width or " " not in label:
        return (label,)
    spaces = [i for i, char in enumerate(label) if char == " "]
    cut = min(spaces, key=lambda i: abs(i - len(label) / 2))
    return label[:cut], label[cut + 1 :]


def spokes(labels: list[str]) -> list[Spoke]:
    result = []
    for index, label in enumerate(labels):
        x, y = _point(index, len(labels), MAX)
        label_x, label_y = _point(index, len(labels), MAX * 1.12)
        anchor = "middle" if abs(label_x - CENTRE) < 5 else ("start" if label_x > CENTRE else "end")
        lines = wrap(label)
        # Two lines: the first sits half a line higher so the pair is centred on the spoke's end.
        result.append(Spoke(lines, x, y, label_x, round(label_y - 7 * (len(lines) - 1), 1), anchor))
    return result


def rings(steps: tuple[int, ...] = (2, 4, 6, 8, 10), count: int = 8) -> list[str]:
    """Polygon point lists for the grid rings."""
    return [" ".join(f"{x},{y}" for x, y in (_point(i, count, step) for i in range(count))) for step in steps]


def outline(values: list[int | None]) -> tuple[str, list[dict]]:
    """Polygon points for a reading (a skipped area sits at the centre) and its labelled dots."""
    count = len(values)
    points, dots = [], []
    for index, value in enumerate(values):
        x, y = _point(index, count, value or 0)
        points.append(f"{x},{y}")
        if value is not None:
            dots.append({"x": x, "y": y, "value": value})
    return " ".join(points), dots
