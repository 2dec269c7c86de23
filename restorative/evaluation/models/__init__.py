"""The evaluation app's tables, one module per area; each is imported here so Django finds it."""

from .training_evaluation import TrainingEvaluation, TrainingEvaluationDone
from .wellbeing import (
    SwemwbsLicence,
    WellbeingLink,
    WellbeingParticipation,
    WellbeingResponse,
    WellbeingRound,
)

__all__ = [
    "SwemwbsLicence",
    "TrainingEvaluation",
    "TrainingEvaluationDone",
    "WellbeingLink",
    "WellbeingParticipation",
    "WellbeingResponse",
    "WellbeingRound",
]
