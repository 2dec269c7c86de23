"""The governance API: every measure's definition and its monthly series, for the council's
own analysts (Power BI and the like). The same selectors and rule as the pages: a person
reaches the places of `permissions.PICTURE_RULE` (a head of service: their service and its
teams; a team manager: their team; the director and QA: everything), and anyone else 404.
Figures are counts over teams, with no names and nothing from a family's record, so reading
them writes no access event.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from restorative.core.api import ApiViewSet, responses

from .. import permissions
from ..measures import MEASURES, measure_get
from ..selectors import picture as picture_selectors
from .serializers import MeasureSerializer, SeriesPointSerializer

LEVELS = ("organisation", "service", "team")


def _measure_data(measure: Any, targets: dict[str, Any]) -> dict[str, Any]:
    return {
        "key": measure.key,
        "name": measure.name,
        "definition": measure.definition,
        "source": measure.source,
        "accountable": measure.accountable,
        "caveats": measure.caveats,
        "kind": measure.kind,
        "range_label": measure.range_label,
        "target": targets.get(measure.key),
    }


class MeasureViewSet(ApiViewSet):
    """The measures of the implementation picture, and each one's stored monthly figures."""

    serializer_class = MeasureSerializer
    pagination_class = None

    def _check(self, request: Request) -> None:
        if not permissions.can_view_picture(request.user):
            raise Http404

    @extend_schema(
        summary="The measures",
        description="Every measure with its definition, source, accountability, caveats and "
        "target. For team managers, heads of service, the director and quality assurance.",
        responses=responses(MeasureSerializer(many=True), 404),
    )
    def list(self, request: Request) -> Response:
        self._check(request)
        targets = picture_selectors.targets()
        return Response(
            MeasureSerializer([_measure_data(m, targets) for m in MEASURES], many=True).data
        )

    @extend_schema(
        summary="A measure's monthly series",
        description="Every stored month of the measure for every place the person reaches: "
        "the organisation (director, QA), their services, their teams. The current month is "
        "stored by the snapshot task as it runs; the pages count it live.",
        parameters=[
            OpenApiParameter(
                "level",
                str,
                enum=[*LEVELS],
                required=False,
                description="Only the organisation's, services' or teams' figures.",
            )
        ],
        responses=responses(SeriesPointSerializer(many=True), 404),
    )
    def series(self, request: Request, key: str) -> Response:
        self._check(request)
        measure = measure_get(key)
        rows = picture_selectors.measure_series(request.user, measure)
        level = request.query_params.get("level", "")
        if level in LEVELS:
            rows = [row for row in rows if row["level"] == level]
        return Response(SeriesPointSerializer(rows, many=True).data)
