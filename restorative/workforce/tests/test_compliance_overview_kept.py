"""The compliance overview's tables kept for two minutes for everyone who sees the same
people (issue 16): shared by the director and the workforce team, never between scopes, said
when counted, counted again when the day changes or the time is up, and refused as before."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from restorative.workforce.selectors import compliance_overview_key

from .factories import CompletionFactory, CourseFactory, CourseRequirementFactory

TODAY = datetime.date(2026, 6, 1)


def _overview(user: Any) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("workforce:compliance"))
    assert response.status_code == 200
    return response.content.decode()


def _foundation() -> Any:
    course = CourseFactory(title="Foundation")
    CourseRequirementFactory(course=course, group="practitioner")
    return course


def test_the_director_and_the_workforce_team_share_one_overview(world: Any) -> None:
    assert compliance_overview_key(world.director, today=TODAY) == compliance_overview_key(
        world.workforce, today=TODAY
    )


def test_scopes_and_days_never_share(world: Any) -> None:
    keys = {
        compliance_overview_key(user, today=TODAY)
        for user in (world.director, world.head, world.other_head, world.manager)
    }
    assert len(keys) == 4
    assert compliance_overview_key(world.director, today=TODAY) != compliance_overview_key(
        world.director, today=TODAY + datetime.timedelta(days=1)
    )


def test_kept_figures_say_when_counted_until_counted_again(world: Any) -> None:
    foundation = _foundation()
    first = _overview(world.director)
    assert 'id="overview-counted"' in first and "Counted at " in first
    people = reverse("workforce:compliance_people")
    completed = f"{people}?status=completed&amp;course={foundation.uuid}"
    assert completed not in first
    CompletionFactory(person=world.allocated, course=foundation)
    # Kept: the same tables for the workforce team (the names behind them are live).
    assert completed not in _overview(world.workforce)
    cache.clear()  # as when the two minutes are up
    assert completed in _overview(world.workforce)


def test_a_head_of_service_never_sees_tables_kept_for_the_director(world: Any) -> None:
    assert "Children in Care" in _overview(world.director)
    head = _overview(world.head)
    assert "Safeguarding" in head and "Children in Care East" not in head
    assert "Whole organisation" not in head


def test_those_who_see_only_themselves_are_refused(world: Any) -> None:
    _overview(world.director)  # tables kept for the organisation
    client = Client()
    client.force_login(world.allocated)
    assert client.get(reverse("workforce:compliance")).status_code == 404
