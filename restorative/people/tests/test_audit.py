"""The access trail (DESIGN.md privacy rule 3; security.md item 14).

Every view, change and export of a family's record writes one append-only access event
saying who, in what role, did what and why they could. If that write fails, the request
fails and shows or changes nothing.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from restorative.core.models import AccessEvent
from restorative.people import permissions
from restorative.people.models import Family, FamilyMember


def _events(**filters: Any) -> list[AccessEvent]:
    return list(AccessEvent.objects.filter(**filters).order_by("id"))


@pytest.mark.parametrize(
    ("relationship", "basis"),
    [
        ("allocated", permissions.BASIS_ALLOCATED),
        ("same_team", permissions.BASIS_TEAM),
        ("support_same_team", permissions.BASIS_TEAM),
        ("manager", permissions.BASIS_TEAM),
        ("head", permissions.BASIS_SERVICE),
        ("director", permissions.BASIS_ORGANISATION),
        ("quality", permissions.BASIS_ORGANISATION),
    ],
)
def test_viewing_a_family_writes_one_event_with_its_basis(
    client: Any, world: Any, relationship: str, basis: str
) -> None:
    user = getattr(world, relationship)
    client.force_login(user)
    path = reverse("people:family_detail", args=[world.family.uuid])

    assert client.get(path).status_code == 200

    [event] = _events()
    assert event.actor == user
    assert event.actor_role == user.role
    assert event.action == AccessEvent.Action.VIEW
    assert event.reason == basis
    assert event.family_uuid == world.family.uuid
    assert event.subject_uuid == world.family.uuid
    assert event.subject_type == "family"
    assert event.path == path
    assert event.channel == "web"


def test_refused_view_writes_no_event(client: Any, world: Any) -> None:
    client.force_login(world.other_service)
    assert client.get(reverse("people:family_detail", args=[world.family.uuid])).status_code == 404
    assert _events() == []


def test_export_writes_one_export_event(client: Any, world: Any) -> None:
    client.force_login(world.director)
    response = client.get(reverse("people:family_export", args=[world.family.uuid]))
    assert response.status_code == 200
    [event] = _events()
    assert event.action == AccessEvent.Action.EXPORT
    assert event.actor == world.director
    assert event.reason == permissions.BASIS_ORGANISATION


def test_edit_writes_one_change_event(client: Any, world: Any) -> None:
    client.force_login(world.allocated)
    response = client.post(
        reverse("people:family_edit", args=[world.family.uuid]),
        {"name": "Okafor-Bello", "status": "open", "opened_on": "01/04/2025"},
    )
    assert response.status_code == 302
    [event] = _events()
    assert event.action == AccessEvent.Action.CHANGE
    assert event.actor == world.allocated
    assert event.reason == permissions.BASIS_ALLOCATED
    assert event.subject_type == "family"


def test_adding_a_member_writes_one_create_event(client: Any, world: Any) -> None:
    client.force_login(world.same_team)
    response = client.post(
        reverse("people:member_add", args=[world.family.uuid]),
        {"kind": "child", "first_name": "Tobi", "last_name": "Okafor", "relationship": "child"},
    )
    assert response.status_code == 302
    member = FamilyMember.objects.get(first_name="Tobi")
    [event] = _events()
    assert event.action == AccessEvent.Action.CREATE
    assert event.subject_type == "familymember"
    assert event.subject_uuid == member.uuid
    assert event.family_uuid == world.family.uuid


@pytest.mark.parametrize("page", ["family_edit", "member_edit"])
def test_opening_an_edit_form_is_recorded_as_a_view(client: Any, world: Any, page: str) -> None:
    """An edit form shows the record's details, so opening it is a view of the record."""
    client.force_login(world.allocated)
    member = world.family.members.get()
    args = [world.family.uuid] if page == "family_edit" else [world.family.uuid, member.uuid]
    assert client.get(reverse(f"people:{page}", args=args)).status_code == 200
    [event] = _events()
    assert event.action == AccessEvent.Action.VIEW
    assert event.family_uuid == world.family.uuid


def test_access_log_page_lists_the_events(client: Any, world: Any) -> None:
    client.force_login(world.allocated)
    client.get(reverse("people:family_detail", args=[world.family.uuid]))
    client.force_login(world.quality)
    response = client.get(reverse("people:family_access_log", args=[world.family.uuid]))
    body = response.content.decode()
    assert world.allocated.display_name in body
    assert permissions.BASIS_ALLOCATED in body
    family_page = reverse("people:family_detail", args=[world.family.uuid])
    assert f'<a class="govuk-link" href="{family_page}">Opened the family record</a>' in body


# Fail-closed: the audit write fails, so nothing is shown or changed.


@pytest.fixture
def broken_audit(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise DatabaseError("disk full")

    monkeypatch.setattr(AccessEvent.objects, "create", refuse)


def test_family_page_shows_nothing_when_the_audit_fails(
    client: Any, world: Any, broken_audit: None
) -> None:
    client.force_login(world.allocated)
    response = client.get(reverse("people:family_detail", args=[world.family.uuid]))
    assert response.status_code == 503
    body = response.content.decode()
    assert "The record cannot be shown right now" in body
    assert "Okafor" not in body
    assert "Amara" not in body
    assert world.family.case_reference not in body


def test_export_gives_nothing_when_the_audit_fails(
    client: Any, world: Any, broken_audit: None
) -> None:
    client.force_login(world.allocated)
    response = client.get(reverse("people:family_export", args=[world.family.uuid]))
    assert response.status_code == 503
    assert "attachment" not in response.get("Content-Disposition", "")
    assert "Amara" not in response.content.decode()


@pytest.mark.parametrize("page", ["family_edit", "member_edit"])
def test_edit_form_shows_nothing_when_the_audit_fails(
    client: Any, world: Any, broken_audit: None, page: str
) -> None:
    client.force_login(world.allocated)
    member = world.family.members.get()
    args = [world.family.uuid] if page == "family_edit" else [world.family.uuid, member.uuid]
    response = client.get(reverse(f"people:{page}", args=args))
    assert response.status_code == 503
    assert "Okafor" not in response.content.decode()
    assert "Amara" not in response.content.decode()


def test_failed_audit_leaves_the_family_unchanged(
    client: Any, world: Any, broken_audit: None
) -> None:
    client.force_login(world.manager)
    response = client.post(
        reverse("people:family_edit", args=[world.family.uuid]),
        {
            "name": "Okafor-Bello",
            "status": "closed",
            "opened_on": "01/04/2025",
            "closed_on": "01/05/2025",
            "team": world.team_a1.pk,
            "allocated_worker": str(world.same_team.uuid),
        },
    )
    assert response.status_code == 503
    family = Family.objects.get(pk=world.family.pk)
    assert family.name == "Okafor"
    assert family.status == Family.Status.OPEN
    assert family.allocated_worker_id == world.allocated.pk


def test_failed_audit_adds_no_member(client: Any, world: Any, broken_audit: None) -> None:
    client.force_login(world.allocated)
    response = client.post(
        reverse("people:member_add", args=[world.family.uuid]),
        {"kind": "child", "first_name": "Tobi", "last_name": "Okafor", "relationship": "child"},
    )
    assert response.status_code == 503
    assert not FamilyMember.objects.filter(first_name="Tobi").exists()


def test_failed_audit_changes_no_member(client: Any, world: Any, broken_audit: None) -> None:
    client.force_login(world.allocated)
    member = world.family.members.get()
    response = client.post(
        reverse("people:member_edit", args=[world.family.uuid, member.uuid]),
        {"kind": "child", "first_name": "Changed", "last_name": "Okafor", "relationship": "child"},
    )
    assert response.status_code == 503
    member.refresh_from_db()
    assert member.first_name == "Amara"


# Append-only: the database refuses to rewrite history, whoever asks.


@pytest.fixture
def event(client: Any, world: Any) -> AccessEvent:
    client.force_login(world.allocated)
    client.get(reverse("people:family_detail", args=[world.family.uuid]))
    return AccessEvent.objects.get()


def _refused(operation: Any) -> None:
    with pytest.raises(DatabaseError), transaction.atomic():
        operation()


def test_event_cannot_be_changed_by_save(event: AccessEvent) -> None:
    event.reason = "rewritten"
    _refused(event.save)
    assert AccessEvent.objects.get(pk=event.pk).reason == permissions.BASIS_ALLOCATED


def test_event_cannot_be_changed_by_queryset_update(event: AccessEvent) -> None:
    _refused(lambda: AccessEvent.objects.filter(pk=event.pk).update(reason="rewritten"))
    assert AccessEvent.objects.get(pk=event.pk).reason == permissions.BASIS_ALLOCATED


def test_event_cannot_be_deleted(event: AccessEvent) -> None:
    _refused(event.delete)
    assert AccessEvent.objects.filter(pk=event.pk).exists()


def test_events_cannot_be_deleted_in_bulk(event: AccessEvent) -> None:
    _refused(lambda: AccessEvent.objects.all().delete())
    assert AccessEvent.objects.count() == 1


def test_events_cannot_be_deleted_with_raw_sql(event: AccessEvent) -> None:
    from django.db import connection

    def raw_delete() -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_accessevent")

    _refused(raw_delete)
    assert AccessEvent.objects.count() == 1


def test_reading_the_access_trail_is_itself_recorded(client, world):
    from django.urls import reverse

    from restorative.core.models import AccessEvent

    client.force_login(world.quality)
    before = AccessEvent.objects.filter(family_uuid=world.family.uuid).count()
    response = client.get(reverse("people:family_access_log", args=[world.family.uuid]))
    assert response.status_code == 200
    events = AccessEvent.objects.filter(family_uuid=world.family.uuid)
    assert events.count() == before + 1
    latest = events.first()
    assert latest.actor == world.quality
    assert latest.action == AccessEvent.Action.VIEW
    assert (
        "Quality assurance" in response.content.decode() or "quality" in response.content.decode()
    )
