"""The practice API's people harmed: add the person harmed (or their supporter) to a youth
justice panel or restorative circle, through the service the page calls. They are then
participants of the meeting, listed (and seen) only where the meeting is."""

from __future__ import annotations

from uuid import UUID

from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from restorative.core.api import resolve_uuid

from ... import selectors, services
from ..serializers.harmed import PersonHarmedAddSerializer
from ..serializers.meetings import MeetingParticipantSerializer
from .common import recording_schema
from .meetings import MeetingRecordViewSet


class PersonHarmedViewSet(MeetingRecordViewSet):
    serializer_class = PersonHarmedAddSerializer
    pagination_class = None

    @recording_schema(
        summary="Add a person harmed or their supporter to a meeting",
        description=(
            "For youth justice panels and restorative circles (family or community) only: "
            "another meeting type is refused (400). `consent_to_take_part` and "
            "`chose_to_meet` are true, false or null (not asked or not decided yet); someone "
            "who chose to meet has consented. They are listed with the meeting's participants "
            "(`kind` `person_harmed` or `harmed_supporter`; a supporter's `supports` is the "
            "`uuid` of the person harmed they are there for), seen only by those who may see "
            "the meeting. For those who may record on the meeting (404 for a meeting you may "
            "not see)."
        ),
        request=PersonHarmedAddSerializer,
        ok=MeetingParticipantSerializer,
        created=True,
    )
    def create(self, request: Request, meeting_uuid: UUID) -> Response:
        meeting = self.meeting_for_recording(meeting_uuid)
        data = self.validated(PersonHarmedAddSerializer)
        supports = resolve_uuid(
            selectors.people_harmed(meeting), data["supports"], "supports", services.SUPPORTS_CHOICE
        )
        participant = self.call_service(
            services.person_harmed_add,
            meeting=meeting,
            name=data["name"],
            supporter=data["supporter"],
            supports=supports,
            consent_to_take_part=data["consent_to_take_part"],
            chose_to_meet=data["chose_to_meet"],
            view=data["view"],
        )
        return Response(
            MeetingParticipantSerializer(participant).data, status=status.HTTP_201_CREATED
        )
