"""Pages make a fixed number of SQL queries whatever the data size (DESIGN.md budgets).

Each test renders the same page for a small and a larger data set and compares the counts,
so an N+1 query added to a template or a selector fails here long before the benchmark.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from restorative.people.models import Staff
from restorative.people.tests.factories import (
    FamilyFactory,
    FamilyMemberFactory,
    ServiceFactory,
    StaffFactory,
    TeamFactory,
)


def _count(client: Any, url: str, **params: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def _families(team: Any, worker: Any, n: int, members: int = 2) -> list[Any]:
    families = []
    for _ in range(n):
        family = FamilyFactory(team=team, allocated_worker=worker)
        FamilyMemberFactory.create_batch(members, family=family)
        families.append(family)
    return families


@pytest.fixture
def team(db: Any) -> Any:
    return TeamFactory()


@pytest.mark.parametrize("role", [Staff.Role.PRACTITIONER, Staff.Role.DIRECTOR])
def test_family_list_queries_do_not_grow_with_families(client: Any, team: Any, role: str) -> None:
    worker = StaffFactory(team=team, role=Staff.Role.PRACTITIONER)
    viewer = (
        worker
        if role == Staff.Role.PRACTITIONER
        else StaffFactory(role=role, team=None, organisation=team.service.organisation)
    )
    client.force_login(viewer)
    url = reverse("people:family_list")

    _families(team, worker, 3)
    small = _count(client, url)
    # A second team and other workers, so joins to different rows are exercised too.
    other_worker = StaffFactory(team=team, role=Staff.Role.PRACTITIONER)
    _families(team, other_worker, 37, members=4)
    large = _count(client, url)

    assert small == large, f"{small} queries for 3 families, {large} for 40"
    assert large <= 10


def test_family_search_queries_do_not_grow(client: Any, team: Any) -> None:
    worker = StaffFactory(team=team, role=Staff.Role.PRACTITIONER)
    client.force_login(worker)
    url = reverse("people:family_list")
    for family in _families(team, worker, 3):
        family.name = "Okafor"
        family.save()
    small = _count(client, url, q="Okafor")
    for family in _families(team, worker, 37):
        family.name = "Okafor"
        family.save()
    assert _count(client, url, q="Okafor") == small


def test_family_page_queries_do_not_grow_with_members(client: Any, team: Any) -> None:
    worker = StaffFactory(team=team, role=Staff.Role.PRACTITIONER)
    client.force_login(worker)
    one = FamilyFactory(team=team, allocated_worker=worker)
    FamilyMemberFactory(family=one)
    ten = FamilyFactory(team=team, allocated_worker=worker)
    FamilyMemberFactory.create_batch(10, family=ten)

    small = _count(client, reverse("people:family_detail", args=[one.uuid]))
    large = _count(client, reverse("people:family_detail", args=[ten.uuid]))

    assert small == large, f"{small} queries for 1 member, {large} for 10"
    assert large <= 12


def test_family_export_queries_do_not_grow_with_members(client: Any, team: Any) -> None:
    worker = StaffFactory(team=team, role=Staff.Role.PRACTITIONER)
    client.force_login(worker)
    one = FamilyFactory(team=team, allocated_worker=worker)
    FamilyMemberFactory(family=one)
    ten = FamilyFactory(team=team, allocated_worker=worker)
    FamilyMemberFactory.create_batch(10, family=ten)
    small = _count(client, reverse("people:family_export", args=[one.uuid]))
    assert _count(client, reverse("people:family_export", args=[ten.uuid])) == small


def test_staff_directory_queries_do_not_grow(client: Any, team: Any) -> None:
    viewer = StaffFactory(team=team)
    client.force_login(viewer)
    url = reverse("people:staff_list")
    StaffFactory.create_batch(3)
    small = _count(client, url)
    StaffFactory.create_batch(40)
    assert _count(client, url) == small


def test_access_log_queries_do_not_grow(client: Any, world: Any) -> None:
    url = reverse("people:family_access_log", args=[world.family.uuid])
    detail = reverse("people:family_detail", args=[world.family.uuid])
    client.force_login(world.allocated)
    client.get(detail)
    client.force_login(world.quality)
    small = _count(client, url)
    for who in (world.same_team, world.manager, world.head, world.director) * 5:
        client.force_login(who)
        client.get(detail)
    client.force_login(world.quality)
    assert _count(client, url) == small


def test_organisation_and_team_pages_queries_do_not_grow(client: Any, world: Any) -> None:
    client.force_login(world.manager)
    org_url = reverse("people:organisation")
    team_url = reverse("people:team_detail", args=[world.team_a1.uuid])
    service_url = reverse("people:service_detail", args=[world.service_a.uuid])
    org_small, team_small = _count(client, org_url), _count(client, team_url)
    service_small = _count(client, service_url)
    for _ in range(5):
        TeamFactory(service=world.service_a)
    ServiceFactory.create_batch(3, organisation=world.org)
    StaffFactory.create_batch(10, team=world.team_a1, organisation=world.org)
    assert _count(client, org_url) == org_small
    assert _count(client, team_url) == team_small
    assert _count(client, service_url) == service_small
