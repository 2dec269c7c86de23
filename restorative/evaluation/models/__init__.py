"""The evaluation app's tables, one module per area; each is imported here so Django finds it."""

from .audits import (  # case-file audits (issue 12 points 1-5)
    AuditAnswer,
    AuditProgramme,
    AuditQuestion,
    AuditSection,
    CaseAudit,
    Compliance,
    Criterion,
    Grade,
    SafeguardingAlert,
    quarter_label,
)
from .complaints import (  # complaints and compliments (issue 12 points 6-7)
    Complaint,
    ComplaintElement,
    ComplaintStage,
    ComplaintTimescales,
    Compliment,
    ComplimentNotice,
    OmbudsmanReferral,
    StageExtension,
)
from .learning import (  # findings become learning (point 8)
    FeedbackTheme,
    LearningAction,
    TrainingNeed,
)
from .training_evaluation import TrainingEvaluation, TrainingEvaluationDone
from .wellbeing import (  # the staff wellbeing survey (issue 11 points 6-7)
    SwemwbsLicence,
    WellbeingLink,
    WellbeingParticipation,
    WellbeingResponse,
    WellbeingRound,
)

__all__ = [
    "AuditAnswer",
    "AuditProgramme",
    "AuditQuestion",
    "AuditSection",
    "CaseAudit",
    "Complaint",
    "ComplaintElement",
    "ComplaintStage",
    "ComplaintTimescales",
    "Compliance",
    "Compliment",
    "ComplimentNotice",
    "Criterion",
    "FeedbackTheme",
    "Grade",
    "LearningAction",
    "OmbudsmanReferral",
    "SafeguardingAlert",
    "StageExtension",
    "SwemwbsLicence",
    "TrainingEvaluation",
    "TrainingEvaluationDone",
    "TrainingNeed",
    "WellbeingLink",
    "WellbeingParticipation",
    "WellbeingResponse",
    "WellbeingRound",
    "quarter_label",
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
