"""Compliance roll-ups (issue 5, point 4): per team, service, role, course and organisation,
each figure with the names behind it, right at every status boundary with the clock stopped,
and a constant number of SQL queries as the organisation grows."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from restorative.people.models import Staff
from restorative.people.tests.factories import StaffFactory
from restorative.workforce.compliance import Status
from restorative.workforce.models import Completion, Course
from restorative.workforce.selectors import compliance_overview
from restorative.workforce.services import training_settings_get

from .factories import CompletionFactory, CourseFactory, CourseRequirementFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def frozen(monkeypatch: Any) -> datetime.date:
    """Every page's clock stopped on TODAY (views read `timezone.localdate()`)."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


def names_url(**params: str) -> str:
    return f"{reverse('workforce:compliance_people')}?{urlencode(params)}"


def names_on(client: Any, **params: str) -> set[str]:
    """The people listed on a drill-down page (by the email in our test names)."""
    response = client.get(names_url(**params))
    assert response.status_code == 200
    text = response.content.decode()
    return {email for email in EMAILS if email_name(email) in text}


EMAILS: list[str] = []


def email_name(email: str) -> str:
    return f"Person {email.split('@')[0].title()}"


def person(world: Any, key: str, **extra: Any) -> Staff:
    EMAILS.append(f"{key}@b.example")
    return StaffFactory(
        email=f"{key}@b.example",
        first_name="Person",
        last_name=key.title(),
        organisation=world.org,
        team=extra.pop("team", world.team_a2),
        **extra,
    )


@pytest.fixture
def boundaries(world: Any) -> dict[str, Any]:
    """One person on each side of every boundary, in team A2 (South Safeguarding)."""
    EMAILS.clear()
    settings = training_settings_get()
    assert (settings.due_soon_days, settings.induction_due_days) == (60, 28)
    foundation = CourseFactory(title="Foundation", validity_months=12)
    CourseRequirementFactory(course=foundation, group="practitioner")
    induction = CourseFactory(title="Induction", kind=Course.Kind.INDUCTION, validity_months=None)
    CourseRequirementFactory(course=induction, group="practitioner")
    people = {
        "completed": TODAY + 61 * DAY,  # valid until: the day before "due soon" starts
        "duesoonfirst": TODAY + 60 * DAY,  # the first day of "due soon"
        "lastday": TODAY,  # the last valid day: still due soon
        "overdue": TODAY - DAY,  # ran out yesterday
    }
    made = {}
    for key, valid_until in people.items():
        made[key] = person(world, key)
        for course in (foundation, induction):
            CompletionFactory(
                person=made[key],
                course=course,
                completed_on=datetime.date(2025, 1, 1),
                valid_until=valid_until if course == foundation else None,
            )
    # Induction is due 28 days after the start date: not started on that day, overdue after.
    made["inductiondue"] = person(world, "inductiondue", start_date=TODAY - 28 * DAY)
    made["inductionlate"] = person(world, "inductionlate", start_date=TODAY - 29 * DAY)
    made["support"] = person(world, "support", role=Staff.Role.BUSINESS_SUPPORT)
    return {"foundation": foundation, "induction": induction, **made}


def test_every_status_boundary_with_a_frozen_clock(client, world, boundaries, frozen) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.other_team_manager)  # manages team A2
    team = str(world.team_a2.uuid)
    foundation = str(boundaries["foundation"].uuid)
    induction = str(boundaries["induction"].uuid)
    expected = {
        Status.COMPLETED: {"completed@b.example"},
        Status.DUE_SOON: {"duesoonfirst@b.example", "lastday@b.example"},
        Status.OVERDUE: {"overdue@b.example"},
        Status.NOT_STARTED: {"inductiondue@b.example", "inductionlate@b.example"},
        Status.NOT_REQUIRED: {"support@b.example"},
    }
    for status, people in expected.items():
        got = names_on(client, status=status.value, team=team, course=foundation)
        assert got == people, status
    assert names_on(client, status="not_started", team=team, course=induction) == {
        "inductiondue@b.example"
    }
    assert names_on(client, status="overdue", team=team, course=induction) == {
        "inductionlate@b.example"
    }
    # The team page's figures agree (the page's own drill-down, by course and status).
    response = client.get(
        reverse("workforce:team_compliance", args=[world.team_a2.uuid]),
        {"course": foundation, "status": "due_soon"},
    )
    text = response.content.decode()
    assert "Person Duesoonfirst" in text and "Person Lastday" in text
    assert "Person Overdue (" not in text
    # One day later every boundary moves on by one status.
    later = TODAY + DAY
    client.logout()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "localdate", lambda *args, **kwargs: later)
        client.force_login(world.other_team_manager)
        assert names_on(client, status="overdue", team=team, course=foundation) == {
            "overdue@b.example",
            "lastday@b.example",
        }
        assert names_on(client, status="due_soon", team=team, course=foundation) == {
            "completed@b.example",
            "duesoonfirst@b.example",
        }
        assert names_on(client, status="overdue", team=team, course=induction) == {
            "inductiondue@b.example",
            "inductionlate@b.example",
        }


def _figure_rows(overview: Any) -> list[tuple[str, Any]]:
    """Every figure row of the overview with its drill-down filter."""
    rows: list[tuple[str, Any]] = [("", overview.figures)]
    for service in overview.services:
        rows.append((service.query, service.figures))
        rows.extend((team.query, team.figures) for team in service.teams)
        if service.not_in_team:
            rows.append((service.not_in_team_query, service.not_in_team.figures))
    rows.extend((role.query, role.figures) for role in overview.roles)
    rows.extend((course.query, course.figures) for course in overview.courses)
    return rows


@pytest.mark.parametrize("who", ["director", "workforce", "head", "manager"])
def test_every_figure_has_as_many_names_as_it_says(client, world, who, frozen) -> None:  # type: ignore[no-untyped-def]
    foundation = CourseFactory(title="Foundation")
    for group in ("practitioner", "asye", "team_manager", "head_of_service", "director"):
        CourseRequirementFactory(course=foundation, group=group)
    CompletionFactory(person=world.allocated, course=foundation)
    CompletionFactory(
        person=world.head,
        course=foundation,
        completed_on=datetime.date(2023, 1, 1),
        valid_until=TODAY - DAY,
    )
    user = getattr(world, who)
    overview = compliance_overview(user, today=TODAY)
    client.force_login(user)
    checked = 0
    for query, figures in _figure_rows(overview):
        for status, count in figures.counts.items():
            params = dict(p.split("=") for p in query.split("&") if p)
            response = client.get(names_url(status=status.value, **params))
            assert response.status_code == 200
            assert response.context["count"] == count, (query, status)
            checked += 1
    assert checked > 20


def test_rollups_by_service_role_and_organisation(world) -> None:  # type: ignore[no-untyped-def]
    foundation = CourseFactory(title="Foundation")
    for group in ("practitioner", "team_manager", "head_of_service"):
        CourseRequirementFactory(course=foundation, group=group)
    overview = compliance_overview(world.director, today=TODAY)
    assert overview.organisation
    safeguarding = next(s for s in overview.services if s.name == "Safeguarding")
    # The head of service counts in their service, on a row of their own.
    assert safeguarding.not_in_team is not None and safeguarding.not_in_team.people == 1
    assert safeguarding.people == sum(t.people for t in safeguarding.teams) + 1
    roles = {row.role: row for row in overview.roles}
    assert roles["practitioner"].people == 4  # allocated, same_team, other_team, other_service
    assert roles["practitioner"].figures.counts[Status.NOT_STARTED] == 4
    assert roles["head_of_service"].people == 2
    assert roles["director"].figures.counts[Status.NOT_REQUIRED] == 1
    assert "partner" not in roles
    assert overview.people == sum(row.people for row in overview.roles)
    head_view = compliance_overview(world.head, today=TODAY)
    assert not head_view.organisation
    assert [s.name for s in head_view.services] == ["Safeguarding"]


def test_overview_page_links_each_figure_to_its_names(client, world, frozen) -> None:  # type: ignore[no-untyped-def]
    foundation = CourseFactory(title="Foundation")
    CourseRequirementFactory(course=foundation, group="practitioner")
    client.force_login(world.director)
    text = client.get(reverse("workforce:compliance")).content.decode()
    assert "By role" in text and "By course" in text and "Whole organisation" in text
    assert "Not in a team (head of service)" in text
    people = reverse("workforce:compliance_people")
    assert f"{people}?status=not_started&amp;role=practitioner" in text
    assert f"{people}?status=not_started&amp;team={world.team_a1.uuid}" in text
    assert f"{people}?status=not_started&amp;course={foundation.uuid}" in text
    response = client.get(names_url(status="not_started", team=str(world.team_a1.uuid)))
    assert "Not started: North Safeguarding" in response.content.decode()


def test_names_allowed_and_refused(client, world) -> None:  # type: ignore[no-untyped-def]
    foundation = CourseFactory(title="Foundation")
    CourseRequirementFactory(course=foundation, group="practitioner")
    client.force_login(world.manager)
    # Allowed: their own team; a role or service narrows to what they may see anyway.
    response = client.get(names_url(status="not_started", team=str(world.team_a1.uuid)))
    assert response.status_code == 200
    assert world.same_team.display_name in response.content.decode()
    for params in ({"role": "practitioner"}, {"service": str(world.service_a.uuid)}, {}):
        response = client.get(names_url(status="not_started", **params))
        text = response.content.decode()
        assert world.same_team.display_name in text
        assert world.other_team.display_name not in text
        assert world.other_service.display_name not in text
    # Refused: another team, nonsense, unknown things.
    for params in (
        {"status": "not_started", "team": str(world.team_a2.uuid)},
        {"status": "sideways"},
        {},
        {"status": "overdue", "role": "partner"},
        {"status": "overdue", "role": "wizard"},
        {"status": "overdue", "course": "not-a-uuid"},
        {"status": "overdue", "service": str(world.team_a1.uuid)},
    ):
        assert client.get(names_url(**params)).status_code == 404, params
    for who in ("allocated", "quality", "support_same_team", "admin", "partner"):
        client.force_login(getattr(world, who))
        assert client.get(names_url(status="not_started")).status_code == 404, who
        assert client.get(reverse("workforce:compliance")).status_code == 404, who
    client.force_login(world.other_head)
    url = names_url(status="not_started", team=str(world.team_a1.uuid))
    assert client.get(url).status_code == 404


def _organisation_of(size: int, world: Any) -> None:
    teams = [world.team_a1, world.team_a2, world.team_b1]
    roles = [Staff.Role.PRACTITIONER, Staff.Role.ASYE, Staff.Role.TEAM_MANAGER]
    Staff.objects.bulk_create(
        [
            StaffFactory.build(team=teams[i % 3], organisation=world.org, role=roles[i % 3])
            for i in range(size)
        ]
    )
    courses = list(Course.objects.all())
    if not courses:
        courses = [CourseFactory() for _ in range(4)]
        for course in courses:
            for role in roles:
                CourseRequirementFactory(course=course, group=role)
    Completion.objects.bulk_create(
        [
            Completion(
                person=person,
                course=courses[i % len(courses)],
                completed_on=datetime.date(2025, 1, 1),
                valid_until=datetime.date(2025, 1, 1) + 20 * i * DAY,
            )
            for i, person in enumerate(Staff.objects.filter(team__in=teams))
        ]
    )


@pytest.mark.parametrize(
    ("who", "page"),
    [
        ("manager", "team"),
        ("director", "overview"),
        ("head", "overview"),
        ("director", "names"),
        ("manager", "names"),
    ],
)
def test_constant_queries_for_5_and_150_staff(client, world, who, page) -> None:  # type: ignore[no-untyped-def]
    training_settings_get()
    client.force_login(getattr(world, who))
    url = {
        "team": reverse("workforce:team_compliance", args=[world.team_a1.uuid]),
        "overview": reverse("workforce:compliance"),
        "names": names_url(status="overdue", team=str(world.team_a1.uuid)),
    }[page]
    counts = []
    for size in (5, 145):  # 5 more staff, then 150 more
        _organisation_of(size, world)
        cache.clear()  # the overview's tables are kept for two minutes: count them each time
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert Staff.objects.count() >= 150
    assert counts[0] == counts[1], counts
