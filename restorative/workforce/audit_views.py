"""Supervision audit pages: results by team, choosing a sample, rating a sampled session.

The audit page never shows a session's personal parts (see `audits.py`). Case decisions
are shown only for families the auditor may view, each written to the access trail first
(fail-closed: if the trail cannot be written, nothing of the record is shown).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from restorative.core.forms import apply_service_errors
from restorative.core.views import form_page
from restorative.people.types import AuthenticatedHttpRequest

from . import audits
from .reflective_forms import AuditRatingForm, AuditSampleForm
from .views import session_with_decisions


def audits_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Results by team (figures only) and, for auditors, the samples chosen."""
    if not audits.can_view_audit_results(request.user):
        raise Http404
    can_audit = audits.can_audit(request.user)
    return render(
        request,
        "workforce/audits_home.html",
        {
            "results": audits.audit_results(request.user),
            "criteria": audits.CRITERIA,
            "grades": audits.GRADES,
            "ratings": audits.RATINGS,
            "samples": list(audits.samples_for(request.user)[:50]) if can_audit else [],
            "can_audit": can_audit,
        },
    )


@require_http_methods(["GET", "POST"])
def audit_sample_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Choose a random sample of a team's supervision sessions to audit."""
    if not audits.can_audit(request.user):
        raise Http404
    form = AuditSampleForm(request.POST or None, teams=audits.audit_teams(request.user))

    def save(data: dict[str, Any]) -> HttpResponse:
        sample, created = audits.audit_sample_create(
            actor=request.user,
            team=data["team"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            size=data["size"],
            submission_token=data["submission_token"],
            today=timezone.localdate(),
        )
        if created:
            messages.success(request, f"{sample.audits.count()} sessions chosen for audit")
        return redirect("workforce:audit_sample", sample_uuid=sample.uuid)

    return form_page(request, form, save, "workforce/audit_sample_form.html")


def audit_sample(request: AuthenticatedHttpRequest, sample_uuid: uuid.UUID) -> HttpResponse:
    """A sample: the sessions chosen (dates and people only) and which are rated."""
    sample = audits.sample_get(request.user, sample_uuid)
    return render(
        request,
        "workforce/audit_sample.html",
        {"sample": sample, "audits": audits.sample_audits(request.user, sample)},
    )


@require_http_methods(["GET", "POST"])
def audit_detail(request: AuthenticatedHttpRequest, audit_uuid: uuid.UUID) -> HttpResponse:
    """One sampled session: its non-personal summary, and the rating form."""
    audit = audits.audit_get(request.user, audit_uuid)
    session = audit.session
    can_rate = audits.can_rate_audit(request.user, audit)
    initial = (
        {name: getattr(audit, name) for name in ("grade", "feedback")}
        | {name: getattr(audit, name) for name, _ in audits.CRITERIA}
        if audit.is_rated
        else None
    )
    form = AuditRatingForm(request.POST or None, initial=initial) if can_rate else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                audits.audit_rate(
                    actor=request.user,
                    audit=audit,
                    grade=data.pop("grade"),
                    feedback=data.pop("feedback"),
                    **data,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, "Audit saved")
                return redirect("workforce:audit_sample", sample_uuid=audit.sample.uuid)
    return render(
        request,
        "workforce/audit_detail.html",
        {
            **session_with_decisions(request, session),
            "audit": audit,
            "record": audits.audit_record(session),
            "form": form,
            "criteria": audits.CRITERIA,
        },
    )
