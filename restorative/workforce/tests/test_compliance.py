"""Compliance status at every boundary, with `today` passed in (no global clock freezing)."""

from __future__ import annotations

import datetime

import pytest

from restorative.workforce.compliance import (
    CompletionFact,
    Status,
    add_months,
    course_status,
    valid_until_for,
)

D = datetime.date
VALID_UNTIL = D(2026, 6, 30)
DONE = [CompletionFact(D(2025, 7, 1), VALID_UNTIL)]


def status(today: datetime.date, completions=DONE, **kwargs):  # type: ignore[no-untyped-def]
    return course_status(
        required=kwargs.pop("required", True),
        completions=completions,
        today=today,
        due_soon_days=60,
        **kwargs,
    )


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (VALID_UNTIL - datetime.timedelta(days=61), Status.COMPLETED),
        (VALID_UNTIL - datetime.timedelta(days=60), Status.DUE_SOON),
        (VALID_UNTIL, Status.DUE_SOON),
        (VALID_UNTIL + datetime.timedelta(days=1), Status.OVERDUE),
    ],
)
def test_expiry_boundaries(today: datetime.date, expected: Status) -> None:
    result = status(today)
    assert result.status == expected
    assert result.valid_until == VALID_UNTIL


def test_not_required_even_if_done() -> None:
    assert status(D(2026, 1, 1), required=False).status == Status.NOT_REQUIRED
    assert status(D(2026, 1, 1), [], required=False).status == Status.NOT_REQUIRED


def test_not_started_and_never_expiring() -> None:
    assert status(D(2026, 1, 1), []).status == Status.NOT_STARTED
    forever = [CompletionFact(D(2020, 1, 1), None)]
    assert status(D(2040, 1, 1), forever).status == Status.COMPLETED


def test_induction_due_boundary() -> None:
    due = D(2026, 3, 1)
    assert status(due, [], induction_due_on=due).status == Status.NOT_STARTED
    assert status(due, [], induction_due_on=due).due_on == due
    assert status(due + datetime.timedelta(days=1), [], induction_due_on=due).status == (
        Status.OVERDUE
    )


def test_latest_expiry_counts() -> None:
    old = CompletionFact(D(2023, 1, 1), D(2023, 12, 31))
    assert status(D(2026, 1, 1), [old, *DONE]).status == Status.COMPLETED
    assert status(D(2026, 1, 1), [*DONE, old]).valid_until == VALID_UNTIL


def test_validity_months() -> None:
    assert valid_until_for(D(2025, 3, 1), 12) == D(2026, 2, 28)
    assert valid_until_for(D(2025, 3, 1), None) is None
    assert add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2025, 11, 15), 3) == D(2026, 2, 15)
