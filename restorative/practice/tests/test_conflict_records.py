"""What governance's conflict reduction counts (issue 13 item 3): a circle marked as about
conflict when it is scheduled (the page and the API), and incidents from the case system."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.urls import reverse
from rest_framework.test import APIClient

from restorative.practice.models import CaseEvent, Meeting

from .test_api import MEETINGS, signed_in
from .test_case_events import URL, event, family_meetings, sender  # noqa: F401 - fixture
from .test_pages import _meeting_post


def test_a_circle_is_scheduled_as_about_conflict(client: Any, world: Any, practice: Any) -> None:
    client.force_login(world.allocated)
    data = _meeting_post(
        practice, world, meeting_type="restorative_circle", trigger="", trigger_date=""
    )
    response = client.post(
        reverse("practice:meeting_new", args=[practice.family.uuid]),
        {**data, "about_conflict": "on"},
    )
    assert response.status_code == 302, response.content.decode()
    assert Meeting.objects.get(submission_token=data["submission_token"]).about_conflict


def test_only_a_circle_may_be_about_conflict(client: Any, world: Any, practice: Any) -> None:
    client.force_login(world.allocated)
    before = Meeting.objects.count()
    response = client.post(
        reverse("practice:meeting_new", args=[practice.family.uuid]),
        {**_meeting_post(practice, world), "about_conflict": "on"},
    )
    assert response.status_code == 200
    assert "Only a restorative circle can be marked as about conflict" in response.content.decode()
    assert Meeting.objects.count() == before


def test_the_api_schedules_a_circle_about_conflict(world: Any, practice: Any) -> None:
    body = {
        "family": str(practice.family.uuid),
        "meeting_type": "community_circle",
        "scheduled_at": "2030-01-14T10:00:00Z",
        "venue": "in_person",
        "about_conflict": True,
    }
    response = signed_in(APIClient(), world.allocated).post(MEETINGS, body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["about_conflict"] is True


def test_an_incident_is_recorded_and_changes_no_meeting(
    world: Any,
    sender: SimpleNamespace,  # noqa: F811 - the fixture imported above
) -> None:
    meetings = family_meetings(world)
    response = sender.client.post(URL, event(world, kind="incident"), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["outcome"] == "Recorded for the outcome measures; no meeting changed."
    assert CaseEvent.objects.get().kind == CaseEvent.Kind.INCIDENT
    assert family_meetings(world) == meetings
