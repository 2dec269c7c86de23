"""The evaluation app's API routes, under /api/evaluation/ (UUIDs in URLs, never keys)."""

from django.urls import URLPattern, URLResolver

from restorative.core.api import LIST, routes

from . import wellbeing_api

urlpatterns: list[URLPattern | URLResolver] = [
    *routes(
        "evaluation/wellbeing/",
        "api-evaluation-wellbeing-",
        wellbeing_api.WellbeingRoundViewSet,
        ("rounds/", "round-list", LIST),
        ("rounds/<uuid:round_uuid>/results/", "round-results", {"get": "results"}),
    ),
]
