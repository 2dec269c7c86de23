"""Records management pages: rules, legal holds and disposal runs (issue 15, point 4).

Every page is for records keepers only (permissions.can_manage_records); anyone else gets
404, as for any page they may not use. No page shows a family's name: holds name the case
reference, runs show kinds and counts.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from restorative.core.views import form_page
from restorative.people.types import AuthenticatedHttpRequest

from . import permissions, record_types, selectors, services
from .forms import HoldForm, LiftForm, RuleForm
from .models import DisposalRun, LegalHold, RetentionRule


def _keeper(request: AuthenticatedHttpRequest) -> Any:
    if not permissions.can_manage_records(request.user):
        raise Http404
    return request.user


@require_GET
def records_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = _keeper(request)
    organisation_id = user.organisation_id
    today = datetime.date.today()
    return render(
        request,
        "records/home.html",
        {
            "rules": RetentionRule.objects.all(),
            "due": selectors.due_for_disposal(organisation_id, today, with_ids=False),
            "today": today,
            "holds": selectors.holds_for(organisation_id),
            "runs": selectors.runs_for(organisation_id)[:50],
        },
    )


@require_http_methods(["GET", "POST"])
def rule_edit(request: AuthenticatedHttpRequest, rule_uuid: uuid.UUID) -> HttpResponse:
    user = _keeper(request)
    rule = get_object_or_404(RetentionRule, uuid=rule_uuid)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.rule_change(actor=user, rule=rule, years=data["years"], basis=data["basis"])
        messages.success(request, f"{rule.get_record_type_display()}: kept for {rule.years} years.")
        return redirect("records:home")

    form = RuleForm(request.POST or None, initial={"years": rule.years, "basis": rule.basis})
    trigger = record_types.RECORD_TYPES[rule.record_type].trigger
    return form_page(
        request, form, save, "records/rule_form.html", {"rule": rule, "trigger": trigger}
    )


@require_http_methods(["GET", "POST"])
def hold_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = _keeper(request)

    def save(data: dict[str, Any]) -> HttpResponse:
        family = None
        if data["covers"] == "family":
            family = selectors.family_by_case_reference(
                user.organisation_id, data["case_reference"]
            )
            if family is None:
                raise ValidationError(
                    {"case_reference": "No family of your organisation has that case reference"}
                )
        services.hold_place(
            actor=user,
            family=family,
            record_type=data["record_type"] if data["covers"] == "kind" else "",
            reason=data["reason"],
        )
        messages.success(request, "Legal hold placed. Nothing it covers will be disposed of.")
        return redirect("records:home")

    return form_page(
        request,
        HoldForm(request.POST or None),
        save,
        "records/hold_form.html",
        field_names={"family": "case_reference"},
    )


@require_http_methods(["GET", "POST"])
def hold_lift(request: AuthenticatedHttpRequest, hold_uuid: uuid.UUID) -> HttpResponse:
    user = _keeper(request)
    hold = get_object_or_404(
        LegalHold, uuid=hold_uuid, organisation_id=user.organisation_id, lifted_at__isnull=True
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        services.hold_lift(actor=user, hold=hold, reason=data["reason"])
        messages.success(request, "Legal hold lifted.")
        return redirect("records:home")

    return form_page(
        request, LiftForm(request.POST or None), save, "records/lift_form.html", {"hold": hold}
    )


@require_POST
def run_report(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Step one: what would be disposed of today, kept as a run waiting for approval."""
    user = _keeper(request)
    try:
        run = services.run_propose(actor=user, today=datetime.date.today())
    except ValidationError as error:
        messages.info(request, error.messages[0])
        return redirect("records:home")
    return redirect("records:run_detail", run_uuid=run.uuid)


def _run(request: AuthenticatedHttpRequest, run_uuid: uuid.UUID) -> DisposalRun:
    user = _keeper(request)
    try:
        return selectors.run_get(user.organisation_id, run_uuid)
    except DisposalRun.DoesNotExist as missing:
        raise Http404 from missing


@require_GET
def run_detail(request: AuthenticatedHttpRequest, run_uuid: uuid.UUID) -> HttpResponse:
    """The report while it waits; the disposal certificate once carried out."""
    run = _run(request, run_uuid)
    return render(
        request,
        "records/run.html",
        {
            "run": run,
            "lines": [
                {**line, "disposed": run.disposed.get(line["record_type"], 0)}
                for line in run.summary
            ],
            "may_approve": permissions.can_approve_run(request.user, run),
            "may_cancel": permissions.can_cancel_run(request.user, run),
            "asked_by_me": run.proposed_by_id == request.user.pk,
        },
    )


@require_POST
def run_approve(request: AuthenticatedHttpRequest, run_uuid: uuid.UUID) -> HttpResponse:
    run = _run(request, run_uuid)
    try:
        services.run_approve(actor=request.user, run=run)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "Approved and carried out. This page is the certificate.")
    return redirect("records:run_detail", run_uuid=run.uuid)


@require_POST
def run_cancel(request: AuthenticatedHttpRequest, run_uuid: uuid.UUID) -> HttpResponse:
    run = _run(request, run_uuid)
    if not permissions.can_cancel_run(request.user, run):
        raise Http404
    services.run_cancel(actor=request.user, run=run)
    messages.success(request, "Disposal run cancelled. Nothing was disposed of.")
    return redirect("records:home")
