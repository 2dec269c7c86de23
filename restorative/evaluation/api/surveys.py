"""The feedback results as JSON: the same selector and scope as the page and the downloads."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from restorative.core.api import ApiViewSet, choice_param, responses, uuid_param
from restorative.people.models import Service, Team
from restorative.practice.models import MeetingType

from ..models.surveys import RespondentKind
from ..surveys import permissions, selectors


class FigureSerializer(serializers.Serializer[Any]):
    # A field named like Field.label; DRF takes declared fields off the class.
    label = serializers.CharField(  # type: ignore[assignment]
        help_text="What the figure is for: a theme, month, team…"
    )
    count = serializers.IntegerField(help_text="Responses (or answers, for themes and questions)")
    score = serializers.FloatField(
        allow_null=True, help_text="Mean score out of 100; null when nothing was scored"
    )


class ResultsSerializer(serializers.Serializer[Any]):
    invited = serializers.IntegerField()
    responded = serializers.IntegerField()
    response_rate = serializers.FloatField(allow_null=True, help_text="Per cent answered")
    themes = FigureSerializer(many=True)
    questions = FigureSerializer(many=True)
    experience = FigureSerializer(many=True, help_text="How many said WITH, TO, FOR or NOT")
    by_month = FigureSerializer(many=True)
    by_team = FigureSerializer(many=True)
    by_service = FigureSerializer(many=True)
    by_meeting_type = FigureSerializer(many=True)
    by_respondent = FigureSerializer(many=True)


def _pk(model: Any, value: Any) -> int | None:
    if value is None:
        return None
    found = model.objects.filter(uuid=value).values_list("pk", flat=True).first()
    if found is None:
        raise NotFound()
    return int(found)


class FeedbackResultsViewSet(ApiViewSet):
    serializer_class = ResultsSerializer
    pagination_class = None

    @extend_schema(
        summary="What children, families and partners said: the feedback results",
        description="Response rate, scores out of 100 per theme and question, the WITH/TO/FOR/"
        "NOT split, and figures by month, team, service, meeting type and who answered, for the "
        "teams in your reach: team managers their team, heads of service their service, the "
        "director and quality assurance the organisation. 404 for everyone else.",
        parameters=[
            OpenApiParameter("survey", OpenApiTypes.STR, description="A survey's code"),
            OpenApiParameter("team", OpenApiTypes.UUID, description="A team's UUID"),
            OpenApiParameter("service", OpenApiTypes.UUID, description="A service's UUID"),
            OpenApiParameter("meeting_type", OpenApiTypes.STR, enum=MeetingType.values),
            OpenApiParameter("respondent_kind", OpenApiTypes.STR, enum=RespondentKind.values),
        ],
        responses=responses(ResultsSerializer, 400, 404),
    )
    def results(self, request: Request) -> Response:
        if not permissions.can_view_results(request.user):
            raise NotFound()
        f = selectors.ResultsFilter(
            survey=str(request.query_params.get("survey", ""))[:40],
            team=_pk(Team, uuid_param(request, "team", "Team")),
            service=_pk(Service, uuid_param(request, "service", "Service")),
            meeting_type=choice_param(request, "meeting_type", "Meeting type", MeetingType.values),
            respondent_kind=choice_param(
                request, "respondent_kind", "Who answered", RespondentKind.values
            ),
        )
        data = selectors.results(request.user, f)
        body = {**data.__dict__, "response_rate": data.response_rate}
        return Response(ResultsSerializer(body).data)
