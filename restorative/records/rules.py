"""When a record's retention period ends: pure functions, the clock passed in.

Why pure: the boundaries (a birthday on 29 February, the last day kept, the first day due)
are where retention goes wrong, and each is tested here without a database.
"""

from __future__ import annotations

import datetime

ONE_DAY = datetime.timedelta(days=1)


def add_years(start: datetime.date, years: int) -> datetime.date:
    """The same day `years` later (or earlier). 29 February becomes 1 March in a common year:
    the later of the two candidate days, so a record is never disposed of a day early."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February into a common year
        return datetime.date(start.year + years, 3, 1)


def disposal_due_on(trigger: datetime.date, years: int) -> datetime.date:
    """The first day a record whose period runs from `trigger` may be disposed of: the
    anniversary itself ("until the 75th birthday" means kept up to the day before it)."""
    return add_years(trigger, years)


def is_due(trigger: datetime.date | None, years: int, today: datetime.date) -> bool:
    """Whether the period has ended by `today`; a record with no trigger date is never due."""
    return trigger is not None and disposal_due_on(trigger, years) <= today


def latest_due_trigger(today: datetime.date, years: int) -> datetime.date:
    """The latest trigger date whose period has ended by `today`, so a query can ask
    `trigger <= latest_due_trigger(...)` and mean exactly `is_due`."""
    candidate = add_years(today, -years)
    while disposal_due_on(candidate, years) > today:
        candidate -= ONE_DAY
    return candidate
