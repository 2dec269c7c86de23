"""The evaluation app's tables, one module per area; each is imported here so Django finds it."""

from .complaints import (  # noqa: F401
    Complaint,
    ComplaintElement,
    ComplaintStage,
    ComplaintTimescales,
    Compliment,
    ComplimentNotice,
    OmbudsmanReferral,
    StageExtension,
)
from .learning import LearningAction, TrainingNeed  # noqa: F401
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
from .surveys import (  # noqa: F401  (feedback from families and partners)
    Survey,
    SurveyAnswer,
    SurveyFollowUp,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
    SurveyResultMonth,
    SurveyResultQuestion,
    SurveySend,
    SurveyVersion,
)
