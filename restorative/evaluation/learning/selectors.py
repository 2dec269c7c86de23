"""Every read of learning actions and training needs, already scoped (`learning.permissions`)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet
from django.http import Http404
from django.urls import reverse

from restorative.people.models import Staff
from restorative.workforce.models import Course, Session

from .. import learning_sources
from ..models import FeedbackTheme, LearningAction, Survey, TrainingNeed
from . import permissions


def learning_actions_for(user: Any) -> QuerySet[LearningAction]:
    return (
        LearningAction.objects.filter(permissions.learning_actions_visible_q(user))
        .select_related("owner", "team")
        .order_by("done_on", "due_on", "id")
    )


def learning_action_get(user: Any, action_uuid: uuid.UUID) -> LearningAction:
    action = LearningAction.objects.select_related("owner", "team").filter(uuid=action_uuid).first()
    if action is None or not permissions.can_view_learning_action(user, action):
        raise Http404
    return action


def training_needs_for(user: Any) -> QuerySet[TrainingNeed]:
    if not permissions.can_view_training_needs(user):
        return TrainingNeed.objects.none()
    return (
        TrainingNeed.objects.select_related("course", "session", "session__course")
        .prefetch_related("teams")
        .order_by("-created_at", "-id")
    )


def training_need_get(user: Any, need_uuid: uuid.UUID) -> TrainingNeed:
    need = training_needs_for(user).filter(uuid=need_uuid).first()
    if need is None:
        raise Http404
    return need


def finding_learning(
    user: Any, kind: str, source_uuid: uuid.UUID
) -> tuple[list[LearningAction], list[TrainingNeed]]:
    """The learning a finding raised that this person may see (the caller has checked that
    they may see the finding itself)."""
    actions = list(learning_actions_for(user).filter(source_kind=kind, source_uuid=source_uuid))
    needs = list(training_needs_for(user).filter(source_kind=kind, source_uuid=source_uuid))
    return actions, needs


def owner_choices(user: Any) -> QuerySet[Staff]:
    """Who may own a learning action: our own active staff in a role with learning."""
    return Staff.objects.filter(
        is_active=True, role__in=list(permissions.LEARNING_VIEW_RULE.roles)
    ).order_by("last_name", "first_name")


def course_choices(user: Any) -> QuerySet[Course]:
    return Course.objects.filter(is_active=True).order_by("title")


def session_choices(user: Any) -> QuerySet[Session]:
    return Session.objects.select_related("course").order_by("starts_at")


def open_training_needs(user: Any, *, limit: int = 50) -> list[TrainingNeed]:
    """Needs no course meets yet first (what the workforce team has still to answer), then
    the newest."""
    return list(
        training_needs_for(user).order_by(
            F("course_id").asc(nulls_first=True), "-created_at", "-id"
        )[:limit]
    )


def with_sources(user: Any, items: Sequence[Any]) -> list[tuple[Any, Any, str]]:
    """Each learning action or training need beside its finding as this person may see it
    (None where they may not: the list then shows only the kind of finding, unlinked)."""
    found = learning_sources.resolve_all(
        user, [(item.source_kind, item.source_uuid) for item in items]
    )
    return [
        (
            item,
            found.get((item.source_kind, item.source_uuid)),
            learning_sources.label(item.source_kind),
        )
        for item in items
    ]


def catalogue_section(user: Any) -> dict[str, Any] | None:
    """The training needs shown beside the workforce catalogue (`core.page_sections`): for
    the workforce team, who link training to them, and quality assurance, who raise them."""
    if not (permissions.can_link_training(user) or user.role == Staff.Role.QUALITY):
        return None
    return {
        "needs": with_sources(user, open_training_needs(user, limit=25)),
        "can_link": permissions.can_link_training(user),
    }


# --- Feedback themes as findings -------------------------------------------------------------


def feedback_themes_for(user: Any) -> QuerySet[FeedbackTheme]:
    """The feedback themes this person may see, newest period first."""
    return (
        FeedbackTheme.objects.filter(permissions.feedback_themes_visible_q(user))
        .select_related("team", "survey", "recorded_by")
        .order_by("-period_end", "-id")
    )


def feedback_theme_get(user: Any, finding_uuid: uuid.UUID | str) -> FeedbackTheme:
    """One feedback theme the person may see; 404 otherwise (or for a malformed UUID)."""
    try:
        finding = feedback_themes_for(user).filter(uuid=finding_uuid).first()
    except (ValueError, TypeError, ValidationError):
        finding = None
    if finding is None:
        raise Http404
    return finding


def feedback_theme_title(finding: FeedbackTheme) -> str:
    where = finding.team.name if finding.team else "whole organisation"
    return (
        f"Feedback theme: {finding.get_theme_display()} ({where}, "
        f"{finding.period_start:%-d %b %Y} to {finding.period_end:%-d %b %Y})"
    )


def feedback_theme_sources(
    user: Any, uuids: list[uuid.UUID]
) -> dict[uuid.UUID, learning_sources.ResolvedSource]:
    """Feedback themes as sources of learning (kind "feedback_theme"), as this person may
    see them: one query for a whole list."""
    return {
        finding.uuid: learning_sources.ResolvedSource(
            title=feedback_theme_title(finding),
            url=reverse("evaluation:feedback_theme", kwargs={"finding_uuid": finding.uuid}),
            team=finding.team,
        )
        for finding in feedback_themes_for(user).filter(uuid__in=uuids)
    }


def feedback_theme_source(
    user: Any, finding_uuid: uuid.UUID
) -> learning_sources.ResolvedSource | None:
    return feedback_theme_sources(user, [finding_uuid]).get(finding_uuid)


def survey_choices(user: Any) -> QuerySet[Survey]:
    """The surveys a theme may be drawn from (families' and partners' feedback)."""
    return Survey.objects.order_by("name")
