"""Leaders' "Meetings due" rolled up by team (issue 13 item 1): who reaches which teams."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from restorative.people.tests.factories import FamilyFactory
from restorative.practice import team_selectors
from restorative.practice.models import Meeting, MeetingType

TODAY = datetime.date.today()


def _due(family: Any, author: Any, *, days: int) -> Meeting:
    """An unarranged core group due `days` from today (negative: overdue)."""
    return Meeting.objects.create(
        family=family,
        meeting_type=MeetingType.CORE_GROUP,
        status=Meeting.Status.TO_ARRANGE,
        due_date=TODAY + datetime.timedelta(days=days),
        created_by=author,
    )


@pytest.fixture
def due(world: Any) -> Any:
    """Service A: team A1 has 2 overdue and 1 due soon, team A2 has 1 overdue.
    Service B: team B1 has 3 overdue."""
    other_a = FamilyFactory(team=world.team_a2, name="Singh")
    in_b = FamilyFactory(team=world.team_b1, name="Novak")
    for days in (-20, -3, 2):
        _due(world.family, world.allocated, days=days)
    _due(other_a, world.other_team, days=-1)
    for _ in range(3):
        _due(in_b, world.other_service, days=-10)
    return world


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_head_of_service_sees_their_services_overdue_by_team(due: Any) -> None:
    rows = {row.team.name: row for row in team_selectors.due_rollup(due.head)}
    assert set(rows) == {"North Safeguarding", "South Safeguarding"}
    assert (rows["North Safeguarding"].overdue, rows["North Safeguarding"].due_soon) == (2, 1)
    assert rows["South Safeguarding"].overdue == 1

    body = _client(due.head).get(reverse("practice:meetings_due")).content.decode()
    assert "Meetings due: your teams" in body
    assert "North Safeguarding" in body and "South Safeguarding" in body
    assert "Children in Care East" not in body
    assert "<strong>3</strong> overdue" in body
    team_url = reverse("practice:team_meetings", args=[due.team_a1.uuid])
    assert f"{team_url}?show=overdue" in body


def test_other_head_sees_only_their_own_service(due: Any) -> None:
    body = _client(due.other_head).get(reverse("practice:meetings_due")).content.decode()
    assert "Children in Care East" in body
    assert "North Safeguarding" not in body
    assert "<strong>3</strong> overdue" in body


def test_director_sees_every_team(due: Any) -> None:
    rows = team_selectors.due_rollup(due.director)
    assert sum(row.overdue for row in rows) == 6
    assert len(rows) == 3


def test_head_can_still_see_their_own_list(due: Any) -> None:
    body = _client(due.head).get(reverse("practice:meetings_due") + "?scope=mine").content
    assert b"Nothing is overdue." in body


def test_team_manager_opens_on_their_team(due: Any) -> None:
    body = _client(due.manager).get(reverse("practice:meetings_due")).content.decode()
    assert "Meetings due: your team" in body
    assert "Overdue (2)" in body
    assert "due-rollup" not in body


def test_practitioner_gets_no_rollup(due: Any) -> None:
    assert team_selectors.due_rollup(due.allocated) == []
    body = _client(due.allocated).get(reverse("practice:meetings_due")).content.decode()
    assert "due-rollup" not in body
