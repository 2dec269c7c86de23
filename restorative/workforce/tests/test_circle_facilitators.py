"""Who may facilitate a team circle (issue 14, point 6; decision 0011): a member of the
team, or a team manager, head of service or restorative champion in its service; never
business support, a partner or an administrator. One rule for the page's list, the service
and the API; each person offered with their role and team."""

from __future__ import annotations

import datetime
import uuid
from html import unescape
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from restorative.people.models import Staff
from restorative.people.tests.factories import StaffFactory
from restorative.workforce import circles
from restorative.workforce.models import TeamCircle

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture
def people(world: Any) -> dict[str, Staff]:
    def person(role: str, team: Any, name: str, **extra: Any) -> Staff:
        return StaffFactory(
            role=role,
            team=team,
            organisation=world.org,
            first_name=name,
            last_name="Tester",
            job_title="",
            **extra,
        )

    return {
        "support_other_team": person(Staff.Role.BUSINESS_SUPPORT, world.team_a2, "Bea"),
        "champion_in_service": person(
            Staff.Role.PRACTITIONER, world.team_a2, "Chris", is_restorative_champion=True
        ),
        "champion_elsewhere": person(
            Staff.Role.PRACTITIONER, world.team_b1, "Dana", is_restorative_champion=True
        ),
        "support_champion": person(
            Staff.Role.BUSINESS_SUPPORT, world.team_a1, "Eli", is_restorative_champion=True
        ),
    }


ALLOWED = ["manager", "allocated", "same_team", "asye_same_team", "other_team_manager", "head"]
REFUSED = ["support_same_team", "other_team", "other_service", "workforce", "partner", "admin"]


def _label(person: Staff) -> str:
    return person.choice_label


def _form_page(client: Any, world: Any) -> str:
    client.force_login(world.manager)
    url = reverse("workforce:team_circle_create", args=[world.team_a1.uuid])
    return unescape(client.get(url).content.decode())


def test_the_page_offers_exactly_who_may_facilitate_with_role_and_team(
    client: Any, world: Any, people: dict[str, Staff]
) -> None:
    page = _form_page(client, world)
    for name in ALLOWED:
        assert _label(getattr(world, name)) in page, name
    assert _label(people["champion_in_service"]) in page
    for name in REFUSED:
        assert getattr(world, name).display_name not in page, name
    for key in ("support_other_team", "champion_elsewhere", "support_champion"):
        assert people[key].display_name not in page, key
    assert "Bea Tester, Business support, South Safeguarding" not in page


@pytest.mark.parametrize("name", ALLOWED)
def test_the_rule_allows(world: Any, name: str) -> None:
    assert circles.may_facilitate_team_circle(getattr(world, name), world.team_a1)


@pytest.mark.parametrize("name", REFUSED)
def test_the_rule_refuses(world: Any, name: str) -> None:
    assert not circles.may_facilitate_team_circle(getattr(world, name), world.team_a1)


def _record(world: Any, facilitator: Staff) -> Any:
    return circles.team_circle_record(
        actor=world.manager,
        team=world.team_a1,
        submission_token=uuid.uuid4(),
        purpose="cohesion",
        held_on=YESTERDAY,
        facilitator=facilitator,
        participant_count=6,
        themes="How we share the duty rota",
    )


def test_the_service_refuses_business_support_from_another_team(
    world: Any, people: dict[str, Staff]
) -> None:
    with pytest.raises(ValidationError) as refused:
        _record(world, people["support_other_team"])
    assert "Bea Tester cannot facilitate this team's circle" in str(refused.value)
    with pytest.raises(ValidationError):
        _record(world, people["support_champion"])
    assert not TeamCircle.objects.exists()


def test_the_service_accepts_a_champion_in_the_service(
    world: Any, people: dict[str, Staff]
) -> None:
    circle, created = _record(world, people["champion_in_service"])
    assert created and circle.facilitator == people["champion_in_service"]


def test_the_page_refuses_a_facilitator_who_is_not_offered(
    client: Any, world: Any, people: dict[str, Staff]
) -> None:
    client.force_login(world.manager)
    url = reverse("workforce:team_circle_create", args=[world.team_a1.uuid])
    response = client.post(
        url,
        {
            "submission_token": str(uuid.uuid4()),
            "purpose": "conflict",
            "held_on": YESTERDAY.strftime("%d/%m/%Y"),
            "facilitator": str(people["support_other_team"].uuid),
            "participant_count": "7",
            "themes": "Tension about the duty rota",
        },
    )
    assert response.status_code == 200
    assert "Choose a facilitator from the list" in response.content.decode()
    assert not TeamCircle.objects.exists()


# --- The API: the same rule ------------------------------------------------------------------


def _api(world: Any, who: str) -> APIClient:
    api = APIClient()
    api.force_login(getattr(world, who))
    return api


def _body(facilitator: Staff, **changes: Any) -> dict[str, Any]:
    body = {
        "purpose": "reflective_learning",
        "held_on": YESTERDAY.isoformat(),
        "facilitator": str(facilitator.uuid),
        "participant_count": 9,
        "themes": "What we learned from a hard week",
    }
    body.update(changes)
    return body


def _url(world: Any) -> str:
    return f"/api/workforce/teams/{world.team_a1.uuid}/circles/"


def test_the_api_records_a_circle_with_an_allowed_facilitator(
    world: Any, people: dict[str, Staff]
) -> None:
    api = _api(world, "manager")
    response = api.post(_url(world), _body(people["champion_in_service"]), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["facilitator"]["display_name"] == "Chris Tester"
    listed = api.get(_url(world)).json()
    assert [row["themes"] for row in listed] == ["What we learned from a hard week"]


@pytest.mark.parametrize("key", ["support_other_team", "champion_elsewhere", "support_champion"])
def test_the_api_refuses_a_facilitator_the_rule_does_not_allow(
    world: Any, people: dict[str, Staff], key: str
) -> None:
    response = _api(world, "manager").post(_url(world), _body(people[key]), format="json")
    assert response.status_code == 400
    assert "cannot facilitate this team's circle" in response.json()["facilitator"][0]
    assert not TeamCircle.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [("other_team", 404), ("other_service", 404), ("partner", 404), ("head", 403)],
)
def test_the_api_refuses_those_who_may_not_record(world: Any, who: str, status: int) -> None:
    response = _api(world, who).post(_url(world), _body(world.manager), format="json")
    assert response.status_code == status
    assert not TeamCircle.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"participant_count": 0}, "participant_count"),
        ({"purpose": "gossip"}, "purpose"),
        ({"themes": ""}, "themes"),
        ({"facilitator": "not-a-uuid"}, "facilitator"),
        ({"facilitator": str(uuid.uuid4())}, "facilitator"),
        ({"held_on": "2099-01-01"}, "held_on"),
    ],
)
def test_bad_input_to_the_api_says_why_and_saves_nothing(
    world: Any, changes: dict[str, Any], field: str
) -> None:
    body = {**_body(world.manager), **changes}
    response = _api(world, "manager").post(_url(world), body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not TeamCircle.objects.exists()


def test_the_schema_documents_the_route(world: Any) -> None:
    schema = _api(world, "manager").get("/api/schema/", HTTP_ACCEPT="application/json")
    assert "/api/workforce/teams/{team_uuid}/circles/" in schema.content.decode()
