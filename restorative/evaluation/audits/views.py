"""Case-file audit pages: each person's audit tasks, programmes, the audit with the family's
record, the practitioner's reflection, moderation, safeguarding alerts and the audit tool.

Function views: read the input, call one selector or service, render. A record the person may
not see answers 404; an action they may not take on a record they see answers 404 too (the
page offers no such action), so nothing is revealed by trying.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from typing import Any

from dateutil.relativedelta import relativedelta
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.http import require_http_methods, require_POST

from restorative.core import audit as core_audit
from restorative.core import charts
from restorative.core.forms import apply_service_errors
from restorative.core.models import AccessEvent
from restorative.core.views import form_page
from restorative.people.types import AuthenticatedHttpRequest

from ..learning import permissions as learning_permissions
from ..models import AuditAnswer, AuditQuestion, CaseAudit, Compliance, Grade
from ..surveys import permissions as survey_permissions
from ..surveys import selectors as survey_selectors
from . import exports, permissions, reports, selectors, services
from .forms import (
    AcknowledgeForm,
    AlertForm,
    AuditForm,
    ModerationForm,
    ProgrammeForm,
    QuestionForm,
    ReflectionForm,
    RewordQuestionForm,
    RewordSectionForm,
    SectionForm,
)


def audits_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The person's audit tasks (their due list) and the programmes they take part in."""
    user = request.user
    if not permissions.can_use_audits(user):
        raise Http404
    return render(
        request,
        "evaluation/audits/home.html",
        {
            "tasks": selectors.audit_tasks(user),
            "programmes": selectors.programme_rows(user),
            "can_manage": permissions.can_manage_programmes(user),
            "can_view_reports": permissions.can_view_reports(user),
        },
    )


@require_http_methods(["GET", "POST"])
def programme_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Quality assurance draws a programme's sample and assigns its auditors."""
    if not permissions.can_manage_programmes(request.user):
        raise Http404
    form = ProgrammeForm(
        request.POST or None,
        candidates=selectors.auditor_candidates(request.user),
        initial={"moderation_percent": 20},
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        programme, created = services.programme_create(
            actor=request.user,
            theme=data["theme"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            method=data["method"],
            rule=data.get("rule") or "",
            service=data.get("service"),
            size=data["requested_size"],
            auditors=list(data["auditors"]),
            moderators=list(data.get("moderators") or []),
            moderation_percent=data["moderation_percent"],
            submission_token=data["submission_token"],
            seed=data.get("seed"),
            today=timezone.localdate(),
        )
        if created:
            messages.success(
                request, f"{programme.audits.count()} families drawn and auditors assigned"
            )
        return redirect("evaluation:audit_programme", programme_uuid=programme.uuid)

    return form_page(request, form, save, "evaluation/audits/programme_form.html")


def programme_detail(request: AuthenticatedHttpRequest, programme_uuid: uuid.UUID) -> HttpResponse:
    """A programme: how its sample was drawn (checkable), its audits, agreement and alerts."""
    programme = selectors.programme_get(request.user, programme_uuid)
    return render(
        request,
        "evaluation/audits/programme.html",
        {
            "programme": programme,
            "audits": selectors.programme_audits(request.user, programme),
            "sample_checks": selectors.sample_check(programme),
            "agreement": selectors.programme_agreement(programme),
            "open_alerts": selectors.programme_open_alerts(programme),
            "auditors": list(programme.auditors.order_by("last_name", "first_name")),
            "moderators": list(programme.moderators.order_by("last_name", "first_name")),
            "can_manage": permissions.can_manage_programmes(request.user),
        },
    )


@require_POST
def programme_close(request: AuthenticatedHttpRequest, programme_uuid: uuid.UUID) -> HttpResponse:
    programme = selectors.programme_get(request.user, programme_uuid)
    if not permissions.can_manage_programmes(request.user):
        raise Http404
    try:
        services.programme_close(actor=request.user, programme=programme)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "Programme closed")
    return redirect("evaluation:audit_programme", programme_uuid=programme.uuid)


ANSWER_LABELS = dict(Compliance.choices) | dict(Grade.choices)
AnswerRow = tuple[AuditQuestion, AuditAnswer, str]


def _answer_rows(audit: CaseAudit) -> list[tuple[str, list[AnswerRow]]]:
    """The answers given, by section, each with its label in words, in the words the audit
    was answered under (kept with each answer when the tool is reworded later)."""
    answers = selectors.audit_answers(audit)
    rows: list[tuple[str, list[AnswerRow]]] = []
    for section in selectors.tool_sections(active_only=False):
        items = [
            (q, answers[q.pk], str(ANSWER_LABELS.get(answers[q.pk].answer, "")))
            for q in section.questions.all()
            if q.pk in answers
        ]
        if items:
            rows.append((items[0][1].section_title or section.title, items))
    return rows


def audit_detail(request: AuthenticatedHttpRequest, audit_uuid: uuid.UUID) -> HttpResponse:
    """An audit's findings (no case text), with what this person may do next."""
    user = request.user
    audit = selectors.audit_read(user, audit_uuid, request=request)
    family_feedback = survey_selectors.audit_feedback(user, audit)
    shown = [
        (row.response.uuid, audit.family.uuid)
        for row in family_feedback
        if row.readable and row.response is not None
    ]
    if shown:
        # The family's own words, read beside the findings: each answer on the family's trail.
        core_audit.access_events_record_each(
            actor=user,
            action=AccessEvent.Action.VIEW,
            subject_type="surveyresponse",
            subjects=shown,
            reason="read feedback with a case-file audit",
            description="Read the family's feedback with a case-file audit",
            request=request,
        )
    return render(
        request,
        "evaluation/audits/audit.html",
        {
            "family_feedback": family_feedback,
            "can_invite_from_audit": permissions.can_invite_family_from_audit(user, audit),
            "audit": audit,
            "answer_rows": _answer_rows(audit),
            "can_edit": permissions.can_edit_audit(user, audit),
            "can_share": permissions.can_share_audit(user, audit)
            and audit.status in {CaseAudit.Status.ASSIGNED, CaseAudit.Status.IN_PROGRESS},
            "can_finish": permissions.can_finish_audit(user, audit)
            and audit.status == CaseAudit.Status.REFLECTED,
            "reflection_form": ReflectionForm(initial={"reflection": audit.reflection})
            if permissions.can_reflect_on_audit(user, audit)
            else None,
            "can_moderate": permissions.can_moderate_audit(user, audit),
            "alerts": [a for a in selectors.alerts_for(user) if a.audit_id == audit.pk],
            "can_raise_alert": permissions.can_raise_alert(user, audit),
            "can_learn": audit.status == CaseAudit.Status.FINISHED
            and learning_permissions.can_use_learning(user),
            # Audit with, not to (issue 12 point 3): whoever may invite the family's feedback
            # (the practitioner and their team, through the feedback links) is offered it here.
            "can_invite_family": audit.status != CaseAudit.Status.ASSIGNED
            and survey_permissions.can_invite_for_family(user, audit.family),
        },
    )


@require_http_methods(["GET", "POST"])
def audit_work(request: AuthenticatedHttpRequest, audit_uuid: uuid.UUID) -> HttpResponse:
    """The auditor reads the family's record for the period (written to the access trail
    with "audit" as the reason) and the language checker's findings, and grades it."""
    user = request.user
    audit = selectors.audit_get(user, audit_uuid)
    record = selectors.audit_record(user, audit, request=request)
    sections = selectors.tool_sections()
    initial: dict[str, object] = {}
    if audit.grade:
        answers = selectors.audit_answers(audit)
        for section in sections:
            for question in section.questions.all():
                if question.pk in answers:
                    initial[f"q_{question.uuid}"] = answers[question.pk].answer
                    initial[f"n_{question.uuid}"] = answers[question.pk].note
        initial |= {"grade": audit.grade, "rationale": audit.rationale}
        initial["strengths"] = audit.strengths
    form = AuditForm(request.POST or None, sections=sections, initial=initial)

    def save(data: dict[str, Any]) -> HttpResponse:
        answers_given, notes = form.answers()
        services.audit_save(
            actor=user,
            audit=audit,
            answers=answers_given,
            notes=notes,
            grade=data["grade"],
            rationale=data["rationale"],
            strengths=data["strengths"],
            language_findings=len(record.findings),
        )
        messages.success(request, "Audit saved")
        return redirect("evaluation:audit_detail", audit_uuid=audit.uuid)

    context = {"audit": audit, "record": record}
    return form_page(request, form, save, "evaluation/audits/audit_work.html", context)


def _audit_allowed(
    request: AuthenticatedHttpRequest,
    audit_uuid: uuid.UUID,
    allowed: Callable[[Any, CaseAudit], bool],
) -> CaseAudit:
    """The audit, for someone whose step on it `allowed` permits: 404 for anyone else, as
    for every action on an audit."""
    audit = selectors.audit_get(request.user, audit_uuid)
    if not allowed(request.user, audit):
        raise Http404
    return audit


def _action(request: AuthenticatedHttpRequest, audit: CaseAudit, done: str) -> HttpResponse:
    messages.success(request, done)
    return redirect("evaluation:audit_detail", audit_uuid=audit.uuid)


def _audit_step(
    request: AuthenticatedHttpRequest,
    audit_uuid: uuid.UUID,
    step: Callable[..., Any],
    done: str,
) -> HttpResponse:
    """Sharing and finishing are one button each on the audit page: the step is taken, or its
    refusal is shown there; someone who may not take it gets 404, as for every action."""
    audit = selectors.audit_get(request.user, audit_uuid)
    try:
        step(actor=request.user, audit=audit)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("evaluation:audit_detail", audit_uuid=audit.uuid)
    return _action(request, audit, done)


@require_POST
def audit_share(request: AuthenticatedHttpRequest, audit_uuid: uuid.UUID) -> HttpResponse:
    return _audit_step(
        request, audit_uuid, services.audit_share, "Draft findings shared with the practitioner"
    )


@require_POST
def audit_finish(request: AuthenticatedHttpRequest, audit_uuid: uuid.UUID) -> HttpResponse:
    return _audit_step(request, audit_uuid, services.audit_finish, "Audit finished")


@require_POST
def audit_reflect(request: AuthenticatedHttpRequest, audit_uuid: uuid.UUID) -> HttpResponse:
    """The practitioner's reflection, posted from the audit page."""
    user = request.user
    audit = _audit_allowed(request, audit_uuid, permissions.can_reflect_on_audit)
    form = ReflectionForm(request.POST)
    if form.is_valid():
        try:
            services.audit_reflect(
                actor=user, audit=audit, reflection=form.cleaned_data["reflection"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return _action(request, audit, "Your reflection has been added")
    return render(
        request,
        "evaluation/audits/audit.html",
        {
            "audit": audit,
            "answer_rows": _answer_rows(audit),
            "reflection_form": form,
            "alerts": [],
        },
    )


@require_http_methods(["GET", "POST"])
def audit_moderate(request: AuthenticatedHttpRequest, audit_uuid: uuid.UUID) -> HttpResponse:
    """The moderator agrees with or changes the grade, with a reason."""
    user = request.user
    audit = _audit_allowed(request, audit_uuid, permissions.can_moderate_audit)
    if request.method == "GET":
        selectors.audit_read(user, audit_uuid, request=request)
    form = ModerationForm(request.POST or None, initial={"grade": audit.grade})

    def save(data: dict[str, Any]) -> HttpResponse:
        services.audit_moderate(actor=user, audit=audit, **data)
        return _action(request, audit, "Moderation saved")

    context = {"audit": audit, "answer_rows": _answer_rows(audit), "grades": Grade}
    return form_page(request, form, save, "evaluation/audits/moderate.html", context)


@require_http_methods(["GET", "POST"])
def alert_raise(request: AuthenticatedHttpRequest, audit_uuid: uuid.UUID) -> HttpResponse:
    """Raise a safeguarding alert from an open audit."""
    user = request.user
    audit = _audit_allowed(request, audit_uuid, permissions.can_raise_alert)
    form = AlertForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.alert_raise(actor=user, audit=audit, **data)
        return _action(
            request,
            audit,
            "Safeguarding alert raised: the team manager and head of service can see it now",
        )

    return form_page(request, form, save, "evaluation/audits/alert_form.html", {"audit": audit})


@require_http_methods(["GET", "POST"])
def alert_detail(request: AuthenticatedHttpRequest, alert_uuid: uuid.UUID) -> HttpResponse:
    """A safeguarding alert, and its acknowledgement by the team manager or head of service."""
    user = request.user
    alert = selectors.alert_get(user, alert_uuid)
    can_acknowledge = permissions.can_acknowledge_alert(user, alert)
    if not can_acknowledge:
        if request.method == "POST":
            raise Http404
        return render(request, "evaluation/audits/alert.html", {"alert": alert, "form": None})

    def save(data: dict[str, Any]) -> HttpResponse:
        services.alert_acknowledge(actor=user, alert=alert, **data)
        messages.success(request, "Alert acknowledged")
        return redirect("evaluation:audits_home")

    form = AcknowledgeForm(request.POST or None)
    return form_page(request, form, save, "evaluation/audits/alert.html", {"alert": alert})


@require_http_methods(["GET", "POST"])
def tool(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The audit tool: its sections and questions, which quality assurance edits."""
    user = request.user
    if not permissions.can_edit_tool(user):
        raise Http404
    sections = selectors.tool_sections(active_only=False)
    form = QuestionForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.tool_question_create(
            actor=user,
            section=data["section"],
            text=data["text"],
            kind=data["kind"],
            criterion=data.get("criterion") or "",
            hint=data.get("hint") or "",
        )
        messages.success(request, "Question added")
        return redirect("evaluation:audit_tool")

    context = {"sections": sections, "section_form": SectionForm()}
    return form_page(request, form, save, "evaluation/audits/tool.html", context)


@require_POST
def tool_question_toggle(
    request: AuthenticatedHttpRequest, question_uuid: uuid.UUID
) -> HttpResponse:
    question = selectors.tool_question_get(request.user, question_uuid)
    services.tool_question_set_active(
        actor=request.user, question=question, active=not question.is_active
    )
    messages.success(
        request, "Question put back in the tool" if question.is_active else "Question taken out"
    )
    return redirect("evaluation:audit_tool")


def _report(request: AuthenticatedHttpRequest) -> reports.AuditReport:
    today = timezone.localdate()
    try:
        start = datetime.date.fromisoformat(request.GET.get("from", ""))
    except ValueError:
        start = today - relativedelta(months=12) + datetime.timedelta(days=1)
    try:
        end = datetime.date.fromisoformat(request.GET.get("to", ""))
    except ValueError:
        end = today
    if end < start:
        start, end = end, start
    return reports.audit_report(
        request.user, breakdown=request.GET.get("by", "theme"), start=start, end=end
    )


def _grades_chart(title: str, rows: list[reports.ReportRow]) -> SafeString:
    """Each row's audits as one bar, split by final grade from best to worst."""
    return charts.stacked_bars(
        title,
        [(row.label, row.counts) for row in rows],
        series=[str(grade.label).replace(" to be good", "") for grade in reports.GRADES],
    )


def audit_reports(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Audit grades by theme, team or service, and by quarter, as charts and tables."""
    report = _report(request)
    return render(
        request,
        "evaluation/audits/reports.html",
        {
            "report": report,
            "grades": reports.GRADES,
            "breakdowns": [(key, label) for key, (_, label) in reports.BREAKDOWNS.items()],
            "chart": _grades_chart(
                f"Final grades by {report.breakdown_label.lower()}", report.rows
            ),
            "trend_chart": _grades_chart("Final grades by quarter", report.trend),
            "query": request.GET.urlencode(),
        },
    )


def audit_reports_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    return exports.report_csv(_report(request))


def audit_reports_xlsx(request: AuthenticatedHttpRequest) -> HttpResponse:
    return exports.report_xlsx(_report(request))


@require_POST
def tool_section_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Quality assurance adds a section to the tool (posted from the tool page)."""
    user = request.user
    if not permissions.can_edit_tool(user):
        raise Http404
    section_form = SectionForm(request.POST)
    if section_form.is_valid():
        try:
            section = services.tool_section_create(
                actor=user, title=section_form.cleaned_data["title"]
            )
        except ValidationError as error:
            apply_service_errors(section_form, error)
        else:
            messages.success(request, f"Section added: {section.title}. Add its questions below")
            return redirect("evaluation:audit_tool")
    return render(
        request,
        "evaluation/audits/tool.html",
        {
            "sections": selectors.tool_sections(active_only=False),
            "form": QuestionForm(),
            "section_form": section_form,
        },
    )


def _reword(
    request: AuthenticatedHttpRequest, form: Any, what: str, current: str, save: Any
) -> HttpResponse:
    """The reword page for a question or a section: read the form, call the service."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{what.capitalize()} reworded")
            return redirect("evaluation:audit_tool")
    return render(
        request,
        "evaluation/audits/tool_reword.html",
        {"form": form, "what": what, "current": current},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def tool_question_edit(request: AuthenticatedHttpRequest, question_uuid: uuid.UUID) -> HttpResponse:
    """Quality assurance rewords a question in place; answered audits keep their words."""
    question = selectors.tool_question_get(request.user, question_uuid)
    form = RewordQuestionForm(
        request.POST or None, initial={"text": question.text, "hint": question.hint}
    )
    return _reword(
        request,
        form,
        "question",
        question.text,
        lambda data: services.tool_question_reword(
            actor=request.user, question=question, text=data["text"], hint=data["hint"]
        ),
    )


@require_http_methods(["GET", "POST"])
def tool_section_edit(request: AuthenticatedHttpRequest, section_uuid: uuid.UUID) -> HttpResponse:
    """Quality assurance retitles a section in place; answered audits keep the old title."""
    section = selectors.tool_section_get(request.user, section_uuid)
    form = RewordSectionForm(request.POST or None, initial={"title": section.title})
    return _reword(
        request,
        form,
        "section",
        section.title,
        lambda data: services.tool_section_rename(
            actor=request.user, section=section, title=data["title"]
        ),
    )
