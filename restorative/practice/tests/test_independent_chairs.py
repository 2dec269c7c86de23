"""Independent chairs and coordinators (issue 10, point 1), through the page, the service and
the API.

A child protection conference is chaired by a conference chair or independent reviewing
officer outside the line management of the case; a family group conference is coordinated by
an in-house coordinator or one from a commissioned FGC service, with current advanced
restorative training, never the family's allocated worker or their manager. One rule
(`permissions.chair_candidates_q` / `may_chair`) gives the page's choices and the service's
check, which the API answers with.
"""

from __future__ import annotations

import datetime
import uuid
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from restorative.people.models import PartnerAgency, Staff
from restorative.people.tests.factories import (
    PartnerAgencyFactory,
    ServiceFactory,
    StaffFactory,
    TeamFactory,
)
from restorative.practice import permissions, selectors
from restorative.practice.models import Meeting, MeetingType

from .conftest import meeting_at
from .test_who_may_lead import give_advanced_training

pytestmark = pytest.mark.django_db

MEETINGS = "/api/practice/meetings/"
NEXT_WEEK = datetime.date.today() + datetime.timedelta(days=7)


@pytest.fixture
def independent(world: Any) -> SimpleNamespace:
    """A safeguarding and reviewing unit in its own service, a chair in the family's own
    service, an in-house coordinator allocated the family, and a commissioned FGC service."""
    unit_service = ServiceFactory(organisation=world.org, name="Safeguarding and Reviewing")
    unit = TeamFactory(service=unit_service, name="Safeguarding and Reviewing Unit", code="SRU")
    chair = StaffFactory(
        role=Staff.Role.CONFERENCE_CHAIR,
        team=unit,
        organisation=world.org,
        first_name="Ruth",
        last_name="Adeyemi",
        email="chair@test.example",
    )
    chair_in_line = StaffFactory(
        role=Staff.Role.CONFERENCE_CHAIR,
        team=world.team_a2,  # the family's own service: its head manages them
        organisation=world.org,
        first_name="Colin",
        last_name="Inline",
        email="inlinechair@test.example",
    )
    fgc_service = PartnerAgencyFactory(
        name="Calder FGC Service", kind=PartnerAgency.Kind.FGC_SERVICE
    )
    external = StaffFactory(
        role=Staff.Role.PARTNER,
        team=None,
        organisation=None,
        partner_agency=fgc_service,
        first_name="Joanne",
        last_name="Whitaker",
        email="fgc@test.example",
    )
    in_house = StaffFactory(
        role=Staff.Role.FGC_COORDINATOR,
        team=world.team_a1,
        organisation=world.org,
        first_name="Helen",
        last_name="Marsh",
        email="coordinator@test.example",
    )
    # The in-house coordinator is also the family's allocated worker.
    world.family.allocated_worker = in_house
    world.family.save()
    for person in (external, in_house, world.manager):
        give_advanced_training(person, valid_until=None)
    return SimpleNamespace(
        chair=chair, chair_in_line=chair_in_line, external=external, in_house=in_house
    )


def page_post(practice: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "submission_token": str(uuid.uuid4()),
        "action": "save",
        "meeting_type": "initial_conference",
        "date": NEXT_WEEK.strftime("%d/%m/%Y"),
        "time": "10:00",
        "venue": "in_person",
        "members": [str(practice.child.uuid)],
    }
    data.update(changes)
    return data


def api_body(world: Any, practice: Any, **changes: Any) -> dict[str, Any]:
    body = {
        "family": str(world.family.uuid),
        "meeting_type": "initial_conference",
        "scheduled_at": meeting_at(7).isoformat(),
        "venue": "in_person",
        "members": [str(practice.child.uuid)],
    }
    body.update(changes)
    return body


# --- The rule ------------------------------------------------------------------------------


def test_the_conference_choices_are_independent_chairs_only(world, practice, independent):  # type: ignore[no-untyped-def]
    chairs, _ = selectors.meeting_chairs_and_professionals(
        practice.family, meeting_type=MeetingType.INITIAL_CONFERENCE
    )
    assert list(chairs) == [independent.chair]
    reviews, _ = selectors.meeting_chairs_and_professionals(
        practice.family, meeting_type=MeetingType.REVIEW_CONFERENCE
    )
    assert list(reviews) == [independent.chair]
    for person in (world.manager, world.head, independent.chair_in_line, world.allocated):
        assert not permissions.may_chair(
            person, MeetingType.INITIAL_CONFERENCE, practice.family, NEXT_WEEK
        )
    assert permissions.may_chair(
        independent.chair, MeetingType.INITIAL_CONFERENCE, practice.family, NEXT_WEEK
    )


def test_the_fgc_choices_are_coordinators_outside_the_case(world, practice, independent):  # type: ignore[no-untyped-def]
    chairs, _ = selectors.meeting_chairs_and_professionals(
        practice.family, meeting_type=MeetingType.FAMILY_GROUP_CONFERENCE
    )
    # Not the allocated worker (though a trained coordinator), not the trained team manager.
    assert list(chairs) == [independent.external]
    # Another family, allocated to someone else: the in-house coordinator may coordinate.
    other = world.family.__class__.objects.create(
        case_reference="CASE-OTHER",
        name="Jones",
        team=world.team_a1,
        allocated_worker=world.same_team,
    )
    chairs, _ = selectors.meeting_chairs_and_professionals(
        other, meeting_type=MeetingType.FAMILY_GROUP_CONFERENCE
    )
    assert set(chairs) == {independent.external, independent.in_house}


# --- Through the page ---------------------------------------------------------------------


def test_page_refuses_a_conference_chair_from_the_familys_management_line(  # type: ignore[no-untyped-def]
    client, world, practice, independent
):
    client.force_login(world.same_team)
    url = reverse("practice:meeting_new", args=[practice.family.uuid])
    before = Meeting.objects.count()
    messages = {
        # Offered for other meetings, refused by the service for a conference.
        world.manager: "choose a conference chair or independent reviewing officer",
        # A conference chair inside the family's service: its head manages them and the case.
        independent.chair_in_line: "in the line management of the family",
    }
    for chair, message in messages.items():
        response = client.post(url, page_post(practice, chair=str(chair.uuid)))
        assert response.status_code == 200
        text = response.content.decode()
        assert 'id="id_chair-error"' in text
        assert message in text
        assert Meeting.objects.count() == before


def test_page_accepts_an_independent_chair(client, world, practice, independent):  # type: ignore[no-untyped-def]
    client.force_login(world.same_team)
    url = reverse("practice:meeting_new", args=[practice.family.uuid])
    data = page_post(practice, chair=str(independent.chair.uuid))
    response = client.post(url, data)
    assert response.status_code == 302
    meeting = Meeting.objects.get(submission_token=data["submission_token"])
    assert meeting.chair == independent.chair


def test_page_refuses_the_allocated_worker_as_coordinator(client, world, practice, independent):  # type: ignore[no-untyped-def]
    client.force_login(world.same_team)
    url = reverse("practice:meeting_new", args=[practice.family.uuid])
    before = Meeting.objects.count()
    response = client.post(
        url,
        page_post(
            practice, meeting_type="family_group_conference", chair=str(independent.in_house.uuid)
        ),
    )
    assert response.status_code == 200
    assert "they are the family&#x27;s allocated worker" in response.content.decode()
    assert Meeting.objects.count() == before


def test_page_accepts_a_coordinator_from_a_commissioned_service(  # type: ignore[no-untyped-def]
    client, world, practice, independent
):
    client.force_login(world.same_team)
    url = reverse("practice:meeting_new", args=[practice.family.uuid])
    data = page_post(
        practice, meeting_type="family_group_conference", chair=str(independent.external.uuid)
    )
    response = client.post(url, data)
    assert response.status_code == 302
    meeting = Meeting.objects.get(submission_token=data["submission_token"])
    assert meeting.chair == independent.external
    # The external coordinator sees the conference they coordinate, and nothing else.
    client.force_login(independent.external)
    assert client.get(reverse("practice:meeting_detail", args=[meeting.uuid])).status_code == 200
    assert (
        client.get(reverse("practice:meeting_detail", args=[practice.invited.uuid])).status_code
        == 404
    )


def test_arrange_page_offers_only_independent_chairs(client, world, practice, independent):  # type: ignore[no-untyped-def]
    conference = Meeting.objects.create(
        family=practice.family,
        meeting_type=MeetingType.REVIEW_CONFERENCE,
        status=Meeting.Status.TO_ARRANGE,
        due_date=NEXT_WEEK,
        created_by=world.allocated,
    )
    client.force_login(world.same_team)
    response = client.get(reverse("practice:meeting_arrange", args=[conference.uuid]))
    assert list(response.context["form"].fields["chair"].queryset) == [independent.chair]
    assert f'<option value="{independent.chair.uuid}"' in response.content.decode()


# --- Through the API ----------------------------------------------------------------------


def test_api_refuses_a_chair_from_the_management_line(world, practice, independent):  # type: ignore[no-untyped-def]
    api = APIClient()
    api.force_login(world.same_team)
    before = Meeting.objects.count()
    response = api.post(
        MEETINGS, api_body(world, practice, chair=str(world.manager.uuid)), format="json"
    )
    assert response.status_code == 400
    assert "conference chair or independent reviewing officer" in str(response.json())
    response = api.post(
        MEETINGS,
        api_body(world, practice, chair=str(independent.chair_in_line.uuid)),
        format="json",
    )
    assert response.status_code == 400
    assert "line management" in str(response.json())
    assert Meeting.objects.count() == before


def test_api_accepts_an_independent_chair(world, practice, independent):  # type: ignore[no-untyped-def]
    api = APIClient()
    api.force_login(world.same_team)
    response = api.post(
        MEETINGS, api_body(world, practice, chair=str(independent.chair.uuid)), format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["chair"]["uuid"] == str(independent.chair.uuid)


def test_api_refuses_the_allocated_worker_as_coordinator(world, practice, independent):  # type: ignore[no-untyped-def]
    api = APIClient()
    api.force_login(world.same_team)
    before = Meeting.objects.count()
    response = api.post(
        MEETINGS,
        api_body(
            world,
            practice,
            meeting_type="family_group_conference",
            chair=str(independent.in_house.uuid),
        ),
        format="json",
    )
    assert response.status_code == 400
    assert "allocated worker" in str(response.json())
    assert Meeting.objects.count() == before


def test_api_accepts_an_external_coordinator(world, practice, independent):  # type: ignore[no-untyped-def]
    api = APIClient()
    api.force_login(world.same_team)
    response = api.post(
        MEETINGS,
        api_body(
            world,
            practice,
            meeting_type="family_group_conference",
            chair=str(independent.external.uuid),
        ),
        format="json",
    )
    assert response.status_code == 201, response.json()
    meeting = Meeting.objects.get(uuid=response.json()["uuid"])
    assert meeting.chair == independent.external
