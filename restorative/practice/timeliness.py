"""Were statutory meetings held on time? Pure functions: no database, no clock (`today` is
passed in), so every boundary can be tested (issue 10, point 4).

Which meetings count: every meeting with a due date, that is one a timescale rule made due
(a statutory meeting: conference, review, core group, panel...). A period is read by the due
date: "meetings due between 1 April and 30 June" is the question a manager asks.

The outcomes, for one meeting on `today`:
- on time: held on or before its due date;
- late: held after its due date, by N working days, where N is the smallest number with
  `held_on <= add_working_days(due_date, N)`. A meeting due on Thursday 24 December 2026 and
  held on Tuesday 29 December is late by 1 working day (Christmas, the weekend and the
  observed Boxing Day are not working days); one held on the Saturday after a Friday due
  date is late by 1 as well: it missed the date, and the next working day is the first;
- not held: still open (to be arranged or arranged) and past its due date, overdue by N
  working days counted the same way up to today;
- not yet due: still open, due today or later;
- cancelled: called off with a reason recorded (a chain that ended); not counted against
  the team, but shown.

On time or late is a comparison of dates, so the database counts them (`selectors`) exactly
as `classify` decides one meeting; only the number of working days needs the calendar.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum

from restorative.core.working_days import is_working_day, working_days_between


class Outcome(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    NOT_HELD = "not_held"
    NOT_YET_DUE = "not_yet_due"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self]


OUTCOME_LABELS = {
    Outcome.ON_TIME: "Held on time",
    Outcome.LATE: "Held late",
    Outcome.NOT_HELD: "Not held, overdue",
    Outcome.NOT_YET_DUE: "Not yet due",
    Outcome.CANCELLED: "Cancelled",
}
# The outcomes a percentage is taken over: meetings whose time has come.
COUNTED = (Outcome.ON_TIME, Outcome.LATE, Outcome.NOT_HELD)


@dataclass(frozen=True)
class Timeliness:
    outcome: Outcome
    working_days_late: int = 0


def working_days_after(due: datetime.date, day: datetime.date, nation: str = "ENG") -> int:
    """How many working days after `due` the day `day` falls: 0 on or before `due`, else the
    smallest N with `day <= add_working_days(due, N)` (a weekend or bank holiday counts as
    the working day that follows it)."""
    if day <= due:
        return 0
    days = working_days_between(due, day, nation)
    return days if is_working_day(day, nation) else days + 1


def classify(
    *,
    status: str,
    due_date: datetime.date,
    held_on: datetime.date | None,
    today: datetime.date,
    nation: str = "ENG",
) -> Timeliness:
    """The outcome of one meeting with a due date, on `today`. `status` is the meeting's
    (to_arrange, scheduled, held, cancelled)."""
    if status == "cancelled":
        return Timeliness(Outcome.CANCELLED)
    if status == "held" and held_on is not None:
        late = working_days_after(due_date, held_on, nation)
        return Timeliness(Outcome.LATE if late else Outcome.ON_TIME, late)
    if due_date < today:
        return Timeliness(Outcome.NOT_HELD, working_days_after(due_date, today, nation))
    return Timeliness(Outcome.NOT_YET_DUE)


def percent(part: int, whole: int) -> int | None:
    """A whole-number percentage, or None when there is nothing to take it of."""
    return round(100 * part / whole) if whole else None
