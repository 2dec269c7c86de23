"""Every write for subject access: logging a request, extending it, each download of its
bundle and its release (decision 0024).

Each step is written to the family's access trail, inside the same transaction as the change
and before anything is shown or sent: if the trail cannot be written (AuditWriteError), the
step does not happen and the person sees the fail-closed 503.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from restorative.core.audit import access_event_record
from restorative.core.models import AccessEvent
from restorative.core.submission import submission_create, submission_find
from restorative.people.models import FamilyMember, Staff

from . import builder, permissions, selectors, timescales
from .models import SubjectAccessRequest

FORMATS = {"json": "JSON", "pdf": "PDF"}


def _require_handler(actor: Staff) -> None:
    if not permissions.can_handle_subject_access(actor):
        raise PermissionDenied


def _audit(
    *,
    actor: Staff,
    sar: SubjectAccessRequest,
    action: str,
    words: str,
    request: HttpRequest | None,
    channel: str = "web",
) -> None:
    """One event on the family's trail, naming the request (which names the person)."""
    access_event_record(
        actor=actor,
        action=action,
        subject_type=selectors.TRAIL_SUBJECT_TYPE,
        subject_uuid=sar.uuid,
        family_uuid=sar.family.uuid,
        reason=permissions.BASIS,
        request=request,
        channel=channel,
        description=f"{words}: {sar.audit_label()}",
    )


def _locked_open(sar: SubjectAccessRequest, refusal: str) -> SubjectAccessRequest:
    """The request read again and locked for the change, so two handlers cannot both change
    it; refused with `refusal` once the bundle has been released (the request is finished)."""
    locked = SubjectAccessRequest.objects.select_for_update().get(pk=sar.pk)
    if locked.status != SubjectAccessRequest.Status.OPEN:
        raise ValidationError(refusal)
    return locked


def _save_on_trail(
    locked: SubjectAccessRequest,
    *,
    actor: Staff,
    sar: SubjectAccessRequest,
    action: str,
    words: str,
    request: HttpRequest | None,
) -> None:
    """Check the changed request, write the change to the trail, then save it (all inside
    the caller's transaction, so a change is never saved without its trail line)."""
    locked.full_clean(exclude=["submission_token"])
    _audit(actor=actor, sar=sar, action=action, words=words, request=request)
    locked.save()


def subject_access_request_log(
    *,
    actor: Staff,
    member: FamilyMember,
    requester: str,
    requester_name: str = "",
    received_on: datetime.date,
    submission_token: uuid.UUID | None = None,
    today: datetime.date | None = None,
    request: HttpRequest | None = None,
) -> SubjectAccessRequest:
    """Log a request for `member`'s records; its due date is one calendar month from receipt
    (`timescales.response_due`). A form sent twice logs one request."""
    _require_handler(actor)
    today = today or timezone.localdate()
    existing = submission_find(SubjectAccessRequest, submission_token, {"member": member})
    if existing is not None:
        return existing
    if received_on > today:
        raise ValidationError({"received_on": "The date received must be today or in the past"})
    if requester != SubjectAccessRequest.Requester.SUBJECT and not requester_name.strip():
        raise ValidationError({"requester_name": "Enter the name of the person who asked"})
    sar = SubjectAccessRequest(
        member=member,
        family=member.family,
        requester=requester,
        requester_name=(
            "" if requester == SubjectAccessRequest.Requester.SUBJECT else requester_name.strip()
        ),
        received_on=received_on,
        due_on=timescales.response_due(received_on),
        logged_by=actor,
        submission_token=submission_token,
    )
    sar.full_clean(exclude=["submission_token"])

    def create() -> SubjectAccessRequest:
        sar.save()
        _audit(
            actor=actor,
            sar=sar,
            action=AccessEvent.Action.CREATE,
            words="Logged a subject access request",
            request=request,
        )
        return sar

    with transaction.atomic():
        made, _created = submission_create(
            SubjectAccessRequest, submission_token, {"member": member}, create
        )
    return made


def subject_access_request_extend(
    *,
    actor: Staff,
    sar: SubjectAccessRequest,
    reason: str,
    today: datetime.date | None = None,
    request: HttpRequest | None = None,
) -> SubjectAccessRequest:
    """Extend the deadline by two months (to three calendar months from receipt), with the
    reason the requester is told. Only within the first month, only once, only while open."""
    _require_handler(actor)
    today = today or timezone.localdate()
    if not reason.strip():
        raise ValidationError({"extension_reason": "Enter why the request needs longer"})
    with transaction.atomic():
        locked = _locked_open(sar, "The bundle has been released: the request is finished")
        refusal = timescales.extension_refusal(
            received_on=locked.received_on,
            already_extended=locked.extended_on is not None,
            today=today,
        )
        if refusal:
            raise ValidationError(refusal)
        locked.extended_on = today
        locked.extended_by = actor
        locked.extension_reason = reason.strip()
        locked.due_on = timescales.extended_due(locked.received_on)
        _save_on_trail(
            locked,
            actor=actor,
            sar=sar,
            action=AccessEvent.Action.CHANGE,
            words=f"Extended the subject access deadline to {timescales.long_date(locked.due_on)}",
            request=request,
        )
    return locked


def subject_access_bundle_export(
    *,
    actor: Staff,
    sar: SubjectAccessRequest,
    file_format: str,
    now: datetime.datetime | None = None,
    request: HttpRequest | None = None,
) -> dict[str, Any]:
    """The bundle of every record linked to the person, built fresh, after its download is
    written to the trail (as JSON or PDF: the channel says which)."""
    _require_handler(actor)
    if file_format not in FORMATS:
        raise ValidationError("Choose JSON or PDF")
    now = now or timezone.now()
    with transaction.atomic():
        _audit(
            actor=actor,
            sar=sar,
            action=AccessEvent.Action.EXPORT,
            words=f"Downloaded the subject access bundle as {FORMATS[file_format]}",
            request=request,
            channel=file_format,
        )
    member = sar.member
    return builder.build_bundle(
        subject=builder.Subject(
            name=member.display_name,
            kind=member.get_kind_display(),
            relationship=member.get_relationship_display(),
            date_of_birth=member.date_of_birth,
            family_name=sar.family.name,
            case_reference=sar.family.case_reference,
        ),
        request=builder.RequestFacts(
            reference=str(sar.uuid),
            received_on=sar.received_on,
            due_on=sar.due_on,
            requester=(
                sar.get_requester_display()
                + (f": {sar.requester_name}" if sar.requester_name else "")
            ),
        ),
        sections=selectors.gather(member),
        generated_at=now,
        generated_by=actor.display_name,
    )


def subject_access_request_release(
    *,
    actor: Staff,
    sar: SubjectAccessRequest,
    method: str,
    reviewed: bool,
    now: datetime.datetime | None = None,
    request: HttpRequest | None = None,
) -> SubjectAccessRequest:
    """Record that the reviewed bundle went to the requester, and how. Refused until the
    bundle has been downloaded at least once and the marked words are confirmed reviewed."""
    _require_handler(actor)
    now = now or timezone.now()
    errors: dict[str, str] = {}
    if not method.strip():
        errors["release_method"] = "Enter how the bundle was sent"
    if not reviewed:
        errors["reviewed"] = "Confirm that every marked passage has been reviewed"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _locked_open(sar, "The bundle has already been released")
        downloaded = AccessEvent.objects.filter(
            subject_type=selectors.TRAIL_SUBJECT_TYPE,
            subject_uuid=locked.uuid,
            action=AccessEvent.Action.EXPORT,
            channel__in=list(FORMATS),
        ).exists()
        if not downloaded:
            raise ValidationError("Download the bundle and review it before releasing it")
        locked.status = SubjectAccessRequest.Status.RELEASED
        locked.released_at = now
        locked.released_by = actor
        locked.release_method = method.strip()
        _save_on_trail(
            locked,
            actor=actor,
            sar=sar,
            action=AccessEvent.Action.EXPORT,
            words=f"Released the subject access bundle to the requester ({locked.release_method})",
            request=request,
        )
    return locked
