"""The leaders' "Meetings due" from stored counts (issue 16): counted when missing, old or from
another day, shown with the time they were counted, most overdue first 25 a page, and only
the teams the person oversees."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from restorative.people.tests.factories import FamilyFactory, TeamFactory
from restorative.practice import services, team_selectors
from restorative.practice.models import Meeting, MeetingType, TeamDueCount
from restorative.practice.services.due_counts import REFRESH_LOCK
from restorative.practice.tasks import count_meetings_due_task

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
    """Team A1: 2 overdue, 1 due soon; team A2: 1 overdue; team B1 (other service): 3 overdue."""
    cache.delete(REFRESH_LOCK)
    for days in (-20, -3, 2):
        _due(world.family, world.allocated, days=days)
    _due(FamilyFactory(team=world.team_a2), world.other_team, days=-1)
    in_b = FamilyFactory(team=world.team_b1)
    for _ in range(3):
        _due(in_b, world.other_service, days=-10)
    return world


def _page(user: Any, query: str = "") -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("practice:meetings_due") + query)
    assert response.status_code == 200
    return response.content.decode()


def _counts() -> dict[str, tuple[int, int]]:
    return {
        c.team.name: (c.overdue, c.due_soon) for c in TeamDueCount.objects.select_related("team")
    }


def test_refresh_stores_every_team_including_those_with_nothing_due(due: Any) -> None:
    quiet = TeamFactory(service=due.team_a1.service, name="Quiet Team", code="QT1")
    assert services.due_counts_refresh() == 4
    assert _counts() == {
        "North Safeguarding": (2, 1),
        "South Safeguarding": (1, 0),
        "Children in Care East": (3, 0),
        quiet.name: (0, 0),
    }
    # Counting again replaces the rows, never adds to them.
    _due(due.family, due.allocated, days=-5)
    services.due_counts_refresh()
    assert TeamDueCount.objects.count() == 4
    assert _counts()["North Safeguarding"] == (3, 1)


def test_first_visit_counts_then_shows_the_time(due: Any) -> None:
    assert not TeamDueCount.objects.exists()
    body = _page(due.director)
    assert TeamDueCount.objects.count() == 3
    assert "<strong>6</strong> overdue" in body
    assert 'id="rollup-counted"' in body
    counted = timezone.localtime(TeamDueCount.objects.first().counted_at)  # type: ignore[union-attr]
    assert f"Counted at {counted:%H:%M}" in body


def test_recent_counts_are_shown_as_stored_and_old_ones_counted_again(due: Any) -> None:
    services.due_counts_refresh()
    _due(due.family, due.allocated, days=-5)  # a fourth overdue meeting, after the count
    assert "<strong>6</strong> overdue" in _page(due.director)  # shared counts, with their time
    TeamDueCount.objects.update(counted_at=timezone.now() - datetime.timedelta(minutes=11))
    assert "<strong>7</strong> overdue" in _page(due.director)


def test_counts_from_another_day_are_counted_again(due: Any) -> None:
    services.due_counts_refresh(now=timezone.now() - datetime.timedelta(days=1))
    _due(due.family, due.allocated, days=-5)
    summary = team_selectors.due_rollup_summary(due.director)
    assert not summary.complete(timezone.localdate())
    assert services.due_counts_refresh_when_stale(summary)
    assert _counts()["North Safeguarding"] == (3, 1)


def test_a_new_team_without_a_count_has_everything_counted_again(due: Any) -> None:
    services.due_counts_refresh()
    TeamFactory(service=due.team_a1.service, name="New Team", code="NT1")
    assert services.due_counts_refresh_when_stale(team_selectors.due_rollup_summary(due.head))
    assert _counts()["New Team"] == (0, 0)


def test_old_counts_are_left_to_whoever_is_counting_them(due: Any) -> None:
    services.due_counts_refresh(now=timezone.now() - datetime.timedelta(minutes=11))
    summary = team_selectors.due_rollup_summary(due.director)
    assert cache.add(REFRESH_LOCK, True, timeout=60)  # another request is counting
    try:
        assert not services.due_counts_refresh_when_stale(summary)
    finally:
        cache.delete(REFRESH_LOCK)
    assert services.due_counts_refresh_when_stale(summary)
    assert not services.due_counts_refresh_when_stale(
        team_selectors.due_rollup_summary(due.director)
    )


def test_head_of_service_sees_only_their_services_teams(due: Any) -> None:
    services.due_counts_refresh()
    rows = team_selectors.due_rollup_page(due.head).object_list
    assert [(r.team.name, r.overdue, r.due_soon) for r in rows] == [
        ("North Safeguarding", 2, 1),
        ("South Safeguarding", 1, 0),
    ]
    summary = team_selectors.due_rollup_summary(due.head)
    assert (summary.teams, summary.overdue, summary.due_soon) == (2, 3, 1)
    body = _page(due.other_head)
    assert "Children in Care East" in body and "North Safeguarding" not in body
    assert "<strong>3</strong> overdue" in body


def test_practitioner_reaches_no_team_and_manager_only_their_own(due: Any) -> None:
    services.due_counts_refresh()
    assert team_selectors.due_rollup_page(due.allocated).object_list == []
    assert team_selectors.due_rollup_summary(due.allocated).teams == 0
    assert [r.team for r in team_selectors.due_rollup_page(due.manager).object_list] == [
        due.team_a1
    ]
    # Neither is shown the roll-up: the manager opens on the team's own (live) list.
    assert "due-rollup" not in _page(due.allocated)
    manager_page = _page(due.manager)
    assert "due-rollup" not in manager_page and "Overdue (2)" in manager_page


def test_most_overdue_first_twenty_five_a_page(due: Any) -> None:
    service = due.team_a1.service
    for n in range(30):
        TeamFactory(service=service, name=f"Team {n:02d}", code=f"T{n:02d}")
    services.due_counts_refresh()
    first = _page(due.director)
    assert "1 to 25 of 33 teams" in first
    order = [first.index(name) for name in ("Children in Care East", "North Safeguarding")]
    assert order == sorted(order)  # 3 overdue before 2
    assert "Page 1 of 2" in first and "Team 29" not in first
    second = _page(due.director, "?page=2")
    assert "26 to 33 of 33 teams" in second and "Team 29" in second
    assert "Children in Care East" not in second
    # Not a page number: the first page; past the end: the last.
    assert "1 to 25 of 33 teams" in _page(due.director, "?page=nonsense")
    assert "26 to 33 of 33 teams" in _page(due.director, "?page=99")


def test_beat_task_and_command_count(due: Any) -> None:
    assert count_meetings_due_task.apply().get() == 3
    assert _counts()["Children in Care East"] == (3, 0)
    TeamDueCount.objects.all().delete()
    call_command("count_meetings_due", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert TeamDueCount.objects.count() == 3
