"""Changing a plan after it was made: goals, actions, ending it. Who may, bad input, the trail."""

from __future__ import annotations

import datetime
import uuid
from types import SimpleNamespace
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from restorative.core.audit import AuditWriteError
from restorative.core.models import AccessEvent
from restorative.practice import plans, selectors
from restorative.practice.models import Action, Goal, Plan

TODAY = datetime.date.today()

# Who may see the world family; who may record for it (decision 0008).
VIEW = {
    "allocated",
    "same_team",
    "asye_same_team",
    "manager",
    "support_same_team",
    "head",
    "director",
    "quality",
}
# Business support arrange meetings but make no plans (decision 0008, roles).
RECORD = {"allocated", "same_team", "asye_same_team", "manager", "head"}
PEOPLE = sorted(
    VIEW
    | {"other_team", "other_team_manager", "other_service", "other_head", "workforce"}
    | {"admin", "partner"}
)


def _d(days: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=days)


def _fmt(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


@pytest.fixture
def made(world: Any, practice: Any) -> SimpleNamespace:
    """A plan made at the meeting the partner is invited to, with a goal and two actions."""
    plan = plans.plan_create(
        actor=world.allocated,
        family=practice.family,
        title="Calmer mornings",
        started_on=_d(-30),
        meeting=practice.invited,
    )
    goal = plans.goal_add(
        actor=world.allocated, plan=plan, goal="Get to school on time", whose="Jay"
    )
    late = plans.action_add(
        actor=world.allocated,
        plan=plan,
        what="Phone the school",
        owner=plans.Owner(staff=world.allocated),
        due_date=_d(-2),
    )
    later = plans.action_add(
        actor=world.allocated,
        plan=plan,
        what="Buy an alarm clock",
        owner=plans.Owner(member=practice.mother),
        due_date=_d(10),
    )
    return SimpleNamespace(plan=plan, goal=goal, late=late, later=later)


def _edit_urls(made: SimpleNamespace) -> list[str]:
    return [
        reverse("practice:plan_edit", args=[made.plan.uuid]),
        reverse("practice:plan_end", args=[made.plan.uuid]),
        reverse("practice:goal_edit", args=[made.goal.uuid]),
        reverse("practice:action_edit", args=[made.late.uuid]),
    ]


# --- Who may change a plan ----------------------------------------------------------------


@pytest.mark.parametrize("who", PEOPLE)
def test_only_those_who_record_for_the_family_may_change_a_plan(
    client: Any, world: Any, practice: Any, made: Any, who: str
) -> None:
    client.force_login(getattr(world, who))
    expected = 200 if who in RECORD else 404
    for url in _edit_urls(made):
        assert client.get(url).status_code == expected, (who, url)
    detail = client.get(reverse("practice:plan_detail", args=[made.plan.uuid]))
    assert detail.status_code == (200 if who in VIEW or who == "partner" else 404)
    if detail.status_code == 200:
        has_links = reverse("practice:goal_edit", args=[made.goal.uuid]) in detail.content.decode()
        assert has_links == (who in RECORD)


def test_an_invited_partner_sees_the_plan_but_cannot_change_it(
    client: Any, world: Any, made: Any
) -> None:
    client.force_login(world.partner)
    assert client.get(reverse("practice:plan_detail", args=[made.plan.uuid])).status_code == 200
    for url in _edit_urls(made):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("practice:goal_edit", args=[made.goal.uuid]), {"goal": "Changed", "whose": "X"}
    )
    assert response.status_code == 404
    response = client.post(
        reverse("practice:plan_end", args=[made.plan.uuid]),
        {"ended_on": _fmt(TODAY), "outcome": "Done"},
    )
    assert response.status_code == 404
    made.goal.refresh_from_db()
    made.plan.refresh_from_db()
    assert made.goal.goal == "Get to school on time"
    assert made.plan.status == Plan.Status.ACTIVE
    with pytest.raises(Exception) as refused:
        plans.goal_update(actor=world.partner, goal=made.goal, text="x", whose="y")
    assert type(refused.value).__name__ == "PermissionDenied"


# --- Goals ----------------------------------------------------------------------------------


def test_change_a_goal_and_its_scaling(client: Any, world: Any, made: Any) -> None:
    client.force_login(world.allocated)
    url = reverse("practice:goal_edit", args=[made.goal.uuid])
    page = client.get(url)
    assert "Get to school on time" in page.content.decode()
    response = client.post(
        url,
        {
            "goal": "Jay gets to school by 8.45 every day",
            "whose": "Jay and Mum",
            "baseline_level": "-1",
            "expected_level": "0",
            "level_0": "On time four days a week",
        },
    )
    assert response.status_code == 302
    made.goal.refresh_from_db()
    assert made.goal.goal == "Jay gets to school by 8.45 every day"
    assert (made.goal.baseline_level, made.goal.expected_level) == (-1, 0)
    assert made.goal.level_0 == "On time four days a week"
    event = AccessEvent.objects.filter(subject_uuid=made.plan.uuid, action="change").latest("id")
    assert (event.reason, event.actor, event.channel) == (
        "changed a goal in the plan",
        world.allocated,
        "web",
    )
    # Scaling can be dropped again.
    client.post(url, {"goal": "Jay gets to school", "whose": "Jay"})
    made.goal.refresh_from_db()
    assert made.goal.baseline_level is None and made.goal.level_0 == ""
    assert Goal.objects.filter(plan=made.plan).count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"goal": "", "whose": "Jay"}, "goal", "Enter the goal in the family&#x27;s own words"),
        ({"goal": "x", "whose": ""}, "whose", "Enter whose goal this is"),
        ({"goal": "x", "whose": "y", "baseline_level": "1"}, "expected_level", "choose both"),
        ({"goal": "x", "whose": "y", "baseline_level": "7"}, "baseline_level", "-2 to +2"),
    ],
)
def test_bad_goal_changes_are_refused_beside_the_field(
    client: Any, world: Any, made: Any, data: dict[str, str], field: str, message: str
) -> None:
    client.force_login(world.allocated)
    before = AccessEvent.objects.filter(action="change").count()
    response = client.post(reverse("practice:goal_edit", args=[made.goal.uuid]), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="id_{field}-error"' in body
    assert message in body
    made.goal.refresh_from_db()
    assert made.goal.goal == "Get to school on time"
    assert AccessEvent.objects.filter(action="change").count() == before


# --- Actions --------------------------------------------------------------------------------


def test_change_an_actions_owner_due_date_status_and_words(
    client: Any, world: Any, made: Any
) -> None:
    client.force_login(world.allocated)
    url = reverse("practice:action_edit", args=[made.late.uuid])
    page = client.get(url).content.decode()
    assert "Phone the school" in page and 'value="staff" checked' in page
    response = client.post(
        url,
        {
            "what": "Meet the head of year",
            "owner": "professional",
            "owner_name": "Ms Okafor",
            "owner_agency": "Hilltop Primary",
            "due_date": _fmt(_d(7)),
            "status": "in_progress",
            "note": "Booked for Tuesday",
        },
    )
    assert response.status_code == 302
    made.late.refresh_from_db()
    assert made.late.what == "Meet the head of year"
    assert made.late.owner_staff is None
    assert made.late.owner_display == "Ms Okafor, Hilltop Primary"
    assert made.late.due_date == _d(7)
    assert made.late.status == "in_progress" and made.late.note == "Booked for Tuesday"
    assert AccessEvent.objects.filter(
        subject_uuid=made.plan.uuid, reason="changed an action in the plan"
    ).exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"owner": ""}, "owner", "Choose who will do this"),
        ({"owner": "family", "owner_member": ""}, "owner_member", "Choose the family member"),
        ({"owner": "family", "owner_member": str(uuid.uuid4())}, "owner_member", "this family"),
        ({"due_date": ""}, "due_date", "Enter the due date"),
        ({"due_date": "31/02/2026"}, "due_date", "must be a real date"),
        ({"due_date": _fmt(_d(-60))}, "due_date", "on or after the date the plan started"),
        ({"status": "finished"}, "status", "Choose where the action has got to"),
        ({"what": ""}, "what", "Enter what will be done"),
    ],
)
def test_bad_action_changes_are_refused_beside_the_field(
    client: Any, world: Any, made: Any, change: dict[str, str], field: str, message: str
) -> None:
    client.force_login(world.allocated)
    data = {
        "what": "Phone the school",
        "owner": "staff",
        "owner_staff": str(world.allocated.uuid),
        "due_date": _fmt(_d(3)),
        "status": "done",
    }
    data.update(change)
    response = client.post(reverse("practice:action_edit", args=[made.late.uuid]), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="id_{field}-error"' in body, body[:400]
    assert message in body
    made.late.refresh_from_db()
    assert (made.late.status, made.late.due_date) == ("not_started", _d(-2))


def test_an_action_owned_by_another_familys_member_is_refused_by_the_service(
    world: Any, made: Any
) -> None:
    from restorative.people.tests.factories import FamilyMemberFactory

    stranger = FamilyMemberFactory()
    with pytest.raises(ValidationError) as error:
        plans.action_update(
            actor=world.allocated,
            action=made.late,
            what="x",
            owner=plans.Owner(member=stranger),
            due_date=_d(1),
            status="done",
        )
    assert "owner_member" in error.value.message_dict
    made.late.refresh_from_db()
    assert made.late.owner_staff == world.allocated


# --- Ending a plan --------------------------------------------------------------------------


def test_end_a_plan_then_it_is_read_only_and_its_actions_are_not_overdue(
    client: Any, world: Any, made: Any
) -> None:
    client.force_login(world.allocated)
    due = client.get(reverse("practice:meetings_due")).content.decode()
    assert "Overdue plan actions (1)" in due  # overdue while the plan is active
    detail_url = reverse("practice:plan_detail", args=[made.plan.uuid])
    assert "Overdue" in client.get(detail_url).content.decode()

    response = client.post(
        reverse("practice:plan_end", args=[made.plan.uuid]),
        {"ended_on": _fmt(TODAY), "outcome": "Mornings are calm; Jay is on time most days"},
    )
    assert response.status_code == 302
    made.plan.refresh_from_db()
    assert made.plan.status == Plan.Status.ENDED
    assert made.plan.ended_on == TODAY and made.plan.ended_by == world.allocated
    assert made.plan.end_outcome == "Mornings are calm; Jay is on time most days"
    event = AccessEvent.objects.filter(subject_uuid=made.plan.uuid).latest("id")
    assert (event.action, event.reason) == ("change", "ended the plan")

    page = client.get(detail_url).content.decode()
    assert "Ended" in page and "Mornings are calm" in page
    assert "Overdue" not in page
    for name in ("goal_new", "action_new", "review_new", "plan_edit", "plan_end"):
        assert reverse(f"practice:{name}", args=[made.plan.uuid]) not in page, name
    assert reverse("practice:goal_edit", args=[made.goal.uuid]) not in page
    assert (
        "Overdue plan actions (0)" in client.get(reverse("practice:meetings_due")).content.decode()
    )
    assert selectors.actions_overdue(world.allocated) == []

    # Every change page sends people back to the plan, saying why; nothing can be added.
    for url in [
        reverse("practice:goal_new", args=[made.plan.uuid]),
        reverse("practice:action_new", args=[made.plan.uuid]),
        reverse("practice:review_new", args=[made.plan.uuid]),
        reverse("practice:plan_edit", args=[made.plan.uuid]),
        reverse("practice:plan_end", args=[made.plan.uuid]),
        reverse("practice:goal_edit", args=[made.goal.uuid]),
        reverse("practice:action_edit", args=[made.late.uuid]),
        reverse("practice:action_update", args=[made.late.uuid]),
    ]:
        response = client.get(url, follow=True)
        assert response.redirect_chain[-1][0] == detail_url, url
        assert "An ended plan cannot be changed" in response.content.decode(), url
    response = client.post(
        reverse("practice:goal_new", args=[made.plan.uuid]),
        {"submission_token": str(uuid.uuid4()), "goal": "More", "whose": "Jay"},
    )
    assert response.status_code == 302
    assert Goal.objects.filter(plan=made.plan).count() == 1
    with pytest.raises(ValidationError):
        plans.goal_add(actor=world.allocated, plan=made.plan, goal="x", whose="y")
    with pytest.raises(ValidationError):
        plans.action_status_set(actor=world.allocated, action=made.late, status="done")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"ended_on": _fmt(_d(-31)), "outcome": "x"}, "on or after the date it began"),
        ({"ended_on": _fmt(_d(1)), "outcome": "x"}, "today or in the past"),
        ({"ended_on": "", "outcome": "x"}, "Enter the date the plan ended"),
        ({"ended_on": "30/02/2026", "outcome": "x"}, "must be a real date"),
        ({"ended_on": _fmt(TODAY), "outcome": "  "}, "Say why the plan ended"),
    ],
)
def test_bad_endings_are_refused_beside_the_field(
    client: Any, world: Any, made: Any, data: dict[str, str], message: str
) -> None:
    client.force_login(world.allocated)
    response = client.post(reverse("practice:plan_end", args=[made.plan.uuid]), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert "govuk-error-message" in body
    made.plan.refresh_from_db()
    assert made.plan.status == Plan.Status.ACTIVE and made.plan.ended_on is None


def test_ending_twice_with_the_same_form_ends_once(client: Any, world: Any, made: Any) -> None:
    client.force_login(world.allocated)
    url = reverse("practice:plan_end", args=[made.plan.uuid])
    data = {"ended_on": _fmt(TODAY), "outcome": "Goals met"}
    assert client.post(url, data).status_code == 302
    second = client.post(url, data)
    assert second.status_code == 302
    assert (
        AccessEvent.objects.filter(subject_uuid=made.plan.uuid, reason="ended the plan").count()
        == 1
    )
    # A different ending after it has ended is refused with a message, changing nothing.
    third = client.post(url, {"ended_on": _fmt(_d(-1)), "outcome": "Something else"})
    assert third.status_code == 200
    assert "An ended plan cannot be changed" in third.content.decode()
    made.plan.refresh_from_db()
    assert made.plan.end_outcome == "Goals met"


def test_ending_fails_closed_when_the_trail_cannot_be_written(
    client: Any, world: Any, made: Any
) -> None:
    client.force_login(world.allocated)
    with mock.patch(
        "restorative.practice.services.access_event_record", side_effect=AuditWriteError("down")
    ):
        response = client.post(
            reverse("practice:plan_end", args=[made.plan.uuid]),
            {"ended_on": _fmt(TODAY), "outcome": "Goals met"},
        )
        assert response.status_code == 503
        for url in _edit_urls(made):
            assert client.get(url).status_code == 503, url
        response = client.post(
            reverse("practice:action_edit", args=[made.late.uuid]),
            {
                "what": "Changed",
                "owner": "staff",
                "owner_staff": str(world.allocated.uuid),
                "due_date": _fmt(_d(3)),
                "status": "done",
            },
        )
        assert response.status_code == 503
    made.plan.refresh_from_db()
    made.late.refresh_from_db()
    assert made.plan.status == Plan.Status.ACTIVE
    assert made.late.what == "Phone the school"


def test_the_database_keeps_an_ended_plan_dated_on_or_after_it_began(world: Any, made: Any) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.filter(pk=made.plan.pk).update(status="ended")
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.filter(pk=made.plan.pk).update(status="ended", ended_on=_d(-40))


# --- Constant queries -----------------------------------------------------------------------


def test_ended_plan_page_and_edit_pages_make_constant_queries(
    client: Any, world: Any, practice: Any, made: Any
) -> None:
    client.force_login(world.allocated)
    urls = [
        reverse("practice:plan_detail", args=[made.plan.uuid]),
        reverse("practice:action_edit", args=[made.late.uuid]),
        reverse("practice:goal_edit", args=[made.goal.uuid]),
    ]

    def counts() -> list[int]:
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    small = counts()
    for i in range(8):
        plans.goal_add(actor=world.allocated, plan=made.plan, goal=f"Goal {i}", whose="Jay")
        plans.action_add(
            actor=world.allocated,
            plan=made.plan,
            what=f"Action {i}",
            owner=plans.Owner(name=f"Worker {i}", agency="Health"),
            due_date=_d(i - 4),
        )
    assert counts() == small
    plans.plan_end(actor=world.allocated, plan=made.plan, ended_on=TODAY, outcome="Done")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(urls[0]).status_code == 200
    assert len(queries) == small[0]
    assert Action.objects.filter(plan=made.plan).count() == 10
