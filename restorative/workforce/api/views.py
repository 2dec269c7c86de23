"""The workforce API: training and supervision agreements. One rulebook with the pages.

Reads go through `workforce.selectors` (scoped by `workforce.permissions`), writes through
`workforce.services`. The views only choose the answer, as the people and practice APIs do
(docs/decisions/0002-api.md):

- 401 without a session or token;
- 404 when the record does not exist *or* the person may not see it (a partner and a session
  their agency is not invited to; a team outside their compliance scope; a booking that is
  not theirs);
- 403 when the person may see it but not do this (a practitioner adding a course, someone who
  is not a facilitator taking attendance, reading who else is booked);
- 400 with a message per field for bad input (services' Django ValidationError included).

Training records are employment records, not case data, so reading them writes no access
event (the pages write none either). Supervision *sessions* are not in the API: their personal
parts are for the supervisor and the supervisee only, and the dates are all an integrator
needs (decision 0009).
"""

from __future__ import annotations

import datetime
import uuid as uuid_module
from collections.abc import Callable, Iterable
from typing import Any, NoReturn, TypeVar, cast
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from restorative.people.api.serializers import ErrorSerializer
from restorative.people.api.views import (
    BAD_INPUT,
    NOT_FOUND,
    ApiViewSet,
    _validation_detail,
)
from restorative.people.models import Staff

from .. import permissions, selectors, services
from ..models import Booking, Session
from .serializers import (
    AttendanceResultSerializer,
    AttendanceSerializer,
    BookingSerializer,
    CourseSerializer,
    CourseWriteSerializer,
    PersonComplianceSerializer,
    SessionCreateSerializer,
    SessionSerializer,
    SessionUpdateSerializer,
    SupervisionAgreementCreateSerializer,
    SupervisionAgreementEndSerializer,
    SupervisionAgreementSerializer,
    SupervisionDueSerializer,
    TeamComplianceSerializer,
    figures_data,
    person_compliance_data,
)

T = TypeVar("T")

NOT_ALLOWED = OpenApiResponse(
    ErrorSerializer, description="You may see this but you may not do this."
)
FRIENDLY = {("title", "unique"): "A course with this title is already in the catalogue"}


def _actor(request: Request) -> Staff:
    return cast(Staff, request.user)  # IsAuthenticated: never anonymous here


def _non_field() -> str:
    return str(api_settings.NON_FIELD_ERRORS_KEY)


def _run_service(service: Callable[..., T], **kwargs: Any) -> T:
    """Call a write service and translate its refusals: 400 for bad input, 403 for "not you"."""
    try:
        return service(**kwargs)
    except DjangoValidationError as error:
        detail = _validation_detail(error)
        if hasattr(error, "error_dict"):
            for (field, code), message in FRIENDLY.items():
                if any(e.code == code for e in error.error_dict.get(field, [])):
                    detail[field] = [message]
        raise serializers.ValidationError(detail) from error
    except IntegrityError as error:
        # Two requests racing past the checks (the same course title at once, say).
        raise serializers.ValidationError(
            {
                _non_field(): [
                    "This could not be saved because it conflicts with a record already "
                    "stored. Check the request and try again"
                ]
            }
        ) from error


def _refuse(message: str) -> NoReturn:
    raise PermissionDenied(message)


def _resolve(choices: QuerySet[Any], uuids: Iterable[UUID], field: str, message: str) -> list[Any]:
    """The records named by `uuids`, chosen only from `choices` (each once, in order)."""
    wanted = list(dict.fromkeys(uuids))
    if not wanted:
        return []
    found = {obj.uuid: obj for obj in choices.filter(uuid__in=wanted)}
    if len(found) != len(wanted):
        raise serializers.ValidationError({field: [message]})
    return [found[u] for u in wanted]


def _uuid_param(request: Request, name: str, label: str) -> UUID | None:
    value = request.query_params.get(name, "")
    if not value:
        return None
    try:
        return uuid_module.UUID(value)
    except ValueError as error:
        raise serializers.ValidationError(
            {name: [f"{label} must be a UUID, like 3fa85f64-5717-4562-b3fc-2c963f66afa6"]}
        ) from error


def _today() -> datetime.date:
    return timezone.localdate()


# Courses -----------------------------------------------------------------------------------

MANAGE_ONLY = "Only the workforce development team changes the training catalogue."


class CourseViewSet(ApiViewSet):
    """The course catalogue: everyone reads it (partners: the courses of sessions their
    agency is invited to); the workforce development team changes it."""

    serializer_class = CourseSerializer
    pagination_class = None
    lookup_field = "uuid"

    @extend_schema(
        summary="The course catalogue",
        description="Active courses, with who must complete each (the workforce team also "
        "sees inactive ones). Partner agency staff see only the courses of sessions their "
        "agency is invited to.",
        responses={200: CourseSerializer(many=True)},
    )
    def list(self, request: Request) -> Response:
        return Response(CourseSerializer(selectors.courses_for(request.user), many=True).data)

    @extend_schema(
        summary="A course",
        responses={200: CourseSerializer, 404: NOT_FOUND},
    )
    def retrieve(self, request: Request, uuid: UUID) -> Response:
        return Response(CourseSerializer(selectors.course_get(request.user, uuid)).data)

    @extend_schema(
        summary="Add a course to the catalogue",
        description="For the workforce development team. `required_groups` are staff roles "
        "and `restorative_champion`.",
        request=CourseWriteSerializer,
        responses={201: CourseSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED},
    )
    def create(self, request: Request) -> Response:
        if not permissions.can_manage_training(request.user):
            _refuse(MANAGE_ONLY)
        serializer = CourseWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("is_active", None)
        course = _run_service(
            services.course_create,
            actor=_actor(request),
            required_groups=data.pop("required_groups"),
            **data,
        )
        course = selectors.course_get(request.user, course.uuid)
        return Response(CourseSerializer(course).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a course",
        description="For the workforce development team. `required_groups` replaces who must "
        "complete it.",
        request=CourseWriteSerializer,
        responses={200: CourseSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def update(self, request: Request, uuid: UUID) -> Response:
        return self._update(request, uuid, partial=False)

    @extend_schema(
        summary="Change some of a course",
        description="As PUT, but only the fields sent change.",
        request=CourseWriteSerializer,
        responses={200: CourseSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def partial_update(self, request: Request, uuid: UUID) -> Response:
        return self._update(request, uuid, partial=True)

    def _update(self, request: Request, course_uuid: UUID, *, partial: bool) -> Response:
        course = selectors.course_get(request.user, course_uuid)
        if not permissions.can_manage_training(request.user):
            _refuse(MANAGE_ONLY)
        serializer = CourseWriteSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        groups = data.pop("required_groups", None)
        _run_service(
            services.course_update,
            actor=_actor(request),
            course=course,
            data=data,
            required_groups=groups,
        )
        return Response(CourseSerializer(selectors.course_get(request.user, course_uuid)).data)


# Sessions ----------------------------------------------------------------------------------


def _sessions(request: Request) -> QuerySet[Session]:
    return selectors.sessions_for(request.user).prefetch_related("facilitators", "partner_agencies")


def _session_data(request: Request, session_uuid: UUID) -> dict[str, Any]:
    return cast(
        dict[str, Any], SessionSerializer(selectors.session_get(request.user, session_uuid)).data
    )


def _facilitators(uuids: Iterable[UUID]) -> list[Staff]:
    return _resolve(
        selectors.facilitator_choices(),
        uuids,
        "facilitators",
        "Choose facilitators from our own active staff, by their UUID",
    )


class SessionViewSet(ApiViewSet):
    """Sessions of courses: our staff see them all; partner staff see those their agency is
    invited to. The workforce development team schedules and changes them."""

    serializer_class = SessionSerializer
    lookup_field = "uuid"

    @extend_schema(
        summary="List training sessions",
        description="Sessions you may see, soonest first, 50 a page.",
        parameters=[
            OpenApiParameter("course", UUID, description="Only this course's sessions."),
            OpenApiParameter(
                "upcoming", bool, description="true: only sessions that have not started."
            ),
        ],
        responses={200: SessionSerializer(many=True), 400: BAD_INPUT},
    )
    def list(self, request: Request) -> Response:
        sessions = _sessions(request)
        course_uuid = _uuid_param(request, "course", "Course")
        if course_uuid is not None:
            sessions = sessions.filter(course__uuid=course_uuid)
        upcoming = request.query_params.get("upcoming", "")
        if upcoming not in ("", "true", "false"):
            raise serializers.ValidationError({"upcoming": ["Upcoming must be true or false"]})
        if upcoming == "true":
            sessions = sessions.filter(starts_at__gt=timezone.now())
        page = self.paginate_queryset(sessions)
        return self.get_paginated_response(SessionSerializer(page, many=True).data)

    @extend_schema(summary="A training session", responses={200: SessionSerializer, 404: NOT_FOUND})
    def retrieve(self, request: Request, uuid: UUID) -> Response:
        return Response(_session_data(request, uuid))

    @extend_schema(
        summary="Schedule a session of a course",
        description="For the workforce development team. Sessions start in the future. "
        "`facilitators` are staff UUIDs; they take the attendance. Send a `submission_token` "
        "to make a repeated request safe: the same token again returns the same session.",
        request=SessionCreateSerializer,
        responses={201: SessionSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED},
    )
    def create(self, request: Request) -> Response:
        if not permissions.can_manage_training(request.user):
            _refuse("Only the workforce development team schedules sessions.")
        serializer = SessionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        course = _resolve(
            selectors.courses_for(request.user),
            [data["course"]],
            "course",
            "Choose a course from /api/workforce/courses/, by its UUID",
        )[0]
        agencies = _resolve(
            selectors.partner_agency_choices(),
            data["partner_agencies"],
            "partner_agencies",
            "Choose partner agencies by their UUID",
        )
        session = _run_service(
            services.session_create,
            actor=_actor(request),
            course=course,
            starts_at=data["starts_at"],
            capacity=data["capacity"],
            place=data["place"],
            online_link=data["online_link"],
            facilitators=_facilitators(data["facilitators"]),
            partner_agencies=agencies,
            submission_token=data["submission_token"],
        )
        return Response(_session_data(request, session.uuid), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a session",
        description="For the workforce development team. Capacity cannot go below the places "
        "booked (raising it moves people up from the waiting list); a new start must be in the "
        "future and cannot change once attendance is taken.",
        request=SessionUpdateSerializer,
        responses={200: SessionSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def update(self, request: Request, uuid: UUID) -> Response:
        return self._update(request, uuid, partial=False)

    @extend_schema(
        summary="Change some of a session",
        description="As PUT, but only the fields sent change.",
        request=SessionUpdateSerializer,
        responses={200: SessionSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def partial_update(self, request: Request, uuid: UUID) -> Response:
        return self._update(request, uuid, partial=True)

    def _update(self, request: Request, session_uuid: UUID, *, partial: bool) -> Response:
        session = selectors.session_get(request.user, session_uuid)
        if not permissions.can_manage_training(request.user):
            _refuse("Only the workforce development team changes sessions.")
        serializer = SessionUpdateSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        _run_service(
            services.session_update,
            actor=_actor(request),
            session=session,
            capacity=data.get("capacity", session.capacity),
            place=data.get("place", session.place),
            online_link=data.get("online_link", session.online_link),
            starts_at=data.get("starts_at"),
            facilitators=_facilitators(data["facilitators"]) if "facilitators" in data else None,
        )
        return Response(_session_data(request, session_uuid))


# Bookings and attendance -------------------------------------------------------------------


class SessionBookingViewSet(ApiViewSet):
    serializer_class = BookingSerializer
    pagination_class = None

    @extend_schema(
        summary="Who is booked on a session, and who is waiting",
        description="For the session's facilitators and the workforce development team.",
        responses={200: BookingSerializer(many=True), 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def list(self, request: Request, session_uuid: UUID) -> Response:
        session = selectors.session_get(request.user, session_uuid)
        if not permissions.can_view_bookings(request.user, session):
            _refuse("Who else is booked is for the people running the session.")
        return Response(BookingSerializer(selectors.live_bookings(session), many=True).data)

    @extend_schema(
        summary="Book yourself onto a session",
        description="You get a place, or a place on the waiting list when the session is "
        "full (`status`). Booking again returns the booking you already have (200).",
        request=None,
        responses={
            201: BookingSerializer,
            200: BookingSerializer,
            400: BAD_INPUT,
            404: NOT_FOUND,
        },
    )
    def create(self, request: Request, session_uuid: UUID) -> Response:
        session = selectors.session_get(request.user, session_uuid)
        had = selectors.own_booking(request.user, session)
        booking = _run_service(services.booking_create, actor=_actor(request), session=session)
        booking = selectors.live_bookings(session).get(pk=booking.pk)
        code = status.HTTP_200_OK if had is not None else status.HTTP_201_CREATED
        return Response(BookingSerializer(booking).data, status=code)


class BookingViewSet(ApiViewSet):
    serializer_class = BookingSerializer
    pagination_class = PageNumberPagination

    @extend_schema(
        summary="Your own bookings",
        description="Booked, waiting and attended (not cancelled), latest session first.",
        responses={200: BookingSerializer(many=True)},
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.my_bookings(_actor(request)))
        return self.get_paginated_response(BookingSerializer(page, many=True).data)

    @extend_schema(
        summary="Cancel a booking",
        description="Your own (or, for the workforce team, anyone's). If it held a place, the "
        "first person waiting gets it. Cancelling again changes nothing.",
        request=None,
        responses={200: BookingSerializer, 400: BAD_INPUT, 404: NOT_FOUND},
    )
    def cancel(self, request: Request, uuid: UUID) -> Response:
        booking = selectors.booking_get_for_cancel(request.user, uuid)
        _run_service(services.booking_cancel, actor=_actor(request), booking=booking)
        booking = Booking.objects.select_related("session__course", "person").get(pk=booking.pk)
        return Response(BookingSerializer(booking).data)


class AttendanceViewSet(ApiViewSet):
    serializer_class = AttendanceSerializer
    pagination_class = None

    @extend_schema(
        summary="Record who attended a session",
        description="For the session's facilitators and the workforce team, once the session "
        "has started. Those who attended complete the course.",
        request=AttendanceSerializer,
        responses={
            200: AttendanceResultSerializer,
            400: BAD_INPUT,
            403: NOT_ALLOWED,
            404: NOT_FOUND,
        },
    )
    def create(self, request: Request, session_uuid: UUID) -> Response:
        session = selectors.session_get(request.user, session_uuid)
        if not permissions.can_take_attendance(request.user, session):
            _refuse("Attendance is taken by the session's facilitators.")
        serializer = AttendanceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        attended = _resolve(
            selectors.live_bookings(session).filter(status__in=Booking.HOLDS_PLACE),
            serializer.validated_data["attended"],
            "attended",
            "Choose only bookings with a place on this session, by their UUID",
        )
        count = _run_service(
            services.attendance_record,
            actor=_actor(request),
            session=session,
            attended_ids=[b.pk for b in attended],
        )
        bookings = selectors.live_bookings(session).filter(status__in=Booking.HOLDS_PLACE)
        return Response(
            {"attended": count, "bookings": BookingSerializer(bookings, many=True).data}
        )


# Compliance --------------------------------------------------------------------------------


class ComplianceViewSet(ApiViewSet):
    serializer_class = PersonComplianceSerializer
    pagination_class = None

    @extend_schema(
        summary="Your own training compliance",
        description="Your status for every active course: completed (valid until), due soon, "
        "overdue, not started or not required. Partner agency staff get 404.",
        responses={200: PersonComplianceSerializer, 404: NOT_FOUND},
    )
    def mine(self, request: Request) -> Response:
        person = selectors.my_compliance(request.user, today=_today())
        return Response(PersonComplianceSerializer(person_compliance_data(person)).data)

    @extend_schema(
        summary="A team's training compliance, with names",
        description="Figures per course and each person's status. For whoever's compliance "
        "scope covers the team: its team manager, the head of its service, the director and "
        "the workforce development team. 404 for everyone else.",
        responses={200: TeamComplianceSerializer, 404: NOT_FOUND},
    )
    def team(self, request: Request, team_uuid: UUID) -> Response:
        team = selectors.team_for_compliance(request.user, team_uuid)
        data = selectors.team_compliance(request.user, team, today=_today())
        body = {
            "team": team,
            "overall": figures_data(data.overall),
            "courses": [
                {"course": course, "figures": figures_data(data.by_course[course.pk])}
                for course in data.courses
            ],
            "people": [person_compliance_data(person) for person in data.people],
        }
        return Response(TeamComplianceSerializer(body).data)


# Supervision agreements --------------------------------------------------------------------


def _due_data(row: Any) -> dict[str, Any]:
    return {
        "agreement": row.agreement,
        "last_held_on": row.last_held_on,
        "due_on": row.due_on,
        "at_least": str(row.standard),
        "overdue": row.overdue,
        "days_overdue": row.days_overdue,
    }


class SupervisionAgreementViewSet(ApiViewSet):
    """Who supervises whom, and the dates. Nothing said in supervision is here."""

    serializer_class = SupervisionAgreementSerializer
    pagination_class = None
    lookup_field = "uuid"

    @extend_schema(
        summary="Open supervision agreements and who is due",
        description="Your own, the people you supervise, and everyone your oversight covers "
        "(team manager: team; head of service: service; director and workforce team: "
        "everyone), overdue first. Dates only. Partner agency staff get 404.",
        responses={200: SupervisionDueSerializer(many=True), 404: NOT_FOUND},
    )
    def list(self, request: Request) -> Response:
        if not permissions.can_use_supervision(request.user):
            raise Http404
        rows = selectors.supervision_overview(request.user, today=_today())
        return Response(SupervisionDueSerializer([_due_data(r) for r in rows], many=True).data)

    @extend_schema(
        summary="Set up who supervises someone, and how often",
        description="For team managers (their team), heads of service (their service), the "
        "director and the workforce team. The supervisor is the supervisee's team manager, or "
        "a team manager or head of service in their service (the director for heads of "
        "service and staff outside a service); nobody names themselves unless they are the "
        "supervisee's line manager. A supervisee's open agreement ends the day before the new "
        "one starts, which must be after its last session. The same request again returns "
        "the open agreement.",
        request=SupervisionAgreementCreateSerializer,
        responses={201: SupervisionAgreementSerializer, 400: BAD_INPUT, 403: NOT_ALLOWED},
    )
    def create(self, request: Request) -> Response:
        if not permissions.can_view_supervision_overview(request.user):
            _refuse("You cannot set up supervision for anyone.")
        serializer = SupervisionAgreementCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        supervisees, supervisors = selectors.supervision_people_for_agreement(request.user)
        supervisee = _resolve(
            supervisees, [data["supervisee"]], "supervisee", "Choose a person you oversee"
        )[0]
        supervisor = _resolve(
            supervisors,
            [data["supervisor"]],
            "supervisor",
            "Choose a team manager, head of service or director you oversee, by their UUID",
        )[0]
        agreement = _run_service(
            services.supervision_agreement_create,
            actor=_actor(request),
            supervisor=supervisor,
            supervisee=supervisee,
            started_on=data["started_on"],
            agreed_frequency=data["agreed_frequency"],
        )
        return Response(
            SupervisionAgreementSerializer(agreement).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="End a supervision agreement",
        description="For those who oversee the supervisee. Not before the agreement started "
        "or its last session, not in the future. An ended agreement is no longer due or "
        "overdue. Ending again on the same date changes nothing.",
        request=SupervisionAgreementEndSerializer,
        responses={
            200: SupervisionAgreementSerializer,
            400: BAD_INPUT,
            403: NOT_ALLOWED,
            404: NOT_FOUND,
        },
    )
    def end(self, request: Request, uuid: UUID) -> Response:
        agreement = selectors.supervision_agreement_overseen(request.user, uuid)
        if not permissions.can_manage_supervision_of(request.user, agreement.supervisee):
            _refuse("Supervision agreements are ended by whoever oversees the supervisee.")
        serializer = SupervisionAgreementEndSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        agreement = _run_service(
            services.supervision_agreement_end,
            actor=_actor(request),
            agreement=agreement,
            ended_on=serializer.validated_data["ended_on"],
            today=_today(),
        )
        return Response(SupervisionAgreementSerializer(agreement).data)
