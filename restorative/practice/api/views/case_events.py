"""`POST /api/case-events/`: an event from the case management system (README "Case-system
events"). Only for an account with the permission `practice.submit_case_events` (403 for any
other); an event for a family the account's organisation does not hold answers 404, as for a
family that does not exist. Sending the same event id again answers 200 with the event as first
stored and changes nothing."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from restorative.core.api import ApiViewSet, ErrorSerializer, responses
from restorative.people.models import Staff

from ... import case_events, permissions
from ...models import CaseEvent
from ..serializers.case_events import CaseEventCreateSerializer, CaseEventSerializer


class CaseEventViewSet(ApiViewSet):
    serializer_class = CaseEventSerializer

    @extend_schema(
        summary="Send an event from the case management system",
        description=(
            "Schedules, moves or ends the family's meeting chain as a practitioner would, and "
            "writes it to the family's access trail. Idempotent on `event_id`: the same event "
            "again answers 200 with `duplicate` true and changes nothing. 404 when the case "
            "reference names no family of your organisation; 400 for a date in the future."
        ),
        request=CaseEventCreateSerializer,
        responses={
            **responses(CaseEventSerializer, 400, 404, 503, created=True),
            200: OpenApiResponse(CaseEventSerializer, description="Already received: unchanged."),
            403: OpenApiResponse(
                ErrorSerializer, description="This account may not send case events."
            ),
        },
    )
    def create(self, request: Request) -> Response:
        if not permissions.can_submit_case_events(request.user):
            raise PermissionDenied("This account may not send case events.")
        data = self.validated(CaseEventCreateSerializer)
        event = case_events.CaseEventInput.from_columns(data)
        actor = request.user
        assert isinstance(actor, Staff)  # can_submit_case_events admits only active staff
        try:
            result = case_events.case_event_apply(
                actor=actor, event=event, channel=CaseEvent.Channel.API, request=request
            )
        except case_events.UnknownFamily as problem:
            raise NotFound(str(problem)) from None
        body = CaseEventSerializer(result.event, context={"duplicate": not result.created}).data
        return Response(
            body, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        )
