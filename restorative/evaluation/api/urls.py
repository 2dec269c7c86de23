"""The evaluation app's API routes, under /api/evaluation/ (UUIDs in URLs, never keys)."""

from django.urls import URLPattern, URLResolver

from restorative.core.api import routes

from . import surveys

urlpatterns: list[URLPattern | URLResolver] = [
    *routes(
        "evaluation/",
        "api-evaluation-",
        surveys.FeedbackResultsViewSet,
        ("feedback/results/", "feedback-results", {"get": "results"}),
    ),
    *routes(
        "evaluation/",
        "api-evaluation-",
        surveys.SurveyViewSet,
        ("feedback/surveys/", "feedback-survey-list", {"get": "list"}),
        ("feedback/surveys/<slug:code>/versions/", "feedback-survey-publish", {"post": "publish"}),
    ),
]
