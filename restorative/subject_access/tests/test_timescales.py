"""The deadline of a subject access request, day by day at every boundary (pure, no clock)."""

from __future__ import annotations

import datetime

import pytest

from restorative.subject_access import timescales

D = datetime.date


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2026, 3, 3), 1, D(2026, 4, 3)),  # the same date next month
        (D(2026, 1, 31), 1, D(2026, 2, 28)),  # no 31 February: the month's last day
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # a leap year
        (D(2026, 1, 29), 1, D(2026, 2, 28)),
        (D(2026, 1, 28), 1, D(2026, 2, 28)),
        (D(2026, 3, 31), 1, D(2026, 4, 30)),
        (D(2026, 2, 28), 1, D(2026, 3, 28)),  # the 28th stays the 28th, not the month's end
        (D(2026, 12, 15), 1, D(2027, 1, 15)),  # across a year
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
        (D(2027, 11, 30), 3, D(2028, 2, 29)),
        (D(2026, 10, 31), 3, D(2027, 1, 31)),
    ],
)
def test_a_calendar_month_is_the_same_date_or_the_months_last_day(
    start: datetime.date, months: int, expected: datetime.date
) -> None:
    assert timescales.add_calendar_months(start, months) == expected


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (D(2026, 3, 10), D(2026, 4, 10)),  # Friday 10 April 2026 is a working day
        (D(2024, 1, 31), D(2024, 2, 29)),  # Thursday
        (D(2025, 1, 31), D(2025, 2, 28)),  # Friday
        # 28 February 2026 is a Saturday: the next working day, Monday 2 March.
        (D(2026, 1, 31), D(2026, 3, 2)),
        # 25 December 2026 (Friday), the weekend and Boxing Day observed on Monday 28th.
        (D(2026, 11, 25), D(2026, 12, 29)),
        # Good Friday 3 April 2026, the weekend and Easter Monday 6 April: Tuesday 7 April.
        (D(2026, 3, 3), D(2026, 4, 7)),
        (D(2026, 3, 4), D(2026, 4, 7)),
        (D(2026, 3, 6), D(2026, 4, 7)),
        (D(2026, 3, 7), D(2026, 4, 7)),
    ],
)
def test_the_answer_is_due_a_calendar_month_on_moved_off_weekends_and_holidays(
    received: datetime.date, due: datetime.date
) -> None:
    assert timescales.response_due(received) == due


def test_an_extension_makes_it_three_calendar_months_from_receipt() -> None:
    assert timescales.extended_due(D(2026, 3, 10)) == D(2026, 6, 10)
    assert timescales.extended_due(D(2026, 1, 31)) == D(2026, 4, 30)  # April has 30 days
    assert timescales.extended_due(D(2025, 11, 30)) == D(2026, 3, 2)  # 28 Feb 2026 Saturday


def test_an_extension_is_allowed_up_to_and_on_the_first_due_date_only() -> None:
    received = D(2026, 3, 10)  # due 10 April 2026
    on_due = timescales.extension_refusal(
        received_on=received, already_extended=False, today=D(2026, 4, 10)
    )
    assert on_due == ""
    assert (
        timescales.extension_refusal(received_on=received, already_extended=False, today=received)
        == ""
    )
    late = timescales.extension_refusal(
        received_on=received, already_extended=False, today=D(2026, 4, 11)
    )
    assert "within the first month" in late
    assert "10 April 2026" in late


def test_an_extension_is_allowed_once() -> None:
    refusal = timescales.extension_refusal(
        received_on=D(2026, 3, 3), already_extended=True, today=D(2026, 3, 4)
    )
    assert "already been extended" in refusal


@pytest.mark.parametrize(
    ("today", "days_left", "overdue", "soon"),
    [
        (D(2026, 3, 27), 7, False, True),
        (D(2026, 3, 26), 8, False, False),
        (D(2026, 4, 3), 0, False, True),  # the due day itself is not late
        (D(2026, 4, 4), -1, True, False),
    ],
)
def test_standing_counts_calendar_days(
    today: datetime.date, days_left: int, overdue: bool, soon: bool
) -> None:
    standing = timescales.standing(D(2026, 4, 3), today)
    assert (standing.days_left, standing.overdue, standing.due_soon) == (days_left, overdue, soon)
