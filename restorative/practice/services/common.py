"""What every practice write shares: the access-trail line written with the change, the
family the actor may record for, and a model's checks without the unique look-ups."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest

from restorative.core.models import AccessEvent
from restorative.people.models import Family, FamilyMember, Staff

from .. import permissions
from ..models import (
    Meeting,
    Plan,
    RestorativeConversation,
)


@dataclass(frozen=True)
class OtherPerson:
    """Someone taking part who is neither a family member nor a staff member with an account."""

    name: str
    role: str = ""


def record_access(
    *,
    actor: Staff,
    family: Family,
    subject: Any,
    action: str,
    reason: str,
    request: HttpRequest | None,
    channel: str = "web",
) -> AccessEvent:
    """Write the access-trail line for a practice record, in the caller's transaction.

    The writer is looked up on the `practice.services` package when called, so that is the one
    place to replace it (the tests make it fail there to prove a failed write undoes the change).
    """
    from restorative.practice import services as package

    return package.access_event_record(
        actor=actor,
        action=action,
        subject_type=type(subject).__name__.lower(),
        subject_uuid=subject.uuid,
        family_uuid=family.uuid,
        reason=reason,
        request=request,
        channel=channel,
        subject=subject,
    )


def record_change(
    actor: Staff,
    subject: Meeting | Plan | RestorativeConversation,
    reason: str,
    request: HttpRequest | None,
    channel: str = "web",
    action: str = AccessEvent.Action.CHANGE,
) -> AccessEvent:
    """The access-trail line for a meeting, plan or conversation of the family's, written in
    the caller's transaction: by default for a change to it (`reason` says which); `action`
    names another kind of access (made, viewed)."""
    return record_access(
        actor=actor,
        family=subject.family,
        subject=subject,
        action=action,
        reason=reason,
        request=request,
        channel=channel,
    )


def practice_record_view(
    *,
    actor: Staff,
    subject: Meeting | RestorativeConversation | Plan,
    request: HttpRequest | None = None,
    channel: str = "web",
    action: str = AccessEvent.Action.VIEW,
) -> AccessEvent:
    """Record that `actor` opened a meeting, conversation or plan. Call before showing anything."""
    basis: str | None
    if isinstance(subject, Meeting):
        basis = permissions.meeting_view_basis(actor, subject)
    elif isinstance(subject, Plan):
        basis = permissions.plan_view_basis(actor, subject)
    else:
        from restorative.people.permissions import family_view_basis

        basis = family_view_basis(actor, subject.family)
    if basis is None:
        raise PermissionDenied
    return record_change(actor, subject, basis, request, channel, action)


def require_family(family: Family | None, actor: Staff) -> Family:
    if family is None:
        raise ValidationError({"family": "Enter the case reference of the family"})
    if not permissions.can_record_for_family(actor, family):
        raise PermissionDenied
    return family


def family_members_only(family: Family, members: Iterable[FamilyMember]) -> list[FamilyMember]:
    members = list(members)
    if any(member.family_id != family.pk for member in members):
        raise ValidationError({"members": "Choose people from this family"})
    return members


def full_clean(obj: Any, exclude: Sequence[str] = ()) -> None:
    obj.full_clean(exclude=list(exclude) or None, validate_unique=False)
