"""Server-rendered SVG bars for a measure's 12-month trend (no script; the numbers are in a
table beside each chart). Pure: values in, shapes out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

WIDTH = 240
HEIGHT = 48
GAP = 2


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    empty: bool


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    target_y: float | None


def bars(
    values: Sequence[Decimal | None],
    *,
    ceiling: Decimal | None = None,
    target: Decimal | None = None,
) -> Chart:
    """One bar per value, scaled to `ceiling` (100 for percentages; the largest value or the
    target for counts). A month with no value is a short grey stub, not a zero."""
    known = [v for v in values if v is not None]
    top = ceiling or max([*known, target or Decimal(0), Decimal(1)])
    slot = WIDTH / max(len(values), 1)
    out = []
    for index, value in enumerate(values):
        if value is None:
            out.append(Bar(index * slot, HEIGHT - 2, slot - GAP, 2, True))
            continue
        height = max(float(value / top) * HEIGHT, 1.0) if value else 1.0
        out.append(Bar(index * slot, HEIGHT - height, slot - GAP, height, False))
    target_y = None
    if target is not None and top:
        target_y = HEIGHT - float(min(target, top) / top) * HEIGHT
    return Chart(WIDTH, HEIGHT, out, target_y)
