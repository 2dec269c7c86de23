"""When a subject access request must be answered (UK GDPR Art. 12(3); ICO guidance).

Pure: no database and no clock. `today` is passed in, so every boundary is testable without
freezing time (as `workforce/compliance.py`).

The law, not local practice, sets these, so they are constants here rather than a table an
organisation edits (decision 0024):
- one calendar month from the day the request is received;
- the ICO's reading of "a calendar month": the same date in the next month; where that month
  has no such date (31 January), the last day of that month (28 or 29 February); where the
  date falls on a weekend or a bank holiday, the next working day;
- extendable by two further months where the request is complex or one of several, if the
  person is told within the first month, with the reason. The extended date is three calendar
  months from receipt, read the same way.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from restorative.core.working_days import is_working_day

RESPONSE_MONTHS = 1
EXTENSION_MONTHS = 2


def long_date(day: datetime.date) -> str:
    """A date as the pages and the trail say it: "5 December 2026"."""
    return f"{day.day} {day:%B %Y}"


def add_calendar_months(start: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the month's last day when it is shorter (31 Jan -> 28 Feb)."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(start.day, last_day))


def next_working_day(day: datetime.date, nation: str = "ENG") -> datetime.date:
    """`day` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day, nation):
        day += datetime.timedelta(days=1)
    return day


def response_due(received_on: datetime.date, *, nation: str = "ENG") -> datetime.date:
    """The last day to answer: one calendar month from receipt, moved off a weekend or a
    bank holiday to the next working day."""
    return next_working_day(add_calendar_months(received_on, RESPONSE_MONTHS), nation)


def extended_due(received_on: datetime.date, *, nation: str = "ENG") -> datetime.date:
    """The last day to answer once extended: three calendar months from receipt (one plus
    two), moved off a weekend or a bank holiday the same way."""
    return next_working_day(
        add_calendar_months(received_on, RESPONSE_MONTHS + EXTENSION_MONTHS), nation
    )


def extension_refusal(
    *, received_on: datetime.date, already_extended: bool, today: datetime.date, nation: str = "ENG"
) -> str:
    """Why the deadline cannot be extended today, or "" when it can.

    The person must be told of an extension within the first month, so after the first due
    date has passed it is too late; and it can be extended once (by two months, no more).
    """
    if already_extended:
        return "The deadline has already been extended by two months, the most the law allows"
    first_due = response_due(received_on, nation=nation)
    if today > first_due:
        return (
            "The deadline can only be extended within the first month: "
            f"it passed on {long_date(first_due)}"
        )
    return ""


@dataclass(frozen=True)
class Standing:
    """Where a request stands against its deadline on one day, for the list and the page."""

    due_on: datetime.date
    days_left: int  # negative once overdue
    overdue: bool
    due_soon: bool  # 7 days or fewer left


DUE_SOON_DAYS = 7


def standing(due_on: datetime.date, today: datetime.date) -> Standing:
    """How many calendar days are left (the law counts calendar days, not working days)."""
    days_left = (due_on - today).days
    return Standing(
        due_on=due_on,
        days_left=days_left,
        overdue=days_left < 0,
        due_soon=0 <= days_left <= DUE_SOON_DAYS,
    )
