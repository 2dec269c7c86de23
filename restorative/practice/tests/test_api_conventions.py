"""What every API route answers alike, walked over every route so a new one cannot forget it:
OPTIONS describes the route and never fails, a path that names nothing answers JSON, and text
with control characters is refused with a message next to the field.

The routes are found from the URL configuration and filled with the ids of real records (a
random UUID would only exercise "not found").
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from restorative.evaluation.models import WellbeingRound
from restorative.practice import plans, services
from restorative.practice.models import Question, QuestionSet, RestorativeConversation
from restorative.workforce import services as workforce_services
from restorative.workforce.tests.factories import BookingFactory, CourseFactory, SessionFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def _api_routes(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _api_routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and route.startswith("api/"):
            yield "/" + route


API_ROUTES = sorted(set(_api_routes(get_resolver().url_patterns)))

# The record a URL segment names: by the converter's name, or by the collection before it.
BY_NAME = {
    "family_uuid": "family",
    "meeting_uuid": "meeting",
    "participant_uuid": "participant",
    "plan_uuid": "plan",
    "round_uuid": "wellbeing_round",
    "session_uuid": "session",
    "team_uuid": "team",
}
BY_COLLECTION = {
    "families": "family",
    "members": "member",
    "teams": "team",
    "conversations": "conversation",
    "meetings": "meeting",
    "plans": "plan",
    "goals": "goal",
    "actions": "action",
    "reviews": "review",
    "courses": "course",
    "sessions": "session",
    "bookings": "booking",
    "agreements": "agreement",
}


@pytest.fixture
def records(world: Any, practice: Any) -> SimpleNamespace:
    question_set = QuestionSet.objects.create(code="conventions", name="Conventions")
    question = Question.objects.create(question_set=question_set, text="What happened?", order=1)
    conversation = services.conversation_create(
        actor=world.allocated,
        family=world.family,
        held_on=TODAY,
        setting=RestorativeConversation.Setting.HOME_VISIT,
        members=[practice.child],
        questions=[question],
    )
    plan = plans.plan_create(
        actor=world.allocated, family=world.family, title="Mornings", started_on=TODAY
    )
    goal = plans.goal_add(actor=world.allocated, plan=plan, goal="On time", whose="Jay")
    action = plans.action_add(
        actor=world.allocated,
        plan=plan,
        what="Phone the school",
        owner=plans.Owner(name="Ms Okafor", agency="Hilltop Primary"),
        due_date=TODAY,
    )
    review = plans.plan_review_record(
        actor=world.allocated,
        plan=plan,
        reviewed_on=TODAY,
        members=[practice.child],
        family_scaling=5,
        professional_scaling=5,
        holding="yes",
        actions={},
    )
    session = SessionFactory(course=CourseFactory(title="Foundations"))
    agreement = workforce_services.supervision_agreement_create(
        actor=world.manager,
        supervisor=world.manager,
        supervisee=world.allocated,
        started_on=TODAY,
    )
    return SimpleNamespace(
        family=world.family,
        member=practice.child,
        team=world.team_a1,
        conversation=conversation,
        meeting=practice.invited,
        participant=practice.invited.participants.first(),
        plan=plan,
        goal=goal,
        action=action,
        review=review,
        course=session.course,
        session=session,
        booking=BookingFactory(session=session, person=world.allocated),
        agreement=agreement,
        wellbeing_round=WellbeingRound.objects.create(
            title="Autumn", opens_on=TODAY, closes_on=TODAY, created_by=world.workforce
        ),
    )


def _filled(route: str, records: SimpleNamespace) -> str:
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        before = route[: match.start()].rstrip("/").rsplit("/", 1)[-1]
        key = BY_NAME.get(name) or BY_COLLECTION.get(before)
        if key is None:
            # A record this walk does not make (another app's): OPTIONS describes the route
            # without reading the record, so any well-formed id will do.
            return str(uuid.UUID(int=1))
        return str(getattr(records, key).uuid)

    # A feedback survey is named by its code (a slug), like "parent-carer".
    route = route.replace("<slug:code>", "parent-carer")
    route = re.sub(r"<int:\w+>", "1", route)
    route = re.sub(r"<slug:\w+>", "x", route)
    return re.sub(r"<uuid:(\w+)>", fill, route)


def test_the_walk_found_the_api_routes() -> None:
    """Guard the walker: with no routes every test below would pass vacuously."""
    assert "/api/families/<uuid:family_uuid>/members/<uuid:uuid>/" in API_ROUTES
    assert "/api/workforce/courses/<uuid:uuid>/" in API_ROUTES
    assert len(API_ROUTES) > 40


@pytest.mark.parametrize("route", API_ROUTES)
def test_options_describes_every_route_without_failing(
    route: str, world: Any, records: SimpleNamespace
) -> None:
    client = APIClient()
    client.force_authenticate(world.allocated)
    response = client.options(_filled(route, records))
    assert response.status_code == 200, (route, response.status_code)
    if response["Content-Type"] == "application/json":  # the schema answers in its own format
        body = response.json()
        assert body["name"] and "actions" not in body


def test_options_needs_a_signed_in_caller(world: Any) -> None:
    response = APIClient().options(f"/api/families/{world.family.uuid}/")
    assert response.status_code == 401


@pytest.mark.parametrize(
    "path",
    [
        "/api/families/not-a-uuid/",
        "/api/families/12345/members/",
        "/api/workforce/sessions/00000000-0000-0000-0000-00000000000z/",
        "/api/practice/meetings/x/participants/y/",
        "/api/no-such-thing/",
    ],
)
def test_a_path_that_names_nothing_answers_json_404(path: str, world: Any) -> None:
    client = APIClient()
    client.force_authenticate(world.allocated)
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_pages_still_answer_the_404_page(world: Any, client: Any) -> None:
    client.force_login(world.allocated)
    response = client.get(f"/families/{uuid.uuid4()}x/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


# Control characters ------------------------------------------------------------------------

SINGLE_LINE = "must not contain control characters (only letters, numbers, punctuation, and spaces"


def _signed_in(world: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.allocated)
    return client


@pytest.mark.parametrize("bad", ["Ama\x1bra", "Ama\nra", "Ama\tra", "Ama\x85ra", "Ama\x7fra"])
def test_a_name_with_control_characters_is_refused(world: Any, bad: str) -> None:
    url = f"/api/families/{world.family.uuid}/members/"
    body = {"kind": "child", "first_name": bad, "last_name": "Okafor", "relationship": "child"}
    response = _signed_in(world).post(url, body, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "first_name": [
            "First name must not contain control characters (only letters, numbers, "
            "punctuation, and spaces: no tabs or line breaks)"
        ]
    }
    assert world.family.members.count() == 1


def test_a_family_name_with_an_escape_is_refused_and_nothing_changes(world: Any) -> None:
    response = _signed_in(world).patch(
        f"/api/families/{world.family.uuid}/", {"name": "Oka\x1b[2Jfor"}, format="json"
    )
    assert response.status_code == 400
    assert SINGLE_LINE in response.json()["name"][0]
    world.family.refresh_from_db()
    assert world.family.name == "Okafor"


def test_free_text_keeps_line_breaks_and_tabs_but_not_other_control_characters(
    world: Any, practice: Any
) -> None:
    client = _signed_in(world)
    url = f"/api/practice/meetings/{practice.invited.uuid}/decisions/"
    kept = client.post(
        url,
        {"decision": "Weekly visits\r\n\tfrom Monday", "family_position": "agreed"},
        format="json",
    )
    assert kept.status_code == 201, kept.json()
    assert kept.json()["decision"] == "Weekly visits\r\n\tfrom Monday"
    refused = client.post(
        url, {"decision": "Weekly\x07 visits", "family_position": "agreed"}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json() == {
        "decision": [
            "The decision must not contain control characters (only letters, numbers, "
            "punctuation, spaces, tabs and line breaks)"
        ]
    }


def test_a_course_title_with_control_characters_is_refused(world: Any) -> None:
    client = APIClient()
    client.force_authenticate(world.workforce)
    body = {
        "title": "Foundations\x08",
        "kind": "foundation",
        "level": "introductory",
        "length_hours": "3",
        "delivery": "in_person",
    }
    response = client.post("/api/workforce/courses/", body, format="json")
    assert response.status_code == 400
    assert SINGLE_LINE in response.json()["title"][0]
