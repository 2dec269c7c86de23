"""The evaluation app's API routes, under /api/evaluation/ (UUIDs in URLs, never keys)."""

from collections.abc import Mapping
from typing import Any

from django.urls import URLPattern, URLResolver

from restorative.core.api import LIST, LIST_CREATE, READ, routes

from . import audits, complaints, learning, surveys, wellbeing_api


def evaluation(viewset: Any, *entries: tuple[str, str, Mapping[str, str]]) -> list[URLPattern]:
    return routes("evaluation/", "api-evaluation-", viewset, *entries)


urlpatterns: list[URLPattern | URLResolver] = [
    *evaluation(
        complaints.ComplaintViewSet,
        ("complaints/", "complaint-list", LIST_CREATE),
        ("complaints/<uuid:uuid>/", "complaint-detail", READ),
        ("complaints/<uuid:uuid>/stages/", "complaint-stages", {"post": "start_stage"}),
        (
            "complaints/<uuid:uuid>/stages/<int:number>/extensions/",
            "complaint-stage-extensions",
            {"post": "extend_stage"},
        ),
    ),
    *evaluation(complaints.ComplimentViewSet, ("compliments/", "compliment-list", LIST_CREATE)),
    *evaluation(
        learning.LearningActionViewSet,
        ("learning-actions/", "learning-action-list", LIST_CREATE),
        ("learning-actions/<uuid:uuid>/done/", "learning-action-done", {"post": "done"}),
    ),
    *evaluation(
        learning.TrainingNeedViewSet,
        ("training-needs/", "training-need-list", LIST_CREATE),
        ("training-needs/<uuid:uuid>/link/", "training-need-link", {"post": "link"}),
    ),
    *evaluation(
        learning.FeedbackThemeViewSet, ("feedback-themes/", "feedback-theme-list", LIST_CREATE)
    ),
    *routes(
        "evaluation/wellbeing/",
        "api-evaluation-wellbeing-",
        wellbeing_api.WellbeingRoundViewSet,
        ("rounds/", "round-list", LIST),
        ("rounds/<uuid:round_uuid>/results/", "round-results", {"get": "results"}),
    ),
    *routes(
        "evaluation/audits/",
        "api-evaluation-",
        audits.ProgrammeViewSet,
        ("programmes/", "audit-programme-list", LIST_CREATE),
        ("programmes/<uuid:uuid>/", "audit-programme-detail", READ),
        ("programmes/<uuid:uuid>/audits/", "audit-programme-audits", {"get": "audits"}),
        ("programmes/<uuid:uuid>/close/", "audit-programme-close", {"post": "close"}),
    ),
    *routes(
        "evaluation/audits/",
        "api-evaluation-",
        audits.AlertViewSet,
        ("alerts/", "audit-alert-list", LIST),
        ("alerts/<uuid:uuid>/", "audit-alert-detail", READ),
        (
            "alerts/<uuid:uuid>/acknowledgement/",
            "audit-alert-acknowledge",
            {"post": "acknowledge"},
        ),
    ),
    *routes(
        "evaluation/audits/",
        "api-evaluation-",
        audits.AuditViewSet,
        ("", "audit-list", LIST),
        ("<uuid:uuid>/", "audit-detail", READ),
        ("<uuid:uuid>/grading/", "audit-grade", {"put": "grade"}),
        ("<uuid:uuid>/share/", "audit-share", {"post": "share"}),
        ("<uuid:uuid>/reflection/", "audit-reflect", {"post": "reflect"}),
        ("<uuid:uuid>/finish/", "audit-finish", {"post": "finish"}),
        ("<uuid:uuid>/moderation/", "audit-moderate", {"post": "moderate"}),
        ("<uuid:uuid>/alerts/", "audit-alert-raise", {"post": "raise_alert"}),
    ),
    *evaluation(
        surveys.FeedbackResultsViewSet,
        ("feedback/results/", "feedback-results", {"get": "results"}),
        ("feedback/results/comments/", "feedback-comments", {"get": "comments"}),
    ),
    *evaluation(
        surveys.SurveyViewSet,
        ("feedback/surveys/", "feedback-survey-list", {"get": "list"}),
        ("feedback/surveys/<slug:code>/versions/", "feedback-survey-publish", {"post": "publish"}),
    ),
]
