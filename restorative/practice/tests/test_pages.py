"""The pages: recording conversations and meetings, bad input, double submission, the trail."""

from __future__ import annotations

import datetime
import uuid
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from restorative.core.audit import AuditWriteError
from restorative.core.models import AccessEvent
from restorative.core.working_days import working_days_between
from restorative.people.tests.factories import FamilyMemberFactory
from restorative.practice import selectors, services
from restorative.practice.models import (
    ConversationAnswer,
    Decision,
    Meeting,
    MeetingParticipant,
    Question,
    RestorativeConversation,
)

TODAY = datetime.date.today()
YESTERDAY = (TODAY - datetime.timedelta(days=1)).strftime("%d/%m/%Y")
NEXT_WEEK = (TODAY + datetime.timedelta(days=7)).strftime("%d/%m/%Y")


def _short_form() -> list[Question]:
    return list(Question.objects.filter(question_set__code="policy-short-form").order_by("order"))


def conversation_post(practice: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "submission_token": str(uuid.uuid4()),
        "held_on": YESTERDAY,
        "setting": "home_visit",
        "setting_detail": "",
        "members": [str(practice.child.uuid), str(practice.mother.uuid)],
        "questions": [str(q.uuid) for q in _short_form()],
        "other_name_1": "Auntie Bea",
        "other_role_1": "Family friend",
    }
    data.update(changes)
    return data


def _meeting_post(practice: Any, world: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "submission_token": str(uuid.uuid4()),
        "action": "save",
        "meeting_type": "initial_conference",
        "trigger": "strategy_discussion",
        "trigger_date": YESTERDAY,
        "date": NEXT_WEEK,
        "time": "14:30",
        "venue": "in_person",
        "place": "Civic Centre, room 2",
        # A conference is chaired independently (test_independent_chairs.py): none chosen yet.
        "chair": "",
        "members": [str(practice.child.uuid), str(practice.mother.uuid)],
        "staff": [str(world.partner.uuid)],
    }
    data.update(changes)
    return data


def test_record_a_home_visit_conversation(client: Any, world: Any, practice: Any) -> None:
    client.force_login(world.allocated)
    response = client.post(
        reverse("practice:conversation_new", args=[practice.family.uuid]),
        conversation_post(practice),
    )
    conversation = RestorativeConversation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "practice:conversation_answers", args=[conversation.uuid]
    )
    assert conversation.participants.count() == 3
    assert conversation.questions.count() == 3
    page = client.get(response["Location"])
    assert page.status_code == 200
    participant = conversation.participants.get(member=practice.child)
    question = _short_form()[0]
    answers = {f"answer_{participant.pk}_{question.pk}": "I got angry and broke the window"}
    response = client.post(
        response["Location"], {**answers, "agreed_next": "Fix the window together"}
    )
    assert response.status_code == 302
    assert ConversationAnswer.objects.get().answer == "I got angry and broke the window"
    detail = client.get(reverse("practice:conversation_detail", args=[conversation.uuid]))
    body = detail.content.decode()
    assert "I got angry and broke the window" in body
    assert "Fix the window together" in body
    assert "What happened?" in body
    assert "data-language-check" in page.content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"held_on": ""}, "Enter the date of the conversation"),
        ({"held_on": "31/02/2026"}, "Date of the conversation must be a real date"),
        ({"held_on": NEXT_WEEK}, "must be today or in the past"),
        ({"setting": "garden"}, "Choose where the conversation took place"),
        ({"setting": "other"}, "Say what the other contact was"),
        ({"members": [], "other_name_1": ""}, "Choose who took part in the conversation"),
        ({"members": [str(uuid.uuid4())]}, "Choose people from this family"),
        ({"members": ["not-a-uuid"]}, "Choose people from this family"),
        ({"questions": []}, "Choose the questions you asked"),
        ({"questions": [str(uuid.uuid4())]}, "Choose questions from the list"),
        ({"submission_token": ""}, "Reload the page and try again"),
    ],
)
def test_conversation_bad_input(
    client: Any, world: Any, practice: Any, changes: dict[str, Any], message: str
) -> None:
    client.force_login(world.allocated)
    response = client.post(
        reverse("practice:conversation_new", args=[practice.family.uuid]),
        conversation_post(practice, **changes),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert message in body
    assert not RestorativeConversation.objects.exists()


def test_member_of_another_family_is_refused(client: Any, world: Any, practice: Any) -> None:
    stranger = FamilyMemberFactory(family=practice.other_family)
    client.force_login(world.allocated)
    response = client.post(
        reverse("practice:meeting_new", args=[practice.family.uuid]),
        _meeting_post(practice, world, members=[str(stranger.uuid)]),
    )
    assert "Choose people from this family" in response.content.decode()
    assert Meeting.objects.count() == 3


def test_conversation_double_submission_makes_one(client: Any, world: Any, practice: Any) -> None:
    client.force_login(world.allocated)
    data = conversation_post(practice)
    url = reverse("practice:conversation_new", args=[practice.family.uuid])
    first = client.post(url, data)
    second = client.post(url, data)
    assert first["Location"] == second["Location"]
    assert RestorativeConversation.objects.count() == 1


def test_schedule_shows_due_date_then_saves(
    client: Any, world: Any, practice: Any, conference_chair: Any
) -> None:
    client.force_login(world.allocated)
    url = reverse("practice:meeting_new", args=[practice.family.uuid])
    assert client.get(url).status_code == 200
    strategy = datetime.date(2025, 12, 15)
    data = _meeting_post(
        practice,
        world,
        trigger_date=strategy.strftime("%d/%m/%Y"),
        chair=str(conference_chair.uuid),
    )
    preview = client.post(url, {**data, "action": "calculate", "date": ""})
    body = preview.content.decode()
    assert preview.status_code == 200
    assert "This meeting is due by <strong>Thursday 8 January 2026</strong>" in body
    assert "There is a problem" not in body
    assert Meeting.objects.count() == 3
    response = client.post(url, data)
    assert response.status_code == 302
    meeting = Meeting.objects.get(submission_token=data["submission_token"])
    assert meeting.due_date == datetime.date(2026, 1, 8)
    assert meeting.participants.count() == 3
    assert meeting.chair == conference_chair
    again = client.post(url, data)
    assert again["Location"] == response["Location"]
    assert Meeting.objects.count() == 4


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"meeting_type": ""}, "Choose the type of meeting"),
        ({"meeting_type": "tea_party"}, "Choose the type of meeting from the list"),
        ({"date": ""}, "Enter the date of the meeting"),
        ({"time": "25:99"}, "Time of the meeting must be a real time"),
        ({"venue": ""}, "Choose in person or online"),
        ({"trigger_date": ""}, "Enter the date it happened"),
        ({"trigger_date": NEXT_WEEK}, "Date it happened must be today or in the past"),
        ({"trigger": "birthday"}, "Choose what started the timescale from the list"),
        ({"trigger": "referral_order"}, "There is no timescale for this meeting after that event"),
        ({"staff": [str(uuid.uuid4())]}, "Choose professionals from the list"),
        ({"chair": str(uuid.uuid4())}, "Choose the chair from the list"),
    ],
)
def test_meeting_bad_input(
    client: Any, world: Any, practice: Any, changes: dict[str, Any], message: str
) -> None:
    client.force_login(world.allocated)
    before = (
        Meeting.objects.count(),
        MeetingParticipant.objects.count(),
        AccessEvent.objects.count(),
    )
    response = client.post(
        reverse("practice:meeting_new", args=[practice.family.uuid]),
        _meeting_post(practice, world, **changes),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert message in body
    assert (Meeting.objects.count(), MeetingParticipant.objects.count()) == before[:2]


def test_meeting_with_no_family(client: Any, world: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.meeting_schedule(
            actor=world.allocated,
            family=None,
            meeting_type="core_group",
            scheduled_at=mock.sentinel.never_used,  # type: ignore[arg-type]
            venue="online",
        )
    assert error.value.message_dict == {"family": ["Enter the case reference of the family"]}
    client.force_login(world.allocated)
    url = reverse("practice:meeting_choose_family")
    for reference, message in [
        ("", "Enter the case reference of the family"),
        ("NOPE123", "Enter the case reference of a family you work with"),
    ]:
        body = client.get(url, {"case_reference": reference}).content.decode()
        assert message in body
    response = client.get(url, {"case_reference": world.family.case_reference.lower()})
    assert response["Location"] == reverse("practice:meeting_new", args=[world.family.uuid])
    assert not Meeting.objects.exists()


def test_family_of_another_team_cannot_be_chosen(client: Any, world: Any, practice: Any) -> None:
    client.force_login(world.allocated)
    body = client.get(
        reverse("practice:meeting_choose_family"),
        {"case_reference": practice.other_family.case_reference},
    ).content.decode()
    assert "Enter the case reference of a family you work with" in body


def _record_post(meeting: Meeting, **extra: str) -> dict[str, str]:
    data = {"held_on": YESTERDAY, "what_happened": "Windows broken", "worries": "Safety at night"}
    if meeting.meeting_type == "initial_conference":
        data.update(conference_outcome="plan_made", plan_category="neglect")
    for p in meeting.participants.all():
        prefix = f"p_{p.uuid.hex}"
        data[f"{prefix}_attendance"] = "attended"
        data[f"{prefix}_given_by"] = "in_person"
        data[f"{prefix}_view"] = f"View of {p.display_name}"
    data.update(extra)
    return data


def test_record_meeting_with_every_view(client: Any, world: Any, practice: Any) -> None:
    client.force_login(world.allocated)
    meeting = practice.invited
    url = reverse("practice:meeting_record", args=[meeting.uuid])
    assert client.get(url).status_code == 200
    child = meeting.participants.get(member=practice.child)
    data = _record_post(meeting)
    data[f"p_{child.uuid.hex}_view"] = "I want to stay at home with my mum"
    data[f"p_{child.uuid.hex}_given_by"] = "advocate"
    response = client.post(url, {**data, "experience": "with", "experience_given_by": "family"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    page = client.get(reverse("practice:meeting_detail", args=[meeting.uuid])).content.decode()
    assert "I want to stay at home with my mum" in page
    assert "3 of 3 invited (100%)" in page
    assert "The child's wishes and feelings are recorded." in page
    assert meeting.conference_outcome == "plan_made" and meeting.plan_category == "neglect"
    assert "Child protection plan made (category: neglect)" in page


def test_a_conference_record_needs_its_outcome(client: Any, world: Any, practice: Any) -> None:
    client.force_login(world.allocated)
    url = reverse("practice:meeting_record", args=[practice.invited.uuid])
    data = _record_post(practice.invited)
    del data["conference_outcome"], data["plan_category"]
    page = client.post(url, data).content.decode()
    assert "Choose whether a child protection plan was made" in page
    data.update(conference_outcome="plan_made")
    page = client.post(url, data).content.decode()
    assert "Choose the category of the child protection plan" in page
    practice.invited.refresh_from_db()
    assert practice.invited.status == Meeting.Status.SCHEDULED
    data.update(conference_outcome="no_plan")
    assert client.post(url, data).status_code == 302
    assert not Meeting.objects.filter(follows=practice.invited).exists()


def test_not_given_needs_a_reason(client: Any, world: Any, practice: Any) -> None:
    client.force_login(world.allocated)
    meeting = practice.invited
    mother = meeting.participants.get(member=practice.mother)
    data = _record_post(meeting)
    data[f"p_{mother.uuid.hex}_given_by"] = "not_given"
    response = client.post(reverse("practice:meeting_record", args=[meeting.uuid]), data)
    assert "Say why Grace Okafor&#x27;s view was not given" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED
    assert not MeetingParticipant.objects.exclude(view="").exists()


def test_voice_completeness(world: Any, practice: Any) -> None:
    meeting = selectors.meeting_get(world.allocated, practice.invited.uuid)
    voice = selectors.voice_completeness(meeting)
    assert (voice.invited, voice.heard, voice.children_invited, voice.child_heard) == (
        3,
        0,
        1,
        False,
    )
    assert voice.percent == 0
    child = meeting.participants.get(member=practice.child)
    services.meeting_record(
        actor=world.allocated,
        meeting=meeting,
        held_on=TODAY,
        sections={},
        participants={
            child.uuid: services.ParticipantRecord("attended", "writing", "", "I like my school"),
        },
    )
    voice = selectors.voice_completeness(selectors.meeting_get(world.allocated, meeting.uuid))
    assert (voice.heard, voice.child_heard, voice.percent) == (1, True, 33)


def test_unknown_participant_is_refused(world: Any, practice: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.meeting_record(
            actor=world.allocated,
            meeting=practice.invited,
            held_on=TODAY,
            sections={},
            participants={
                uuid.uuid4(): services.ParticipantRecord("attended", "in_person", "", "x")
            },
        )
    assert "Record views only for people invited to this meeting" in str(error.value)
    practice.invited.refresh_from_db()
    assert practice.invited.status == Meeting.Status.SCHEDULED


def test_decisions(client: Any, world: Any, practice: Any) -> None:
    client.force_login(world.allocated)
    url = reverse("practice:decision_new", args=[practice.invited.uuid])
    token = str(uuid.uuid4())
    bad = client.post(
        url,
        {
            "submission_token": token,
            "decision": "Child protection plan",
            "family_position": "disagreed",
        },
    )
    assert "Write the family&#x27;s view in their own words" in bad.content.decode()
    assert not Decision.objects.exists()
    data = {
        "submission_token": token,
        "decision": "Child protection plan",
        "family_position": "reservations",
        "family_view": "We will work with you but we are scared",
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert Decision.objects.count() == 1
    page = client.get(reverse("practice:meeting_detail", args=[practice.invited.uuid]))
    assert "We will work with you but we are scared" in page.content.decode()


def test_pages_write_the_trail_first_and_fail_closed(
    client: Any, world: Any, practice: Any
) -> None:
    client.force_login(world.allocated)
    url = reverse("practice:meeting_detail", args=[practice.invited.uuid])
    client.get(url)
    assert AccessEvent.objects.filter(
        subject_uuid=practice.invited.uuid, action="view", actor=world.allocated
    ).exists()
    target = "restorative.practice.services.access_event_record"
    with mock.patch(target, side_effect=AuditWriteError("down")):
        response = client.get(url)
        assert response.status_code == 503
        assert "Initial child protection conference" not in response.content.decode()
        with mock.patch(
            "restorative.people.services.access_event_record", side_effect=AuditWriteError("x")
        ):
            assert (
                client.get(
                    reverse("practice:family_practice", args=[practice.family.uuid])
                ).status_code
                == 503
            )
        before = Decision.objects.count()
        response = client.post(
            reverse("practice:decision_new", args=[practice.invited.uuid]),
            {"submission_token": str(uuid.uuid4()), "decision": "x", "family_position": "agreed"},
        )
        assert response.status_code == 503
        assert Decision.objects.count() == before


def test_meeting_page_query_count_is_constant(client: Any, world: Any, practice: Any) -> None:
    client.force_login(world.allocated)
    url = reverse("practice:meeting_detail", args=[practice.invited.uuid])
    client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = count()
    members = [FamilyMemberFactory(family=practice.family) for _ in range(25)]
    MeetingParticipant.objects.bulk_create(
        MeetingParticipant(
            meeting=practice.invited, member=m, kind="child", view="Hello", view_given_by="app"
        )
        for m in members
    )
    assert count() == small
    record_url = reverse("practice:meeting_record", args=[practice.invited.uuid])

    def record_count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(record_url).status_code == 200
        return len(queries)

    large_record = record_count()
    MeetingParticipant.objects.bulk_create(
        MeetingParticipant(meeting=practice.invited, name=f"Guest {i}", kind="other")
        for i in range(20)
    )
    assert record_count() == large_record


def test_family_practice_page_query_count_is_constant(
    client: Any, world: Any, practice: Any
) -> None:
    client.force_login(world.allocated)
    url = reverse("practice:family_practice", args=[practice.family.uuid])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = count()
    for _ in range(5):
        services.meeting_schedule(
            actor=world.allocated,
            family=practice.family,
            meeting_type="restorative_circle",
            scheduled_at=practice.invited.scheduled_at,
            venue="in_person",
            members=[practice.child, practice.mother],
        )
    assert count() == small


def test_due_lists(client: Any, world: Any, practice: Any) -> None:
    # The invited initial conference is due 15 working days after a strategy discussion
    # three days ago: at least 12 working days away, so not yet "due soon" (10 working
    # days). Make a second one overdue.
    Meeting.objects.filter(pk=practice.not_invited.pk).update(
        due_date=TODAY - datetime.timedelta(days=2)
    )
    assert practice.invited.due_date is not None
    assert working_days_between(TODAY, practice.invited.due_date) >= 12
    lists = selectors.meetings_due(world.allocated)
    assert [m.pk for m in lists.overdue] == [practice.not_invited.pk]
    assert lists.due_soon == []
    # Due on the day it is arranged for (a week away, fewer than 10 working days): due soon.
    Meeting.objects.filter(pk=practice.invited.pk).update(
        due_date=practice.invited.scheduled_at.date()
    )
    lists = selectors.meetings_due(world.allocated)
    assert [m.pk for m in lists.due_soon] == [practice.invited.pk]
    assert [m.pk for m in lists.overdue] == [practice.not_invited.pk]
    client.force_login(world.manager)
    body = client.get(reverse("practice:meetings_due") + "?scope=team").content.decode()
    assert "Core group meeting" in body
    assert "Overdue (1)" in body
    client.force_login(world.other_team_manager)
    body = client.get(reverse("practice:meetings_due") + "?scope=team").content.decode()
    assert "Overdue (0)" in body


def test_family_page_links_to_practice(client: Any, world: Any) -> None:
    client.force_login(world.allocated)
    body = client.get(reverse("people:family_detail", args=[world.family.uuid])).content.decode()
    assert reverse("practice:family_practice", args=[world.family.uuid]) in body
