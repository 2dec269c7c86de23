"""Server-rendered bar charts for the results (no scripts): geometry only, drawn by the
template `evaluation/surveys/includes/bar_chart.html`, with the numbers in a table beside.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .selectors import Figure

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 0  # labels are in the table beside the chart, and as each bar's title
WIDTH = 300


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str
    y: int
    width: float

    @property
    def text_x(self) -> float:
        return self.width + 4

    @property
    def text_y(self) -> int:
        return self.y + 16


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[Bar]
    height: int
    width: int = WIDTH


def bar_chart(title: str, figures: Sequence[Figure], *, by: str = "score") -> Chart:
    """Bars for each figure's score (out of 100) or count (against the largest)."""
    values = [(fig.score if by == "score" else float(fig.count)) or 0.0 for fig in figures]
    top = 100.0 if by == "score" else max(values + [1.0])
    bars = []
    for index, (fig, value) in enumerate(zip(figures, values, strict=True)):
        text = f"{value:.0f}" if by == "score" and fig.score is not None else str(fig.count)
        if by == "score" and fig.score is None:
            text = "no answers"
        bars.append(
            Bar(
                label=fig.label,
                value=value,
                text=text,
                y=index * (BAR_HEIGHT + GAP),
                width=round(WIDTH * 0.8 * value / top, 1),
            )
        )
    return Chart(title=title, bars=bars, height=max(len(bars) * (BAR_HEIGHT + GAP), BAR_HEIGHT))
