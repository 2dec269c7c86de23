"""What the staff survey and training evaluation add to other pages, registered once from
`EvaluationConfig.ready()`: navigation, and sections of the "My training" page."""

from __future__ import annotations

from typing import Any

from restorative.core import navigation
from restorative.workforce import my_training_sections

from . import permissions, training


def facilitation_link(user: Any) -> dict[str, Any] | None:
    """A link to a facilitator's own evaluation results, for those who facilitated."""
    if not permissions.can_view_own_facilitation_results(user):
        return None
    if not user.facilitated_sessions.exists():
        return None
    return {}


def register() -> None:
    # One link for all our staff, costing no query on every page (other pages keep their
    # query budgets): it opens the open round's questions for whoever has not answered it,
    # and the survey's start page (results, rounds, licence) for everyone else.
    navigation.register(
        "Staff survey", "evaluation:wellbeing_take", permissions.can_view_wellbeing_nav, 85
    )
    navigation.register(
        "Training evaluations",
        "evaluation:training_evaluations",
        permissions.can_view_training_evaluations,
        87,
    )
    my_training_sections.register(
        "training_evaluation_task",
        "evaluation/wellbeing/training_task.html",
        training.my_training_task,
        10,
    )
    my_training_sections.register(
        "training_facilitation_results",
        "evaluation/wellbeing/training_facilitation_link.html",
        facilitation_link,
        90,
    )
