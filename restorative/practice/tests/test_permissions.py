"""Who sees a meeting: whoever sees the family, plus a partner invited to that meeting only."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from restorative.core.models import AccessEvent
from restorative.people import permissions as people_permissions
from restorative.practice import permissions
from restorative.practice.models import Meeting

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


@pytest.mark.parametrize("who", PEOPLE)
def test_object_check_and_list_filter_agree(world: Any, practice: Any, who: str) -> None:
    user = getattr(world, who)
    listed = set(
        Meeting.objects.filter(permissions.meetings_visible_q(user)).values_list("pk", flat=True)
    )
    for meeting in Meeting.objects.all():
        assert permissions.can_view_meeting(user, meeting) == (meeting.pk in listed), (who, meeting)


@pytest.mark.parametrize("who", PEOPLE)
def test_meeting_visibility_follows_the_family_rule(world: Any, practice: Any, who: str) -> None:
    user = getattr(world, who)
    sees_family = people_permissions.can_view_family(user, practice.family)
    assert permissions.can_view_meeting(user, practice.not_invited) == sees_family
    expected_invited = sees_family or who == "partner"
    assert permissions.can_view_meeting(user, practice.invited) == expected_invited


def test_invited_partner_sees_that_meeting_only(client: Any, world: Any, practice: Any) -> None:
    client.force_login(world.partner)
    response = client.get(reverse("practice:meeting_detail", args=[practice.invited.uuid]))
    assert response.status_code == 200
    assert "Initial child protection conference" in response.content.decode()
    event = AccessEvent.objects.get(subject_uuid=practice.invited.uuid, actor=world.partner)
    assert event.reason == permissions.BASIS_INVITED_PARTNER
    assert event.family_uuid == practice.family.uuid
    for url in [
        reverse("practice:meeting_detail", args=[practice.not_invited.uuid]),
        reverse("practice:meeting_detail", args=[practice.elsewhere.uuid]),
        reverse("practice:family_practice", args=[practice.family.uuid]),
        reverse("practice:meeting_record", args=[practice.invited.uuid]),
        reverse("practice:decision_new", args=[practice.invited.uuid]),
        reverse("practice:meeting_new", args=[practice.family.uuid]),
        reverse("people:family_detail", args=[practice.family.uuid]),
    ]:
        assert client.get(url).status_code == 404, url


def test_other_partner_sees_only_their_invitations(client: Any, world: Any, practice: Any) -> None:
    client.force_login(practice.other_partner)
    assert (
        client.get(reverse("practice:meeting_detail", args=[practice.invited.uuid])).status_code
        == 404
    )
    assert (
        client.get(reverse("practice:meeting_detail", args=[practice.not_invited.uuid])).status_code
        == 200
    )
    assert (
        client.get(reverse("practice:meeting_detail", args=[practice.elsewhere.uuid])).status_code
        == 200
    )


@pytest.mark.parametrize("who", ["other_team", "other_service", "other_head", "workforce", "admin"])
def test_others_get_404(client: Any, world: Any, practice: Any, who: str) -> None:
    client.force_login(getattr(world, who))
    for url in [
        reverse("practice:meeting_detail", args=[practice.invited.uuid]),
        reverse("practice:family_practice", args=[practice.family.uuid]),
        reverse("practice:meeting_new", args=[practice.family.uuid]),
        reverse("practice:conversation_new", args=[practice.family.uuid]),
    ]:
        assert client.get(url).status_code == 404, url
    assert not AccessEvent.objects.filter(actor=getattr(world, who)).exists()


def test_uninvited_partner_in_participants_list_only_when_invited(
    world: Any, practice: Any
) -> None:
    practice.invited.participants.filter(staff=world.partner).update(invited=False)
    assert not permissions.can_view_meeting(
        world.partner, Meeting.objects.get(pk=practice.invited.pk)
    )


@pytest.mark.parametrize(
    ("who", "may_record"),
    [
        ("allocated", True),
        ("same_team", True),
        ("manager", True),
        ("support_same_team", False),
        ("head", True),
        ("director", False),
        ("quality", False),
        ("partner", False),
        ("other_team", False),
    ],
)
def test_who_may_record(world: Any, practice: Any, who: str, may_record: bool) -> None:
    user = getattr(world, who)
    assert permissions.can_record_for_family(user, practice.family) == may_record
    from restorative.people.models import Family

    assert (
        Family.objects.filter(
            permissions.families_recordable_q(user), pk=practice.family.pk
        ).exists()
        == may_record
    )
