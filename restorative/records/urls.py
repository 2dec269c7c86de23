"""Records management pages, under /records/."""

from django.urls import URLPattern, path

from . import views

app_name = "records"

urlpatterns: list[URLPattern] = [
    path("", views.records_home, name="home"),
    path("rules/<uuid:rule_uuid>/", views.rule_edit, name="rule_edit"),
    path("holds/add/", views.hold_add, name="hold_add"),
    path("holds/<uuid:hold_uuid>/lift/", views.hold_lift, name="hold_lift"),
    path("runs/report/", views.run_report, name="run_report"),
    path("runs/<uuid:run_uuid>/", views.run_detail, name="run_detail"),
    path("runs/<uuid:run_uuid>/approve/", views.run_approve, name="run_approve"),
    path("runs/<uuid:run_uuid>/cancel/", views.run_cancel, name="run_cancel"),
]
