"""Case-file audit pages, under /evaluation/audits/ (UUIDs in every URL)."""

from __future__ import annotations

from django.urls import path

from . import views

AUDIT = "audits/<uuid:audit_uuid>/"
PROGRAMME = "audits/programmes/<uuid:programme_uuid>/"

urlpatterns = [
    path("audits/", views.audits_home, name="audits_home"),
    path("audits/programmes/new/", views.programme_create, name="audit_programme_create"),
    path(PROGRAMME, views.programme_detail, name="audit_programme"),
    path(f"{PROGRAMME}close/", views.programme_close, name="audit_programme_close"),
    path(AUDIT, views.audit_detail, name="audit_detail"),
    path(f"{AUDIT}record/", views.audit_work, name="audit_work"),
    path(f"{AUDIT}share/", views.audit_share, name="audit_share"),
    path(f"{AUDIT}finish/", views.audit_finish, name="audit_finish"),
    path(f"{AUDIT}reflection/", views.audit_reflect, name="audit_reflect"),
    path(f"{AUDIT}moderation/", views.audit_moderate, name="audit_moderate"),
    path(f"{AUDIT}safeguarding-alert/", views.alert_raise, name="audit_alert_raise"),
    path("audits/alerts/<uuid:alert_uuid>/", views.alert_detail, name="audit_alert"),
    path("audits/tool/", views.tool, name="audit_tool"),
    path("audits/tool/sections/", views.tool_section_create, name="audit_tool_section_create"),
    path(
        "audits/tool/questions/<uuid:question_uuid>/toggle/",
        views.tool_question_toggle,
        name="audit_tool_question_toggle",
    ),
    path(
        "audits/tool/questions/<uuid:question_uuid>/edit/",
        views.tool_question_edit,
        name="audit_tool_question_edit",
    ),
    path(
        "audits/tool/sections/<uuid:section_uuid>/edit/",
        views.tool_section_edit,
        name="audit_tool_section_edit",
    ),
    path("audits/reports/", views.audit_reports, name="audit_reports"),
    path("audits/reports.csv", views.audit_reports_csv, name="audit_reports_csv"),
    path("audits/reports.xlsx", views.audit_reports_xlsx, name="audit_reports_xlsx"),
]
