"""Due dates come from the timescale rules (data) and the working-day calendar."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from restorative.core.working_days import working_days_between
from restorative.practice import services, timescales
from restorative.practice.models import Meeting, MeetingType, TimescaleRule

from .conftest import meeting_at

D = datetime.date


@pytest.mark.parametrize(
    ("trigger", "meeting_type", "start", "due"),
    [
        # 15 working days across Christmas, Boxing Day (observed Mon 28th) and New Year's Day.
        ("strategy_discussion", "initial_conference", D(2026, 12, 14), D(2027, 1, 7)),
        # 20 working days across Good Friday and Easter Monday 2027.
        ("referral_order", "youth_justice_panel", D(2027, 3, 22), D(2027, 4, 21)),
        # 10 working days across the early May bank holiday 2027 (Mon 3rd).
        ("initial_conference", "core_group", D(2027, 4, 28), D(2027, 5, 13)),
        # 3 calendar months, to the last day of a shorter month.
        ("initial_conference", "review_conference", D(2026, 11, 30), D(2027, 2, 28)),
        ("review_conference", "review_conference", D(2026, 8, 31), D(2027, 2, 28)),
    ],
)
def test_seeded_rules(db: Any, trigger: str, meeting_type: str, start: D, due: D) -> None:
    rule = timescales.rule_for(trigger, meeting_type)
    assert rule is not None
    assert timescales.due_date_for(rule, start) == due
    if rule.unit == TimescaleRule.Unit.WORKING_DAYS:
        assert working_days_between(start, due) == rule.amount


def test_substitute_holiday_counts_once(db: Any) -> None:
    # Christmas 2027 falls on a Saturday: substitute days are Mon 27th and Tue 28th.
    rule = timescales.rule_for("strategy_discussion", "initial_conference")
    assert rule is not None
    rule.amount = 1
    assert timescales.due_date_for(rule, D(2027, 12, 24)) == D(2027, 12, 29)


def test_rules_are_editable_data(db: Any) -> None:
    rule = TimescaleRule.objects.get(
        trigger="strategy_discussion", meeting_type="initial_conference"
    )
    rule.amount = 10
    rule.save()
    due, used = services.meeting_due_date(
        meeting_type="initial_conference",
        trigger="strategy_discussion",
        trigger_date=D(2026, 12, 14),
    )
    assert used == rule
    assert due == D(2026, 12, 30)


def test_scheduling_stores_the_due_date(world: Any) -> None:
    meeting = services.meeting_schedule(
        actor=world.allocated,
        family=world.family,
        meeting_type=MeetingType.INITIAL_CONFERENCE,
        scheduled_at=meeting_at(),
        venue="in_person",
        trigger="strategy_discussion",
        trigger_date=D(2026, 12, 14) if D.today() >= D(2026, 12, 14) else D(2025, 12, 15),
    )
    expected = D(2027, 1, 7) if D.today() >= D(2026, 12, 14) else D(2026, 1, 8)
    assert meeting.due_date == expected


def test_holding_an_initial_conference_makes_core_group_and_review_due(
    world: Any, practice: Any
) -> None:
    held = D.today() - datetime.timedelta(days=1)
    services.meeting_record(
        actor=world.allocated,
        meeting=practice.invited,
        held_on=held,
        sections={},
        participants={},
        conference_outcome="plan_made",
        plan_category="neglect",
    )
    follow_ons = {m.meeting_type: m for m in Meeting.objects.filter(follows=practice.invited)}
    assert set(follow_ons) == {"core_group", "review_conference"}
    assert all(m.status == Meeting.Status.TO_ARRANGE for m in follow_ons.values())
    assert working_days_between(held, follow_ons["core_group"].due_date) == 10
    # Recording again changes the record but does not add the follow-ons twice.
    services.meeting_record(
        actor=world.allocated, meeting=practice.invited, held_on=held, sections={}, participants={}
    )
    assert Meeting.objects.filter(follows=practice.invited).count() == 2
