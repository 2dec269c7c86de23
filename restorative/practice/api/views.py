"""The practice API: read input, call a selector or service, answer. One rulebook with the pages.

Reads go through `practice.selectors` (scoped by `practice.permissions`: a meeting is seen by
whoever may see the family, plus partner staff invited to it), writes through
`practice.services`. The views only choose the answer, as the people API does
(docs/decisions/0002-api.md):

- 401 without a session or token;
- 404 when the record does not exist *or* the person may not see it;
- 403 when the person may see it but not record it (an invited partner, the director);
- 400 with a message per field for bad input (services' Django ValidationError included);
- 503 with no record data when the access trail cannot be written (privacy rule 3).

Every retrieve writes one access event (channel "api") through `services.practice_record_view`,
the call the pages make, before the answer is built. Lists write none, as on the pages.
"""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast
from uuid import UUID

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from restorative.core.audit import AuditWriteError
from restorative.people import selectors as people_selectors
from restorative.people.api.serializers import ErrorSerializer
from restorative.people.api.views import (
    API_CHANNEL,
    AUDIT_UNAVAILABLE,
    BAD_INPUT,
    NOT_FOUND,
    ApiViewSet,
    AuditUnavailable,
    _validation_detail,
)
from restorative.people.models import Family, Staff

from .. import permissions, selectors, services
from ..models import Meeting, Question, RestorativeConversation
from .serializers import (
    ConversationCreateSerializer,
    ConversationDetailSerializer,
    ConversationSerializer,
    DecisionCreateSerializer,
    DecisionSerializer,
    MeetingDetailSerializer,
    MeetingParticipantSerializer,
    MeetingRecordSerializer,
    MeetingScheduleSerializer,
    MeetingSerializer,
    QuestionSetSerializer,
)

T = TypeVar("T")

CANNOT_RECORD = OpenApiResponse(
    ErrorSerializer, description="You may see this record but not record on it."
)
DUE_FILTERS = ("overdue", "due_soon")


class CannotRecord(APIException):
    status_code = status.HTTP_403_FORBIDDEN
    default_detail = "You can see this record but you cannot record on it."
    default_code = "cannot_record"


def _actor(request: Request) -> Staff:
    return cast(Staff, request.user)  # IsAuthenticated: never anonymous here


def _run_service(service: Callable[..., T], **kwargs: Any) -> T:
    """Call a write service (its audit lines marked as the API's) and translate its refusals."""
    try:
        return service(channel=API_CHANNEL, **kwargs)
    except DjangoValidationError as error:
        detail = _validation_detail(error)
        # The record service names a missing reason or view per participant ("reason-<uuid>",
        # "view-<uuid>"); the API's participants are a list, so those belong to `participants`.
        for key in [k for k in detail if k.startswith(("reason-", "view-"))]:
            detail.setdefault("participants", []).extend(detail.pop(key))
        raise serializers.ValidationError(detail) from error
    except IntegrityError as error:
        raise serializers.ValidationError(
            {
                api_non_field(): [
                    "This could not be saved because it conflicts with a record already "
                    "stored. Check the request and try again"
                ]
            }
        ) from error
    except AuditWriteError as error:
        raise AuditUnavailable from error


def api_non_field() -> str:
    return str(api_settings.NON_FIELD_ERRORS_KEY)


def _record_view(request: Request, subject: Meeting | RestorativeConversation) -> None:
    """Write the access event (as the pages do) before any of the record is put in the answer."""
    try:
        services.practice_record_view(
            actor=_actor(request),
            subject=subject,
            request=request,  # type: ignore[arg-type]  # DRF's Request proxies HttpRequest
            channel=API_CHANNEL,
        )
    except AuditWriteError as error:
        raise AuditUnavailable from error


def _resolve(
    choices: QuerySet[Any] | Iterable[Any], uuids: Iterable[UUID], field: str, message: str
) -> list[Any]:
    """The records named by `uuids`, chosen only from `choices`; each once, in order given."""
    wanted = list(dict.fromkeys(uuids))
    if not wanted:
        return []
    if isinstance(choices, QuerySet):
        found = {obj.uuid: obj for obj in choices.filter(uuid__in=wanted)}
    else:
        found = {obj.uuid: obj for obj in choices if obj.uuid in set(wanted)}
    if len(found) != len(wanted):
        raise serializers.ValidationError({field: [message]})
    return [found[u] for u in wanted]


def _family_for_recording(request: Request, family_uuid: UUID) -> Family:
    """The family named in a request body: 400 if unknown or not visible, 403 if read-only."""
    family = people_selectors.families_for(request.user).filter(uuid=family_uuid).first()
    if family is None:
        raise serializers.ValidationError(
            {"family": ["Choose a family you work with, by its UUID"]}
        )
    if not permissions.can_record_for_family(request.user, family):
        raise CannotRecord("You can see this family's record but you cannot record on it.")
    return family


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


def _choice_param(request: Request, name: str, label: str, values: Iterable[str]) -> str:
    value = request.query_params.get(name, "")
    allowed = list(values)
    if value and value not in allowed:
        raise serializers.ValidationError({name: [f"{label} must be one of: {', '.join(allowed)}"]})
    return value


def _family_by_uuid(family_uuid: UUID) -> Family | None:
    """The family for a list filter. The selectors then scope the list to what may be seen,
    so an unknown family and one out of reach both give an empty list."""
    return Family.objects.filter(uuid=family_uuid).first()


FAMILY_PARAM = OpenApiParameter(
    "family", UUID, description="Only this family's (a family you may not see gives none)."
)


# Question sets -----------------------------------------------------------------------------


class QuestionSetViewSet(ApiViewSet):
    serializer_class = QuestionSetSerializer
    pagination_class = None

    @extend_schema(
        summary="The restorative question sets and their questions",
        description="Question UUIDs are what a conversation's `questions` takes.",
        responses={200: QuestionSetSerializer(many=True), 404: NOT_FOUND},
    )
    def list(self, request: Request) -> Response:
        if not permissions.can_view_practice_lists(request.user):
            raise Http404
        sets = selectors.question_sets_active()
        return Response(QuestionSetSerializer(sets, many=True).data)


# Conversations -----------------------------------------------------------------------------


class ConversationViewSet(ApiViewSet):
    """Restorative conversations, seen by whoever may see the family (never by partners)."""

    serializer_class = ConversationSerializer
    lookup_field = "uuid"

    @extend_schema(
        summary="List restorative conversations",
        description="Conversations you may see, newest first, 50 a page. Lists are not "
        "written to the access trail (they show no one's words). Accounts with no case role "
        "get 404.",
        parameters=[FAMILY_PARAM],
        responses={200: ConversationSerializer(many=True), 400: BAD_INPUT, 404: NOT_FOUND},
    )
    def list(self, request: Request) -> Response:
        from restorative.people import permissions as people_permissions

        if not people_permissions.can_list_families(request.user):
            raise Http404
        family_uuid = _uuid_param(request, "family", "Family")
        conversations: QuerySet[RestorativeConversation]
        if family_uuid is not None:
            family = _family_by_uuid(family_uuid)
            if family is None:
                conversations = RestorativeConversation.objects.none()
            else:
                conversations = selectors.family_conversations(request.user, family)
        else:
            conversations = RestorativeConversation.objects.filter(
                permissions.conversations_visible_q(request.user)
            ).order_by("-held_on", "-id")
        conversations = conversations.select_related("family", "practitioner")
        page = self.paginate_queryset(conversations)
        return self.get_paginated_response(ConversationSerializer(page, many=True).data)

    @extend_schema(
        summary="A restorative conversation: who took part, the questions and their answers",
        description="Written to the family's access trail before anything is shown.",
        responses={200: ConversationDetailSerializer, 404: NOT_FOUND, 503: AUDIT_UNAVAILABLE},
    )
    def retrieve(self, request: Request, uuid: UUID) -> Response:
        conversation = selectors.conversation_get(request.user, uuid)
        _record_view(request, conversation)
        return Response(self._detail(request, conversation))

    @extend_schema(
        summary="Record that a restorative conversation took place",
        description="For those who may record for the family. `members` are the family's "
        "member UUIDs, `questions` question UUIDs from /api/practice/question-sets/. Send a "
        "`submission_token` to make a repeated request safe.",
        request=ConversationCreateSerializer,
        responses={
            201: ConversationDetailSerializer,
            400: BAD_INPUT,
            403: CANNOT_RECORD,
            503: AUDIT_UNAVAILABLE,
        },
    )
    def create(self, request: Request) -> Response:
        serializer = ConversationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        family = _family_for_recording(request, data["family"])
        members = _resolve(
            family.members.all(),
            data["members"],
            "members",
            "Choose people from this family, by their UUID",
        )
        questions = _resolve(
            Question.objects.filter(is_active=True, question_set__is_active=True),
            data["questions"],
            "questions",
            "Choose questions from /api/practice/question-sets/, by their UUID",
        )
        conversation = _run_service(
            services.conversation_create,
            actor=_actor(request),
            family=family,
            held_on=data["held_on"],
            setting=data["setting"],
            setting_detail=data["setting_detail"],
            members=members,
            others=[services.OtherPerson(o["name"], o["role"]) for o in data["others"]],
            questions=questions,
            submission_token=data["submission_token"],
            request=request,
        )
        conversation = selectors.conversation_get(request.user, conversation.uuid)
        return Response(self._detail(request, conversation), status=status.HTTP_201_CREATED)

    @staticmethod
    def _detail(request: Request, conversation: RestorativeConversation) -> dict[str, Any]:
        context = {
            "can_record": permissions.can_record_for_family(request.user, conversation.family)
        }
        return ConversationDetailSerializer(conversation, context=context).data


# Meetings ----------------------------------------------------------------------------------


def _meeting_for_recording(request: Request, meeting_uuid: UUID) -> Meeting:
    """The meeting if the person may record it: 404 if they cannot see it, 403 if read-only."""
    meeting = selectors.meeting_get(request.user, meeting_uuid)
    if not permissions.can_record_meeting(request.user, meeting):
        raise CannotRecord("You can see this meeting but you cannot record on it.")
    return meeting


def _meeting_detail(request: Request, meeting: Meeting) -> dict[str, Any]:
    context = {
        "voice": selectors.voice_completeness(meeting),
        "can_record": permissions.can_record_meeting(request.user, meeting),
    }
    return MeetingDetailSerializer(meeting, context=context).data


class MeetingViewSet(ApiViewSet):
    """Meetings: the family's readers see them, and partner staff see those they are invited to."""

    serializer_class = MeetingSerializer
    lookup_field = "uuid"

    @extend_schema(
        summary="List meetings",
        description=(
            "Meetings you may see, 50 a page: those of families you may see, and (partner "
            "agency staff) those you are invited to. Not written to the access trail.\n\n"
            "`due=overdue` or `due=due_soon` gives the 'Meetings due' page's lists instead: "
            "meetings not yet held that are past their due date (or arranged for after it), "
            "or due within 10 working days; among yours (families allocated to you, meetings "
            "you chair or are invited to), or with `scope=team` your team's (team managers)."
        ),
        parameters=[
            FAMILY_PARAM,
            OpenApiParameter("status", str, enum=Meeting.Status.values),
            OpenApiParameter("due", str, enum=list(DUE_FILTERS)),
            OpenApiParameter("scope", str, enum=["mine", "team"], description="With `due`."),
        ],
        responses={200: MeetingSerializer(many=True), 400: BAD_INPUT, 404: NOT_FOUND},
    )
    def list(self, request: Request) -> Response:
        if not permissions.can_view_practice_lists(request.user):
            raise Http404
        family_uuid = _uuid_param(request, "family", "Family")
        status_filter = _choice_param(request, "status", "Status", Meeting.Status.values)
        due = _choice_param(request, "due", "Due", DUE_FILTERS)
        scope = _choice_param(request, "scope", "Scope", ("mine", "team")) or "mine"
        family = _family_by_uuid(family_uuid) if family_uuid is not None else None
        if family_uuid is not None and family is None:
            return self.get_paginated_response(self.paginate_queryset(Meeting.objects.none()))
        if due:
            lists = selectors.meetings_due(request.user, scope=scope)
            rows: list[Meeting] = lists.overdue if due == "overdue" else lists.due_soon
            found: list[Meeting] | QuerySet[Meeting] = [
                m
                for m in rows
                if (family is None or m.family_id == family.pk)
                and (not status_filter or m.status == status_filter)
            ]
        else:
            if family is not None:
                meetings = selectors.family_meetings(request.user, family)
            else:
                meetings = Meeting.objects.filter(
                    permissions.meetings_visible_q(request.user)
                ).order_by("-scheduled_at", "-due_date", "-id")
            if status_filter:
                meetings = meetings.filter(status=status_filter)
            found = meetings.select_related("family", "chair")
        page = self.paginate_queryset(found)
        return self.get_paginated_response(MeetingSerializer(page, many=True).data)

    @extend_schema(
        summary="A meeting's record",
        description="Participants and their views (a child's wishes and feelings are the "
        "child participant's view), decisions, voice completeness and the due date. Written "
        "to the family's access trail before anything is shown.",
        responses={200: MeetingDetailSerializer, 404: NOT_FOUND, 503: AUDIT_UNAVAILABLE},
    )
    def retrieve(self, request: Request, uuid: UUID) -> Response:
        meeting = selectors.meeting_get(request.user, uuid)
        _record_view(request, meeting)
        return Response(_meeting_detail(request, meeting))

    @extend_schema(
        summary="Schedule a meeting and invite people",
        description=(
            "For those who may record for the family. The due date comes from `trigger` and "
            "`trigger_date` and the organisation's timescale rules. `members` are the "
            "family's member UUIDs; `staff` are UUIDs of the family's team or partner agency "
            "staff; `chair` a practitioner or manager of the team or the head of its service. "
            "Send a `submission_token` to make a repeated request safe."
        ),
        request=MeetingScheduleSerializer,
        responses={
            201: MeetingDetailSerializer,
            400: BAD_INPUT,
            403: CANNOT_RECORD,
            503: AUDIT_UNAVAILABLE,
        },
    )
    def create(self, request: Request) -> Response:
        serializer = MeetingScheduleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        family = _family_for_recording(request, data["family"])
        chairs, professionals = selectors.meeting_chairs_and_professionals(family)
        chair = None
        if data["chair"] is not None:
            chair = _resolve(
                chairs,
                [data["chair"]],
                "chair",
                "Choose a practitioner or manager of the family's team, or the head of its "
                "service, by their UUID",
            )[0]
        members = _resolve(
            family.members.all(),
            data["members"],
            "members",
            "Choose people from this family, by their UUID",
        )
        staff = _resolve(
            professionals,
            data["staff"],
            "staff",
            "Choose professionals from the family's team or a partner agency, by their UUID",
        )
        meeting = _run_service(
            services.meeting_schedule,
            actor=_actor(request),
            family=family,
            meeting_type=data["meeting_type"],
            scheduled_at=data["scheduled_at"],
            venue=data["venue"],
            place=data["place"],
            chair=chair,
            chair_name=data["chair_name"],
            trigger=data["trigger"],
            trigger_date=data["trigger_date"],
            members=members,
            staff=staff,
            others=[services.OtherPerson(o["name"], o["role"]) for o in data["others"]],
            submission_token=data["submission_token"],
            request=request,
        )
        meeting = selectors.meeting_get(request.user, meeting.uuid)
        return Response(_meeting_detail(request, meeting), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Record a held meeting",
        description=(
            "The restorative record and, for some or all participants, attendance and their "
            "view in their own words. Recording an initial conference or review for the first "
            "time adds the meetings it makes due. For those who may record for the family."
        ),
        request=MeetingRecordSerializer,
        responses={
            200: MeetingDetailSerializer,
            400: BAD_INPUT,
            403: CANNOT_RECORD,
            404: NOT_FOUND,
            503: AUDIT_UNAVAILABLE,
        },
    )
    def record(self, request: Request, uuid: UUID) -> Response:
        meeting = _meeting_for_recording(request, uuid)
        serializer = MeetingRecordSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if meeting.status == Meeting.Status.TO_ARRANGE:
            raise serializers.ValidationError(
                {api_non_field(): ["Arrange this meeting before recording it"]}
            )
        participants: dict[UUID, services.ParticipantRecord] = {}
        for row in data["participants"]:
            if row["participant"] in participants:
                raise serializers.ValidationError({"participants": ["Give each participant once"]})
            participants[row["participant"]] = services.ParticipantRecord(
                attendance=row["attendance"],
                view_given_by=row["view_given_by"],
                view_not_given_reason=row["view_not_given_reason"],
                view=row["view"],
            )
        _run_service(
            services.meeting_record,
            actor=_actor(request),
            meeting=meeting,
            held_on=data["held_on"],
            # Only the sections sent are changed; the others keep what was recorded.
            sections={
                name: data[name] for name in services.RECORD_SECTIONS if name in request.data
            },
            participants=participants,
            plan_agreed=data["plan_agreed"],
            experience=data["experience"],
            experience_given_by=data["experience_given_by"],
            request=request,
        )
        meeting = selectors.meeting_get(request.user, uuid)
        return Response(_meeting_detail(request, meeting))


class MeetingParticipantViewSet(ApiViewSet):
    serializer_class = MeetingParticipantSerializer
    pagination_class = None

    @extend_schema(
        summary="The people invited to a meeting, and their views",
        description="Written to the family's access trail before anything is shown.",
        responses={
            200: MeetingParticipantSerializer(many=True),
            404: NOT_FOUND,
            503: AUDIT_UNAVAILABLE,
        },
    )
    def list(self, request: Request, meeting_uuid: UUID) -> Response:
        meeting = selectors.meeting_get(request.user, meeting_uuid)
        _record_view(request, meeting)
        return Response(MeetingParticipantSerializer(meeting.participants.all(), many=True).data)


class DecisionViewSet(ApiViewSet):
    serializer_class = DecisionSerializer
    pagination_class = None

    @extend_schema(
        summary="The decisions made at a meeting",
        description="Written to the family's access trail before anything is shown.",
        responses={200: DecisionSerializer(many=True), 404: NOT_FOUND, 503: AUDIT_UNAVAILABLE},
    )
    def list(self, request: Request, meeting_uuid: UUID) -> Response:
        meeting = selectors.meeting_get(request.user, meeting_uuid)
        _record_view(request, meeting)
        return Response(DecisionSerializer(meeting.decisions.all(), many=True).data)

    @extend_schema(
        summary="Record a decision made with the family",
        description="Whether the family agreed; reservations or disagreement need the "
        "family's view in their own words. Send a `submission_token` to make a repeated "
        "request safe.",
        request=DecisionCreateSerializer,
        responses={
            201: DecisionSerializer,
            400: BAD_INPUT,
            403: CANNOT_RECORD,
            404: NOT_FOUND,
            503: AUDIT_UNAVAILABLE,
        },
    )
    def create(self, request: Request, meeting_uuid: UUID) -> Response:
        meeting = _meeting_for_recording(request, meeting_uuid)
        serializer = DecisionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        decision = _run_service(
            services.decision_add,
            actor=_actor(request),
            meeting=meeting,
            decision=data["decision"],
            family_position=data["family_position"],
            family_view=data["family_view"],
            submission_token=data["submission_token"],
            request=request,
        )
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)
