"""Outcome measures (§8): the before/after window, the sustainability denominator, GAS,
engagement, and the page for each place."""

from __future__ import annotations

import datetime
from typing import Any

from django.test import Client
from django.urls import reverse

from restorative.governance import outcomes
from restorative.governance.selectors.outcomes import outcomes_for
from restorative.governance.selectors.picture import team_place
from restorative.people.tests.factories import FamilyFactory
from restorative.practice.models import (
    CaseEvent,
    Goal,
    GoalAttainment,
    Meeting,
    MeetingParticipant,
    MeetingType,
    Plan,
    PlanReview,
)

TODAY = datetime.date(2026, 12, 5)
D = datetime.date


# --- Pure: the window ------------------------------------------------------------------


def test_conflict_window_boundaries() -> None:
    circle = D(2026, 3, 10)
    conflicts = {
        1: [
            D(2025, 9, 9),  # a day before the window opens: not counted
            D(2025, 9, 10),  # first day of the before window
            D(2026, 3, 9),  # the day before the circle
            D(2026, 3, 10),  # the day itself: neither
            D(2026, 3, 11),  # after
            D(2026, 9, 10),  # last day of the after window
            D(2026, 9, 11),  # after the window closes
        ]
    }
    figures = outcomes.conflict_reduction({1: circle}, conflicts, today=TODAY)
    assert (figures.families, figures.before, figures.after, figures.waiting) == (1, 2, 2, 0)
    assert figures.small and figures.change_percent == 0


def test_a_family_whose_six_months_after_have_not_passed_waits() -> None:
    recent = {1: D(2026, 7, 1), 2: D(2026, 6, 5)}
    figures = outcomes.conflict_reduction(recent, {1: [D(2026, 5, 1)]}, today=TODAY)
    assert (figures.families, figures.waiting) == (1, 1)  # 5 Dec 2026 is 6 months after 5 June


def test_holding_at_marks() -> None:
    started = D(2026, 1, 15)
    reviews = [(D(2026, 4, 14), "yes"), (D(2026, 4, 15), "no"), (D(2026, 7, 20), "yes")]
    assert outcomes.holds_at(started, reviews, months=3, today=TODAY) is False  # first after
    assert outcomes.holds_at(started, reviews, months=6, today=TODAY) is True
    assert outcomes.holds_at(started, reviews, months=12, today=TODAY) is None  # not old enough
    assert outcomes.holds_at(started, [], months=3, today=TODAY) is False


def test_sustainability_denominator_is_every_plan_old_enough() -> None:
    plans = {1: D(2025, 11, 1), 2: D(2026, 8, 1), 3: D(2026, 10, 1)}
    reviews = {
        1: [(D(2026, 2, 1), "yes"), (D(2026, 11, 2), "partly")],
        2: [(D(2026, 11, 1), "yes")],
    }
    three, six, twelve = outcomes.sustainability(plans, reviews, today=TODAY)
    assert (three.plans, three.reviewed, three.holding) == (2, 2, 2)  # plan 3 is 2 months old
    assert (six.plans, six.reviewed, six.holding) == (1, 1, 0)  # first after 6m: partly
    assert (twelve.plans, twelve.holding) == (1, 0)  # plan 1: first review after 12m is partly


# --- From the records ------------------------------------------------------------------


def _held(family: Any, author: Any, kind: str, day: datetime.date) -> Meeting:
    return Meeting.objects.create(
        family=family, meeting_type=kind, status="held", held_on=day, created_by=author
    )


def test_outcomes_from_records(world: Any) -> None:
    today = datetime.date.today()
    months = datetime.timedelta(days=31)
    family = world.family
    circle_day = today - 8 * months
    _held(family, world.allocated, MeetingType.RESTORATIVE_CIRCLE, circle_day)
    _held(family, world.allocated, MeetingType.RESTORATIVE_CIRCLE, circle_day + months)  # not first
    for back in (1, 2, 3):
        _held(family, world.allocated, MeetingType.PLACEMENT_STABILITY, circle_day - back * months)
    _held(family, world.allocated, MeetingType.PLACEMENT_STABILITY, circle_day + 2 * months)
    # Another team's family is not in team A1's figures.
    elsewhere = FamilyFactory(team=world.team_b1, name="Novak")
    _held(elsewhere, world.other_service, MeetingType.FAMILY_GROUP_CONFERENCE, circle_day)
    # Engagement: a meeting held a month ago; the child came and gave a view, the mother did
    # not come, a professional (not family) is not counted.
    meeting = _held(family, world.allocated, MeetingType.CORE_GROUP, today - months)
    child = family.members.get()
    MeetingParticipant.objects.create(
        meeting=meeting,
        member=child,
        kind="child",
        attendance="attended",
        view_given_by="in_person",
        view="Better now",
    )
    MeetingParticipant.objects.create(
        meeting=meeting, name="Grace", kind="family_member", attendance="did_not_attend"
    )
    MeetingParticipant.objects.create(
        meeting=meeting, name="Jo", kind="professional", role="GP", attendance="attended"
    )
    # A plan of 7 months, reviewed at 4 months (holding) with one goal rated +1.
    plan = Plan.objects.create(
        family=family,
        title="Staying together",
        started_on=today - 7 * months,
        created_by=world.allocated,
    )
    review = PlanReview.objects.create(
        plan=plan,
        reviewed_on=today - 3 * months,
        family_scaling=7,
        professional_scaling=6,
        holding="yes",
        created_by=world.allocated,
    )
    goal = Goal.objects.create(plan=plan, goal="Calmer mornings", whose="Mum")
    GoalAttainment.objects.create(review=review, goal=goal, level=1)

    place = team_place(world.manager, world.team_a1.uuid)
    o = outcomes_for(place, today=today)
    assert (o.conflict.families, o.conflict.before, o.conflict.after) == (1, 3, 1)
    assert (o.engagement.invited, o.engagement.attended, o.engagement.views) == (2, 1, 1)
    three, six, twelve = o.holding
    assert (three.plans, three.holding) == (1, 1)
    assert (six.plans, six.reviewed, six.holding) == (1, 0, 0)
    assert twelve.plans == 0
    assert (o.gas.plans, o.gas.met_or_better) == (1, 1)

    client = Client()
    client.force_login(world.manager)
    body = client.get(reverse("governance:outcomes")).content.decode()
    assert "Outcome measures: North Safeguarding" in body
    assert "50% (1 of 2)" in body and "Too few to read" in body


def test_outcomes_pages_follow_the_picture_rule(world: Any) -> None:
    client = Client()
    client.force_login(world.head)
    assert (
        client.get(reverse("governance:outcomes_service", args=[world.service_b.uuid])).status_code
        == 404
    )
    assert (
        client.get(reverse("governance:outcomes_team", args=[world.team_a2.uuid])).status_code
        == 200
    )
    client.force_login(world.allocated)
    assert client.get(reverse("governance:outcomes")).status_code == 404


def _incident(family: Any, author: Any, day: datetime.date, event_id: str) -> None:
    CaseEvent.objects.create(
        organisation=author.organisation,
        source_event_id=event_id,
        kind=CaseEvent.Kind.INCIDENT,
        case_reference=family.case_reference,
        family=family,
        occurred_on=day,
        received_by=author,
        channel=CaseEvent.Channel.API,
        outcome="Recorded for the outcome measures; no meeting changed.",
    )


def test_conflict_counts_the_three_triggers(world: Any) -> None:
    """Hand-counted: a family group conference 8 months ago (day D). Before, in [D - 6m, D):
    a placement stability meeting, a community circle about conflict, two incidents (one
    more, 7 months before, is outside the window): 4. After, in (D, D + 6m]: an incident and a
    family circle about conflict (2); a circle not about conflict, a cancelled placement
    stability meeting and the incidents of a family with no circle or conference are not
    counted."""
    today = datetime.date.today()
    months = datetime.timedelta(days=31)
    author = world.allocated
    family = world.family
    d = today - 8 * months
    _held(family, author, MeetingType.FAMILY_GROUP_CONFERENCE, d)
    _held(family, author, MeetingType.PLACEMENT_STABILITY, d - 2 * months)
    community = _held(family, author, MeetingType.COMMUNITY_CIRCLE, d - months)
    community.about_conflict = True
    community.save()
    _incident(family, author, d - 3 * months, "INC-1")
    _incident(family, author, d - datetime.timedelta(days=1), "INC-2")
    _incident(family, author, d - 7 * months, "INC-OUT")  # before the window opens
    _incident(family, author, d + months, "INC-3")
    circle = _held(family, author, MeetingType.RESTORATIVE_CIRCLE, d + 2 * months)
    circle.about_conflict = True
    circle.save()
    _held(family, author, MeetingType.RESTORATIVE_CIRCLE, d + 3 * months)  # not about conflict
    Meeting.objects.create(
        family=family,
        meeting_type=MeetingType.PLACEMENT_STABILITY,
        status="cancelled",
        held_on=d + months,
        created_by=author,
    )
    no_circle = FamilyFactory(team=world.team_a1, name="Quiet")
    _incident(no_circle, author, d + months, "INC-4")

    o = outcomes_for(team_place(world.manager, world.team_a1.uuid), today=today)
    assert (o.conflict.families, o.conflict.before, o.conflict.after) == (1, 4, 2)
    assert o.conflict.change_percent == -50
