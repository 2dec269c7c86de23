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
the call the pages make, before the answer is built. The lists across families (conversations,
meetings, plans, actions) write none, as the families list, so they carry no free text about
a family: UUIDs, dates, types, statuses, and the family's and staff's names, as the families
list does. What was written (an action, a plan's name, a meeting's place...) is in the
retrieve. Lists under one record (its participants, decisions, goals, reviews) write that
record's view event, fail-closed (docs/decisions/0008-practice.md).
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

from .. import permissions, plans, selectors, services
from ..forms import staff_for_actions
from ..models import Action, Meeting, Plan, Question, RestorativeConversation
from .serializers import (
    ActionCreateSerializer,
    ActionListSerializer,
    ActionSerializer,
    ActionUpdateSerializer,
    ConversationAnswersSaveSerializer,
    ConversationCreateSerializer,
    ConversationDetailSerializer,
    ConversationSerializer,
    DecisionCreateSerializer,
    DecisionSerializer,
    GoalCreateSerializer,
    GoalSerializer,
    GoalWriteSerializer,
    MeetingDetailSerializer,
    MeetingParticipantSerializer,
    MeetingRecordSerializer,
    MeetingScheduleSerializer,
    MeetingSerializer,
    ParticipantAddSerializer,
    PlanCreateSerializer,
    PlanDetailSerializer,
    PlanEndSerializer,
    PlanReviewCreateSerializer,
    PlanReviewSerializer,
    PlanSerializer,
    PlanUpdateSerializer,
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


def _record_view(request: Request, subject: Meeting | RestorativeConversation | Plan) -> None:
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


def _meeting_people(family: Family, data: dict[str, Any]) -> tuple[Any, list[Any], list[Any]]:
    """The chair, family members and staff a schedule or arrange request names by UUID,
    chosen only from those the page offers (`selectors.meeting_chairs_and_professionals`)."""
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
    return chair, members, staff


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
        description="Conversations you may see, newest first, 50 a page. Not written to the "
        "access trail, so without free text (the retrieve shows what the other contact was, "
        "the answers and what was agreed next). Accounts with no case role get 404.",
        parameters=[FAMILY_PARAM],
        responses={200: ConversationSerializer(many=True), 400: BAD_INPUT, 404: NOT_FOUND},
    )
    def list(self, request: Request) -> Response:
        from restorative.people import permissions as people_permissions

        if not people_permissions.can_list_families(request.user):
            raise Http404
        conversations = selectors.conversations_list(
            request.user, family_uuid=_uuid_param(request, "family", "Family")
        )
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

    @extend_schema(
        summary="Record what each person said, and what was agreed next",
        description=(
            "Each participant's answer to each question asked, in their own words "
            "(`participant`: the participant UUIDs in the conversation's record; `question`: "
            "the questions asked). Answers not sent are unchanged; an empty answer removes "
            "one; `agreed_next` left out is unchanged. Sending the same body again gives the "
            "same record. For those who may record for the family."
        ),
        request=ConversationAnswersSaveSerializer,
        responses={
            200: ConversationDetailSerializer,
            400: BAD_INPUT,
            403: CANNOT_RECORD,
            404: NOT_FOUND,
            503: AUDIT_UNAVAILABLE,
        },
    )
    def answers(self, request: Request, uuid: UUID) -> Response:
        conversation = selectors.conversation_get(request.user, uuid)
        if not permissions.can_record_for_family(request.user, conversation.family):
            raise CannotRecord("You can see this conversation but you cannot record on it.")
        serializer = ConversationAnswersSaveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        participants = {p.uuid: p.pk for p in conversation.participants.all()}
        questions = {q.uuid: q.pk for q in conversation.questions.all()}
        answers: dict[tuple[int, int], str] = {}
        for row in data["answers"]:
            if row["participant"] not in participants:
                raise serializers.ValidationError(
                    {"answers": ["Give answers only for the people who took part, by their UUID"]}
                )
            if row["question"] not in questions:
                raise serializers.ValidationError(
                    {"answers": ["Give answers only to the questions asked, by their UUID"]}
                )
            key = (participants[row["participant"]], questions[row["question"]])
            if key in answers:
                raise serializers.ValidationError(
                    {"answers": ["Give each person's answer to each question once"]}
                )
            answers[key] = row["answer"]
        _run_service(
            services.conversation_answers_save,
            actor=_actor(request),
            conversation=conversation,
            answers=answers,
            agreed_next=data.get("agreed_next", conversation.agreed_next),
            request=request,
        )
        conversation = selectors.conversation_get(request.user, uuid)
        return Response(self._detail(request, conversation))

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
            "agency staff) those you are invited to. Not written to the access trail, so "
            "without free text about the family (the retrieve shows the place and the "
            "record).\n\n"
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
        found: list[Meeting] | QuerySet[Meeting]
        if due:
            found = selectors.meetings_due_list(
                request.user, due=due, scope=scope, family_uuid=family_uuid, status=status_filter
            )
        else:
            found = selectors.meetings_list(
                request.user, family_uuid=family_uuid, status=status_filter
            )
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
        chair, members, staff = _meeting_people(family, data)
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

    @extend_schema(
        summary="Invite one more person to a meeting",
        description=(
            "Exactly one of `member` (one of the family's members), `staff` (a professional of "
            "the family's team or a partner agency: the same choices as when scheduling) or "
            "`name` (someone without an account, with an optional `role`). Someone already "
            "invited is refused with a message. For those who may record for the family."
        ),
        request=ParticipantAddSerializer,
        responses={
            201: MeetingParticipantSerializer,
            400: BAD_INPUT,
            403: CANNOT_RECORD,
            404: NOT_FOUND,
            503: AUDIT_UNAVAILABLE,
        },
    )
    def create(self, request: Request, meeting_uuid: UUID) -> Response:
        meeting = _meeting_for_recording(request, meeting_uuid)
        serializer = ParticipantAddSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        member = staff = other = None
        if data["member"] is not None:
            member = _resolve(
                meeting.family.members.all(),
                [data["member"]],
                "member",
                "Choose someone from this family, by their UUID",
            )[0]
        if data["staff"] is not None:
            _, professionals = selectors.meeting_chairs_and_professionals(meeting.family)
            staff = _resolve(
                professionals,
                [data["staff"]],
                "staff",
                "Choose a professional from the family's team or a partner agency, by their UUID",
            )[0]
        if data["name"].strip():
            other = services.OtherPerson(data["name"], data["role"])
        participant = _run_service(
            services.participant_add,
            actor=_actor(request),
            meeting=meeting,
            member=member,
            staff=staff,
            other=other,
            request=request,
        )
        return Response(
            MeetingParticipantSerializer(participant).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Take someone off a meeting's invitation list",
        description=(
            "Refused (400, with a message) when their view, how it was given, or their "
            "attendance is recorded: a recorded voice stays on the record. A removed partner "
            "no longer sees the meeting."
        ),
        responses={
            204: None,
            400: BAD_INPUT,
            403: CANNOT_RECORD,
            404: NOT_FOUND,
            503: AUDIT_UNAVAILABLE,
        },
    )
    def destroy(self, request: Request, meeting_uuid: UUID, participant_uuid: UUID) -> Response:
        meeting = _meeting_for_recording(request, meeting_uuid)
        participant = next(
            (p for p in meeting.participants.all() if p.uuid == participant_uuid), None
        )
        if participant is None:
            raise Http404
        _run_service(
            services.participant_remove,
            actor=_actor(request),
            participant=participant,
            request=request,
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


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


# Plans, goals, actions and reviews ----------------------------------------------------------
# The plan is what the access trail records: reading a plan, a goal, an action or a review
# writes one "view" of the plan; changes write one "change" (in the services).

# Values in the description, not as an enum: several lists have a `status` with other values,
# and drf-spectacular would have to invent enum names for them.
PLAN_STATUS_PARAM = OpenApiParameter(
    "status", str, description=f"One of: {', '.join(Plan.Status.values)}."
)


def _plan_for_recording(request: Request, plan_uuid: UUID) -> Plan:
    """The plan if the person may change it: 404 if they cannot see it, 403 if read-only.
    An ended plan is answered by the services with 400 and the date it ended."""
    plan = selectors.plan_get(request.user, plan_uuid)
    if not permissions.can_record_plan(request.user, plan):
        raise CannotRecord("You can see this plan but you cannot change it.")
    return plan


def _plan_detail(request: Request, plan: Plan) -> dict[str, Any]:
    context = {
        "sustainability": selectors.plan_sustainability(plan),
        "can_record": permissions.can_record_plan(request.user, plan) and not plan.is_ended,
    }
    return PlanDetailSerializer(plan, context=context).data


def _body(request: Request) -> dict[str, Any]:
    """The request body as a plain mapping (a form-encoded body gives each field's value)."""
    data = request.data
    if hasattr(data, "dict"):
        return dict(data.dict())
    if not isinstance(data, dict):
        raise serializers.ValidationError(
            {api_non_field(): ["Send the fields to change as a JSON object"]}
        )
    return dict(data)


def _merged(current: dict[str, Any], request: Request) -> dict[str, Any]:
    """A PATCH body laid over the record as it is, so the same checks as a create apply."""
    return {**current, **_body(request)}


def _scaling(data: dict[str, Any]) -> plans.Scaling | None:
    if data["baseline_level"] is None:
        return None
    return plans.Scaling(
        baseline_level=data["baseline_level"],
        expected_level=data["expected_level"],
        descriptions={level: data[field] for level, field in plans.LEVEL_FIELDS.items()},
    )


def _owner(request: Request, plan: Plan, data: dict[str, Any]) -> plans.Owner:
    """The action's owner from UUIDs, chosen among the people the page would offer."""
    member = staff = None
    if data["owner_member"] is not None:
        member = _resolve(
            plan.family.members.all(),
            [data["owner_member"]],
            "owner_member",
            "Choose someone from this family, by their UUID",
        )[0]
    if data["owner_staff"] is not None:
        staff = _resolve(
            staff_for_actions(plan.family),
            [data["owner_staff"]],
            "owner_staff",
            "Choose a member of the family's team or a partner agency, by their UUID",
        )[0]
    return plans.Owner(
        member=member, staff=staff, name=data["owner_name"], agency=data["owner_agency"]
    )


class PlanViewSet(ApiViewSet):
    """Plans made with families: seen by the family's readers and by partner staff invited to
    the meeting the plan was made at; changed by those who may record for the family."""

    serializer_class = PlanSerializer
    lookup_field = "uuid"

    @extend_schema(
        summary="List plans",
        description="Plans you may see, newest first, 50 a page. Not written to the access "
        "trail, so without free text (the retrieve shows the plan's name, how it ended, its "
        "goals, actions and reviews). Accounts with no case role get 404.",
        parameters=[
            FAMILY_PARAM,
            OpenApiParameter("meeting", UUID, description="Only plans made at this meeting."),
            PLAN_STATUS_PARAM,
        ],
        responses={200: PlanSerializer(many=True), 400: BAD_INPUT, 404: NOT_FOUND},
    )
    def list(self, request: Request) -> Response:
        if not permissions.can_view_practice_lists(request.user):
            raise Http404
        rows = selectors.plans_list(
            request.user,
            family_uuid=_uuid_param(request, "family", "Family"),
            meeting_uuid=_uuid_param(request, "meeting", "Meeting"),
            status=_choice_param(request, "status", "Status", Plan.Status.values),
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(PlanSerializer(page, many=True).data)

    @extend_schema(
        summary="A plan: goals, actions, reviews and whether it is holding",
        description="Written to the family's access trail before anything is shown.",
        responses={200: PlanDetailSerializer, 404: NOT_FOUND, 503: AUDIT_UNAVAILABLE},
    )
    def retrieve(self, request: Request, uuid: UUID) -> Response:
        plan = selectors.plan_get(request.user, uuid)
        _record_view(request, plan)
        return Response(_plan_detail(request, plan))

    @extend_schema(
        summary="Make a plan with the family",
        description="On its own or from one of the family's meetings (`meeting`). For those "
        "who may record for the family. Send a `submission_token` to make a repeated request "
        "safe.",
        request=PlanCreateSerializer,
        responses={
            201: PlanDetailSerializer,
            400: BAD_INPUT,
            403: CANNOT_RECORD,
            503: AUDIT_UNAVAILABLE,
        },
    )
    def create(self, request: Request) -> Response:
        serializer = PlanCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        family = _family_for_recording(request, data["family"])
        meeting = None
        if data["meeting"] is not None:
            meeting = _resolve(
                selectors.family_meetings(request.user, family),
                [data["meeting"]],
                "meeting",
                "Choose one of this family's meetings, by its UUID",
            )[0]
        plan = _run_service(
            plans.plan_create,
            actor=_actor(request),
            family=family,
            title=data["title"],
            started_on=data["started_on"],
            review_date=data["review_date"],
            meeting=meeting,
            submission_token=data["submission_token"],
            request=request,
        )
        plan = selectors.plan_get(request.user, plan.uuid)
        return Response(_plan_detail(request, plan), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Rename a plan or move its review date",
        description="Fields left out keep their values. An ended plan cannot be changed (400).",
        request=PlanUpdateSerializer,
        responses={
            200: PlanDetailSerializer,
            400: BAD_INPUT,
            403: CANNOT_RECORD,
            404: NOT_FOUND,
            503: AUDIT_UNAVAILABLE,
        },
    )
    def partial_update(self, request: Request, uuid: UUID) -> Response:
        plan = _plan_for_recording(request, uuid)
        serializer = PlanUpdateSerializer(
            data=_merged({"title": plan.title, "review_date": plan.review_date}, request)
        )
        serializer.is_valid(raise_exception=True)
        _run_service(
            plans.plan_update,
            actor=_actor(request),
            plan=plan,
            title=serializer.validated_data["title"],
            review_date=serializer.validated_data["review_date"],
            request=request,
        )
        return Response(_plan_detail(request, selectors.plan_get(request.user, uuid)))

    @extend_schema(
        summary="End a plan",
        description=(
            "The date it ended (not before it began, not in the future) and why it ended and "
            "how it went, in words. An ended plan is read-only and its open actions are no "
            "longer listed as overdue. Sending the same ending again changes nothing."
        ),
        request=PlanEndSerializer,
        responses={
            200: PlanDetailSerializer,
            400: BAD_INPUT,
            403: CANNOT_RECORD,
            404: NOT_FOUND,
            503: AUDIT_UNAVAILABLE,
        },
    )
    def end(self, request: Request, uuid: UUID) -> Response:
        plan = _plan_for_recording(request, uuid)
        serializer = PlanEndSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        _run_service(
            plans.plan_end,
            actor=_actor(request),
            plan=plan,
            ended_on=serializer.validated_data["ended_on"],
            outcome=serializer.validated_data["outcome"],
            request=request,
        )
        return Response(_plan_detail(request, selectors.plan_get(request.user, uuid)))


class GoalViewSet(ApiViewSet):
    """The family's goals in a plan, in their own words, with optional scaling."""

    serializer_class = GoalSerializer
    pagination_class = None
    lookup_field = "uuid"

    @extend_schema(
        summary="A plan's goals",
        description="Written to the family's access trail before anything is shown.",
        responses={200: GoalSerializer(many=True), 404: NOT_FOUND, 503: AUDIT_UNAVAILABLE},
    )
    def list(self, request: Request, plan_uuid: UUID) -> Response:
        plan = selectors.plan_get(request.user, plan_uuid)
        _record_view(request, plan)
        return Response(GoalSerializer(plan.goals.all(), many=True).data)

    @extend_schema(
        summary="Add a goal to a plan",
        description="In the family's own words; Goal Attainment Scaling optional (both levels "
        "or neither). Send a `submission_token` to make a repeated request safe.",
        request=GoalCreateSerializer,
        responses={
            201: GoalSerializer,
            400: BAD_INPUT,
            403: CANNOT_RECORD,
            404: NOT_FOUND,
            503: AUDIT_UNAVAILABLE,
        },
    )
    def create(self, request: Request, plan_uuid: UUID) -> Response:
        plan = _plan_for_recording(request, plan_uuid)
        serializer = GoalCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        goal = _run_service(
            plans.goal_add,
            actor=_actor(request),
            plan=plan,
            goal=data["goal"],
            whose=data["whose"],
            scaling=_scaling(data),
            submission_token=data["submission_token"],
            request=request,
        )
        return Response(GoalSerializer(goal).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="A goal",
        description="Written to the family's access trail (as a view of the plan).",
        responses={200: GoalSerializer, 404: NOT_FOUND, 503: AUDIT_UNAVAILABLE},
    )
    def retrieve(self, request: Request, uuid: UUID) -> Response:
        goal = selectors.goal_get(request.user, uuid)
        _record_view(request, goal.plan)
        return Response(GoalSerializer(goal).data)

    @extend_schema(
        summary="Change a goal",
        description="Fields left out keep their values; null levels stop using scaling. An "
        "ended plan cannot be changed (400).",
        request=GoalWriteSerializer,
        responses={
            200: GoalSerializer,
            400: BAD_INPUT,
            403: CANNOT_RECORD,
            404: NOT_FOUND,
            503: AUDIT_UNAVAILABLE,
        },
    )
    def partial_update(self, request: Request, uuid: UUID) -> Response:
        goal = selectors.goal_get(request.user, uuid)
        _plan_for_recording(request, goal.plan.uuid)
        names = ["goal", "whose", "baseline_level", "expected_level", *plans.LEVEL_FIELDS.values()]
        current = {name: getattr(goal, name) for name in names}
        serializer = GoalWriteSerializer(data=_merged(current, request))
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        goal = _run_service(
            plans.goal_update,
            actor=_actor(request),
            goal=goal,
            text=data["goal"],
            whose=data["whose"],
            scaling=_scaling(data),
            request=request,
        )
        return Response(GoalSerializer(goal).data)


OVERDUE_PARAM = OpenApiParameter(
    "overdue",
    bool,
    description="true: only open actions of active plans past their due date, whoever owns "
    "them (an ended plan's actions are not followed up).",
)


class ActionViewSet(ApiViewSet):
    """Actions in plans: who will do what by when. Professionals' actions are followed up as
    strictly as the family's."""

    serializer_class = ActionSerializer
    lookup_field = "uuid"

    @extend_schema(
        summary="List actions",
        description="Actions in plans you may see, by due date, 50 a page: the owner as a "
        "kind and UUID, the due date and the status. Not written to the access trail, so "
        "without what is to be done, the note or the owner's name (the retrieve shows them, "
        "after writing the access event).",
        parameters=[
            OpenApiParameter("plan", UUID, description="Only this plan's actions."),
            FAMILY_PARAM,
            OpenApiParameter(
                "status", str, description=f"One of: {', '.join(Action.Status.values)}."
            ),
            OVERDUE_PARAM,
        ],
        responses={200: ActionListSerializer(many=True), 400: BAD_INPUT, 404: NOT_FOUND},
    )
    def list(self, request: Request) -> Response:
        if not permissions.can_view_practice_lists(request.user):
            raise Http404
        overdue = _choice_param(request, "overdue", "Overdue", ("true", "false"))
        rows = selectors.actions_list(
            request.user,
            plan_uuid=_uuid_param(request, "plan", "Plan"),
            family_uuid=_uuid_param(request, "family", "Family"),
            status=_choice_param(request, "status", "Status", Action.Status.values),
            overdue=overdue == "true",
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(ActionListSerializer(page, many=True).data)

    @extend_schema(
        summary="Add an action to a plan",
        description="What will be done, exactly one owner (`owner_member`, `owner_staff`, or "
        "`owner_name` and/or `owner_agency`) and a due date on or after the plan began. Send "
        "a `submission_token` to make a repeated request safe.",
        request=ActionCreateSerializer,
        responses={
            201: ActionSerializer,
            400: BAD_INPUT,
            403: CANNOT_RECORD,
            404: NOT_FOUND,
            503: AUDIT_UNAVAILABLE,
        },
    )
    def create(self, request: Request, plan_uuid: UUID) -> Response:
        plan = _plan_for_recording(request, plan_uuid)
        serializer = ActionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        action = _run_service(
            plans.action_add,
            actor=_actor(request),
            plan=plan,
            what=data["what"],
            owner=_owner(request, plan, data),
            due_date=data["due_date"],
            submission_token=data["submission_token"],
            request=request,
        )
        return Response(ActionSerializer(action).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="An action",
        description="Written to the family's access trail (as a view of the plan).",
        responses={200: ActionSerializer, 404: NOT_FOUND, 503: AUDIT_UNAVAILABLE},
    )
    def retrieve(self, request: Request, uuid: UUID) -> Response:
        action = selectors.action_get(request.user, uuid)
        _record_view(request, action.plan)
        return Response(ActionSerializer(action).data)

    @extend_schema(
        summary="Change an action",
        description="What, owner, due date, status and note. Fields left out keep their "
        "values; giving any owner field replaces the owner. An ended plan cannot be changed "
        "(400).",
        request=ActionUpdateSerializer,
        responses={
            200: ActionSerializer,
            400: BAD_INPUT,
            403: CANNOT_RECORD,
            404: NOT_FOUND,
            503: AUDIT_UNAVAILABLE,
        },
    )
    def partial_update(self, request: Request, uuid: UUID) -> Response:
        action = selectors.action_get(request.user, uuid)
        plan = _plan_for_recording(request, action.plan.uuid)
        owner_fields = ("owner_member", "owner_staff", "owner_name", "owner_agency")
        current: dict[str, Any] = {
            "what": action.what,
            "owner_member": action.owner_member.uuid if action.owner_member else None,
            "owner_staff": action.owner_staff.uuid if action.owner_staff else None,
            "owner_name": action.owner_name,
            "owner_agency": action.owner_agency,
            "due_date": action.due_date,
            "status": action.status,
            "note": action.note,
        }
        body = _body(request)
        if any(name in body for name in owner_fields):
            current.update(owner_member=None, owner_staff=None, owner_name="", owner_agency="")
        serializer = ActionUpdateSerializer(data=_merged(current, request))
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        action.plan = plan
        action = _run_service(
            plans.action_update,
            actor=_actor(request),
            action=action,
            what=data["what"],
            owner=_owner(request, plan, data),
            due_date=data["due_date"],
            status=data["status"],
            note=data["note"],
            request=request,
        )
        return Response(ActionSerializer(action).data)


class PlanReviewViewSet(ApiViewSet):
    """Reviews of a plan. A review is what was found on the day: added, never changed."""

    serializer_class = PlanReviewSerializer
    pagination_class = None
    lookup_field = "uuid"

    @extend_schema(
        summary="A plan's reviews",
        description="Oldest first. Written to the family's access trail before anything is shown.",
        responses={
            200: PlanReviewSerializer(many=True),
            404: NOT_FOUND,
            503: AUDIT_UNAVAILABLE,
        },
    )
    def list(self, request: Request, plan_uuid: UUID) -> Response:
        plan = selectors.plan_get(request.user, plan_uuid)
        _record_view(request, plan)
        action_uuids = {a.pk: a.uuid for a in plan.actions.all()}
        return Response(
            PlanReviewSerializer(
                plan.reviews.all(), many=True, context={"action_uuids": action_uuids}
            ).data
        )

    @extend_schema(
        summary="Review a plan",
        description=(
            "Who took part, the family's and the professionals' 0-10 scaling, whether the plan "
            "is holding, and progress on some or all actions (which becomes their status). "
            "Not before the plan began or in the future. Send a `submission_token` to make a "
            "repeated request safe."
        ),
        request=PlanReviewCreateSerializer,
        responses={
            201: PlanReviewSerializer,
            400: BAD_INPUT,
            403: CANNOT_RECORD,
            404: NOT_FOUND,
            503: AUDIT_UNAVAILABLE,
        },
    )
    def create(self, request: Request, plan_uuid: UUID) -> Response:
        plan = _plan_for_recording(request, plan_uuid)
        serializer = PlanReviewCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        members = _resolve(
            plan.family.members.all(),
            data["members"],
            "members",
            "Choose people from this family, by their UUID",
        )
        actions: dict[UUID, plans.ActionReview] = {}
        for row in data["actions"]:
            if row["action"] in actions:
                raise serializers.ValidationError({"actions": ["Give each action once"]})
            actions[row["action"]] = plans.ActionReview(row["status"], row["progress"])
        review = _run_service(
            plans.plan_review_record,
            actor=_actor(request),
            plan=plan,
            reviewed_on=data["reviewed_on"],
            members=members,
            others_present=data["others_present"],
            family_scaling=data["family_scaling"],
            professional_scaling=data["professional_scaling"],
            holding=data["holding"],
            holding_words=data["holding_words"],
            actions=actions,
            submission_token=data["submission_token"],
            request=request,
        )
        review = selectors.review_get(request.user, review.uuid)
        return Response(PlanReviewSerializer(review).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="A plan review",
        description="Written to the family's access trail (as a view of the plan).",
        responses={200: PlanReviewSerializer, 404: NOT_FOUND, 503: AUDIT_UNAVAILABLE},
    )
    def retrieve(self, request: Request, uuid: UUID) -> Response:
        review = selectors.review_get(request.user, uuid)
        _record_view(request, review.plan)
        return Response(PlanReviewSerializer(review).data)
