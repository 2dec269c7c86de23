"""Changing who is invited after a meeting was arranged: add, remove, who may, bad input."""

from __future__ import annotations

import uuid
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from restorative.core.audit import AuditWriteError
from restorative.core.models import AccessEvent
from restorative.people.models import FamilyMember, Staff
from restorative.people.tests.factories import FamilyMemberFactory, StaffFactory
from restorative.practice import services
from restorative.practice.models import MeetingParticipant

RECORD = {"allocated", "same_team", "asye_same_team", "manager", "head", "support_same_team"}
PEOPLE = sorted(
    RECORD
    | {"director", "quality", "other_team", "other_service", "other_head", "workforce"}
    | {"admin", "partner"}
)


def _page(meeting: Any) -> str:
    return reverse("practice:meeting_participants", args=[meeting.uuid])


def _remove(meeting: Any, participant: Any) -> str:
    return reverse("practice:participant_remove", args=[meeting.uuid, participant.uuid])


def _participant(meeting: Any, **identity: Any) -> MeetingParticipant:
    return MeetingParticipant.objects.get(meeting=meeting, **identity)


@pytest.mark.parametrize("who", PEOPLE)
def test_only_those_who_record_for_the_family_may_change_who_is_invited(
    client: Any, world: Any, practice: Any, who: str
) -> None:
    client.force_login(getattr(world, who))
    meeting = practice.invited
    mother = _participant(meeting, member=practice.mother)
    expected = 200 if who in RECORD else 404
    assert client.get(_page(meeting)).status_code == expected
    assert client.get(_remove(meeting, mother)).status_code == expected
    response = client.post(_page(meeting), {"who": "other", "name": "Pat Advocate"})
    assert response.status_code == (302 if who in RECORD else 404)
    assert MeetingParticipant.objects.filter(meeting=meeting, name="Pat Advocate").exists() == (
        who in RECORD
    )


def test_the_invited_partner_sees_the_meeting_but_cannot_change_who_is_invited(
    client: Any, world: Any, practice: Any
) -> None:
    client.force_login(world.partner)
    meeting = practice.invited
    detail = client.get(reverse("practice:meeting_detail", args=[meeting.uuid]))
    assert detail.status_code == 200
    assert _page(meeting) not in detail.content.decode()
    mother = _participant(meeting, member=practice.mother)
    assert client.post(_remove(meeting, mother)).status_code == 404
    assert MeetingParticipant.objects.filter(pk=mother.pk).exists()
    with pytest.raises(PermissionDenied):
        services.participant_remove(actor=world.partner, participant=mother)


def test_invite_a_family_member_a_partner_and_someone_else(
    client: Any, world: Any, practice: Any
) -> None:
    meeting = practice.not_invited
    father = FamilyMemberFactory(
        family=practice.family, first_name="Tom", kind=FamilyMember.Kind.ADULT
    )
    client.force_login(world.allocated)
    detail = client.get(reverse("practice:meeting_detail", args=[meeting.uuid])).content.decode()
    assert _page(meeting) in detail
    page = client.get(_page(meeting)).content.decode()
    assert "Tom" in page and world.partner.display_name in page  # the choices offered

    assert (
        client.post(_page(meeting), {"who": "member", "member": str(father.uuid)}).status_code
        == 302
    )
    assert (
        client.post(_page(meeting), {"who": "staff", "staff": str(world.partner.uuid)}).status_code
        == 302
    )
    assert (
        client.post(_page(meeting), {"who": "other", "name": "Pat", "role": "Advocate"}).status_code
        == 302
    )
    assert _participant(meeting, member=father).kind == MeetingParticipant.Kind.FAMILY_MEMBER
    partner_row = _participant(meeting, staff=world.partner)
    assert partner_row.kind == "professional" and partner_row.agency == world.partner.partner_agency
    assert _participant(meeting, name="Pat").role == "Advocate"
    events = AccessEvent.objects.filter(
        subject_uuid=meeting.uuid, reason="invited someone to the meeting"
    )
    assert events.count() == 3 and {e.channel for e in events} == {"web"}

    # Invited now, the partner can open the meeting; removed again, they cannot.
    client.force_login(world.partner)
    url = reverse("practice:meeting_detail", args=[meeting.uuid])
    assert client.get(url).status_code == 200
    client.force_login(world.allocated)
    page = client.get(_remove(meeting, partner_row)).content.decode()
    assert "Yes, remove them" in page and "no longer be able to see this meeting" in page
    assert client.post(_remove(meeting, partner_row)).status_code == 302
    assert not MeetingParticipant.objects.filter(pk=partner_row.pk).exists()
    assert AccessEvent.objects.filter(
        subject_uuid=meeting.uuid, reason="removed someone from the meeting"
    ).exists()
    client.force_login(world.partner)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "who", "Choose a family member or a professional"),
        ({"who": "member"}, "member", "Choose the family member you are inviting"),
        ({"who": "member", "member": "not-a-uuid"}, "member", "Choose someone from this family"),
        (
            {"who": "member", "member": str(uuid.uuid4())},
            "member",
            "Choose someone from this family",
        ),
        (
            {"who": "staff", "staff": str(uuid.uuid4())},
            "staff",
            "from the family&#x27;s team or a partner",
        ),
        ({"who": "other", "name": " "}, "name", "Enter the name of the person"),
        ({"who": "nobody"}, "who", "Choose who you are inviting from the list"),
    ],
)
def test_an_unknown_participant_gets_a_clear_message_and_nothing_is_saved(
    client: Any, world: Any, practice: Any, data: dict[str, str], field: str, message: str
) -> None:
    client.force_login(world.allocated)
    before = MeetingParticipant.objects.count()
    response = client.post(_page(practice.invited), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert (
        f'id="id_{field}-error"' in body
        or f'id="id_{field}_0-error"' in body
        or (f"{field}-error" in body)
    ), body[:300]
    assert message in body
    assert MeetingParticipant.objects.count() == before


def test_people_outside_the_choices_are_refused(client: Any, world: Any, practice: Any) -> None:
    """Another family's member, staff of another team, someone already invited."""
    client.force_login(world.allocated)
    meeting = practice.invited
    stranger = FamilyMemberFactory(family=practice.other_family)
    other_team_worker = StaffFactory(
        role=Staff.Role.PRACTITIONER, team=world.team_b1, organisation=world.org
    )
    before = MeetingParticipant.objects.count()
    for data, message in [
        ({"who": "member", "member": str(stranger.uuid)}, "Choose someone from this family"),
        ({"who": "staff", "staff": str(other_team_worker.uuid)}, "partner agency"),
        ({"who": "member", "member": str(practice.mother.uuid)}, "is already invited"),
        ({"who": "staff", "staff": str(world.partner.uuid)}, "is already invited"),
    ]:
        response = client.post(_page(meeting), data)
        assert response.status_code == 200, data
        assert message in response.content.decode(), data
    client.post(_page(meeting), {"who": "other", "name": "Pat"})
    response = client.post(_page(meeting), {"who": "other", "name": "pat"})
    assert "already on the list" in response.content.decode()
    assert MeetingParticipant.objects.count() == before + 1
    # The service holds the same rule for the API.
    with pytest.raises(ValidationError) as error:
        services.participant_add(actor=world.allocated, meeting=meeting, staff=other_team_worker)
    assert "staff" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.participant_add(actor=world.allocated, meeting=meeting)


def test_someone_whose_view_is_recorded_cannot_be_removed(
    client: Any, world: Any, practice: Any
) -> None:
    meeting = practice.invited
    child = _participant(meeting, member=practice.child)
    child.view_given_by = "app"
    child.view = "I want to stay at my school"
    child.save()
    client.force_login(world.allocated)
    listing = client.get(_page(meeting)).content.decode()
    assert "Cannot be removed" in listing
    assert _remove(meeting, child) not in listing
    page = client.get(_remove(meeting, child)).content.decode()
    assert "cannot be removed" in page and "Yes, remove them" not in page
    response = client.post(_remove(meeting, child))
    assert response.status_code == 400
    assert "a recorded voice stays on the record" in response.content.decode()
    assert MeetingParticipant.objects.filter(pk=child.pk).exists()
    # "Not given, with a reason" and attendance are on the record too.
    mother = _participant(meeting, member=practice.mother)
    mother.attendance = "attended"
    mother.save()
    with pytest.raises(ValidationError):
        services.participant_remove(actor=world.allocated, participant=mother)


def test_removing_twice_removes_once_and_an_unknown_participant_is_404(
    client: Any, world: Any, practice: Any
) -> None:
    meeting = practice.invited
    mother = _participant(meeting, member=practice.mother)
    client.force_login(world.allocated)
    assert client.post(_remove(meeting, mother)).status_code == 302
    assert client.post(_remove(meeting, mother)).status_code == 302
    assert (
        AccessEvent.objects.filter(
            subject_uuid=meeting.uuid, reason="removed someone from the meeting"
        ).count()
        == 1
    )
    assert client.get(_remove(meeting, mother)).status_code == 404
    # A participant of another meeting is not this meeting's.
    other = MeetingParticipant.objects.filter(meeting=practice.not_invited).first()
    assert other is not None
    assert client.get(_remove(meeting, other)).status_code == 404


def test_changes_fail_closed_when_the_trail_cannot_be_written(
    client: Any, world: Any, practice: Any
) -> None:
    meeting = practice.invited
    mother = _participant(meeting, member=practice.mother)
    client.force_login(world.allocated)
    before = MeetingParticipant.objects.count()
    with mock.patch(
        "restorative.practice.services.access_event_record", side_effect=AuditWriteError("down")
    ):
        assert client.get(_page(meeting)).status_code == 503
        assert client.post(_page(meeting), {"who": "other", "name": "Pat"}).status_code == 503
        assert client.post(_remove(meeting, mother)).status_code == 503
    assert MeetingParticipant.objects.count() == before


def test_who_is_invited_page_makes_constant_queries(client: Any, world: Any, practice: Any) -> None:
    client.force_login(world.allocated)
    url = _page(practice.invited)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = count()
    for i in range(12):
        member = FamilyMemberFactory(family=practice.family)
        services.participant_add(actor=world.allocated, meeting=practice.invited, member=member)
        services.participant_add(
            actor=world.allocated,
            meeting=practice.invited,
            other=services.OtherPerson(f"Guest {i}", "Neighbour"),
        )
    assert count() == small
    # The meeting page too, with people added after it was arranged.
    detail = reverse("practice:meeting_detail", args=[practice.invited.uuid])
    with CaptureQueriesContext(connection) as first:
        client.get(detail)
    services.participant_add(
        actor=world.allocated,
        meeting=practice.invited,
        staff=StaffFactory(
            role=Staff.Role.PRACTITIONER, team=world.family.team, organisation=world.org
        ),
    )
    with CaptureQueriesContext(connection) as second:
        client.get(detail)
    assert len(first) == len(second)
