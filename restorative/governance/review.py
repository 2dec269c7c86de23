"""The policy review cycle (§10), as pure rules: no database, no clock (today is passed in).

A version is reviewed two years after approval unless the approver sets another date; a review
trigger (legislation changed, new evidence, organisational priorities, feedback) may bring it
forward, never push it back. A review is overdue from the day after it falls due.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

DEFAULT_REVIEW_YEARS = 2


def default_review_due(
    approved_on: datetime.date, *, years: int = DEFAULT_REVIEW_YEARS
) -> datetime.date:
    """Two years after approval (29 February approvals fall due on 28 February)."""
    try:
        return approved_on.replace(year=approved_on.year + years)
    except ValueError:
        return approved_on.replace(year=approved_on.year + years, day=28)


def next_review(
    version_due: datetime.date | None, brought_forward: Iterable[datetime.date | None]
) -> datetime.date | None:
    """When the review is due: the version's date, or the earliest date a trigger set if
    that is sooner. None when there is no approved version yet."""
    dates = [day for day in brought_forward if day is not None]
    if version_due is not None:
        dates.append(version_due)
    return min(dates) if dates else None


def is_review_overdue(due: datetime.date | None, *, today: datetime.date) -> bool:
    """Overdue once the due day has passed."""
    return due is not None and due < today
