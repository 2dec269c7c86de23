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
        actor=world.allocated,
        meeting=meeting,
        name="Ann Reid",
        supporter=True,
        supports=meeting.participants.get(name=HARMED),
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


# --- The page and the API that add a person harmed (one service, one permission) ----------

RECORD = {"allocated", "same_team", "manager", "head", "support_same_team"}
NOT_RECORD = {"director", "quality", "other_team", "other_service", "workforce", "admin"}
FORM = {
    "kind": "harmed",
    "name": "Jo Shopkeeper",
    "consent_to_take_part": "yes",
    "chose_to_meet": "no",
    "view": "I would like a letter",
}


def _page(meeting: Any) -> str:
    return f"/practice/meetings/{meeting.uuid}/people-harmed/new/"


def _api(meeting: Any) -> str:
    return f"/api/practice/meetings/{meeting.uuid}/people-harmed/"


@pytest.mark.parametrize("who", sorted(RECORD))
def test_the_page_adds_a_person_harmed_for_those_who_record_the_meeting(
    client: Any, world: Any, panel: Any, who: str
) -> None:
    client.force_login(getattr(world, who))
    detail = client.get(f"/practice/meetings/{panel.uuid}/").content.decode()
    assert 'id="add-person-harmed"' in detail
    assert client.get(_page(panel)).status_code == 200
    response = client.post(_page(panel), FORM)
    assert response.status_code == 302
    row = panel.participants.get(name="Jo Shopkeeper")
    assert (row.kind, row.consent_to_take_part, row.chose_to_meet, row.view) == (
        MeetingParticipant.Kind.PERSON_HARMED,
        True,
        False,
        "I would like a letter",
    )
    shown = client.get(f"/practice/meetings/{panel.uuid}/").content.decode()
    assert "Jo Shopkeeper" in shown and "Chose to meet: no" in shown


@pytest.mark.parametrize("who", sorted(NOT_RECORD | {"partner"}))
def test_the_page_answers_404_to_everyone_else(
    client: Any, world: Any, panel: Any, who: str
) -> None:
    client.force_login(getattr(world, who))
    assert client.get(_page(panel)).status_code == 404
    assert client.post(_page(panel), FORM).status_code == 404
    assert not panel.participants.filter(name="Jo Shopkeeper").exists()


@pytest.mark.parametrize("who", sorted(NOT_RECORD - {"director", "quality"}))
def test_those_who_may_not_see_the_meeting_see_nothing_of_the_person_harmed(
    client: Any, world: Any, panel: Any, who: str
) -> None:
    client.force_login(getattr(world, who))
    response = client.get(f"/practice/meetings/{panel.uuid}/")
    assert response.status_code == 404
    assert HARMED not in response.content.decode()


def test_the_page_is_not_offered_for_other_meeting_types(
    client: Any, world: Any, practice: Any
) -> None:
    client.force_login(world.allocated)
    detail = client.get(f"/practice/meetings/{practice.invited.uuid}/").content.decode()
    assert 'id="add-person-harmed"' not in detail
    assert client.get(_page(practice.invited)).status_code == 404
    assert client.post(_page(practice.invited), FORM).status_code == 404


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"name": "  "}, "name", "Enter the name of the person"),
        ({"kind": ""}, "kind", "Choose whether this is the person harmed or their supporter"),
        ({"consent_to_take_part": "maybe"}, "consent_to_take_part", "Choose whether they have"),
        (
            {"chose_to_meet": "yes", "consent_to_take_part": "no"},
            "chose_to_meet",
            "Someone who chose to meet has consented to take part",
        ),
        ({"name": HARMED}, "name", f"{HARMED} is already invited to this meeting"),
    ],
)
def test_bad_input_on_the_page_says_why_and_saves_nothing(
    client: Any, world: Any, panel: Any, change: dict[str, str], field: str, message: str
) -> None:
    client.force_login(world.allocated)
    before = panel.participants.count()
    response = client.post(_page(panel), {**FORM, **change})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert panel.participants.count() == before


def test_the_api_adds_a_supporter_with_the_same_rules(world: Any, panel: Any) -> None:
    api = APIClient()
    api.force_login(world.allocated)
    response = api.post(
        _api(panel),
        {
            "name": "Sam Friend",
            "supporter": True,
            "supports": str(panel.participants.get(name=HARMED).uuid),
            "consent_to_take_part": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "harmed_supporter"
    assert response.json()["supports"] == str(panel.participants.get(name=HARMED).uuid)
    assert response.json()["chose_to_meet"] is None
    listed = api.get(f"/api/practice/meetings/{panel.uuid}/participants/").json()
    assert "Sam Friend" in {row["display_name"] for row in listed}


@pytest.mark.parametrize("who", sorted(NOT_RECORD - {"director", "quality"}))
def test_the_api_answers_404_to_those_who_may_not_see_the_meeting(
    world: Any, panel: Any, who: str
) -> None:
    api = APIClient()
    api.force_login(getattr(world, who))
    response = api.post(_api(panel), {"name": "Sam Friend"}, format="json")
    assert response.status_code == 404
    assert not panel.participants.filter(name="Sam Friend").exists()


@pytest.mark.parametrize("who", ["director", "quality", "partner"])
def test_the_api_refuses_readers_who_may_not_record(world: Any, panel: Any, who: str) -> None:
    api = APIClient()
    api.force_login(getattr(world, who))
    response = api.post(_api(panel), {"name": "Sam Friend"}, format="json")
    assert response.status_code in (403, 404)
    assert not panel.participants.filter(name="Sam Friend").exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "Sam", "consent_to_take_part": "perhaps"}, "consent_to_take_part"),
        ({"name": "Sam", "chose_to_meet": True, "consent_to_take_part": False}, "chose_to_meet"),
        ({"name": HARMED}, "name"),
    ],
)
def test_bad_input_to_the_api_says_why_and_saves_nothing(
    world: Any, panel: Any, body: dict[str, Any], field: str
) -> None:
    api = APIClient()
    api.force_login(world.allocated)
    before = panel.participants.count()
    response = api.post(_api(panel), body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert panel.participants.count() == before


def test_the_api_refuses_a_meeting_type_without_people_harmed(world: Any, practice: Any) -> None:
    api = APIClient()
    api.force_login(world.allocated)
    response = api.post(_api(practice.invited), {"name": "Sam Friend"}, format="json")
    assert response.status_code == 400
    assert "youth justice panel or restorative circle" in response.content.decode()
    assert not practice.invited.participants.filter(name="Sam Friend").exists()


def test_the_schema_documents_the_route(world: Any) -> None:
    api = APIClient()
    api.force_login(world.allocated)
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/practice/meetings/{meeting_uuid}/people-harmed/" in schema


# --- A supporter supports one particular person harmed at the meeting ---------------------


def _harmed(meeting: Any) -> Any:
    return meeting.participants.get(name=HARMED)


def test_the_supporter_is_linked_to_the_person_harmed_they_support(panel: Any) -> None:
    supporter = panel.participants.get(kind=MeetingParticipant.Kind.HARMED_SUPPORTER)
    assert supporter.supports == _harmed(panel)
    assert list(_harmed(panel).supporters.all()) == [supporter]


@pytest.mark.parametrize("who", ["allocated", "manager", "head", "partner"])
def test_those_who_may_see_the_meeting_see_whom_the_supporter_supports(
    client: Any, world: Any, panel: Any, who: str
) -> None:
    client.force_login(getattr(world, who))
    page = client.get(f"/practice/meetings/{panel.uuid}/").content.decode()
    assert "Ann Reid" in page and f"supporting {HARMED}" in page
    api = APIClient()
    api.force_login(getattr(world, who))
    rows = {
        row["display_name"]: row
        for row in api.get(f"/api/practice/meetings/{panel.uuid}/").json()["participants"]
    }
    assert rows["Ann Reid"]["supports"] == str(_harmed(panel).uuid)
    assert rows[HARMED]["supports"] is None


@pytest.mark.parametrize("who", ["other_team", "other_service", "workforce", "admin"])
def test_nobody_else_sees_the_supporter(client: Any, world: Any, panel: Any, who: str) -> None:
    client.force_login(getattr(world, who))
    response = client.get(f"/practice/meetings/{panel.uuid}/")
    assert response.status_code == 404
    assert "Ann Reid" not in response.content.decode()
    api = APIClient()
    api.force_login(getattr(world, who))
    assert "Ann Reid" not in api.get("/api/practice/meetings/").content.decode()


def test_the_page_adds_a_supporter_for_the_person_harmed_chosen(
    client: Any, world: Any, panel: Any
) -> None:
    client.force_login(world.allocated)
    form = client.get(_page(panel)).content.decode()
    assert f'value="{_harmed(panel).uuid}"' in form and "who do they support?" in form
    response = client.post(
        _page(panel),
        {**FORM, "kind": "supporter", "name": "Lee Friend", "supports": str(_harmed(panel).uuid)},
    )
    assert response.status_code == 302
    assert panel.participants.get(name="Lee Friend").supports == _harmed(panel)


def test_the_page_refuses_a_supporter_without_the_person_they_support(
    client: Any, world: Any, panel: Any
) -> None:
    client.force_login(world.allocated)
    before = panel.participants.count()
    response = client.post(_page(panel), {**FORM, "kind": "supporter", "name": "Lee Friend"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and services.SUPPORTS_CHOICE in page
    assert 'href="#id_supports"' in page
    assert panel.participants.count() == before


def test_the_page_refuses_a_person_harmed_from_another_meeting(
    client: Any, world: Any, practice: Any, panel: Any
) -> None:
    other = services.meeting_schedule(
        actor=world.allocated,
        family=practice.family,
        meeting_type=MeetingType.RESTORATIVE_CIRCLE,
        scheduled_at=meeting_at(6),
        venue="in_person",
        members=[practice.child],
    )
    elsewhere = services.person_harmed_add(actor=world.allocated, meeting=other, name="Kim Vale")
    client.force_login(world.allocated)
    response = client.post(
        _page(panel),
        {**FORM, "kind": "supporter", "name": "Lee Friend", "supports": str(elsewhere.uuid)},
    )
    assert response.status_code == 200
    assert services.SUPPORTS_CHOICE in response.content.decode()
    assert not panel.participants.filter(name="Lee Friend").exists()


def test_a_supporter_is_offered_only_once_someone_harmed_is_added(
    client: Any, world: Any, practice: Any
) -> None:
    circle = services.meeting_schedule(
        actor=world.allocated,
        family=practice.family,
        meeting_type=MeetingType.RESTORATIVE_CIRCLE,
        scheduled_at=meeting_at(6),
        venue="in_person",
        members=[practice.child],
    )
    client.force_login(world.allocated)
    page = client.get(_page(circle)).content.decode()
    assert 'id="supporter-after-harmed"' in page
    assert 'value="supporter"' not in page and 'name="supports"' not in page
    response = client.post(_page(circle), {**FORM, "kind": "supporter"})
    assert response.status_code == 200
    assert not circle.participants.filter(name=FORM["name"]).exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"supporter": True}, services.SUPPORTS_CHOICE),
        ({"supporter": True, "supports": "00000000-0000-4000-8000-000000000000"}, ""),
        ({"supporter": True, "supports": "not-a-uuid"}, "must be a UUID"),
        ({"supporter": False, "supports": "HARMED"}, "Only a supporter supports"),
    ],
)
def test_the_api_refuses_a_supporter_not_linked_to_a_person_harmed_here(
    world: Any, panel: Any, body: dict[str, Any], message: str
) -> None:
    if body.get("supports") == "HARMED":
        body = {**body, "supports": str(_harmed(panel).uuid)}
    api = APIClient()
    api.force_login(world.allocated)
    before = panel.participants.count()
    response = api.post(_api(panel), {"name": "Sam Friend", **body}, format="json")
    assert response.status_code == 400, response.content
    assert "supports" in response.json()
    assert message in response.content.decode()
    assert panel.participants.count() == before


def test_the_api_refuses_a_professional_as_the_person_supported(world: Any, panel: Any) -> None:
    professional = panel.participants.get(staff=world.partner)
    api = APIClient()
    api.force_login(world.allocated)
    response = api.post(
        _api(panel),
        {"name": "Sam Friend", "supporter": True, "supports": str(professional.uuid)},
        format="json",
    )
    assert response.status_code == 400
    assert services.SUPPORTS_CHOICE in response.json()["supports"][0]


def test_the_person_harmed_is_not_removed_while_their_supporter_stays(
    client: Any, world: Any, panel: Any
) -> None:
    client.force_login(world.allocated)
    harmed = _harmed(panel)
    harmed.view, harmed.view_given_by, harmed.chose_to_meet = "", "", None
    harmed.save()
    response = client.post(f"/practice/meetings/{panel.uuid}/participants/{harmed.uuid}/remove/")
    assert response.status_code == 400
    assert "remove the supporter first" in response.content.decode()
    assert panel.participants.filter(name=HARMED).exists()
    supporter = panel.participants.get(name="Ann Reid")
    client.post(f"/practice/meetings/{panel.uuid}/participants/{supporter.uuid}/remove/")
    response = client.post(f"/practice/meetings/{panel.uuid}/participants/{harmed.uuid}/remove/")
    assert response.status_code == 302
    assert not panel.participants.filter(name=HARMED).exists()
