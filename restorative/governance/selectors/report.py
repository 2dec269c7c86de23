"""The quarterly board report (issue 13 item 7): the organisation's measures with targets and
trends, barriers and the policy review status, the same figures for the page, PDF and XLSX."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..periods import quarter_of
from . import barriers as barrier_selectors
from . import outcomes as outcome_selectors
from . import picture as picture_selectors
from . import policies as policy_selectors


@dataclass(frozen=True)
class QuarterFigure:
    row: picture_selectors.MeasureRow
    numerator: Decimal
    denominator: Decimal
    value: Decimal | None
    small: bool


@dataclass(frozen=True)
class BoardReport:
    today: datetime.date
    quarter_start: datetime.date
    quarter_end: datetime.date
    measures: list[QuarterFigure]
    barriers: barrier_selectors.BarrierCounts
    policies: list[policy_selectors.PolicyRow]
    outcomes: outcome_selectors.Outcomes

    @property
    def title(self) -> str:
        q = (self.quarter_start.month - 1) // 3 + 1
        return f"Restorative practice: board report, quarter {q} {self.quarter_start.year}"


def board_report(user: Any, *, today: datetime.date) -> BoardReport:
    """The organisation's figures for the quarter holding `today` (the director and QA;
    anyone else 404 through `organisation_place`)."""
    place = picture_selectors.organisation_place(user)
    rows = picture_selectors.picture(place, today=today)
    start, end = quarter_of(today)
    figures = []
    for row in rows:
        months = [p for p in row.trend if start <= p.month <= end]
        n = sum((p.numerator for p in months), Decimal(0))
        d = sum((p.denominator for p in months), Decimal(0))
        if row.measure.kind == "count":
            d = Decimal(len(months))
        value = row.measure.value(n, d)
        figures.append(QuarterFigure(row, n, d, value, row.measure.small(d)))
    return BoardReport(
        today=today,
        quarter_start=start,
        quarter_end=end,
        measures=figures,
        barriers=barrier_selectors.barrier_counts(user, place, today=today),
        policies=policy_selectors.policy_rows_all(today=today),
        outcomes=outcome_selectors.outcomes_for(place, today=today),
    )
