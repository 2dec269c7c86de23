"""The practice API's meetings: schedule, arrange or move, cancel, record; who is invited
and their views; decisions made with the family.

Meetings are seen by the family's readers and by partner staff invited to them. The list
writes no access event, so it carries no free text about the family; a meeting's record,
participants and decisions write one before answering. Arranging and cancelling are safe to
send twice: a repeat finds the meeting already as asked.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from restorative.core.api import (
    choice_param,
    non_field_key,
    resolve_uuid,
    resolve_uuids,
    responses,
    uuid_param,
)
from restorative.people.models import Family

from ... import arranging, permissions, selectors, services
from ...models import Meeting
from ..serializers.meetings import (
    DecisionCreateSerializer,
    DecisionSerializer,
    MeetingArrangeSerializer,
    MeetingCancelSerializer,
    MeetingDetailSerializer,
    MeetingParticipantSerializer,
    MeetingRecordSerializer,
    MeetingScheduleSerializer,
    MeetingSerializer,
    ParticipantAddSerializer,
)
from .common import (
    FAMILY_PARAM,
    CannotRecord,
    PracticeViewSet,
    family_member,
    family_members,
    recording_schema,
    viewed_schema,
)

DUE_FILTERS = ("overdue", "due_soon")


def meeting_people(family: Family, data: dict[str, Any]) -> tuple[Any, list[Any], list[Any]]:
    """The chair, family members and staff a schedule or arrange request names by UUID,
    chosen only from those the page offers (`selectors.meeting_chairs_and_professionals`)."""
    chairs, professionals = selectors.meeting_chairs_and_professionals(family)
    chair = resolve_uuid(
        chairs,
        data["chair"],
        "chair",
        "Choose a practitioner or manager of the family's team, or the head of its "
        "service, by their UUID",
    )
    members = family_members(family, data)
    staff = resolve_uuids(
        professionals,
        data["staff"],
        "staff",
        "Choose professionals from the family's team or a partner agency, by their UUID",
    )
    return chair, members, staff


def other_people(data: dict[str, Any]) -> list[services.OtherPerson]:
    """The people without a record here that a request invites, by name and role."""
    return [services.OtherPerson(o["name"], o["role"]) for o in data["others"]]


def private_family_time_from(data: Any, sent: Any) -> services.PrivateFamilyTime | None:
    """The private family time a record request sets, or None when it sends none of its
    fields (what was recorded stays)."""
    fields = (
        "private_family_time_held",
        "private_family_time_minutes",
        "private_family_time_present",
    )
    if not any(name in sent for name in fields):
        return None
    return services.PrivateFamilyTime(
        held=data["private_family_time_held"],
        minutes=data["private_family_time_minutes"],
        present=tuple(data["private_family_time_present"]),
    )


class MeetingRecordViewSet(PracticeViewSet):
    """A view of one meeting: who may record on it, and its record as the API shows it."""

    def meeting_for_recording(self, meeting_uuid: UUID) -> Meeting:
        """The meeting if the person may record it: 404 if they cannot see it, 403 if
        read-only."""
        meeting = selectors.meeting_get(self.request.user, meeting_uuid)
        if not permissions.can_record_meeting(self.request.user, meeting):
            raise CannotRecord("You can see this meeting but you cannot record on it.")
        return meeting

    def meeting_detail(self, meeting: Meeting) -> dict[str, Any]:
        context = {
            "voice": selectors.voice_completeness(meeting),
            "can_record": permissions.can_record_meeting(self.request.user, meeting),
        }
        data = MeetingDetailSerializer(meeting, context=context).data
        if not permissions.can_see_meeting_discussion(self.request.user, meeting):
            return without_discussion(data)
        return dict(data)

    def meeting_now(self, meeting_uuid: UUID, code: int = status.HTTP_200_OK) -> Response:
        """The answer to a change: the meeting read again, with everything the record shows."""
        meeting = selectors.meeting_get(self.request.user, meeting_uuid)
        return Response(self.meeting_detail(meeting), status=code)

    def participants(self, meeting: Meeting) -> list[dict[str, Any]]:
        rows = MeetingParticipantSerializer(meeting.participants.all(), many=True).data
        if permissions.can_see_meeting_discussion(self.request.user, meeting):
            return list(rows)
        return [_without_view(row) for row in rows]


# What an invited partner who was not at the meeting does not read
# (permissions.can_see_meeting_discussion): the views given and the record's sections.
DISCUSSION_FIELDS = (*services.RECORD_SECTIONS, "private_family_time")
VIEW_FIELDS = ("view", "view_not_given_reason")


def _without_view(row: Mapping[str, Any]) -> dict[str, Any]:
    return {**row, **{name: "" for name in VIEW_FIELDS if name in row}}


def without_discussion(data: Mapping[str, Any]) -> dict[str, Any]:
    """A meeting's detail with the discussion and every view blanked (kept as empty strings,
    so the shape stays the one the schema describes)."""
    shown = {**data, **{name: "" for name in DISCUSSION_FIELDS if name in data}}
    shown["participants"] = [_without_view(row) for row in data.get("participants", [])]
    return shown


class MeetingViewSet(MeetingRecordViewSet):
    """Meetings: the family's readers see them, and partner staff see those they are invited to."""

    def service_errors(self, error: DjangoValidationError) -> dict[str, list[str]]:
        detail = super().service_errors(error)
        # The record service names a missing reason or view per participant ("reason-<uuid>",
        # "view-<uuid>"); the API's participants are a list, so those belong to `participants`.
        for key in [k for k in detail if k.startswith(("reason-", "view-"))]:
            detail.setdefault("participants", []).extend(detail.pop(key))
        return detail

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
        responses=responses(MeetingSerializer(many=True), 400, 404),
    )
    def list(self, request: Request) -> Response:
        if not permissions.can_view_practice_lists(request.user):
            raise Http404
        family_uuid = uuid_param(request, "family", "Family")
        status_filter = choice_param(request, "status", "Status", Meeting.Status.values)
        due = choice_param(request, "due", "Due", DUE_FILTERS)
        scope = choice_param(request, "scope", "Scope", ("mine", "team")) or "mine"
        found: list[Meeting] | QuerySet[Meeting]
        if due:
            found = selectors.meetings_due_list(
                request.user, due=due, scope=scope, family_uuid=family_uuid, status=status_filter
            )
        else:
            found = selectors.meetings_list(
                request.user, family_uuid=family_uuid, status=status_filter
            )
        return self.page_of(found, MeetingSerializer)

    @extend_schema(
        summary="A meeting's record",
        description="Participants and their views (a child's wishes and feelings are the "
        "child participant's view), decisions, voice completeness and the due date. Written "
        "to the family's access trail before anything is shown. An invited partner who sent "
        "apologies or did not attend gets the views and the record's sections empty.",
        responses=responses(MeetingDetailSerializer, 404, 503),
    )
    def retrieve(self, request: Request, uuid: UUID) -> Response:
        meeting = self.viewed(selectors.meeting_get, uuid)
        return Response(self.meeting_detail(meeting))

    @recording_schema(
        summary="Schedule a meeting and invite people",
        description=(
            "For those who may change the family's record and the family's team's business "
            "support (who arrange meetings). The due date comes from `trigger` and "
            "`trigger_date` and the organisation's timescale rules. `members` are the "
            "family's member UUIDs; `staff` are UUIDs of the family's team or partner agency "
            "staff; `chair` a practitioner or manager of the team or the head of its service. "
            "Send a `submission_token` to make a repeated request safe."
        ),
        request=MeetingScheduleSerializer,
        ok=MeetingDetailSerializer,
        created=True,
        codes=(400, 503),
    )
    def create(self, request: Request) -> Response:
        data = self.validated(MeetingScheduleSerializer)
        family = self.family_for_recording(data["family"], arranging=True)
        chair, members, staff = meeting_people(family, data)
        meeting = self.call_service(
            services.meeting_schedule,
            family=family,
            meeting_type=data["meeting_type"],
            scheduled_at=data["scheduled_at"],
            venue=data["venue"],
            place=data["place"],
            chair=chair,
            chair_name=data["chair_name"],
            trigger=data["trigger"],
            trigger_date=data["trigger_date"],
            about_conflict=data["about_conflict"],
            members=members,
            staff=staff,
            others=other_people(data),
            submission_token=data["submission_token"],
        )
        return self.meeting_now(meeting.uuid, status.HTTP_201_CREATED)

    @recording_schema(
        summary="Record a held meeting",
        description=(
            "The restorative record and, for some or all participants, attendance and their "
            "view in their own words. Recording an initial conference or review for the first "
            "time adds the meetings it makes due. For those who may schedule the family's "
            "meetings (business support take the minutes)."
        ),
        request=MeetingRecordSerializer,
        ok=MeetingDetailSerializer,
    )
    def record(self, request: Request, uuid: UUID) -> Response:
        meeting = self.meeting_for_recording(uuid)
        data = self.validated(MeetingRecordSerializer)
        if meeting.status == Meeting.Status.TO_ARRANGE:
            raise serializers.ValidationError(
                {non_field_key(): ["Arrange this meeting before recording it"]}
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
        self.call_service(
            services.meeting_record,
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
            conference_outcome=data["conference_outcome"],
            plan_category=data["plan_category"],
            private_family_time=private_family_time_from(data, request.data),
        )
        return self.meeting_now(uuid)


class MeetingParticipantViewSet(MeetingRecordViewSet):
    serializer_class = MeetingParticipantSerializer
    pagination_class = None

    @viewed_schema(
        "The people invited to a meeting, and their views", MeetingParticipantSerializer(many=True)
    )
    def list(self, request: Request, meeting_uuid: UUID) -> Response:
        meeting = self.viewed(selectors.meeting_get, meeting_uuid)
        return Response(self.participants(meeting))

    @recording_schema(
        summary="Invite one more person to a meeting",
        description=(
            "Exactly one of `member` (one of the family's members), `staff` (a professional of "
            "the family's team or a partner agency: the same choices as when scheduling) or "
            "`name` (someone without an account, with an optional `role`). Someone already "
            "invited is refused with a message. For those who may schedule the family's "
            "meetings."
        ),
        request=ParticipantAddSerializer,
        ok=MeetingParticipantSerializer,
        created=True,
    )
    def create(self, request: Request, meeting_uuid: UUID) -> Response:
        meeting = self.meeting_for_recording(meeting_uuid)
        data = self.validated(ParticipantAddSerializer)
        member = family_member(meeting.family, data, "member")
        _, professionals = selectors.meeting_chairs_and_professionals(meeting.family)
        staff = resolve_uuid(
            professionals,
            data["staff"],
            "staff",
            "Choose a professional from the family's team or a partner agency, by their UUID",
        )
        other = services.OtherPerson(data["name"], data["role"]) if data["name"].strip() else None
        participant = self.call_service(
            services.participant_add,
            meeting=meeting,
            member=member,
            staff=staff,
            other=other,
        )
        return Response(
            MeetingParticipantSerializer(participant).data, status=status.HTTP_201_CREATED
        )

    @recording_schema(
        summary="Take someone off a meeting's invitation list",
        description=(
            "Refused (400, with a message) when their view, how it was given, or their "
            "attendance is recorded: a recorded voice stays on the record. A removed partner "
            "no longer sees the meeting."
        ),
        ok=None,
    )
    def destroy(self, request: Request, meeting_uuid: UUID, participant_uuid: UUID) -> Response:
        meeting = self.meeting_for_recording(meeting_uuid)
        participant = next(
            (p for p in meeting.participants.all() if p.uuid == participant_uuid), None
        )
        if participant is None:
            raise Http404
        self.call_service(
            services.participant_remove,
            participant=participant,
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class DecisionViewSet(MeetingRecordViewSet):
    serializer_class = DecisionSerializer
    pagination_class = None

    @viewed_schema("The decisions made at a meeting", DecisionSerializer(many=True))
    def list(self, request: Request, meeting_uuid: UUID) -> Response:
        meeting = self.viewed(selectors.meeting_get, meeting_uuid)
        return Response(DecisionSerializer(meeting.decisions.all(), many=True).data)

    @recording_schema(
        summary="Record a decision made with the family",
        description="Whether the family agreed; reservations or disagreement need the "
        "family's view in their own words. Send a `submission_token` to make a repeated "
        "request safe. For those who may change the family's record (not business support, "
        "who minute the meeting: 403).",
        request=DecisionCreateSerializer,
        ok=DecisionSerializer,
        created=True,
    )
    def create(self, request: Request, meeting_uuid: UUID) -> Response:
        meeting = self.meeting_for_recording(meeting_uuid)
        if not permissions.can_record_decision(request.user, meeting):
            raise CannotRecord("You can minute this meeting but not record its decisions.")
        data = self.validated(DecisionCreateSerializer)
        decision = self.call_service(
            services.decision_add,
            meeting=meeting,
            decision=data["decision"],
            family_position=data["family_position"],
            family_view=data["family_view"],
            submission_token=data["submission_token"],
        )
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


class MeetingArrangeViewSet(MeetingRecordViewSet):
    serializer_class = MeetingDetailSerializer
    pagination_class = None

    @recording_schema(
        summary="Arrange a meeting, or change its date or place",
        description=(
            "For a meeting to be arranged (status `to_arrange`, e.g. the first core group after "
            "an initial conference): its date and time, venue and place, chair and, optionally, "
            "more people to invite; it becomes `scheduled`. For a scheduled meeting: moves it. "
            "The due date never changes. Refused for a held or cancelled meeting, and for a "
            "date in the past (record a meeting that already happened as held). For those "
            "who may record for the family."
        ),
        request=MeetingArrangeSerializer,
        ok=MeetingDetailSerializer,
    )
    def arrange(self, request: Request, uuid: UUID) -> Response:
        meeting = self.meeting_for_recording(uuid)
        data = self.validated(MeetingArrangeSerializer)
        chair, members, staff = meeting_people(meeting.family, data)
        self.call_service(
            arranging.meeting_arrange,
            meeting=meeting,
            scheduled_at=data["scheduled_at"],
            venue=data["venue"],
            place=data["place"],
            chair=chair,
            chair_name=data["chair_name"],
            members=members,
            staff=staff,
            others=other_people(data),
        )
        return self.meeting_now(uuid)

    @recording_schema(
        summary="Cancel a meeting not yet held",
        description=(
            "With the reason in words. The meeting stays on the family's record, shown as "
            "cancelled with the reason, and leaves the lists of meetings due. Refused for a "
            "held meeting; cancelling a cancelled meeting changes nothing. For those who may "
            "record for the family."
        ),
        request=MeetingCancelSerializer,
        ok=MeetingDetailSerializer,
    )
    def cancel(self, request: Request, uuid: UUID) -> Response:
        meeting = self.meeting_for_recording(uuid)
        data = self.validated(MeetingCancelSerializer)
        self.call_service(
            arranging.meeting_cancel,
            meeting=meeting,
            reason=data["reason"],
        )
        return self.meeting_now(uuid)
