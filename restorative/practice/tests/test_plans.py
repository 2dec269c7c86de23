"""Co-designed plans: who sees them, bad input, double submission, reviews, sustainability."""

from __future__ import annotations

import datetime
import uuid
from types import SimpleNamespace
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from restorative.core.audit import AuditWriteError
from restorative.core.models import AccessEvent
from restorative.people import permissions as people_permissions
from restorative.people.tests.factories import FamilyMemberFactory
from restorative.practice import permissions, plans, selectors
from restorative.practice.models import Action, ActionProgress, Goal, Plan, PlanReview

TODAY = datetime.date.today()


def _d(days: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=days)


def _fmt(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


PEOPLE = [
    "allocated",
    "same_team",
    "asye_same_team",
    "manager",
    "support_same_team",
    "other_team",
    "other_team_manager",
    "other_service",
    "head",
    "other_head",
    "director",
    "quality",
    "workforce",
    "admin",
    "partner",
]


@pytest.fixture
def plan_world(world: Any, practice: Any) -> SimpleNamespace:
    """Three plans: from the meeting the partner is invited to, from another meeting, alone."""
    from_invited = plans.plan_create(
        actor=world.allocated,
        family=practice.family,
        title="Calmer mornings",
        started_on=_d(-30),
        meeting=practice.invited,
    )
    from_other = plans.plan_create(
        actor=world.allocated,
        family=practice.family,
        title="School every day",
        started_on=_d(-30),
        meeting=practice.not_invited,
    )
    standalone = plans.plan_create(
        actor=world.allocated, family=practice.family, title="Weekends", started_on=_d(-30)
    )
    return SimpleNamespace(from_invited=from_invited, from_other=from_other, standalone=standalone)


# --- Permissions ------------------------------------------------------------------------


@pytest.mark.parametrize("who", PEOPLE)
def test_plan_object_check_and_list_filter_agree(
    world: Any, practice: Any, plan_world: Any, who: str
) -> None:
    user = getattr(world, who)
    listed = set(
        Plan.objects.filter(permissions.plans_visible_q(user)).values_list("pk", flat=True)
    )
    for plan in Plan.objects.all():
        assert permissions.can_view_plan(user, plan) == (plan.pk in listed), (who, plan)
    sees_family = people_permissions.can_view_family(user, practice.family)
    assert permissions.can_view_plan(user, plan_world.standalone) == sees_family
    assert permissions.can_view_plan(user, plan_world.from_other) == sees_family
    assert permissions.can_view_plan(user, plan_world.from_invited) == (
        sees_family or who == "partner"
    )


def test_invited_partner_sees_that_meetings_plan_only(
    client: Any, world: Any, practice: Any, plan_world: Any
) -> None:
    client.force_login(world.partner)
    response = client.get(reverse("practice:plan_detail", args=[plan_world.from_invited.uuid]))
    assert response.status_code == 200
    assert "Calmer mornings" in response.content.decode()
    event = AccessEvent.objects.get(subject_uuid=plan_world.from_invited.uuid, actor=world.partner)
    assert event.reason == permissions.BASIS_INVITED_PARTNER
    assert event.subject_type == "plan"
    action = plans.action_add(
        actor=world.allocated,
        plan=plan_world.from_invited,
        what="Phone school",
        owner=plans.Owner(staff=world.allocated),
        due_date=_d(5),
    )
    for url in [
        reverse("practice:plan_detail", args=[plan_world.from_other.uuid]),
        reverse("practice:plan_detail", args=[plan_world.standalone.uuid]),
        reverse("practice:goal_new", args=[plan_world.from_invited.uuid]),
        reverse("practice:action_new", args=[plan_world.from_invited.uuid]),
        reverse("practice:review_new", args=[plan_world.from_invited.uuid]),
        reverse("practice:action_update", args=[action.uuid]),
        reverse("practice:plan_new", args=[practice.family.uuid]),
    ]:
        assert client.get(url).status_code == 404, url
    # The meeting page lists the plan made there, for the invited partner too.
    body = client.get(reverse("practice:meeting_detail", args=[practice.invited.uuid])).content
    assert b"Calmer mornings" in body


@pytest.mark.parametrize("who", ["other_team", "other_service", "other_head"])
def test_others_get_404(client: Any, world: Any, practice: Any, plan_world: Any, who: str) -> None:
    client.force_login(getattr(world, who))
    for plan in (plan_world.from_invited, plan_world.standalone):
        assert client.get(reverse("practice:plan_detail", args=[plan.uuid])).status_code == 404
    # The other partner is invited to the other meeting: they see its plan, and no other.
    client.force_login(practice.other_partner)
    assert (
        client.get(reverse("practice:plan_detail", args=[plan_world.from_other.uuid])).status_code
        == 200
    )
    for plan in (plan_world.from_invited, plan_world.standalone):
        assert client.get(reverse("practice:plan_detail", args=[plan.uuid])).status_code == 404
    assert client.get(reverse("practice:plan_detail", args=[uuid.uuid4()])).status_code == 404


# --- The journey through the pages ------------------------------------------------------


def test_make_a_plan_from_a_meeting_add_goal_action_and_review(
    client: Any, world: Any, practice: Any
) -> None:
    client.force_login(world.allocated)
    meeting_page = client.get(reverse("practice:meeting_detail", args=[practice.invited.uuid]))
    new_url = reverse("practice:plan_new", args=[practice.family.uuid])
    assert f"{new_url}?meeting={practice.invited.uuid}" in meeting_page.content.decode()
    form_page = client.get(new_url, {"meeting": str(practice.invited.uuid)})
    assert form_page.status_code == 200
    response = client.post(
        new_url,
        {
            "submission_token": str(uuid.uuid4()),
            "meeting": str(practice.invited.uuid),
            "title": "Calmer mornings",
            "started_on": _fmt(_d(-10)),
            "review_date": _fmt(_d(20)),
        },
    )
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert plan.meeting == practice.invited
    goal_page = client.get(reverse("practice:goal_new", args=[plan.uuid]))
    # The goal is in the family's own words: a quotation, so no language checker on it.
    assert "data-language-check" not in goal_page.content.decode()
    client.post(
        reverse("practice:goal_new", args=[plan.uuid]),
        {
            "submission_token": str(uuid.uuid4()),
            "goal": "We want to get to school on time without shouting",
            "whose": "Grace and Jay",
            "baseline_level": "-1",
            "expected_level": "0",
            "level_0": "On time four days out of five",
        },
    )
    goal = Goal.objects.get()
    assert (goal.baseline_level, goal.expected_level) == (-1, 0)
    assert goal.level_0 == "On time four days out of five"
    client.post(
        reverse("practice:action_new", args=[plan.uuid]),
        {
            "submission_token": str(uuid.uuid4()),
            "what": "Lay out uniforms the night before",
            "owner": "family",
            "owner_member": str(practice.mother.uuid),
            "owner_name": "ignored because the owner is a family member",
            "due_date": _fmt(_d(-2)),
        },
    )
    client.post(
        reverse("practice:action_new", args=[plan.uuid]),
        {
            "submission_token": str(uuid.uuid4()),
            "what": "Breakfast club place",
            "owner": "professional",
            "owner_name": "Ms Okafor",
            "owner_agency": "Hilltop Primary",
            "due_date": _fmt(_d(7)),
        },
    )
    family_action, school_action = Action.objects.order_by("due_date")
    assert family_action.owner_member == practice.mother and family_action.owner_name == ""
    assert school_action.owner_display == "Ms Okafor, Hilltop Primary"
    page = client.get(reverse("practice:plan_detail", args=[plan.uuid])).content.decode()
    assert "We want to get to school on time without shouting" in page
    assert "Overdue" in page  # the family's action is past its date
    response = client.post(
        reverse("practice:review_new", args=[plan.uuid]),
        {
            "submission_token": str(uuid.uuid4()),
            "reviewed_on": _fmt(TODAY),
            "members": [str(practice.mother.uuid), str(practice.child.uuid)],
            "others_present": "Ms Okafor, Hilltop Primary",
            f"status_{family_action.uuid}": "done",
            f"progress_{family_action.uuid}": "Every night this week",
            f"status_{school_action.uuid}": "in_progress",
            "family_scaling": "7",
            "professional_scaling": "6",
            "holding": "partly",
            "holding_words": "Mornings are better, Fridays are hard",
        },
    )
    assert response.status_code == 302
    review = PlanReview.objects.get()
    assert (review.family_scaling, review.professional_scaling) == (7, 6)
    assert set(review.members.all()) == {practice.mother, practice.child}
    assert ActionProgress.objects.filter(review=review).count() == 2
    family_action.refresh_from_db()
    assert family_action.status == "done"
    page = client.get(reverse("practice:plan_detail", args=[plan.uuid])).content.decode()
    assert "Mornings are better, Fridays are hard" in page
    assert "Every night this week" in page
    practice_page = client.get(reverse("practice:family_practice", args=[practice.family.uuid]))
    assert "Calmer mornings" in practice_page.content.decode()
    # Change an action's status on its own page.
    client.post(
        reverse("practice:action_update", args=[school_action.uuid]),
        {"status": "not_done", "note": "No places until January"},
    )
    school_action.refresh_from_db()
    assert (school_action.status, school_action.note) == ("not_done", "No places until January")


# --- Bad input ----------------------------------------------------------------------------


def test_review_before_the_plan_began_is_refused(
    client: Any, world: Any, practice: Any, plan_world: Any
) -> None:
    plan = plan_world.standalone
    with pytest.raises(ValidationError) as error:
        plans.plan_review_record(
            actor=world.allocated,
            plan=plan,
            reviewed_on=plan.started_on - datetime.timedelta(days=1),
            members=[practice.mother],
            family_scaling=5,
            professional_scaling=5,
            holding="yes",
            actions={},
        )
    assert "reviewed_on" in error.value.message_dict
    client.force_login(world.allocated)
    response = client.post(
        reverse("practice:review_new", args=[plan.uuid]),
        {
            "submission_token": str(uuid.uuid4()),
            "reviewed_on": _fmt(plan.started_on - datetime.timedelta(days=1)),
            "members": [str(practice.mother.uuid)],
            "family_scaling": "5",
            "professional_scaling": "5",
            "holding": "yes",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Date of the review must be on or after the date the plan began" in body
    assert 'id="id_reviewed_on-error"' in body
    assert PlanReview.objects.count() == 0


def test_action_with_no_owner_is_refused(
    client: Any, world: Any, practice: Any, plan_world: Any
) -> None:
    plan = plan_world.standalone
    with pytest.raises(ValidationError) as error:
        plans.action_add(
            actor=world.allocated, plan=plan, what="Something", owner=plans.Owner(), due_date=TODAY
        )
    assert error.value.message_dict["owner"] == [plans.OWNER_MESSAGE]
    client.force_login(world.allocated)
    url = reverse("practice:action_new", args=[plan.uuid])
    for data, field, message in [
        ({}, "owner", "Choose who will do this"),
        ({"owner": "family"}, "owner_member", "Choose the family member who will do this"),
        ({"owner": "staff"}, "owner_staff", "Choose the member of staff who will do this"),
        ({"owner": "professional"}, "owner_name", "Enter the name of the professional"),
        ({"owner": "family", "owner_member": "not-a-uuid"}, "owner_member", "this family"),
    ]:
        response = client.post(
            url,
            {"submission_token": str(uuid.uuid4()), "what": "Phone", "due_date": _fmt(TODAY)}
            | data,
        )
        body = response.content.decode()
        assert response.status_code == 200, data
        assert message in body, data
        assert f'id="id_{field}-error"' in body or f'id="id_{field}-error"' in body.replace(
            "id_owner_0", "id_owner"
        ), data
    assert Action.objects.count() == 0


def test_action_of_another_familys_member_is_refused(
    world: Any, practice: Any, plan_world: Any
) -> None:
    stranger = FamilyMemberFactory(family=practice.other_family)
    with pytest.raises(ValidationError):
        plans.action_add(
            actor=world.allocated,
            plan=plan_world.standalone,
            what="x",
            owner=plans.Owner(member=stranger),
            due_date=TODAY,
        )
    assert Action.objects.count() == 0


def test_database_allows_exactly_one_owner(world: Any, practice: Any, plan_world: Any) -> None:
    for owners in [
        {},
        {"owner_member": practice.mother, "owner_staff": world.allocated},
        {"owner_staff": world.allocated, "owner_name": "Ms Okafor"},
    ]:
        with pytest.raises(IntegrityError), transaction.atomic():
            Action.objects.create(plan=plan_world.standalone, what="x", due_date=TODAY, **owners)
    Action.objects.create(
        plan=plan_world.standalone, what="x", due_date=TODAY, owner_agency="Housing"
    )


def test_scaling_needs_both_levels(client: Any, world: Any, plan_world: Any) -> None:
    client.force_login(world.allocated)
    response = client.post(
        reverse("practice:goal_new", args=[plan_world.standalone.uuid]),
        {
            "submission_token": str(uuid.uuid4()),
            "goal": "Calm",
            "whose": "Jay",
            "baseline_level": "-2",
        },
    )
    assert "To use scaling, choose both" in response.content.decode()
    assert Goal.objects.count() == 0


# --- Double submission --------------------------------------------------------------------


def test_double_submission_creates_one_record(
    client: Any, world: Any, practice: Any, plan_world: Any
) -> None:
    client.force_login(world.allocated)
    plan_data = {
        "submission_token": str(uuid.uuid4()),
        "title": "Twice",
        "started_on": _fmt(TODAY),
    }
    url = reverse("practice:plan_new", args=[practice.family.uuid])
    first = client.post(url, plan_data)
    second = client.post(url, plan_data)
    assert first["Location"] == second["Location"]
    assert Plan.objects.filter(title="Twice").count() == 1
    plan = plan_world.standalone
    action_data = {
        "submission_token": str(uuid.uuid4()),
        "what": "Phone school",
        "owner": "staff",
        "owner_staff": str(world.allocated.uuid),
        "due_date": _fmt(TODAY),
    }
    for _ in range(2):
        client.post(reverse("practice:action_new", args=[plan.uuid]), action_data)
    assert Action.objects.count() == 1
    goal_data = {"submission_token": str(uuid.uuid4()), "goal": "Calm", "whose": "Jay"}
    for _ in range(2):
        client.post(reverse("practice:goal_new", args=[plan.uuid]), goal_data)
    assert Goal.objects.count() == 1
    action = Action.objects.get()
    review_data = {
        "submission_token": str(uuid.uuid4()),
        "reviewed_on": _fmt(TODAY),
        "members": [str(practice.mother.uuid)],
        f"status_{action.uuid}": "in_progress",
        "family_scaling": "4",
        "professional_scaling": "5",
        "holding": "yes",
    }
    for _ in range(2):
        assert client.post(reverse("practice:review_new", args=[plan.uuid]), review_data)[
            "Location"
        ] == reverse("practice:plan_detail", args=[plan.uuid])
    assert PlanReview.objects.count() == 1
    assert ActionProgress.objects.count() == 1


# --- The access trail ---------------------------------------------------------------------


def test_plan_page_writes_the_trail_first_and_fails_closed(
    client: Any, world: Any, plan_world: Any
) -> None:
    client.force_login(world.allocated)
    url = reverse("practice:plan_detail", args=[plan_world.standalone.uuid])
    assert client.get(url).status_code == 200
    assert AccessEvent.objects.filter(
        subject_uuid=plan_world.standalone.uuid, action="view", actor=world.allocated
    ).exists()
    with mock.patch(
        "restorative.practice.services.access_event_record", side_effect=AuditWriteError("down")
    ):
        response = client.get(url)
        assert response.status_code == 503
        assert "Weekends" not in response.content.decode()
        for name in ("goal_new", "action_new", "review_new"):
            page = client.get(reverse(f"practice:{name}", args=[plan_world.standalone.uuid]))
            assert page.status_code == 503, name
        response = client.post(
            reverse("practice:goal_new", args=[plan_world.standalone.uuid]),
            {"submission_token": str(uuid.uuid4()), "goal": "x", "whose": "y"},
        )
        assert response.status_code == 503
    assert Goal.objects.count() == 0


# --- Constant queries ---------------------------------------------------------------------


def test_plan_page_query_count_is_constant(
    client: Any, world: Any, practice: Any, plan_world: Any
) -> None:
    plan = plan_world.from_invited
    client.force_login(world.allocated)
    url = reverse("practice:plan_detail", args=[plan.uuid])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def grow(n: int) -> None:
        for i in range(n):
            plans.goal_add(actor=world.allocated, plan=plan, goal=f"Goal {i}", whose="Jay")
            plans.action_add(
                actor=world.allocated,
                plan=plan,
                what=f"Action {i}",
                owner=[
                    plans.Owner(member=practice.mother),
                    plans.Owner(staff=world.allocated),
                    plans.Owner(name="Ms Okafor", agency="School"),
                ][i % 3],
                due_date=_d(i - 3),
            )
        plan_now = selectors.plan_get(world.allocated, plan.uuid)
        for day in range(n):
            plans.plan_review_record(
                actor=world.allocated,
                plan=plan_now,
                reviewed_on=_d(-day),
                members=[practice.mother, practice.child],
                family_scaling=5,
                professional_scaling=6,
                holding="yes",
                actions={
                    a.uuid: plans.ActionReview("in_progress", "ok") for a in plan_now.actions.all()
                },
            )

    grow(1)
    small = count()
    grow(6)
    assert Action.objects.filter(plan=plan).count() == 7
    assert count() == small
    # The family practice page and the due page stay constant too.
    practice_url = reverse("practice:family_practice", args=[practice.family.uuid])
    due_url = reverse("practice:meetings_due")
    with CaptureQueriesContext(connection) as before:
        client.get(practice_url)
        client.get(due_url)
    grow(3)
    with CaptureQueriesContext(connection) as after:
        client.get(practice_url)
        client.get(due_url)
    assert len(after) == len(before)


# --- Sustainability -----------------------------------------------------------------------


def _review(plan: Plan, on: datetime.date, holding: str) -> PlanReview:
    return PlanReview.objects.create(
        plan=plan,
        reviewed_on=on,
        family_scaling=5,
        professional_scaling=5,
        holding=holding,
        created_by=plan.created_by,
    )


def test_sustainability_at_3_6_and_12_months(world: Any, practice: Any) -> None:
    start = datetime.date(2025, 1, 31)
    plan = plans.plan_create(
        actor=world.allocated, family=practice.family, title="Long", started_on=start
    )
    # Before 3 months: does not count for any point.
    _review(plan, datetime.date(2025, 3, 1), "no")
    # Two reviews between 3 and 6 months (30 Apr and 31 Jul): the latest one counts.
    _review(plan, datetime.date(2025, 4, 30), "no")
    _review(plan, datetime.date(2025, 6, 1), "partly")
    # Nothing between 6 and 12 months; one after 12 months.
    _review(plan, datetime.date(2026, 2, 2), "yes")
    plan = selectors.plan_get(world.allocated, plan.uuid)
    points = selectors.plan_sustainability(plan, today=datetime.date(2026, 3, 1))
    assert [(p.months, p.on, p.holding) for p in points] == [
        (3, datetime.date(2025, 4, 30), "partly"),
        (6, datetime.date(2025, 7, 31), "unknown"),
        (12, datetime.date(2026, 1, 31), "yes"),
    ]
    assert points[1].label == "Unknown (no review)"
    early = selectors.plan_sustainability(plan, today=datetime.date(2025, 5, 1))
    assert [p.holding for p in early] == ["partly", "not_yet", "not_yet"]
    with CaptureQueriesContext(connection) as queries:
        selectors.plan_sustainability(plan)
    assert len(queries) == 0


def test_review_dated_in_the_future_is_refused(world: Any, practice: Any, plan_world: Any) -> None:
    with pytest.raises(ValidationError) as error:
        plans.plan_review_record(
            actor=world.allocated,
            plan=plan_world.standalone,
            reviewed_on=_d(3),
            members=[practice.mother],
            family_scaling=11,
            professional_scaling=None,
            holding="maybe",
            actions={uuid.uuid4(): plans.ActionReview("done")},
        )
    assert set(error.value.message_dict) >= {
        "reviewed_on",
        "family_scaling",
        "professional_scaling",
        "holding",
        "actions",
    }


# --- Overdue actions on the due page --------------------------------------------------------


def test_overdue_actions_show_whoever_owns_them(
    client: Any, world: Any, practice: Any, plan_world: Any
) -> None:
    plan = plan_world.from_invited
    for owner, what in [
        (plans.Owner(member=practice.mother), "Family overdue"),
        (plans.Owner(name="Ms Okafor", agency="Hilltop Primary"), "School overdue"),
        (plans.Owner(staff=world.partner), "Partner overdue"),
    ]:
        plans.action_add(actor=world.allocated, plan=plan, what=what, owner=owner, due_date=_d(-25))
    plans.action_add(
        actor=world.allocated,
        plan=plan,
        what="Not yet due",
        owner=plans.Owner(member=practice.mother),
        due_date=_d(5),
    )
    done = plans.action_add(
        actor=world.allocated,
        plan=plan,
        what="Done already",
        owner=plans.Owner(member=practice.mother),
        due_date=_d(-5),
    )
    plans.action_status_set(actor=world.allocated, action=done, status="done")
    client.force_login(world.allocated)
    events_before = AccessEvent.objects.count()
    body = client.get(reverse("practice:meetings_due")).content.decode()
    assert "Overdue plan actions (3)" in body
    # Owners by kind; a member of staff by name, as the family list names staff.
    assert "A family member" in body and "Someone without an account" in body
    assert world.partner.display_name in body
    # No words from the plan: the list spans families and writes no access event (0010).
    for words in ("Family overdue", "School overdue", "Partner overdue", "Ms Okafor", plan.title):
        assert words not in body, words
    assert AccessEvent.objects.count() == events_before
    assert reverse("practice:plan_detail", args=[plan.uuid]) in body
    assert "Not yet due" not in body and "Done already" not in body
    client.force_login(world.manager)
    body = client.get(reverse("practice:meetings_due") + "?scope=team").content.decode()
    assert "Overdue plan actions (3)" in body
    client.force_login(world.other_team_manager)
    body = client.get(reverse("practice:meetings_due") + "?scope=team").content.decode()
    assert "Overdue plan actions (0)" in body
    # The partner sees the action they own, on the plan of the meeting they were invited to.
    assert [a.what for a in selectors.actions_overdue(world.partner)] == ["Partner overdue"]
