"""The policy register: policies, versions (with the language check), review triggers,
acknowledgements and their coverage by team."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from restorative.core.forms import apply_service_errors
from restorative.people.types import AuthenticatedHttpRequest

from .. import permissions
from ..forms import PolicyForm, TriggerForm, VersionForm
from ..selectors import policies as selectors
from ..services import policies as services

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


@require_GET
def policy_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_view_policies(request.user):
        raise Http404
    return render(
        request,
        "governance/policies.html",
        {
            "rows": selectors.policy_rows(request.user, today=timezone.localdate()),
            "can_manage": permissions.can_manage_policies(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def policy_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_manage_policies(request.user):
        raise Http404
    form = PolicyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            policy = services.policy_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Added. Now record its approved version.")
            return redirect("governance:version_add", policy_uuid=policy.uuid)
    return render(request, "governance/policy_form.html", {"form": form})


@require_GET
def policy_detail(request: AuthenticatedHttpRequest, policy_uuid: uuid.UUID) -> HttpResponse:
    row = selectors.policy_get(request.user, policy_uuid, today=timezone.localdate())
    current = row.current
    return render(
        request,
        "governance/policy_detail.html",
        {
            "row": row,
            "policy": row.policy,
            "versions": row.policy.ordered,  # type: ignore[attr-defined]
            "triggers": selectors.triggers_of(row.policy),
            "can_manage": permissions.can_manage_policies(request.user),
            "acknowledged": bool(current and selectors.has_acknowledged(request.user, current)),
        },
    )


@require_http_methods(["GET", "POST"])
def version_add(request: AuthenticatedHttpRequest, policy_uuid: uuid.UUID) -> HttpResponse:
    """Record an approved version; its text typed or from a Word document or text file."""
    if not permissions.can_manage_policies(request.user):
        raise Http404
    row = selectors.policy_get(request.user, policy_uuid, today=timezone.localdate())
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["upload"]
        try:
            if upload is not None and upload.size > MAX_UPLOAD_BYTES:
                raise ValidationError({"upload": "The file must be smaller than 10 MB"})
            version = services.policy_version_add(
                actor=request.user,
                policy=row.policy,
                number=form.cleaned_data["number"],
                approved_by=form.cleaned_data["approved_by"],
                approved_on=form.cleaned_data["approved_on"],
                review_due_on=form.cleaned_data["review_due_on"],
                text=form.cleaned_data["text"],
                upload_name=upload.name if upload is not None else "",
                upload=upload.read() if upload is not None else None,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(request, f"Version {version.number} recorded")
            return redirect("governance:version_detail", version_uuid=version.uuid)
    return render(request, "governance/version_form.html", {"form": form, "policy": row.policy})


@require_http_methods(["GET", "POST"])
def trigger_add(request: AuthenticatedHttpRequest, policy_uuid: uuid.UUID) -> HttpResponse:
    if not permissions.can_manage_policies(request.user):
        raise Http404
    row = selectors.policy_get(request.user, policy_uuid, today=timezone.localdate())
    form = TriggerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_trigger_record(
                actor=request.user, policy=row.policy, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Review trigger recorded")
            return redirect("governance:policy_detail", policy_uuid=row.policy.uuid)
    return render(request, "governance/trigger_form.html", {"form": form, "policy": row.policy})


@require_http_methods(["GET", "POST"])
def version_detail(request: AuthenticatedHttpRequest, version_uuid: uuid.UUID) -> HttpResponse:
    """A version's text, where its words shame or label, its acknowledgement and coverage."""
    version = selectors.version_get(request.user, version_uuid)
    if request.method == "POST":
        services.policy_acknowledge(actor=request.user, version=version)
        messages.success(request, "Thank you: you have acknowledged this version")
        return redirect("governance:version_detail", version_uuid=version.uuid)
    return render(
        request,
        "governance/version_detail.html",
        {
            "version": version,
            "policy": version.policy,
            "findings": selectors.language_findings(version),
            "acknowledged": selectors.has_acknowledged(request.user, version),
            "coverage": selectors.coverage(request.user, version),
        },
    )
