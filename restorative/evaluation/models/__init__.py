"""The evaluation app's tables, one module per area; each is imported here so Django finds it."""

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
