"""What each role does with a family's practice (issue 14 point 3; decision 0008, roles).

Business support schedule meetings, invite people and take the minutes, but record no
conversation, decision or plan. The director and quality assurance read and are offered
no scheduling. An invited partner who was not at the meeting sees what was decided, not
what was said. Each rule is checked through the page and through the API, allowed and
refused.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from restorative.practice import services
from restorative.practice.models import Meeting, MeetingParticipant, MeetingType

from .conftest import meeting_at

MEETINGS = "/api/practice/meetings/"
CONVERSATIONS = "/api/practice/conversations/"
PLANS = "/api/practice/plans/"
PARTNER_VIEW = "Police will share the history"
CHILD_VIEW = "I want to stay at home"
DISCUSSION = "The family talked about mornings"
DECISION = "Amara stays with Grace"


def browser(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


# --- Business support: scheduling, invitations and minutes; no practice --------------------


def test_business_support_is_offered_scheduling_but_not_practice(world: Any, practice: Any):
    page = browser(world.support_same_team).get(
        reverse("practice:family_practice", args=[world.family.uuid])
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert reverse("practice:meeting_new", args=[world.family.uuid]) in html
    assert reverse("practice:conversation_new", args=[world.family.uuid]) not in html
    assert reverse("practice:plan_new", args=[world.family.uuid]) not in html

    practitioner = browser(world.allocated).get(
        reverse("practice:family_practice", args=[world.family.uuid])
    )
    assert reverse("practice:conversation_new", args=[world.family.uuid]) in (
        practitioner.content.decode()
    )


@pytest.mark.parametrize(
    ("who", "expected"), [("support_same_team", 200), ("allocated", 200), ("director", 404)]
)
def test_who_may_open_the_scheduling_page(world: Any, who: str, expected: int) -> None:
    client = browser(getattr(world, who))
    assert client.get(reverse("practice:meeting_new", args=[world.family.uuid])).status_code == (
        expected
    )
    assert client.get(reverse("practice:meeting_choose_family")).status_code == expected


@pytest.mark.parametrize("who", ["support_same_team", "allocated"])
def test_business_support_and_practitioners_schedule_through_the_api(
    world: Any, practice: Any, who: str
) -> None:
    body = {
        "family": str(world.family.uuid),
        "meeting_type": MeetingType.CORE_GROUP,
        "scheduled_at": meeting_at(5).isoformat(),
        "venue": "in_person",
        "members": [str(practice.mother.uuid)],
        "staff": [str(world.partner.uuid)],
    }
    response = api(getattr(world, who)).post(MEETINGS, body, format="json")
    assert response.status_code == 201, response.content


@pytest.mark.parametrize(("who", "expected"), [("support_same_team", 404), ("allocated", 200)])
def test_business_support_records_no_conversation_on_the_page(
    world: Any, who: str, expected: int
) -> None:
    url = reverse("practice:conversation_new", args=[world.family.uuid])
    assert browser(getattr(world, who)).get(url).status_code == expected


@pytest.mark.parametrize(("who", "expected"), [("support_same_team", 403), ("allocated", 201)])
def test_business_support_records_no_conversation_through_the_api(
    world: Any, practice: Any, who: str, expected: int
) -> None:
    from restorative.practice.models import Question

    body = {
        "family": str(world.family.uuid),
        "held_on": datetime.date.today().isoformat(),
        "setting": "home_visit",
        "members": [str(practice.child.uuid)],
        "others": [],
        "questions": [str(Question.objects.filter(is_active=True).first().uuid)],  # type: ignore[union-attr]
    }
    assert api(getattr(world, who)).post(CONVERSATIONS, body, format="json").status_code == (
        expected
    )


@pytest.mark.parametrize(("who", "expected"), [("support_same_team", 403), ("allocated", 201)])
def test_business_support_makes_no_plan_through_the_api(
    world: Any, practice: Any, who: str, expected: int
) -> None:
    body = {
        "family": str(world.family.uuid),
        "title": "Calmer mornings",
        "started_on": datetime.date.today().isoformat(),
    }
    assert api(getattr(world, who)).post(PLANS, body, format="json").status_code == expected
    page = browser(getattr(world, who)).get(reverse("practice:plan_new", args=[world.family.uuid]))
    assert page.status_code == (404 if who == "support_same_team" else 200)


def test_business_support_minutes_the_meeting_but_records_no_decision(
    world: Any, practice: Any
) -> None:
    meeting = practice.invited
    support = browser(world.support_same_team)
    detail = support.get(reverse("practice:meeting_detail", args=[meeting.uuid])).content.decode()
    assert reverse("practice:meeting_record", args=[meeting.uuid]) in detail
    assert reverse("practice:meeting_participants", args=[meeting.uuid]) in detail
    assert reverse("practice:decision_new", args=[meeting.uuid]) not in detail
    assert support.get(reverse("practice:meeting_record", args=[meeting.uuid])).status_code == 200
    assert support.get(reverse("practice:decision_new", args=[meeting.uuid])).status_code == 404

    decision = {"decision": DECISION, "family_position": "agreed"}
    refused = api(world.support_same_team).post(
        f"{MEETINGS}{meeting.uuid}/decisions/", decision, format="json"
    )
    assert refused.status_code == 403
    allowed = api(world.allocated).post(
        f"{MEETINGS}{meeting.uuid}/decisions/", decision, format="json"
    )
    assert allowed.status_code == 201, allowed.content
    practitioner = browser(world.allocated).get(
        reverse("practice:meeting_detail", args=[meeting.uuid])
    )
    assert reverse("practice:decision_new", args=[meeting.uuid]) in practitioner.content.decode()


# --- The director and quality assurance read: no scheduling is offered ----------------------


@pytest.mark.parametrize(
    ("who", "offered"),
    [("director", False), ("quality", False), ("allocated", True), ("support_same_team", True)],
)
def test_schedule_a_meeting_is_offered_only_to_those_who_may(
    world: Any, practice: Any, who: str, offered: bool
) -> None:
    client = browser(getattr(world, who))
    due = client.get(reverse("practice:meetings_due")).content.decode()
    assert (reverse("practice:meeting_choose_family") in due) == offered
    family_page = client.get(reverse("practice:family_practice", args=[world.family.uuid]))
    assert (
        reverse("practice:meeting_new", args=[world.family.uuid]) in family_page.content.decode()
    ) == offered
    response = api(getattr(world, who)).post(
        MEETINGS,
        {
            "family": str(world.family.uuid),
            "meeting_type": MeetingType.CORE_GROUP,
            "scheduled_at": meeting_at(5).isoformat(),
            "venue": "in_person",
            "members": [str(practice.mother.uuid)],
        },
        format="json",
    )
    assert response.status_code == (201 if offered else 403)


# --- An invited partner who was not there -------------------------------------------------


def _held(world: Any, practice: Any, partner_attendance: str) -> Meeting:
    meeting = practice.invited
    rows = {p.member_id or p.staff_id: p for p in meeting.participants.all()}
    child = rows[practice.child.pk]
    partner = rows[world.partner.pk]
    partner_record = (
        services.ParticipantRecord(partner_attendance, "in_person", "", PARTNER_VIEW)
        if partner_attendance == MeetingParticipant.Attendance.ATTENDED
        else services.ParticipantRecord(partner_attendance, "not_given", "Not there", "")
    )
    services.meeting_record(
        actor=world.allocated,
        meeting=meeting,
        held_on=datetime.date.today(),
        sections={"what_happened": DISCUSSION},
        participants={
            child.uuid: services.ParticipantRecord("attended", "in_person", "", CHILD_VIEW),
            partner.uuid: partner_record,
        },
    )
    services.decision_add(
        actor=world.allocated, meeting=meeting, decision=DECISION, family_position="agreed"
    )
    return Meeting.objects.get(pk=meeting.pk)


@pytest.mark.parametrize(
    "attendance",
    [MeetingParticipant.Attendance.APOLOGIES, MeetingParticipant.Attendance.DID_NOT_ATTEND],
)
def test_an_absent_partner_sees_what_was_decided_not_what_was_said(
    world: Any, practice: Any, attendance: str
) -> None:
    meeting = _held(world, practice, attendance)
    client = browser(world.partner)
    page = client.get(reverse("practice:meeting_detail", args=[meeting.uuid]))
    html = page.content.decode()
    assert page.status_code == 200
    assert (
        "Initial child protection conference" in html or meeting.get_meeting_type_display() in html
    )
    assert DECISION in html
    assert world.partner.display_name in html  # who was invited
    assert CHILD_VIEW not in html
    assert DISCUSSION not in html
    assert reverse("practice:meeting_document", args=[meeting.uuid]) not in html
    assert client.get(reverse("practice:meeting_document", args=[meeting.uuid])).status_code == 404

    detail = api(world.partner).get(f"{MEETINGS}{meeting.uuid}/").json()
    assert detail["what_happened"] == ""
    assert all(row["view"] == "" for row in detail["participants"])
    assert [d["decision"] for d in detail["decisions"]] == [DECISION]
    listed = api(world.partner).get(f"{MEETINGS}{meeting.uuid}/participants/").json()
    assert {row["display_name"] for row in listed} >= {world.partner.display_name}
    assert all(row["view"] == "" for row in listed)


def test_a_partner_who_attended_sees_the_whole_record(world: Any, practice: Any) -> None:
    meeting = _held(world, practice, MeetingParticipant.Attendance.ATTENDED)
    client = browser(world.partner)
    html = client.get(reverse("practice:meeting_detail", args=[meeting.uuid])).content.decode()
    assert CHILD_VIEW in html and DISCUSSION in html and DECISION in html
    assert client.get(reverse("practice:meeting_document", args=[meeting.uuid])).status_code == 200
    detail = api(world.partner).get(f"{MEETINGS}{meeting.uuid}/").json()
    assert detail["what_happened"] == DISCUSSION
    assert CHILD_VIEW in {row["view"] for row in detail["participants"]}


def test_the_family_team_sees_the_whole_record_whoever_was_absent(
    world: Any, practice: Any
) -> None:
    meeting = _held(world, practice, MeetingParticipant.Attendance.APOLOGIES)
    html = (
        browser(world.same_team)
        .get(reverse("practice:meeting_detail", args=[meeting.uuid]))
        .content.decode()
    )
    assert CHILD_VIEW in html and DISCUSSION in html


def test_a_partner_not_invited_still_sees_nothing(world: Any, practice: Any) -> None:
    client = browser(world.partner)
    url = reverse("practice:meeting_detail", args=[practice.not_invited.uuid])
    assert client.get(url).status_code == 404
    assert api(world.partner).get(f"{MEETINGS}{practice.not_invited.uuid}/").status_code == 404
    assert api(world.partner).get(f"{MEETINGS}{uuid.uuid4()}/").status_code == 404
