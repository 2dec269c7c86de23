"""The governance app's API routes, under /api/governance/ (UUIDs in URLs, never keys)."""

from django.urls import URLPattern, URLResolver

from restorative.core.api import LIST, routes

from . import views

urlpatterns: list[URLPattern | URLResolver] = [
    *routes(
        "governance/",
        "api-governance-",
        views.MeasureViewSet,
        ("measures/", "measure-list", LIST),
        ("measures/<slug:key>/series/", "measure-series", {"get": "series"}),
    ),
]
