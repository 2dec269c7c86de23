"""Team circles and supervision audit results through the API (issue 13 item 8), for the
council's analysts. Read only, and without personal parts: a circle's date, purpose and size
(not its themes or actions, which are the team's words); an audit's team, sample period,
grade and ratings (never the session, who took part, or the auditor's feedback). The same
rules as the pages: `circles.CIRCLE_RULE` and `audits.AUDIT_RESULTS_RULE`."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from restorative.core.api import ApiViewSet, responses

from ..audits import audit_results_team_q
from ..circles import team_circles_visible_q
from ..models import SupervisionAudit, TeamCircle


class _TeamSerializer(serializers.Serializer[Any]):
    uuid = serializers.UUIDField()
    name = serializers.CharField()
    code = serializers.CharField()


class TeamCircleSerializer(serializers.Serializer[Any]):
    uuid = serializers.UUIDField()
    team = _TeamSerializer()
    purpose = serializers.ChoiceField(choices=TeamCircle.Purpose.choices)
    held_on = serializers.DateField()
    participant_count = serializers.IntegerField()


class SupervisionAuditResultSerializer(serializers.Serializer[Any]):
    uuid = serializers.UUIDField()
    team = _TeamSerializer(source="sample.team")
    period_start = serializers.DateField(source="sample.period_start")
    period_end = serializers.DateField(source="sample.period_end")
    grade = serializers.ChoiceField(choices=SupervisionAudit.Grade.choices)
    reflective = serializers.CharField()
    relational = serializers.CharField()
    supportive = serializers.CharField()
    regulation_and_thinking = serializers.CharField()
    mistakes_without_blame = serializers.CharField()
    wellbeing_promoted = serializers.CharField()
    rated_on = serializers.DateTimeField(source="rated_at")


class _Pages(PageNumberPagination):
    page_size = 100


class TeamCircleViewSet(ApiViewSet):
    """Team circles of the teams the person may see (their own team; heads of service their
    service; the director and the workforce team every team)."""

    serializer_class = TeamCircleSerializer
    pagination_class = _Pages

    @extend_schema(
        summary="Team circles",
        description="Circles held, newest first, 100 a page: date, purpose and how many took "
        "part; the themes and actions stay on the team's page.",
        responses=responses(TeamCircleSerializer(many=True)),
    )
    def list(self, request: Request) -> Response:
        rows = (
            TeamCircle.objects.filter(team_circles_visible_q(request.user))
            .select_related("team")
            .order_by("-held_on", "-id")
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(TeamCircleSerializer(page, many=True).data)


class SupervisionAuditResultViewSet(ApiViewSet):
    """Graded supervision audits of the teams whose results the person may see (the
    auditors' scope, and every team for the director and the workforce team)."""

    serializer_class = SupervisionAuditResultSerializer
    pagination_class = _Pages

    @extend_schema(
        summary="Supervision audit results",
        description="Graded audits, newest first, 100 a page: team, sample period, grade and "
        "the six ratings. No session, names or feedback.",
        responses=responses(SupervisionAuditResultSerializer(many=True)),
    )
    def list(self, request: Request) -> Response:
        from restorative.people.models import Team

        teams = Team.objects.filter(audit_results_team_q(request.user)).values("pk")
        rows = (
            SupervisionAudit.objects.filter(sample__team__in=teams)
            .exclude(grade="")
            .select_related("sample", "sample__team")
            .order_by("-rated_at", "-id")
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(SupervisionAuditResultSerializer(page, many=True).data)
