"""Were statutory meetings held on time? The figures per service and team, as on the page
(`timeliness_selectors.timeliness_overview`). Counts only, so no access event."""

from __future__ import annotations

import datetime
from typing import cast

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from restorative.core.api import ApiViewSet, responses
from restorative.people.models import Staff

from ... import timeliness_selectors as selectors
from ..serializers.timeliness import TimelinessSerializer


def _date_param(request: Request, name: str, label: str) -> datetime.date | None:
    value = request.query_params.get(name, "")
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise serializers.ValidationError(
            {name: [f"{label} must be a real date, like 2026-04-01"]}
        ) from error


class TimelinessViewSet(ApiViewSet):
    serializer_class = TimelinessSerializer
    pagination_class = None

    @extend_schema(
        summary="Were statutory meetings held on time?",
        description="Meetings with a due date that fell in the period (`start` to `end`, both "
        "included; the last three months when neither is given), per service and team: held "
        "on time, held late, not held and overdue, not yet due, cancelled. For team managers "
        "(their team), heads of service (their service), the director and quality assurance "
        "(everything); 404 for everyone else.",
        parameters=[
            OpenApiParameter("start", datetime.date, description="First due date counted."),
            OpenApiParameter("end", datetime.date, description="Last due date counted."),
        ],
        responses=responses(TimelinessSerializer, 400, 404),
    )
    def retrieve(self, request: Request) -> Response:
        user = cast(Staff, request.user)  # signed in: the viewset's permission class
        if not selectors.can_view_timeliness(user):
            raise Http404
        today = timezone.localdate()
        start = _date_param(request, "start", "Start")
        end = _date_param(request, "end", "End")
        default = selectors.Period.default(today)
        period = selectors.Period(start or default.start, end or default.end, today)
        if period.end < period.start:
            raise serializers.ValidationError(
                {"end": ["The end date must be the same as or after the start date"]}
            )
        overview = selectors.timeliness_overview(user, period)
        return Response(TimelinessSerializer(overview).data)
