"""Complaint and compliment pages, under /evaluation/complaints/ and /evaluation/compliments/.

Read the input, call one selector or service, render. A complaint the person may not see —
one about themselves included — answers 404 on its page, its export and every form; the
forms that change it answer 404 to anyone but the complaints manager.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from restorative.core.downloads import csv_attachment
from restorative.core.models import AccessEvent
from restorative.core.views import form_page
from restorative.people.types import AuthenticatedHttpRequest

from .. import learning_sources
from ..models import Complaint, ComplaintStage
from . import forms as complaint_forms
from . import permissions, selectors, services
from .timescales import STATUTORY, TIMELINESS_LABELS

# Rows a list page shows at once: the newest first, the rest a page away.
PAGE_SIZE = 50


def _today() -> datetime.date:
    return timezone.localdate()


def _changeable(request: AuthenticatedHttpRequest, complaint_uuid: uuid.UUID) -> Complaint:
    complaint = selectors.complaint_get(request.user, complaint_uuid)
    if not permissions.can_change_complaint(request.user, complaint):
        raise Http404
    return complaint


@require_GET
def complaint_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The complaints this person may see, with their stage and timeliness (no complainant)."""
    if not permissions.can_list_complaints(request.user):
        raise Http404
    complaints = selectors.complaints_for(request.user)
    status = request.GET.get("status", "open")
    if status in Complaint.Status.values:
        complaints = complaints.filter(status=status)
    page = Paginator(complaints, PAGE_SIZE).get_page(request.GET.get("page", 1))
    return render(
        request,
        "evaluation/complaints/list.html",
        {
            "rows": selectors.complaint_rows(page.object_list, today=_today()),
            "page": page,
            "status": status,
            "can_manage": permissions.can_manage_complaints(request.user),
            "can_report": permissions.can_view_complaint_reports(request.user),
        },
    )


EXPORT_HEADERS = (
    "Reference",
    "Procedure",
    "Received",
    "Who complained",
    "Service",
    "Team",
    "Categories",
    "Stage",
    "Due",
    "Timeliness",
    "Status",
)


@require_GET
def complaint_list_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The list as CSV: the same rows the person may see, never the complainant's details."""
    if not permissions.can_list_complaints(request.user):
        raise Http404
    rows = selectors.complaint_rows(selectors.complaints_for(request.user), today=_today())

    def lines() -> Any:
        yield EXPORT_HEADERS
        for row in rows:
            complaint = row.complaint
            yield (
                complaint.reference,
                complaint.get_procedure_display(),
                complaint.received_on.isoformat(),
                complaint.get_complainant_kind_display(),
                complaint.service.name,
                complaint.team.name if complaint.team else "",
                "; ".join(row.categories),
                row.stage.number if row.stage else "",
                row.stage.final_due_on.isoformat() if row.stage else "",
                TIMELINESS_LABELS[row.timeliness] if row.timeliness else "",
                complaint.get_status_display(),
            )

    return csv_attachment(
        lines(), filename=f"complaints-{_today().isoformat()}.csv", spreadsheet_bom=True
    )


@require_GET
def complaint_detail(request: AuthenticatedHttpRequest, complaint_uuid: uuid.UUID) -> HttpResponse:
    complaint = selectors.complaint_get(request.user, complaint_uuid)
    services.complaint_record_view(actor=request.user, complaint=complaint, request=request)
    stages = list(complaint.stages.all())
    today = _today()
    return render(
        request,
        "evaluation/complaints/detail.html",
        {
            "complaint": complaint,
            "stages": stages,
            "stage_rows": selectors.complaint_rows([complaint], today=today)[0],
            "elements": list(complaint.elements.all()),
            "referrals": list(complaint.ombudsman_referrals.all()),
            "can_change": permissions.can_change_complaint(request.user, complaint),
            "learning_url": learning_sources.finding_url("complaint", complaint.uuid),
        },
    )


@require_GET
def complaint_csv(request: AuthenticatedHttpRequest, complaint_uuid: uuid.UUID) -> HttpResponse:
    """One complaint's record as CSV (stages, extensions, elements): for the file."""
    complaint = selectors.complaint_get(request.user, complaint_uuid)
    services.complaint_record_view(
        actor=request.user, complaint=complaint, request=request, action=AccessEvent.Action.EXPORT
    )

    def lines() -> Any:
        yield ("Reference", complaint.reference)
        yield ("Procedure", complaint.get_procedure_display())
        yield ("Received", complaint.received_on.isoformat())
        yield ("Who complained", complaint.get_complainant_kind_display())
        yield ("Complainant", complaint.complainant_name)
        yield ("Summary", complaint.summary)
        yield ()
        yield ("Stage", "Started", "Working days", "Due", "Responded")
        for stage in complaint.stages.all():
            yield (
                stage.number,
                stage.started_on.isoformat(),
                stage.working_days,
                stage.final_due_on.isoformat(),
                stage.responded_on.isoformat() if stage.responded_on else "",
            )
            for extension in stage.extensions.all():
                yield (
                    "Extension",
                    extension.reason,
                    extension.working_days,
                    extension.due_on.isoformat(),
                    extension.complainant_told_on.isoformat(),
                )
        yield ()
        yield ("Category", "Element", "Outcome")
        for element in complaint.elements.all():
            yield (
                element.get_category_display(),
                element.description,
                element.get_outcome_display(),
            )

    return csv_attachment(
        lines(), filename=f"complaint-{complaint.uuid.hex[:8]}.csv", spreadsheet_bom=True
    )


FORM_TEMPLATE = "evaluation/complaints/form.html"


@require_http_methods(["GET", "POST"])
def complaint_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_manage_complaints(request.user):
        raise Http404
    form = complaint_forms.ComplaintForm(
        request.POST or None,
        teams=selectors.complaint_choices_teams(request.user),
        services=selectors.complaint_choices_services(request.user),
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        family = selectors.family_by_reference(data.get("family_reference", ""))
        if data.get("family_reference") and family is None:
            raise ValidationError({"family_reference": ["No family has this case reference"]})
        complaint = services.complaint_create(
            actor=request.user,
            procedure=data["procedure"],
            received_on=data["received_on"],
            complainant_kind=data["complainant_kind"],
            complainant_name=data["complainant_name"],
            complainant_contact=data["complainant_contact"],
            advocate_offer=data["advocate_offer"],
            team=data["team"],
            service=data["service"],
            staff=data["staff"],
            family=family,
            summary=data["summary"],
            elements=form.elements(),  # type: ignore[attr-defined]
            request=request,
        )
        messages.success(request, "Complaint recorded: stage 1 has started")
        return redirect("evaluation:complaint_detail", complaint_uuid=complaint.uuid)

    return form_page(
        request,
        form,
        save,
        FORM_TEMPLATE,
        {"heading": "Record a complaint", "back": "evaluation:complaint_list"},
        field_names={"elements": "element_1_description"},
    )


def _action_page(
    request: AuthenticatedHttpRequest,
    complaint_uuid: uuid.UUID,
    *,
    form_class: Callable[..., forms.Form],
    heading: str,
    done: str,
    service: Callable[..., Any],
    about: Callable[[Complaint], dict[str, Any]] = lambda complaint: {"complaint": complaint},
    form_kwargs: Callable[[Complaint], dict[str, Any]] | None = None,
) -> HttpResponse:
    """A step of the procedure on a complaint: its form's fields are the service's arguments,
    with `about` saying what the step is on (the complaint, or one of its stages or elements)."""
    complaint = _changeable(request, complaint_uuid)
    subject = about(complaint)  # a stage or element that does not exist is 404 before any form
    extra = form_kwargs(complaint) if form_kwargs else {}
    form = form_class(request.POST or None, **extra)

    def save(data: dict[str, Any]) -> HttpResponse:
        service(actor=request.user, request=request, **subject, **data)
        messages.success(request, done)
        return redirect("evaluation:complaint_detail", complaint_uuid=complaint.uuid)

    context = {"heading": heading, "complaint": complaint}
    return form_page(request, form, save, FORM_TEMPLATE, context)


def _stage(complaint: Complaint, number: int) -> ComplaintStage:
    for stage in complaint.stages.all():
        if stage.number == number:
            return stage
    raise Http404


@require_http_methods(["GET", "POST"])
def stage_start(request: AuthenticatedHttpRequest, complaint_uuid: uuid.UUID) -> HttpResponse:
    return _action_page(
        request,
        complaint_uuid,
        form_class=complaint_forms.StageStartForm,
        heading="Start the next stage",
        done="The next stage has started",
        service=services.stage_start,
    )


@require_http_methods(["GET", "POST"])
def stage_extend(
    request: AuthenticatedHttpRequest, complaint_uuid: uuid.UUID, number: int
) -> HttpResponse:
    return _action_page(
        request,
        complaint_uuid,
        form_class=complaint_forms.ExtensionForm,
        heading=f"Extend stage {number}",
        done=f"Stage {number} extended",
        service=services.stage_extend,
        about=lambda complaint: {"stage": _stage(complaint, number)},
    )


@require_http_methods(["GET", "POST"])
def stage_record(
    request: AuthenticatedHttpRequest, complaint_uuid: uuid.UUID, number: int
) -> HttpResponse:
    return _action_page(
        request,
        complaint_uuid,
        form_class=complaint_forms.StageRecordForm,
        form_kwargs=lambda complaint: {"stage_number": _stage(complaint, number).number},
        heading=f"Record stage {number}'s progress",
        done=f"Stage {number} updated",
        service=services.stage_record,
        about=lambda complaint: {"stage": _stage(complaint, number)},
    )


@require_http_methods(["GET", "POST"])
def element_outcome(
    request: AuthenticatedHttpRequest, complaint_uuid: uuid.UUID, element_uuid: uuid.UUID
) -> HttpResponse:
    def element_of(complaint: Complaint) -> Any:
        for element in complaint.elements.all():
            if element.uuid == element_uuid:
                return element
        raise Http404

    return _action_page(
        request,
        complaint_uuid,
        form_class=complaint_forms.OutcomeForm,
        heading="Record the outcome",
        done="Outcome recorded",
        service=services.element_decide,
        about=lambda complaint: {"element": element_of(complaint)},
    )


@require_http_methods(["GET", "POST"])
def complaint_restorative(
    request: AuthenticatedHttpRequest, complaint_uuid: uuid.UUID
) -> HttpResponse:
    return _action_page(
        request,
        complaint_uuid,
        form_class=complaint_forms.RestorativeForm,
        heading="Offer to resolve it restoratively",
        done="Restorative meeting recorded",
        service=services.complaint_restorative_record,
    )


@require_http_methods(["GET", "POST"])
def complaint_ombudsman(
    request: AuthenticatedHttpRequest, complaint_uuid: uuid.UUID
) -> HttpResponse:
    return _action_page(
        request,
        complaint_uuid,
        form_class=complaint_forms.OmbudsmanForm,
        heading="Record an Ombudsman referral",
        done="Ombudsman referral recorded",
        service=services.ombudsman_refer,
    )


@require_http_methods(["GET", "POST"])
def complaint_close(request: AuthenticatedHttpRequest, complaint_uuid: uuid.UUID) -> HttpResponse:
    return _action_page(
        request,
        complaint_uuid,
        form_class=complaint_forms.CloseForm,
        heading="Close the complaint",
        done="Complaint closed",
        service=services.complaint_close,
    )


# --- Compliments ---------------------------------------------------------------------------


@require_GET
def compliment_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_list_compliments(request.user):
        raise Http404
    return render(
        request,
        "evaluation/complaints/compliments.html",
        {
            "page": Paginator(selectors.compliments_for(request.user), PAGE_SIZE).get_page(
                request.GET.get("page", 1)
            ),
            "notices": list(selectors.compliment_notices_for(request.user)[:50]),
            "can_record": permissions.can_record_compliments(request.user),
        },
    )


@require_POST
def compliment_notices_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_list_compliments(request.user):
        raise Http404
    services.compliment_notices_mark_read(actor=request.user)
    messages.success(request, "Marked as read")
    return redirect("evaluation:compliment_list")


@require_GET
def compliment_detail(
    request: AuthenticatedHttpRequest, compliment_uuid: uuid.UUID
) -> HttpResponse:
    compliment = selectors.compliment_get(request.user, compliment_uuid)
    return render(
        request, "evaluation/complaints/compliment_detail.html", {"compliment": compliment}
    )


@require_http_methods(["GET", "POST"])
def compliment_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_record_compliments(request.user):
        raise Http404
    form = complaint_forms.ComplimentForm(
        request.POST or None, teams=selectors.complaint_choices_teams(request.user)
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        services.compliment_create(actor=request.user, **data)
        messages.success(
            request,
            "Compliment recorded: the people it is about and their managers have been told",
        )
        return redirect("evaluation:compliment_list")

    context = {"heading": "Record a compliment", "back": "evaluation:compliment_list"}
    return form_page(request, form, save, FORM_TEMPLATE, context)


@require_http_methods(["GET", "POST"])
def complaint_timescales(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The complaints manager sets the organisation's timescales (working days per stage and
    whose bank holidays count); the page shows the regulations' numbers beside them."""
    if not permissions.can_change_complaint_timescales(request.user):
        raise Http404
    rules = services.complaint_rules()
    initial = {field: getattr(rules.timescales, field) for field in services.TIMESCALE_FIELDS}
    form = complaint_forms.TimescalesForm(
        request.POST or None, initial=initial | {"nation": rules.nation}
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        services.complaint_timescales_set(actor=request.user, **data)
        messages.success(
            request, "Complaint timescales saved: they apply to stages started or extended from now"
        )
        return redirect("evaluation:complaint_timescales")

    context = {
        "heading": "Complaint timescales",
        "back": "evaluation:complaint_list",
        "statutory": [
            (label, getattr(STATUTORY, field)) for field, label in services.TIMESCALE_FIELDS.items()
        ],
    }
    return form_page(request, form, save, "evaluation/complaints/timescales.html", context)
