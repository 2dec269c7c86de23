"""The supervision standard as pure functions (no database, no clock): policy §6.4.

LGA Standards for Employers of Social Workers in England (shared/reference/timescales.md):
newly qualified social workers (ASYE) have supervision at least weekly for the first 6 weeks
from their start date, at least fortnightly to 6 months, then at least monthly; everyone
else at least monthly. Sessions last at least 1.5 hours.

The standard is data the organisation can change (`models.SupervisionStandard`, seeded with
the LGA figures): its rows arrive here as `Step`s; `LGA_STANDARD` is the same table as plain
values, used when no rows are given. An ASYE without a start date cannot be placed in a step:
the strictest of their steps applies, and `start_date_missing` says so, so that their manager
and the workforce team are told rather than the monthly standard applying silently.

Boundaries: the first 6 weeks are the 42 days from the start date, so day 42 (start + 6
weeks) is already fortnightly; "to 6 months" ends the day before start + 6 calendar months,
so that day is already monthly. An agreement may set a more frequent rhythm than the
standard, never a less frequent one: the more frequent of the two applies.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from .compliance import add_months

MINIMUM_MINUTES = 90
ASYE_ROLE = "asye"


class Frequency(StrEnum):
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"


# Most frequent first, so the stricter of two is the one with the lower rank.
_RANK = {Frequency.WEEKLY: 0, Frequency.FORTNIGHTLY: 1, Frequency.MONTHLY: 2}

ASYE = "asye"
EVERYONE = "everyone"
WEEKS = "weeks"
MONTHS = "months"


@dataclass(frozen=True)
class Step:
    """One step of the standard: for `applies_to` (ASYE or everyone else), at least
    `frequency`, until `until_amount` `until_unit` after the start date (None: from then on)."""

    applies_to: str
    frequency: Frequency
    until_amount: int | None = None
    until_unit: str = ""

    def ends_on(self, start_date: datetime.date) -> datetime.date | None:
        """The first day this step no longer applies, or None for the open step."""
        if self.until_amount is None:
            return None
        if self.until_unit == WEEKS:
            return start_date + datetime.timedelta(weeks=self.until_amount)
        return add_months(start_date, self.until_amount)


LGA_STANDARD = (
    Step(ASYE, Frequency.WEEKLY, 6, WEEKS),
    Step(ASYE, Frequency.FORTNIGHTLY, 6, MONTHS),
    Step(ASYE, Frequency.MONTHLY),
    Step(EVERYONE, Frequency.MONTHLY),
)


def group_of(role: str) -> str:
    """Which part of the standard applies to someone in this role."""
    return ASYE if role == ASYE_ROLE else EVERYONE


def start_date_missing(*, role: str, start_date: datetime.date | None) -> bool:
    """An ASYE without a start date: their standard depends on it, so it must be recorded."""
    return role == ASYE_ROLE and start_date is None


def standard_on(
    *,
    role: str,
    start_date: datetime.date | None,
    on: datetime.date,
    steps: Sequence[Step] = LGA_STANDARD,
) -> Frequency:
    """The least frequent supervision the standard allows for this person on day `on`.

    The first step (in order of its end) that has not ended on `on` applies; then the open
    step. Without a start date no step can be placed, so the strictest of the group's steps
    applies (for an ASYE: weekly, with the LGA figures). A group with no steps falls back to
    the LGA figures.
    """
    group = group_of(role)
    mine = [step for step in steps if step.applies_to == group] or [
        step for step in LGA_STANDARD if step.applies_to == group
    ]
    if start_date is None:
        bounded = [step for step in mine if step.until_amount is not None]
        if role == ASYE_ROLE and bounded:
            return min((step.frequency for step in mine), key=lambda f: _RANK[Frequency(f)])
        mine = [step for step in mine if step.until_amount is None] or mine
        return Frequency(mine[-1].frequency)
    ends = sorted(
        ((step.ends_on(start_date), step) for step in mine if step.until_amount is not None),
        key=lambda pair: pair[0] or datetime.date.max,
    )
    for ends_on, step in ends:
        if ends_on is not None and on < ends_on:
            return Frequency(step.frequency)
    open_steps = [step for step in mine if step.until_amount is None]
    return Frequency(open_steps[0].frequency if open_steps else Frequency.MONTHLY)


def stricter(first: Frequency | str, second: Frequency | str) -> Frequency:
    """The more frequent of two frequencies."""
    a, b = Frequency(first), Frequency(second)
    return a if _RANK[a] <= _RANK[b] else b


def add_interval(day: datetime.date, frequency: Frequency | str) -> datetime.date:
    """`day` plus one interval: 7 days, 14 days or one calendar month."""
    frequency = Frequency(frequency)
    if frequency is Frequency.WEEKLY:
        return day + datetime.timedelta(days=7)
    if frequency is Frequency.FORTNIGHTLY:
        return day + datetime.timedelta(days=14)
    return add_months(day, 1)


def next_due_on(
    *,
    last_held_on: datetime.date | None,
    agreement_started_on: datetime.date,
    agreed: Frequency | str,
    role: str,
    start_date: datetime.date | None,
    steps: Sequence[Step] = LGA_STANDARD,
) -> datetime.date:
    """The day the next supervision is due: one interval after the last session.

    The interval is the stricter of the agreed frequency and the standard as it stood on the
    day of the last session (or the day the agreement started, before any session). So an
    ASYE supervised on day 41 is next due on day 48; supervised on day 42, on day 56.
    """
    since = last_held_on or agreement_started_on
    applies = stricter(agreed, standard_on(role=role, start_date=start_date, on=since, steps=steps))
    return add_interval(since, applies)


def is_overdue(*, due_on: datetime.date, today: datetime.date) -> bool:
    """Overdue from the day after it was due (due on the day itself is not yet late)."""
    return today > due_on


def is_short(duration_minutes: int) -> bool:
    """A session shorter than the standard's 1.5 hours: allowed, but flagged."""
    return duration_minutes < MINIMUM_MINUTES
