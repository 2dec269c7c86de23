"""What the staff survey and training evaluation add to other pages, registered once from
`EvaluationConfig.ready()`: sections of the "My training" page."""

from __future__ import annotations

from typing import Any

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
