"""Bar charts as geometry for inline SVG (no script, no inline style: safe under the strict CSP).

Every chart is drawn beside a table of the same numbers (the accessible and printable form).
"""

from dataclasses import dataclass

WIDTH = 320
HEIGHT = 96
GAP = 2


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    maximum: str


def _text(value) -> str:
    if value is None:
        return "–"
    return f"{value:g}" if isinstance(value, float) else str(value)


def bar_chart(points) -> Chart:
    """points: objects with .bucket.label and .value (None for unknown)."""
    values = [p.value or 0 for p in points]
    peak = max(values, default=0) or 1
    slot = WIDTH / max(len(points), 1)
    bars = []
    for index, point in enumerate(points):
        height = round((point.value or 0) / peak * (HEIGHT - 4), 1)
        bars.append(Bar(round(index * slot + GAP / 2, 1), round(HEIGHT - height, 1), round(slot - GAP, 1), height,
                        point.bucket.label, _text(point.value)))
    return Chart(WIDTH, HEIGHT, bars, _text(max(values, default=0)))
