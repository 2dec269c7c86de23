from django.urls import path

from . import views

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
    path("compliance/teams/<uuid:team_uuid>/", views.team_compliance, name="team_compliance"),
    path(
        "compliance/teams/<uuid:team_uuid>/export.csv",
        views.team_compliance_csv,
        name="team_compliance_csv",
    ),
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
        "supervision/sessions/<uuid:session_uuid>/",
        views.supervision_session_detail,
        name="supervision_session",
    ),
    path(
        "supervision/families/<uuid:family_uuid>/",
        views.family_supervision_decisions,
        name="family_supervision",
    ),
]
