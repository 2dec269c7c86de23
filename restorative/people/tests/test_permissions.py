"""Who may see and change a family, through the pages people use (DESIGN.md privacy rule 2;
security.md items 2 and 3).

One row per relationship to the `world` family (conftest.py), one test per action. Where the
answer is "no", the page says 404, exactly as for a family that does not exist.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from restorative.core.models import AccessEvent
from restorative.people.models import Family, FamilyMember

#                       view/export  edit   access log
MATRIX: dict[str, tuple[bool, bool, bool]] = {
    "allocated": (True, True, False),
    "same_team": (True, True, False),
    "asye_same_team": (True, True, False),
    "manager": (True, True, True),
    "support_same_team": (True, False, False),
    "other_team": (False, False, False),
    "other_team_manager": (False, False, False),
    "other_service": (False, False, False),
    "head": (True, True, False),
    "other_head": (False, False, False),
    "director": (True, False, False),
    "quality": (True, False, True),
    "workforce": (False, False, False),
    "admin": (False, False, False),
    "partner": (False, False, False),
}
RELATIONSHIPS = list(MATRIX)
VIEWERS = [r for r, (view, _, _) in MATRIX.items() if view]
EDITORS = [r for r, (_, edit, _) in MATRIX.items() if edit]
LOG_READERS = [r for r, (_, _, log) in MATRIX.items() if log]


def test_matrix_matches_the_policy() -> None:
    """The expectations themselves, written out as the policy says them."""
    assert set(VIEWERS) == {
        "allocated",
        "same_team",
        "asye_same_team",
        "manager",
        "support_same_team",
        "head",
        "director",
        "quality",
    }
    assert set(EDITORS) == {"allocated", "same_team", "asye_same_team", "manager", "head"}
    assert set(LOG_READERS) == {"quality", "manager"}


def _as(client: Any, world: Any, relationship: str) -> Any:
    user = getattr(world, relationship)
    client.force_login(user)
    return user


def _family_link(world: Any) -> str:
    return reverse("people:family_detail", args=[world.family.uuid])


@pytest.mark.parametrize("relationship", RELATIONSHIPS)
def test_family_list(client: Any, world: Any, relationship: str) -> None:
    _as(client, world, relationship)
    response = client.get(reverse("people:family_list"))
    may_view = MATRIX[relationship][0]
    assert response.status_code in {200, 404}
    if may_view:
        assert response.status_code == 200
    assert (_family_link(world) in response.content.decode()) is may_view
    assert ("Okafor" in response.content.decode()) is may_view


@pytest.mark.parametrize("relationship", RELATIONSHIPS)
@pytest.mark.parametrize("term", ["name", "member", "reference"])
def test_family_search(client: Any, world: Any, relationship: str, term: str) -> None:
    _as(client, world, relationship)
    query = {"name": "Okafor", "member": "Amara", "reference": world.family.case_reference}[term]
    response = client.get(reverse("people:family_list"), {"q": query})
    may_view = MATRIX[relationship][0]
    assert (_family_link(world) in response.content.decode()) is may_view
    if response.status_code == 200:
        expected = "1 family matching" if may_view else "0 families matching"
        assert expected in response.content.decode()


@pytest.mark.parametrize("relationship", RELATIONSHIPS)
def test_family_page(client: Any, world: Any, relationship: str) -> None:
    _as(client, world, relationship)
    response = client.get(_family_link(world))
    if MATRIX[relationship][0]:
        assert response.status_code == 200
        assert "Okafor family" in response.content.decode()
        assert "Amara Okafor" in response.content.decode()
    else:
        assert response.status_code == 404
        assert "Okafor" not in response.content.decode()
        assert "Amara" not in response.content.decode()


@pytest.mark.parametrize("relationship", RELATIONSHIPS)
def test_family_page_offers_changes_only_to_editors(
    client: Any, world: Any, relationship: str
) -> None:
    if not MATRIX[relationship][0]:
        pytest.skip("cannot open the page at all")
    _as(client, world, relationship)
    body = client.get(_family_link(world)).content.decode()
    edit_link = reverse("people:family_edit", args=[world.family.uuid])
    log_link = reverse("people:family_access_log", args=[world.family.uuid])
    assert (edit_link in body) is MATRIX[relationship][1]
    assert (log_link in body) is MATRIX[relationship][2]


@pytest.mark.parametrize("relationship", RELATIONSHIPS)
def test_edit_page(client: Any, world: Any, relationship: str) -> None:
    _as(client, world, relationship)
    response = client.get(reverse("people:family_edit", args=[world.family.uuid]))
    if MATRIX[relationship][1]:
        assert response.status_code == 200
        assert "Change details for the Okafor family" in response.content.decode()
    else:
        assert response.status_code == 404
        assert "Okafor" not in response.content.decode()


def _edit_post(world: Any, **extra: Any) -> dict[str, Any]:
    return {
        "name": "Okafor-Bello",
        "status": "open",
        "opened_on": "01/04/2025",
        "closed_on": "",
        "team": world.team_a1.pk,
        "allocated_worker": str(world.allocated.uuid),
        **extra,
    }


@pytest.mark.parametrize("relationship", RELATIONSHIPS)
def test_edit_post(client: Any, world: Any, relationship: str) -> None:
    _as(client, world, relationship)
    events_before = AccessEvent.objects.count()

    response = client.post(
        reverse("people:family_edit", args=[world.family.uuid]), _edit_post(world)
    )

    world.family.refresh_from_db()
    if MATRIX[relationship][1]:
        assert response.status_code == 302
        assert response["Location"] == _family_link(world)
        assert world.family.name == "Okafor-Bello"
        assert AccessEvent.objects.count() == events_before + 1
    else:
        assert response.status_code == 404
        assert world.family.name == "Okafor"
        assert AccessEvent.objects.count() == events_before


@pytest.mark.parametrize("relationship", RELATIONSHIPS)
def test_member_add_post(client: Any, world: Any, relationship: str) -> None:
    _as(client, world, relationship)
    response = client.post(
        reverse("people:member_add", args=[world.family.uuid]),
        {"kind": "child", "first_name": "Tobi", "last_name": "Okafor", "relationship": "child"},
    )
    added = FamilyMember.objects.filter(first_name="Tobi").exists()
    if MATRIX[relationship][1]:
        assert response.status_code == 302
        assert added
    else:
        assert response.status_code == 404
        assert not added


@pytest.mark.parametrize("relationship", RELATIONSHIPS)
def test_member_edit_post(client: Any, world: Any, relationship: str) -> None:
    _as(client, world, relationship)
    member = world.family.members.get()
    response = client.post(
        reverse("people:member_edit", args=[world.family.uuid, member.uuid]),
        {"kind": "child", "first_name": "Changed", "last_name": "Okafor", "relationship": "child"},
    )
    member.refresh_from_db()
    if MATRIX[relationship][1]:
        assert response.status_code == 302
        assert member.first_name == "Changed"
    else:
        assert response.status_code == 404
        assert member.first_name == "Amara"


@pytest.mark.parametrize("relationship", RELATIONSHIPS)
def test_export(client: Any, world: Any, relationship: str) -> None:
    _as(client, world, relationship)
    response = client.get(reverse("people:family_export", args=[world.family.uuid]))
    if MATRIX[relationship][0]:
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert "attachment" in response["Content-Disposition"]
        assert "Amara" in response.content.decode()
    else:
        assert response.status_code == 404
        assert "Amara" not in response.content.decode()


@pytest.mark.parametrize("relationship", RELATIONSHIPS)
def test_access_log_page(client: Any, world: Any, relationship: str) -> None:
    _as(client, world, relationship)
    response = client.get(reverse("people:family_access_log", args=[world.family.uuid]))
    if MATRIX[relationship][2]:
        assert response.status_code == 200
        assert "Who has viewed or changed this record" in response.content.decode()
    else:
        assert response.status_code == 404
        assert "Okafor" not in response.content.decode()


@pytest.mark.parametrize(
    "name", ["family_detail", "family_edit", "family_export", "family_access_log", "member_add"]
)
def test_missing_family_looks_like_a_refused_one(client: Any, world: Any, name: str) -> None:
    """'No access' and 'does not exist' must be indistinguishable."""
    import re
    import uuid

    def page(response: Any) -> bytes:
        return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)

    client.force_login(world.other_service)
    refused = client.get(reverse(f"people:{name}", args=[world.family.uuid]))
    missing = client.get(reverse(f"people:{name}", args=[uuid.uuid4()]))
    assert refused.status_code == missing.status_code == 404
    assert page(refused) == page(missing)


# Mass assignment (security.md item 3): only managers and heads of service allocate.


@pytest.mark.parametrize("relationship", ["allocated", "same_team", "asye_same_team"])
def test_practitioner_cannot_move_or_reallocate_by_posting_extra_fields(
    client: Any, world: Any, relationship: str
) -> None:
    _as(client, world, relationship)
    response = client.post(
        reverse("people:family_edit", args=[world.family.uuid]),
        _edit_post(
            world,
            team=world.team_b1.pk,
            allocated_worker=str(world.other_service.uuid),
            case_reference="HACKED1",
            status="open",
        ),
    )
    assert response.status_code == 302
    family = Family.objects.get(pk=world.family.pk)
    assert family.name == "Okafor-Bello"  # the fields they may change did change
    assert family.team_id == world.team_a1.pk
    assert family.allocated_worker_id == world.allocated.pk
    assert family.case_reference == world.family.case_reference


def test_practitioner_edit_page_has_no_allocation_fields(client: Any, world: Any) -> None:
    _as(client, world, "allocated")
    body = client.get(reverse("people:family_edit", args=[world.family.uuid])).content.decode()
    assert 'name="team"' not in body
    assert 'name="allocated_worker"' not in body


def test_manager_can_reallocate_within_the_team(client: Any, world: Any) -> None:
    _as(client, world, "manager")
    response = client.post(
        reverse("people:family_edit", args=[world.family.uuid]),
        _edit_post(world, allocated_worker=str(world.same_team.uuid)),
    )
    assert response.status_code == 302
    world.family.refresh_from_db()
    assert world.family.allocated_worker_id == world.same_team.pk


def test_manager_cannot_move_a_family_to_another_service(client: Any, world: Any) -> None:
    _as(client, world, "manager")
    response = client.post(
        reverse("people:family_edit", args=[world.family.uuid]),
        _edit_post(world, team=world.team_b1.pk),
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    world.family.refresh_from_db()
    assert world.family.team_id == world.team_a1.pk
    assert world.family.name == "Okafor"


def test_manager_cannot_allocate_to_someone_outside_the_team(client: Any, world: Any) -> None:
    _as(client, world, "manager")
    response = client.post(
        reverse("people:family_edit", args=[world.family.uuid]),
        _edit_post(world, allocated_worker=str(world.other_service.uuid)),
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    world.family.refresh_from_db()
    assert world.family.allocated_worker_id == world.allocated.pk


def test_head_of_service_can_move_a_family_between_their_teams(client: Any, world: Any) -> None:
    _as(client, world, "head")
    response = client.post(
        reverse("people:family_edit", args=[world.family.uuid]),
        _edit_post(world, team=world.team_a2.pk, allocated_worker=str(world.other_team.uuid)),
    )
    assert response.status_code == 302
    world.family.refresh_from_db()
    assert world.family.team_id == world.team_a2.pk
    assert world.family.allocated_worker_id == world.other_team.pk


def test_head_of_service_cannot_move_a_family_out_of_their_service(client: Any, world: Any) -> None:
    _as(client, world, "head")
    response = client.post(
        reverse("people:family_edit", args=[world.family.uuid]),
        _edit_post(world, team=world.team_b1.pk, allocated_worker=""),
    )
    assert response.status_code == 200
    world.family.refresh_from_db()
    assert world.family.team_id == world.team_a1.pk
