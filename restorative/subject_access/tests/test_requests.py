"""Subject access requests as a handler and everyone else meets them: who may (quality
assurance) and who may not (every other role: "Page not found"), logging, extending, the
downloads and the release, each on the family's access trail; bad input changes nothing."""

from __future__ import annotations

import datetime
import json
import uuid
from typing import Any

import pytest
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from restorative.core.models import AccessEvent
from restorative.people.models import FamilyMember, Staff
from restorative.people.tests.factories import FamilyMemberFactory, StaffFactory
from restorative.practice.documents import pdf_engine
from restorative.subject_access import permissions, services, timescales
from restorative.subject_access.models import SubjectAccessRequest

Role = Staff.Role


@pytest.fixture
def child(world: Any) -> FamilyMember:
    return FamilyMemberFactory(
        family=world.family,
        kind=FamilyMember.Kind.CHILD,
        relationship=FamilyMember.Relationship.CHILD,
        first_name="Sam",
        last_name="Okafor",
        date_of_birth=datetime.date(2015, 3, 3),
    )


@pytest.fixture
def sar(world: Any, child: FamilyMember) -> SubjectAccessRequest:
    return services.subject_access_request_log(
        actor=world.quality,
        member=child,
        requester=SubjectAccessRequest.Requester.PARENT,
        requester_name="Amara Okafor",
        received_on=timezone.localdate(),
    )


def _client(person: Staff) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _trail(family_uuid: uuid.UUID) -> list[AccessEvent]:
    return list(
        AccessEvent.objects.filter(family_uuid=family_uuid, subject_type="subjectaccessrequest")
    )


# --- Who may ---------------------------------------------------------------------------------


def test_only_quality_assurance_handles_requests(world: Any) -> None:
    everyone = [
        world.allocated,
        world.asye_same_team,
        world.manager,
        world.support_same_team,
        world.head,
        world.director,
        world.quality,
        world.workforce,
        world.admin,
        world.partner,
        StaffFactory(role=Role.CONFERENCE_CHAIR),
        StaffFactory(role=Role.FGC_COORDINATOR),
        StaffFactory(role=Role.COMPLAINTS_MANAGER),
    ]
    assert {person.role for person in everyone} == set(Role)
    for person in everyone:
        assert permissions.can_handle_subject_access(person) is (person.role == Role.QUALITY)
    closed = StaffFactory(role=Role.QUALITY, is_active=False)
    assert not permissions.can_handle_subject_access(closed)


def test_every_page_is_not_found_for_everyone_but_quality_assurance(
    world: Any, sar: SubjectAccessRequest
) -> None:
    pages = [
        reverse("subject_access:requests"),
        reverse("subject_access:log"),
        reverse("subject_access:detail", kwargs={"request_uuid": sar.uuid}),
        reverse("subject_access:extend", kwargs={"request_uuid": sar.uuid}),
        reverse("subject_access:release", kwargs={"request_uuid": sar.uuid}),
        reverse("subject_access:bundle_json", kwargs={"request_uuid": sar.uuid}),
        reverse("subject_access:bundle_pdf", kwargs={"request_uuid": sar.uuid}),
    ]
    refused = [
        world.allocated,
        world.same_team,
        world.manager,
        world.support_same_team,
        world.head,
        world.director,
        world.workforce,
        world.admin,
        world.partner,
    ]
    before = AccessEvent.objects.count()
    for person in refused:
        client = _client(person)
        for page in pages:
            assert client.get(page).status_code == 404, (person.role, page)
        post = client.post(
            reverse("subject_access:extend", kwargs={"request_uuid": sar.uuid}),
            {"extension_reason": "Complex"},
        )
        assert post.status_code == 404
    assert AccessEvent.objects.count() == before
    handler = _client(world.quality)
    for page in pages[:5]:
        assert handler.get(page).status_code == 200, page


def test_the_services_refuse_anyone_else(world: Any, child: FamilyMember) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.subject_access_request_log(
            actor=world.director,
            member=child,
            requester=SubjectAccessRequest.Requester.SUBJECT,
            received_on=timezone.localdate(),
        )
    assert not SubjectAccessRequest.objects.exists()


# --- Logging -----------------------------------------------------------------------------


def test_logging_a_request_finds_the_family_and_sets_the_due_date(
    world: Any, child: FamilyMember
) -> None:
    client = _client(world.quality)
    url = reverse("subject_access:log")
    found = client.get(url, {"case_reference": world.family.case_reference})
    assert "Sam Okafor, child, born 3 March 2015" in found.content.decode()
    assert (
        "No family has that case reference"
        in client.get(url, {"case_reference": "NOPE"}).content.decode()
    )

    received = timezone.localdate() - datetime.timedelta(days=3)
    form = found.context["form"]
    response = client.post(
        f"{url}?case_reference={world.family.case_reference}",
        {
            "submission_token": form.initial["submission_token"],
            "member": str(child.uuid),
            "requester": "subject",
            "received_on_day": received.day,
            "received_on_month": received.month,
            "received_on_year": received.year,
        },
        follow=True,
    )
    sar = SubjectAccessRequest.objects.get()
    assert sar.member == child and sar.family == world.family
    assert sar.due_on == timescales.response_due(received)
    page = response.content.decode()
    assert f"Answer it by {sar.due_on.day} {sar.due_on:%B %Y}" in page
    [event] = _trail(world.family.uuid)
    assert event.action == AccessEvent.Action.CREATE
    assert event.actor == world.quality
    assert event.reason == permissions.BASIS
    assert event.description.startswith("Logged a subject access request: for Sam Okafor")

    # The same form sent again logs one request.
    client.post(
        f"{url}?case_reference={world.family.case_reference}",
        {
            "submission_token": form.initial["submission_token"],
            "member": str(child.uuid),
            "requester": "subject",
            "received_on_day": received.day,
            "received_on_month": received.month,
            "received_on_year": received.year,
        },
    )
    assert SubjectAccessRequest.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"requester": "subject", "days_ahead": 1},
            "The date received must be today or in the past",
        ),
        ({"requester": "parent", "days_ahead": 0}, "Enter the name of the person who asked"),
        ({"requester": "", "days_ahead": 0}, "Choose who made the request"),
    ],
)
def test_bad_input_is_explained_and_logs_nothing(
    world: Any, child: FamilyMember, data: dict[str, Any], message: str
) -> None:
    client = _client(world.quality)
    day = timezone.localdate() + datetime.timedelta(days=data["days_ahead"])
    response = client.post(
        f"{reverse('subject_access:log')}?case_reference={world.family.case_reference}",
        {
            "submission_token": str(uuid.uuid4()),
            "member": str(child.uuid),
            "requester": data["requester"],
            "received_on_day": day.day,
            "received_on_month": day.month,
            "received_on_year": day.year,
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SubjectAccessRequest.objects.exists()
    assert not _trail(world.family.uuid)


def test_a_member_of_another_family_cannot_be_chosen(world: Any, child: FamilyMember) -> None:
    other = FamilyMemberFactory()
    response = _client(world.quality).post(
        f"{reverse('subject_access:log')}?case_reference={world.family.case_reference}",
        {
            "submission_token": str(uuid.uuid4()),
            "member": str(other.uuid),
            "requester": "subject",
            "received_on_day": 1,
            "received_on_month": 1,
            "received_on_year": 2026,
        },
    )
    assert "Choose whose records are asked for" in response.content.decode()
    assert not SubjectAccessRequest.objects.exists()


# --- Extending ------------------------------------------------------------------------------


def test_extending_within_the_first_month_with_a_reason(
    world: Any, sar: SubjectAccessRequest
) -> None:
    client = _client(world.quality)
    url = reverse("subject_access:extend", kwargs={"request_uuid": sar.uuid})
    empty = client.post(url, {"extension_reason": ""})
    assert "Enter why the request needs longer" in empty.content.decode()
    sar.refresh_from_db()
    assert sar.extended_on is None

    client.post(url, {"extension_reason": "Records span eight years and three services"})
    sar.refresh_from_db()
    assert sar.due_on == timescales.extended_due(sar.received_on)
    assert sar.extended_by == world.quality
    assert sar.extension_reason == "Records span eight years and three services"
    assert _trail(world.family.uuid)[0].description.startswith(
        "Extended the subject access deadline to"
    )

    again = client.post(url, {"extension_reason": "More"})
    assert "already been extended" in again.content.decode()
    detail = client.get(reverse("subject_access:detail", kwargs={"request_uuid": sar.uuid}))
    assert "Extend the deadline" not in detail.content.decode()


def test_extending_after_the_first_month_is_refused(world: Any, child: FamilyMember) -> None:
    received = timezone.localdate() - datetime.timedelta(days=70)
    sar = services.subject_access_request_log(
        actor=world.quality,
        member=child,
        requester=SubjectAccessRequest.Requester.SUBJECT,
        received_on=received,
    )
    response = _client(world.quality).post(
        reverse("subject_access:extend", kwargs={"request_uuid": sar.uuid}),
        {"extension_reason": "Complex"},
    )
    assert "can only be extended within the first month" in response.content.decode()
    sar.refresh_from_db()
    assert sar.extended_on is None and sar.due_on == timescales.response_due(received)
    listing = _client(world.quality).get(reverse("subject_access:requests")).content.decode()
    assert "Overdue" in listing


# --- The bundle and its release ---------------------------------------------------------------


def test_the_json_bundle_is_written_to_the_trail_and_names_no_one_in_its_file_name(
    world: Any, sar: SubjectAccessRequest
) -> None:
    response = _client(world.quality).get(
        reverse("subject_access:bundle_json", kwargs={"request_uuid": sar.uuid})
    )
    assert response.status_code == 200
    assert "Okafor" not in response["Content-Disposition"]
    assert world.family.case_reference not in response["Content-Disposition"]
    bundle = json.loads(response.content)
    assert bundle["subject"]["name"] == "Sam Okafor"
    assert bundle["request"]["requester"] == "A parent or carer, for a child: Amara Okafor"
    titles = [section["title"] for section in bundle["sections"]]
    assert titles[0] == "The family" and "Who opened the record" in titles
    events = _trail(world.family.uuid)
    assert events[0].action == AccessEvent.Action.EXPORT and events[0].channel == "json"
    assert events[0].description.startswith("Downloaded the subject access bundle as JSON")


@pytest.mark.skipif(pdf_engine() is None, reason="WeasyPrint cannot run here")
def test_the_pdf_bundle_is_a_pdf_on_the_trail(world: Any, sar: SubjectAccessRequest) -> None:
    response = _client(world.quality).get(
        reverse("subject_access:bundle_pdf", kwargs={"request_uuid": sar.uuid})
    )
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert _trail(world.family.uuid)[0].channel == "pdf"


def test_nothing_is_downloaded_when_the_trail_cannot_be_written(
    world: Any, sar: SubjectAccessRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise DatabaseError("disk full")

    monkeypatch.setattr(AccessEvent.objects, "create", refuse)
    response = _client(world.quality).get(
        reverse("subject_access:bundle_json", kwargs={"request_uuid": sar.uuid})
    )
    assert response.status_code == 503
    assert b"Okafor" not in response.content


def test_release_needs_a_download_a_method_and_the_review_confirmed(
    world: Any, sar: SubjectAccessRequest
) -> None:
    client = _client(world.quality)
    url = reverse("subject_access:release", kwargs={"request_uuid": sar.uuid})
    ready = {"release_method": "Secure e-mail", "reviewed": "on"}
    early = client.post(url, ready)
    assert "Download the bundle and review it before releasing it" in early.content.decode()
    client.get(reverse("subject_access:bundle_json", kwargs={"request_uuid": sar.uuid}))
    unreviewed = client.post(url, {"release_method": "Secure e-mail"})
    assert "Confirm that every marked passage has been reviewed" in unreviewed.content.decode()
    no_method = client.post(url, {"reviewed": "on"})
    assert "Enter how the bundle was sent" in no_method.content.decode()
    sar.refresh_from_db()
    assert sar.status == SubjectAccessRequest.Status.OPEN

    client.post(url, ready)
    sar.refresh_from_db()
    assert sar.status == SubjectAccessRequest.Status.RELEASED
    assert sar.released_by == world.quality and sar.release_method == "Secure e-mail"
    release = _trail(world.family.uuid)[0]
    assert release.description.startswith(
        "Released the subject access bundle to the requester (Secure e-mail)"
    )
    twice = client.post(url, ready)
    assert "already been released" in twice.content.decode()


def test_the_access_trail_says_what_was_done_and_links_to_the_request(
    world: Any, sar: SubjectAccessRequest
) -> None:
    handler = _client(world.quality)
    handler.get(reverse("subject_access:bundle_json", kwargs={"request_uuid": sar.uuid}))
    page = handler.get(reverse("people:access_trail")).content.decode()
    assert "Logged a subject access request: for Sam Okafor" in page
    assert "Downloaded the subject access bundle as JSON" in page
    assert reverse("subject_access:detail", kwargs={"request_uuid": sar.uuid}) in page
