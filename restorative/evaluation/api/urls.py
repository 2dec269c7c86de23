"""The evaluation app's API routes, under /api/evaluation/ (UUIDs in URLs, never keys)."""

from django.urls import URLPattern, URLResolver

from restorative.core.api import LIST, LIST_CREATE, READ, routes

from . import audits

urlpatterns: list[URLPattern | URLResolver] = [
    *routes(
        "evaluation/audits/",
        "api-evaluation-",
        audits.ProgrammeViewSet,
        ("programmes/", "audit-programme-list", LIST_CREATE),
        ("programmes/<uuid:uuid>/", "audit-programme-detail", READ),
        ("programmes/<uuid:uuid>/audits/", "audit-programme-audits", {"get": "audits"}),
    ),
    *routes(
        "evaluation/audits/",
        "api-evaluation-",
        audits.AuditViewSet,
        ("", "audit-list", LIST),
        ("<uuid:uuid>/", "audit-detail", READ),
    ),
]
