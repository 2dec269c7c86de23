"""The organisation-wide overview and drill-down work statuses out in the database
(`selectors.compliance_figures.pairs_sql`) for speed; the team page, exports and "my
training" build a full `Result` per person and course in Python
(`selectors.compliance_figures`). These tests hold the
two to the same answer for every person and course, on data made to sit on every boundary:
each role, champions, induction due and overdue, several completions of one course (one that
never expires, a later one, the same expiry twice), completions of courses not required, a
retired course, people in no team. Run them on PostgreSQL too (DATABASE_URL)."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from typing import Any

import pytest
from django.urls import reverse

from restorative.people.models import Staff
from restorative.people.tests.factories import StaffFactory
from restorative.workforce import permissions, selectors
from restorative.workforce.compliance import Status
from restorative.workforce.models import CHAMPION_GROUP, Completion, Course
from restorative.workforce.selectors import compliance_figures

from .factories import CourseFactory, CourseRequirementFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)
DAY = datetime.timedelta(days=1)
ROLES = [role for role, _ in Staff.Role.choices if role != Staff.Role.PARTNER]


@pytest.fixture
def mixed(world: Any) -> list[Course]:
    """Courses with different rules, and 60 people with completions on the boundaries."""
    rng = random.Random(5)
    induction = CourseFactory(title="Induction", kind=Course.Kind.INDUCTION, validity_months=None)
    foundation = CourseFactory(title="Foundation", validity_months=12)
    advanced = CourseFactory(title="Advanced", level=Course.Level.ADVANCED, validity_months=24)
    optional = CourseFactory(title="Optional", validity_months=6)
    retired = CourseFactory(title="Retired", is_active=False)
    for role in ROLES:
        CourseRequirementFactory(course=induction, group=role)
        CourseRequirementFactory(course=foundation, group=role)
    for group in ("team_manager", CHAMPION_GROUP):
        CourseRequirementFactory(course=advanced, group=group)
    CourseRequirementFactory(course=retired, group="practitioner")
    courses = [induction, foundation, advanced, optional, retired]
    teams = [world.team_a1, world.team_a2, world.team_b1, None]
    # valid_until around every boundary (60 days' "due soon" window), and never expiring.
    expiries = [None, TODAY - DAY, TODAY, TODAY + DAY, TODAY + 60 * DAY, TODAY + 61 * DAY]
    completions = []
    for n in range(60):
        role, team = ROLES[n % len(ROLES)], teams[n % len(teams)]
        person = StaffFactory(
            email=f"bulk{n}@b.example",
            organisation=world.org,
            role=role,
            team=team,
            # In no team: placed in a service (as heads of service are); or in none at all.
            service=world.team_a1.service if role == "head_of_service" or n % 8 == 3 else None,
            is_restorative_champion=n % 5 == 0,
            start_date=rng.choice([None, TODAY - 28 * DAY, TODAY - 29 * DAY, TODAY - 400 * DAY]),
        )
        for course in courses:
            for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
                completions.append(
                    Completion(
                        person=person,
                        course=course,
                        completed_on=TODAY - rng.randint(1, 900) * DAY,
                        valid_until=rng.choice(expiries),
                    )
                )
    Completion.objects.bulk_create(completions)
    return courses


def _expected_overview(user: Any) -> dict[str, Any]:
    """The overview's figures worked out from each person's full results (the team page's
    computation), grouped as the overview groups them."""
    scope = permissions.compliance_scope(user)
    rules, people = compliance_figures.compliance_for(
        compliance_figures.in_scope_staff(user), TODAY
    )
    groups: dict[Any, list[Any]] = defaultdict(list)
    for person in people:
        staff = person.person
        groups[("role", staff.role)].append(person)
        if staff.team_id is not None:
            if scope.covers_team(staff.team):
                groups[("team", staff.team_id)].append(person)
        elif staff.service_id is not None:
            groups[("service", staff.service_id)].append(person)
    expected = {
        key: (len(members), compliance_figures.figures_of(rules.courses, members)[1].counts)
        for key, members in groups.items()
    }
    by_course, overall = compliance_figures.figures_of(rules.courses, people)
    expected["all"] = (len(people), overall.counts)
    expected["courses"] = {pk: figures.counts for pk, figures in by_course.items()}
    return expected


@pytest.mark.parametrize("who", ["director", "workforce", "head", "other_head", "manager"])
def test_overview_figures_match_each_persons_results(world, mixed, who) -> None:  # type: ignore[no-untyped-def]
    user = getattr(world, who)
    expected = _expected_overview(user)
    overview = selectors.compliance_overview(user, today=TODAY)
    got: dict[Any, Any] = {"all": (overview.people, overview.figures.counts)}
    got["courses"] = {row.course.pk: row.figures.counts for row in overview.courses}
    got.update({("role", row.role): (row.people, row.figures.counts) for row in overview.roles})
    for service in overview.services:
        for team in service.teams:
            got[("team", team.team.pk)] = (team.people, team.figures.counts)
        if service.not_in_team is not None:
            got[("service", service.service.pk)] = (
                service.not_in_team.people,
                service.not_in_team.figures.counts,
            )
    assert got == expected
    assert all(overview.figures.counts[status] for status in Status)  # every branch is met


@pytest.mark.parametrize("status", list(Status))
def test_drill_down_rows_match_each_persons_results(world, mixed, status) -> None:  # type: ignore[no-untyped-def]
    user = world.director
    _, people = compliance_figures.compliance_for(compliance_figures.in_scope_staff(user), TODAY)
    expected = [
        (p.person.pk, p.person.display_name, p.person.team_id, course.pk, result)
        for p in people
        for course, result in p.results
        if result.status == status
    ]
    assert expected
    rows = selectors.compliance_people(user, selectors.PeopleFilter(status=status), today=TODAY)
    assert len(rows) == len(expected)
    got = [
        (r.person.pk, r.person.display_name, r.person.team_id, r.course.pk, r.result)
        for r in rows[0 : len(rows)]
    ]
    assert got == expected
    # Every page of 25 is the matching slice, with the person's team name to show.
    page = rows[25:50]
    assert [(r.person.pk, r.course.pk) for r in page] == [(e[0], e[3]) for e in expected[25:50]]
    for row in page:
        if row.person.team_id is not None:
            assert row.person.team.name


def test_the_drill_down_shows_25_a_page_and_keeps_its_filter(client, world) -> None:  # type: ignore[no-untyped-def]
    """An organisation-wide figure can be thousands of names: 25 a page, the count is the
    figure's, and the next page keeps the status and filters."""
    foundation = CourseFactory(title="Foundation")
    CourseRequirementFactory(course=foundation, group="practitioner")
    for n in range(30):
        StaffFactory(
            email=f"page{n}@b.example",
            first_name="Paged",
            last_name=f"Person{n:02d}",
            organisation=world.org,
            team=world.team_b1,
        )
    client.force_login(world.director)
    base = reverse("workforce:compliance_people")
    query = f"status=not_started&course={foundation.uuid}&team={world.team_b1.uuid}"
    first = client.get(f"{base}?{query}")
    assert (
        first.context["count"]
        == 30
        + Staff.objects.filter(team=world.team_b1)
        .exclude(email__startswith="page")
        .filter(role="practitioner", is_active=True)
        .count()
    )
    assert len(first.context["page"].object_list) == 25
    text = first.content.decode()
    assert "Page 1 of 2" in text
    assert (
        f"status=not_started&amp;course={foundation.uuid}&amp;team={world.team_b1.uuid}&amp;page=2"
        in text
    )
    second = client.get(f"{base}?{query}&page=2")
    rest = second.context["count"] - 25
    assert len(second.context["page"].object_list) == rest
    shown = [row.person.pk for row in first.context["page"].object_list] + [
        row.person.pk for row in second.context["page"].object_list
    ]
    assert len(set(shown)) == second.context["count"]
