"""Pages of the workforce app, under /workforce/. Each area's pages (courses and sessions,
compliance, supervision, supervision audits, team circles) are listed once under its URL."""

from django.urls import include, path

from . import (
    audit_views,
    champions_views,
    circle_views,
    compliance_views,
    import_views,
    learning_views,
    standard_views,
    views,
)

app_name = "workforce"

course_urls = [
    path("", views.course_detail, name="course_detail"),
    path("edit/", views.course_form, name="course_edit"),
    path("sessions/new/", views.session_create, name="session_create"),
]

session_urls = [
    path("", views.session_detail, name="session_detail"),
    path("edit/", views.session_edit, name="session_edit"),
    path("book/", views.session_book, name="session_book"),
    path("attendance/", views.session_attendance, name="session_attendance"),
]

compliance_urls = [
    path("", views.compliance_overview, name="compliance"),
    path("people/", compliance_views.compliance_people, name="compliance_people"),
    path("people/export.csv", compliance_views.compliance_people_csv, name="compliance_people_csv"),
    path(
        "people/export.xlsx", compliance_views.compliance_people_xlsx, name="compliance_people_xlsx"
    ),
    path("teams/<uuid:team_uuid>/", views.team_compliance, name="team_compliance"),
    path(
        "teams/<uuid:team_uuid>/export.csv", views.team_compliance_csv, name="team_compliance_csv"
    ),
    path(
        "teams/<uuid:team_uuid>/export.xlsx",
        views.team_compliance_xlsx,
        name="team_compliance_xlsx",
    ),
]

supervision_urls = [
    path("", views.supervision_home, name="supervision"),
    path("team/", views.supervision_team, name="supervision_team"),
    path("standard/", standard_views.supervision_standard, name="supervision_standard"),
    path(
        "standard/<uuid:standard_uuid>/change/",
        standard_views.supervision_standard_edit,
        name="supervision_standard_edit",
    ),
    path(
        "agreements/new/", views.supervision_agreement_create, name="supervision_agreement_create"
    ),
    path(
        "agreements/<uuid:agreement_uuid>/sessions/new/",
        views.supervision_session_create,
        name="supervision_session_create",
    ),
    path(
        "agreements/<uuid:agreement_uuid>/end/",
        views.supervision_agreement_end,
        name="supervision_agreement_end",
    ),
    path(
        "sessions/<uuid:session_uuid>/",
        views.supervision_session_detail,
        name="supervision_session",
    ),
    path(
        "sessions/<uuid:session_uuid>/edit/",
        views.supervision_session_edit,
        name="supervision_session_edit",
    ),
    path(
        "families/<uuid:family_uuid>/",
        views.family_supervision_decisions,
        name="family_supervision",
    ),
    path(
        "people/<uuid:person_uuid>/learning/",
        learning_views.supervisee_learning,
        name="supervisee_learning",
    ),
]

audit_urls = [
    path("", audit_views.audits_home, name="audits"),
    path("new/", audit_views.audit_sample_create, name="audit_sample_create"),
    path("samples/<uuid:sample_uuid>/", audit_views.audit_sample, name="audit_sample"),
    path("<uuid:audit_uuid>/", audit_views.audit_detail, name="audit_detail"),
]

circle_urls = [
    path("", circle_views.circles_home, name="circles"),
    path("teams/<uuid:team_uuid>/", circle_views.team_circles, name="team_circles"),
    path("teams/<uuid:team_uuid>/new/", circle_views.team_circle_create, name="team_circle_create"),
]

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("courses/new/", views.course_form, name="course_create"),
    path("courses/<uuid:course_uuid>/", include(course_urls)),
    path("sessions/<uuid:session_uuid>/", include(session_urls)),
    path("bookings/<uuid:booking_uuid>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("my-training/", views.my_training, name="my_training"),
    path("compliance/", include(compliance_urls)),
    path("champions/", champions_views.champions_register, name="champions"),
    path(
        "champions/teams/<uuid:team_uuid>/", champions_views.team_champions, name="team_champions"
    ),
    path("import/", import_views.import_start, name="training_import"),
    path("import/apply/", import_views.import_apply, name="training_import_apply"),
    path("import/errors.csv", import_views.import_errors_csv, name="training_import_errors"),
    path("supervision/", include(supervision_urls)),
    path("learning/<uuid:completion_uuid>/", learning_views.learning_log, name="learning_log"),
    path(
        "learning/<uuid:completion_uuid>/write/",
        learning_views.learning_log_write,
        name="learning_log_write",
    ),
    path("supervision-audits/", include(audit_urls)),
    path("circles/", include(circle_urls)),
]
