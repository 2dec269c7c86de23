"""Practice API routes, under /api/practice/. UUIDs in every URL (never the sequential key)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import URLPattern

from restorative.core.api import LIST, LIST_CREATE, READ, READ_PATCH, routes

from . import views

PLAN = "plans/<uuid:plan_uuid>/"
MEETING = "meetings/<uuid:meeting_uuid>/"
ONE = "<uuid:uuid>/"


def practice(viewset: Any, *entries: tuple[str, str, Mapping[str, str]]) -> list[URLPattern]:
    return routes("practice/", "api-practice-", viewset, *entries)


urlpatterns = [
    *practice(views.QuestionSetViewSet, ("question-sets/", "question-set-list", LIST)),
    *practice(
        views.ConversationViewSet,
        ("conversations/", "conversation-list", LIST_CREATE),
        (f"conversations/{ONE}", "conversation-detail", READ),
        (f"conversations/{ONE}answers/", "conversation-answers", {"post": "answers"}),
    ),
    *practice(
        views.MeetingViewSet,
        ("meetings/", "meeting-list", LIST_CREATE),
        (f"meetings/{ONE}", "meeting-detail", READ),
        (f"meetings/{ONE}record/", "meeting-record", {"post": "record"}),
    ),
    *practice(
        views.MeetingArrangeViewSet,
        (f"meetings/{ONE}arrange/", "meeting-arrange", {"post": "arrange"}),
        (f"meetings/{ONE}cancel/", "meeting-cancel", {"post": "cancel"}),
    ),
    *practice(
        views.MeetingParticipantViewSet,
        (f"{MEETING}participants/", "participant-list", LIST_CREATE),
        (
            f"{MEETING}participants/<uuid:participant_uuid>/",
            "participant-detail",
            {"delete": "destroy"},
        ),
    ),
    *practice(views.DecisionViewSet, (f"{MEETING}decisions/", "decision-list", LIST_CREATE)),
    *practice(
        views.PlanViewSet,
        ("plans/", "plan-list", LIST_CREATE),
        (f"plans/{ONE}", "plan-detail", READ_PATCH),
        (f"plans/{ONE}end/", "plan-end", {"post": "end"}),
    ),
    *practice(
        views.GoalViewSet,
        (f"{PLAN}goals/", "goal-list", LIST_CREATE),
        (f"goals/{ONE}", "goal-detail", READ_PATCH),
    ),
    *practice(
        views.ActionViewSet,
        (f"{PLAN}actions/", "plan-action-create", {"post": "create"}),
        ("actions/", "action-list", LIST),
        (f"actions/{ONE}", "action-detail", READ_PATCH),
    ),
    *practice(
        views.PlanReviewViewSet,
        (f"{PLAN}reviews/", "review-list", LIST_CREATE),
        (f"reviews/{ONE}", "review-detail", READ),
    ),
    # From the case management system: /api/case-events/ (README "Case-system events").
    *routes(
        "", "api-", views.CaseEventViewSet, ("case-events/", "case-event-list", {"post": "create"})
    ),
    *practice(views.TimelinessViewSet, ("timeliness/", "timeliness", READ)),
]
