"""Quality assurance searches and exports the access trail across families (issue 14 point 8).

Only quality assurance may; everyone else gets "Page not found". Each event says what was
opened and why, links to the record where the reader may open it, and reading or exporting
the trail is itself written to the trail of each family it showed.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from html import escape
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from restorative.core.audit import access_event_record, trail_links
from restorative.core.models import AccessEvent
from restorative.people import permissions
from restorative.people.tests.factories import FamilyFactory

SEARCH = reverse("people:access_trail")
EXPORT = reverse("people:access_trail_export")
REFUSED = ["manager", "allocated", "director", "head", "admin", "partner", "workforce"]


def _event(world: Any, actor: Any, *, family: Any = None, **extra: Any) -> AccessEvent:
    family = family or world.family
    values: dict[str, Any] = {
        "action": AccessEvent.Action.VIEW,
        "subject_type": "family",
        "subject_uuid": family.uuid,
        "reason": permissions.BASIS_ALLOCATED,
        **extra,
    }
    return access_event_record(actor=actor, family_uuid=family.uuid, **values)


def _csv(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def trail(world: Any) -> Any:
    """The allocated worker opened the Okafor record; a head of service opened the Jones one."""
    jones = FamilyFactory(team=world.team_b1, name="Jones", case_reference="CR9000001")
    _event(world, world.allocated)
    _event(world, world.other_head, family=jones, reason=permissions.BASIS_SERVICE)
    world.jones = jones
    return world


# --- Who may --------------------------------------------------------------------------------


def test_quality_assurance_searches_every_familys_trail(client: Any, trail: Any) -> None:
    client.force_login(trail.quality)
    response = client.get(SEARCH)
    assert response.status_code == 200
    body = response.content.decode()
    assert trail.family.case_reference in body
    assert trail.jones.case_reference in body
    assert "Opened the family record" in body
    assert escape(permissions.BASIS_SERVICE) in body
    assert trail.other_head.email in body


@pytest.mark.parametrize("who", REFUSED)
def test_everyone_else_is_refused_the_search(client: Any, trail: Any, who: str) -> None:
    client.force_login(getattr(trail, who))
    before = AccessEvent.objects.count()
    assert client.get(SEARCH).status_code == 404
    assert AccessEvent.objects.count() == before


def test_quality_assurance_exports_what_the_search_finds(client: Any, trail: Any) -> None:
    client.force_login(trail.quality)
    response = client.get(EXPORT, {"case_reference": trail.jones.case_reference})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="access-trail-' in response["Content-Disposition"]
    header, *rows = _csv(response)
    assert header == [
        "when",
        "who",
        "email",
        "role",
        "case_reference",
        "action",
        "what",
        "why",
        "channel",
    ]
    assert len(rows) == 1
    assert rows[0][2:] == [
        trail.other_head.email,
        "Head of service",
        trail.jones.case_reference,
        "Viewed",
        "Opened the family record",
        permissions.BASIS_SERVICE,
        "web",
    ]


@pytest.mark.parametrize("who", REFUSED)
def test_everyone_else_is_refused_the_export(client: Any, trail: Any, who: str) -> None:
    client.force_login(getattr(trail, who))
    before = AccessEvent.objects.count()
    assert client.get(EXPORT).status_code == 404
    assert AccessEvent.objects.count() == before


def test_the_page_is_in_the_navigation_for_quality_assurance_only(client: Any, world: Any) -> None:
    client.force_login(world.quality)
    assert f'href="{SEARCH}"' in client.get(reverse("people:family_list")).content.decode()
    client.force_login(world.manager)
    assert f'href="{SEARCH}"' not in client.get(reverse("people:family_list")).content.decode()


# --- Reading the trail is recorded ----------------------------------------------------------


def test_a_search_is_written_to_each_family_it_showed(client: Any, trail: Any) -> None:
    client.force_login(trail.quality)
    client.get(SEARCH, {"case_reference": trail.family.case_reference})
    [read] = AccessEvent.objects.filter(subject_type="accesstrail")
    assert read.actor == trail.quality
    assert read.family_uuid == trail.family.uuid
    assert read.action == AccessEvent.Action.VIEW
    assert read.what == "Searched the access trail across families"
    assert read.reason == "quality assurance audit of the access trail"


def test_an_export_is_written_to_each_family_it_held_and_holds_only_what_was_there(
    client: Any, trail: Any
) -> None:
    client.force_login(trail.quality)
    response = client.get(EXPORT)
    reads = AccessEvent.objects.filter(subject_type="accesstrail")
    assert {read.family_uuid for read in reads} == {trail.family.uuid, trail.jones.uuid}
    assert {read.action for read in reads} == {AccessEvent.Action.EXPORT}
    assert {read.what for read in reads} == {"Exported the access trail across families as CSV"}
    _, *rows = _csv(response)
    assert len(rows) == 2


# --- Searching ------------------------------------------------------------------------------


def _shown(response: Any) -> list[str]:
    """The family references in the results table, in order."""
    return re.findall(r'access/">(CR\d+)<span', response.content.decode())


def test_search_by_person_name_or_email(client: Any, trail: Any) -> None:
    trail.other_head.first_name, trail.other_head.last_name = "Morwenna", "Trelawny"
    trail.other_head.save()
    client.force_login(trail.quality)
    assert _shown(client.get(SEARCH, {"person": "morwenna trel"})) == [trail.jones.case_reference]
    assert _shown(client.get(SEARCH, {"person": "allocated@test"})) == [trail.family.case_reference]


def yesterday(today: datetime.date) -> str:
    return (today - datetime.timedelta(days=1)).strftime("%d/%m/%Y")


def test_search_by_action_and_date(client: Any, trail: Any) -> None:
    _event(trail, trail.allocated, action=AccessEvent.Action.EXPORT)
    client.force_login(trail.quality)
    exports = client.get(SEARCH, {"action": "export"}).content.decode()
    assert "Exported the family record as CSV" in exports
    assert "Opened the family record" not in exports
    today = timezone.localdate()
    tomorrow = (today + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    assert _shown(client.get(SEARCH, {"date_from": tomorrow})) == []
    # Every event so far, the searches just made included, happened today.
    everything_today = AccessEvent.objects.count()
    found = _shown(client.get(SEARCH, {"date_from": today.strftime("%d/%m/%Y")}))
    assert len(found) == everything_today
    assert _shown(client.get(SEARCH, {"date_to": yesterday(today)})) == []


def test_pages_follow_the_last_event_seen(client: Any, world: Any) -> None:
    ids = [
        _event(world, world.allocated, subject_type="plan", subject_uuid=world.family.uuid).pk
        for _ in range(55)
    ][::-1]
    client.force_login(world.quality)
    first = client.get(SEARCH)
    assert first.content.decode().count("Opened the plan") == 50
    match = re.search(r'href="\?after=(\d+)" rel="next"', first.content.decode())
    assert match is not None
    assert int(match.group(1)) == ids[49]
    second = client.get(SEARCH, {"after": match.group(1)})
    body = second.content.decode()
    # The five oldest, and not the search just written (it is newer than the cursor).
    assert body.count("Opened the plan") == 5
    assert "Searched the access trail" not in body
    assert 'rel="next"' not in body
    assert "Newest events" in body


# --- Bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [SEARCH, EXPORT])
@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"date_from": "10/03/2026", "date_to": "09/03/2026"},
            "The end date must be the same as or after the start date",
        ),
        ({"date_from": "31/02/2026"}, "Start date must be a real date"),
        ({"date_to": "next week"}, "End date must be a real date"),
        ({"action": "delete"}, "Choose an action from the list"),
    ],
)
def test_bad_input_gets_a_clear_message_and_changes_nothing(
    client: Any, trail: Any, url: str, query: dict[str, str], message: str
) -> None:
    client.force_login(trail.quality)
    before = AccessEvent.objects.count()
    response = client.get(url, query)
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert message in body
    assert trail.family.case_reference not in body
    assert AccessEvent.objects.count() == before


# --- Links only where the reader may follow -------------------------------------------------


def test_links_go_only_to_records_the_reader_may_open(trail: Any) -> None:
    events = list(AccessEvent.objects.order_by("id"))
    okafor, jones = events
    okafor_page = reverse("people:family_detail", args=[trail.family.uuid])
    jones_page = reverse("people:family_detail", args=[trail.jones.uuid])
    assert trail_links(trail.quality, events) == {okafor.pk: okafor_page, jones.pk: jones_page}
    assert trail_links(trail.manager, events) == {okafor.pk: okafor_page}
    assert trail_links(trail.other_team, events) == {}
    assert trail_links(trail.admin, events) == {}


def test_a_member_links_to_their_familys_page(trail: Any) -> None:
    member = trail.family.members.get()
    event = _event(trail, trail.allocated, subject_type="familymember", subject_uuid=member.uuid)
    page = reverse("people:family_detail", args=[trail.family.uuid])
    assert trail_links(trail.quality, [event]) == {event.pk: page}
    assert trail_links(trail.other_team, [event]) == {}


def test_a_record_with_no_page_is_described_without_a_link(client: Any, trail: Any) -> None:
    _event(trail, trail.manager, subject_type="supervisioncasedecision", action="create")
    client.force_login(trail.quality)
    body = client.get(SEARCH, {"person": "manager@"}).content.decode()
    assert (
        '<td class="govuk-table__cell">Created a supervision decision about the family</td>' in body
    )


def test_the_search_page_links_what_was_opened(client: Any, trail: Any) -> None:
    client.force_login(trail.quality)
    body = client.get(SEARCH, {"case_reference": trail.jones.case_reference}).content.decode()
    jones_page = reverse("people:family_detail", args=[trail.jones.uuid])
    assert f'<a class="govuk-link" href="{jones_page}">Opened the family record</a>' in body


# --- The trail's new words are append-only too --------------------------------------------


def test_an_events_words_cannot_be_rewritten(trail: Any) -> None:
    from django.db import DatabaseError, transaction

    event = AccessEvent.objects.earliest("id")
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessEvent.objects.filter(pk=event.pk).update(description="Nothing happened")
    assert AccessEvent.objects.get(pk=event.pk).what == "Opened the family record"


def _queries(client: Any) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(SEARCH).status_code == 200
    return len(captured)


def test_the_search_costs_the_same_number_of_queries_however_many_events(
    client: Any, trail: Any
) -> None:
    # One query per kind of record linked, whatever the number of events of that kind.
    member = trail.family.members.get()
    _event(trail, trail.allocated, subject_type="familymember", subject_uuid=member.uuid)
    client.force_login(trail.quality)
    _queries(client)  # the session and the first reads settle
    few = _queries(client)
    for number in range(12):
        family = FamilyFactory(team=trail.team_a2, case_reference=f"CR80000{number:02d}")
        member = family.members.create(first_name="Sam", last_name="Lee", kind="child")
        _event(trail, trail.other_team_manager, family=family)
        _event(
            trail,
            trail.other_team_manager,
            family=family,
            subject_type="familymember",
            subject_uuid=member.uuid,
        )
    assert _queries(client) == few
