"""Arranging, moving and cancelling meetings not yet held (review defect 1; arranging.py).

Holding an initial conference makes a first core group due "to be arranged". It can now be
arranged (date, place, chair, invitations: it keeps its due date), moved, or cancelled with a
reason, on the page and through the API, by those who may record for the family; a held
meeting can be neither. The record service refuses a meeting to be arranged or cancelled.
"""

from __future__ import annotations

import datetime
import uuid
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from restorative.core.audit import AuditWriteError
from restorative.core.models import AccessEvent
from restorative.practice import arranging, selectors, services
from restorative.practice.models import Meeting, MeetingType

from .conftest import meeting_at
from .test_who_may_lead import REFUSED_FGC, give_advanced_training

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
IN_THREE_DAYS = TODAY + datetime.timedelta(days=3)
MEETINGS = "/api/practice/meetings/"


def hold(meeting: Meeting, actor: Any, *, days_ago: int) -> None:
    services.meeting_record(
        actor=actor,
        meeting=meeting,
        held_on=TODAY - datetime.timedelta(days=days_ago),
        sections={"what_happened": "The conference met."},
        participants={},
        # An initial conference makes a plan, so its core group and review follow.
        conference_outcome="plan_made" if meeting.meeting_type == "initial_conference" else None,
        plan_category="neglect" if meeting.meeting_type == "initial_conference" else "",
    )


def core_group_after(practice: SimpleNamespace, world: Any, *, days_ago: int) -> Meeting:
    """Hold the initial conference `days_ago`; return the first core group it made due."""
    hold(practice.invited, world.allocated, days_ago=days_ago)
    return Meeting.objects.get(follows=practice.invited, meeting_type=MeetingType.CORE_GROUP)


def arrange_post(world: Any, practice: SimpleNamespace, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "date": IN_THREE_DAYS.strftime("%d/%m/%Y"),
        "time": "10:30",
        "venue": "in_person",
        "place": "Family centre, room 1",
        "chair": str(world.allocated.uuid),
        "members": [str(practice.mother.uuid)],
        "staff": [str(world.partner.uuid)],
    }
    data.update(changes)
    return data


def url(name: str, meeting: Meeting) -> str:
    return reverse(f"practice:{name}", args=[meeting.uuid])


def api_url(meeting: Meeting, tail: str) -> str:
    return f"{MEETINGS}{meeting.uuid}/{tail}"


def signed_in(user: Any) -> APIClient:
    api = APIClient()
    api.force_login(user)
    return api


# --- The journey: held conference -> core group due -> arranged -> held -------------------


def test_an_overdue_core_group_is_arranged_then_held(client, world, practice) -> None:  # type: ignore[no-untyped-def]
    core_group = core_group_after(practice, world, days_ago=30)
    assert core_group.status == Meeting.Status.TO_ARRANGE
    due = core_group.due_date
    assert due is not None and due < TODAY
    lists = selectors.meetings_due(world.allocated)
    assert core_group in lists.overdue

    client.force_login(world.allocated)
    detail = client.get(url("meeting_detail", core_group)).content.decode()
    assert "Arrange this meeting" in detail and "Cancel this meeting" in detail
    assert url("meeting_record", core_group) not in detail
    form = client.get(url("meeting_arrange", core_group))
    assert form.status_code == 200
    assert due.strftime("%-d %B %Y") in form.content.decode()

    response = client.post(url("meeting_arrange", core_group), arrange_post(world, practice))
    assert response.status_code == 302
    core_group.refresh_from_db()
    assert core_group.status == Meeting.Status.SCHEDULED
    assert core_group.scheduled_at == meeting_at(3).replace(hour=10, minute=30)
    assert core_group.place == "Family centre, room 1"
    assert core_group.chair == world.allocated
    assert core_group.due_date == due  # a statutory commitment: it stays
    invited = {p.member_id or p.staff_id for p in core_group.participants.all()}
    assert invited == {practice.mother.pk, world.partner.pk}
    assert AccessEvent.objects.filter(
        subject_uuid=core_group.uuid, action=AccessEvent.Action.CHANGE
    ).exists()

    # Arranged after its due date it is still late, so it stays on the overdue list, now
    # shown with the date it is arranged for.
    lists = selectors.meetings_due(world.allocated)
    assert [m.pk for m in lists.overdue] == [core_group.pk]
    due_page = client.get(reverse("practice:meetings_due")).content.decode()
    assert IN_THREE_DAYS.strftime("%-d %b %Y") in due_page
    detail = client.get(url("meeting_detail", core_group)).content.decode()
    assert "Change the date or place" in detail and "Arrange this meeting" not in detail

    hold(core_group, world.allocated, days_ago=0)
    core_group.refresh_from_db()
    assert core_group.status == Meeting.Status.HELD
    assert core_group not in selectors.meetings_due(world.allocated).overdue


def test_a_core_group_arranged_before_its_due_date_is_not_overdue(world, practice) -> None:  # type: ignore[no-untyped-def]
    core_group = core_group_after(practice, world, days_ago=0)
    lists = selectors.meetings_due(world.allocated)
    assert core_group in lists.due_soon and core_group not in lists.overdue
    arranging.meeting_arrange(
        actor=world.allocated,
        meeting=core_group,
        scheduled_at=meeting_at(3),
        venue="online",
    )
    lists = selectors.meetings_due(world.allocated)
    arranged = next(m for m in lists.due_soon if m.pk == core_group.pk)
    assert arranged.scheduled_at == meeting_at(3)
    assert core_group not in lists.overdue


def test_arranging_twice_is_harmless(client, world, practice) -> None:  # type: ignore[no-untyped-def]
    core_group = core_group_after(practice, world, days_ago=2)
    client.force_login(world.allocated)
    data = arrange_post(world, practice, other_name_1="Pat Advocate")
    assert client.post(url("meeting_arrange", core_group), data).status_code == 302
    changes = AccessEvent.objects.filter(
        subject_uuid=core_group.uuid, action=AccessEvent.Action.CHANGE
    ).count()
    assert client.post(url("meeting_arrange", core_group), data).status_code == 302
    assert core_group.participants.count() == 3  # mother, partner, Pat: once each
    assert (
        AccessEvent.objects.filter(
            subject_uuid=core_group.uuid, action=AccessEvent.Action.CHANGE
        ).count()
        == changes
    )


def test_a_scheduled_meeting_can_be_moved(client, world, practice) -> None:  # type: ignore[no-untyped-def]
    meeting = practice.not_invited
    client.force_login(world.allocated)
    form = client.get(url("meeting_arrange", meeting)).content.decode()
    assert "Change the date or place" in form
    response = client.post(
        url("meeting_arrange", meeting),
        {"date": IN_THREE_DAYS.strftime("%d/%m/%Y"), "time": "15:00", "venue": "in_person"},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED
    assert meeting.scheduled_at == meeting_at(3).replace(hour=15)
    assert meeting.venue == "in_person"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"date": ""}, "date", "Enter the date of the meeting"),
        ({"date": "31/02/2027"}, "date", "must be a real date"),
        ({"date": "01/01/2020"}, "date", "must be today or in the future"),
        ({"time": "25:00"}, "time", "must be a real time"),
        ({"venue": ""}, "venue", "Choose in person or online"),
        ({"chair": "not-a-uuid"}, "chair", "Choose the chair from the list"),
    ],
)
def test_bad_input_is_shown_beside_the_field_and_nothing_is_saved(  # type: ignore[no-untyped-def]
    client, world, practice, change, field, message
) -> None:
    core_group = core_group_after(practice, world, days_ago=2)
    client.force_login(world.allocated)
    before = AccessEvent.objects.filter(action=AccessEvent.Action.VIEW).count()
    response = client.post(
        url("meeting_arrange", core_group), arrange_post(world, practice, **change)
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert f'id="id_{field}-error"' in text and message in text
    core_group.refresh_from_db()
    assert core_group.status == Meeting.Status.TO_ARRANGE
    assert core_group.participants.count() == 0
    # The page shown back is the meeting: it is on the trail.
    assert AccessEvent.objects.filter(action=AccessEvent.Action.VIEW).count() == before + 1


def test_the_service_refuses_a_past_date_and_held_or_cancelled_meetings(world, practice) -> None:  # type: ignore[no-untyped-def]
    core_group = core_group_after(practice, world, days_ago=2)
    with pytest.raises(ValidationError) as error:
        arranging.meeting_arrange(
            actor=world.allocated,
            meeting=core_group,
            scheduled_at=meeting_at(-1),
            venue="online",
        )
    assert "scheduled_at" in error.value.message_dict
    with pytest.raises(ValidationError, match="has been held"):
        arranging.meeting_arrange(
            actor=world.allocated,
            meeting=practice.invited,
            scheduled_at=meeting_at(3),
            venue="online",
        )
    with pytest.raises(ValidationError, match="has been held"):
        arranging.meeting_cancel(actor=world.allocated, meeting=practice.invited, reason="No")
    arranging.meeting_cancel(actor=world.allocated, meeting=core_group, reason="Case closed")
    with pytest.raises(ValidationError, match="was cancelled"):
        arranging.meeting_arrange(
            actor=world.allocated, meeting=core_group, scheduled_at=meeting_at(3), venue="online"
        )


def test_held_meetings_have_no_arrange_or_cancel_page(client, world, practice) -> None:  # type: ignore[no-untyped-def]
    hold(practice.invited, world.allocated, days_ago=1)
    client.force_login(world.allocated)
    assert client.get(url("meeting_arrange", practice.invited)).status_code == 404
    assert client.get(url("meeting_cancel", practice.invited)).status_code == 404
    detail = client.get(url("meeting_detail", practice.invited)).content.decode()
    assert "Cancel this meeting" not in detail


# --- Cancelling -------------------------------------------------------------------------


def test_cancelling_needs_a_reason(client, world, practice) -> None:  # type: ignore[no-untyped-def]
    core_group = core_group_after(practice, world, days_ago=30)
    client.force_login(world.allocated)
    assert client.get(url("meeting_cancel", core_group)).status_code == 200
    response = client.post(url("meeting_cancel", core_group), {"reason": "   "})
    assert response.status_code == 200
    text = response.content.decode()
    assert 'id="id_reason-error"' in text and "Say why the meeting is cancelled" in text
    core_group.refresh_from_db()
    assert core_group.status == Meeting.Status.TO_ARRANGE
    with pytest.raises(ValidationError):
        arranging.meeting_cancel(actor=world.allocated, meeting=core_group, reason="")


def test_a_cancelled_meeting_leaves_the_due_lists_and_shows_why(client, world, practice) -> None:  # type: ignore[no-untyped-def]
    core_group = core_group_after(practice, world, days_ago=30)
    client.force_login(world.allocated)
    reason = "The child protection plan ended at the conference."
    response = client.post(url("meeting_cancel", core_group), {"reason": reason})
    assert response.status_code == 302
    # A double submission: no error, no second change.
    assert client.post(url("meeting_cancel", core_group), {"reason": reason}).status_code == 302
    core_group.refresh_from_db()
    assert core_group.status == Meeting.Status.CANCELLED
    assert core_group.cancelled_reason == reason and core_group.cancelled_at is not None
    assert core_group.due_date is not None  # kept on the record
    lists = selectors.meetings_due(world.allocated)
    assert core_group not in lists.overdue and core_group not in lists.due_soon
    assert (
        AccessEvent.objects.filter(
            subject_uuid=core_group.uuid,
            action=AccessEvent.Action.CHANGE,
            reason="cancelled the meeting",
        ).count()
        == 1
    )
    detail = client.get(url("meeting_detail", core_group)).content.decode()
    assert "Cancelled" in detail and reason in detail
    assert "Arrange this meeting" not in detail and "Record the meeting" not in detail
    assert client.get(url("meeting_arrange", core_group)).status_code == 404
    assert client.get(url("meeting_record", core_group)).status_code == 404


def test_the_record_service_refuses_meetings_to_arrange_or_cancelled(world, practice) -> None:  # type: ignore[no-untyped-def]
    core_group = core_group_after(practice, world, days_ago=2)
    with pytest.raises(ValidationError, match="Arrange this meeting before recording it"):
        hold(core_group, world.allocated, days_ago=0)
    arranging.meeting_cancel(actor=world.allocated, meeting=core_group, reason="Not needed")
    with pytest.raises(ValidationError, match="was cancelled"):
        hold(core_group, world.allocated, days_ago=0)
    core_group.refresh_from_db()
    assert core_group.held_on is None


# --- Who may ----------------------------------------------------------------------------


@pytest.mark.parametrize("relationship", ["allocated", "same_team", "manager", "support_same_team"])
def test_those_who_record_for_the_family_may_arrange_and_cancel(  # type: ignore[no-untyped-def]
    client, world, practice, relationship
) -> None:
    core_group = core_group_after(practice, world, days_ago=2)
    client.force_login(getattr(world, relationship))
    assert client.get(url("meeting_arrange", core_group)).status_code == 200
    assert client.get(url("meeting_cancel", core_group)).status_code == 200
    assert (
        client.post(url("meeting_cancel", core_group), {"reason": "Moved away"}).status_code == 302
    )


@pytest.mark.parametrize(
    "relationship", ["partner", "other_team", "director", "quality", "other_service"]
)
def test_others_get_404_and_nothing_changes(client, world, practice, relationship) -> None:  # type: ignore[no-untyped-def]
    core_group = core_group_after(practice, world, days_ago=2)
    client.force_login(getattr(world, relationship))
    for meeting in (core_group, practice.not_invited):
        assert client.get(url("meeting_arrange", meeting)).status_code == 404
        assert (
            client.post(url("meeting_arrange", meeting), arrange_post(world, practice)).status_code
            == 404
        )
        assert client.post(url("meeting_cancel", meeting), {"reason": "No"}).status_code == 404
    core_group.refresh_from_db()
    assert core_group.status == Meeting.Status.TO_ARRANGE
    practice.not_invited.refresh_from_db()
    assert practice.not_invited.status == Meeting.Status.SCHEDULED
    detail = client.get(url("meeting_detail", practice.invited))
    if detail.status_code == 200:  # the invited partner sees the meeting, not the links
        assert "Cancel this meeting" not in detail.content.decode()


def test_an_invited_partner_is_refused_by_the_service(world, practice) -> None:  # type: ignore[no-untyped-def]
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        arranging.meeting_cancel(actor=world.partner, meeting=practice.invited, reason="No")
    with pytest.raises(PermissionDenied):
        arranging.meeting_arrange(
            actor=world.partner,
            meeting=practice.invited,
            scheduled_at=meeting_at(3),
            venue="online",
        )


def test_nothing_changes_when_the_access_trail_fails(client, world, practice, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    core_group = core_group_after(practice, world, days_ago=2)

    def refuse(**kwargs: Any) -> None:
        raise AuditWriteError("down")

    monkeypatch.setattr(services, "access_event_record", refuse)
    client.force_login(world.allocated)
    assert client.get(url("meeting_arrange", core_group)).status_code == 503
    response = client.post(url("meeting_arrange", core_group), arrange_post(world, practice))
    assert response.status_code == 503
    assert client.post(url("meeting_cancel", core_group), {"reason": "No"}).status_code == 503
    core_group.refresh_from_db()
    assert core_group.status == Meeting.Status.TO_ARRANGE
    assert core_group.participants.count() == 0


# --- The lead rule ------------------------------------------------------------------------


def fgc_to_arrange(world: Any, practice: SimpleNamespace) -> Meeting:
    return Meeting.objects.create(
        family=practice.family,
        meeting_type=MeetingType.FAMILY_GROUP_CONFERENCE,
        status=Meeting.Status.TO_ARRANGE,
        due_date=TODAY + datetime.timedelta(days=10),
        created_by=world.allocated,
    )


def test_an_fgc_cannot_be_arranged_with_an_untrained_coordinator(
    client, world, practice, fgc_coordinator
) -> None:  # type: ignore[no-untyped-def]
    fgc = fgc_to_arrange(world, practice)
    with pytest.raises(ValidationError) as error:
        arranging.meeting_arrange(
            actor=world.allocated,
            meeting=fgc,
            scheduled_at=meeting_at(3),
            venue="in_person",
            chair=fgc_coordinator,
        )
    assert REFUSED_FGC in error.value.message_dict["chair"][0]
    # Nor with a typed-in name, which cannot be checked for training.
    with pytest.raises(ValidationError) as error:
        arranging.meeting_arrange(
            actor=world.allocated,
            meeting=fgc,
            scheduled_at=meeting_at(3),
            venue="in_person",
            chair_name="Pat Lee",
        )
    assert "advanced restorative training" in error.value.message_dict["chair"][0]
    # The page offers only those who may lead, so the untrained manager is not a choice.
    client.force_login(world.allocated)
    response = client.post(
        url("meeting_arrange", fgc), arrange_post(world, practice, chair=str(fgc_coordinator.uuid))
    )
    assert response.status_code == 200
    assert "Choose the chair from the list" in response.content.decode()
    fgc.refresh_from_db()
    assert fgc.status == Meeting.Status.TO_ARRANGE

    give_advanced_training(fgc_coordinator, valid_until=None)
    response = client.post(
        url("meeting_arrange", fgc), arrange_post(world, practice, chair=str(fgc_coordinator.uuid))
    )
    assert response.status_code == 302
    fgc.refresh_from_db()
    assert fgc.status == Meeting.Status.SCHEDULED and fgc.chair == fgc_coordinator


# --- The API ------------------------------------------------------------------------------


def api_arrange_body(world: Any, practice: SimpleNamespace, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "scheduled_at": meeting_at(3).isoformat(),
        "venue": "online",
        "place": "Video call",
        "chair": str(world.allocated.uuid),
        "members": [str(practice.mother.uuid)],
        "staff": [str(world.partner.uuid)],
    }
    body.update(extra)
    return body


def test_api_arranges_moves_and_cancels(world, practice) -> None:  # type: ignore[no-untyped-def]
    core_group = core_group_after(practice, world, days_ago=2)
    api = signed_in(world.allocated)
    response = api.post(
        api_url(core_group, "arrange/"), api_arrange_body(world, practice), format="json"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "scheduled" and body["due_date"] == core_group.due_date.isoformat()
    assert len(body["participants"]) == 2
    event = AccessEvent.objects.filter(subject_uuid=core_group.uuid).latest("id")
    assert event.channel == "api" and event.reason == "arranged the meeting"
    # The same request again: one of each.
    again = api.post(
        api_url(core_group, "arrange/"), api_arrange_body(world, practice), format="json"
    )
    assert again.status_code == 200 and len(again.json()["participants"]) == 2
    # Moving it: the same route on a scheduled meeting.
    moved = api.post(
        api_url(core_group, "arrange/"),
        {
            "scheduled_at": meeting_at(4).isoformat(),
            "venue": "in_person",
            "chair": str(world.allocated.uuid),
        },
        format="json",
    )
    assert moved.status_code == 200
    assert moved.json()["venue"] == "in_person"
    # The partner, now invited, sees it but may not change it.
    assert (
        signed_in(world.partner)
        .post(api_url(core_group, "cancel/"), {"reason": "No"}, format="json")
        .status_code
        == 403
    )
    no_reason = api.post(api_url(core_group, "cancel/"), {"reason": ""}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    cancelled = api.post(
        api_url(core_group, "cancel/"), {"reason": "Family moved away"}, format="json"
    )
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["cancelled_reason"] == "Family moved away"
    record = api.post(api_url(core_group, "record/"), {"held_on": TODAY.isoformat()}, format="json")
    assert record.status_code == 400
    assert "cancelled" in str(record.json())


@pytest.mark.parametrize(
    ("relationship", "expected"),
    [("director", 403), ("quality", 403), ("other_team", 404), ("partner", 404)],
)
def test_api_who_may(world, practice, relationship, expected) -> None:  # type: ignore[no-untyped-def]
    core_group = core_group_after(practice, world, days_ago=2)
    api = signed_in(getattr(world, relationship))
    assert (
        api.post(
            api_url(core_group, "arrange/"), api_arrange_body(world, practice), format="json"
        ).status_code
        == expected
    )
    assert (
        api.post(api_url(core_group, "cancel/"), {"reason": "No"}, format="json").status_code
        == expected
    )
    core_group.refresh_from_db()
    assert core_group.status == Meeting.Status.TO_ARRANGE


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"scheduled_at": "next tuesday"}, "scheduled_at"),
        ({"scheduled_at": meeting_at(-2).isoformat()}, "scheduled_at"),
        ({"venue": "by pigeon"}, "venue"),
        ({"chair": "not-a-uuid"}, "chair"),
        ({"members": ["not-a-uuid"]}, "members"),
        ({"staff": [str(uuid.uuid4())]}, "staff"),
    ],
)
def test_api_bad_input_is_400_and_nothing_is_saved(world, practice, change, field) -> None:  # type: ignore[no-untyped-def]
    core_group = core_group_after(practice, world, days_ago=2)
    response = signed_in(world.allocated).post(
        api_url(core_group, "arrange/"), api_arrange_body(world, practice, **change), format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    core_group.refresh_from_db()
    assert core_group.status == Meeting.Status.TO_ARRANGE


def test_api_lead_rule_for_an_fgc(world, practice, fgc_coordinator) -> None:  # type: ignore[no-untyped-def]
    fgc = fgc_to_arrange(world, practice)
    response = signed_in(world.allocated).post(
        api_url(fgc, "arrange/"),
        api_arrange_body(world, practice, chair=str(fgc_coordinator.uuid)),
        format="json",
    )
    assert response.status_code == 400
    assert any(REFUSED_FGC in message for message in response.json()["chair"])
    fgc.refresh_from_db()
    assert fgc.status == Meeting.Status.TO_ARRANGE


def test_api_record_refuses_a_meeting_to_arrange(world, practice) -> None:  # type: ignore[no-untyped-def]
    core_group = core_group_after(practice, world, days_ago=2)
    response = signed_in(world.allocated).post(
        api_url(core_group, "record/"), {"held_on": TODAY.isoformat()}, format="json"
    )
    assert response.status_code == 400
    assert "Arrange this meeting before recording it" in str(response.json())
