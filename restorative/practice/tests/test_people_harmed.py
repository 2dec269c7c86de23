"""People harmed in youth justice panels and restorative circles (issue 10, point 7): a
participant kind with their consent, whether they chose to meet and their view, seen only by
those who may see the meeting."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from restorative.practice import services
from restorative.practice.models import MeetingParticipant, MeetingType

from .conftest import meeting_at

pytestmark = pytest.mark.django_db

HARMED = "Tom Reid"
VIEW = "I want to know why my shop was chosen"


@pytest.fixture
def panel(world: Any, practice: Any) -> Any:
    meeting = services.meeting_schedule(
        actor=world.allocated,
        family=practice.family,
        meeting_type=MeetingType.YOUTH_JUSTICE_PANEL,
        scheduled_at=meeting_at(5),
        venue="in_person",
        members=[practice.child],
        staff=[world.partner],
    )
    services.person_harmed_add(
        actor=world.allocated,
        meeting=meeting,
        name=HARMED,
        consent_to_take_part=True,
        chose_to_meet=True,
        view=VIEW,
    )
    services.person_harmed_add(
        actor=world.allocated, meeting=meeting, name="Ann Reid", supporter=True
    )
    return meeting


def test_a_person_harmed_and_their_supporter_are_recorded(panel: Any) -> None:
    harmed = panel.participants.get(kind=MeetingParticipant.Kind.PERSON_HARMED)
    assert (harmed.name, harmed.consent_to_take_part, harmed.chose_to_meet, harmed.view) == (
        HARMED,
        True,
        True,
        VIEW,
    )
    assert panel.participants.filter(kind=MeetingParticipant.Kind.HARMED_SUPPORTER).count() == 1


def test_only_youth_justice_panels_and_circles_have_people_harmed(
    world: Any, practice: Any
) -> None:
    with pytest.raises(ValidationError):
        services.person_harmed_add(actor=world.allocated, meeting=practice.not_invited, name=HARMED)


@pytest.mark.parametrize("who", ["allocated", "manager", "head", "partner"])
def test_those_who_may_see_the_meeting_see_the_person_harmed(
    world: Any, panel: Any, who: str
) -> None:
    api = APIClient()
    api.force_login(getattr(world, who))
    response = api.get(f"/api/practice/meetings/{panel.uuid}/")
    assert response.status_code == 200
    rows = {row["display_name"]: row for row in response.json()["participants"]}
    assert rows[HARMED]["kind"] == "person_harmed"
    assert rows[HARMED]["consent_to_take_part"] is True and rows[HARMED]["chose_to_meet"]
    assert rows[HARMED]["view"] == VIEW


@pytest.mark.parametrize("who", ["other_team", "other_service", "workforce", "admin"])
def test_nobody_else_sees_the_person_harmed(world: Any, panel: Any, who: str) -> None:
    api = APIClient()
    api.force_login(getattr(world, who))
    assert api.get(f"/api/practice/meetings/{panel.uuid}/").status_code == 404
    listed = api.get("/api/practice/meetings/")
    assert HARMED not in listed.content.decode()
