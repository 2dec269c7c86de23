"""Adding a family member is a once-only submission: the form sent twice (a double click, the
back button) or the API request sent twice, one after the other or both at once, adds the
person once. A token reused for another family adds nobody there and says why."""

from __future__ import annotations

import uuid
from typing import Any
from unittest import mock

from django.urls import reverse
from rest_framework.test import APIClient

from restorative.core import submission
from restorative.people.models import FamilyMember
from restorative.people.tests.factories import FamilyFactory

PERSON = {
    "kind": "child",
    "first_name": "Tobi",
    "last_name": "Okafor",
    "preferred_name": "",
    "relationship": "child",
    "date_of_birth": "01/06/2016",
}
API_PERSON = {
    "kind": "adult",
    "first_name": "Ngozi",
    "last_name": "Okafor",
    "relationship": "mother",
}


def _token_on_the_page(body: str) -> str:
    return body.split('name="submission_token" value="', 1)[1].split('"', 1)[0]


def _first_lookup_misses() -> Any:
    """Make the look-up before saving find nothing once, as when two requests arrive together
    and both pass it before either has saved: the database then decides."""
    real = submission.submission_find
    calls = {"n": 0}

    def find(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        return None if calls["n"] == 1 else real(*args, **kwargs)

    return mock.patch("restorative.people.services.submission_find", side_effect=find)


def test_the_add_form_sent_twice_adds_the_person_once(client: Any, world: Any) -> None:
    client.force_login(world.allocated)
    url = reverse("people:member_add", args=[world.family.uuid])
    token = _token_on_the_page(client.get(url).content.decode())
    first = client.post(url, {**PERSON, "submission_token": token})
    second = client.post(url, {**PERSON, "submission_token": token})
    assert first.status_code == second.status_code == 302
    assert FamilyMember.objects.filter(family=world.family, first_name="Tobi").count() == 1


def test_two_forms_shown_separately_add_two_people(client: Any, world: Any) -> None:
    client.force_login(world.allocated)
    url = reverse("people:member_add", args=[world.family.uuid])
    for _ in range(2):
        token = _token_on_the_page(client.get(url).content.decode())
        client.post(url, {**PERSON, "submission_token": token})
    assert FamilyMember.objects.filter(family=world.family, first_name="Tobi").count() == 2


def test_the_change_form_has_no_token(client: Any, world: Any) -> None:
    client.force_login(world.allocated)
    member = world.family.members.get()
    page = client.get(reverse("people:member_edit", args=[world.family.uuid, member.uuid]))
    assert 'name="submission_token"' not in page.content.decode()


def test_the_api_request_sent_twice_adds_the_person_once(world: Any) -> None:
    api = APIClient()
    api.force_login(world.allocated)
    url = f"/api/families/{world.family.uuid}/members/"
    body = {**API_PERSON, "submission_token": str(uuid.uuid4())}
    first = api.post(url, body, format="json")
    second = api.post(url, body, format="json")
    assert first.status_code == second.status_code == 201
    assert first.json()["uuid"] == second.json()["uuid"]
    assert "submission_token" not in first.json()
    assert FamilyMember.objects.filter(family=world.family, first_name="Ngozi").count() == 1


def test_the_api_request_sent_twice_at_once_adds_the_person_once(world: Any) -> None:
    api = APIClient()
    api.force_login(world.allocated)
    url = f"/api/families/{world.family.uuid}/members/"
    body = {**API_PERSON, "submission_token": str(uuid.uuid4())}
    first = api.post(url, body, format="json")
    with _first_lookup_misses():
        second = api.post(url, body, format="json")
    assert second.status_code == 201
    assert second.json()["uuid"] == first.json()["uuid"]
    assert FamilyMember.objects.filter(family=world.family, first_name="Ngozi").count() == 1


def test_the_form_sent_twice_at_once_adds_the_person_once(client: Any, world: Any) -> None:
    client.force_login(world.allocated)
    url = reverse("people:member_add", args=[world.family.uuid])
    token = _token_on_the_page(client.get(url).content.decode())
    client.post(url, {**PERSON, "submission_token": token})
    with _first_lookup_misses():
        second = client.post(url, {**PERSON, "submission_token": token})
    assert second.status_code == 302
    assert FamilyMember.objects.filter(family=world.family, first_name="Tobi").count() == 1


def test_a_token_reused_for_another_family_adds_nobody_there(world: Any) -> None:
    api = APIClient()
    api.force_login(world.allocated)
    token = str(uuid.uuid4())
    api.post(
        f"/api/families/{world.family.uuid}/members/",
        {**API_PERSON, "submission_token": token},
        format="json",
    )
    neighbour = FamilyFactory(team=world.family.team, allocated_worker=world.allocated)
    response = api.post(
        f"/api/families/{neighbour.uuid}/members/",
        {**API_PERSON, "submission_token": token},
        format="json",
    )
    assert response.status_code == 400
    assert "already been used" in str(response.json())
    assert not neighbour.members.exists()
