"""Choosing a family's allocated worker (issue 14, point 6): the page lists only those who may
hold a family, each with their role and team, under their team's name; the page, the API and
the service refuse anyone else, saying why, and change nothing. One rule:
`permissions.allocatable_q` / `allocation_error`."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from restorative.people import services
from restorative.people.models import Staff
from restorative.people.tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def _edit(world: Any) -> str:
    return reverse("people:family_edit", args=[world.family.uuid])


def _post(world: Any, worker: Any, **changes: Any) -> dict[str, Any]:
    return {
        "name": world.family.name,
        "status": "open",
        "team": world.team_a1.pk,
        "allocated_worker": str(worker.uuid) if worker is not None else "",
        **changes,
    }


def _options(page: str) -> dict[str, str]:
    """The worker choice's options: UUID → label."""
    select = re.search(r'<select name="allocated_worker".*?</select>', page, re.S)
    assert select is not None
    return dict(re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', select.group(0)))


def test_the_choice_shows_role_and_team_under_the_team_s_name(client: Any, world: Any) -> None:
    client.force_login(world.head)
    page = client.get(_edit(world)).content.decode()
    options = _options(page)
    assert options[str(world.allocated.uuid)] == (
        f"{world.allocated.display_name}, {world.allocated.job_title or 'Practitioner'}, "
        "North Safeguarding"
    )
    assert options[str(world.asye_same_team.uuid)].endswith(", North Safeguarding")
    assert str(world.other_team.uuid) in options  # the head of service's other team
    assert '<optgroup label="North Safeguarding">' in page
    assert '<optgroup label="South Safeguarding">' in page


@pytest.mark.parametrize(
    "who", ["support_same_team", "head", "other_service", "director", "quality", "partner"]
)
def test_only_those_who_may_hold_a_family_are_offered(client: Any, world: Any, who: str) -> None:
    client.force_login(world.manager)
    options = _options(client.get(_edit(world)).content.decode())
    assert str(getattr(world, who).uuid) not in options
    assert str(world.same_team.uuid) in options and str(world.manager.uuid) in options


def test_an_account_no_longer_active_is_not_offered(client: Any, world: Any) -> None:
    leaver = StaffFactory(team=world.team_a1, organisation=world.org, is_active=False)
    client.force_login(world.manager)
    assert str(leaver.uuid) not in _options(client.get(_edit(world)).content.decode())


@pytest.mark.parametrize("who", ["same_team", "asye_same_team", "manager"])
def test_the_page_allocates_a_practitioner_or_manager_of_the_team(
    client: Any, world: Any, who: str
) -> None:
    client.force_login(world.manager)
    response = client.post(_edit(world), _post(world, getattr(world, who)))
    assert response.status_code == 302
    world.family.refresh_from_db()
    assert world.family.allocated_worker == getattr(world, who)


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("support_same_team", "Choose a practitioner or team manager in the family"),
        ("other_service", "Choose a practitioner or team manager in the family"),
        ("head", "Choose a practitioner or team manager in the family"),
    ],
)
def test_the_page_refuses_anyone_else_and_changes_nothing(
    client: Any, world: Any, who: str, message: str
) -> None:
    client.force_login(world.manager)
    response = client.post(_edit(world), _post(world, getattr(world, who)))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and message in page.replace("&#x27;", "'")
    assert 'href="#id_allocated_worker"' in page
    world.family.refresh_from_db()
    assert world.family.allocated_worker == world.allocated


def test_a_practitioner_of_another_team_is_refused_with_the_reason(client: Any, world: Any) -> None:
    client.force_login(world.head)
    response = client.post(_edit(world), _post(world, world.other_team))
    page = response.content.decode().replace("&#x27;", "'")
    assert f"{world.other_team.display_name} is not in the family's team" in page
    world.family.refresh_from_db()
    assert world.family.allocated_worker == world.allocated


@pytest.mark.parametrize("who", ["support_same_team", "head", "other_service"])
def test_the_api_refuses_anyone_else_and_changes_nothing(world: Any, who: str) -> None:
    api = APIClient()
    api.force_login(world.manager)
    response = api.patch(
        f"/api/families/{world.family.uuid}/",
        {"allocated_worker": str(getattr(world, who).uuid)},
        format="json",
    )
    assert response.status_code == 400
    assert "allocated_worker" in response.json()
    world.family.refresh_from_db()
    assert world.family.allocated_worker == world.allocated


def test_the_api_allocates_an_asye_practitioner_of_the_team(world: Any) -> None:
    api = APIClient()
    api.force_login(world.manager)
    response = api.patch(
        f"/api/families/{world.family.uuid}/",
        {"allocated_worker": str(world.asye_same_team.uuid)},
        format="json",
    )
    assert response.status_code == 200, response.json()
    world.family.refresh_from_db()
    assert world.family.allocated_worker == world.asye_same_team


@pytest.mark.parametrize(
    ("role", "said"),
    [
        (Staff.Role.BUSINESS_SUPPORT, "cannot hold a family as a business support"),
        (Staff.Role.CONFERENCE_CHAIR, "cannot hold a family as a conference chair"),
    ],
)
def test_the_service_enforces_the_rule_whoever_calls_it(world: Any, role: str, said: str) -> None:
    someone = StaffFactory(role=role, team=world.team_a1, organisation=world.org)
    with pytest.raises(ValidationError) as refused:
        services.family_update(
            actor=world.manager, family=world.family, data={"allocated_worker": someone}
        )
    assert said in refused.value.message_dict["allocated_worker"][0]
    world.family.refresh_from_db()
    assert world.family.allocated_worker == world.allocated
    with pytest.raises(ValidationError):
        services.family_create(
            actor=world.manager,
            case_reference="NEW-1",
            name="Reid",
            team=world.team_a1,
            allocated_worker=someone,
        )
    assert not world.team_a1.families.filter(case_reference="NEW-1").exists()


def test_the_add_family_page_shows_the_same_choice(client: Any, world: Any) -> None:
    client.force_login(world.manager)
    options = _options(client.get(reverse("people:family_create")).content.decode())
    assert str(world.same_team.uuid) in options
    assert str(world.support_same_team.uuid) not in options
    assert options[str(world.manager.uuid)].endswith(", North Safeguarding")
