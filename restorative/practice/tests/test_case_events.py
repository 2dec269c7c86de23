"""Events from the case management system (issue 10 point 5): through the API, a CSV file and
the command, once only, all or nothing, and only for the organisation's own families."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from restorative.core.models import AccessEvent
from restorative.core.working_days import add_working_days
from restorative.people.models import Staff
from restorative.people.tests.factories import (
    FamilyFactory,
    OrganisationFactory,
    ServiceFactory,
    StaffFactory,
    TeamFactory,
)
from restorative.practice import selectors
from restorative.practice.models import CaseEvent, Meeting

URL = "/api/case-events/"
TODAY = datetime.date.today()
LAST_WEEK = TODAY - datetime.timedelta(days=7)


def integration_account(org: Any, email: str = "mosaic@test.example") -> Staff:
    """An account with no team and no case role, holding only the case-events permission."""
    account = StaffFactory(role=Staff.Role.PRACTITIONER, team=None, organisation=org, email=email)
    account.user_permissions.add(Permission.objects.get(codename="submit_case_events"))
    return Staff.objects.get(pk=account.pk)  # a fresh copy: permissions are cached


@pytest.fixture
def sender(world: Any) -> SimpleNamespace:
    account = integration_account(world.org)
    token = Token.objects.create(user=account)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return SimpleNamespace(account=account, client=client)


def event(world: Any, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "event_id": "MOSAIC-1001",
        "kind": "strategy_discussion",
        "case_reference": world.family.case_reference,
        "occurred_on": LAST_WEEK.isoformat(),
    }
    body.update(changes)
    return body


def family_meetings(world: Any) -> list[Meeting]:
    return list(Meeting.objects.filter(family=world.family).order_by("id"))


def test_a_strategy_discussion_puts_the_initial_conference_on_the_team_due_list(
    world: Any, sender: SimpleNamespace
) -> None:
    response = sender.client.post(URL, event(world), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    due = add_working_days(LAST_WEEK, 15)
    assert body["duplicate"] is False
    assert body["outcome"] == (f"Initial child protection conference due by {due.day} {due:%B %Y}.")
    conference = Meeting.objects.get(family=world.family, meeting_type="initial_conference")
    assert conference.status == Meeting.Status.TO_ARRANGE
    assert conference.due_date == due
    assert body["meetings"] == [str(conference.uuid)]
    lists = selectors.meetings_due(world.manager, scope="team")
    assert conference in lists.overdue + lists.due_soon
    trail = AccessEvent.objects.get(subject_uuid=conference.uuid)
    assert trail.actor_id == sender.account.pk
    assert trail.channel == "api"
    assert trail.reason == "made the meeting due (case system event MOSAIC-1001)"


def test_the_same_event_twice_changes_nothing_the_second_time(
    world: Any, sender: SimpleNamespace
) -> None:
    first = sender.client.post(URL, event(world), format="json")
    meetings, trail = family_meetings(world), AccessEvent.objects.count()
    again = sender.client.post(URL, event(world), format="json")
    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    assert again.json()["uuid"] == first.json()["uuid"]
    assert family_meetings(world) == meetings
    assert AccessEvent.objects.count() == trail
    assert CaseEvent.objects.count() == 1
    # The same id with other details is refused, not applied.
    other = sender.client.post(URL, event(world, occurred_on=TODAY.isoformat()), format="json")
    assert other.status_code == 400
    assert other.json()["event_id"] == ["This event id was already received with other details"]


def test_a_family_of_another_organisation_answers_404(world: Any, sender: SimpleNamespace) -> None:
    elsewhere = FamilyFactory(
        team=TeamFactory(
            service=ServiceFactory(organisation=OrganisationFactory(name="Other Council")),
            code="ZZ9",
        ),
        case_reference="OTHER-77",
    )
    for reference in (elsewhere.case_reference, "NO-SUCH-REF"):
        response = sender.client.post(URL, event(world, case_reference=reference), format="json")
        assert response.status_code == 404
        assert response.json() == {
            "detail": "No family with this case reference is held by your organisation"
        }
    assert not Meeting.objects.filter(family=elsewhere).exists()
    assert CaseEvent.objects.count() == 0


def test_a_date_in_the_future_is_refused_and_changes_nothing(
    world: Any, sender: SimpleNamespace
) -> None:
    tomorrow = TODAY + datetime.timedelta(days=1)
    response = sender.client.post(
        URL, event(world, occurred_on=tomorrow.isoformat()), format="json"
    )
    assert response.status_code == 400
    assert response.json()["occurred_on"] == ["The date of the event must be today or in the past"]
    assert family_meetings(world) == []
    assert CaseEvent.objects.count() == 0


def test_only_an_account_with_the_permission_may_send(world: Any) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=world.allocated).key}")
    response = client.post(URL, event(world), format="json")
    assert response.status_code == 403
    assert family_meetings(world) == []


def test_the_integration_token_reads_nothing_else(world: Any, sender: SimpleNamespace) -> None:
    assert sender.client.get("/api/families/").json()["results"] == []
    assert sender.client.get(f"/api/families/{world.family.uuid}/").status_code == 404
    assert sender.client.get("/api/practice/meetings/").json()["results"] == []
    sender.client.post(URL, event(world), format="json")
    conference = Meeting.objects.get(family=world.family)
    assert sender.client.get(f"/api/practice/meetings/{conference.uuid}/").status_code == 404


def test_section_47_moves_the_initial_conference_to_that_discussion(
    world: Any, sender: SimpleNamespace
) -> None:
    earlier = LAST_WEEK - datetime.timedelta(days=7)
    sender.client.post(URL, event(world), format="json")
    response = sender.client.post(
        URL,
        event(world, event_id="MOSAIC-1002", kind="section_47", occurred_on=earlier.isoformat()),
        format="json",
    )
    assert response.status_code == 201
    conference = Meeting.objects.get(family=world.family)
    assert conference.trigger_date == earlier
    assert conference.due_date == add_working_days(earlier, 15)


def test_outcomes_and_plan_end_drive_the_chain(world: Any, sender: SimpleNamespace) -> None:
    sender.client.post(URL, event(world), format="json")
    no_plan = sender.client.post(
        URL,
        event(
            world,
            event_id="MOSAIC-1003",
            kind="conference_outcome",
            conference="initial_conference",
            conference_outcome="plan_made",
            occurred_on=TODAY.isoformat(),
        ),
        format="json",
    )
    assert no_plan.status_code == 400
    assert no_plan.json()["plan_category"] == ["Choose the category of the child protection plan"]
    made = sender.client.post(
        URL,
        event(
            world,
            event_id="MOSAIC-1003",
            kind="conference_outcome",
            conference="initial_conference",
            conference_outcome="plan_made",
            plan_category="emotional_abuse",
            occurred_on=TODAY.isoformat(),
        ),
        format="json",
    )
    assert made.status_code == 201, made.json()
    conference = Meeting.objects.get(family=world.family, meeting_type="initial_conference")
    assert conference.status == Meeting.Status.HELD
    assert conference.plan_category == "emotional_abuse"
    assert {m.meeting_type for m in conference.follow_ons.all()} == {
        "core_group",
        "review_conference",
    }
    ended = sender.client.post(
        URL,
        event(world, event_id="MOSAIC-1004", kind="plan_ended", occurred_on=TODAY.isoformat()),
        format="json",
    )
    assert ended.status_code == 201
    assert ended.json()["outcome"] == "2 meetings not yet held cancelled."
    assert not Meeting.objects.filter(
        family=world.family, status__in=Meeting.OPEN_STATUSES
    ).exists()
    reasons = set(
        Meeting.objects.filter(family=world.family, status="cancelled").values_list(
            "cancelled_reason", flat=True
        )
    )
    assert reasons == {
        f"The child protection plan ended on {TODAY.day} {TODAY:%B %Y} (recorded in the case "
        "management system)"
    }


def test_a_referral_order_makes_the_first_and_final_panels_due(
    world: Any, sender: SimpleNamespace
) -> None:
    ends = TODAY + datetime.timedelta(days=180)
    response = sender.client.post(
        URL,
        event(
            world,
            kind="youth_justice_order",
            order_ends_on=ends.isoformat(),
        ),
        format="json",
    )
    assert response.status_code == 201, response.json()
    due = sorted(Meeting.objects.filter(family=world.family).values_list("due_date", flat=True))
    assert due == [add_working_days(LAST_WEEK, 20), add_working_days(ends, -10)]


CSV_HEADER = "event_id,kind,case_reference,occurred_on,conference,conference_outcome\n"


def test_a_csv_with_one_bad_line_imports_nothing_and_lists_the_line(
    world: Any, sender: SimpleNamespace, tmp_path: Any
) -> None:
    ref = world.family.case_reference
    path = tmp_path / "events.csv"
    path.write_text(
        CSV_HEADER
        + f"E-1,strategy_discussion,{ref},{LAST_WEEK:%d/%m/%Y},,\n"
        + f"E-2,conference_outcome,{ref},{TODAY.isoformat()},initial_conference,\n"
        + f"E-3,strategy_discussion,NOT-OURS,{LAST_WEEK.isoformat()},,\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="The file has 2 problems. Nothing was imported."):
        call_command("import_case_events", str(path), "--as", sender.account.email)
    assert family_meetings(world) == []
    assert CaseEvent.objects.count() == 0

    from restorative.practice import case_events

    result = case_events.case_events_import(actor=sender.account, data=path.read_bytes())
    assert [str(error) for error in result.errors] == [
        "Line 3 (conference_outcome): Enter the conference's outcome",
        "Line 4 (case_reference): No family with this case reference is held by your organisation",
    ]
    assert family_meetings(world) == []


def test_a_good_csv_applies_every_event_once(
    world: Any, sender: SimpleNamespace, tmp_path: Any
) -> None:
    ref = world.family.case_reference
    path = tmp_path / "events.csv"
    path.write_text(
        CSV_HEADER
        + f"E-1,strategy_discussion,{ref},{LAST_WEEK.isoformat()},,\n"
        + f"E-2,conference_outcome,{ref},{TODAY.isoformat()},initial_conference,no_plan\n",
        encoding="utf-8",
    )
    call_command("import_case_events", str(path), "--as", sender.account.email)
    conference = Meeting.objects.get(family=world.family)
    assert conference.status == Meeting.Status.HELD
    assert conference.conference_outcome == "no_plan"
    assert not conference.follow_ons.exists()
    assert set(CaseEvent.objects.values_list("channel", flat=True)) == {"command"}
    # The same file again changes nothing.
    call_command("import_case_events", str(path), "--as", sender.account.email)
    assert family_meetings(world) == [conference]
    assert CaseEvent.objects.count() == 2


PAGE = "/practice/case-events/"


def test_the_upload_page_lists_bad_lines_and_imports_nothing(
    client: Any, world: Any, sender: SimpleNamespace
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    ref = world.family.case_reference
    data = (
        CSV_HEADER
        + f"E-1,strategy_discussion,{ref},{LAST_WEEK.isoformat()},,\n"
        + f"E-2,strategy_discussion,{ref},{(TODAY + datetime.timedelta(days=3)).isoformat()},,\n"
    ).encode()
    client.force_login(sender.account)
    assert client.get(PAGE).status_code == 200
    page = client.post(PAGE, {"file": SimpleUploadedFile("events.csv", data, "text/csv")})
    assert page.status_code == 200
    text = page.content.decode()
    assert "The file has 1 problem. Nothing has been imported." in text
    assert "The date of the event must be today or in the past" in text
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">3</td>' in text
    assert family_meetings(world) == []
    good = data.decode().splitlines(keepends=True)[:2]
    done = client.post(
        PAGE, {"file": SimpleUploadedFile("events.csv", "".join(good).encode(), "text/csv")}
    )
    assert done.status_code == 302
    assert [m.meeting_type for m in family_meetings(world)] == ["initial_conference"]
    assert CaseEvent.objects.get().channel == "csv"


def test_the_upload_page_is_404_without_the_permission(client: Any, world: Any) -> None:
    for person in (world.allocated, world.manager, world.admin):
        client.force_login(person)
        assert client.get(PAGE).status_code == 404
