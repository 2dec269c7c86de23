"""The organisation-wide figures and drill-down work statuses out from plain rows
(`selectors._statuses_for`) for speed; the team page, exports and "my training" build a full
`Result` per person and course (`selectors._person_results`). These tests hold the two to
the same answer for every person and course, on data made to sit on every boundary: each
role, champions, induction due and overdue, several completions of one course (one that
never expires, a later one, the same expiry twice), completions of courses not required."""

from __future__ import annotations

import datetime
import random
from typing import Any

import pytest

from restorative.people.models import Staff
from restorative.people.tests.factories import StaffFactory
from restorative.workforce import selectors
from restorative.workforce.compliance import Status
from restorative.workforce.models import CHAMPION_GROUP, Completion, Course

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


@pytest.mark.parametrize("who", ["director", "workforce", "head", "manager", "allocated"])
def test_bulk_statuses_match_each_persons_results(world, mixed, who) -> None:  # type: ignore[no-untyped-def]
    user = getattr(world, who)
    staff = selectors._in_scope_staff(user)
    rules, people = selectors._compliance_for(staff, TODAY)
    data = selectors._statuses_for(staff, TODAY)
    assert [row[0] for row in data.rows] == [p.person.pk for p in people]
    expected = [tuple(result.status for _, result in p.results) for p in people]
    assert data.statuses == expected
    if who == "allocated":
        assert len(people) == 1  # only themselves
    else:
        assert {s for statuses in expected for s in statuses} == set(Status)
    by_course, overall = selectors._figures(rules.courses, people)
    bulk_by_course, bulk_overall = selectors._figures_of(data.rules.courses, data.statuses)
    assert bulk_overall.counts == overall.counts
    assert {pk: f.counts for pk, f in bulk_by_course.items()} == {
        pk: f.counts for pk, f in by_course.items()
    }


@pytest.mark.parametrize("status", list(Status))
def test_drill_down_rows_match_each_persons_results(world, mixed, status) -> None:  # type: ignore[no-untyped-def]
    user = world.director
    _, people = selectors._compliance_for(selectors._in_scope_staff(user), TODAY)
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
