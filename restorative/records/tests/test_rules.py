"""When a record's period ends: every boundary, without a database."""

from __future__ import annotations

import datetime

import pytest

from restorative.records import rules

D = datetime.date


@pytest.mark.parametrize(
    ("start", "years", "expected"),
    [
        (D(2000, 6, 15), 25, D(2025, 6, 15)),
        (D(2000, 2, 29), 25, D(2025, 3, 1)),  # leap day into a common year: the later day
        (D(2000, 2, 29), 24, D(2024, 2, 29)),  # into a leap year: the day itself
        (D(2000, 2, 28), 25, D(2025, 2, 28)),
        (D(2025, 3, 1), -25, D(2000, 3, 1)),
    ],
)
def test_add_years(start: datetime.date, years: int, expected: datetime.date) -> None:
    assert rules.add_years(start, years) == expected


def test_kept_until_the_day_before_the_anniversary_and_due_on_it() -> None:
    born = D(1951, 12, 5)
    assert not rules.is_due(born, 75, D(2026, 12, 4))
    assert rules.is_due(born, 75, D(2026, 12, 5))
    assert rules.is_due(born, 75, D(2026, 12, 6))


def test_a_leap_day_birth_is_kept_until_1_march_in_a_common_year() -> None:
    born = D(1952, 2, 29)
    assert not rules.is_due(born, 75, D(2027, 2, 28))
    assert rules.is_due(born, 75, D(2027, 3, 1))


def test_a_record_without_a_trigger_date_is_never_due() -> None:
    assert not rules.is_due(None, 1, D(2100, 1, 1))


@pytest.mark.parametrize(
    "today",
    [D(2026, 12, 5), D(2027, 2, 28), D(2027, 3, 1), D(2028, 2, 29), D(2028, 3, 1), D(2029, 1, 1)],
)
@pytest.mark.parametrize("years", [1, 3, 7, 25, 75])
def test_the_query_boundary_means_exactly_is_due(today: datetime.date, years: int) -> None:
    last = rules.latest_due_trigger(today, years)
    assert rules.is_due(last, years, today)
    assert not rules.is_due(last + rules.ONE_DAY, years, today)
    # and around it, every day agrees
    for offset in range(-400, 400, 7):
        trigger = last + datetime.timedelta(days=offset)
        assert rules.is_due(trigger, years, today) == (trigger <= last)
