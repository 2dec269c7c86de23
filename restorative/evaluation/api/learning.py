"""Writing learning through the API, under /api/evaluation/ (issue 12 points 8 and 10): raise
a learning action or a training need from a finding, record an action done with its
evidence, link a course or session to a need, and record a theme from feedback as a finding.

The same services and permission functions as the pages. A finding the person may not see
answers 404 (its own rule decides, through `learning_sources`); a step that is not theirs,
403; bad input, 400 with a message per field, and nothing is saved.
"""

from __future__ import annotations

import uuid as uuid_module
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from restorative.core.api import (
    ApiViewSet,
    ErrorSerializer,
    date_field,
    inline_choice_field,
    resolve_uuid,
    resolve_uuids,
    responses,
    text_field,
    uuid_field,
    uuid_list_field,
    whole_number_field,
)
from restorative.people.models import Team

from .. import learning_sources
from ..learning import permissions, selectors, services
from ..models import FeedbackTheme
from ..models.surveys import Theme
from . import complaints as existing

RAISERS_ONLY = OpenApiResponse(
    ErrorSerializer,
    description="Only quality assurance and the complaints manager raise learning.",
)
OWNER_ONLY = OpenApiResponse(
    ErrorSerializer, description="Only the action's owner (or quality assurance) records it done."
)
WORKFORCE_ONLY = OpenApiResponse(
    ErrorSerializer, description="Only the workforce development team links training."
)
QUALITY_ONLY = OpenApiResponse(
    ErrorSerializer, description="Only quality assurance records themes from feedback."
)


def _finding(request: Request, kind: str, source_uuid: uuid_module.UUID) -> None:
    """404 unless the person may see the finding (and raise learning: 403 otherwise)."""
    if learning_sources.resolve(request.user, kind, source_uuid) is None:
        raise NotFound
    if not permissions.can_raise_learning(request.user):
        raise PermissionDenied("Only quality assurance and the complaints manager raise learning.")


class SourceFields(serializers.Serializer[Any]):
    source_kind = text_field(
        "Kind of finding",
        max_length=40,
        required=True,
        help_text="case_audit, moderation_note, complaint or feedback_theme",
    )
    source_uuid = uuid_field("Finding")


class LearningActionCreateSerializer(SourceFields):
    what = text_field("What will be done", required=True)
    owner = uuid_field("Owner", help_text="The UUID of the member of staff who owns it.")
    due_on = date_field("Due date")


class LearningActionDoneSerializer(serializers.Serializer[Any]):
    done_on = date_field("Date done")
    evidence = text_field("Evidence", required=True)


class TrainingNeedCreateSerializer(SourceFields):
    theme = text_field("Theme", max_length=200, required=True)
    roles = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        default=list,
        help_text="Staff roles who need it, e.g. practitioner, team_manager.",
    )
    teams = uuid_list_field("Team", "The teams who need it, by UUID.")
    people_count = whole_number_field("How many people", 1, 100000)


class TrainingLinkSerializer(serializers.Serializer[Any]):
    course = uuid_field("Course", required=False, allow_null=True, default=None)
    session = uuid_field("Session", required=False, allow_null=True, default=None)


class FeedbackThemeSerializer(serializers.ModelSerializer[FeedbackTheme]):
    theme = inline_choice_field(Theme.choices)
    team = existing.OrgUnitRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = FeedbackTheme
        fields = (
            "uuid",
            "theme",
            "summary",
            "team",
            "period_start",
            "period_end",
            "score",
            "responses",
        )
        read_only_fields = fields


class FeedbackThemeCreateSerializer(serializers.Serializer[Any]):
    theme = inline_choice_field(Theme.choices, "Theme")
    summary = text_field("What the feedback shows", required=True)
    period_start = date_field("Start of the period")
    period_end = date_field("End of the period")
    team = uuid_field("Team", required=False, allow_null=True, default=None)
    score = whole_number_field("Score", 0, 100, required=False, allow_null=True, default=None)
    responses = serializers.IntegerField(required=False, allow_null=True, default=None)


class LearningActionViewSet(existing.LearningActionViewSet):
    @extend_schema(
        summary="Raise a learning action from a finding",
        request=LearningActionCreateSerializer,
        responses=responses(
            existing.LearningActionSerializer, 400, 404, created=True, forbidden=RAISERS_ONLY
        ),
    )
    def create(self, request: Request) -> Response:
        data = self.validated(LearningActionCreateSerializer)
        _finding(request, data["source_kind"], data["source_uuid"])
        owner = resolve_uuid(
            selectors.owner_choices(request.user), data["owner"], "owner", "Choose the owner"
        )
        action = services.learning_action_raise(
            actor=request.user,
            source_kind=data["source_kind"],
            source_uuid=data["source_uuid"],
            what=data["what"],
            owner=owner,
            due_on=data["due_on"],
        )
        return Response(
            existing.LearningActionSerializer(action).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Record a learning action done, with its evidence",
        request=LearningActionDoneSerializer,
        responses=responses(existing.LearningActionSerializer, 400, 404, forbidden=OWNER_ONLY),
    )
    def done(self, request: Request, uuid: uuid_module.UUID) -> Response:
        action = selectors.learning_action_get(request.user, uuid)
        if not permissions.can_complete_learning_action(request.user, action):
            raise PermissionDenied("Only the action's owner records it done.")
        data = self.validated(LearningActionDoneSerializer)
        action = services.learning_action_complete(
            actor=request.user, action=action, done_on=data["done_on"], evidence=data["evidence"]
        )
        return Response(existing.LearningActionSerializer(action).data)


class TrainingNeedViewSet(existing.TrainingNeedViewSet):
    @extend_schema(
        summary="Raise a training need from a finding",
        request=TrainingNeedCreateSerializer,
        responses=responses(
            existing.TrainingNeedSerializer, 400, 404, created=True, forbidden=RAISERS_ONLY
        ),
    )
    def create(self, request: Request) -> Response:
        data = self.validated(TrainingNeedCreateSerializer)
        _finding(request, data["source_kind"], data["source_uuid"])
        teams = resolve_uuids(
            Team.objects.all(), data["teams"], "teams", "Choose teams by their UUIDs"
        )
        need = services.training_need_raise(
            actor=request.user,
            source_kind=data["source_kind"],
            source_uuid=data["source_uuid"],
            theme=data["theme"],
            roles=data["roles"],
            teams=teams,
            people_count=data["people_count"],
        )
        return Response(existing.TrainingNeedSerializer(need).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Link a course, or a session of one, that meets the need",
        request=TrainingLinkSerializer,
        responses=responses(existing.TrainingNeedSerializer, 400, 404, forbidden=WORKFORCE_ONLY),
    )
    def link(self, request: Request, uuid: uuid_module.UUID) -> Response:
        need = selectors.training_need_get(request.user, uuid)
        if not permissions.can_link_training(request.user):
            raise PermissionDenied("Only the workforce development team links training.")
        data = self.validated(TrainingLinkSerializer)
        course = resolve_uuid(
            selectors.course_choices(request.user), data["course"], "course", "No such course"
        )
        session = resolve_uuid(
            selectors.session_choices(request.user), data["session"], "session", "No such session"
        )
        need = services.training_need_link(
            actor=request.user, need=need, course=course, session=session
        )
        return Response(existing.TrainingNeedSerializer(need).data)


class FeedbackThemeViewSet(ApiViewSet):
    serializer_class = FeedbackThemeSerializer
    pagination_class = PageNumberPagination

    def get_queryset(self) -> QuerySet[FeedbackTheme]:
        return selectors.feedback_themes_for(self.request.user)

    @extend_schema(
        summary="Themes from feedback (findings that raise learning)",
        responses=responses(FeedbackThemeSerializer(many=True)),
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(FeedbackThemeSerializer(page, many=True).data)

    @extend_schema(
        summary="Record a theme from the feedback results (quality assurance)",
        request=FeedbackThemeCreateSerializer,
        responses=responses(FeedbackThemeSerializer, 400, created=True, forbidden=QUALITY_ONLY),
    )
    def create(self, request: Request) -> Response:
        if not permissions.can_record_feedback_theme(request.user):
            raise PermissionDenied("Only quality assurance records themes from feedback.")
        data = self.validated(FeedbackThemeCreateSerializer)
        team = existing.team_by_uuid(data["team"])
        finding = services.feedback_theme_record(
            actor=request.user,
            theme=data["theme"],
            summary=data["summary"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            team=team,
            score=data["score"],
            responses=data["responses"],
        )
        return Response(FeedbackThemeSerializer(finding).data, status=status.HTTP_201_CREATED)
