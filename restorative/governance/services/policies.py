"""The policy register (§10): policies, versions, review triggers and acknowledgements."""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import Resolver404, resolve
from django.utils import timezone

from restorative.people.models import Staff

from .. import permissions
from ..docx import NotADocx, upload_text
from ..models import Acknowledgement, Policy, PolicyVersion, ReviewTrigger
from ..review import default_review_due

MAX_TEXT_CHARS = 2_000_000


@transaction.atomic
def policy_create(*, actor: Staff, title: str, kind: str, summary: str = "") -> Policy:
    """Add a policy or procedure to the register (its versions come next)."""
    if not permissions.can_manage_policies(actor):
        raise PermissionDenied
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Enter the title"})
    if Policy.objects.filter(title__iexact=title).exists():
        raise ValidationError({"title": "There is already a policy with this title"})
    policy = Policy(title=title, kind=kind, summary=(summary or "").strip())
    policy.full_clean()
    policy.save()
    return policy


def policy_version_add(
    *,
    actor: Staff,
    policy: Policy,
    number: str,
    approved_by: str,
    approved_on: datetime.date | None,
    review_due_on: datetime.date | None = None,
    text: str = "",
    upload_name: str = "",
    upload: bytes | None = None,
    today: datetime.date | None = None,
) -> PolicyVersion:
    """Record an approved version. Its text is typed, or read from an uploaded Word document
    or text file; a file that cannot be read is refused with a message and nothing is saved.
    The review falls due two years after approval unless another (later) date is given."""
    if not permissions.can_manage_policies(actor):
        raise PermissionDenied
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    number = (number or "").strip()
    if not number:
        errors["number"] = "Enter the version number"
    elif policy.versions.filter(number=number).exists():
        errors["number"] = "This version number is already recorded"
    if not (approved_by or "").strip():
        errors["approved_by"] = "Enter who approved it"
    if approved_on is None:
        errors["approved_on"] = "Enter the date it was approved"
    elif approved_on > today:
        errors["approved_on"] = "Date approved must be today or in the past"
    if upload is not None:
        try:
            text = upload_text(upload_name, upload)
        except NotADocx as exc:
            errors["upload"] = str(exc)
    if len(text or "") > MAX_TEXT_CHARS:
        errors["upload"] = "The text is too long to check (2 million characters at most)"
    if approved_on is not None and review_due_on is not None and review_due_on <= approved_on:
        errors["review_due_on"] = "Next review must be after the date it was approved"
    if errors:
        raise ValidationError(errors)
    assert approved_on is not None
    version = PolicyVersion(
        policy=policy,
        number=number,
        approved_by=approved_by.strip(),
        approved_on=approved_on,
        review_due_on=review_due_on or default_review_due(approved_on),
        text=(text or "").strip(),
        source_name=upload_name[:200] if upload is not None else "",
        added_by=actor,
    )
    version.full_clean()
    try:
        with transaction.atomic():
            version.save()
    except IntegrityError as exc:
        raise ValidationError({"number": "This version number is already recorded"}) from exc
    return version


def is_product_path(link: str) -> bool:
    """A path to one of this product's pages ("/governance/barriers/<uuid>/", with or without
    a query), not another site ("//example.org", "https://…") nor a script."""
    if not link.startswith("/") or link.startswith("//") or any(c.isspace() for c in link):
        return False
    path = urlsplit(link).path
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


@transaction.atomic
def review_trigger_record(
    *,
    actor: Staff,
    policy: Policy,
    kind: str,
    evidence: str,
    review_by: datetime.date | None = None,
    evidence_link: str = "",
    today: datetime.date | None = None,
) -> ReviewTrigger:
    """Log why the policy should be reviewed, with its evidence; `review_by` brings the
    review forward (a date in the past is refused). `evidence_link` links the evidence when
    it is in this product (a barrier, an audit or complaints report, survey results): only
    an address of this product is kept, so the link can never send a reader elsewhere."""
    if not permissions.can_manage_policies(actor):
        raise PermissionDenied
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if kind not in ReviewTrigger.Kind.values:
        errors["kind"] = "Choose what has changed"
    if not (evidence or "").strip():
        errors["evidence"] = "Enter where the evidence is, for example a barrier or an audit"
    if review_by is not None and review_by < today:
        errors["review_by"] = "Review by must be today or in the future"
    link = (evidence_link or "").strip()
    if link and not is_product_path(link):
        errors["evidence_link"] = (
            "Enter an address in this service starting with /, for example the barrier's "
            "page /governance/barriers/…"
        )
    if errors:
        raise ValidationError(errors)
    trigger = ReviewTrigger(
        policy=policy,
        kind=kind,
        evidence=evidence.strip(),
        evidence_link=link,
        review_by=review_by,
        recorded_by=actor,
    )
    trigger.full_clean()
    trigger.save()
    return trigger


def policy_acknowledge(*, actor: Staff, version: PolicyVersion) -> Acknowledgement:
    """Record that `actor` has read this version (once; a second time changes nothing)."""
    if not permissions.can_view_policies(actor):
        raise PermissionDenied
    with transaction.atomic():
        acknowledgement, _ = Acknowledgement.objects.get_or_create(version=version, staff=actor)
    return acknowledgement
