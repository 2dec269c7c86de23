"""Pages people use: bad input gets a clear message and changes nothing, never a 500
(DESIGN.md rule 5); the organisation pages are for our own staff."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.urls import reverse

from restorative.core.models import AccessEvent
from restorative.people.models import Family, FamilyMember

TOMORROW = (datetime.date.today() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")

VALID_FAMILY = {"name": "Okafor", "status": "open", "opened_on": "01/04/2025", "closed_on": ""}


def _snapshot(world: Any) -> tuple[Any, ...]:
    family = Family.objects.get(pk=world.family.pk)
    members = tuple(
        FamilyMember.objects.filter(family=family)
        .order_by("pk")
        .values_list("first_name", "last_name", "date_of_birth", "kind", "relationship")
    )
    return (
        family.name,
        family.status,
        family.opened_on,
        family.closed_on,
        family.team_id,
        family.allocated_worker_id,
        members,
        AccessEvent.objects.exclude(action=AccessEvent.Action.VIEW).count(),
    )


def _assert_error_page(response: Any, *messages: str) -> None:
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "govuk-error-summary" in body
    assert body.count("govuk-error-message") >= 1
    assert "<title>Error: " in body
    for message in messages:
        assert message in body, f"missing message {message!r}"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Enter the family name"),
        ({"name": "   "}, "Enter the family name"),
        ({"opened_on": "31/02/2025"}, "Date opened must be a real date"),
        ({"opened_on": "yesterday"}, "Date opened must be a real date"),
        ({"closed_on": "99/99/9999"}, "Date closed must be a real date"),
        (
            {"status": "closed", "closed_on": "01/03/2025"},
            "Date closed must be the same as or after the date opened",
        ),
        ({"status": "banana"}, "Choose open or closed"),
        ({"status": ""}, "Choose open or closed"),
        ({"name": "x" * 201}, "Family name must be 200 characters or fewer"),
        ({"opened_on": TOMORROW}, "Date opened must be today or in the past"),
    ],
)
def test_family_edit_with_bad_input(
    client: Any, world: Any, changes: dict[str, str], message: str
) -> None:
    client.force_login(world.allocated)
    before = _snapshot(world)
    response = client.post(
        reverse("people:family_edit", args=[world.family.uuid]), {**VALID_FAMILY, **changes}
    )
    _assert_error_page(response, message)
    assert _snapshot(world) == before


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"team": "999999"}, "Choose a team from the list"),
        ({"team": "not-a-number"}, "Choose a team from the list"),
        ({"team": ""}, "Choose the team"),
        ({"allocated_worker": "999999"}, "Choose a practitioner or team manager in the family"),
        (
            {"allocated_worker": "3fa85f64-5717-4562-b3fc-2c963f66afa6"},
            "Choose a practitioner or team manager in the family",
        ),
    ],
)
def test_manager_allocation_with_bad_input(
    client: Any, world: Any, changes: dict[str, str], message: str
) -> None:
    client.force_login(world.manager)
    before = _snapshot(world)
    data = {**VALID_FAMILY, "team": world.team_a1.pk, "allocated_worker": str(world.allocated.uuid)}
    response = client.post(
        reverse("people:family_edit", args=[world.family.uuid]), {**data, **changes}
    )
    _assert_error_page(response, message)
    assert _snapshot(world) == before


VALID_MEMBER = {
    "kind": "child",
    "first_name": "Tobi",
    "last_name": "Okafor",
    "preferred_name": "",
    "relationship": "child",
    "date_of_birth": "01/06/2016",
}

MEMBER_CASES = [
    ({"first_name": ""}, "Enter the first name"),
    ({"last_name": "  "}, "Enter the last name"),
    ({"date_of_birth": "30/02/2016"}, "Date of birth must be a real date"),
    ({"date_of_birth": "not a date"}, "Date of birth must be a real date"),
    ({"date_of_birth": TOMORROW}, "Date of birth must be today or in the past"),
    ({"kind": "robot"}, "Choose child or adult"),
    ({"relationship": "nemesis"}, "Choose the relationship from the list"),
    ({"relationship": ""}, "Choose the relationship from the list"),
    ({"first_name": "x" * 101}, "First name must be 100 characters or fewer"),
]


@pytest.mark.parametrize(("changes", "message"), MEMBER_CASES)
def test_member_add_with_bad_input(
    client: Any, world: Any, changes: dict[str, str], message: str
) -> None:
    client.force_login(world.allocated)
    before = _snapshot(world)
    response = client.post(
        reverse("people:member_add", args=[world.family.uuid]), {**VALID_MEMBER, **changes}
    )
    _assert_error_page(response, message)
    assert _snapshot(world) == before


@pytest.mark.parametrize(("changes", "message"), MEMBER_CASES)
def test_member_edit_with_bad_input(
    client: Any, world: Any, changes: dict[str, str], message: str
) -> None:
    client.force_login(world.allocated)
    member = world.family.members.get()
    before = _snapshot(world)
    response = client.post(
        reverse("people:member_edit", args=[world.family.uuid, member.uuid]),
        {**VALID_MEMBER, **changes},
    )
    _assert_error_page(response, message)
    assert _snapshot(world) == before


def test_error_summary_links_point_at_fields(client: Any, world: Any) -> None:
    client.force_login(world.allocated)
    response = client.post(
        reverse("people:member_add", args=[world.family.uuid]),
        {**VALID_MEMBER, "first_name": "", "date_of_birth": TOMORROW},
    )
    body = response.content.decode()
    assert 'href="#id_first_name"' in body
    assert 'href="#id_date_of_birth_0"' in body  # the day box of the GOV.UK date input
    assert 'id="id_first_name-error"' in body


def test_good_member_add_works(client: Any, world: Any) -> None:
    client.force_login(world.allocated)
    response = client.post(reverse("people:member_add", args=[world.family.uuid]), VALID_MEMBER)
    assert response.status_code == 302
    member = FamilyMember.objects.get(first_name="Tobi")
    assert member.date_of_birth == datetime.date(2016, 6, 1)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"case_reference": ""}, "Enter the case reference"),
        ({"name": ""}, "Enter the family name"),
        ({"team": ""}, "Choose the team"),
    ],
)
def test_family_create_with_bad_input(
    client: Any, world: Any, changes: dict[str, str], message: str
) -> None:
    client.force_login(world.manager)
    families_before = Family.objects.count()
    data = {**VALID_FAMILY, "case_reference": "NEW123", "team": world.team_a1.pk, **changes}
    response = client.post(reverse("people:family_create"), data)
    _assert_error_page(response, message)
    assert Family.objects.count() == families_before


def test_family_create_with_a_duplicate_reference(client: Any, world: Any) -> None:
    client.force_login(world.manager)
    data = {
        **VALID_FAMILY,
        "case_reference": world.family.case_reference.lower(),
        "team": world.team_a1.pk,
    }
    response = client.post(reverse("people:family_create"), data)
    _assert_error_page(response, "A family with this case reference is already recorded")
    assert Family.objects.count() == 1


GARBAGE_QUERIES = [
    {"page": "abc"},
    {"page": "-1"},
    {"page": "0"},
    {"page": "99999999"},
    {"page": "1e400"},
    {"page": "nan"},
    {"page": ""},
    {"q": "x" * 5000},
    {"q": "Okafor\x00"},
    {"q": "%_\\'\"<script>"},
    {"status": "banana"},
    {"role": "emperor"},
    {"page": ["1", "2"]},
]


@pytest.mark.parametrize("params", GARBAGE_QUERIES, ids=lambda p: repr(p)[:40])
@pytest.mark.parametrize("name", ["family_list", "staff_list"])
def test_lists_survive_garbage_queries(client: Any, world: Any, name: str, params: Any) -> None:
    client.force_login(world.manager)
    response = client.get(reverse(f"people:{name}"), params)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def test_long_search_is_cut_not_refused(client: Any, world: Any) -> None:
    client.force_login(world.manager)
    response = client.get(reverse("people:family_list"), {"q": "  Okafor  " + "x" * 5000})
    assert response.status_code == 200
    assert "govuk-error-message" not in response.content.decode()
    response = client.get(reverse("people:family_list"), {"q": "  Okafor   "})
    assert reverse("people:family_detail", args=[world.family.uuid]) in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/families/not-a-uuid/",
        "/families/12345/edit/",
        "/teams/../../etc/passwd/",
        "/families/00000000-0000-0000-0000-00000000000g/export.csv",
    ],
)
def test_malformed_ids_are_not_found(client: Any, world: Any, path: str) -> None:
    client.force_login(world.manager)
    assert client.get(path).status_code == 404


def test_family_list_pages_through_results(client: Any, world: Any) -> None:
    """Pages by keyset (issue 16): next, previous, first and last links, every family once."""
    import re
    from html import unescape

    from restorative.people.tests.factories import FamilyFactory

    FamilyFactory.create_batch(30, team=world.team_a1)
    visible = Family.objects.filter(team__service=world.team_a1.service).count()
    client.force_login(world.manager)
    url = reverse("people:family_list")

    def links(body: str) -> dict[str, str]:
        found = re.findall(
            r'<a class="govuk-link govuk-pagination__link" href="([^"]+)"[^>]*>\s*'
            r"(?:<svg[^>]*>.*?</svg>\s*)?(?:<span[^>]*>)?(\w+)",
            body,
            re.S,
        )
        return {label: unescape(href) for href, label in found}

    def names(body: str) -> list[str]:
        return re.findall(r'href="/families/[0-9a-f-]{36}/">([^<]+)</a>', body)

    first = client.get(url).content.decode()
    assert f"{visible} families you can see" in first
    assert set(links(first)) == {"Last", "Next"}
    second = client.get(url + links(first)["Next"]).content.decode()
    assert set(links(second)) == {"Previous", "First"}
    assert len(names(first)) == 25 and len(names(first) + names(second)) == visible
    back = client.get(url + links(second)["Previous"]).content.decode()
    assert names(back) == names(first)
    # "Last" is the last full page, read from the end.
    last = client.get(url + links(first)["Last"]).content.decode()
    assert names(last) == (names(first) + names(second))[-25:]
    # An old page number or a cursor that was tampered with shows the first page.
    for stale in ({"page": "99"}, {"at": "tampered"}):
        assert names(client.get(url, stale).content.decode()) == names(first)


# The organisation pages: every one of our own staff, no partner agency staff.

STAFF = [
    "allocated",
    "support_same_team",
    "other_service",
    "head",
    "director",
    "quality",
    "workforce",
    "admin",
]


@pytest.mark.parametrize("relationship", STAFF)
def test_organisation_pages_render_for_staff(client: Any, world: Any, relationship: str) -> None:
    client.force_login(getattr(world, relationship))

    organisation = client.get(reverse("people:organisation"))
    assert organisation.status_code == 200
    assert "Safeguarding" in organisation.content.decode()
    assert "Children in Care" in organisation.content.decode()

    service = client.get(reverse("people:service_detail", args=[world.service_a.uuid]))
    assert service.status_code == 200
    assert "North Safeguarding" in service.content.decode()
    assert "South Safeguarding" in service.content.decode()
    assert "Children in Care East" not in service.content.decode()

    team = client.get(reverse("people:team_detail", args=[world.team_a1.uuid]))
    assert team.status_code == 200
    assert "North Safeguarding" in team.content.decode()
    assert world.manager.email in team.content.decode()

    staff = client.get(reverse("people:staff_list"))
    assert staff.status_code == 200
    assert "Staff directory" in staff.content.decode()


def test_team_page_counts_only_families_the_viewer_may_see(client: Any, world: Any) -> None:
    client.force_login(world.other_service)
    body = client.get(reverse("people:team_detail", args=[world.team_a1.uuid])).content.decode()
    assert "0 open families you can see" in body
    client.force_login(world.same_team)
    body = client.get(reverse("people:team_detail", args=[world.team_a1.uuid])).content.decode()
    assert "1 open family you can see" in body


def test_staff_directory_search(client: Any, world: Any) -> None:
    client.force_login(world.allocated)
    response = client.get(reverse("people:staff_list"), {"q": "othermanager@"})
    body = response.content.decode()
    assert world.other_team_manager.display_name in body
    assert world.director.display_name not in body


@pytest.mark.parametrize(
    "page",
    ["organisation", "service_detail", "team_detail", "staff_list", "family_list", "family_create"],
)
def test_partner_cannot_open_organisation_pages(client: Any, world: Any, page: str) -> None:
    client.force_login(world.partner)
    args = {"team_detail": [world.team_a1.uuid], "service_detail": [world.service_a.uuid]}.get(
        page, []
    )
    response = client.get(reverse(f"people:{page}", args=args))
    assert response.status_code == 404
    assert "North Safeguarding" not in response.content.decode()


def test_missing_team_or_service_is_not_found(client: Any, world: Any) -> None:
    client.force_login(world.manager)
    assert client.get(reverse("people:team_detail", args=[uuid.uuid4()])).status_code == 404
    assert client.get(reverse("people:service_detail", args=[uuid.uuid4()])).status_code == 404


@pytest.mark.parametrize("relationship", ["director", "quality", "support_same_team", "partner"])
def test_people_who_cannot_add_families_get_not_found(
    client: Any, world: Any, relationship: str
) -> None:
    client.force_login(getattr(world, relationship))
    response = client.post(
        reverse("people:family_create"),
        {**VALID_FAMILY, "case_reference": "NEW999", "team": world.team_a1.pk},
    )
    assert response.status_code == 404
    assert not Family.objects.filter(case_reference="NEW999").exists()
