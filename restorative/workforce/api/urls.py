"""Workforce API routes, under /api/workforce/. UUIDs in every URL (never the sequential key)."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "workforce/courses/",
        views.CourseViewSet.as_view({"get": "list", "post": "create"}),
        name="api-workforce-course-list",
    ),
    path(
        "workforce/courses/<uuid:uuid>/",
        views.CourseViewSet.as_view(
            {"get": "retrieve", "put": "update", "patch": "partial_update"}
        ),
        name="api-workforce-course-detail",
    ),
    path(
        "workforce/sessions/",
        views.SessionViewSet.as_view({"get": "list", "post": "create"}),
        name="api-workforce-session-list",
    ),
    path(
        "workforce/sessions/<uuid:uuid>/",
        views.SessionViewSet.as_view(
            {"get": "retrieve", "put": "update", "patch": "partial_update"}
        ),
        name="api-workforce-session-detail",
    ),
    path(
        "workforce/sessions/<uuid:session_uuid>/bookings/",
        views.SessionBookingViewSet.as_view({"get": "list", "post": "create"}),
        name="api-workforce-session-bookings",
    ),
    path(
        "workforce/sessions/<uuid:session_uuid>/attendance/",
        views.AttendanceViewSet.as_view({"post": "create"}),
        name="api-workforce-session-attendance",
    ),
    path(
        "workforce/bookings/",
        views.BookingViewSet.as_view({"get": "list"}),
        name="api-workforce-booking-list",
    ),
    path(
        "workforce/bookings/<uuid:uuid>/cancel/",
        views.BookingViewSet.as_view({"post": "cancel"}),
        name="api-workforce-booking-cancel",
    ),
    path(
        "workforce/compliance/me/",
        views.ComplianceViewSet.as_view({"get": "mine"}),
        name="api-workforce-compliance-mine",
    ),
    path(
        "workforce/compliance/teams/<uuid:team_uuid>/",
        views.ComplianceViewSet.as_view({"get": "team"}),
        name="api-workforce-compliance-team",
    ),
    path(
        "workforce/supervision/agreements/",
        views.SupervisionAgreementViewSet.as_view({"get": "list", "post": "create"}),
        name="api-workforce-supervision-agreement-list",
    ),
    path(
        "workforce/supervision/agreements/<uuid:uuid>/end/",
        views.SupervisionAgreementViewSet.as_view({"post": "end"}),
        name="api-workforce-supervision-agreement-end",
    ),
]
