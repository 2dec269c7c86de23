"""The register of restorative champions (issue 5, point 12): per team and for everyone in
scope, each champion with their advanced-training status, seen by whoever sees compliance."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from restorative.people.models import Staff
from restorative.people.tests.factories import StaffFactory
from restorative.workforce.compliance import LeadStatus
from restorative.workforce.models import Completion, Course
from restorative.workforce.selectors import champions_register
from restorative.workforce.services import training_settings_get

from .factories import CompletionFactory, CourseFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)


@pytest.fixture
def frozen(monkeypatch: Any) -> datetime.date:
    """The pages' clock stopped on TODAY."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def champions(world: Any) -> dict[str, Staff]:
    """A champion of every status, in three teams and two services."""
    advanced = CourseFactory(
        title="Advanced restorative practice", kind="advanced", level=Course.Level.ADVANCED
    )
    foundation = CourseFactory(title="Restorative foundation")
    people = {
        "current": world.same_team,  # team A1
        "never": world.asye_same_team,  # team A1 (foundation only)
        "expired": world.other_team,  # team A2
        "due_soon": world.other_service,  # team B1
    }
    for person in people.values():
        person.is_restorative_champion = True
        person.save()
    CompletionFactory(
        person=people["current"],
        course=advanced,
        completed_on=datetime.date(2025, 1, 1),
        valid_until=datetime.date(2027, 12, 31),
    )
    CompletionFactory(person=people["never"], course=foundation)
    CompletionFactory(
        person=people["expired"],
        course=advanced,
        completed_on=datetime.date(2023, 1, 1),
        valid_until=TODAY - datetime.timedelta(days=1),
    )
    CompletionFactory(
        person=people["due_soon"],
        course=advanced,
        completed_on=datetime.date(2023, 4, 1),
        valid_until=TODAY,  # the last valid day: due soon, still may lead
    )
    return people


def statuses(user: Any, **kwargs: Any) -> dict[str, LeadStatus]:
    register = champions_register(user, today=TODAY, **kwargs)
    return {
        row.person.email: row.training.status for group in register.teams for row in group.champions
    }


def test_every_status_for_the_director(world, champions) -> None:  # type: ignore[no-untyped-def]
    assert statuses(world.director) == {
        champions["current"].email: LeadStatus.CURRENT,
        champions["never"].email: LeadStatus.NEVER,
        champions["expired"].email: LeadStatus.EXPIRED,
        champions["due_soon"].email: LeadStatus.DUE_SOON,
    }
    register = champions_register(world.workforce, today=TODAY)
    assert register.total == 4
    assert register.teams_without == []
    rows = {r.person.pk: r.training for g in register.teams for r in g.champions}
    assert rows[champions["due_soon"].pk].may_lead
    assert not rows[champions["expired"].pk].may_lead


def test_the_register_follows_the_compliance_scope(world, champions) -> None:  # type: ignore[no-untyped-def]
    assert set(statuses(world.manager)) == {champions["current"].email, champions["never"].email}
    assert set(statuses(world.head)) == {
        champions["current"].email,
        champions["never"].email,
        champions["expired"].email,
    }
    assert set(statuses(world.other_head)) == {champions["due_soon"].email}


def test_team_page_allowed(client, world, champions, frozen) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.manager)
    team_page = reverse("workforce:team_compliance", args=[world.team_a1.uuid])
    url = reverse("workforce:team_champions", args=[world.team_a1.uuid])
    assert url in client.get(team_page).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert champions["current"].display_name in text
    assert "until 31 December 2027" in text
    assert champions["never"].display_name in text and "Never completed" in text
    assert champions["expired"].display_name not in text


def test_organisation_page_allowed(client, world, champions, frozen) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.director)
    url = reverse("workforce:champions")
    assert url in client.get(reverse("workforce:compliance")).content.decode()
    text = client.get(url).content.decode()
    for person in champions.values():
        assert person.display_name in text
    assert "Expired" in text and "was valid until 1 March 2026" in text
    assert "Due soon" in text and "valid until 2 March 2026" in text
    champions["due_soon"].is_restorative_champion = False
    champions["due_soon"].save()
    text = client.get(url).content.decode()
    assert "No champion in: Children in Care East." in text


@pytest.mark.parametrize("who", ["allocated", "quality", "support_same_team", "admin", "partner"])
def test_refused_to_those_who_see_only_their_own_training(client, world, champions, who) -> None:  # type: ignore[no-untyped-def]
    client.force_login(getattr(world, who))
    assert client.get(reverse("workforce:champions")).status_code == 404
    url = reverse("workforce:team_champions", args=[world.team_a1.uuid])
    assert client.get(url).status_code == 404


def test_refused_for_another_team_or_service(client, world, champions) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.other_team_manager)
    assert (
        client.get(reverse("workforce:team_champions", args=[world.team_a1.uuid])).status_code
        == 404
    )
    client.force_login(world.other_head)
    assert (
        client.get(reverse("workforce:team_champions", args=[world.team_a2.uuid])).status_code
        == 404
    )
    client.force_login(world.head)
    assert (
        client.get(reverse("workforce:team_champions", args=[world.team_a2.uuid])).status_code
        == 200
    )


def _champions(size: int, world: Any) -> None:
    people = [
        StaffFactory.build(
            team=world.team_a1,
            organisation=world.org,
            role=Staff.Role.PRACTITIONER,
            is_restorative_champion=True,
        )
        for _ in range(size)
    ]
    Staff.objects.bulk_create(people)
    course = CourseFactory(kind="advanced", level=Course.Level.ADVANCED)
    Completion.objects.bulk_create(
        [
            Completion(
                person=person,
                course=course,
                completed_on=datetime.date(2025, 1, 1),
                valid_until=datetime.date(2025, 1, 1) + datetime.timedelta(days=30 * i),
            )
            for i, person in enumerate(Staff.objects.filter(is_restorative_champion=True))
        ]
    )


@pytest.mark.parametrize("page", ["champions", "team_champions"])
def test_constant_queries(client, world, page: str) -> None:  # type: ignore[no-untyped-def]
    training_settings_get()
    client.force_login(world.manager)
    url = (
        reverse("workforce:champions")
        if page == "champions"
        else reverse("workforce:team_champions", args=[world.team_a1.uuid])
    )
    counts = []
    for size in (5, 145):
        _champions(size, world)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert Staff.objects.filter(is_restorative_champion=True).count() == 150
    assert counts[0] == counts[1], counts
