"""Arrange, move or cancel a meeting through the API: the services the pages use.

POST .../arrange/ arranges a meeting "to be arranged" (a follow-on made due by a held
conference) or, sent again for a scheduled meeting, moves it: one route, because it is one
service and the answer is the same meeting. POST .../cancel/ cancels one not yet held.
Conventions as the rest of the practice API: 404 when the meeting is not visible, 403 when
it is visible but the person may not record on it (an invited partner, the director), 400
with a message per field, 503 when the access trail cannot be written. Both are safe to send
twice: a repeat finds the meeting already as asked.
"""

from __future__ import annotations

from uuid import UUID

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from restorative.people.api.views import AUDIT_UNAVAILABLE, BAD_INPUT, NOT_FOUND, ApiViewSet

from .. import arranging, selectors, services
from .arrange_serializers import MeetingArrangeSerializer, MeetingCancelSerializer
from .serializers import MeetingDetailSerializer
from .views import (
    CANNOT_RECORD,
    _actor,
    _meeting_detail,
    _meeting_for_recording,
    _meeting_people,
    _run_service,
)

RESPONSES = {
    200: MeetingDetailSerializer,
    400: BAD_INPUT,
    403: CANNOT_RECORD,
    404: NOT_FOUND,
    503: AUDIT_UNAVAILABLE,
}


class MeetingArrangeViewSet(ApiViewSet):
    serializer_class = MeetingDetailSerializer
    pagination_class = None

    @extend_schema(
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
        responses=RESPONSES,
    )
    def arrange(self, request: Request, uuid: UUID) -> Response:
        meeting = _meeting_for_recording(request, uuid)
        serializer = MeetingArrangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        family = meeting.family
        chair, members, staff = _meeting_people(family, data)
        _run_service(
            arranging.meeting_arrange,
            actor=_actor(request),
            meeting=meeting,
            scheduled_at=data["scheduled_at"],
            venue=data["venue"],
            place=data["place"],
            chair=chair,
            chair_name=data["chair_name"],
            members=members,
            staff=staff,
            others=[services.OtherPerson(o["name"], o["role"]) for o in data["others"]],
            request=request,
        )
        meeting = selectors.meeting_get(request.user, uuid)
        return Response(_meeting_detail(request, meeting))

    @extend_schema(
        summary="Cancel a meeting not yet held",
        description=(
            "With the reason in words. The meeting stays on the family's record, shown as "
            "cancelled with the reason, and leaves the lists of meetings due. Refused for a "
            "held meeting; cancelling a cancelled meeting changes nothing. For those who may "
            "record for the family."
        ),
        request=MeetingCancelSerializer,
        responses=RESPONSES,
    )
    def cancel(self, request: Request, uuid: UUID) -> Response:
        meeting = _meeting_for_recording(request, uuid)
        serializer = MeetingCancelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        _run_service(
            arranging.meeting_cancel,
            actor=_actor(request),
            meeting=meeting,
            reason=serializer.validated_data["reason"],
            request=request,
        )
        meeting = selectors.meeting_get(request.user, uuid)
        return Response(_meeting_detail(request, meeting))
