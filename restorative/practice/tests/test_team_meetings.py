"""The team's meetings page: who may see it, the lists, the voice figures, a constant cost."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from restorative.people.models import FamilyMember
from restorative.people.tests.factories import FamilyFactory, FamilyMemberFactory
from restorative.practice import selectors, team_selectors
from restorative.practice.models import (
    Action,
    Meeting,
    MeetingParticipant,
    MeetingType,
    Plan,
)

TODAY = datetime.date.today()


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def _meeting(family: Any, author: Any, *, status: str, days: int, **extra: Any) -> Meeting:
    """A meeting `days` from today (negative: in the past)."""
    day = TODAY + datetime.timedelta(days=days)
    values: dict[str, Any] = {
        "family": family,
        "meeting_type": MeetingType.CORE_GROUP,
        "status": status,
        "created_by": author,
    }
    if status in ("held", "cancelled", "scheduled"):
        values["scheduled_at"] = _at(day)
    if status == "held":
        values["held_on"] = day
    values.update(extra)
    return Meeting.objects.create(**values)


def _person(meeting: Meeting, member: Any = None, **extra: Any) -> None:
    values: dict[str, Any] = {"meeting": meeting, "kind": "family_member"}
    if member is not None:
        values["member"] = member
        values["kind"] = "child" if member.kind == FamilyMember.Kind.CHILD else "family_member"
    else:
        values.update(name="Jo Brennan", kind="professional", role="Health visitor")
    values.update(extra)
    MeetingParticipant.objects.create(**values)


HEARD = {"view_given_by": "in_person", "view": "I want things calmer at home."}


@pytest.fixture
def team(world: Any) -> Any:
    """Meetings of the world family's team (North Safeguarding), and one of another team."""
    family = world.family
    child = family.members.get()
    adult = FamilyMemberFactory(family=family, kind=FamilyMember.Kind.ADULT, first_name="Grace")
    # Held a month ago: child heard, mother heard, professional not heard, one not invited.
    first = _meeting(family, world.allocated, status="held", days=-30)
    _person(first, child, **HEARD)
    _person(first, adult, **HEARD)
    _person(first)
    _person(first, name="Uncle Ray", kind="other", invited=False, **HEARD)
    # Held two months ago: no child invited, the mother chose not to give a view.
    second = _meeting(family, world.allocated, status="held", days=-60)
    _person(second, adult, view_given_by="not_given", view_not_given_reason="Not today")
    # Held five months ago: only in the 6-month figures. Child heard.
    older = _meeting(family, world.allocated, status="held", days=-150)
    _person(older, child, view_given_by="advocate", view="I like my school.")
    # Open ones: overdue (due last week, not arranged), due soon, arranged for next month.
    overdue = _meeting(
        family,
        world.allocated,
        status="to_arrange",
        days=0,
        due_date=TODAY - datetime.timedelta(days=7),
    )
    soon = _meeting(
        family,
        world.allocated,
        status="to_arrange",
        days=0,
        due_date=TODAY + datetime.timedelta(days=3),
    )
    later = _meeting(
        family,
        world.allocated,
        status="scheduled",
        days=30,
        due_date=TODAY + datetime.timedelta(days=40),
    )
    _person(later, child)
    # Another team's meeting never counts here.
    elsewhere = FamilyFactory(team=world.team_a2)
    other = _meeting(elsewhere, world.other_team, status="held", days=-10)
    _person(other, FamilyMemberFactory(family=elsewhere), **HEARD)
    # An overdue action in an active plan of the team.
    plan = Plan.objects.create(
        family=family,
        title="Our plan",
        started_on=TODAY - datetime.timedelta(days=90),
        created_by=world.allocated,
    )
    Action.objects.create(
        plan=plan,
        what="Call the school",
        owner_staff=world.allocated,
        due_date=TODAY - datetime.timedelta(days=5),
    )
    return {"overdue": overdue, "soon": soon, "later": later, "first": first, "older": older}


def _url(world: Any, **query: Any) -> str:
    url = reverse("practice:team_meetings", args=[world.team_a1.uuid])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def _get(user: Any, url: str) -> Any:
    client = Client()
    client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize("who", ["manager", "head", "director", "quality"])
def test_those_who_oversee_the_team_see_it(world: Any, team: Any, who: str) -> None:
    response = _get(getattr(world, who), _url(world))
    assert response.status_code == 200
    assert world.team_a1.name in response.content.decode()


@pytest.mark.parametrize(
    "who",
    [
        "allocated",
        "same_team",
        "asye_same_team",
        "support_same_team",
        "other_team",
        "other_team_manager",
        "other_service",
        "other_head",
        "workforce",
        "admin",
        "partner",
    ],
)
def test_everyone_else_gets_404(world: Any, team: Any, who: str) -> None:
    assert _get(getattr(world, who), _url(world)).status_code == 404


def test_unknown_team_is_404_and_anonymous_is_sent_to_sign_in(world: Any) -> None:
    missing = reverse("practice:team_meetings", args=["00000000-0000-4000-8000-000000000000"])
    assert _get(world.manager, missing).status_code == 404
    assert Client().get(_url(world)).status_code == 302


def test_voice_figures_over_the_period(world: Any, team: Any) -> None:
    """Three months: 2 meetings held, 4 invited people (the uninvited uncle does not count),
    2 heard; a child's view recorded in 1 of the 2 meetings, and no child at the other."""
    response = _get(world.manager, _url(world))
    voice = response.context["voice"]
    assert (voice.meetings_held, voice.invited, voice.heard) == (2, 4, 2)
    assert (voice.meetings_with_child, voice.meetings_child_heard) == (1, 1)
    assert voice.heard_percent == 50 and voice.child_heard_percent == 50
    page = response.content.decode()
    assert "50% (2 of 4)" in page and "No child was invited to 1 of them" in page
    six = _get(world.manager, _url(world, months=6)).context["voice"]
    assert (six.meetings_held, six.invited, six.heard, six.meetings_child_heard) == (3, 5, 3, 2)
    assert response.context["overdue_actions"] == 1


def test_team_figures_agree_with_each_meetings_own_figure(world: Any, team: Any) -> None:
    """The database count and the meeting page's rule (voice_completeness) say the same."""
    period = team_selectors.team_period(12)
    voice = team_selectors.team_voice(world.director, world.team_a1, period)
    held = Meeting.objects.filter(family__team=world.team_a1, status="held").prefetch_related(
        "participants"
    )
    each = [selectors.voice_completeness(m) for m in held]
    assert voice.invited == sum(v.invited for v in each)
    assert voice.heard == sum(v.heard for v in each)
    assert voice.meetings_child_heard == sum(1 for v in each if v.child_heard)


def test_the_lists(world: Any, team: Any) -> None:
    response = _get(world.manager, _url(world))
    counts = {name: count for name, _label, count in response.context["lists"]}
    assert counts == {"overdue": 1, "due_soon": 1, "upcoming": 1, "recent": 2}
    assert [m.pk for m in response.context["page"]] == [team["overdue"].pk]
    assert "Overdue</strong>" in response.content.decode()
    recent = _get(world.manager, _url(world, show="recent")).context["page"]
    assert [m.pk for m in recent] == [
        team["first"].pk,
        Meeting.objects.get(
            family=world.family,
            status="held",
            scheduled_at__date=TODAY - datetime.timedelta(days=60),
        ).pk,
    ]
    first = recent[0]
    assert (first.voice.invited, first.voice.heard, first.voice.child_heard) == (3, 2, True)
    upcoming = _get(world.manager, _url(world, show="upcoming")).context["page"]
    assert [m.pk for m in upcoming] == [team["later"].pk]
    assert upcoming[0].voice.child_heard is False and upcoming[0].voice.children_invited == 1


def test_bad_input_falls_back_rather_than_failing(world: Any, team: Any) -> None:
    for query in ({"show": "everything"}, {"months": "x"}, {"months": "99"}, {"page": "abc"}):
        response = _get(world.manager, _url(world, **query))
        assert response.status_code == 200
    assert _get(world.manager, _url(world, months="99")).context["period"].months == 3


def test_pages_of_25_and_constant_queries_as_meetings_grow(world: Any, team: Any) -> None:
    client = Client()
    client.force_login(world.manager)
    url = _url(world, show="recent", months=12)

    def grow(count: int) -> None:
        child = world.family.members.filter(kind="child").first()
        for number in range(count):
            meeting = _meeting(
                world.family, world.allocated, status="held", days=-(number % 200) - 1
            )
            _person(meeting, child, **HEARD)
            _person(meeting)

    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    grow(40)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert len(large) == len(small)
    assert len(response.context["page"]) == 25
    page = response.context["page"]
    assert page.is_first and not page.is_last  # a second page, by keyset
    following = _get(world.manager, url + "&" + urlencode({"at": page.next}))
    assert following.status_code == 200
    rest = list(following.context["page"])
    assert rest and not {m.pk for m in rest} & {m.pk for m in page}


def test_meetings_due_links_the_team_manager_to_the_team_page(world: Any, team: Any) -> None:
    response = _get(world.manager, reverse("practice:meetings_due") + "?scope=team")
    assert _url(world) in response.content.decode()


def test_a_meeting_held_without_a_time_is_listed_by_the_day_it_was_held(
    world: Any, team: Any
) -> None:
    untimed = _meeting(world.family, world.allocated, status="held", days=-5, scheduled_at=None)
    recent = _get(world.manager, _url(world, show="recent")).context["page"]
    assert [m.pk for m in recent][:2] == [untimed.pk, team["first"].pk]
