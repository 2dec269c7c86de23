"""A team's page links to what other apps hold about the team, only for those who may open it."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

MEETINGS = "Meetings and whose views were heard"
COMPLIANCE = "Training compliance"
CIRCLES = "Team circles"


def _team_page(client, user, team) -> str:  # type: ignore[no-untyped-def]
    client.force_login(user)
    response = client.get(reverse("people:team_detail", args=[team.uuid]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("who", ["manager", "head", "director"])
def test_those_who_oversee_the_team_are_linked_to_its_meetings_and_training(client, world, who):
    body = _team_page(client, getattr(world, who), world.team_a1)
    assert MEETINGS in body
    assert reverse("practice:team_meetings", args=[world.team_a1.uuid]) in body
    assert COMPLIANCE in body
    # Every link on the page opens for this person.
    for url in (
        reverse("practice:team_meetings", args=[world.team_a1.uuid]),
        reverse("workforce:team_compliance", args=[world.team_a1.uuid]),
    ):
        assert client.get(url).status_code == 200


def test_a_practitioner_sees_no_link_to_the_team_meetings_picture(client, world):
    body = _team_page(client, world.same_team, world.team_a1)
    assert MEETINGS not in body
    assert COMPLIANCE not in body
    assert CIRCLES in body  # team members see their own team's circles
    meetings = reverse("practice:team_meetings", args=[world.team_a1.uuid])
    assert client.get(meetings).status_code == 404


def test_another_teams_manager_is_not_linked_to_this_team(client, world):
    body = _team_page(client, world.other_team_manager, world.team_a1)
    assert MEETINGS not in body
    assert COMPLIANCE not in body
