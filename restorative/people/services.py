"""Every write to people and families. Each change is validated, atomic and audited.

An access event is written inside the same transaction as the change, so a change is never
stored without its audit line, and a failed audit write undoes the change (fail-closed).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.http import HttpRequest

from restorative.core.audit import access_event_record
from restorative.core.models import AccessEvent
from restorative.core.submission import submission_create, submission_find

from . import permissions
from .models import Family, FamilyMember, Staff, Team

FAMILY_EDITABLE_FIELDS = ("name", "status", "opened_on", "closed_on")
ALLOCATION_FIELDS = ("team", "allocated_worker")
MEMBER_FIELDS = (
    "kind",
    "first_name",
    "last_name",
    "preferred_name",
    "relationship",
    "date_of_birth",
)


def _audit(
    *,
    actor: Staff,
    family: Family,
    action: str,
    request: HttpRequest | None,
    channel: str,
    subject: Family | FamilyMember | None = None,
    reason: str | None = None,
) -> AccessEvent:
    subject = subject or family
    return access_event_record(
        actor=actor,
        action=action,
        subject_type=type(subject).__name__.lower(),
        subject_uuid=subject.uuid,
        family_uuid=family.uuid,
        reason=reason or permissions.family_view_basis(actor, family) or "",
        request=request,
        channel=channel,
        subject=subject,
    )


def family_record_view(
    *,
    actor: Staff,
    family: Family,
    request: HttpRequest | None = None,
    channel: str = "web",
    action: str = AccessEvent.Action.VIEW,
    subject: FamilyMember | None = None,
) -> AccessEvent:
    """Record that `actor` viewed (or exported, or printed) this family's record.

    `subject` names a member when only that person's details are shown (their edit form).
    Call before showing anything: if it raises, show nothing.
    """
    basis = permissions.family_view_basis(actor, family)
    if basis is None:
        raise PermissionDenied
    return _audit(
        actor=actor,
        family=family,
        subject=subject,
        action=action,
        request=request,
        channel=channel,
        reason=basis,
    )


def _assign(record: Family | FamilyMember, data: Mapping[str, Any], allowed: Iterable[str]) -> None:
    """Copy the allowed fields of `data` onto the record, text without surrounding spaces.

    Any other key is ignored (no mass assignment): what a person may change is `allowed`.
    """
    for key in allowed:
        if key in data:
            value = data[key]
            setattr(record, key, value.strip() if isinstance(value, str) else value)


def _check_family_rules(family: Family) -> None:
    """The rules a family's record keeps, whoever writes it (page, API or import).

    Closing without a date closes it today; a reopened family has no closing date; dates
    are not in the future and a family cannot close before it opened.
    """
    today = datetime.date.today()
    errors: dict[str, str] = {}
    if family.opened_on and family.opened_on > today:
        errors["opened_on"] = "Date opened must be today or in the past"
    if family.closed_on and family.closed_on > today:
        errors["closed_on"] = "Date closed must be today or in the past"
    elif family.opened_on and family.closed_on and family.closed_on < family.opened_on:
        errors["closed_on"] = "Date closed must be the same as or after the date opened"
    if errors:
        raise ValidationError(errors)
    if family.status == Family.Status.CLOSED and family.closed_on is None:
        family.closed_on = today
    if family.status == Family.Status.OPEN:
        family.closed_on = None


def _check_allocation(
    actor: Staff, team: Team, worker: Staff | None, *, before: Staff | None = None
) -> None:
    """The allocated worker must be someone who may hold a family of this team
    (`permissions.allocation_error`: an active practitioner, ASYE practitioner or team
    manager of the team). A worker allocated before the rule existed may stay as they are,
    as long as they are active and in the team; choosing them anew is checked in full."""
    if worker is None:
        return
    error = permissions.allocation_error(worker, team.pk)
    kept = before is not None and before.pk == worker.pk
    if kept and worker.is_active and worker.team_id == team.pk:
        error = None
    if error:
        raise ValidationError({"allocated_worker": error})


@transaction.atomic
def family_create(
    *,
    actor: Staff,
    case_reference: str,
    name: str,
    team: Team,
    allocated_worker: Staff | None = None,
    status: str = Family.Status.OPEN,
    opened_on: datetime.date | None = None,
    request: HttpRequest | None = None,
    channel: str = "web",
) -> Family:
    """Add a family by its case management reference, in a team the actor works for."""
    if not permissions.can_create_family_in_team(actor, team.pk):
        raise PermissionDenied
    _check_allocation(actor, team, allocated_worker)
    case_reference = case_reference.strip()
    if Family.objects.filter(case_reference__iexact=case_reference).exists():
        raise ValidationError(
            {"case_reference": "A family with this case reference is already recorded"}
        )
    family = Family(
        case_reference=case_reference,
        name=name.strip(),
        team=team,
        allocated_worker=allocated_worker,
        status=status,
        opened_on=opened_on,
    )
    _check_family_rules(family)
    family.full_clean()
    family.save()
    _audit(
        actor=actor,
        family=family,
        action=AccessEvent.Action.CREATE,
        request=request,
        channel=channel,
        reason=permissions.family_view_basis(actor, family) or "created",
    )
    return family


@transaction.atomic
def family_update(
    *,
    actor: Staff,
    family: Family,
    data: dict[str, Any],
    request: HttpRequest | None = None,
    channel: str = "web",
) -> Family:
    """Change a family's details; team and worker only for those who may allocate.

    Fields outside the editable set are ignored (no mass assignment). The row is locked so
    two people saving at once cannot silently overwrite each other's allocation.
    """
    if not permissions.can_edit_family(actor, family):
        raise PermissionDenied
    locked = Family.objects.select_for_update().select_related("team").get(pk=family.pk)
    worker_before = locked.allocated_worker
    allowed = set(FAMILY_EDITABLE_FIELDS)
    if permissions.can_allocate(actor, locked):
        allowed |= set(ALLOCATION_FIELDS)
    _assign(locked, data, allowed)
    if "team" in data and "team" in allowed:
        team = data["team"]
        scope = permissions.family_scope(actor, action="edit")
        if team.pk not in scope.team_ids and team.service_id not in scope.service_ids:
            raise ValidationError({"team": "Choose a team in your own service"})
    _check_allocation(actor, locked.team, locked.allocated_worker, before=worker_before)
    _check_family_rules(locked)
    locked.full_clean()
    locked.save()
    _audit(
        actor=actor,
        family=locked,
        action=AccessEvent.Action.CHANGE,
        request=request,
        channel=channel,
    )
    return locked


def family_member_add(
    *,
    actor: Staff,
    family: Family,
    data: Mapping[str, Any],
    submission_token: uuid.UUID | None = None,
    request: HttpRequest | None = None,
    channel: str = "web",
) -> FamilyMember:
    """Add a child or adult to a family the actor may change.

    The same form or API request sent twice (same `submission_token`: a double click, a
    retried request, two at once) adds the person once and returns that one record.
    """
    if not permissions.can_edit_family(actor, family):
        raise PermissionDenied
    existing = submission_find(FamilyMember, submission_token, {"family": family})
    if existing is not None:
        return existing
    member = FamilyMember(
        family=family,
        submission_token=submission_token,
        **{k: data[k] for k in MEMBER_FIELDS if k in data},
    )
    _clean_member(member)

    def save() -> FamilyMember:
        member.save()
        _audit(
            actor=actor,
            family=family,
            subject=member,
            action=AccessEvent.Action.CREATE,
            request=request,
            channel=channel,
        )
        return member

    return submission_create(FamilyMember, submission_token, {"family": family}, save)[0]


@transaction.atomic
def family_member_update(
    *,
    actor: Staff,
    member: FamilyMember,
    data: dict[str, Any],
    request: HttpRequest | None = None,
    channel: str = "web",
) -> FamilyMember:
    """Change a member's details (only the member fields; the family cannot be swapped)."""
    family = member.family
    if not permissions.can_edit_family(actor, family):
        raise PermissionDenied
    _assign(member, data, MEMBER_FIELDS)
    _clean_member(member)
    member.save()
    _audit(
        actor=actor,
        family=family,
        subject=member,
        action=AccessEvent.Action.CHANGE,
        request=request,
        channel=channel,
    )
    return member


@transaction.atomic
def family_member_remove(
    *,
    actor: Staff,
    member: FamilyMember,
    request: HttpRequest | None = None,
    channel: str = "web",
) -> None:
    """Remove a member recorded in error. The access trail keeps the fact of the change."""
    family = member.family
    if not permissions.can_edit_family(actor, family):
        raise PermissionDenied
    _audit(
        actor=actor,
        family=family,
        subject=member,
        action=AccessEvent.Action.CHANGE,
        request=request,
        channel=channel,
    )
    try:
        with transaction.atomic():
            member.delete()
    except ProtectedError as error:
        # Records of what this person said in meetings and conversations must not vanish.
        raise ValidationError(
            "This person took part in meetings or conversations, so they cannot be removed"
        ) from error


def _clean_member(member: FamilyMember) -> None:
    # The token's uniqueness is the database's to enforce (core.submission), not a form error.
    member.full_clean(exclude=["submission_token"])
    if member.date_of_birth and member.date_of_birth > datetime.date.today():
        raise ValidationError({"date_of_birth": "Date of birth must be today or in the past"})
