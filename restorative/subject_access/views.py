"""Subject access pages: the list of requests, logging one, its page, extending it, the
bundle as JSON or PDF, and its release. Every page answers 404 to anyone who may not handle
requests (permissions.can_handle_subject_access); every write goes through the services."""

from __future__ import annotations

import datetime
import json
import uuid
from typing import Any

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from restorative.core.downloads import attachment
from restorative.core.views import form_page
from restorative.people.models import FamilyMember
from restorative.people.types import AuthenticatedHttpRequest
from restorative.practice.documents import pdf_engine, render_pdf

from . import builder, permissions, selectors, services, timescales
from .forms import ExtendForm, FindFamilyForm, ReleaseForm, RequestLogForm
from .models import SubjectAccessRequest

PDF_TEMPLATE = "subject_access/bundle_pdf.html"


def _require_handler(request: AuthenticatedHttpRequest) -> None:
    if not permissions.can_handle_subject_access(request.user):
        raise Http404


def _member_choice(member: FamilyMember) -> tuple[str, str]:
    born = member.date_of_birth
    parts = [member.display_name, member.get_relationship_display().lower()]
    if born:
        parts.append(f"born {born.day} {born:%B %Y}")
    return str(member.uuid), ", ".join(parts)


@require_GET
def request_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every request, open ones first and soonest due, with how long is left."""
    _require_handler(request)
    today = timezone.localdate()
    rows = [
        (sar, timescales.standing(sar.due_on, today))
        for sar in selectors.requests_for(request.user)
    ]
    return render(request, "subject_access/requests.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
def request_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Log a request: find the family by its case reference, then choose whose records."""
    _require_handler(request)
    find = FindFamilyForm(request.GET or None)
    family = None
    if find.is_valid():
        family = selectors.family_by_reference(request.user, find.cleaned_data["case_reference"])
        if family is None:
            find.add_error("case_reference", "No family has that case reference")
    if family is None:
        if request.method == "POST":
            raise Http404
        return render(request, "subject_access/find_family.html", {"form": find})
    members = list(family.members.all())
    form = RequestLogForm(
        request.POST if request.method == "POST" else None,
        members=[_member_choice(m) for m in members],
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        chosen = next(m for m in members if str(m.uuid) == data["member"])
        sar = services.subject_access_request_log(
            actor=request.user,
            member=chosen,
            requester=data["requester"],
            requester_name=data["requester_name"],
            received_on=data["received_on"],
            submission_token=data["submission_token"],
            request=request,
        )
        due = timescales.long_date(sar.due_on)
        messages.success(request, f"Request logged. Answer it by {due}.")
        return redirect("subject_access:detail", request_uuid=sar.uuid)

    return form_page(request, form, save, "subject_access/log.html", {"family": family})


@require_GET
def request_detail(request: AuthenticatedHttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    """The request: who, when it is due, whether it can still be extended, its downloads and
    its release."""
    sar = selectors.request_get(request.user, request_uuid)
    today = timezone.localdate()
    refusal = timescales.extension_refusal(
        received_on=sar.received_on, already_extended=sar.extended_on is not None, today=today
    )
    return render(
        request,
        "subject_access/detail.html",
        {
            "sar": sar,
            "standing": timescales.standing(sar.due_on, today),
            "can_extend": sar.status == SubjectAccessRequest.Status.OPEN and not refusal,
            "extension_refusal": refusal,
            "is_open": sar.status == SubjectAccessRequest.Status.OPEN,
        },
    )


@require_http_methods(["GET", "POST"])
def request_extend(request: AuthenticatedHttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    sar = selectors.request_get(request.user, request_uuid)
    form = ExtendForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        extended = services.subject_access_request_extend(
            actor=request.user, sar=sar, reason=data["extension_reason"], request=request
        )
        messages.success(request, f"Deadline extended to {timescales.long_date(extended.due_on)}")
        return redirect("subject_access:detail", request_uuid=extended.uuid)

    return form_page(
        request,
        form,
        save,
        "subject_access/extend.html",
        {"sar": sar, "extended_due": timescales.extended_due(sar.received_on)},
    )


@require_http_methods(["GET", "POST"])
def request_release(request: AuthenticatedHttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    sar = selectors.request_get(request.user, request_uuid)
    form = ReleaseForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.subject_access_request_release(
            actor=request.user,
            sar=sar,
            method=data["release_method"],
            reviewed=data["reviewed"],
            request=request,
        )
        messages.success(request, "Release recorded")
        return redirect("subject_access:detail", request_uuid=sar.uuid)

    return form_page(request, form, save, "subject_access/release.html", {"sar": sar})


def _filename(sar: SubjectAccessRequest, suffix: str) -> str:
    """No name or case reference in a file name (decision 0008): the date and the request."""
    return f"subject-access-{timezone.localdate().isoformat()}-{sar.uuid.hex[:8]}.{suffix}"


@require_GET
def bundle_json(request: AuthenticatedHttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    """The bundle as JSON, written to the trail before it is built."""
    sar = selectors.request_get(request.user, request_uuid)
    bundle = services.subject_access_bundle_export(
        actor=request.user, sar=sar, file_format="json", request=request
    )
    content = json.dumps(bundle, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return attachment(
        content.encode(),
        filename=_filename(sar, "json"),
        content_type="application/json; charset=utf-8",
    )


@require_GET
def bundle_pdf(request: AuthenticatedHttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    """The same bundle as a PDF; where WeasyPrint cannot run here, a page that says so and
    offers the JSON (nothing is written to the trail then, as nothing left)."""
    sar = selectors.request_get(request.user, request_uuid)
    engine = pdf_engine()
    if engine is None:
        return render(request, "subject_access/pdf_unavailable.html", {"sar": sar}, status=503)
    bundle = services.subject_access_bundle_export(
        actor=request.user, sar=sar, file_format="pdf", request=request
    )
    html = render_to_string(
        PDF_TEMPLATE,
        {
            "bundle": bundle,
            "sections": builder.printable(bundle),
            "received_on": sar.received_on,
            "due_on": sar.due_on,
            "generated_at": timezone.localtime(
                datetime.datetime.fromisoformat(bundle["generated_at"])
            ),
        },
        request=request,
    )
    return attachment(
        render_pdf(engine, html),
        filename=_filename(sar, "pdf"),
        content_type="application/pdf",
    )
