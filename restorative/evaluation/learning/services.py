"""Every write to learning actions and training needs (issue 12 point 8).

A finding raises learning only when the person raising it may see the finding: the source's
own rule is asked (`learning_sources.resolve`), and its team places the learning action.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from restorative.people.models import Staff, Team
from restorative.workforce.models import Course, Session

from .. import learning_sources
from ..models import FeedbackTheme, LearningAction, Survey, TrainingNeed
from ..models.surveys import Theme
from . import permissions

NOT_ALLOWED = "Only quality assurance and the complaints manager raise learning from a finding"


def _source(actor: Any, kind: str, source_uuid: uuid.UUID) -> learning_sources.ResolvedSource:
    if not permissions.can_raise_learning(actor):
        raise ValidationError(NOT_ALLOWED)
    source = learning_sources.resolve(actor, kind, source_uuid)
    if source is None:
        raise ValidationError("The finding could not be found")
    return source


def learning_action_raise(
    *,
    actor: Any,
    source_kind: str,
    source_uuid: uuid.UUID,
    what: str,
    owner: Staff | None,
    due_on: datetime.date | None,
) -> LearningAction:
    """A learning action from a finding: what will change, who owns it, by when."""
    source = _source(actor, source_kind, source_uuid)
    errors: dict[str, list[str]] = {}
    if not what.strip():
        errors["what"] = ["Enter what will be done"]
    if owner is None:
        errors["owner"] = ["Choose who owns the action"]
    if due_on is None:
        errors["due_on"] = ["Enter the date it is due"]
    elif due_on < timezone.localdate():
        errors["due_on"] = ["The due date must be today or in the future"]
    if errors:
        raise ValidationError(errors)
    assert due_on is not None and owner is not None
    with transaction.atomic():
        action = LearningAction(
            source_kind=source_kind,
            source_uuid=source_uuid,
            team=source.team,
            what=what.strip(),
            owner=owner,
            due_on=due_on,
            raised_by=actor,
        )
        action.full_clean()
        action.save()
    return action


def learning_action_complete(
    *, actor: Any, action: LearningAction, done_on: datetime.date | None, evidence: str
) -> LearningAction:
    """Record an action done, with what shows it (an inspector follows the evidence)."""
    if not permissions.can_complete_learning_action(actor, action):
        raise ValidationError("Only the action's owner can record it done")
    errors: dict[str, list[str]] = {}
    if done_on is None:
        errors["done_on"] = ["Enter the date it was done"]
    elif done_on > timezone.localdate():
        errors["done_on"] = ["The date done must be today or in the past"]
    if not evidence.strip():
        errors["evidence"] = ["Enter the evidence that it was done"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        action.done_on = done_on
        action.evidence = evidence.strip()
        action.full_clean()
        action.save()
    return action


def training_need_raise(
    *,
    actor: Any,
    source_kind: str,
    source_uuid: uuid.UUID,
    theme: str,
    roles: Sequence[str] = (),
    teams: Sequence[Team] = (),
    people_count: int | None,
) -> TrainingNeed:
    """A training need from a finding: the theme, who needs it, about how many people."""
    _source(actor, source_kind, source_uuid)
    errors: dict[str, list[str]] = {}
    if not theme.strip():
        errors["theme"] = ["Enter the theme of the training needed"]
    if not roles and not teams:
        errors["roles"] = ["Choose the roles or the teams who need it"]
    unknown = [role for role in roles if role not in Staff.Role.values]
    if unknown:
        errors["roles"] = ["Choose roles from the list"]
    if people_count is None or people_count < 1:
        errors["people_count"] = ["Enter how many people need it, 1 or more"]
    if errors:
        raise ValidationError(errors)
    assert people_count is not None
    with transaction.atomic():
        need = TrainingNeed(
            source_kind=source_kind,
            source_uuid=source_uuid,
            theme=theme.strip(),
            roles=list(dict.fromkeys(roles)),
            people_count=people_count,
            raised_by=actor,
        )
        need.full_clean()
        need.save()
        need.teams.set(list(teams))
    return need


def training_need_link(
    *, actor: Any, need: TrainingNeed, course: Course | None, session: Session | None
) -> TrainingNeed:
    """The workforce team says which course, or which session of it, meets the need."""
    if not permissions.can_link_training(actor):
        raise ValidationError("Only the workforce development team links training to a need")
    if course is None and session is None:
        raise ValidationError({"course": ["Choose a course or a session that meets the need"]})
    if session is not None and course is not None and session.course_id != course.pk:
        raise ValidationError({"session": ["The session is not a session of the course chosen"]})
    with transaction.atomic():
        need.course = course or (session.course if session else None)
        need.session = session
        need.linked_by = actor
        need.linked_on = timezone.localdate()
        need.full_clean()
        need.save()
    return need


def feedback_theme_record(
    *,
    actor: Any,
    theme: str,
    summary: str,
    period_start: datetime.date | None,
    period_end: datetime.date | None,
    team: Team | None = None,
    survey: Survey | None = None,
    score: int | None = None,
    responses: int | None = None,
) -> FeedbackTheme:
    """Record a theme quality assurance found in the feedback results, so it can raise
    learning actions and training needs (kind "feedback_theme"). Every message at once;
    nothing saved on any of them."""
    if not permissions.can_record_feedback_theme(actor):
        raise ValidationError("Only quality assurance records themes from feedback")
    errors: dict[str, list[str]] = {}
    if theme not in Theme.values:
        errors["theme"] = ["Choose the theme from the list"]
    if not (summary or "").strip():
        errors["summary"] = ["Enter what the feedback shows"]
    if period_start is None:
        errors["period_start"] = ["Enter the start of the period"]
    if period_end is None:
        errors["period_end"] = ["Enter the end of the period"]
    elif period_start is not None and period_end < period_start:
        errors["period_end"] = ["The end of the period must be on or after its start"]
    elif period_end > timezone.localdate():
        errors["period_end"] = ["The end of the period must be today or in the past"]
    if score is not None and not 0 <= score <= 100:
        errors["score"] = ["The score must be from 0 to 100"]
    if responses is not None and responses < 0:
        errors["responses"] = ["The number of answers must be 0 or more"]
    if errors:
        raise ValidationError(errors)
    assert period_start is not None and period_end is not None
    with transaction.atomic():
        finding = FeedbackTheme(
            theme=theme,
            summary=summary.strip(),
            period_start=period_start,
            period_end=period_end,
            team=team,
            survey=survey,
            score=score,
            responses=responses,
            recorded_by=actor,
        )
        finding.full_clean()
        finding.save()
    return finding
