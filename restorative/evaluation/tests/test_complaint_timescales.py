"""The representations procedure's due dates: pure functions, every boundary, across
Christmas and Easter (England and Wales bank holidays), with extensions."""

from __future__ import annotations

import datetime

import pytest

from restorative.evaluation.complaints.timescales import (
    STATUTORY,
    Outcome,
    Timeliness,
    Timescales,
    extension_problem,
    overall_outcome,
    stage3_dates,
    stage_due,
    timeliness,
)

D = datetime.date


@pytest.mark.parametrize(
    ("started", "days", "due"),
    [
        # Christmas 2026: Fri 25 Dec, Sat 26 Dec (Boxing Day, observed Mon 28), Fri 1 Jan 2027.
        (D(2026, 12, 18), 10, D(2027, 1, 6)),  # stage 1
        (D(2026, 12, 18), 20, D(2027, 1, 20)),  # stage 1 extended to 20
        (D(2026, 12, 18), 25, D(2027, 1, 27)),  # stage 2
        (D(2026, 12, 18), 65, D(2027, 3, 24)),  # stage 2 extended to 65
        (D(2026, 12, 24), 1, D(2026, 12, 29)),  # the day before Christmas: next is the 29th
        (D(2026, 12, 25), 10, D(2027, 1, 12)),  # received on Christmas Day: it never counts
        (D(2026, 12, 23), 1, D(2026, 12, 24)),  # an ordinary day before the break
        # Christmas 2025: Thu 25 and Fri 26 Dec, Thu 1 Jan 2026.
        (D(2025, 12, 19), 10, D(2026, 1, 7)),
        # Easter 2026: Good Friday 3 April, Easter Monday 6 April.
        (D(2026, 3, 27), 10, D(2026, 4, 14)),
        (D(2026, 4, 2), 10, D(2026, 4, 20)),  # the day before Good Friday
        (D(2026, 4, 2), 1, D(2026, 4, 7)),  # Thursday + 1 jumps the four-day weekend
        (D(2026, 4, 3), 1, D(2026, 4, 7)),  # received on Good Friday
        (D(2026, 4, 6), 1, D(2026, 4, 7)),  # received on Easter Monday
        (D(2026, 3, 20), 20, D(2026, 4, 21)),  # stage 1 extended across Easter
        # A weekend start: Saturday's complaint counts from Monday.
        (D(2026, 11, 7), 1, D(2026, 11, 9)),
    ],
)
def test_stage_due_dates(started: datetime.date, days: int, due: datetime.date) -> None:
    assert stage_due(started, days) == due


def test_stage3_dates_across_easter_and_may_day() -> None:
    """Panel within 30 working days of the request (Easter 2027: 26 and 29 March), report
    within 5 of the panel, response within 15 of the report (May Day, 3 May 2027)."""
    dates = stage3_dates(D(2027, 3, 1), panel_held_on=D(2027, 4, 22), report_sent_on=D(2027, 4, 30))
    assert dates.panel_due == D(2027, 4, 14)
    assert dates.report_due == D(2027, 4, 29)
    assert dates.response_due == D(2027, 5, 24)


def test_stage3_later_dates_wait_for_the_step_before() -> None:
    dates = stage3_dates(D(2027, 3, 1))
    assert dates.report_due is None and dates.response_due is None


def test_stage3_dates_follow_the_organisations_timescales() -> None:
    local = Timescales(stage3_panel_days=20)
    assert stage3_dates(D(2026, 11, 2), timescales=local).panel_due == D(2026, 11, 30)


@pytest.mark.parametrize(
    ("stage", "current", "new", "allowed"),
    [
        (1, 10, 10, False),  # no more time is no extension
        (1, 10, 11, True),
        (1, 10, 20, True),  # the most stage 1 may have
        (1, 10, 21, False),
        (1, 15, 14, False),  # an extension never shortens
        (2, 25, 26, True),
        (2, 25, 65, True),  # the most stage 2 may have
        (2, 25, 66, False),
        (2, 40, 65, True),  # a second extension up to the limit
        (3, 30, 40, False),  # a review panel's timescales are not extended
    ],
)
def test_extension_limits(stage: int, current: int, new: int, allowed: bool) -> None:
    assert (extension_problem(stage, current, new) is None) is allowed


def test_extension_messages_say_why() -> None:
    assert extension_problem(1, 10, 21) == "Stage 1 can be extended to 20 working days at most"
    assert extension_problem(2, 25, 66) == "Stage 2 can be extended to 65 working days at most"
    assert "more than the 10 working days" in (extension_problem(1, 10, 10) or "")


@pytest.mark.parametrize(
    ("done", "today", "expected"),
    [
        (D(2027, 1, 6), D(2027, 2, 1), Timeliness.ON_TIME),  # on the base due day
        (D(2027, 1, 7), D(2027, 2, 1), Timeliness.IN_EXTENSION),  # a day after, within extension
        (D(2027, 1, 20), D(2027, 2, 1), Timeliness.IN_EXTENSION),  # on the extended due day
        (D(2027, 1, 21), D(2027, 2, 1), Timeliness.LATE),
        (None, D(2027, 1, 20), Timeliness.OPEN),  # open on its due day: not yet overdue
        (None, D(2027, 1, 21), Timeliness.OVERDUE),
    ],
)
def test_timeliness_boundaries(
    done: datetime.date | None, today: datetime.date, expected: Timeliness
) -> None:
    assert (
        timeliness(base_due=D(2027, 1, 6), due=D(2027, 1, 20), done_on=done, today=today)
        == expected
    )


def test_without_extension_a_day_late_is_late() -> None:
    due = D(2027, 1, 6)
    assert timeliness(base_due=due, due=due, done_on=D(2027, 1, 7), today=due) == Timeliness.LATE


@pytest.mark.parametrize(
    ("outcomes", "expected"),
    [
        (["upheld", "upheld"], Outcome.UPHELD),
        (["not_upheld"], Outcome.NOT_UPHELD),
        (["upheld", "not_upheld"], Outcome.PARTLY_UPHELD),
        (["partly_upheld"], Outcome.PARTLY_UPHELD),
        (["upheld", ""], None),
        ([], None),
    ],
)
def test_overall_outcome(outcomes: list[str], expected: Outcome | None) -> None:
    assert overall_outcome(outcomes) == expected


def test_statutory_numbers() -> None:
    assert (STATUTORY.stage1_days, STATUTORY.stage1_max_days) == (10, 20)
    assert (STATUTORY.stage2_days, STATUTORY.stage2_max_days) == (25, 65)
    assert (
        STATUTORY.stage3_panel_days,
        STATUTORY.stage3_report_days,
        STATUTORY.stage3_response_days,
    ) == (30, 5, 15)
