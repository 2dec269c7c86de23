"""What the staff survey and training evaluation add to other pages, registered once from
`EvaluationConfig.ready()`: sections of the "My training" page, and the home page's note
that the staff survey is open for someone who has not answered it."""

from __future__ import annotations

from typing import Any

from restorative.core import page_sections
from restorative.workforce import my_training_sections

from . import permissions, selectors, training


def facilitation_link(user: Any) -> dict[str, Any] | None:
    """A link to a facilitator's own evaluation results, for those who facilitated."""
    if not permissions.can_view_own_facilitation_results(user):
        return None
    if not user.facilitated_sessions.exists():
        return None
    return {}


def survey_open_note(user: Any) -> dict[str, Any] | None:
    """On the home page while a round is open and this person has not answered (the
    survey's link sits on the "Quality and feedback" hub, one click further away)."""
    round_ = selectors.round_to_answer(user)
    return {"round": round_} if round_ is not None else None


def register() -> None:
    page_sections.register(
        "home", "staff_survey_open", "evaluation/wellbeing/home_note.html", survey_open_note, 10
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
