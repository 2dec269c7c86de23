"""The workforce API's team circles: a team's circles, and recording one, through the rules
the pages use (`workforce.circles`): who sees a team's circles, who records one, and who may
facilitate (`circles.team_circle_facilitators_q`, decision 0011). A team circle holds no
personal content, so reading one writes no access event (as the pages)."""

from __future__ import annotations

import uuid as uuid_module
from typing import Any, cast
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from restorative.core.api import (
    ApiViewSet,
    ErrorSerializer,
    StaffRefSerializer,
    choice_field,
    date_field,
    resolve_uuid,
    responses,
    submission_token_field,
    text_field,
    uuid_field,
    whole_number_field,
)
from restorative.people.models import Staff

from .. import circles
from ..models import TeamCircle

NOT_RECORDER = OpenApiResponse(
    ErrorSerializer,
    description="You may see this team's circles but not record one (the team's own people do).",
)


class TeamCircleRecordSerializer(serializers.ModelSerializer):
    """A team circle: no personal content (purpose, date, facilitator, how many, themes)."""

    facilitator = StaffRefSerializer(read_only=True)

    class Meta:
        model = TeamCircle
        fields = (
            "uuid",
            "purpose",
            "held_on",
            "facilitator",
            "participant_count",
            "themes",
            "agreed_actions",
        )
        read_only_fields = fields


class TeamCircleCreateSerializer(serializers.Serializer):
    purpose = choice_field(TeamCircle.Purpose.choices, "Purpose")
    held_on = date_field("Date of the circle")
    facilitator = uuid_field(
        "Facilitator",
        help_text="UUID of a member of the team, or a team manager, head of service or "
        "restorative champion in its service (never business support).",
    )
    participant_count = whole_number_field("How many took part", 1, 500)
    themes = text_field("Themes", required=True, multiline=True)
    agreed_actions = text_field("Agreed actions", multiline=True)
    submission_token = submission_token_field()


class TeamCircleViewSet(ApiViewSet):
    serializer_class = TeamCircleRecordSerializer
    pagination_class = None

    @extend_schema(
        summary="A team's circles",
        description="The latest 20, newest first, for those who see the team's circles "
        "(its people, its head of service, the director and the workforce team); 404 "
        "for anyone else.",
        responses=responses(TeamCircleRecordSerializer(many=True), 404),
    )
    def list(self, request: Request, team_uuid: UUID) -> Response:
        team = circles.circle_team_get(request.user, team_uuid)
        page = circles.team_circles_page(request.user, team, 1)
        return Response(TeamCircleRecordSerializer(page.object_list, many=True).data)

    @extend_schema(
        summary="Record a team circle",
        description="For the team's manager (whoever facilitated) and the team's members (a "
        "circle they facilitated). The facilitator is a member of the team, or a team "
        "manager, head of service or restorative champion in its service; anyone else "
        "(business support, a partner, someone from another service) is refused with a "
        "message (400). Send a `submission_token` to make a repeated request safe.",
        request=TeamCircleCreateSerializer,
        responses=responses(
            TeamCircleRecordSerializer, 400, 404, created=True, forbidden=NOT_RECORDER
        ),
    )
    def create(self, request: Request, team_uuid: UUID) -> Response:
        actor = cast(Staff, request.user)
        team = circles.circle_team_get(actor, team_uuid)
        if not circles.can_record_team_circle(actor, team):
            raise PermissionDenied("You can see this team's circles but not record one.")
        data: dict[str, Any] = self.validated(TeamCircleCreateSerializer)
        # Anyone of the organisation's staff by UUID: the service says why one may not
        # facilitate (the same words as the page).
        facilitator = resolve_uuid(
            Staff.objects.filter(organisation=actor.organisation),
            data["facilitator"],
            "facilitator",
            "Choose the facilitator by their UUID",
        )
        circle, created = circles.team_circle_record(
            actor=actor,
            team=team,
            submission_token=data["submission_token"] or uuid_module.uuid4(),
            purpose=data["purpose"],
            held_on=data["held_on"],
            facilitator=facilitator,
            participant_count=data["participant_count"],
            themes=data["themes"],
            agreed_actions=data["agreed_actions"],
            today=timezone.localdate(),
        )
        return Response(
            TeamCircleRecordSerializer(circle).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
