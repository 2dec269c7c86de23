"""Fixes from the code review of issue 3: what a caller of the pages, the API or the services
can no longer do, and what they can now do.

- API lists across families carry no free text about a family, and write no access event
  (the retrieve shows the text, after writing one): docs/decisions/0008-practice.md.
- A conversation's answers and "what was agreed next" can be written through the API.
- A family group conference or restorative circle cannot have a typed-in chair: only staff
  whose advanced restorative training is checked may lead them.
- Scheduling a meeting refuses a chair or professional the page would not offer, in the
  service (so the API and any other caller keep the rule).
- A form shown again with its errors shows the record too: it writes the view event, and
  fails closed.
"""

from __future__ import annotations

import datetime
import uuid
from types import SimpleNamespace
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from restorative.core.audit import AuditWriteError
from restorative.core.models import AccessEvent
from restorative.practice import plans, services
from restorative.practice.models import (
    Action,
    ConversationAnswer,
    Decision,
    Goal,
    Meeting,
    MeetingType,
    Plan,
    Question,
    RestorativeConversation,
)

from .conftest import meeting_at

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
PRACTICE_AUDIT = "restorative.practice.services.access_event_record"
PEOPLE_AUDIT = "restorative.people.services.access_event_record"

# Words written about the family, which no list may carry.
ACTION_TEXT = "Dad to stop drinking before contact visits"
ACTION_NOTE = "Dad says he has cut down since the police came"
PLAN_TITLE = "Keeping Jay safe after the fire"
END_OUTCOME = "Mum moved out with the children to her sister's"
PLACE = "12 Acacia Avenue (the family home)"
SETTING_DETAIL = "Phone call about the eviction notice"
SECRETS = (ACTION_TEXT, ACTION_NOTE, PLAN_TITLE, END_OUTCOME, PLACE, SETTING_DETAIL)

FGC_FROM_THE_LIST = (
    "A family group conference must be coordinated by a member of staff with current advanced "
    "restorative training: choose them from the list"
)
CIRCLE_FROM_THE_LIST = (
    "A restorative circle must be facilitated by a member of staff with current advanced "
    "restorative training: choose them from the list"
)


def last_event_id() -> int:
    """The access trail is append-only (no delete, even in tests): count from a mark."""
    return AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def events_since(mark: int) -> Any:
    return AccessEvent.objects.filter(id__gt=mark).order_by("id")


def signed_in(user: Any) -> APIClient:
    api = APIClient()
    api.force_login(user)
    return api


def rows(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.content
    body = response.json()
    return body["results"] if isinstance(body, dict) else body


# --- Defect 3: API lists carry no free text about the family -------------------------------


@pytest.fixture
def written(world: Any, practice: SimpleNamespace) -> SimpleNamespace:
    """Records holding words about the family, one of each kind the lists show."""
    plan = plans.plan_create(
        actor=world.allocated,
        family=practice.family,
        title=PLAN_TITLE,
        started_on=TODAY - datetime.timedelta(days=30),
    )
    action = plans.action_add(
        actor=world.allocated,
        plan=plan,
        what=ACTION_TEXT,
        owner=plans.Owner(member=practice.mother),
        due_date=TODAY - datetime.timedelta(days=2),
    )
    plans.action_status_set(
        actor=world.allocated, action=action, status=Action.Status.IN_PROGRESS, note=ACTION_NOTE
    )
    ended = plans.plan_create(
        actor=world.allocated,
        family=practice.family,
        title="Weekends",
        started_on=TODAY - datetime.timedelta(days=60),
    )
    plans.plan_end(
        actor=world.allocated,
        plan=ended,
        ended_on=TODAY - datetime.timedelta(days=1),
        outcome=END_OUTCOME,
    )
    meeting = services.meeting_schedule(
        actor=world.allocated,
        family=practice.family,
        meeting_type=MeetingType.CORE_GROUP,
        scheduled_at=meeting_at(3),
        venue="in_person",
        place=PLACE,
        members=[practice.mother],
    )
    conversation = services.conversation_create(
        actor=world.allocated,
        family=practice.family,
        held_on=TODAY,
        setting=RestorativeConversation.Setting.OTHER,
        setting_detail=SETTING_DETAIL,
        members=[practice.mother],
        questions=[Question.objects.filter(is_active=True).first()],
    )
    return SimpleNamespace(
        plan=plan, action=action, ended=ended, meeting=meeting, conversation=conversation
    )


LISTS = [
    "/api/practice/actions/",
    "/api/practice/actions/?overdue=true",
    "/api/practice/plans/",
    "/api/practice/plans/?status=ended",
    "/api/practice/meetings/",
    "/api/practice/conversations/",
]


@pytest.mark.parametrize("relationship", ["director", "quality", "allocated"])
def test_lists_carry_no_free_text_and_write_no_event(
    world: Any, written: SimpleNamespace, relationship: str
) -> None:
    client = signed_in(getattr(world, relationship))
    mark = last_event_id()
    listed: set[str] = set()
    for url in LISTS:
        response = client.get(url)
        listed |= {row["uuid"] for row in rows(response)}
        text = response.content.decode()
        for secret in SECRETS:
            assert secret not in text, (url, secret)
        # A family member's name is the family's record too (an action's owner).
        assert practice_name(written) not in text, url
    # The records are listed (the lists are not simply empty) ...
    assert {
        str(written.action.uuid),
        str(written.plan.uuid),
        str(written.ended.uuid),
        str(written.meeting.uuid),
        str(written.conversation.uuid),
    } <= listed
    # ... and, having shown nothing written about the family, wrote no event.
    assert not events_since(mark).exists()


def practice_name(written: SimpleNamespace) -> str:
    return str(written.action.owner_member.first_name)


def test_the_retrieve_shows_the_words_after_writing_the_event(
    world: Any, written: SimpleNamespace
) -> None:
    client = signed_in(world.director)
    cases = [
        (f"/api/practice/actions/{written.action.uuid}/", ACTION_TEXT, "plan", written.plan),
        (f"/api/practice/actions/{written.action.uuid}/", ACTION_NOTE, "plan", written.plan),
        (f"/api/practice/plans/{written.plan.uuid}/", PLAN_TITLE, "plan", written.plan),
        (f"/api/practice/plans/{written.ended.uuid}/", END_OUTCOME, "plan", written.ended),
        (f"/api/practice/meetings/{written.meeting.uuid}/", PLACE, "meeting", written.meeting),
        (
            f"/api/practice/conversations/{written.conversation.uuid}/",
            SETTING_DETAIL,
            "restorativeconversation",
            written.conversation,
        ),
    ]
    for url, words, subject_type, subject in cases:
        mark = last_event_id()
        response = client.get(url)
        assert response.status_code == 200
        assert words in response.content.decode()
        event = events_since(mark).get()
        assert (event.action, event.channel, event.subject_type, event.subject_uuid) == (
            "view",
            "api",
            subject_type,
            subject.uuid,
        )
    with mock.patch(PRACTICE_AUDIT, side_effect=AuditWriteError("down")):
        response = client.get(f"/api/practice/actions/{written.action.uuid}/")
    assert response.status_code == 503
    assert ACTION_TEXT not in response.content.decode()


# --- Defect 5: a conversation's answers through the API -------------------------------------


@pytest.fixture
def conversation(world: Any, practice: SimpleNamespace) -> RestorativeConversation:
    questions = list(Question.objects.filter(is_active=True).order_by("id")[:2])
    made = services.conversation_create(
        actor=world.allocated,
        family=practice.family,
        held_on=TODAY,
        setting=RestorativeConversation.Setting.HOME_VISIT,
        members=[practice.child, practice.mother],
        questions=questions,
    )
    return made


def answers_url(conversation: RestorativeConversation) -> str:
    return f"/api/practice/conversations/{conversation.uuid}/answers/"


def answers_body(conversation: RestorativeConversation, **extra: Any) -> dict[str, Any]:
    child, mother = sorted(conversation.participants.all(), key=lambda p: p.pk)
    first, second = sorted(conversation.questions.all(), key=lambda q: q.pk)
    body: dict[str, Any] = {
        "answers": [
            {"participant": str(child.uuid), "question": str(first.uuid), "answer": "I was scared"},
            {"participant": str(mother.uuid), "question": str(first.uuid), "answer": "Shouting"},
            {"participant": str(mother.uuid), "question": str(second.uuid), "answer": "Jay"},
        ],
        "agreed_next": "Mum will ring the school on Monday",
    }
    body.update(extra)
    return body


def test_answers_and_what_was_agreed_are_saved_once(
    world: Any, conversation: RestorativeConversation
) -> None:
    client = signed_in(world.allocated)
    body = answers_body(conversation)
    mark = last_event_id()
    response = client.post(answers_url(conversation), body, format="json")
    assert response.status_code == 200, response.json()
    record = response.json()
    assert record["agreed_next"] == "Mum will ring the school on Monday"
    given = {
        (p["uuid"], a["question"]): a["answer"]
        for p in record["participants"]
        for a in p["answers"]
    }
    assert given == {
        (row["participant"], row["question"]): row["answer"] for row in body["answers"]
    }
    event = events_since(mark).get()
    assert (event.action, event.channel, event.subject_uuid) == (
        "change",
        "api",
        conversation.uuid,
    )
    # The same body again: the same record, no second answer.
    again = client.post(answers_url(conversation), body, format="json")
    assert again.status_code == 200
    assert again.json()["participants"] == record["participants"]
    assert ConversationAnswer.objects.count() == 3


def test_answers_not_sent_stay_and_an_empty_answer_removes_one(
    world: Any, conversation: RestorativeConversation
) -> None:
    client = signed_in(world.allocated)
    client.post(answers_url(conversation), answers_body(conversation), format="json")
    first = answers_body(conversation)["answers"][0]
    response = client.post(
        answers_url(conversation), {"answers": [{**first, "answer": ""}]}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert ConversationAnswer.objects.count() == 2
    # `agreed_next` left out: kept.
    conversation.refresh_from_db()
    assert conversation.agreed_next == "Mum will ring the school on Monday"
    assert response.json()["agreed_next"] == "Mum will ring the school on Monday"


@pytest.mark.parametrize(
    "change",
    [
        lambda c, body: body["answers"][0].update(participant=str(uuid.uuid4())),
        lambda c, body: body["answers"][0].update(
            question=str(Question.objects.exclude(conversations=c).first().uuid)  # type: ignore[union-attr]
        ),
        lambda c, body: body["answers"].append(dict(body["answers"][0])),
        lambda c, body: body["answers"][0].update(participant="not-a-uuid"),
        lambda c, body: body["answers"][0].pop("answer"),
    ],
    ids=["unknown-participant", "question-not-asked", "twice", "bad-uuid", "no-answer"],
)
def test_bad_answers_are_400_and_save_nothing(
    world: Any, conversation: RestorativeConversation, change: Any
) -> None:
    body = answers_body(conversation)
    change(conversation, body)
    response = signed_in(world.allocated).post(answers_url(conversation), body, format="json")
    assert response.status_code == 400
    assert "answers" in response.json()
    assert not ConversationAnswer.objects.exists()
    conversation.refresh_from_db()
    assert conversation.agreed_next == ""


@pytest.mark.parametrize(
    ("relationship", "expected"),
    [
        ("same_team", 200),
        ("support_same_team", 403),  # arranges meetings, records no conversations
        ("director", 403),
        ("quality", 403),
        ("other_team", 404),
        ("partner", 404),
        ("workforce", 404),
    ],
)
def test_who_may_write_answers(
    world: Any, conversation: RestorativeConversation, relationship: str, expected: int
) -> None:
    client = signed_in(getattr(world, relationship))
    response = client.post(answers_url(conversation), answers_body(conversation), format="json")
    assert response.status_code == expected
    assert ConversationAnswer.objects.exists() == (expected == 200)


def test_answers_are_not_saved_when_the_trail_fails(
    world: Any, conversation: RestorativeConversation
) -> None:
    with mock.patch(PRACTICE_AUDIT, side_effect=AuditWriteError("down")):
        response = signed_in(world.allocated).post(
            answers_url(conversation), answers_body(conversation), format="json"
        )
    assert response.status_code == 503
    assert set(response.json()) == {"detail"}
    assert not ConversationAnswer.objects.exists()
    conversation.refresh_from_db()
    assert conversation.agreed_next == ""


def test_an_unknown_conversation_is_404(world: Any) -> None:
    response = signed_in(world.allocated).post(
        f"/api/practice/conversations/{uuid.uuid4()}/answers/", {"answers": []}, format="json"
    )
    assert response.status_code == 404


# --- Defect 6: no typed-in chair for a conference or circle ----------------------------------


def _fgc_page_post(practice: SimpleNamespace, **changes: Any) -> dict[str, Any]:
    data = {
        "submission_token": str(uuid.uuid4()),
        "action": "save",
        "meeting_type": "family_group_conference",
        "date": (TODAY + datetime.timedelta(days=7)).strftime("%d/%m/%Y"),
        "time": "14:30",
        "venue": "in_person",
        "chair": "",
        "chair_name": "Tom Kowalski (FGC coordinator)",
        "members": [str(practice.child.uuid), str(practice.mother.uuid)],
    }
    data.update(changes)
    return data


def test_page_refuses_a_typed_in_conference_coordinator(
    client: Any, world: Any, practice: SimpleNamespace
) -> None:
    client.force_login(world.allocated)
    url = reverse("practice:meeting_new", args=[practice.family.uuid])
    before = Meeting.objects.count()
    response = client.post(url, _fgc_page_post(practice))
    assert response.status_code == 200
    text = response.content.decode()
    # In the error summary and beside the chair's name.
    assert text.count(FGC_FROM_THE_LIST) == 2
    assert 'id="id_chair_name-error"' in text
    assert Meeting.objects.count() == before


@pytest.mark.parametrize(
    ("meeting_type", "message"),
    [
        (MeetingType.FAMILY_GROUP_CONFERENCE, FGC_FROM_THE_LIST),
        (MeetingType.RESTORATIVE_CIRCLE, CIRCLE_FROM_THE_LIST),
    ],
)
def test_api_refuses_a_typed_in_lead(
    world: Any, practice: SimpleNamespace, meeting_type: str, message: str
) -> None:
    body = {
        "family": str(practice.family.uuid),
        "meeting_type": meeting_type,
        "scheduled_at": meeting_at(5).isoformat(),
        "venue": "in_person",
        "members": [str(practice.child.uuid)],
        "chair_name": "Pat Lee",
    }
    before = Meeting.objects.count()
    response = signed_in(world.allocated).post("/api/practice/meetings/", body, format="json")
    assert response.status_code == 400
    assert response.json()["chair_name"] == [message]
    assert Meeting.objects.count() == before


def test_a_typed_in_chair_is_still_allowed_where_no_trained_lead_is_needed(
    world: Any, practice: SimpleNamespace
) -> None:
    meeting = services.meeting_schedule(
        actor=world.allocated,
        family=practice.family,
        meeting_type=MeetingType.REVIEW_CONFERENCE,
        scheduled_at=meeting_at(5),
        venue="in_person",
        chair_name="Ruth Adeyemi (independent chair)",
    )
    assert meeting.chair_name == "Ruth Adeyemi (independent chair)"
    # A conference with no chair chosen yet is fine too: it is the typed name that is refused.
    services.meeting_schedule(
        actor=world.allocated,
        family=practice.family,
        meeting_type=MeetingType.FAMILY_GROUP_CONFERENCE,
        scheduled_at=meeting_at(5),
        venue="in_person",
    )


# --- Defect 9: the service offers only the page's chairs and professionals -----------------


def test_the_service_refuses_a_chair_from_another_team(
    world: Any, practice: SimpleNamespace
) -> None:
    before = Meeting.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.meeting_schedule(
            actor=world.allocated,
            family=practice.family,
            meeting_type=MeetingType.CORE_GROUP,
            scheduled_at=meeting_at(5),
            venue="in_person",
            chair=world.other_team,
        )
    assert "chair" in refused.value.message_dict
    assert Meeting.objects.count() == before
    # The family's team manager and the head of its service may chair.
    for chair in (world.manager, world.head):
        meeting = services.meeting_schedule(
            actor=world.allocated,
            family=practice.family,
            meeting_type=MeetingType.CORE_GROUP,
            scheduled_at=meeting_at(5),
            venue="in_person",
            chair=chair,
        )
        assert meeting.chair == chair


@pytest.mark.parametrize("relationship", ["other_team", "other_service", "director", "workforce"])
def test_the_service_refuses_to_invite_staff_the_page_would_not_offer(
    world: Any, practice: SimpleNamespace, relationship: str
) -> None:
    before = Meeting.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.meeting_schedule(
            actor=world.allocated,
            family=practice.family,
            meeting_type=MeetingType.CORE_GROUP,
            scheduled_at=meeting_at(5),
            venue="in_person",
            staff=[world.partner, getattr(world, relationship)],
        )
    assert refused.value.message_dict["staff"] == [
        "Choose professionals from the family's team or a partner agency"
    ]
    assert Meeting.objects.count() == before


def test_the_service_invites_the_team_and_partners(world: Any, practice: SimpleNamespace) -> None:
    meeting = services.meeting_schedule(
        actor=world.allocated,
        family=practice.family,
        meeting_type=MeetingType.CORE_GROUP,
        scheduled_at=meeting_at(5),
        venue="in_person",
        staff=[world.partner, world.same_team],
    )
    assert {p.staff for p in meeting.participants.all()} == {world.partner, world.same_team}


# --- Defect 11: a form shown again with its errors writes the view event, fail-closed --------


@pytest.fixture
def plan(world: Any, practice: SimpleNamespace) -> Plan:
    return plans.plan_create(
        actor=world.allocated,
        family=practice.family,
        title=PLAN_TITLE,
        started_on=TODAY - datetime.timedelta(days=10),
    )


def _reshown(practice: SimpleNamespace, plan: Plan) -> list[tuple[str, dict[str, Any], Any, Any]]:
    """(url, a POST with an error, the subject of the view event, the model nothing is added to)."""
    meeting = practice.invited
    tomorrow = (TODAY + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    return [
        (
            reverse("practice:meeting_record", args=[meeting.uuid]),
            {"held_on": tomorrow},
            meeting,
            None,
        ),
        (
            reverse("practice:decision_new", args=[meeting.uuid]),
            {"submission_token": str(uuid.uuid4()), "decision": "", "family_position": "agreed"},
            meeting,
            Decision,
        ),
        (
            reverse("practice:goal_new", args=[plan.uuid]),
            {"submission_token": str(uuid.uuid4()), "goal": "", "whose": ""},
            plan,
            Goal,
        ),
        (
            reverse("practice:action_new", args=[plan.uuid]),
            {"submission_token": str(uuid.uuid4()), "what": "", "due_date": ""},
            plan,
            Action,
        ),
        (
            reverse("practice:plan_new", args=[practice.family.uuid]),
            {"submission_token": str(uuid.uuid4()), "title": "", "started_on": ""},
            practice.family,
            Plan,
        ),
    ]


def test_a_form_shown_again_with_errors_writes_the_view_event(
    client: Any, world: Any, practice: SimpleNamespace, plan: Plan
) -> None:
    client.force_login(world.allocated)
    for url, data, subject, model in _reshown(practice, plan):
        mark = last_event_id()
        before = model.objects.count() if model else None
        response = client.post(url, data)
        assert response.status_code == 200, url
        assert "govuk-error-summary" in response.content.decode(), url
        event = events_since(mark).get()
        assert (event.action, event.subject_uuid, event.actor_id) == (
            "view",
            subject.uuid,
            world.allocated.pk,
        ), url
        if model:
            assert model.objects.count() == before, url


def test_a_form_shown_again_with_errors_fails_closed(
    client: Any, world: Any, practice: SimpleNamespace, plan: Plan
) -> None:
    client.force_login(world.allocated)
    for url, data, _subject, model in _reshown(practice, plan):
        before = model.objects.count() if model else None
        with (
            mock.patch(PRACTICE_AUDIT, side_effect=AuditWriteError("down")),
            mock.patch(PEOPLE_AUDIT, side_effect=AuditWriteError("down")),
        ):
            response = client.post(url, data)
        assert response.status_code == 503, url
        text = response.content.decode()
        assert "govuk-error-summary" not in text, url
        assert PLAN_TITLE not in text and practice.mother.first_name not in text, url
        if model:
            assert model.objects.count() == before, url
