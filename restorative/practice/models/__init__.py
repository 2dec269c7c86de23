"""Restorative practice models, by sub-domain: conversations and meetings (`meetings`),
co-designed plans (`plans`) and events from the case management system (`case_events`).
Everything is importable from `restorative.practice.models` as before."""

from .case_events import CaseEvent
from .due_counts import TeamDueCount
from .meetings import (
    CIRCLES,
    CONFERENCE_OUTCOMES,
    EVENT_TRIGGERS,
    ConferenceOutcome,
    ConversationAnswer,
    ConversationParticipant,
    Decision,
    Meeting,
    MeetingParticipant,
    MeetingType,
    PlanCategory,
    Question,
    QuestionSet,
    RestorativeConversation,
    SocialDiscipline,
    TimescaleRule,
    Trigger,
)
from .plans import GAS_LEVELS, Action, ActionProgress, Goal, GoalAttainment, Plan, PlanReview

__all__ = [
    "CIRCLES",
    "CONFERENCE_OUTCOMES",
    "Action",
    "ActionProgress",
    "CaseEvent",
    "ConferenceOutcome",
    "ConversationAnswer",
    "ConversationParticipant",
    "Decision",
    "EVENT_TRIGGERS",
    "GAS_LEVELS",
    "Goal",
    "GoalAttainment",
    "Meeting",
    "MeetingParticipant",
    "MeetingType",
    "Plan",
    "PlanCategory",
    "PlanReview",
    "Question",
    "QuestionSet",
    "RestorativeConversation",
    "SocialDiscipline",
    "TeamDueCount",
    "TimescaleRule",
    "Trigger",
]
