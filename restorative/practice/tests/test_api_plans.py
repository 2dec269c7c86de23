"""The plans API (plans, goals, actions, reviews, ending) and changing who is invited, as an
integrator sees them: who gets what, the access trail, bad input, double submission."""

from __future__ import annotations

import datetime
import uuid
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from restorative.core.audit import AuditWriteError
from restorative.core.models import AccessEvent
from restorative.practice import plans, services
from restorative.practice.models import Action, Goal, MeetingParticipant, Plan, PlanReview

TODAY = datetime.date.today()
PLANS = "/api/practice/plans/"
ACTIONS = "/api/practice/actions/"

RELATIONSHIPS = [
    "allocated",
    "same_team",
    "asye_same_team",
    "manager",
    "support_same_team",
    "other_team",
    "other_service",
    "head",
    "other_head",
    "director",
    "quality",
    "workforce",
    "admin",
    "partner",
]
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


def _d(days: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=days)


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def signed_in(api: APIClient, user: Any) -> APIClient:
    api.force_login(user)
    return api


def listed(response: Any) -> set[str]:
    body = response.json()
    rows = body["results"] if isinstance(body, dict) else body
    return {row["uuid"] for row in rows}


@pytest.fixture
def made(world: Any, practice: Any) -> SimpleNamespace:
    """A plan from the meeting the partner is invited to (with a goal and an overdue action),
    and one made on its own."""
    plan = plans.plan_create(
        actor=world.allocated,
        family=practice.family,
        title="Calmer mornings",
        started_on=_d(-30),
        meeting=practice.invited,
    )
    goal = plans.goal_add(actor=world.allocated, plan=plan, goal="On time", whose="Jay")
    action = plans.action_add(
        actor=world.allocated,
        plan=plan,
        what="Phone the school",
        owner=plans.Owner(name="Ms Okafor", agency="Hilltop Primary"),
        due_date=_d(-2),
    )
    standalone = plans.plan_create(
        actor=world.allocated, family=practice.family, title="Weekends", started_on=_d(-10)
    )
    return SimpleNamespace(plan=plan, goal=goal, action=action, standalone=standalone)


def _break_the_audit(monkeypatch: Any) -> None:
    def refuse(**kwargs: Any) -> None:
        raise AuditWriteError("down")

    monkeypatch.setattr(services, "access_event_record", refuse)


# --- The journey ------------------------------------------------------------------------------


def test_make_a_plan_add_goal_action_review_change_and_end_it(
    api: APIClient, world: Any, practice: Any
) -> None:
    client = signed_in(api, world.allocated)
    token = str(uuid.uuid4())
    body = {
        "family": str(practice.family.uuid),
        "meeting": str(practice.invited.uuid),
        "title": "Calmer mornings",
        "started_on": str(_d(-20)),
        "submission_token": token,
    }
    created = client.post(PLANS, body, format="json")
    assert created.status_code == 201, created.json()
    plan_uuid = created.json()["uuid"]
    assert created.json()["meeting"]["uuid"] == str(practice.invited.uuid)
    # Sent again with the same token: the same plan, not a second one.
    again = client.post(PLANS, body, format="json")
    assert again.status_code == 201 and again.json()["uuid"] == plan_uuid
    assert Plan.objects.count() == 1

    goal = client.post(
        f"{PLANS}{plan_uuid}/goals/",
        {"goal": "Jay on time", "whose": "Jay", "baseline_level": -1, "expected_level": 0},
        format="json",
    )
    assert goal.status_code == 201, goal.json()
    action = client.post(
        f"{PLANS}{plan_uuid}/actions/",
        {"what": "Alarm clock", "owner_member": str(practice.mother.uuid), "due_date": str(_d(5))},
        format="json",
    )
    assert action.status_code == 201, action.json()
    assert action.json()["owner_kind"] == "family" and action.json()["plan"] == plan_uuid
    review = client.post(
        f"{PLANS}{plan_uuid}/reviews/",
        {
            "reviewed_on": str(_d(-1)),
            "members": [str(practice.mother.uuid)],
            "family_scaling": 6,
            "professional_scaling": 5,
            "holding": "partly",
            "actions": [{"action": action.json()["uuid"], "status": "in_progress"}],
        },
        format="json",
    )
    assert review.status_code == 201, review.json()
    assert review.json()["progress"] == [
        {"action": action.json()["uuid"], "status": "in_progress", "progress": ""}
    ]

    changed_goal = client.patch(
        f"/api/practice/goals/{goal.json()['uuid']}/",
        {"goal": "Jay on time every day", "baseline_level": None, "expected_level": None},
        format="json",
    )
    assert changed_goal.status_code == 200, changed_goal.json()
    assert changed_goal.json()["goal"] == "Jay on time every day"
    assert changed_goal.json()["baseline_level"] is None
    assert changed_goal.json()["whose"] == "Jay"  # left out: kept
    changed_action = client.patch(
        f"{ACTIONS}{action.json()['uuid']}/",
        {"owner_staff": str(world.allocated.uuid), "status": "done", "note": "Bought"},
        format="json",
    )
    assert changed_action.status_code == 200, changed_action.json()
    assert changed_action.json()["owner_kind"] == "staff"
    assert changed_action.json()["owner_member"] is None
    assert changed_action.json()["what"] == "Alarm clock"
    renamed = client.patch(f"{PLANS}{plan_uuid}/", {"review_date": str(_d(30))}, format="json")
    assert renamed.status_code == 200 and renamed.json()["title"] == "Calmer mornings"

    detail = client.get(f"{PLANS}{plan_uuid}/").json()
    assert [g["goal"] for g in detail["goals"]] == ["Jay on time every day"]
    assert detail["actions"][0]["status"] == "done"
    assert detail["reviews"][0]["holding"] == "partly"
    assert [p["months"] for p in detail["sustainability"]] == [3, 6, 12]
    assert detail["can_record"] is True

    ended = client.post(
        f"{PLANS}{plan_uuid}/end/",
        {"ended_on": str(TODAY), "outcome": "Mornings are calm"},
        format="json",
    )
    assert ended.status_code == 200, ended.json()
    assert ended.json()["status"] == "ended" and ended.json()["can_record"] is False
    assert ended.json()["ended_on"] == str(TODAY)
    # The same ending again changes nothing; any change after it is refused with a message.
    assert (
        client.post(
            f"{PLANS}{plan_uuid}/end/",
            {"ended_on": str(TODAY), "outcome": "Mornings are calm"},
            format="json",
        ).status_code
        == 200
    )
    refused = client.patch(f"{PLANS}{plan_uuid}/", {"title": "New"}, format="json")
    assert refused.status_code == 400
    assert "An ended plan cannot be changed" in str(refused.json())
    for url, payload in [
        (f"{PLANS}{plan_uuid}/goals/", {"goal": "x", "whose": "y"}),
        (
            f"{PLANS}{plan_uuid}/actions/",
            {"what": "x", "owner_name": "Ms A", "due_date": str(TODAY)},
        ),
    ]:
        response = client.post(url, payload, format="json")
        assert response.status_code == 400, url
    assert Goal.objects.count() == 1 and Action.objects.count() == 1

    events = AccessEvent.objects.filter(subject_uuid=plan_uuid)
    assert {e.channel for e in events} == {"api"}
    assert {"made a plan with the family", "ended the plan", "changed a goal in the plan"} <= {
        e.reason for e in events
    }
    assert events.filter(action="view").count() == 1  # the one retrieve


# --- Who sees and who changes -----------------------------------------------------------------


@pytest.mark.parametrize("relationship", RELATIONSHIPS)
def test_plans_follow_the_family_rule_plus_invited_partners(
    api: APIClient, world: Any, made: Any, relationship: str
) -> None:
    client = signed_in(api, getattr(world, relationship))
    sees_family = relationship in VIEW
    for plan, partner_sees in ((made.plan, True), (made.standalone, False)):
        may_see = sees_family or (relationship == "partner" and partner_sees)
        expected = 200 if may_see else 404
        assert client.get(f"{PLANS}{plan.uuid}/").status_code == expected, plan
        for tail in ("goals/", "reviews/"):
            assert client.get(f"{PLANS}{plan.uuid}/{tail}").status_code == expected
    listing = client.get(PLANS)
    if listing.status_code == 200:
        expected_list = {str(made.plan.uuid), str(made.standalone.uuid)} if sees_family else set()
        if relationship == "partner":
            expected_list = {str(made.plan.uuid)}
        assert listed(listing) == expected_list
    else:
        assert listing.status_code == 404
        assert not sees_family and relationship != "partner"
    may_see_action = sees_family or relationship == "partner"
    assert client.get(f"{ACTIONS}{made.action.uuid}/").status_code == (
        200 if may_see_action else 404
    )
    assert client.get(f"/api/practice/goals/{made.goal.uuid}/").status_code == (
        200 if may_see_action else 404
    )
    # Changing: those who record; 403 for those who see it but may not change it; else 404.
    change = client.patch(f"{PLANS}{made.plan.uuid}/", {"title": "Renamed"}, format="json")
    if relationship in RECORD:
        assert change.status_code == 200
    elif may_see_action:
        assert change.status_code == 403
    else:
        assert change.status_code == 404


def test_an_invited_partner_may_read_but_not_change_the_plan(
    api: APIClient, world: Any, made: Any
) -> None:
    client = signed_in(api, world.partner)
    assert client.get(f"{PLANS}{made.plan.uuid}/").json()["can_record"] is False
    for method, url, payload in [
        ("patch", f"{PLANS}{made.plan.uuid}/", {"title": "x"}),
        ("post", f"{PLANS}{made.plan.uuid}/end/", {"ended_on": str(TODAY), "outcome": "x"}),
        ("post", f"{PLANS}{made.plan.uuid}/goals/", {"goal": "x", "whose": "y"}),
        ("patch", f"/api/practice/goals/{made.goal.uuid}/", {"goal": "x"}),
        ("patch", f"{ACTIONS}{made.action.uuid}/", {"status": "done"}),
        (
            "post",
            f"{PLANS}{made.plan.uuid}/actions/",
            {"what": "x", "owner_name": "y", "due_date": str(TODAY)},
        ),
        (
            "post",
            f"{PLANS}{made.plan.uuid}/reviews/",
            {
                "reviewed_on": str(TODAY),
                "others_present": "x",
                "family_scaling": 1,
                "professional_scaling": 1,
                "holding": "yes",
            },
        ),
    ]:
        response = getattr(client, method)(url, payload, format="json")
        assert response.status_code == 403, (method, url)
    # Making a plan for the family: the family is out of the partner's reach (400, as for
    # meetings and conversations: the body names a family they cannot see).
    response = client.post(
        PLANS,
        {"family": str(made.plan.family.uuid), "title": "x", "started_on": str(TODAY)},
        format="json",
    )
    assert response.status_code == 400
    made.plan.refresh_from_db()
    assert made.plan.title == "Calmer mornings" and made.plan.status == "active"


def test_list_filters(api: APIClient, world: Any, practice: Any, made: Any) -> None:
    client = signed_in(api, world.allocated)
    family = str(practice.family.uuid)
    assert listed(client.get(PLANS, {"family": family})) == {
        str(made.plan.uuid),
        str(made.standalone.uuid),
    }
    assert listed(client.get(PLANS, {"family": str(uuid.uuid4())})) == set()
    assert listed(client.get(PLANS, {"meeting": str(practice.invited.uuid)})) == {
        str(made.plan.uuid)
    }
    assert listed(client.get(ACTIONS, {"plan": str(made.plan.uuid)})) == {str(made.action.uuid)}
    assert listed(client.get(ACTIONS, {"overdue": "true"})) == {str(made.action.uuid)}
    plans.plan_end(actor=world.allocated, plan=made.plan, ended_on=TODAY, outcome="Done")
    assert listed(client.get(PLANS, {"status": "ended"})) == {str(made.plan.uuid)}
    assert listed(client.get(PLANS, {"status": "active"})) == {str(made.standalone.uuid)}
    # An ended plan's open actions are no longer followed up as overdue.
    assert listed(client.get(ACTIONS, {"overdue": "true"})) == set()
    assert listed(client.get(ACTIONS, {"status": "not_started"})) == {str(made.action.uuid)}
    for params, field in [
        ({"status": "closed"}, "status"),
        ({"family": "nope"}, "family"),
        ({"meeting": "nope"}, "meeting"),
    ]:
        response = client.get(PLANS, params)
        assert response.status_code == 400 and field in response.json()
    for params, field in [({"overdue": "maybe"}, "overdue"), ({"status": "ended"}, "status")]:
        response = client.get(ACTIONS, params)
        assert response.status_code == 400 and field in response.json()
    assert AccessEvent.objects.filter(action="view").count() == 0  # lists write none


# --- Bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"what": "x", "due_date": str(TODAY)}, "owner"),
        ({"what": "x", "owner_name": "A", "owner_staff": "WORLD", "due_date": str(TODAY)}, "owner"),
        ({"what": "x", "owner_member": "STRANGER", "due_date": str(TODAY)}, "owner_member"),
        ({"what": "x", "owner_name": "A", "due_date": str(_d(-60))}, "due_date"),
        ({"what": "x", "owner_name": "A", "due_date": "2026-02-30"}, "due_date"),
        ({"what": "", "owner_name": "A", "due_date": str(TODAY)}, "what"),
    ],
)
def test_bad_actions_are_400_with_a_message_and_save_nothing(
    api: APIClient, world: Any, made: Any, payload: dict[str, Any], field: str
) -> None:
    from restorative.people.tests.factories import FamilyMemberFactory

    payload = dict(payload)
    if payload.get("owner_staff") == "WORLD":
        payload["owner_staff"] = str(world.allocated.uuid)
    if payload.get("owner_member") == "STRANGER":
        payload["owner_member"] = str(FamilyMemberFactory().uuid)
    response = signed_in(api, world.allocated).post(
        f"{PLANS}{made.plan.uuid}/actions/", payload, format="json"
    )
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert Action.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"reviewed_on": str(_d(-31))}, "reviewed_on"),
        ({"reviewed_on": str(_d(1))}, "reviewed_on"),
        ({"family_scaling": 11}, "family_scaling"),
        ({"holding": "maybe"}, "holding"),
        ({"members": [], "others_present": ""}, "members"),
        ({"actions": [{"action": "UNKNOWN", "status": "done"}]}, "actions"),
    ],
)
def test_bad_reviews_are_400_with_a_message_and_save_nothing(
    api: APIClient, world: Any, practice: Any, made: Any, payload: dict[str, Any], field: str
) -> None:
    body: dict[str, Any] = {
        "reviewed_on": str(TODAY),
        "members": [str(practice.mother.uuid)],
        "family_scaling": 5,
        "professional_scaling": 5,
        "holding": "yes",
    }
    body.update(payload)
    if body.get("actions"):
        body["actions"] = [{"action": str(uuid.uuid4()), "status": "done"}]
    response = signed_in(api, world.allocated).post(
        f"{PLANS}{made.plan.uuid}/reviews/", body, format="json"
    )
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert PlanReview.objects.count() == 0


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"ended_on": str(_d(-31)), "outcome": "x"}, "ended_on"),
        ({"ended_on": str(_d(1)), "outcome": "x"}, "ended_on"),
        ({"outcome": "x"}, "ended_on"),
        ({"ended_on": str(TODAY), "outcome": " "}, "outcome"),
    ],
)
def test_bad_endings_are_400(
    api: APIClient, world: Any, made: Any, payload: dict[str, Any], field: str
) -> None:
    response = signed_in(api, world.allocated).post(
        f"{PLANS}{made.plan.uuid}/end/", payload, format="json"
    )
    assert response.status_code == 400
    assert field in response.json(), response.json()
    made.plan.refresh_from_db()
    assert made.plan.status == "active"


def test_bad_goal_and_plan_input_is_400(api: APIClient, world: Any, made: Any) -> None:
    client = signed_in(api, world.allocated)
    response = client.post(
        f"{PLANS}{made.plan.uuid}/goals/",
        {"goal": "x", "whose": "y", "baseline_level": 1},
        format="json",
    )
    assert response.status_code == 400 and "expected_level" in response.json()
    response = client.patch(
        f"/api/practice/goals/{made.goal.uuid}/", {"expected_level": 3}, format="json"
    )
    assert response.status_code == 400 and "expected_level" in response.json()
    response = client.patch(
        f"{PLANS}{made.plan.uuid}/", {"review_date": str(_d(-40))}, format="json"
    )
    assert response.status_code == 400 and "review_date" in response.json()
    response = client.post(PLANS, {"title": "x", "started_on": str(TODAY)}, format="json")
    assert response.status_code == 400 and "family" in response.json()
    response = client.post(
        PLANS,
        {
            "family": str(made.plan.family.uuid),
            "title": "x",
            "started_on": str(TODAY),
            "meeting": str(uuid.uuid4()),
        },
        format="json",
    )
    assert response.status_code == 400 and "meeting" in response.json()
    assert Plan.objects.count() == 2
    made.goal.refresh_from_db()
    assert made.goal.goal == "On time"


# --- The access trail ------------------------------------------------------------------------


@pytest.mark.parametrize("tail", ["", "goals/", "reviews/"])
def test_plan_reads_fail_closed(
    api: APIClient, world: Any, made: Any, monkeypatch: Any, tail: str
) -> None:
    _break_the_audit(monkeypatch)
    response = signed_in(api, world.allocated).get(f"{PLANS}{made.plan.uuid}/{tail}")
    assert response.status_code == 503
    assert set(response.json()) == {"detail"}
    assert "Calmer" not in response.content.decode()


def test_plan_writes_fail_closed(api: APIClient, world: Any, made: Any, monkeypatch: Any) -> None:
    _break_the_audit(monkeypatch)
    client = signed_in(api, world.allocated)
    assert (
        client.post(
            f"{PLANS}{made.plan.uuid}/end/", {"ended_on": str(TODAY), "outcome": "x"}, format="json"
        ).status_code
        == 503
    )
    assert (
        client.patch(f"{ACTIONS}{made.action.uuid}/", {"status": "done"}, format="json").status_code
        == 503
    )
    made.plan.refresh_from_db()
    made.action.refresh_from_db()
    assert made.plan.status == "active" and made.action.status == "not_started"


def test_reading_one_action_writes_one_plan_view_on_the_api_channel(
    api: APIClient, world: Any, made: Any
) -> None:
    signed_in(api, world.allocated).get(f"{ACTIONS}{made.action.uuid}/")
    event = AccessEvent.objects.get(action="view")
    assert (event.subject_uuid, event.channel, event.subject_type) == (
        made.plan.uuid,
        "api",
        "plan",
    )


# --- Participants -------------------------------------------------------------------------------


def test_add_and_remove_participants_through_the_api(
    api: APIClient, world: Any, practice: Any
) -> None:
    meeting = practice.not_invited
    url = f"/api/practice/meetings/{meeting.uuid}/participants/"
    client = signed_in(api, world.allocated)
    added = client.post(url, {"staff": str(world.partner.uuid)}, format="json")
    assert added.status_code == 201, added.json()
    assert added.json()["staff"] == str(world.partner.uuid)
    again = client.post(url, {"staff": str(world.partner.uuid)}, format="json")
    assert again.status_code == 400 and "already invited" in str(again.json())
    for payload, field in [
        ({}, "participant"),
        ({"member": str(uuid.uuid4())}, "member"),
        ({"staff": str(uuid.uuid4())}, "staff"),
        ({"member": str(practice.child.uuid), "name": "Pat"}, "participant"),
    ]:
        response = client.post(url, payload, format="json")
        assert response.status_code == 400 and field in response.json(), payload
    # The partner now sees the meeting but may not change who is invited.
    partner = APIClient()
    partner.force_login(world.partner)
    assert partner.get(f"/api/practice/meetings/{meeting.uuid}/").status_code == 200
    assert partner.post(url, {"name": "Pat"}, format="json").status_code == 403
    removed = client.delete(f"{url}{added.json()['uuid']}/")
    assert removed.status_code == 204
    assert partner.get(f"/api/practice/meetings/{meeting.uuid}/").status_code == 404
    assert client.delete(f"{url}{added.json()['uuid']}/").status_code == 404
    events = AccessEvent.objects.filter(subject_uuid=meeting.uuid, channel="api", action="change")
    assert {e.reason for e in events} == {
        "invited someone to the meeting",
        "removed someone from the meeting",
    }
    # Someone whose view is recorded stays.
    mother = MeetingParticipant.objects.get(meeting=meeting, member=practice.mother)
    mother.view_given_by, mother.view = "in_person", "I agree"
    mother.save()
    response = client.delete(f"{url}{mother.uuid}/")
    assert response.status_code == 400 and "recorded voice" in str(response.json())
    assert MeetingParticipant.objects.filter(pk=mother.pk).exists()
    # Others get 404.
    other = APIClient()
    other.force_login(world.other_team)
    assert other.post(url, {"name": "Pat"}, format="json").status_code == 404
    assert other.delete(f"{url}{mother.uuid}/").status_code == 404


# --- Constant queries ---------------------------------------------------------------------------


def test_plan_retrieve_and_lists_make_constant_queries(
    api: APIClient, world: Any, practice: Any, made: Any
) -> None:
    client = signed_in(api, world.allocated)
    urls = [f"{PLANS}{made.plan.uuid}/", PLANS, ACTIONS, f"{PLANS}{made.plan.uuid}/reviews/"]

    def counts() -> list[int]:
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    def grow(n: int) -> None:
        for i in range(n):
            plans.goal_add(actor=world.allocated, plan=made.plan, goal=f"G{i}", whose="Jay")
            plans.action_add(
                actor=world.allocated,
                plan=made.plan,
                what=f"A{i}",
                owner=[plans.Owner(member=practice.mother), plans.Owner(staff=world.allocated)][
                    i % 2
                ],
                due_date=_d(i),
            )
            plans.plan_create(
                actor=world.allocated, family=practice.family, title=f"P{i}", started_on=TODAY
            )
        plan = Plan.objects.get(pk=made.plan.pk)
        for day in range(n):
            plans.plan_review_record(
                actor=world.allocated,
                plan=plan,
                reviewed_on=_d(-day),
                members=[practice.mother],
                family_scaling=5,
                professional_scaling=5,
                holding="yes",
                actions={a.uuid: plans.ActionReview("in_progress") for a in plan.actions.all()},
            )

    grow(1)
    small = counts()
    grow(5)
    assert counts() == small


def test_a_patch_body_that_is_not_an_object_is_400(api: APIClient, world: Any, made: Any) -> None:
    client = signed_in(api, world.allocated)
    response = client.patch(f"{ACTIONS}{made.action.uuid}/", ["done"], format="json")
    assert response.status_code == 400
    response = client.patch(f"{PLANS}{made.plan.uuid}/", {"title": "Form body"})  # multipart
    assert response.status_code == 200 and response.json()["title"] == "Form body"
