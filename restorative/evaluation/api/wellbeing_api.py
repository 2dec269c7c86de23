"""The staff wellbeing survey's API: rounds and their results, under the anonymity rule.

The same selectors as the pages (`wellbeing.selectors`), so the API can show no more than a
page: a group hidden by the rule has its name, level and how many were asked, `shown: false`
and null for every figure. Comments are given for the group asked for (`?group=`) only when
that group is shown, in the page's shuffled order. Answering is not offered through the API:
an answer is given by the person, in the product or through their one-time link.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from restorative.core.api import ApiViewSet, responses

from ..wellbeing import permissions, selectors
from ..wellbeing.items import ITEMS, THEMES


class RoundSerializer(serializers.Serializer[Any]):
    uuid = serializers.UUIDField(read_only=True)
    title = serializers.CharField(read_only=True)
    opens_on = serializers.DateField(read_only=True)
    closes_on = serializers.DateField(read_only=True)
    asks_swemwbs = serializers.BooleanField(
        read_only=True, help_text="Whether the round asks the organisation's licensed SWEMWBS."
    )


class GroupSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(source="label", read_only=True)
    level = serializers.ChoiceField(choices=["organisation", "service", "team"], read_only=True)
    uuid = serializers.UUIDField(
        read_only=True, allow_null=True, help_text="The team's or service's UUID."
    )
    eligible = serializers.IntegerField(read_only=True, help_text="Staff asked.")
    shown = serializers.BooleanField(
        read_only=True,
        help_text="False when the anonymity rule hides the group: every figure is then null.",
    )
    respondents = serializers.IntegerField(read_only=True, allow_null=True)
    response_rate = serializers.FloatField(read_only=True, allow_null=True, help_text="Per cent.")
    theme_means = serializers.DictField(
        child=serializers.FloatField(),
        read_only=True,
        help_text="Mean 0 to 10 per theme: " + ", ".join(THEMES),
    )
    item_means = serializers.DictField(
        child=serializers.FloatField(),
        read_only=True,
        help_text="Mean 0 to 10 per question: " + ", ".join(i.key for i in ITEMS),
    )
    swemwbs_mean = serializers.FloatField(
        read_only=True, allow_null=True, help_text="Mean SWEMWBS metric score (7 to 35)."
    )


class TrendSerializer(serializers.Serializer[Any]):
    round = RoundSerializer(read_only=True)
    group = GroupSerializer(read_only=True, allow_null=True)


class ResultsSerializer(serializers.Serializer[Any]):
    round = RoundSerializer(read_only=True)
    groups = GroupSerializer(many=True, read_only=True)
    chosen = GroupSerializer(read_only=True)
    trend = TrendSerializer(many=True, read_only=True)
    comments = serializers.ListField(child=serializers.CharField(), read_only=True)
    comment_total = serializers.IntegerField(read_only=True)


class WellbeingRoundViewSet(ApiViewSet):
    """Rounds of the staff wellbeing survey and their results."""

    serializer_class = RoundSerializer
    pagination_class = None

    @extend_schema(
        summary="Rounds of the staff wellbeing survey",
        description="Every round, newest first. For our own staff; partners get 404.",
        responses=responses(RoundSerializer(many=True), 404),
    )
    def list(self, request: Request) -> Response:
        if not permissions.can_view_wellbeing_results(request.user):
            raise Http404
        return Response(RoundSerializer(selectors.rounds_list(), many=True).data)

    @extend_schema(
        summary="Results of a round",
        description="Figures for the organisation and the services and teams you may read, "
        "each only for groups of 5 or more respondents and never where subtracting it from "
        "its parent would show fewer than 5 (`shown: false`, figures null). `trend` follows "
        "the chosen group over recent rounds; `comments` are the chosen group's, shuffled, "
        "only when it is shown.",
        parameters=[
            OpenApiParameter(
                "group",
                str,
                description='"organisation" (default), "service:<uuid>" or "team:<uuid>"',
                required=False,
            )
        ],
        responses=responses(ResultsSerializer, 404),
    )
    def results(self, request: Request, round_uuid: UUID) -> Response:
        round_ = selectors.round_get(round_uuid)
        data = selectors.wellbeing_results(
            request.user, round_, group=request.query_params.get("group", "")
        )
        body = {
            "round": data.round,
            "groups": data.groups,
            "chosen": data.chosen,
            "trend": [{"round": r, "group": g} for r, g in data.trend],
            "comments": data.comments,
            "comment_total": data.comment_total if data.chosen.shown else 0,
        }
        return Response(ResultsSerializer(body).data)
