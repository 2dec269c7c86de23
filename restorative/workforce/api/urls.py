"""Workforce API routes, under /api/workforce/. UUIDs in every URL (never the sequential key)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import URLPattern

from restorative.core.api import LIST, LIST_CREATE, READ_UPDATE, routes

from . import circles, circles_audits, views

SESSION = "sessions/<uuid:session_uuid>/"


def workforce(viewset: Any, *entries: tuple[str, str, Mapping[str, str]]) -> list[URLPattern]:
    return routes("workforce/", "api-workforce-", viewset, *entries)


urlpatterns = [
    *workforce(
        views.CourseViewSet,
        ("courses/", "course-list", LIST_CREATE),
        ("courses/<uuid:uuid>/", "course-detail", READ_UPDATE),
    ),
    *workforce(
        views.SessionViewSet,
        ("sessions/", "session-list", LIST_CREATE),
        ("sessions/<uuid:uuid>/", "session-detail", READ_UPDATE),
    ),
    *workforce(
        views.SessionBookingViewSet, (f"{SESSION}bookings/", "session-bookings", LIST_CREATE)
    ),
    *workforce(
        views.AttendanceViewSet, (f"{SESSION}attendance/", "session-attendance", {"post": "create"})
    ),
    *workforce(
        views.BookingViewSet,
        ("bookings/", "booking-list", LIST),
        ("bookings/<uuid:uuid>/cancel/", "booking-cancel", {"post": "cancel"}),
    ),
    *workforce(
        views.ComplianceViewSet,
        ("compliance/me/", "compliance-mine", {"get": "mine"}),
        ("compliance/teams/<uuid:team_uuid>/", "compliance-team", {"get": "team"}),
    ),
    *workforce(
        views.SupervisionAgreementViewSet,
        ("supervision/agreements/", "supervision-agreement-list", LIST_CREATE),
        ("supervision/agreements/<uuid:uuid>/end/", "supervision-agreement-end", {"post": "end"}),
    ),
    *workforce(circles_audits.TeamCircleViewSet, ("circles/", "circle-list", LIST)),
    *workforce(
        circles_audits.SupervisionAuditResultViewSet,
        ("supervision/audit-results/", "audit-result-list", LIST),
    ),
    *workforce(
        circles.TeamCircleViewSet,
        ("teams/<uuid:team_uuid>/circles/", "team-circle-list", LIST_CREATE),
    ),
]
