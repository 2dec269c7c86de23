"""The records pages as records keepers use them, and refused to everyone else."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from restorative.people.models import Family, Staff
from restorative.people.tests.factories import (
    FamilyFactory,
    FamilyMemberFactory,
    PartnerAgencyFactory,
    StaffFactory,
    TeamFactory,
)
from restorative.records import record_types, selectors
from restorative.records.models import DisposalRun, LegalHold

pytestmark = pytest.mark.django_db
Role = Staff.Role


@pytest.fixture
def team() -> Any:
    return TeamFactory()


def keeper(team: Any, role: str = Role.QUALITY) -> Client:
    client = Client()
    client.force_login(StaffFactory(role=role, team=None, organisation=team.service.organisation))
    return client


def due_family(team: Any) -> Family:
    family = FamilyFactory(
        team=team, status=Family.Status.CLOSED, closed_on=datetime.date(2000, 1, 1)
    )
    FamilyMemberFactory(family=family, date_of_birth=datetime.date(1980, 1, 1))
    return family


@pytest.mark.parametrize(
    "role",
    [Role.PRACTITIONER, Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE, Role.WORKFORCE, Role.PARTNER],
)
def test_everyone_but_records_keepers_gets_404_on_every_page(team: Any, role: str) -> None:
    client = Client()
    if role == Role.HEAD_OF_SERVICE:
        client.force_login(
            StaffFactory(
                role=role, team=None, service=team.service, organisation=team.service.organisation
            )
        )
    elif role == Role.PARTNER:
        client.force_login(
            StaffFactory(
                role=role, team=None, organisation=None, partner_agency=PartnerAgencyFactory()
            )
        )
    else:
        client.force_login(StaffFactory(role=role, team=team))
    rule = selectors.rules_by_type()[record_types.CHILDREN_CASE]
    run = DisposalRun.objects.create(
        organisation=team.service.organisation,
        as_of=datetime.date(2026, 12, 5),
        proposed_by=StaffFactory(role=Role.QUALITY, team=team),
    )
    for url in (
        reverse("records:home"),
        reverse("records:rule_edit", args=[rule.uuid]),
        reverse("records:hold_add"),
        reverse("records:run_detail", args=[run.uuid]),
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        reverse("records:run_report"),
        reverse("records:run_approve", args=[run.uuid]),
        reverse("records:run_cancel", args=[run.uuid]),
    ):
        assert client.post(url).status_code == 404, url
    run.refresh_from_db()
    assert run.status == DisposalRun.Status.PROPOSED


@pytest.mark.parametrize("role", [Role.QUALITY, Role.SYSTEM_ADMIN, Role.DIRECTOR])
def test_records_keepers_see_the_rules_and_what_is_due(team: Any, role: str) -> None:
    due_family(team)
    page = keeper(team, role).get(reverse("records:home"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "75 years" in text and "25 years" in text and "7 years" in text
    assert "1 due" in text


def test_the_records_page_counts_in_the_database_whatever_the_number_of_families(
    team: Any, django_assert_max_num_queries: Any
) -> None:
    """The page counts what is due with a fixed number of queries, and a held family is
    counted apart from those due; a family not yet due is in neither."""
    client = keeper(team)
    client.get(reverse("records:home"))  # sessions, rules and the like settle first
    due_family(team)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("records:home"))
    for _ in range(5):
        due_family(team)
    held = due_family(team)
    LegalHold.objects.create(
        organisation=team.service.organisation,
        family=held,
        reason="Court proceedings",
        placed_by=StaffFactory(role=Role.QUALITY, team=team),
    )
    FamilyFactory(team=team, status=Family.Status.CLOSED, closed_on=datetime.date(2026, 1, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        text = client.get(reverse("records:home")).content.decode()
    assert "6 due; 1 kept by a legal hold" in text


def test_a_disposal_through_the_pages_takes_two_people(team: Any) -> None:
    family = due_family(team)
    asker, approver = keeper(team), keeper(team, Role.SYSTEM_ADMIN)
    answer = asker.post(reverse("records:run_report"))
    run = DisposalRun.objects.get()
    assert answer.url == reverse("records:run_detail", args=[run.uuid])
    page = asker.get(answer.url).content.decode()
    assert "another records keeper must approve" in page
    assert "Approve and dispose" not in page
    refused = asker.post(reverse("records:run_approve", args=[run.uuid]), follow=True)
    assert "Another records keeper must approve" in refused.content.decode()
    family.refresh_from_db()
    assert family.name != "[removed]"
    assert "Approve and dispose" in approver.get(answer.url).content.decode()
    approver.post(reverse("records:run_approve", args=[run.uuid]))
    run.refresh_from_db()
    family.refresh_from_db()
    assert (run.status, family.name) == (DisposalRun.Status.DONE, "[removed]")
    certificate = approver.get(answer.url).content.decode()
    assert "Disposal certificate" in certificate
    assert family.case_reference not in certificate


def test_a_report_with_nothing_due_says_so_and_makes_no_run(team: Any) -> None:
    answer = keeper(team).post(reverse("records:run_report"), follow=True)
    assert "Nothing is due for disposal" in answer.content.decode()
    assert not DisposalRun.objects.exists()


def test_a_hold_by_case_reference_and_bad_input(team: Any) -> None:
    family = due_family(team)
    client = keeper(team)
    url = reverse("records:hold_add")
    answer = client.post(url, {"covers": "family", "case_reference": "NOPE", "reason": "Claim"})
    assert "No family of your organisation has that case reference" in answer.content.decode()
    answer = client.post(url, {"covers": "family", "reason": "Claim"})
    assert "Enter the family&#x27;s case reference" in answer.content.decode()
    answer = client.post(url, {"covers": "kind", "reason": ""})
    assert "Choose a kind of record" in answer.content.decode()
    assert not LegalHold.objects.exists()
    client.post(
        url, {"covers": "family", "case_reference": family.case_reference, "reason": "Claim"}
    )
    hold = LegalHold.objects.get()
    assert hold.family == family
    lift = reverse("records:hold_lift", args=[hold.uuid])
    assert "Enter why the hold can be lifted" in client.post(lift, {"reason": ""}).content.decode()
    client.post(lift, {"reason": "Claim settled"})
    hold.refresh_from_db()
    assert hold.lifted_at is not None


def test_a_family_of_another_organisation_cannot_be_held(team: Any) -> None:
    elsewhere = due_family(TeamFactory(service__organisation__name="Another Council"))
    answer = keeper(team).post(
        reverse("records:hold_add"),
        {"covers": "family", "case_reference": elsewhere.case_reference, "reason": "Claim"},
    )
    assert "No family of your organisation" in answer.content.decode()
    assert not LegalHold.objects.exists()


def test_changing_a_period(team: Any) -> None:
    rule = selectors.rules_by_type()[record_types.ACCESS_EVENTS]
    url = reverse("records:rule_edit", args=[rule.uuid])
    client = keeper(team)
    answer = client.post(url, {"years": "0", "basis": "x"})
    assert "must be 1 or more" in answer.content.decode()
    client.post(url, {"years": "10", "basis": "Board decision, December 2026"})
    rule.refresh_from_db()
    assert rule.years == 10
