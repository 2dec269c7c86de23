from django.urls import path

from . import (
    audit_views,
    champions_views,
    circle_views,
    compliance_views,
    import_views,
    learning_views,
    views,
)

app_name = "workforce"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("courses/new/", views.course_form, name="course_create"),
    path("courses/<uuid:course_uuid>/", views.course_detail, name="course_detail"),
    path("courses/<uuid:course_uuid>/edit/", views.course_form, name="course_edit"),
    path("courses/<uuid:course_uuid>/sessions/new/", views.session_create, name="session_create"),
    path("sessions/<uuid:session_uuid>/", views.session_detail, name="session_detail"),
    path("sessions/<uuid:session_uuid>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<uuid:session_uuid>/book/", views.session_book, name="session_book"),
    path(
        "sessions/<uuid:session_uuid>/attendance/",
        views.session_attendance,
        name="session_attendance",
    ),
    path("bookings/<uuid:booking_uuid>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("my-training/", views.my_training, name="my_training"),
    path("compliance/", views.compliance_overview, name="compliance"),
    path("compliance/people/", compliance_views.compliance_people, name="compliance_people"),
    path(
        "compliance/people/export.csv",
        compliance_views.compliance_people_csv,
        name="compliance_people_csv",
    ),
    path(
        "compliance/people/export.xlsx",
        compliance_views.compliance_people_xlsx,
        name="compliance_people_xlsx",
    ),
    path("champions/", champions_views.champions_register, name="champions"),
    path(
        "champions/teams/<uuid:team_uuid>/", champions_views.team_champions, name="team_champions"
    ),
    path("compliance/teams/<uuid:team_uuid>/", views.team_compliance, name="team_compliance"),
    path(
        "compliance/teams/<uuid:team_uuid>/export.csv",
        views.team_compliance_csv,
        name="team_compliance_csv",
    ),
    path(
        "compliance/teams/<uuid:team_uuid>/export.xlsx",
        views.team_compliance_xlsx,
        name="team_compliance_xlsx",
    ),
    path("import/", import_views.import_start, name="training_import"),
    path("import/apply/", import_views.import_apply, name="training_import_apply"),
    path("import/errors.csv", import_views.import_errors_csv, name="training_import_errors"),
    path("supervision/", views.supervision_home, name="supervision"),
    path("supervision/team/", views.supervision_team, name="supervision_team"),
    path(
        "supervision/agreements/new/",
        views.supervision_agreement_create,
        name="supervision_agreement_create",
    ),
    path(
        "supervision/agreements/<uuid:agreement_uuid>/sessions/new/",
        views.supervision_session_create,
        name="supervision_session_create",
    ),
    path(
        "supervision/agreements/<uuid:agreement_uuid>/end/",
        views.supervision_agreement_end,
        name="supervision_agreement_end",
    ),
    path(
        "supervision/sessions/<uuid:session_uuid>/",
        views.supervision_session_detail,
        name="supervision_session",
    ),
    path(
        "supervision/sessions/<uuid:session_uuid>/edit/",
        views.supervision_session_edit,
        name="supervision_session_edit",
    ),
    path(
        "supervision/families/<uuid:family_uuid>/",
        views.family_supervision_decisions,
        name="family_supervision",
    ),
    # Learning log, supervision audits and team circles (W-B)
    path("learning/<uuid:completion_uuid>/", learning_views.learning_log, name="learning_log"),
    path(
        "learning/<uuid:completion_uuid>/write/",
        learning_views.learning_log_write,
        name="learning_log_write",
    ),
    path(
        "supervision/people/<uuid:person_uuid>/learning/",
        learning_views.supervisee_learning,
        name="supervisee_learning",
    ),
    path("supervision-audits/", audit_views.audits_home, name="audits"),
    path("supervision-audits/new/", audit_views.audit_sample_create, name="audit_sample_create"),
    path(
        "supervision-audits/samples/<uuid:sample_uuid>/",
        audit_views.audit_sample,
        name="audit_sample",
    ),
    path("supervision-audits/<uuid:audit_uuid>/", audit_views.audit_detail, name="audit_detail"),
    path("circles/", circle_views.circles_home, name="circles"),
    path("circles/teams/<uuid:team_uuid>/", circle_views.team_circles, name="team_circles"),
    path(
        "circles/teams/<uuid:team_uuid>/new/",
        circle_views.team_circle_create,
        name="team_circle_create",
    ),
]
