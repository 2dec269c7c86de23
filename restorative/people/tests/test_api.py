"""The people API, as an integrator sees it: who gets what, the access trail, bad input."""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import re
import uuid
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, resolve
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from restorative.core.models import AccessEvent
from restorative.people.models import Family, FamilyMember
from restorative.people.tests.factories import FamilyFactory, FamilyMemberFactory, StaffFactory

RELATIONSHIPS = [
    "allocated",
    "same_team",
    "asye_same_team",
    "manager",
    "support_same_team",
    "other_team",
    "other_service",
    "head",
    "other_head",
    "director",
    "quality",
    "workforce",
    "admin",
    "partner",
]
VIEW = {
    "allocated",
    "same_team",
    "asye_same_team",
    "manager",
    "support_same_team",
    "head",
    "director",
    "quality",
}
EDIT = {"allocated", "same_team", "asye_same_team", "manager", "head"}
NO_CASE_ROLE = {"workforce", "admin", "partner"}


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def signed_in(api: APIClient, user) -> APIClient:  # type: ignore[no-untyped-def]
    api.force_login(user)
    return api


def family_url(family: Family) -> str:
    return f"/api/families/{family.uuid}/"


def members_url(family: Family) -> str:
    return f"/api/families/{family.uuid}/members/"


def member_url(member: FamilyMember) -> str:
    return f"/api/families/{member.family.uuid}/members/{member.uuid}/"


def listed_uuids(response) -> set[str]:  # type: ignore[no-untyped-def]
    return {row["uuid"] for row in response.json()["results"]}


# The permission matrix --------------------------------------------------------------------


@pytest.mark.parametrize("relationship", RELATIONSHIPS)
def test_family_list_follows_the_view_rule(api, world, relationship):
    response = signed_in(api, getattr(world, relationship)).get("/api/families/")
    if relationship in NO_CASE_ROLE:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert (str(world.family.uuid) in listed_uuids(response)) == (relationship in VIEW)


@pytest.mark.parametrize("relationship", RELATIONSHIPS)
@pytest.mark.parametrize("query", ["okaf", "Amara", "reference"])
def test_family_search_follows_the_view_rule(api, world, relationship, query):
    if query == "reference":
        query = world.family.case_reference
    response = signed_in(api, getattr(world, relationship)).get("/api/families/", {"search": query})
    if relationship in NO_CASE_ROLE:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert (str(world.family.uuid) in listed_uuids(response)) == (relationship in VIEW)


@pytest.mark.parametrize("relationship", RELATIONSHIPS)
def test_family_retrieve_follows_the_view_rule(api, world, relationship):
    response = signed_in(api, getattr(world, relationship)).get(family_url(world.family))
    events = AccessEvent.objects.filter(family_uuid=world.family.uuid)
    if relationship in VIEW:
        assert response.status_code == 200
        body = response.json()
        assert body["case_reference"] == world.family.case_reference
        assert [m["first_name"] for m in body["members"]] == ["Amara"]
        assert body["can_edit"] == (relationship in EDIT)
        assert events.count() == 1
    else:
        assert response.status_code == 404
        assert "Okafor" not in response.content.decode()
        assert events.count() == 0


@pytest.mark.parametrize("relationship", RELATIONSHIPS)
@pytest.mark.parametrize("method", ["patch", "put"])
def test_family_update_follows_the_edit_rule(api, world, relationship, method):
    client = signed_in(api, getattr(world, relationship))
    body = {"name": "Okafor-Mensah", "status": "open"}
    response = getattr(client, method)(family_url(world.family), body, format="json")
    world.family.refresh_from_db()
    if relationship in EDIT:
        assert response.status_code == 200
        assert response.json()["name"] == "Okafor-Mensah"
        assert world.family.name == "Okafor-Mensah"
        assert AccessEvent.objects.filter(action="change", channel="api").count() == 1
    else:
        assert response.status_code == (403 if relationship in VIEW else 404)
        assert world.family.name == "Okafor"
        assert not AccessEvent.objects.filter(action="change").exists()


@pytest.mark.parametrize("relationship", RELATIONSHIPS)
def test_member_retrieve_and_add_follow_the_rules(api, world, relationship):
    client = signed_in(api, getattr(world, relationship))
    member = world.family.members.get()
    response = client.get(member_url(member))
    assert response.status_code == (200 if relationship in VIEW else 404)

    response = client.post(
        members_url(world.family),
        {"kind": "adult", "first_name": "Ngozi", "last_name": "Okafor", "relationship": "mother"},
        format="json",
    )
    if relationship in EDIT:
        assert response.status_code == 201
    else:
        assert response.status_code == (403 if relationship in VIEW else 404)
    assert world.family.members.filter(first_name="Ngozi").exists() == (relationship in EDIT)


# Authentication ---------------------------------------------------------------------------


def every_endpoint(world) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    member = world.family.members.get()
    return [
        ("get", "/api/organisations/"),
        ("get", "/api/services/"),
        ("get", "/api/teams/"),
        ("get", f"/api/teams/{world.team_a1.uuid}/"),
        ("get", "/api/staff/"),
        ("get", "/api/families/"),
        ("post", "/api/families/"),
        ("get", family_url(world.family)),
        ("put", family_url(world.family)),
        ("patch", family_url(world.family)),
        ("get", members_url(world.family)),
        ("post", members_url(world.family)),
        ("get", member_url(member)),
        ("put", member_url(member)),
        ("patch", member_url(member)),
        ("delete", member_url(member)),
        ("post", "/api/language/check"),
        ("get", "/api/practice/question-sets/"),
        ("get", "/api/practice/conversations/"),
        ("post", "/api/practice/conversations/"),
        ("get", f"/api/practice/conversations/{uuid.uuid4()}/"),
        ("post", f"/api/practice/conversations/{uuid.uuid4()}/answers/"),
        ("get", "/api/practice/meetings/"),
        ("post", "/api/practice/meetings/"),
        ("get", f"/api/practice/meetings/{uuid.uuid4()}/"),
        ("post", f"/api/practice/meetings/{uuid.uuid4()}/record/"),
        ("post", f"/api/practice/meetings/{uuid.uuid4()}/arrange/"),
        ("post", f"/api/practice/meetings/{uuid.uuid4()}/cancel/"),
        ("get", f"/api/practice/meetings/{uuid.uuid4()}/participants/"),
        ("get", f"/api/practice/meetings/{uuid.uuid4()}/decisions/"),
        ("post", f"/api/practice/meetings/{uuid.uuid4()}/decisions/"),
        ("post", f"/api/practice/meetings/{uuid.uuid4()}/participants/"),
        ("delete", f"/api/practice/meetings/{uuid.uuid4()}/participants/{uuid.uuid4()}/"),
        ("post", f"/api/practice/meetings/{uuid.uuid4()}/people-harmed/"),
        ("get", "/api/practice/timeliness/"),
        ("get", "/api/practice/plans/"),
        ("post", "/api/practice/plans/"),
        ("get", f"/api/practice/plans/{uuid.uuid4()}/"),
        ("patch", f"/api/practice/plans/{uuid.uuid4()}/"),
        ("post", f"/api/practice/plans/{uuid.uuid4()}/end/"),
        ("get", f"/api/practice/plans/{uuid.uuid4()}/goals/"),
        ("post", f"/api/practice/plans/{uuid.uuid4()}/goals/"),
        ("get", f"/api/practice/goals/{uuid.uuid4()}/"),
        ("patch", f"/api/practice/goals/{uuid.uuid4()}/"),
        ("post", f"/api/practice/plans/{uuid.uuid4()}/actions/"),
        ("get", "/api/practice/actions/"),
        ("get", f"/api/practice/actions/{uuid.uuid4()}/"),
        ("patch", f"/api/practice/actions/{uuid.uuid4()}/"),
        ("get", f"/api/practice/plans/{uuid.uuid4()}/reviews/"),
        ("post", f"/api/practice/plans/{uuid.uuid4()}/reviews/"),
        ("get", f"/api/practice/reviews/{uuid.uuid4()}/"),
        ("post", "/api/case-events/"),
        ("get", "/api/workforce/courses/"),
        ("post", "/api/workforce/courses/"),
        ("get", f"/api/workforce/courses/{uuid.uuid4()}/"),
        ("put", f"/api/workforce/courses/{uuid.uuid4()}/"),
        ("patch", f"/api/workforce/courses/{uuid.uuid4()}/"),
        ("get", "/api/workforce/sessions/"),
        ("post", "/api/workforce/sessions/"),
        ("get", f"/api/workforce/sessions/{uuid.uuid4()}/"),
        ("put", f"/api/workforce/sessions/{uuid.uuid4()}/"),
        ("patch", f"/api/workforce/sessions/{uuid.uuid4()}/"),
        ("get", f"/api/workforce/sessions/{uuid.uuid4()}/bookings/"),
        ("post", f"/api/workforce/sessions/{uuid.uuid4()}/bookings/"),
        ("post", f"/api/workforce/sessions/{uuid.uuid4()}/attendance/"),
        ("get", "/api/workforce/bookings/"),
        ("post", f"/api/workforce/bookings/{uuid.uuid4()}/cancel/"),
        ("get", "/api/workforce/compliance/me/"),
        ("get", f"/api/workforce/compliance/teams/{world.team_a1.uuid}/"),
        ("get", "/api/workforce/supervision/agreements/"),
        ("post", "/api/workforce/supervision/agreements/"),
        ("post", f"/api/workforce/supervision/agreements/{uuid.uuid4()}/end/"),
        ("get", "/api/evaluation/wellbeing/rounds/"),
        ("get", f"/api/evaluation/wellbeing/rounds/{uuid.uuid4()}/results/"),
        ("get", f"/api/workforce/teams/{world.team_a1.uuid}/circles/"),
        ("post", f"/api/workforce/teams/{world.team_a1.uuid}/circles/"),
        ("get", "/api/schema/"),
        ("get", "/api/docs/"),
    ]


def test_anonymous_callers_get_401_everywhere(api, world):
    for method, url in every_endpoint(world):
        response = getattr(api, method)(url, {}, format="json")
        assert response.status_code == 401, (method, url, response.status_code)
        assert "Okafor" not in response.content.decode()
    assert not AccessEvent.objects.exists()


def _api_routes() -> set[str]:
    routes: set[str] = set()

    def collect(patterns, prefix: str) -> None:  # type: ignore[no-untyped-def]
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                collect(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                routes.add(prefix + str(pattern.pattern))

    collect(get_resolver().url_patterns, "")
    return {route for route in routes if route.startswith("api/")}


def test_every_api_route_is_walked_by_the_anonymous_test(world):
    walked = {resolve(url).route for _, url in every_endpoint(world)}
    assert _api_routes() <= walked | set(ROUTES_WALKED_BY_FILLING)


# Routes of the later apps (evaluation, governance, workforce's team circles): walked with
# any well-formed values in their placeholders, which is all an anonymous caller can send.
ROUTES_WALKED_BY_FILLING = [
    route
    for route in sorted(_api_routes())
    if route.startswith(("api/evaluation/", "api/governance/", "api/workforce/circles/"))
    or route.startswith("api/workforce/teams/")
    or route.startswith("api/workforce/supervision/audit-results/")
]


def _filled(route: str) -> str:
    route = re.sub(r"<uuid:\w+>", str(uuid.UUID(int=1)), route)
    route = re.sub(r"<int:\w+>", "1", route)
    return "/" + re.sub(r"<(?:slug|str):\w+>", "x", route)


@pytest.mark.parametrize("route", ROUTES_WALKED_BY_FILLING)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_callers_get_401_on_the_later_apps_routes(api, world, route, method):
    response = getattr(api, method)(_filled(route))
    assert response.status_code == 401, (method, route, response.status_code)


def test_token_from_the_command_signs_in(api, world):
    out = StringIO()
    call_command("create_api_token", "Allocated@test.example", stdout=out, stderr=StringIO())
    key = out.getvalue().strip()
    assert Token.objects.get(user=world.allocated).key == key

    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.get(family_url(world.family))
    assert response.status_code == 200
    event = AccessEvent.objects.get()
    assert (event.actor, event.channel) == (world.allocated, "api")

    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api.get("/api/families/").status_code == 401


def test_token_command_refuses_a_second_token_unless_replacing(world):
    first = StringIO()
    call_command("create_api_token", "manager@test.example", stdout=first, stderr=StringIO())
    with pytest.raises(CommandError, match="already has an API token"):
        call_command("create_api_token", "manager@test.example", stdout=StringIO())
    second = StringIO()
    call_command(
        "create_api_token", "manager@test.example", "--replace", stdout=second, stderr=StringIO()
    )
    assert first.getvalue() != second.getvalue()
    assert Token.objects.filter(user=world.manager).count() == 1


def test_token_command_refuses_unknown_and_deactivated_accounts(world):
    with pytest.raises(CommandError, match="No account"):
        call_command("create_api_token", "nobody@test.example")
    world.same_team.is_active = False
    world.same_team.save()
    with pytest.raises(CommandError, match="deactivated"):
        call_command("create_api_token", "colleague@test.example")
    assert not Token.objects.exists()


def test_token_of_a_deactivated_account_stops_working(api, world):
    token = Token.objects.create(user=world.allocated)
    world.allocated.is_active = False
    world.allocated.save()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get(family_url(world.family)).status_code == 401


# The access trail -------------------------------------------------------------------------


def test_retrieve_writes_exactly_one_api_access_event(api, world):
    response = signed_in(api, world.manager).get(family_url(world.family))
    assert response.status_code == 200
    event = AccessEvent.objects.get()
    assert event.actor == world.manager
    assert event.action == "view"
    assert event.channel == "api"
    assert event.family_uuid == world.family.uuid
    assert event.path == family_url(world.family)
    assert event.reason == "member of the family's team"


def test_member_list_and_retrieve_are_each_written_once(api, world):
    client = signed_in(api, world.allocated)
    member = world.family.members.get()
    assert client.get(members_url(world.family)).status_code == 200
    assert client.get(member_url(member)).status_code == 200
    events = AccessEvent.objects.filter(family_uuid=world.family.uuid, action="view")
    assert events.count() == 2
    assert set(events.values_list("channel", flat=True)) == {"api"}
    assert set(events.values_list("subject_type", "subject_uuid")) == {
        ("family", world.family.uuid),
        ("familymember", member.uuid),
    }


def test_list_writes_no_access_event(api, world):
    assert signed_in(api, world.allocated).get("/api/families/").status_code == 200
    assert not AccessEvent.objects.exists()


@pytest.fixture
def broken_audit(monkeypatch):  # type: ignore[no-untyped-def]
    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("audit database unavailable")

    monkeypatch.setattr(AccessEvent.objects, "create", refuse)


def assert_no_record_data(response, world) -> None:  # type: ignore[no-untyped-def]
    text = response.content.decode()
    assert response.status_code == 503
    for secret in ("Okafor", "Amara", world.family.case_reference, str(world.family.uuid)):
        assert secret not in text
    assert "access log" in response.json()["detail"]


def test_audit_failure_answers_503_with_no_family_data(api, world, broken_audit):
    client = signed_in(api, world.allocated)
    member = world.family.members.get()
    for url in (family_url(world.family), members_url(world.family), member_url(member)):
        assert_no_record_data(client.get(url), world)


def test_audit_failure_on_a_change_changes_nothing(api, world, broken_audit):
    client = signed_in(api, world.allocated)
    response = client.patch(family_url(world.family), {"name": "Changed"}, format="json")
    assert response.status_code == 503
    world.family.refresh_from_db()
    assert world.family.name == "Okafor"
    response = client.post(
        members_url(world.family),
        {"kind": "adult", "first_name": "Ngozi", "last_name": "Okafor", "relationship": "mother"},
        format="json",
    )
    assert response.status_code == 503
    assert world.family.members.count() == 1


# Writes ------------------------------------------------------------------------------------


def test_practitioner_adds_a_family_in_their_team(api, world):
    response = signed_in(api, world.same_team).post(
        "/api/families/",
        {
            "case_reference": " CR-NEW-1 ",
            "name": "Mensah",
            "team": str(world.team_a1.uuid),
            "allocated_worker": str(world.same_team.uuid),
            "opened_on": "2025-05-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    family = Family.objects.get(case_reference="CR-NEW-1")
    assert (family.team, family.allocated_worker) == (world.team_a1, world.same_team)
    assert response.json()["uuid"] == str(family.uuid)
    event = AccessEvent.objects.get(family_uuid=family.uuid)
    assert (event.action, event.channel) == ("create", "api")


@pytest.mark.parametrize(
    ("relationship", "team", "expected"),
    [
        ("same_team", "team_a2", 400),  # not a team they work in
        ("other_service", "team_a1", 400),
        ("director", "team_a1", 403),  # no team to add families to
        ("partner", "team_a1", 403),
    ],
)
def test_family_cannot_be_added_outside_your_teams(api, world, relationship, team, expected):
    response = signed_in(api, getattr(world, relationship)).post(
        "/api/families/",
        {"case_reference": "CR-X", "name": "Mensah", "team": str(getattr(world, team).uuid)},
        format="json",
    )
    assert response.status_code == expected
    if expected == 400:
        assert response.json()["team"] == ["Choose a team you work in, by its UUID"]
    assert not Family.objects.filter(case_reference="CR-X").exists()


def test_member_update_and_delete_by_the_allocated_worker(api, world):
    client = signed_in(api, world.allocated)
    member = world.family.members.get()
    response = client.patch(member_url(member), {"preferred_name": "Ama"}, format="json")
    assert response.status_code == 200
    assert response.json()["display_name"] == "Ama Okafor"
    response = client.put(
        member_url(member),
        {
            "kind": "child",
            "first_name": "Amara",
            "last_name": "Okafor",
            "relationship": "child",
            "date_of_birth": "2016-02-29",
        },
        format="json",
    )
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.date_of_birth == datetime.date(2016, 2, 29)
    assert client.delete(member_url(member)).status_code == 204
    assert not FamilyMember.objects.filter(pk=member.pk).exists()
    assert AccessEvent.objects.filter(channel="api", action="change").count() == 3


@pytest.mark.parametrize("relationship", ["support_same_team", "director"])
def test_read_only_roles_cannot_change_or_remove_members(api, world, relationship):
    client = signed_in(api, getattr(world, relationship))
    member = world.family.members.get()
    assert client.patch(member_url(member), {"first_name": "X"}, format="json").status_code == 403
    assert client.delete(member_url(member)).status_code == 403
    member.refresh_from_db()
    assert member.first_name == "Amara"


def test_member_of_another_family_is_404(api, world):
    other = FamilyMemberFactory(family=FamilyFactory(team=world.team_a1))
    url = f"/api/families/{world.family.uuid}/members/{other.uuid}/"
    client = signed_in(api, world.allocated)
    assert client.get(url).status_code == 404
    assert client.delete(url).status_code == 404
    assert FamilyMember.objects.filter(pk=other.pk).exists()


# Mass assignment ---------------------------------------------------------------------------


def test_extra_fields_are_ignored_for_a_practitioner(api, world):
    original = (world.family.pk, world.family.uuid, world.family.created_at)
    response = signed_in(api, world.allocated).patch(
        family_url(world.family),
        {
            "name": "Okafor",
            "id": 999,
            "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
            "case_reference": "HIJACKED",
            "team": str(world.team_b1.uuid),
            "allocated_worker": None,
            "is_staff": True,
            "created_at": "2000-01-01T00:00:00Z",
        },
        format="json",
    )
    assert response.status_code == 200
    world.family.refresh_from_db()
    assert (world.family.pk, world.family.uuid, world.family.created_at) == original
    assert world.family.case_reference != "HIJACKED"
    assert world.family.team == world.team_a1
    assert world.family.allocated_worker == world.allocated
    world.allocated.refresh_from_db()
    assert not world.allocated.is_staff


def test_manager_reallocates_within_their_team_only(api, world):
    client = signed_in(api, world.manager)
    response = client.patch(
        family_url(world.family), {"allocated_worker": str(world.same_team.uuid)}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["allocated_worker"]["uuid"] == str(world.same_team.uuid)
    response = client.patch(
        family_url(world.family), {"team": str(world.team_a2.uuid)}, format="json"
    )
    assert response.status_code == 400
    world.family.refresh_from_db()
    assert world.family.team == world.team_a1


def test_head_of_service_moves_a_family_between_their_teams(api, world):
    worker = StaffFactory(team=world.team_a2, organisation=world.org)
    response = signed_in(api, world.head).patch(
        family_url(world.family),
        {"team": str(world.team_a2.uuid), "allocated_worker": str(worker.uuid)},
        format="json",
    )
    assert response.status_code == 200, response.json()
    world.family.refresh_from_db()
    assert (world.family.team, world.family.allocated_worker) == (world.team_a2, worker)


def test_worker_must_be_in_the_family_team(api, world):
    response = signed_in(api, world.head).patch(
        family_url(world.family), {"team": str(world.team_a2.uuid)}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "allocated_worker": [
            f"{world.allocated.display_name} is not in the family's team. Choose a "
            "practitioner or team manager in the family's team"
        ]
    }


# Bad input ---------------------------------------------------------------------------------


def post_raw(client: APIClient, url: str, body: str, method: str = "post"):  # type: ignore[no-untyped-def]
    return getattr(client, method)(url, body, content_type="application/json")


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"name": ""}, "name", "Enter the family name"),
        ({"name": ["Okafor"]}, "name", "Not a valid string."),
        ({"status": "lost"}, "status", "Status must be one of: open, closed"),
        ({"opened_on": "2025-13-45"}, "opened_on", "Date opened must be a real date"),
        ({"opened_on": 20250101}, "opened_on", "Date opened must be a real date"),
        ({"closed_on": "2020-01-01"}, "closed_on", "Date closed must be the same as or after"),
        ({"team": "not-a-uuid"}, "team", "Team must be a UUID"),
        ({"team": 7}, "team", "Team must be a UUID written as a string"),
        ({"team": "3fa85f64-5717-4562-b3fc-2c963f66afa6"}, "team", "Choose a team you work in"),
        (
            {"allocated_worker": "3fa85f64-5717-4562-b3fc-2c963f66afa6"},
            "allocated_worker",
            "Choose",
        ),
        ({"name": "x" * 201}, "name", "200 characters or fewer"),
        ({"name": "Oka\u0000for"}, "name", "Null characters are not allowed."),
    ],
)
def test_bad_family_input_gets_a_clear_400_and_changes_nothing(api, world, body, field, message):
    before = Family.objects.values().get(pk=world.family.pk)
    response = signed_in(api, world.manager).patch(family_url(world.family), body, format="json")
    assert response.status_code == 400
    assert message in " ".join(response.json()[field])
    assert Family.objects.values().get(pk=world.family.pk) == before
    assert not AccessEvent.objects.exists()


@pytest.mark.parametrize(
    "raw", ['{"name": "Okafor"', "[1, 2]", '"just a string"', "null", "\x00\x01", "{'a': 1}"]
)
def test_malformed_json_gets_400(api, world, raw):
    client = signed_in(api, world.allocated)
    for method, url in [
        ("patch", family_url(world.family)),
        ("put", family_url(world.family)),
        ("post", "/api/families/"),
        ("post", members_url(world.family)),
    ]:
        response = post_raw(client, url, raw, method)
        assert response.status_code == 400, (method, url, response.status_code)
    world.family.refresh_from_db()
    assert world.family.name == "Okafor"
    assert world.family.members.count() == 1


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({}, "first_name", "Enter the first name"),
        ({"date_of_birth": "2099-01-01"}, "date_of_birth", "must be today or in the past"),
        ({"date_of_birth": "31/02/2019"}, "date_of_birth", "must be a real date"),
        ({"date_of_birth": "2019-02-31"}, "date_of_birth", "must be a real date"),
        ({"kind": "pet"}, "kind", "Kind must be one of: child, adult"),
        ({"relationship": 5}, "relationship", "Relationship must be one of"),
    ],
)
def test_bad_member_input_gets_a_clear_400(api, world, body, field, message):
    good = {"kind": "child", "first_name": "Tobi", "last_name": "Okafor", "relationship": "child"}
    if body:
        good.update(body)
    else:
        del good["first_name"]
    response = signed_in(api, world.allocated).post(members_url(world.family), good, format="json")
    assert response.status_code == 400
    assert message in " ".join(response.json()[field])
    assert world.family.members.count() == 1


def test_future_date_of_birth_refused_on_member_update(api, world):
    member = world.family.members.get()
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    response = signed_in(api, world.allocated).patch(
        member_url(member), {"date_of_birth": tomorrow}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"date_of_birth": ["Date of birth must be today or in the past"]}
    member.refresh_from_db()
    assert member.date_of_birth != datetime.date.today() + datetime.timedelta(days=1)


def test_duplicate_case_reference_refused_whatever_the_case(api, world):
    response = signed_in(api, world.manager).post(
        "/api/families/",
        {
            "case_reference": world.family.case_reference.lower(),
            "name": "Other",
            "team": str(world.team_a1.uuid),
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "case_reference": ["A family with this case reference is already recorded"]
    }
    assert Family.objects.count() == 1


def test_unknown_or_malformed_uuid_in_the_url_is_404(api, world):
    client = signed_in(api, world.director)
    assert client.get("/api/families/3fa85f64-5717-4562-b3fc-2c963f66afa6/").status_code == 404
    assert client.get("/api/families/not-a-uuid/").status_code == 404
    assert client.get("/api/teams/3fa85f64-5717-4562-b3fc-2c963f66afa6/").status_code == 404


def test_bad_list_parameters(api, world):
    client = signed_in(api, world.director)
    response = client.get("/api/families/", {"status": "lost"})
    assert response.status_code == 400
    assert client.get("/api/families/", {"page": "abc"}).status_code == 404
    assert client.get("/api/families/", {"search": "x" * 5000}).status_code == 200
    assert client.get("/api/families/", {"search": "Oka\x00for"}).status_code == 200
    assert client.get("/api/staff/", {"search": "a\x00b", "role": "nonsense"}).status_code == 200
    assert client.get("/api/families/", {"status": "closed"}).json()["count"] == 0


# Structure and staff -----------------------------------------------------------------------

STRUCTURE_URLS = ["/api/organisations/", "/api/services/", "/api/teams/", "/api/staff/"]


@pytest.mark.parametrize("relationship", RELATIONSHIPS)
def test_structure_is_for_our_own_staff(api, world, relationship):
    client = signed_in(api, getattr(world, relationship))
    urls = [*STRUCTURE_URLS, f"/api/teams/{world.team_a1.uuid}/"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == (404 if relationship == "partner" else 200), url


def test_structure_lists_what_exists(api, world):
    client = signed_in(api, world.same_team)
    assert [o["name"] for o in client.get("/api/organisations/").json()] == [world.org.name]
    services = client.get("/api/services/").json()
    assert {s["name"] for s in services} == {"Safeguarding", "Children in Care"}
    teams = client.get("/api/teams/").json()
    assert {t["code"] for t in teams} == {"NS1", "SS1", "CE1"}
    team = client.get(f"/api/teams/{world.team_a1.uuid}/").json()
    assert team["service"] == str(world.service_a.uuid)
    assert str(world.allocated.uuid) in {m["uuid"] for m in team["members"]}


def test_staff_directory_exposes_no_account_secrets(api, world):
    response = signed_in(api, world.manager).get("/api/staff/", {"search": "allocated"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["email"] == "allocated@test.example"
    assert row["team"] == str(world.team_a1.uuid)
    for secret in ("password", "is_superuser", "is_staff", "last_login", "groups", "id"):
        assert secret not in row
    assert "pbkdf2" not in response.content.decode() and "md5$" not in response.content.decode()


def test_staff_directory_filters_by_role(api, world):
    body = signed_in(api, world.manager).get("/api/staff/", {"role": "director"}).json()
    assert [row["email"] for row in body["results"]] == ["director@test.example"]


# Performance -------------------------------------------------------------------------------


def count_list_queries(client: APIClient) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/families/")
    assert response.status_code == 200
    return len(queries)


def test_family_list_makes_the_same_number_of_queries_for_5_and_30(api, world):
    client = signed_in(api, world.manager)
    workers = [world.allocated, world.same_team, world.manager]
    for i in range(4):
        FamilyFactory(team=world.team_a1, allocated_worker=workers[i % 3])
    assert client.get("/api/families/").json()["count"] == 5
    five = count_list_queries(client)
    for i in range(25):
        family = FamilyFactory(team=world.team_a1, allocated_worker=workers[i % 3])
        FamilyMemberFactory(family=family)
    assert client.get("/api/families/").json()["count"] == 30
    thirty = count_list_queries(client)
    print(f"family list: {five} queries for 5 families, {thirty} for 30")  # noqa: T201
    assert five == thirty


# Schema and docs ---------------------------------------------------------------------------


def test_schema_answers_signed_in(api, world):
    response = signed_in(api, world.allocated).get("/api/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "openapi:" in text
    assert "/api/families/{uuid}/" in text


def test_schema_as_json(api, world):
    response = signed_in(api, world.allocated).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    assert "/api/families/{family_uuid}/members/" in json.loads(response.content)["paths"]


def test_docs_render_from_local_assets(api, world):
    client = signed_in(api, world.allocated)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "https://" not in html and "cdn" not in html.lower()
    script = client.get("/api/docs/", {"script": ""})
    assert script.status_code == 200
    assert "/api/schema/" in script.content.decode()


def test_docs_page_style_block_is_allowed_by_its_hash_only(api, world):
    response = signed_in(api, world.allocated).get("/api/docs/")
    html = response.content.decode()
    block = html.split("<style>", 1)[1].split("</style>", 1)[0]
    digest = base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()
    policy = response["Content-Security-Policy"]
    assert f"'sha256-{digest}'" in policy
    assert "unsafe-inline" not in policy


# Cross-site requests -----------------------------------------------------------------------


def test_session_writes_need_the_csrf_token(world):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.allocated)
    response = client.patch(family_url(world.family), {"name": "Forged"}, format="json")
    assert response.status_code == 403
    world.family.refresh_from_db()
    assert world.family.name == "Okafor"


def test_token_writes_need_no_csrf_token(world):
    token = Token.objects.create(user=world.allocated)
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.patch(family_url(world.family), {"name": "Okafor-Mensah"}, format="json")
    assert response.status_code == 200
    world.family.refresh_from_db()
    assert world.family.name == "Okafor-Mensah"
