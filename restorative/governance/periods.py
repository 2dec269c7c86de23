"""Months, as the measures count them (pure: no database, no clock)."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta

TREND_MONTHS = 12


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(day: datetime.date) -> datetime.date:
    return month_start(day) + relativedelta(months=1) - datetime.timedelta(days=1)


def months_to(today: datetime.date, count: int = TREND_MONTHS) -> list[datetime.date]:
    """The first days of the last `count` months, oldest first, ending with this month."""
    this = month_start(today)
    return [this - relativedelta(months=back) for back in range(count - 1, -1, -1)]


def parse_month(text: str) -> datetime.date:
    """'2026-03' as 1 March 2026; ValueError for anything else."""
    year, _, month = (text or "").strip().partition("-")
    if len(year) != 4 or len(month) != 2:
        raise ValueError("Enter the month as YYYY-MM, for example 2026-03")
    return datetime.date(int(year), int(month), 1)


def quarter_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the calendar quarter holding `day`."""
    first = datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return first, month_end(first + relativedelta(months=2))
