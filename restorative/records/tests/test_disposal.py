"""Retention and disposal as the information governance board would test it: what is due,
legal holds that stop it, two named people, one transaction, and a certificate."""

from __future__ import annotations

import datetime
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from restorative.core.models import AccessEvent
from restorative.people.models import Family, FamilyMember, Staff
from restorative.people.tests.factories import (
    FamilyFactory,
    FamilyMemberFactory,
    StaffFactory,
    TeamFactory,
)
from restorative.practice.models import CaseEvent
from restorative.records import record_types, selectors, services
from restorative.records.models import DisposalRun, DisposedFamily, LegalHold

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 5)
Role = Staff.Role


@pytest.fixture
def place() -> Any:
    team = TeamFactory()
    quality = StaffFactory(role=Role.QUALITY, team=None, organisation=team.service.organisation)
    admin = StaffFactory(role=Role.SYSTEM_ADMIN, team=None, organisation=team.service.organisation)
    return type("Place", (), {"team": team, "quality": quality, "admin": admin})


def closed_family(team: Any, *, child_born: datetime.date, looked_after: bool = False) -> Family:
    family = FamilyFactory(
        team=team, status=Family.Status.CLOSED, closed_on=datetime.date(2010, 1, 1)
    )
    FamilyMemberFactory(family=family, date_of_birth=child_born)
    FamilyMemberFactory(
        family=family,
        kind=FamilyMember.Kind.ADULT,
        relationship=FamilyMember.Relationship.MOTHER,
        first_name="Grace",
        date_of_birth=datetime.date(1930, 1, 1),
    )
    if looked_after:
        CaseEvent.objects.create(
            organisation=team.service.organisation,
            source_event_id=f"LA-{family.pk}",
            kind=CaseEvent.Kind.LOOKED_AFTER,
            case_reference=family.case_reference,
            family=family,
            occurred_on=datetime.date(1960, 1, 1),
            received_by=StaffFactory(team=team),
            channel=CaseEvent.Channel.API if hasattr(CaseEvent.Channel, "API") else "api",
            outcome="Recorded.",
        )
    return family


def due_ids(place: Any, kind: str) -> list[int]:
    lines = selectors.due_for_disposal(place.team.service.organisation_id, TODAY)
    return next(line.ids for line in lines if line.record_type == kind)


def test_looked_after_records_are_kept_to_the_youngest_childs_75th_birthday(place: Any) -> None:
    reached = closed_family(place.team, child_born=datetime.date(1951, 12, 5), looked_after=True)
    not_yet = closed_family(place.team, child_born=datetime.date(1951, 12, 6), looked_after=True)
    assert due_ids(place, record_types.LOOKED_AFTER_CASE) == [reached.pk]
    assert not_yet.pk not in due_ids(place, record_types.CHILDREN_CASE)


def test_other_records_follow_the_local_rule_and_open_families_are_never_due(place: Any) -> None:
    due = closed_family(place.team, child_born=datetime.date(2000, 1, 1))
    looked_after = closed_family(
        place.team, child_born=datetime.date(2000, 1, 1), looked_after=True
    )
    still_open = FamilyFactory(team=place.team)
    FamilyMemberFactory(family=still_open, date_of_birth=datetime.date(1940, 1, 1))
    assert due_ids(place, record_types.CHILDREN_CASE) == [due.pk]
    assert looked_after.pk not in due_ids(place, record_types.LOOKED_AFTER_CASE)


def test_a_report_changes_nothing_and_needs_a_records_keeper(place: Any) -> None:
    family = closed_family(place.team, child_born=datetime.date(1990, 1, 1))
    practitioner = StaffFactory(team=place.team)
    with pytest.raises(PermissionDenied):
        services.run_propose(actor=practitioner, today=TODAY)
    run = services.run_propose(actor=place.quality, today=TODAY)
    family.refresh_from_db()
    assert family.name != "[removed]"
    assert run.status == DisposalRun.Status.PROPOSED
    line = next(s for s in run.summary if s["record_type"] == record_types.CHILDREN_CASE)
    assert (line["count"], line["rule_years"]) == (1, 25)


def test_the_person_who_asked_cannot_approve_their_own_disposal(place: Any) -> None:
    closed_family(place.team, child_born=datetime.date(1990, 1, 1))
    run = services.run_propose(actor=place.quality, today=TODAY)
    with pytest.raises(ValidationError, match="Another records keeper"):
        services.run_approve(actor=place.quality, run=run)
    run.refresh_from_db()
    assert run.status == DisposalRun.Status.PROPOSED


def test_a_keeper_of_another_organisation_cannot_approve(place: Any) -> None:
    closed_family(place.team, child_born=datetime.date(1990, 1, 1))
    run = services.run_propose(actor=place.quality, today=TODAY)
    elsewhere = TeamFactory(service__organisation__name="Another Council")
    stranger = StaffFactory(
        role=Role.QUALITY, team=None, organisation=elsewhere.service.organisation
    )
    with pytest.raises(PermissionDenied):
        services.run_approve(actor=stranger, run=run)


def test_approval_anonymises_in_one_go_and_keeps_a_certificate(place: Any) -> None:
    family = closed_family(place.team, child_born=datetime.date(1990, 1, 1))
    other = closed_family(place.team, child_born=datetime.date(2020, 1, 1))
    run = services.run_approve(
        actor=place.admin, run=services.run_propose(actor=place.quality, today=TODAY)
    )
    assert run.status == DisposalRun.Status.DONE
    assert (run.approved_by, run.proposed_by) == (place.admin, place.quality)
    assert run.disposed == {record_types.CHILDREN_CASE: 1}
    family.refresh_from_db()
    assert family.name == "[removed]"
    assert family.case_reference == f"removed-{family.pk}"
    members = list(family.members.all())
    assert {m.first_name for m in members} == {"[removed]"}
    assert {m.date_of_birth for m in members} == {None}
    assert len(members) == 2  # the counts stay
    other.refresh_from_db()
    assert other.name != "[removed]"
    assert DisposedFamily.objects.filter(family=family, run=run).exists()
    with pytest.raises(ValidationError, match="Nothing is due"):
        services.run_propose(actor=place.quality, today=TODAY)  # not selected twice


def test_a_legal_hold_stops_a_disposal(place: Any) -> None:
    held = closed_family(place.team, child_born=datetime.date(1990, 1, 1))
    free = closed_family(place.team, child_born=datetime.date(1990, 1, 1))
    services.hold_place(actor=place.quality, family=held, reason="Ombudsman complaint open")
    run = services.run_propose(actor=place.quality, today=TODAY)
    line = next(s for s in run.summary if s["record_type"] == record_types.CHILDREN_CASE)
    assert (line["count"], line["held"]) == (1, 1)
    services.run_approve(actor=place.admin, run=run)
    held.refresh_from_db()
    free.refresh_from_db()
    assert held.name != "[removed]"
    assert free.name == "[removed]"


def test_a_hold_placed_after_the_report_still_stops_the_disposal(place: Any) -> None:
    family = closed_family(place.team, child_born=datetime.date(1990, 1, 1))
    run = services.run_propose(actor=place.quality, today=TODAY)
    services.hold_place(actor=place.admin, family=family, reason="Litigation notice received")
    run = services.run_approve(actor=place.admin, run=run)
    family.refresh_from_db()
    assert family.name != "[removed]"
    assert run.disposed == {record_types.CHILDREN_CASE: 0}


def test_a_hold_on_a_kind_of_record_stops_all_of_it_until_lifted(place: Any) -> None:
    family = closed_family(place.team, child_born=datetime.date(1990, 1, 1))
    hold = services.hold_place(
        actor=place.quality, record_type=record_types.CHILDREN_CASE, reason="Public inquiry"
    )
    with pytest.raises(ValidationError, match="Nothing is due"):
        services.run_propose(actor=place.quality, today=TODAY)
    services.hold_lift(actor=place.admin, hold=hold, reason="Inquiry closed")
    run = services.run_propose(actor=place.quality, today=TODAY)
    assert run.selected[record_types.CHILDREN_CASE] == [family.pk]


def test_bad_holds_are_refused_and_change_nothing(place: Any) -> None:
    family = closed_family(place.team, child_born=datetime.date(1990, 1, 1))
    with pytest.raises(ValidationError) as refused:
        services.hold_place(actor=place.quality, family=family, reason="  ")
    assert "reason" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.hold_place(
            actor=place.quality, family=family, record_type="children_case", reason="Both"
        )
    with pytest.raises(ValidationError):
        services.hold_place(actor=place.quality, record_type="nonsense", reason="Unknown")
    assert not LegalHold.objects.exists()


def test_a_rule_change_is_checked(place: Any) -> None:
    rule = selectors.rules_by_type()[record_types.CHILDREN_CASE]
    with pytest.raises(ValidationError):
        services.rule_change(actor=place.quality, rule=rule, years=0, basis="Too short")
    with pytest.raises(PermissionDenied):
        services.rule_change(
            actor=StaffFactory(team=place.team), rule=rule, years=30, basis="Local"
        )
    services.rule_change(actor=place.quality, rule=rule, years=30, basis="Local review 2026")
    rule.refresh_from_db()
    assert (rule.years, rule.changed_by) == (30, place.quality)


def access_event(actor: Staff, family: Family, at: datetime.datetime) -> AccessEvent:
    with mock.patch("django.utils.timezone.now", return_value=at):
        return AccessEvent.objects.create(
            actor=actor,
            actor_role=actor.role,
            action=AccessEvent.Action.VIEW,
            subject_type="family",
            subject_uuid=family.uuid,
            family_uuid=family.uuid,
            reason="test",
        )


def test_access_events_are_deleted_after_their_own_period_and_not_before(place: Any) -> None:
    family = FamilyFactory(team=place.team)
    worker = StaffFactory(team=place.team)
    old = access_event(worker, family, timezone.make_aware(datetime.datetime(2019, 12, 5, 23)))
    kept = access_event(worker, family, timezone.make_aware(datetime.datetime(2019, 12, 6, 9)))
    held_family = FamilyFactory(team=place.team)
    held_event = access_event(
        worker, held_family, timezone.make_aware(datetime.datetime(2010, 1, 1))
    )
    services.hold_place(actor=place.quality, family=held_family, reason="Litigation")
    run = services.run_propose(actor=place.quality, today=TODAY)
    line = next(s for s in run.summary if s["record_type"] == record_types.ACCESS_EVENTS)
    assert (line["count"], line["held"]) == (1, 1)
    run = services.run_approve(actor=place.admin, run=run)
    assert run.disposed[record_types.ACCESS_EVENTS] == 1
    remaining = set(AccessEvent.objects.values_list("pk", flat=True))
    assert old.pk not in remaining
    assert {kept.pk, held_event.pk} <= remaining


def test_without_a_disposal_the_trail_still_refuses_every_delete(place: Any) -> None:
    family = FamilyFactory(team=place.team)
    event = access_event(
        StaffFactory(team=place.team), family, timezone.make_aware(datetime.datetime(2001, 1, 1))
    )
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessEvent.objects.filter(pk=event.pk).update(reason="rewritten")
    assert AccessEvent.objects.filter(pk=event.pk, reason="test").exists()


def test_the_command_reports_and_carries_out_an_approved_run(place: Any) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    family = closed_family(place.team, child_born=datetime.date(1990, 1, 1))
    out = StringIO()
    call_command(
        "records_disposal",
        "report",
        "--by",
        place.quality.email,
        "--today",
        "2026-12-05",
        stdout=out,
    )
    run = DisposalRun.objects.get()
    assert str(run.uuid) in out.getvalue()
    with pytest.raises(CommandError, match="Only an approved run"):
        call_command("records_disposal", "carry-out", str(run.uuid))
    DisposalRun.objects.filter(pk=run.pk).update(
        status=DisposalRun.Status.APPROVED, approved_by=place.admin
    )
    call_command("records_disposal", "carry-out", str(run.uuid), stdout=StringIO())
    family.refresh_from_db()
    assert family.name == "[removed]"
    with pytest.raises(CommandError, match="No account"):
        call_command("records_disposal", "report", "--by", "nobody@example.org")
