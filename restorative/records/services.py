"""Writes of records management: rules, holds, and disposal in two named steps.

Why each step re-reads the holds: a hold placed after a run was proposed must still stop the
disposal of what it covers, so carrying out takes only what is still due and not held, and
the certificate counts what was really done.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from restorative.core.access_disposal import dispose_access_events
from restorative.core.security import log_security_event
from restorative.people.models import Family

from . import permissions, record_types, selectors
from .anonymise import anonymise
from .models import DisposalRun, DisposedFamily, LegalHold, RetentionRule

MAX_YEARS = 150


def _keeper(actor: Any) -> None:
    if not permissions.can_manage_records(actor):
        raise PermissionDenied


def rule_change(*, actor: Any, rule: RetentionRule, years: int, basis: str) -> RetentionRule:
    """Change how long one kind of record is kept; the reason is required."""
    _keeper(actor)
    errors = {}
    if not 1 <= years <= MAX_YEARS:
        errors["years"] = f"Enter a number of years from 1 to {MAX_YEARS}"
    if not basis.strip():
        errors["basis"] = "Enter why records are kept this long"
    if errors:
        raise ValidationError(errors)
    before = rule.years
    rule.years, rule.basis, rule.changed_by = years, basis.strip(), actor
    rule.save(update_fields=["years", "basis", "changed_by", "updated_at"])
    log_security_event(
        "retention_rule_changed",
        user=actor,
        record_type=rule.record_type,
        years=f"{before} -> {years}",
    )
    return rule


def hold_place(
    *, actor: Any, reason: str, family: Family | None = None, record_type: str = ""
) -> LegalHold:
    """Stop disposal of one family's record, or of every record of one kind."""
    _keeper(actor)
    errors = {}
    if not reason.strip():
        errors["reason"] = "Enter why the records must be kept"
    if (family is None) == (not record_type):
        errors["family"] = "Choose either one family or one kind of record"
    elif record_type and record_type not in record_types.RECORD_TYPES:
        errors["record_type"] = "Choose a kind of record from the list"
    elif family is not None and family.team.service.organisation_id != actor.organisation_id:
        errors["family"] = "Choose a family of your organisation"
    if errors:
        raise ValidationError(errors)
    hold = LegalHold.objects.create(
        organisation_id=actor.organisation_id,
        family=family,
        record_type=record_type,
        reason=reason.strip(),
        placed_by=actor,
    )
    log_security_event("legal_hold_placed", user=actor, hold=str(hold.uuid))
    return hold


def hold_lift(*, actor: Any, hold: LegalHold, reason: str) -> LegalHold:
    _keeper(actor)
    if hold.organisation_id != actor.organisation_id:
        raise PermissionDenied
    if not hold.is_active:
        raise ValidationError({"reason": "This hold was already lifted"})
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the hold can be lifted"})
    hold.lifted_by, hold.lifted_at, hold.lifted_reason = actor, timezone.now(), reason.strip()
    hold.save(update_fields=["lifted_by", "lifted_at", "lifted_reason", "updated_at"])
    log_security_event("legal_hold_lifted", user=actor, hold=str(hold.uuid))
    return hold


def run_propose(*, actor: Any, today: datetime.date) -> DisposalRun:
    """Step one: report what is due for disposal today, as a run waiting for approval.
    Nothing is changed; with nothing due, no run is made."""
    _keeper(actor)
    due = selectors.due_for_disposal(actor.organisation_id, today)
    if not any(line.ids or line.count for line in due):
        raise ValidationError(f"Nothing is due for disposal on {today:%-d %B %Y}")
    selected: dict[str, Any] = {line.record_type: line.ids for line in due if line.ids}
    for line in due:
        if line.before is not None and line.count:
            selected[line.record_type] = line.before.isoformat()
    run = DisposalRun.objects.create(
        organisation_id=actor.organisation_id,
        as_of=today,
        proposed_by=actor,
        summary=[line.summary() for line in due],
        selected=selected,
    )
    log_security_event("disposal_proposed", user=actor, run=str(run.uuid))
    return run


def run_approve(*, actor: Any, run: DisposalRun) -> DisposalRun:
    """Step two: a second records keeper approves, and the run is carried out at once. If
    carrying out fails (the app's database role may not delete access events: see the
    README), the run stays approved, for `manage.py records_disposal carry-out`."""
    if not permissions.can_approve_run(actor, run):
        if permissions.can_see_run(actor, run) and run.proposed_by_id == actor.pk:
            raise ValidationError("Another records keeper must approve a disposal you asked for")
        raise PermissionDenied
    with transaction.atomic():
        locked = DisposalRun.objects.select_for_update(of=("self",)).get(pk=run.pk)
        if locked.status != DisposalRun.Status.PROPOSED:
            raise ValidationError("This run is no longer waiting for approval")
        locked.status, locked.approved_by, locked.approved_at = (
            DisposalRun.Status.APPROVED,
            actor,
            timezone.now(),
        )
        locked.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    log_security_event("disposal_approved", user=actor, run=str(run.uuid))
    try:
        return run_carry_out(run=locked)
    except DatabaseError as error:
        raise ValidationError(
            "Approved, but not carried out: the database refused "
            f"({error.__class__.__name__}). Ask IT to run "
            f"`manage.py records_disposal carry-out {run.uuid}` as the database owner."
        ) from error


def run_carry_out(*, run: DisposalRun) -> DisposalRun:
    """Anonymise and delete what an approved run selected and is still due and not held,
    all in one transaction, and record on the run what was done (the certificate)."""
    if run.status != DisposalRun.Status.APPROVED:
        raise ValidationError("Only an approved run can be carried out")
    organisation_id = run.organisation_id
    with transaction.atomic():
        locked = DisposalRun.objects.select_for_update(of=("self",)).get(pk=run.pk)
        if locked.status != DisposalRun.Status.APPROVED:
            raise ValidationError("This run was carried out or cancelled already")
        still_due = selectors.due_for_disposal(organisation_id, locked.as_of)
        disposed: dict[str, int] = {}
        for line in still_due:
            chosen = locked.selected.get(line.record_type)
            if not chosen:
                continue
            if line.before is None:
                ids = sorted(set(chosen) & set(line.ids))
                if ids:
                    anonymise(ids)
                    DisposedFamily.objects.bulk_create(
                        [DisposedFamily(family_id=pk, run=locked) for pk in ids]
                    )
                disposed[line.record_type] = len(ids)
            elif line.count:
                before = min(datetime.datetime.fromisoformat(chosen), line.before)
                disposed[line.record_type] = dispose_access_events(
                    before,
                    actor_organisation_id=organisation_id,
                    keep_families=selectors.held_family_uuids(organisation_id),
                )
        locked.disposed = disposed
        locked.status, locked.carried_out_at = DisposalRun.Status.DONE, timezone.now()
        locked.save(update_fields=["disposed", "status", "carried_out_at", "updated_at"])
    log_security_event("disposal_carried_out", run=str(run.uuid))
    return locked


def run_cancel(*, actor: Any, run: DisposalRun) -> DisposalRun:
    if not permissions.can_cancel_run(actor, run):
        raise PermissionDenied
    run.status, run.cancelled_by = DisposalRun.Status.CANCELLED, actor
    run.save(update_fields=["status", "cancelled_by", "updated_at"])
    log_security_event("disposal_cancelled", user=actor, run=str(run.uuid))
    return run
