"""Outcome measures (§8), as pure rules: no database, no clock (today is passed in).

- Conflict reduction: for a family whose first restorative circle or family group
  conference was held on day D, the conflict-triggered meetings in the 6 months before D
  against the 6 months after. A family counts only once its 6 months after have passed, so
  a recent circle never reads as "no conflict since".
- Sustainability: a plan "holds at N months" when its first review on or after N months
  from its start said it was holding. Every plan started at least N months ago is in the
  denominator, reviewed or not: a plan nobody reviewed is not known to hold.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

WINDOW_MONTHS = 6
HOLDING_MARKS = (3, 6, 12)
# Fewer than this many families or plans: shown, but flagged as too few to read.
SMALL_NUMBER = 10


@dataclass(frozen=True)
class ConflictFigures:
    families: int
    before: int
    after: int
    waiting: int  # families whose 6 months after have not yet passed

    @property
    def small(self) -> bool:
        return self.families < SMALL_NUMBER

    @property
    def change_percent(self) -> int | None:
        """The change from before to after, in per cent (negative: fewer after)."""
        if not self.before:
            return None
        return round(100 * (self.after - self.before) / self.before)


def conflict_reduction(
    first_intervention: Mapping[int, datetime.date],
    conflicts: Mapping[int, Iterable[datetime.date]],
    *,
    today: datetime.date,
    months: int = WINDOW_MONTHS,
) -> ConflictFigures:
    """Sum, over families with a complete window, conflict meetings in [D - 6m, D) and
    (D, D + 6m]. A meeting on the day of the circle itself is in neither."""
    families = before = after = waiting = 0
    for family, day in first_intervention.items():
        end = day + relativedelta(months=months)
        if end > today:
            waiting += 1
            continue
        start = day - relativedelta(months=months)
        families += 1
        for when in conflicts.get(family, ()):
            if start <= when < day:
                before += 1
            elif day < when <= end:
                after += 1
    return ConflictFigures(families, before, after, waiting)


def holds_at(
    started_on: datetime.date,
    reviews: Iterable[tuple[datetime.date, str]],
    *,
    months: int,
    today: datetime.date,
) -> bool | None:
    """None when the plan is not yet `months` old; else whether its first review on or after
    the mark said it was holding ("yes")."""
    mark = started_on + relativedelta(months=months)
    if mark > today:
        return None
    after_mark = sorted(r for r in reviews if r[0] >= mark)
    return bool(after_mark) and after_mark[0][1] == "yes"


@dataclass(frozen=True)
class Holding:
    months: int
    plans: int
    holding: int
    reviewed: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.holding / self.plans) if self.plans else None

    @property
    def small(self) -> bool:
        return self.plans < SMALL_NUMBER


def sustainability(
    plans: Mapping[int, datetime.date],
    reviews: Mapping[int, list[tuple[datetime.date, str]]],
    *,
    today: datetime.date,
) -> list[Holding]:
    """For each mark (3, 6, 12 months), how many plans are old enough, how many had a review
    after the mark, and how many were holding at it."""
    out = []
    for months in HOLDING_MARKS:
        plans_n = holding = reviewed = 0
        for plan, started in plans.items():
            result = holds_at(started, reviews.get(plan, []), months=months, today=today)
            if result is None:
                continue
            plans_n += 1
            mark = started + relativedelta(months=months)
            reviewed += any(day >= mark for day, _ in reviews.get(plan, []))
            holding += result
        out.append(Holding(months, plans_n, holding, reviewed))
    return out
