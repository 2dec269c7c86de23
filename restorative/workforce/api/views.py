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
from collections.abc import Iterable
from typing import Any, NoReturn, cast
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from restorative.core.api import (
    ApiViewSet,
    ErrorSerializer,
    PutAndPatch,
    put_and_patch_schemas,
    resolve_uuids,
    responses,
    uuid_param,
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

NOT_ALLOWED = OpenApiResponse(
    ErrorSerializer, description="You may see this but you may not do this."
)


def _actor(request: Request) -> Staff:
    return cast(Staff, request.user)  # IsAuthenticated: never anonymous here


def _refuse(message: str) -> NoReturn:
    raise PermissionDenied(message)


def _today() -> datetime.date:
    return timezone.localdate()


# Courses -----------------------------------------------------------------------------------

MANAGE_ONLY = "Only the workforce development team changes the training catalogue."


def _change_schemas(noun: str, answer: Any, body: Any, rules: str) -> dict[str, Any]:
    """The PUT and PATCH schemas of a course or session: only the workforce development team
    changes either, and `rules` says what else holds."""
    return put_and_patch_schemas(
        f"Change a {noun}",
        f"Change some of a {noun}",
        responses(answer, 400, 404, forbidden=NOT_ALLOWED),
        request=body,
        description=f"For the workforce development team. {rules}",
        patch_description="As PUT, but only the fields sent change.",
    )


@extend_schema_view(
    **_change_schemas(
        "course",
        CourseSerializer,
        CourseWriteSerializer,
        "`required_groups` replaces who must complete it.",
    )
)
class CourseViewSet(PutAndPatch, ApiViewSet):
    """The course catalogue: everyone reads it (partners: the courses of sessions their
    agency is invited to); the workforce development team changes it."""

    friendly_messages = {
        ("title", "unique"): "A course with this title is already in the catalogue"
    }
    serializer_class = CourseSerializer
    pagination_class = None
    lookup_field = "uuid"

    @extend_schema(
        summary="The course catalogue",
        description="Active courses, with who must complete each (the workforce team also "
        "sees inactive ones). Partner agency staff see only the courses of sessions their "
        "agency is invited to.",
        responses=responses(CourseSerializer(many=True)),
    )
    def list(self, request: Request) -> Response:
        return Response(CourseSerializer(selectors.courses_for(request.user), many=True).data)

    @extend_schema(
        summary="A course",
        responses=responses(CourseSerializer, 404),
    )
    def retrieve(self, request: Request, uuid: UUID) -> Response:
        return Response(CourseSerializer(selectors.course_get(request.user, uuid)).data)

    @extend_schema(
        summary="Add a course to the catalogue",
        description="For the workforce development team. `required_groups` are staff roles "
        "and `restorative_champion`.",
        request=CourseWriteSerializer,
        responses=responses(CourseSerializer, 400, created=True, forbidden=NOT_ALLOWED),
    )
    def create(self, request: Request) -> Response:
        if not permissions.can_manage_training(request.user):
            _refuse(MANAGE_ONLY)
        data = self.validated(CourseWriteSerializer)
        data.pop("is_active", None)
        course = services.course_create(
            actor=_actor(request),
            required_groups=data.pop("required_groups"),
            **data,
        )
        course = selectors.course_get(request.user, course.uuid)
        return Response(CourseSerializer(course).data, status=status.HTTP_201_CREATED)

    def change(self, *, partial: bool, **kwargs: Any) -> Response:
        request, course_uuid = self.request, kwargs["uuid"]
        course = selectors.course_get(request.user, course_uuid)
        if not permissions.can_manage_training(request.user):
            _refuse(MANAGE_ONLY)
        data = self.validated(CourseWriteSerializer, partial=partial)
        groups = data.pop("required_groups", None)
        services.course_update(
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
    return resolve_uuids(
        selectors.facilitator_choices(),
        uuids,
        "facilitators",
        "Choose facilitators from our own active staff, by their UUID",
    )


@extend_schema_view(
    **_change_schemas(
        "session",
        SessionSerializer,
        SessionUpdateSerializer,
        "Capacity cannot go below the places booked (raising it moves people up from the "
        "waiting list); a new start must be in the future and cannot change once attendance "
        "is taken.",
    )
)
class SessionViewSet(PutAndPatch, ApiViewSet):
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
        responses=responses(SessionSerializer(many=True), 400),
    )
    def list(self, request: Request) -> Response:
        sessions = _sessions(request)
        course_uuid = uuid_param(request, "course", "Course")
        if course_uuid is not None:
            sessions = sessions.filter(course__uuid=course_uuid)
        upcoming = request.query_params.get("upcoming", "")
        if upcoming not in ("", "true", "false"):
            raise serializers.ValidationError({"upcoming": ["Upcoming must be true or false"]})
        if upcoming == "true":
            sessions = sessions.filter(starts_at__gt=timezone.now())
        page = self.paginate_queryset(sessions)
        return self.get_paginated_response(SessionSerializer(page, many=True).data)

    @extend_schema(summary="A training session", responses=responses(SessionSerializer, 404))
    def retrieve(self, request: Request, uuid: UUID) -> Response:
        return Response(_session_data(request, uuid))

    @extend_schema(
        summary="Schedule a session of a course",
        description="For the workforce development team. Sessions start in the future. "
        "`facilitators` are staff UUIDs; they take the attendance. Send a `submission_token` "
        "to make a repeated request safe: the same token again returns the same session.",
        request=SessionCreateSerializer,
        responses=responses(SessionSerializer, 400, created=True, forbidden=NOT_ALLOWED),
    )
    def create(self, request: Request) -> Response:
        if not permissions.can_manage_training(request.user):
            _refuse("Only the workforce development team schedules sessions.")
        data = self.validated(SessionCreateSerializer)
        course = resolve_uuids(
            selectors.courses_for(request.user),
            [data["course"]],
            "course",
            "Choose a course from /api/workforce/courses/, by its UUID",
        )[0]
        agencies = resolve_uuids(
            selectors.partner_agency_choices(),
            data["partner_agencies"],
            "partner_agencies",
            "Choose partner agencies by their UUID",
        )
        session = services.session_create(
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

    def change(self, *, partial: bool, **kwargs: Any) -> Response:
        request, session_uuid = self.request, kwargs["uuid"]
        session = selectors.session_get(request.user, session_uuid)
        if not permissions.can_manage_training(request.user):
            _refuse("Only the workforce development team changes sessions.")
        data = self.validated(SessionUpdateSerializer, partial=partial)
        services.session_update(
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
        responses=responses(BookingSerializer(many=True), 404, forbidden=NOT_ALLOWED),
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
        responses={**responses(BookingSerializer, 400, 404, created=True), 200: BookingSerializer},
    )
    def create(self, request: Request, session_uuid: UUID) -> Response:
        session = selectors.session_get(request.user, session_uuid)
        had = selectors.own_booking(request.user, session)
        booking = services.booking_create(actor=_actor(request), session=session)
        booking = selectors.live_bookings(session).get(pk=booking.pk)
        code = status.HTTP_200_OK if had is not None else status.HTTP_201_CREATED
        return Response(BookingSerializer(booking).data, status=code)


class BookingViewSet(ApiViewSet):
    serializer_class = BookingSerializer
    pagination_class = PageNumberPagination

    @extend_schema(
        summary="Your own bookings",
        description="Booked, waiting and attended (not cancelled), latest session first.",
        responses=responses(BookingSerializer(many=True)),
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.my_bookings(_actor(request)))
        return self.get_paginated_response(BookingSerializer(page, many=True).data)

    @extend_schema(
        summary="Cancel a booking",
        description="Your own (or, for the workforce team, anyone's). If it held a place, the "
        "first person waiting gets it. Cancelling again changes nothing.",
        request=None,
        responses=responses(BookingSerializer, 400, 404),
    )
    def cancel(self, request: Request, uuid: UUID) -> Response:
        booking = selectors.booking_get_for_cancel(request.user, uuid)
        services.booking_cancel(actor=_actor(request), booking=booking)
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
        responses=responses(AttendanceResultSerializer, 400, 404, forbidden=NOT_ALLOWED),
    )
    def create(self, request: Request, session_uuid: UUID) -> Response:
        session = selectors.session_get(request.user, session_uuid)
        if not permissions.can_take_attendance(request.user, session):
            _refuse("Attendance is taken by the session's facilitators.")
        data = self.validated(AttendanceSerializer)
        attended = resolve_uuids(
            selectors.live_bookings(session).filter(status__in=Booking.HOLDS_PLACE),
            data["attended"],
            "attended",
            "Choose only bookings with a place on this session, by their UUID",
        )
        count = services.attendance_record(
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
        responses=responses(PersonComplianceSerializer, 404),
    )
    def mine(self, request: Request) -> Response:
        person = selectors.my_compliance(request.user, today=_today())
        return Response(PersonComplianceSerializer(person_compliance_data(person)).data)

    @extend_schema(
        summary="A team's training compliance, with names",
        description="Figures per course and each person's status. For whoever's compliance "
        "scope covers the team: its team manager, the head of its service, the director and "
        "the workforce development team. 404 for everyone else.",
        responses=responses(TeamComplianceSerializer, 404),
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
        responses=responses(SupervisionDueSerializer(many=True), 404),
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
        responses=responses(
            SupervisionAgreementSerializer, 400, created=True, forbidden=NOT_ALLOWED
        ),
    )
    def create(self, request: Request) -> Response:
        if not permissions.can_view_supervision_overview(request.user):
            _refuse("You cannot set up supervision for anyone.")
        data = self.validated(SupervisionAgreementCreateSerializer)
        supervisees, supervisors = selectors.supervision_people_for_agreement(request.user)
        supervisee = resolve_uuids(
            supervisees, [data["supervisee"]], "supervisee", "Choose a person you oversee"
        )[0]
        supervisor = resolve_uuids(
            supervisors,
            [data["supervisor"]],
            "supervisor",
            "Choose a team manager, head of service or director you oversee, by their UUID",
        )[0]
        agreement = services.supervision_agreement_create(
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
        responses=responses(SupervisionAgreementSerializer, 400, 404, forbidden=NOT_ALLOWED),
    )
    def end(self, request: Request, uuid: UUID) -> Response:
        agreement = selectors.supervision_agreement_overseen(request.user, uuid)
        if not permissions.can_manage_supervision_of(request.user, agreement.supervisee):
            _refuse("Supervision agreements are ended by whoever oversees the supervisee.")
        data = self.validated(SupervisionAgreementEndSerializer)
        agreement = services.supervision_agreement_end(
            actor=_actor(request),
            agreement=agreement,
            ended_on=data["ended_on"],
            today=_today(),
        )
        return Response(SupervisionAgreementSerializer(agreement).data)
