"""Raising and triaging barriers to restorative practice (§6.5)."""

from __future__ import annotations

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from restorative.core.submission import submission_create, submission_find
from restorative.people.models import Staff, Team

from .. import permissions
from ..models import Barrier

REVIEW_IN_PAST = "Review date must be today or in the future"


@transaction.atomic
def barrier_raise(
    *,
    actor: Staff,
    theme: str,
    description: str,
    team: Team | None = None,
    name_hidden: bool = False,
    submission_token: uuid.UUID | None = None,
) -> tuple[Barrier, bool]:
    """Raise a barrier; returns (barrier, created). Where it is: a team (and so its service),
    or none for the whole organisation. A repeated submission saves once."""
    if not permissions.can_raise_barrier(actor):
        raise PermissionDenied
    existing = submission_find(Barrier, submission_token, {"raised_by": actor})
    if existing is not None:
        return existing, False
    errors: dict[str, str] = {}
    if theme not in Barrier.Theme.values:
        errors["theme"] = "Choose what the barrier is about"
    if not (description or "").strip():
        errors["description"] = "Enter what gets in the way"
    if errors:
        raise ValidationError(errors)
    barrier = Barrier(
        theme=theme,
        description=description.strip(),
        team=team,
        service_id=team.service_id if team is not None else None,
        raised_by=actor,
        name_hidden=name_hidden,
        submission_token=submission_token,
    )
    barrier.full_clean(exclude=["submission_token"])

    def save() -> Barrier:
        barrier.save()
        return barrier

    return submission_create(Barrier, submission_token, {"raised_by": actor}, save)


@transaction.atomic
def barrier_triage(
    *,
    actor: Staff,
    barrier: Barrier,
    status: str,
    owner: Staff | None,
    action: str,
    review_on: datetime.date | None,
    today: datetime.date | None = None,
) -> Barrier:
    """Set who owns the barrier, what is being done, its status and when it is next looked
    at. A review date in the past is refused; an open barrier (accepted) needs an owner, an
    action and a review date, and a closed one needs what was done, so the person who raised
    it can read the outcome ("you said, we did")."""
    if not permissions.can_triage_barrier(actor, barrier):
        raise PermissionDenied
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if status not in Barrier.Status.values:
        errors["status"] = "Choose a status"
    action = (action or "").strip()
    if review_on is not None and review_on < today:
        errors["review_on"] = REVIEW_IN_PAST
    if status == Barrier.Status.ACCEPTED:
        if owner is None:
            errors["owner"] = "Choose who owns the action"
        if not action:
            errors["action"] = "Enter what we are doing about it"
        if review_on is None and "review_on" not in errors:
            errors["review_on"] = "Enter when it will be reviewed"
    if status in (Barrier.Status.RESOLVED, Barrier.Status.NOT_ACTIONED) and not action:
        errors["action"] = "Enter what was done, or why no action is being taken"
    if errors:
        raise ValidationError(errors)
    barrier.status = status
    barrier.owner = owner
    barrier.action = action
    barrier.review_on = review_on
    barrier.triaged_at = timezone.now()
    barrier.full_clean(exclude=["submission_token"])
    barrier.save()
    return barrier
