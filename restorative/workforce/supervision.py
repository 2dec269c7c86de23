"""The supervision standard as pure functions (no database, no clock): policy §6.4.

LGA Standards for Employers of Social Workers in England (shared/reference/timescales.md):
newly qualified social workers (ASYE) have supervision at least weekly for the first 6 weeks
from their start date, at least fortnightly to 6 months, then at least monthly; everyone
else at least monthly. Sessions last at least 1.5 hours.

Boundaries: the first 6 weeks are the 42 days from the start date, so day 42 (start + 6
weeks) is already fortnightly; "to 6 months" ends the day before start + 6 calendar months,
so that day is already monthly. An agreement may set a more frequent rhythm than the
standard, never a less frequent one: the more frequent of the two applies.
"""

from __future__ import annotations

import datetime
from enum import StrEnum

from .compliance import add_months

MINIMUM_MINUTES = 90
ASYE_WEEKLY_FOR = datetime.timedelta(weeks=6)
ASYE_FORTNIGHTLY_MONTHS = 6
ASYE_ROLE = "asye"


class Frequency(StrEnum):
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"


# Most frequent first, so the stricter of two is the one with the lower rank.
_RANK = {Frequency.WEEKLY: 0, Frequency.FORTNIGHTLY: 1, Frequency.MONTHLY: 2}


def standard_on(*, role: str, start_date: datetime.date | None, on: datetime.date) -> Frequency:
    """The least frequent supervision the standard allows for this person on day `on`."""
    if role == ASYE_ROLE and start_date is not None:
        if on < start_date + ASYE_WEEKLY_FOR:
            return Frequency.WEEKLY
        if on < add_months(start_date, ASYE_FORTNIGHTLY_MONTHS):
            return Frequency.FORTNIGHTLY
    return Frequency.MONTHLY


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
) -> datetime.date:
    """The day the next supervision is due: one interval after the last session.

    The interval is the stricter of the agreed frequency and the standard as it stood on the
    day of the last session (or the day the agreement started, before any session). So an
    ASYE supervised on day 41 is next due on day 48; supervised on day 42, on day 56.
    """
    since = last_held_on or agreement_started_on
    applies = stricter(agreed, standard_on(role=role, start_date=start_date, on=since))
    return add_interval(since, applies)


def is_overdue(*, due_on: datetime.date, today: datetime.date) -> bool:
    """Overdue from the day after it was due (due on the day itself is not yet late)."""
    return today > due_on


def is_short(duration_minutes: int) -> bool:
    """A session shorter than the standard's 1.5 hours: allowed, but flagged."""
    return duration_minutes < MINIMUM_MINUTES
