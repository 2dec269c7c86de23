"""The practice API as an integrator sees it: who gets what, the access trail, bad input."""

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
from restorative.people.tests.factories import FamilyFactory
from restorative.practice import services
from restorative.practice.models import (
    Decision,
    Meeting,
    MeetingType,
    Question,
    RestorativeConversation,
)

from .conftest import meeting_at

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
# Who may see the world family (people.permissions), and so its conversations and meetings.
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
# Who may record: those who may change the family's record, and the team's business support.
RECORD = {"allocated", "same_team", "asye_same_team", "manager", "head", "support_same_team"}

MEETINGS = "/api/practice/meetings/"
CONVERSATIONS = "/api/practice/conversations/"


def meeting_url(meeting: Meeting, tail: str = "") -> str:
    return f"{MEETINGS}{meeting.uuid}/{tail}"


def conversation_url(conversation: RestorativeConversation) -> str:
    return f"{CONVERSATIONS}{conversation.uuid}/"


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


def a_question() -> Question:
    return Question.objects.filter(is_active=True).first()  # type: ignore[return-value]


@pytest.fixture
def conversation(world: Any, practice: SimpleNamespace) -> RestorativeConversation:
    return services.conversation_create(
        actor=world.allocated,
        family=world.family,
        held_on=datetime.date.today(),
        setting=RestorativeConversation.Setting.HOME_VISIT,
        members=[practice.child],
        questions=[a_question()],
    )


def schedule_body(world: Any, practice: SimpleNamespace, **extra: Any) -> dict[str, Any]:
    body = {
        "family": str(world.family.uuid),
        "meeting_type": MeetingType.CORE_GROUP,
        "scheduled_at": meeting_at(5).isoformat(),
        "venue": "in_person",
        "members": [str(practice.child.uuid), str(practice.mother.uuid)],
        "staff": [str(world.partner.uuid)],
        "others": [{"name": "Pat Advocate", "role": "Advocate"}],
    }
    body.update(extra)
    return body


# --- Anonymous callers ----------------------------------------------------------------------


def test_anonymous_callers_get_401_on_every_practice_route(api, world, practice, conversation):
    meeting = practice.invited
    events_before = AccessEvent.objects.count()
    routes = [
        ("get", "/api/practice/question-sets/"),
        ("get", CONVERSATIONS),
        ("post", CONVERSATIONS),
        ("get", conversation_url(conversation)),
        ("get", MEETINGS),
        ("post", MEETINGS),
        ("get", meeting_url(meeting)),
        ("post", meeting_url(meeting, "record/")),
        ("get", meeting_url(meeting, "participants/")),
        ("get", meeting_url(meeting, "decisions/")),
        ("post", meeting_url(meeting, "decisions/")),
    ]
    for method, url in routes:
        response = getattr(api, method)(url, {}, format="json")
        assert response.status_code == 401, (method, url, response.status_code)
        assert "Okafor" not in response.content.decode()
    assert AccessEvent.objects.count() == events_before


# --- Who sees what ----------------------------------------------------------------------------


@pytest.mark.parametrize("relationship", RELATIONSHIPS)
def test_meeting_and_conversation_records_follow_the_family_rule(
    api, world, practice, conversation, relationship
):
    client = signed_in(api, getattr(world, relationship))
    expected_meeting = 200 if relationship in VIEW | {"partner"} else 404
    assert client.get(meeting_url(practice.invited)).status_code == expected_meeting
    expected = 200 if relationship in VIEW else 404
    # The partner is invited to one meeting only: the other is as if it did not exist.
    assert client.get(meeting_url(practice.not_invited)).status_code == expected
    assert client.get(meeting_url(practice.not_invited, "decisions/")).status_code == expected
    assert client.get(conversation_url(conversation)).status_code == expected
    # The other family's meeting: only organisation-wide readers and its own service see it.
    elsewhere = client.get(meeting_url(practice.elsewhere)).status_code
    assert elsewhere == (
        200 if relationship in {"director", "quality", "other_service", "other_head"} else 404
    )


@pytest.mark.parametrize("relationship", RELATIONSHIPS)
def test_meeting_list_holds_exactly_what_the_person_may_open(api, world, practice, relationship):
    response = signed_in(api, getattr(world, relationship)).get(MEETINGS)
    if relationship in {"workforce", "admin"}:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    expected = {
        str(m.uuid)
        for m in (practice.invited, practice.not_invited, practice.elsewhere)
        if signed_in(APIClient(), getattr(world, relationship)).get(meeting_url(m)).status_code
        == 200
    }
    assert listed(response) == expected


def test_an_invited_partner_sees_that_meeting_only(api, world, practice):
    client = signed_in(api, world.partner)
    assert listed(client.get(MEETINGS)) == {str(practice.invited.uuid)}
    assert listed(client.get(MEETINGS, {"family": str(world.family.uuid)})) == {
        str(practice.invited.uuid)
    }
    assert client.get(meeting_url(practice.not_invited)).status_code == 404
    assert client.get(meeting_url(practice.not_invited, "participants/")).status_code == 404
    assert client.get(meeting_url(practice.elsewhere)).status_code == 404
    # Nothing else of the family's record.
    assert client.get(CONVERSATIONS).status_code == 404
    assert client.get(f"/api/families/{world.family.uuid}/").status_code == 404
    body = client.get(meeting_url(practice.invited)).json()
    assert body["family"] == {"uuid": str(world.family.uuid), "name": "Okafor"}
    assert body["can_record"] is False


def test_the_other_partner_sees_the_meetings_they_are_invited_to(api, world, practice):
    client = signed_in(api, practice.other_partner)
    assert listed(client.get(MEETINGS)) == {
        str(practice.not_invited.uuid),
        str(practice.elsewhere.uuid),
    }
    assert client.get(meeting_url(practice.invited)).status_code == 404


def test_conversation_list_per_family(api, world, practice, conversation):
    client = signed_in(api, world.allocated)
    response = client.get(CONVERSATIONS, {"family": str(world.family.uuid)})
    assert listed(response) == {str(conversation.uuid)}
    assert listed(client.get(CONVERSATIONS, {"family": str(practice.other_family.uuid)})) == set()
    assert listed(client.get(CONVERSATIONS, {"family": str(uuid.uuid4())})) == set()
    assert listed(signed_in(APIClient(), world.other_team).get(CONVERSATIONS)) == set()


# --- The access trail ------------------------------------------------------------------------


@pytest.mark.parametrize("tail", ["", "participants/", "decisions/"])
def test_reading_a_meeting_writes_exactly_one_api_event(api, world, practice, tail):
    response = signed_in(api, world.partner).get(meeting_url(practice.invited, tail))
    assert response.status_code == 200
    event = AccessEvent.objects.get(action="view")
    assert (event.actor, event.action, event.channel) == (world.partner, "view", "api")
    assert (event.subject_type, event.subject_uuid) == ("meeting", practice.invited.uuid)
    assert event.family_uuid == world.family.uuid
    assert event.reason == "invited partner agency participant"


def test_reading_a_conversation_writes_exactly_one_api_event(api, world, conversation):
    assert signed_in(api, world.manager).get(conversation_url(conversation)).status_code == 200
    event = AccessEvent.objects.get(action="view")
    assert (event.subject_type, event.subject_uuid, event.channel) == (
        "restorativeconversation",
        conversation.uuid,
        "api",
    )


def test_lists_write_no_event(api, world, practice, conversation):
    client = signed_in(api, world.allocated)
    client.get(MEETINGS)
    client.get(CONVERSATIONS)
    assert not AccessEvent.objects.filter(action="view").exists()


def _break_the_audit(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(**kwargs: Any) -> None:
        raise AuditWriteError("down")

    monkeypatch.setattr(services, "access_event_record", refuse)


@pytest.mark.parametrize("tail", ["", "participants/", "decisions/"])
def test_meeting_is_not_shown_when_the_access_trail_fails(api, world, practice, monkeypatch, tail):
    _break_the_audit(monkeypatch)
    response = signed_in(api, world.allocated).get(meeting_url(practice.invited, tail))
    assert response.status_code == 503
    assert set(response.json()) == {"detail"}
    text = response.content.decode()
    assert "Okafor" not in text and "Grace" not in text and str(practice.invited.uuid) not in text


def test_conversation_is_not_shown_when_the_access_trail_fails(
    api, world, conversation, monkeypatch
):
    _break_the_audit(monkeypatch)
    response = signed_in(api, world.allocated).get(conversation_url(conversation))
    assert response.status_code == 503
    assert set(response.json()) == {"detail"}


def test_nothing_is_saved_when_the_access_trail_fails_on_a_write(api, world, practice, monkeypatch):
    _break_the_audit(monkeypatch)
    before = Meeting.objects.count()
    response = signed_in(api, world.allocated).post(
        MEETINGS, schedule_body(world, practice), format="json"
    )
    assert response.status_code == 503
    assert Meeting.objects.count() == before


# --- Meetings: the record ----------------------------------------------------------------------


def test_meeting_record_has_participants_views_decisions_voice_and_due_date(api, world, practice):
    meeting = practice.invited
    child = meeting.participants.get(member=practice.child)
    services.decision_add(
        actor=world.allocated,
        meeting=meeting,
        decision="Amara stays with Grace",
        family_position=Decision.FamilyPosition.AGREED,
    )
    body = signed_in(api, world.allocated).get(meeting_url(meeting)).json()
    assert body["due_date"] == meeting.due_date.isoformat()
    assert body["trigger"] == "strategy_discussion"
    assert body["status"] == "scheduled"
    assert body["can_record"] is True
    assert {p["uuid"] for p in body["participants"]} == {
        str(p.uuid) for p in meeting.participants.all()
    }
    child_row = next(p for p in body["participants"] if p["uuid"] == str(child.uuid))
    assert (child_row["kind"], child_row["member"]) == ("child", str(practice.child.uuid))
    assert body["voice_completeness"] == {
        "invited": 3,
        "heard": 0,
        "percent": 0,
        "children_invited": 1,
        "child_heard": False,
    }
    assert [d["decision"] for d in body["decisions"]] == ["Amara stays with Grace"]


def test_scheduling_a_meeting(api, world, practice, conference_chair):
    token = str(uuid.uuid4())
    body = schedule_body(
        world,
        practice,
        meeting_type=MeetingType.INITIAL_CONFERENCE,
        trigger="strategy_discussion",
        trigger_date=(datetime.date.today() - datetime.timedelta(days=2)).isoformat(),
        chair=str(conference_chair.uuid),
        submission_token=token,
        id=999999,
        created_by=str(world.director.uuid),
    )
    client = signed_in(api, world.support_same_team)
    response = client.post(MEETINGS, body, format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    meeting = Meeting.objects.get(uuid=created["uuid"])
    assert meeting.family == world.family
    assert meeting.created_by == world.support_same_team
    assert meeting.chair == conference_chair
    assert created["due_date"] == meeting.due_date.isoformat()
    assert meeting.participants.count() == 4
    # The audit line says the meeting was made through the API.
    created_event = AccessEvent.objects.get(subject_uuid=meeting.uuid, action="create")
    assert created_event.channel == "api"
    # The same submission again: one meeting, the first one.
    again = client.post(MEETINGS, body, format="json")
    assert again.status_code == 201
    assert again.json()["uuid"] == created["uuid"]
    assert Meeting.objects.filter(submission_token=token).count() == 1
    # The invited partner can now see it.
    assert signed_in(APIClient(), world.partner).get(meeting_url(meeting)).status_code == 200


@pytest.mark.parametrize(
    ("relationship", "expected"),
    [("director", 403), ("quality", 403), ("other_team", 400), ("partner", 400)],
)
def test_scheduling_needs_the_right_to_record(api, world, practice, relationship, expected):
    before = Meeting.objects.count()
    response = signed_in(api, getattr(world, relationship)).post(
        MEETINGS, schedule_body(world, practice), format="json"
    )
    assert response.status_code == expected
    assert Meeting.objects.count() == before
    assert "Grace" not in response.content.decode()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"family": None}, "family"),
        ({"family": "not-a-uuid"}, "family"),
        ({"family": str(uuid.uuid4())}, "family"),
        ({"meeting_type": "tea_party"}, "meeting_type"),
        ({"scheduled_at": "next tuesday"}, "scheduled_at"),
        ({"members": [str(uuid.uuid4())]}, "members"),
        ({"staff": [str(uuid.uuid4())]}, "staff"),
        ({"chair": str(uuid.uuid4())}, "chair"),
        ({"trigger": "strategy_discussion"}, "trigger_date"),
        ({"trigger": "initial_conference"}, "trigger"),
        ({"others": [{"role": "Advocate"}]}, "others"),
    ],
)
def test_bad_meeting_input_is_400_with_a_message(api, world, practice, change, field):
    body = schedule_body(world, practice, **change)
    if change.get("family") is None and "family" in change:
        del body["family"]
    before = Meeting.objects.count()
    response = signed_in(api, world.allocated).post(MEETINGS, body, format="json")
    assert response.status_code == 400, response.content
    messages = response.json()[field]
    assert messages and all(isinstance(m, (str, dict)) for m in messages)
    assert Meeting.objects.count() == before


def test_a_member_of_another_family_cannot_be_invited(api, world, practice):
    outsider = FamilyFactory(team=world.team_a1).members.create(
        kind="child", first_name="Sam", last_name="Other", relationship="child"
    )
    response = signed_in(api, world.allocated).post(
        MEETINGS, schedule_body(world, practice, members=[str(outsider.uuid)]), format="json"
    )
    assert response.status_code == 400
    assert response.json()["members"] == ["Choose people from this family, by their UUID"]


# --- Meetings: recording -----------------------------------------------------------------------


def record_body(practice: SimpleNamespace, **extra: Any) -> dict[str, Any]:
    child = practice.invited.participants.get(member=practice.child)
    body: dict[str, Any] = {
        "held_on": datetime.date.today().isoformat(),
        "what_happened": "The conference met.",
        "conference_outcome": "plan_made",
        "plan_category": "neglect",
        "participants": [
            {
                "participant": str(child.uuid),
                "attendance": "attended",
                "view_given_by": "advocate",
                "view": "I want to stay at home.",
            }
        ],
    }
    body.update(extra)
    return body


def test_recording_a_meeting(api, world, practice):
    response = signed_in(api, world.support_same_team).post(
        meeting_url(practice.invited, "record/"), record_body(practice), format="json"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "held"
    assert body["what_happened"] == "The conference met."
    assert body["voice_completeness"]["child_heard"] is True
    child_row = next(p for p in body["participants"] if p["kind"] == "child")
    assert child_row["view"] == "I want to stay at home."
    # Follow-on meetings now to be arranged (first core group, first review).
    assert Meeting.objects.filter(follows=practice.invited, status="to_arrange").count() >= 1
    # Sections not sent keep what was recorded.
    again = signed_in(APIClient(), world.allocated).post(
        meeting_url(practice.invited, "record/"),
        {"held_on": datetime.date.today().isoformat(), "worries": "School attendance."},
        format="json",
    )
    assert again.json()["what_happened"] == "The conference met."
    assert again.json()["worries"] == "School attendance."


@pytest.mark.parametrize(
    ("relationship", "expected"),
    [("partner", 403), ("director", 403), ("quality", 403), ("other_team", 404)],
)
def test_recording_needs_the_right_to_record(api, world, practice, relationship, expected):
    response = signed_in(api, getattr(world, relationship)).post(
        meeting_url(practice.invited, "record/"), record_body(practice), format="json"
    )
    assert response.status_code == expected
    practice.invited.refresh_from_db()
    assert practice.invited.status == "scheduled"


def test_recording_an_unknown_participant_is_400(api, world, practice):
    body = record_body(
        practice,
        participants=[{"participant": str(uuid.uuid4()), "attendance": "attended", "view": "x"}],
    )
    response = signed_in(api, world.allocated).post(
        meeting_url(practice.invited, "record/"), body, format="json"
    )
    assert response.status_code == 400
    assert response.json()["participants"] == [
        "Record views only for people invited to this meeting"
    ]
    practice.invited.refresh_from_db()
    assert practice.invited.status == "scheduled"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"held_on": "2999-01-01"}, "held_on"),
        ({"held_on": "31/12/2025"}, "held_on"),
        ({"experience": "with"}, "experience_given_by"),
        ({"experience": "sideways", "experience_given_by": "family"}, "experience"),
    ],
)
def test_bad_record_input_is_400(api, world, practice, change, field):
    response = signed_in(api, world.allocated).post(
        meeting_url(practice.invited, "record/"), record_body(practice, **change), format="json"
    )
    assert response.status_code == 400
    assert response.json()[field]


def test_a_view_not_given_needs_a_reason(api, world, practice):
    child = practice.invited.participants.get(member=practice.child)
    body = record_body(
        practice,
        participants=[
            {
                "participant": str(child.uuid),
                "attendance": "apologies",
                "view_given_by": "not_given",
            }
        ],
    )
    response = signed_in(api, world.allocated).post(
        meeting_url(practice.invited, "record/"), body, format="json"
    )
    assert response.status_code == 400
    assert "view was not given" in response.json()["participants"][0]


def test_a_view_given_must_be_written_down(api, world, practice):
    child = practice.invited.participants.get(member=practice.child)
    body = record_body(
        practice,
        participants=[
            {
                "participant": str(child.uuid),
                "attendance": "attended",
                "view_given_by": "in_person",
                "view": "   ",
            }
        ],
    )
    response = signed_in(api, world.allocated).post(
        meeting_url(practice.invited, "record/"), body, format="json"
    )
    assert response.status_code == 400
    assert "in their own words" in response.json()["participants"][0]
    child.refresh_from_db()
    assert child.view_given_by != "in_person"


# --- Decisions ---------------------------------------------------------------------------------


def test_adding_a_decision_once_even_if_sent_twice(api, world, practice):
    client = signed_in(api, world.allocated)
    url = meeting_url(practice.invited, "decisions/")
    body = {
        "decision": "A child protection plan",
        "family_position": "reservations",
        "family_view": "We think it is too much.",
        "submission_token": str(uuid.uuid4()),
    }
    first = client.post(url, body, format="json")
    second = client.post(url, body, format="json")
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["uuid"] == second.json()["uuid"]
    assert practice.invited.decisions.count() == 1
    listed_decisions = client.get(url).json()
    assert [d["family_view"] for d in listed_decisions] == ["We think it is too much."]


def test_disagreement_needs_the_familys_words(api, world, practice):
    response = signed_in(api, world.allocated).post(
        meeting_url(practice.invited, "decisions/"),
        {"decision": "A plan", "family_position": "disagreed"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"family_view": ["Write the family's view in their own words"]}
    assert not Decision.objects.exists()


def test_an_invited_partner_cannot_add_decisions(api, world, practice):
    response = signed_in(api, world.partner).post(
        meeting_url(practice.invited, "decisions/"),
        {"decision": "A plan", "family_position": "agreed"},
        format="json",
    )
    assert response.status_code == 403
    assert not Decision.objects.exists()


# --- Conversations -----------------------------------------------------------------------------


def test_recording_a_conversation_once(api, world, practice):
    question = a_question()
    body = {
        "family": str(world.family.uuid),
        "held_on": datetime.date.today().isoformat(),
        "setting": "home_visit",
        "members": [str(practice.child.uuid)],
        "others": [{"name": "Nan", "role": "Grandmother"}],
        "questions": [str(question.uuid)],
        "submission_token": str(uuid.uuid4()),
    }
    client = signed_in(api, world.same_team)
    first = client.post(CONVERSATIONS, body, format="json")
    assert first.status_code == 201, first.json()
    second = client.post(CONVERSATIONS, body, format="json")
    assert second.json()["uuid"] == first.json()["uuid"]
    assert RestorativeConversation.objects.count() == 1
    detail = first.json()
    assert [q["uuid"] for q in detail["questions"]] == [str(question.uuid)]
    assert {p["display_name"] for p in detail["participants"]} >= {"Nan"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"family": None}, "family"),
        ({"members": [], "others": []}, "members"),
        ({"questions": []}, "questions"),
        ({"questions": [str(uuid.uuid4())]}, "questions"),
        ({"setting": "other"}, "setting_detail"),
        ({"held_on": "2999-01-01"}, "held_on"),
    ],
)
def test_bad_conversation_input_is_400(api, world, practice, change, field):
    body = {
        "family": str(world.family.uuid),
        "held_on": datetime.date.today().isoformat(),
        "setting": "home_visit",
        "members": [str(practice.child.uuid)],
        "questions": [str(a_question().uuid)],
    }
    body.update(change)
    if body["family"] is None:
        del body["family"]
    response = signed_in(api, world.allocated).post(CONVERSATIONS, body, format="json")
    assert response.status_code == 400, response.content
    assert response.json()[field]
    assert not RestorativeConversation.objects.exists()


def test_question_sets_are_listed(api, world):
    body = signed_in(api, world.allocated).get("/api/practice/question-sets/").json()
    assert body and all(s["questions"] for s in body)
    assert (
        signed_in(APIClient(), world.admin).get("/api/practice/question-sets/").status_code == 404
    )


# --- Filters and performance ---------------------------------------------------------------


def test_meeting_filters(api, world, practice):
    overdue = services.meeting_schedule(
        actor=world.allocated,
        family=world.family,
        meeting_type=MeetingType.INITIAL_CONFERENCE,
        scheduled_at=meeting_at(1),
        venue="online",
        trigger="strategy_discussion",
        trigger_date=datetime.date.today() - datetime.timedelta(days=40),
    )
    client = signed_in(api, world.allocated)
    assert listed(client.get(MEETINGS, {"due": "overdue"})) == {str(overdue.uuid)}
    assert str(overdue.uuid) not in listed(client.get(MEETINGS, {"due": "due_soon"}))
    assert listed(client.get(MEETINGS, {"status": "held"})) == set()
    assert str(overdue.uuid) in listed(client.get(MEETINGS, {"status": "scheduled"}))
    assert listed(client.get(MEETINGS, {"family": str(practice.other_family.uuid)})) == set()
    for params, field in [
        ({"due": "yesterday"}, "due"),
        ({"status": "lost"}, "status"),
        ({"family": "nope"}, "family"),
        ({"due": "overdue", "scope": "galaxy"}, "scope"),
    ]:
        response = client.get(MEETINGS, params)
        assert response.status_code == 400
        assert response.json()[field]


def _count_queries(client: APIClient, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_lists_make_the_same_number_of_queries_for_5_and_30(api, world, practice):
    client = signed_in(api, world.director)

    def add(count: int) -> None:
        for i in range(count):
            family = FamilyFactory(team=world.team_a1, allocated_worker=world.allocated)
            services.meeting_schedule(
                actor=world.allocated,
                family=family,
                meeting_type=MeetingType.CORE_GROUP,
                scheduled_at=meeting_at(i + 1),
                venue="online",
                chair=world.manager,
            )
            services.conversation_create(
                actor=world.allocated,
                family=family,
                held_on=datetime.date.today(),
                setting="home_visit",
                others=[services.OtherPerson("Someone")],
                questions=[a_question()],
            )

    add(2)
    few = (_count_queries(client, MEETINGS), _count_queries(client, CONVERSATIONS))
    add(25)
    many = (_count_queries(client, MEETINGS), _count_queries(client, CONVERSATIONS))
    assert few == many
    assert Meeting.objects.count() >= 30


def test_meeting_record_query_count_does_not_grow_with_participants(api, world, practice):
    client = signed_in(api, world.allocated)
    before = _count_queries(client, meeting_url(practice.invited))
    services.decision_add(
        actor=world.allocated, meeting=practice.invited, decision="x", family_position="agreed"
    )
    practice.invited.participants.create(kind="other", name="Extra person")
    assert _count_queries(client, meeting_url(practice.invited)) == before
