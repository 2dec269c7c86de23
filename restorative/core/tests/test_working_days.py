"""Working days across Christmas, Easter and substitute bank holidays (England by default)."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from restorative.core.working_days import add_working_days, is_working_day, working_days_between

D = datetime.date


def test_christmas_2026_skips_the_weekend_and_observed_boxing_day():
    # 25 Dec Fri, 26 Dec Sat (Boxing Day observed Mon 28th), 27 Sun.
    assert add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 29)
    assert working_days_between(D(2026, 12, 24), D(2026, 12, 29)) == 1


def test_substitute_holidays_when_christmas_falls_at_the_weekend():
    # 2027: 25 Dec Sat and 26 Dec Sun; substitutes Mon 27 and Tue 28.
    assert not is_working_day(D(2027, 12, 27))
    assert not is_working_day(D(2027, 12, 28))
    assert add_working_days(D(2027, 12, 24), 1) == D(2027, 12, 29)


def test_easter_2027_good_friday_and_easter_monday():
    # Good Friday 26 March 2027, Easter Monday 29 March 2027 (England).
    assert add_working_days(D(2027, 3, 25), 1) == D(2027, 3, 30)


def test_easter_monday_is_a_working_day_in_scotland():
    assert is_working_day(D(2027, 3, 29), "SCT")
    assert not is_working_day(D(2027, 3, 29), "ENG")


def test_initial_conference_fifteen_working_days_from_a_strategy_discussion():
    # Mon 7 Dec 2026 + 15 working days: 8-11, 14-18, 21-24 Dec are 13; 25 and 28 Dec are holidays.
    assert add_working_days(D(2026, 12, 7), 15) == D(2026, 12, 30)


def test_negative_days_count_backwards():
    assert add_working_days(D(2026, 12, 29), -1) == D(2026, 12, 24)
    assert working_days_between(D(2026, 12, 29), D(2026, 12, 24)) == -1


def test_unknown_nation_is_refused():
    with pytest.raises(ValueError, match="Unknown nation"):
        add_working_days(D(2026, 1, 5), 1, nation="XYZ")


@given(
    start=st.dates(min_value=D(2020, 1, 1), max_value=D(2035, 12, 31)),
    days=st.integers(min_value=0, max_value=400),
    nation=st.sampled_from(["ENG", "WLS", "SCT", "NIR"]),
)
def test_between_is_the_inverse_of_add(start, days, nation):
    end = add_working_days(start, days, nation)
    assert working_days_between(start, end, nation) == days
    if days:
        assert is_working_day(end, nation)
