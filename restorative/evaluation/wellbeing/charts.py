"""Server-rendered bar charts: the geometry of an SVG, computed here, drawn by a template.

No script draws anything (DESIGN.md: charts are SVG with the numbers in a table beside
them), so the page reads the same without JavaScript and to a screen reader, which is
given the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

ROW_HEIGHT = 28
LABEL_WIDTH = 220
BAR_AREA = 300
VALUE_GAP = 8


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    y: int
    width: float
    text: str


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    height: int
    width: int
    label_width: int
    scale_max: float


def bar_chart(
    values: Sequence[tuple[str, float | None]], *, scale_max: float, unit: str = ""
) -> BarChart:
    """Horizontal bars, one per (label, value); a value of None draws no bar and says so."""
    bars = []
    for index, (label, value) in enumerate(values):
        width = 0.0 if value is None else round(BAR_AREA * min(value, scale_max) / scale_max, 1)
        text = "hidden" if value is None else f"{value:g}{unit}"
        bars.append(Bar(label, value, index * ROW_HEIGHT, width, text))
    return BarChart(
        bars=bars,
        height=max(ROW_HEIGHT * len(bars), ROW_HEIGHT),
        width=LABEL_WIDTH + BAR_AREA + 80,
        label_width=LABEL_WIDTH,
        scale_max=scale_max,
    )
