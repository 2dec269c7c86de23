"""Team circles (issue 5 point 11): who sees and records them, bad input, double submission."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from restorative.workforce import circles
from restorative.workforce.models import TeamCircle


def _circle(world: Any, team: Any = None, **extra: Any) -> TeamCircle:
    values: dict[str, Any] = {
        "team": team or world.team_a1,
        "purpose": TeamCircle.Purpose.COHESION,
        "held_on": datetime.date(2026, 10, 1),
        "facilitator": world.manager,
        "participant_count": 8,
        "themes": "CIRCLE-THEMES: how we share the duty rota",
        "recorded_by": world.manager,
        "submission_token": uuid.uuid4(),
    }
    values.update(extra)
    return TeamCircle.objects.create(**values)


def _form(world: Any, **changes: str) -> dict[str, str]:
    data = {
        "submission_token": str(uuid.uuid4()),
        "purpose": "conflict",
        "held_on": (timezone.localdate() - datetime.timedelta(days=1)).strftime("%d/%m/%Y"),
        "facilitator": str(world.manager.uuid),
        "participant_count": "7",
        "themes": "Tension about the duty rota",
        "agreed_actions": "Rota drawn up together each month",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("person", "allowed"),
    [
        ("manager", True),
        ("allocated", True),
        ("same_team", True),
        ("asye_same_team", True),
        ("support_same_team", True),
        ("head", True),
        ("director", True),
        ("workforce", True),
        ("other_team", False),
        ("other_team_manager", False),
        ("other_service", False),
        ("other_head", False),
        ("quality", False),
        ("admin", False),
        ("partner", False),
    ],
)
def test_who_sees_a_teams_circles(client: Any, world: Any, person: str, allowed: bool) -> None:
    circle = _circle(world)
    user = getattr(world, person)
    assert circles.can_view_team_circles(user, world.team_a1) is allowed
    assert TeamCircle.objects.filter(circles.team_circles_visible_q(user)).exists() is allowed
    client.force_login(user)
    response = client.get(reverse("workforce:team_circles", args=[world.team_a1.uuid]))
    assert response.status_code == (200 if allowed else 404)
    if allowed:
        assert circle.themes in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("person", "allowed"),
    [
        ("manager", True),
        ("allocated", True),  # a member of the team, for circles they facilitated
        ("head", False),
        ("director", False),
        ("workforce", False),
        ("other_team_manager", False),
        ("quality", False),
        ("admin", False),
        ("partner", False),
    ],
)
def test_who_records_a_circle(client: Any, world: Any, person: str, allowed: bool) -> None:
    user = getattr(world, person)
    assert circles.can_record_team_circle(user, world.team_a1) is allowed
    client.force_login(user)
    url = reverse("workforce:team_circle_create", args=[world.team_a1.uuid])
    assert client.get(url).status_code == (200 if allowed else 404)
    data = _form(world, facilitator=str(user.uuid))
    response = client.post(url, data)
    if allowed:
        assert response.status_code == 302, response.content.decode()
    else:
        assert response.status_code == 404
    assert TeamCircle.objects.exists() is allowed


@pytest.mark.django_db
def test_a_team_member_records_only_circles_they_facilitated(client: Any, world: Any) -> None:
    client.force_login(world.allocated)
    url = reverse("workforce:team_circle_create", args=[world.team_a1.uuid])
    response = client.post(url, _form(world, facilitator=str(world.manager.uuid)))
    assert response.status_code == 200
    assert "ask your team manager to record others" in response.content.decode()
    assert not TeamCircle.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"purpose": ""}, "Choose the purpose of the circle"),
        ({"purpose": "gossip"}, "Choose the purpose of the circle"),
        ({"held_on": ""}, "Enter the date of the circle"),
        ({"held_on": "30/02/2026"}, "Date of the circle must be a real date"),
        ({"held_on": "01/01/2099"}, "Date of the circle must be today or in the past"),
        ({"participant_count": "0"}, "How many took part must be 1 or more"),
        ({"participant_count": "-3"}, "How many took part must be 1 or more"),
        ({"participant_count": "some"}, "How many took part must be a whole number"),
        ({"facilitator": ""}, "Choose who facilitated the circle"),
        ({"facilitator": "PARTNER"}, "Choose a facilitator from the list"),
        ({"themes": "  "}, "Enter the themes of the circle"),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(
    client: Any, world: Any, changes: dict[str, str], message: str
) -> None:
    data = _form(world, **changes)
    if data.get("facilitator") == "PARTNER":
        data["facilitator"] = str(world.partner.uuid)
    client.force_login(world.manager)
    response = client.post(reverse("workforce:team_circle_create", args=[world.team_a1.uuid]), data)
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text and "govuk-error-summary" in text
    assert not TeamCircle.objects.exists()


@pytest.mark.django_db
def test_double_submission_records_one_circle(client: Any, world: Any) -> None:
    client.force_login(world.manager)
    url = reverse("workforce:team_circle_create", args=[world.team_a1.uuid])
    form = client.get(url).content.decode()
    assert "No personal content is needed" in form
    key = form.split('name="submission_token" value="', 1)[1].split('"', 1)[0]
    data = _form(world, submission_token=key)
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    circle = TeamCircle.objects.get()
    assert (circle.purpose, circle.participant_count, circle.recorded_by) == (
        "conflict",
        7,
        world.manager,
    )


@pytest.mark.django_db
def test_the_list_is_paginated_with_a_constant_number_of_queries(client: Any, world: Any) -> None:
    url = reverse("workforce:team_circles", args=[world.team_a1.uuid])
    client.force_login(world.manager)

    def measure(count: int) -> int:
        TeamCircle.objects.all().delete()
        for day in range(count):
            _circle(world, held_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=day))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries)

    small, large = measure(3), measure(45)
    print(f"team circles page queries: {small} for 3 circles, {large} for 45")
    assert small == large
    text = client.get(url).content.decode()
    assert text.count("CIRCLE-THEMES") == circles.PAGE_SIZE
    assert "Page 1 of 3" in text
    last = client.get(url, {"page": "3"}).content.decode()
    assert last.count("CIRCLE-THEMES") == 5
    assert client.get(url, {"page": "nonsense"}).status_code == 200


@pytest.mark.django_db
def test_the_training_page_links_to_circles_and_the_head_chooses_a_team(
    client: Any, world: Any
) -> None:
    _circle(world)
    client.force_login(world.allocated)
    page = client.get(reverse("workforce:catalogue")).content.decode()
    assert reverse("workforce:circles") in page
    response = client.get(reverse("workforce:circles"))
    assert response["Location"] == reverse("workforce:team_circles", args=[world.team_a1.uuid])
    client.force_login(world.head)
    text = client.get(reverse("workforce:circles")).content.decode()
    assert world.team_a1.name in text and world.team_a2.name in text
    assert world.team_b1.name not in text
    for person in ("quality", "admin"):
        client.force_login(getattr(world, person))
        assert (
            reverse("workforce:circles")
            not in client.get(reverse("workforce:catalogue")).content.decode()
        )
        assert client.get(reverse("workforce:circles")).status_code == 404
