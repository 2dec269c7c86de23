"""Working days for statutory timescales (reference/timescales.md).

A working day is not a Saturday, Sunday or a bank holiday of the chosen nation (Christmas
Day, Boxing Day and Good Friday are bank holidays in every nation here). Holidays come from
the `holidays` package with a subdivision: without one, England's Easter Monday and August
holiday would be missing. A holiday that falls on a weekend is listed beside its observed
weekday; we count dates, so each date is skipped once, whatever its name.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays

NATIONS = ("ENG", "WLS", "SCT", "NIR")


@lru_cache(maxsize=64)
def _holiday_dates(nation: str, year: int) -> frozenset[datetime.date]:
    if nation not in NATIONS:
        raise ValueError(f"Unknown nation {nation!r}; use one of {', '.join(NATIONS)}")
    return frozenset(holidays.country_holidays("GB", subdiv=nation, years=year).keys())


def is_working_day(day: datetime.date, nation: str = "ENG") -> bool:
    """True on a weekday that is not a bank holiday in `nation`."""
    return day.weekday() < 5 and day not in _holiday_dates(nation, day.year)


def add_working_days(start: datetime.date, days: int, nation: str = "ENG") -> datetime.date:
    """The date `days` working days after `start` (before it, for a negative number).

    `start` itself never counts: 2026-12-24 plus 1 working day is 2026-12-29, because the
    25th, the weekend and the observed Boxing Day on the 28th are not working days.
    """
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    day = start
    while remaining:
        day += datetime.timedelta(days=step)
        if is_working_day(day, nation):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date, nation: str = "ENG") -> int:
    """Working days after `start` up to and including `end` (negative when `end` is earlier).

    The inverse of `add_working_days`: working_days_between(d, add_working_days(d, n)) == n.
    """
    if end == start:
        return 0
    if end < start:
        return -working_days_between(end, start, nation)
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day, nation):
            count += 1
    return count
