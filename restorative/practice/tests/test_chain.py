"""Outcomes drive the statutory meeting chain (issue 10 point 3): follow-ons only while a
child protection plan lasts, a plan that ends cancels what was due with the reason, and the
seeded rules give the right due dates."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from restorative.core.working_days import working_days_between
from restorative.practice import selectors, services, timescales
from restorative.practice.models import Meeting, MeetingType, TimescaleRule

from .conftest import meeting_at

D = datetime.date
TODAY = D.today()


def hold(meeting: Meeting, actor: Any, *, days_ago: int = 1, **outcome: Any) -> Meeting:
    return services.meeting_record(
        actor=actor,
        meeting=meeting,
        held_on=TODAY - datetime.timedelta(days=days_ago),
        sections={},
        participants={},
        **outcome,
    )


def follow_ons(meeting: Meeting) -> dict[str, Meeting]:
    return {m.meeting_type: m for m in Meeting.objects.filter(follows=meeting)}


def test_an_initial_conference_with_no_plan_makes_nothing_due(
    world: Any, practice: SimpleNamespace
) -> None:
    hold(practice.invited, world.allocated, conference_outcome="no_plan")
    assert follow_ons(practice.invited) == {}
    practice.invited.refresh_from_db()
    assert practice.invited.conference_outcome == "no_plan"
    assert practice.invited.plan_category == ""
    due = selectors.meetings_due(world.allocated)
    assert not [m for m in due.overdue + due.due_soon if m.meeting_type == "review_conference"]


def test_a_plan_made_needs_its_category(world: Any, practice: SimpleNamespace) -> None:
    with pytest.raises(ValidationError) as refused:
        hold(practice.invited, world.allocated, conference_outcome="plan_made")
    assert refused.value.message_dict == {
        "plan_category": ["Choose the category of the child protection plan"]
    }
    with pytest.raises(ValidationError):
        hold(practice.invited, world.allocated, conference_outcome="plan_ended")
    practice.invited.refresh_from_db()
    assert practice.invited.status == Meeting.Status.SCHEDULED


def test_a_plan_made_adds_the_core_group_and_review(world: Any, practice: SimpleNamespace) -> None:
    hold(practice.invited, world.allocated, conference_outcome="plan_made", plan_category="neglect")
    made = follow_ons(practice.invited)
    assert set(made) == {"core_group", "review_conference"}
    practice.invited.refresh_from_db()
    assert practice.invited.get_plan_category_display() == "Neglect"


def _review_after_plan(world: Any, practice: SimpleNamespace) -> Meeting:
    hold(practice.invited, world.allocated, conference_outcome="plan_made", plan_category="neglect")
    review = follow_ons(practice.invited)["review_conference"]
    # The review is held (arranged today, then recorded).
    review.status = Meeting.Status.SCHEDULED
    review.scheduled_at = meeting_at(0)
    review.save()
    return review


def test_a_review_that_ends_the_plan_cancels_what_was_due_with_the_reason(
    world: Any, practice: SimpleNamespace
) -> None:
    review = _review_after_plan(world, practice)
    core_group = follow_ons(practice.invited)["core_group"]
    hold(review, world.allocated, days_ago=0, conference_outcome="plan_ended")
    assert follow_ons(review) == {}  # no next review
    core_group.refresh_from_db()
    assert core_group.status == Meeting.Status.CANCELLED
    assert core_group.cancelled_reason == (
        f"The child protection plan ended at the review conference on {TODAY.day} {TODAY:%B %Y}"
    )
    # The core group scheduled for the family is part of the plan too.
    practice.not_invited.refresh_from_db()
    assert practice.not_invited.status == Meeting.Status.CANCELLED
    due = selectors.meetings_due(world.manager, scope="team")
    assert not [m for m in due.overdue + due.due_soon if m.family_id == world.family.pk]


def test_a_review_that_continues_the_plan_adds_the_next_review(
    world: Any, practice: SimpleNamespace
) -> None:
    review = _review_after_plan(world, practice)
    hold(review, world.allocated, days_ago=0, conference_outcome="plan_continues")
    assert set(follow_ons(review)) == {"review_conference"}
    assert follow_ons(practice.invited)["core_group"].status == Meeting.Status.TO_ARRANGE


def test_an_outcome_is_only_for_conferences(world: Any, practice: SimpleNamespace) -> None:
    with pytest.raises(ValidationError) as refused:
        hold(practice.not_invited, world.allocated, conference_outcome="no_plan")
    assert "conference_outcome" in refused.value.message_dict


def test_later_core_groups_follow_the_frequency_rule(world: Any, practice: SimpleNamespace) -> None:
    hold(practice.not_invited, world.allocated, days_ago=2)
    next_group = follow_ons(practice.not_invited)["core_group"]
    assert next_group.due_date == TODAY - datetime.timedelta(days=2) + datetime.timedelta(days=28)
    rule = TimescaleRule.objects.get(trigger="core_group", meeting_type="core_group")
    assert rule.amount == 28 and rule.unit == "calendar_days"


@pytest.mark.parametrize(
    ("trigger", "meeting_type", "start", "due"),
    [
        # Placement stability: 5 working days across the late May bank holiday 2027.
        ("home_at_risk", "placement_stability", D(2027, 5, 27), D(2027, 6, 4)),
        # Youth justice progress panel: 3 months after the last panel.
        ("youth_justice_panel", "youth_justice_panel", D(2027, 1, 31), D(2027, 4, 30)),
        # Final panel: 10 working days *before* the order ends, across Easter 2027.
        ("referral_order_end", "youth_justice_panel", D(2027, 4, 6), D(2027, 3, 19)),
        # Unborn baby: first review within 10 working days of birth (Christmas 2026).
        ("birth", "review_conference", D(2026, 12, 21), D(2027, 1, 7)),
        ("family_group_conference", "fgc_review", D(2027, 1, 15), D(2027, 4, 15)),
        ("care_proceedings", "family_group_conference", D(2027, 3, 1), D(2027, 3, 22)),
    ],
)
def test_seeded_chain_rules(db: Any, trigger: str, meeting_type: str, start: D, due: D) -> None:
    rule = timescales.rule_for(trigger, meeting_type)
    assert rule is not None
    assert timescales.due_date_for(rule, start) == due
    if rule.unit == TimescaleRule.Unit.WORKING_DAYS:
        assert abs(working_days_between(start, due)) == rule.amount


def test_the_placement_stability_rule_is_editable(world: Any) -> None:
    rule = TimescaleRule.objects.get(trigger="home_at_risk", meeting_type="placement_stability")
    rule.amount = 2
    rule.save()
    start = TODAY - datetime.timedelta(days=1)
    meeting = services.meeting_schedule(
        actor=world.allocated,
        family=world.family,
        meeting_type=MeetingType.PLACEMENT_STABILITY,
        scheduled_at=meeting_at(1),
        venue="in_person",
        trigger="home_at_risk",
        trigger_date=start,
    )
    assert meeting.due_date is not None
    assert working_days_between(start, meeting.due_date) == 2


def test_a_final_panel_ends_the_panels(world: Any) -> None:
    final = Meeting.objects.create(
        family=world.family,
        meeting_type=MeetingType.YOUTH_JUSTICE_PANEL,
        status=Meeting.Status.SCHEDULED,
        scheduled_at=meeting_at(0),
        trigger="referral_order_end",
        trigger_date=TODAY + datetime.timedelta(days=20),
        created_by=world.allocated,
    )
    progress = Meeting.objects.create(
        family=world.family,
        meeting_type=MeetingType.YOUTH_JUSTICE_PANEL,
        status=Meeting.Status.SCHEDULED,
        scheduled_at=meeting_at(0),
        created_by=world.allocated,
    )
    hold(final, world.allocated, days_ago=0)
    hold(progress, world.allocated, days_ago=0)
    assert follow_ons(final) == {}
    assert set(follow_ons(progress)) == {"youth_justice_panel"}
