"""Routes of the complaints, compliments and learning pages (included by `urls.py`)."""

from __future__ import annotations

from django.urls import URLPattern, path

from .complaints import reports_views
from .complaints import views as complaint_views
from .learning import views as learning_views

COMPLAINT = "complaints/<uuid:complaint_uuid>/"
FINDING = "learning/findings/<slug:kind>/<uuid:source_uuid>/"

urlpatterns: list[URLPattern] = [
    path("complaints/", complaint_views.complaint_list, name="complaint_list"),
    path("complaints/export.csv", complaint_views.complaint_list_csv, name="complaint_list_csv"),
    path("complaints/new/", complaint_views.complaint_create, name="complaint_create"),
    path(
        "complaints/timescales/",
        complaint_views.complaint_timescales,
        name="complaint_timescales",
    ),
    path("complaints/reports/", reports_views.complaint_reports, name="complaint_reports"),
    path("complaints/annual-report/", reports_views.annual_report, name="complaint_annual_report"),
    path(
        "complaints/annual-report.pdf",
        reports_views.annual_report_pdf,
        name="complaint_annual_report_pdf",
    ),
    path(
        "complaints/annual-report.xlsx",
        reports_views.annual_report_xlsx,
        name="complaint_annual_report_xlsx",
    ),
    path(COMPLAINT, complaint_views.complaint_detail, name="complaint_detail"),
    path(f"{COMPLAINT}export.csv", complaint_views.complaint_csv, name="complaint_csv"),
    path(f"{COMPLAINT}stages/new/", complaint_views.stage_start, name="complaint_stage_start"),
    path(
        f"{COMPLAINT}stages/<int:number>/extend/",
        complaint_views.stage_extend,
        name="complaint_stage_extend",
    ),
    path(
        f"{COMPLAINT}stages/<int:number>/record/",
        complaint_views.stage_record,
        name="complaint_stage_record",
    ),
    path(
        f"{COMPLAINT}elements/<uuid:element_uuid>/outcome/",
        complaint_views.element_outcome,
        name="complaint_element_outcome",
    ),
    path(
        f"{COMPLAINT}restorative/",
        complaint_views.complaint_restorative,
        name="complaint_restorative",
    ),
    path(f"{COMPLAINT}ombudsman/", complaint_views.complaint_ombudsman, name="complaint_ombudsman"),
    path(f"{COMPLAINT}close/", complaint_views.complaint_close, name="complaint_close"),
    path("compliments/", complaint_views.compliment_list, name="compliment_list"),
    path("compliments/new/", complaint_views.compliment_create, name="compliment_create"),
    path(
        "compliments/read/",
        complaint_views.compliment_notices_read,
        name="compliment_notices_read",
    ),
    path(
        "compliments/<uuid:compliment_uuid>/",
        complaint_views.compliment_detail,
        name="compliment_detail",
    ),
    path("learning/", learning_views.learning_home, name="learning_home"),
    path("learning/feedback-themes/", learning_views.feedback_themes, name="feedback_themes"),
    path(
        "learning/feedback-themes/new/",
        learning_views.feedback_theme_create,
        name="feedback_theme_create",
    ),
    path(
        "learning/feedback-themes/<uuid:finding_uuid>/",
        learning_views.feedback_theme,
        name="feedback_theme",
    ),
    path(FINDING, learning_views.learning_finding, name="learning_finding"),
    path(
        f"{FINDING}actions/new/",
        learning_views.learning_action_create,
        name="learning_action_create",
    ),
    path(f"{FINDING}needs/new/", learning_views.training_need_create, name="training_need_create"),
    path(
        "learning/actions/<uuid:action_uuid>/done/",
        learning_views.learning_action_done,
        name="learning_action_done",
    ),
    path(
        "learning/needs/<uuid:need_uuid>/link/",
        learning_views.training_need_link,
        name="training_need_link",
    ),
]
