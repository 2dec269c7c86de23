"""Training pages: the catalogue, sessions, booking, attendance, my training and compliance.

Read input, call a service or selector, render. Every write is a POST that redirects
(post/redirect/get), and the services make a repeated POST harmless.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_http_methods, require_POST

from restorative.core import page_sections
from restorative.core.downloads import CSV_CONTENT_TYPE, attachment
from restorative.core.security import log_security_event
from restorative.core.views import form_page
from restorative.people import permissions as people_permissions
from restorative.people import selectors as people_selectors
from restorative.people import services as people_services
from restorative.people.types import AuthenticatedHttpRequest

from . import exports, my_training_sections, permissions, selectors, services
from .compliance import STATUS_ORDER, Status
from .forms import (
    AttendanceForm,
    CourseForm,
    SessionEditForm,
    SessionForm,
    SupervisionAgreementEndForm,
    SupervisionAgreementForm,
    SupervisionSessionEditForm,
    SupervisionSessionForm,
)
from .models import Booking, Course, SupervisionCaseDecision, SupervisionSession

# The service names a session's start `starts_at`; the forms ask for it as `date`, so its
# messages are shown once, beside the date.
START_ASKED_AS = {"starts_at": "date"}
# What the form scheduling a session and the one changing it both hand to the services.
SESSION_FIELDS = ("starts_at", "capacity", "place", "online_link", "facilitators")


def _today() -> datetime.date:
    return timezone.localdate()


# --- Catalogue -----------------------------------------------------------------------------


CATALOGUE_PAGE = "workforce:catalogue"


def catalogue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The course catalogue and the sessions coming up that this person may book."""
    now = timezone.now()
    return render(
        request,
        "workforce/catalogue.html",
        {
            "courses": list(selectors.courses_for(request.user)),
            "sessions": selectors.upcoming_sessions(request.user, now=now),
            # What later apps show beside the catalogue (the evaluation app's training needs).
            "sections": page_sections.sections_for(CATALOGUE_PAGE, request.user),
            "can_manage": permissions.can_manage_training(request.user),
            "can_view_own": permissions.can_view_own_training(request.user),
            "can_view_compliance": permissions.can_view_compliance_reports(request.user),
            "can_view_supervision": permissions.can_use_supervision(request.user)
            and (
                permissions.can_view_supervision_overview(request.user)
                or selectors.supervision_involved(request.user)
            ),
        },
    )


def _course_initial(course: Course) -> dict[str, Any]:
    return {
        "title": course.title,
        "kind": course.kind,
        "level": course.level,
        "length_hours": course.length_hours,
        "delivery": course.delivery,
        "validity_months": course.validity_months,
        "description": course.description,
        "required_groups": [r.group for r in course.requirements.all()],
    }


@require_http_methods(["GET", "POST"])
def course_form(
    request: AuthenticatedHttpRequest, course_uuid: uuid.UUID | None = None
) -> HttpResponse:
    """Add a course, or change one, with who must complete it."""
    if not permissions.can_manage_training(request.user):
        raise Http404
    course = selectors.course_get(request.user, course_uuid) if course_uuid else None
    form = CourseForm(request.POST or None, initial=_course_initial(course) if course else None)

    def save(cleaned: dict[str, Any]) -> HttpResponse:
        data = dict(cleaned)
        groups = data.pop("required_groups")
        if course is None:
            saved = services.course_create(actor=request.user, required_groups=groups, **data)
            messages.success(request, f"{saved.title} added to the catalogue")
        else:
            saved = services.course_update(
                actor=request.user, course=course, data=data, required_groups=groups
            )
            messages.success(request, "Course saved")
        return redirect("workforce:course_detail", course_uuid=saved.uuid)

    return form_page(request, form, save, "workforce/course_form.html", {"course": course})


def course_detail(request: AuthenticatedHttpRequest, course_uuid: uuid.UUID) -> HttpResponse:
    """A course, who must complete it, and its sessions."""
    course = selectors.course_get(request.user, course_uuid)
    upcoming, past = selectors.course_sessions(request.user, course, now=timezone.now())
    return render(
        request,
        "workforce/course_detail.html",
        {
            "course": course,
            "upcoming": upcoming,
            "past": past,
            "can_manage": permissions.can_manage_training(request.user),
        },
    )


# --- Sessions ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def session_create(request: AuthenticatedHttpRequest, course_uuid: uuid.UUID) -> HttpResponse:
    """Schedule a session of a course."""
    if not permissions.can_manage_training(request.user):
        raise Http404
    course = selectors.course_get(request.user, course_uuid)
    form = SessionForm(
        request.POST or None,
        facilitators=selectors.facilitator_choices(),
        agencies=selectors.partner_agency_choices(),
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        session = services.session_create(
            actor=request.user,
            course=course,
            partner_agencies=data["partner_agencies"],
            submission_token=data["submission_token"],
            **{name: data[name] for name in SESSION_FIELDS},
        )
        messages.success(request, "Session added")
        return redirect("workforce:session_detail", session_uuid=session.uuid)

    return form_page(
        request,
        form,
        save,
        "workforce/session_form.html",
        {"course": course},
        field_names=START_ASKED_AS,
    )


def session_detail(request: AuthenticatedHttpRequest, session_uuid: uuid.UUID) -> HttpResponse:
    """A session: when and where, booking or cancelling, and for its runners the bookings."""
    session = selectors.session_get(request.user, session_uuid)
    now = timezone.now()
    runs_it = permissions.can_take_attendance(request.user, session)
    return render(
        request,
        "workforce/session_detail.html",
        {
            "session": session,
            "booking": selectors.own_booking(request.user, session),
            "bookings": selectors.session_bookings(request.user, session) if runs_it else None,
            "is_future": session.starts_at > now,
            "can_take_attendance": runs_it and session.starts_at <= now,
            "can_manage": permissions.can_manage_training(request.user),
            "places_left": max(session.capacity - getattr(session, "booked_count", 0), 0),
        },
    )


@require_http_methods(["GET", "POST"])
def session_edit(request: AuthenticatedHttpRequest, session_uuid: uuid.UUID) -> HttpResponse:
    """Change a session's date and time, place, link, capacity (never below the places
    booked) or facilitators."""
    if not permissions.can_manage_training(request.user):
        raise Http404
    session = selectors.session_get(request.user, session_uuid)
    local_start = timezone.localtime(session.starts_at)
    form = SessionEditForm(
        request.POST or None,
        facilitators=selectors.facilitator_choices(),
        initial={
            "date": local_start.date(),
            "start_time": f"{local_start:%H:%M}",
            "place": session.place,
            "online_link": session.online_link,
            "capacity": session.capacity,
            "facilitators": list(session.facilitators.all()),
        },
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        services.session_update(
            actor=request.user, session=session, **{name: data[name] for name in SESSION_FIELDS}
        )
        messages.success(request, "Session saved")
        return redirect("workforce:session_detail", session_uuid=session.uuid)

    return form_page(
        request,
        form,
        save,
        "workforce/session_edit.html",
        {"session": session},
        field_names=START_ASKED_AS,
    )


@require_POST
def session_book(request: AuthenticatedHttpRequest, session_uuid: uuid.UUID) -> HttpResponse:
    """Book yourself onto a session (or its waiting list). Booking twice books once."""
    session = selectors.session_get(request.user, session_uuid)
    try:
        booking = services.booking_create(actor=request.user, session=session)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if booking.status == Booking.Status.WAITING:
            messages.success(request, "The session is full: you are on the waiting list")
        else:
            messages.success(request, "You are booked on this session")
    return redirect("workforce:session_detail", session_uuid=session.uuid)


@require_POST
def booking_cancel(request: AuthenticatedHttpRequest, booking_uuid: uuid.UUID) -> HttpResponse:
    """Cancel a booking; the first person waiting gets the place."""
    booking = selectors.booking_get_for_cancel(request.user, booking_uuid)
    try:
        services.booking_cancel(actor=request.user, booking=booking)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Booking cancelled")
    return redirect("workforce:session_detail", session_uuid=booking.session.uuid)


@require_http_methods(["GET", "POST"])
def session_attendance(request: AuthenticatedHttpRequest, session_uuid: uuid.UUID) -> HttpResponse:
    """The facilitator (or workforce team) records who attended."""
    session = selectors.session_get(request.user, session_uuid)
    if not permissions.can_take_attendance(request.user, session):
        raise Http404
    if session.starts_at > timezone.now():
        messages.error(request, "Attendance can be taken once the session has started")
        return redirect("workforce:session_detail", session_uuid=session.uuid)
    bookings = [
        b
        for b in selectors.session_bookings(request.user, session)
        if b.status in Booking.HOLDS_PLACE
    ]
    form = AttendanceForm(
        request.POST or None,
        bookings=bookings,
        initial={"attended": [str(b.pk) for b in bookings if b.status == Booking.Status.ATTENDED]},
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        count = services.attendance_record(
            actor=request.user,
            session=session,
            attended_ids=[int(pk) for pk in data["attended"]],
        )
        messages.success(request, f"Attendance saved: {count} attended")
        return redirect("workforce:session_detail", session_uuid=session.uuid)

    return form_page(
        request, form, save, "workforce/attendance.html", {"session": session, "bookings": bookings}
    )


# --- My training and compliance ------------------------------------------------------------


def my_training(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A person's own bookings and their status for every course."""
    if not permissions.can_view_own_training(request.user):
        raise Http404
    today = _today()
    return render(
        request,
        "workforce/my_training.html",
        {
            "compliance": (
                selectors.my_compliance(request.user, today=today)
                if permissions.has_own_compliance(request.user)
                else None
            ),
            "bookings": selectors.my_bookings(request.user),
            "today": today,
            "sections": my_training_sections.sections_for(request.user),
        },
    )


def compliance_overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Figures per team and service for everyone this person may see.

    The tables are shared by everyone who sees the same people and kept for two minutes
    (`selectors.compliance_overview_key`; the template's cache block): the figures are
    counted only when the tables are not kept, and the page says when they were counted.
    """
    if not permissions.can_view_compliance_reports(request.user):
        raise Http404("Not found")
    today = _today()
    user = request.user
    return render(
        request,
        "workforce/compliance_overview.html",
        {
            "overview": SimpleLazyObject(lambda: selectors.compliance_overview(user, today=today)),
            "overview_key": selectors.compliance_overview_key(user, today=today),
            "overview_seconds": selectors.COMPLIANCE_OVERVIEW_SECONDS,
            "overview_minutes": selectors.COMPLIANCE_OVERVIEW_SECONDS // 60,
            "statuses": STATUS_ORDER,
            "missing_start": selectors.asye_without_start_date(request.user),
        },
    )


def team_compliance(request: AuthenticatedHttpRequest, team_uuid: uuid.UUID) -> HttpResponse:
    """A team's figures per course, each figure linking to the names behind it."""
    team = selectors.team_for_compliance(request.user, team_uuid)
    data = selectors.team_compliance(request.user, team, today=_today())
    drill_course = next(
        (c for c in data.courses if str(c.uuid) == request.GET.get("course", "")), None
    )
    status_value = request.GET.get("status", "")
    drill_status = Status(status_value) if status_value in Status._value2member_map_ else None
    names = data.names(drill_course, drill_status) if drill_course and drill_status else None
    rows = [
        {"course": course, "figures": data.by_course[course.pk].ordered()}
        for course in data.courses
    ]
    return render(
        request,
        "workforce/team_compliance.html",
        {
            "data": data,
            "team": team,
            "rows": rows,
            "statuses": STATUS_ORDER,
            "drill_course": drill_course,
            "drill_status": drill_status,
            "names": names,
        },
    )


def _log_export(request: AuthenticatedHttpRequest, team: Any, kind: str, rows: int) -> None:
    """Exports of names go to the security log: who, which team, which format, how many rows."""
    log_security_event(
        "training_compliance_exported",
        request=request,
        user=request.user,
        team=str(team.uuid),
        format=kind,
        rows=str(rows),
    )


def team_compliance_csv(request: AuthenticatedHttpRequest, team_uuid: uuid.UUID) -> HttpResponse:
    """The team's compliance, one row per person and course, as CSV (formulas neutralised)."""
    team = selectors.team_for_compliance(request.user, team_uuid)
    data = selectors.team_compliance(request.user, team, today=_today())
    response = attachment(
        filename=exports.export_filename(data, today=_today(), extension="csv"),
        content_type=CSV_CONTENT_TYPE,
    )
    _log_export(request, team, "csv", exports.write_compliance_csv(response, data))
    return response


def team_compliance_xlsx(request: AuthenticatedHttpRequest, team_uuid: uuid.UUID) -> HttpResponse:
    """The same rows and columns as the CSV, as an Excel workbook with real dates."""
    team = selectors.team_for_compliance(request.user, team_uuid)
    data = selectors.team_compliance(request.user, team, today=_today())
    content, rows = exports.compliance_xlsx(data)
    response = attachment(
        content,
        filename=exports.export_filename(data, today=_today(), extension="xlsx"),
        content_type=exports.XLSX_CONTENT_TYPE,
    )
    _log_export(request, team, "xlsx", rows)
    return response


# --- Supervision (policy §6.4) -------------------------------------------------------------


def supervision_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """My supervision: my next session due and my sessions; the people I supervise."""
    if not permissions.can_use_supervision(request.user):
        raise Http404
    today = _today()
    mine = selectors.my_supervision(request.user, today=today)
    return render(
        request,
        "workforce/supervision_home.html",
        {
            "mine": mine,
            "my_sessions": list(selectors.supervision_sessions_of(request.user, request.user)),
            "supervisees": selectors.supervisees_of(request.user, today=today),
            "can_view_overview": permissions.can_view_supervision_overview(request.user),
            "today": today,
        },
    )


def supervision_team(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Managers' and heads of service's view: each supervisee's last session and next due."""
    if not permissions.can_view_supervision_overview(request.user):
        raise Http404
    today = _today()
    rows = selectors.supervision_overview(request.user, today=today)
    return render(
        request,
        "workforce/supervision_team.html",
        {
            "rows": rows,
            "missing_start": selectors.asye_without_start_date(request.user),
            "overdue_count": sum(r.overdue for r in rows),
            "today": today,
            "can_end": {
                r.agreement.pk
                for r in rows
                if permissions.can_manage_supervision_of(request.user, r.agreement.supervisee)
            },
        },
    )


@require_http_methods(["GET", "POST"])
def supervision_session_create(
    request: AuthenticatedHttpRequest, agreement_uuid: uuid.UUID
) -> HttpResponse:
    """The supervisor records a session. A repeated submission saves once."""
    agreement = selectors.supervision_agreement_for_recording(request.user, agreement_uuid)
    families = selectors.supervision_family_choices(request.user, agreement)
    form = SupervisionSessionForm(request.POST or None, families=families)

    def save(data: dict[str, Any]) -> HttpResponse:
        session, created = services.supervision_session_record(
            actor=request.user,
            agreement=agreement,
            submission_token=data["submission_token"],
            held_on=data["held_on"],
            duration_minutes=data["duration_minutes"],
            wellbeing_score=data.get("wellbeing_score"),
            case_decisions=data["case_decisions"],
            today=_today(),
            request=request,
            **{name: data[name] for name in services.SESSION_TEXT_FIELDS},
        )
        if created:
            messages.success(request, "Supervision session saved")
        return redirect("workforce:supervision_session", session_uuid=session.uuid)

    return form_page(
        request, form, save, "workforce/supervision_session_form.html", {"agreement": agreement}
    )


def session_with_decisions(
    request: AuthenticatedHttpRequest, session: SupervisionSession
) -> dict[str, Any]:
    """The context of a page showing a supervision session with its case decisions (its
    record page and its audit page): the session, the decisions about families this person
    may view, and how many others are left out (`includes/case_decisions.html`). Each family
    shown is written to the access trail first (if that fails the page answers 503:
    core.middleware.AuditUnavailableMiddleware)."""
    shown: list[SupervisionCaseDecision] = []
    hidden = 0
    for decision in selectors.session_case_decisions(session):
        if people_permissions.can_view_family(request.user, decision.family):
            shown.append(decision)
        else:
            hidden += 1
    for family in {d.family.pk: d.family for d in shown}.values():
        people_services.family_record_view(actor=request.user, family=family, request=request)
    return {"session": session, "decisions": shown, "hidden_decisions": hidden}


def supervision_session_detail(
    request: AuthenticatedHttpRequest, session_uuid: uuid.UUID
) -> HttpResponse:
    """A supervision record: for its supervisor and supervisee only (404 for anyone else).

    The case decisions are on families' records: each family the viewer may see is written to
    the access trail before the page is shown; decisions about families the viewer may no
    longer see are left out.
    """
    session = selectors.supervision_session_get(request.user, session_uuid)
    if not permissions.can_view_supervision_session(request.user, session):
        raise Http404
    return render(
        request,
        "workforce/supervision_session_detail.html",
        {
            **session_with_decisions(request, session),
            "is_supervisor": session.agreement.supervisor_id == request.user.pk,
            "can_edit": permissions.can_edit_supervision_session(request.user, session),
        },
    )


def family_supervision_decisions(
    request: AuthenticatedHttpRequest, family_uuid: uuid.UUID
) -> HttpResponse:
    """The case decisions made in supervision about a family; never the personal parts."""
    family = people_selectors.family_get(request.user, family_uuid)
    people_services.family_record_view(actor=request.user, family=family, request=request)
    return render(
        request,
        "workforce/family_supervision_decisions.html",
        {
            "family": family,
            "decisions": list(selectors.family_supervision_decisions(request.user, family)),
        },
    )


@require_http_methods(["GET", "POST"])
def supervision_agreement_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A manager or head of service sets up who supervises someone, and how often."""
    if not permissions.can_view_supervision_overview(request.user):
        raise Http404
    supervisees, supervisors = selectors.supervision_people_for_agreement(request.user)
    form = SupervisionAgreementForm(
        request.POST or None, supervisees=supervisees, supervisors=supervisors
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        agreement = services.supervision_agreement_create(actor=request.user, **data)
        messages.success(
            request,
            f"{agreement.supervisor.display_name} now supervises "
            f"{agreement.supervisee.display_name}",
        )
        return redirect("workforce:supervision_team")

    return form_page(request, form, save, "workforce/supervision_agreement_form.html")


@require_http_methods(["GET", "POST"])
def supervision_agreement_end(
    request: AuthenticatedHttpRequest, agreement_uuid: uuid.UUID
) -> HttpResponse:
    """Whoever oversees the supervisee ends their supervision agreement on a date."""
    agreement = selectors.supervision_agreement_for_managing(request.user, agreement_uuid)
    form = SupervisionAgreementEndForm(request.POST or None, initial={"ended_on": _today()})

    def save(data: dict[str, Any]) -> HttpResponse:
        services.supervision_agreement_end(
            actor=request.user, agreement=agreement, ended_on=data["ended_on"], today=_today()
        )
        messages.success(
            request,
            f"Supervision of {agreement.supervisee.display_name} by "
            f"{agreement.supervisor.display_name} has ended",
        )
        return redirect("workforce:supervision_team")

    return form_page(
        request, form, save, "workforce/supervision_agreement_end.html", {"agreement": agreement}
    )


@require_http_methods(["GET", "POST"])
def supervision_session_edit(
    request: AuthenticatedHttpRequest, session_uuid: uuid.UUID
) -> HttpResponse:
    """The supervisor who recorded a session corrects it (404 for everyone else)."""
    session = selectors.supervision_session_get(request.user, session_uuid)
    if not permissions.can_edit_supervision_session(request.user, session):
        raise Http404
    initial = {
        "held_on": session.held_on,
        "duration_minutes": session.duration_minutes,
        "wellbeing_score": session.wellbeing_score,
        **{name: getattr(session, name) for name in services.SESSION_TEXT_FIELDS},
    }
    form = SupervisionSessionEditForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.supervision_session_update(
            actor=request.user,
            session=session,
            held_on=data["held_on"],
            duration_minutes=data["duration_minutes"],
            wellbeing_score=data.get("wellbeing_score"),
            today=_today(),
            **{name: data[name] for name in services.SESSION_TEXT_FIELDS},
        )
        messages.success(request, "Supervision record saved")
        return redirect("workforce:supervision_session", session_uuid=session.uuid)

    return form_page(
        request, form, save, "workforce/supervision_session_edit.html", {"session": session}
    )
