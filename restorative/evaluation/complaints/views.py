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
from restorative.core.forms import apply_service_errors
from restorative.core.models import AccessEvent
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


def _form_page(
    request: AuthenticatedHttpRequest,
    *,
    form: forms.Form,
    save: Callable[[dict[str, Any]], Any],
    done: str,
    context: dict[str, Any],
    template: str = "evaluation/complaints/form.html",
    field_names: dict[str, str] | None = None,
) -> HttpResponse | None:
    """Shared POST handling: valid form → service; the service's refusal → beside the fields."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error, field_names=field_names)
        else:
            messages.success(request, done)
            return None
    return render(request, template, {"form": form, **context})


@require_http_methods(["GET", "POST"])
def complaint_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_manage_complaints(request.user):
        raise Http404
    form = complaint_forms.ComplaintForm(
        request.POST or None,
        teams=selectors.complaint_choices_teams(request.user),
        services=selectors.complaint_choices_services(request.user),
    )
    created: list[Complaint] = []

    def save(data: dict[str, Any]) -> None:
        family = selectors.family_by_reference(data.get("family_reference", ""))
        if data.get("family_reference") and family is None:
            raise ValidationError({"family_reference": ["No family has this case reference"]})
        created.append(
            services.complaint_create(
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
        )

    answer = _form_page(
        request,
        form=form,
        save=save,
        done="Complaint recorded: stage 1 has started",
        context={"heading": "Record a complaint", "back": "evaluation:complaint_list"},
        field_names={"elements": "element_1_description"},
    )
    return answer or redirect("evaluation:complaint_detail", complaint_uuid=created[0].uuid)


def _action_page(
    request: AuthenticatedHttpRequest,
    complaint_uuid: uuid.UUID,
    *,
    form_class: Callable[..., forms.Form],
    heading: str,
    done: str,
    save: Callable[[Complaint, dict[str, Any]], Any],
    form_kwargs: Callable[[Complaint], dict[str, Any]] | None = None,
) -> HttpResponse:
    complaint = _changeable(request, complaint_uuid)
    extra = form_kwargs(complaint) if form_kwargs else {}
    form = form_class(request.POST or None, **extra)
    answer = _form_page(
        request,
        form=form,
        save=lambda data: save(complaint, data),
        done=done,
        context={"heading": heading, "complaint": complaint},
    )
    return answer or redirect("evaluation:complaint_detail", complaint_uuid=complaint.uuid)


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
        save=lambda complaint, data: services.stage_start(
            actor=request.user,
            complaint=complaint,
            number=data["number"],
            started_on=data["started_on"],
            investigating_officer=data["investigating_officer"],
            independent_person=data["independent_person"],
            request=request,
        ),
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
        save=lambda complaint, data: services.stage_extend(
            actor=request.user,
            stage=_stage(complaint, number),
            reason=data["reason"],
            complainant_told_on=data["complainant_told_on"],
            working_days=data["working_days"],
            request=request,
        ),
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
        save=lambda complaint, data: services.stage_record(
            actor=request.user,
            stage=_stage(complaint, number),
            responded_on=data.get("responded_on"),
            panel_held_on=data.get("panel_held_on"),
            report_sent_on=data.get("report_sent_on"),
            request=request,
        ),
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

    complaint = _changeable(request, complaint_uuid)
    element_of(complaint)
    return _action_page(
        request,
        complaint_uuid,
        form_class=complaint_forms.OutcomeForm,
        heading="Record the outcome",
        done="Outcome recorded",
        save=lambda complaint, data: services.element_decide(
            actor=request.user,
            element=element_of(complaint),
            outcome=data["outcome"],
            decided_on=data["decided_on"],
            request=request,
        ),
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
        save=lambda complaint, data: services.complaint_restorative_record(
            actor=request.user,
            complaint=complaint,
            offered_on=data["offered_on"],
            accepted=data["accepted"],
            held_on=data["held_on"],
            outcome=data["outcome"],
            request=request,
        ),
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
        save=lambda complaint, data: services.ombudsman_refer(
            actor=request.user,
            complaint=complaint,
            referred_on=data["referred_on"],
            decision=data["decision"],
            decided_on=data["decided_on"],
            request=request,
        ),
    )


@require_http_methods(["GET", "POST"])
def complaint_close(request: AuthenticatedHttpRequest, complaint_uuid: uuid.UUID) -> HttpResponse:
    return _action_page(
        request,
        complaint_uuid,
        form_class=complaint_forms.CloseForm,
        heading="Close the complaint",
        done="Complaint closed",
        save=lambda complaint, data: services.complaint_close(
            actor=request.user, complaint=complaint, closed_on=data["closed_on"], request=request
        ),
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
    answer = _form_page(
        request,
        form=form,
        save=lambda data: services.compliment_create(
            actor=request.user,
            received_on=data["received_on"],
            from_kind=data["from_kind"],
            from_name=data["from_name"],
            team=data["team"],
            staff=data["staff"],
            theme=data["theme"],
            words=data["words"],
        ),
        done="Compliment recorded: the people it is about and their managers have been told",
        context={"heading": "Record a compliment", "back": "evaluation:compliment_list"},
    )
    return answer or redirect("evaluation:compliment_list")


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
    answer = _form_page(
        request,
        form=form,
        save=lambda data: services.complaint_timescales_set(actor=request.user, **data),
        done="Complaint timescales saved: they apply to stages started or extended from now",
        context={
            "heading": "Complaint timescales",
            "back": "evaluation:complaint_list",
            "statutory": [
                (label, getattr(STATUTORY, field))
                for field, label in services.TIMESCALE_FIELDS.items()
            ],
        },
        template="evaluation/complaints/timescales.html",
    )
    return answer or redirect("evaluation:complaint_timescales")
