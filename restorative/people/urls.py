"""Pages of the people app. A family's and an import's own pages are listed once under its URL."""

from django.urls import include, path

from . import views, views_import, views_trail

app_name = "people"

family_urls = [
    path("", views.family_detail, name="family_detail"),
    path("edit/", views.family_edit, name="family_edit"),
    path("export.csv", views.family_export, name="family_export"),
    path("access/", views.family_access_log, name="family_access_log"),
    path("members/add/", views.member_add, name="member_add"),
    path("members/<uuid:member_uuid>/edit/", views.member_edit, name="member_edit"),
]

import_urls = [
    path("", views_import.import_preview, name="import_preview"),
    path("apply/", views_import.import_apply, name="import_apply"),
    path("status/", views_import.import_status, name="import_status"),
    path("errors.csv", views_import.import_errors_csv, name="import_errors_csv"),
]

urlpatterns = [
    path("families/", views.family_list, name="family_list"),
    path("families/new/", views.family_create, name="family_create"),
    path("families/<uuid:family_uuid>/", include(family_urls)),
    path("organisation/", views.organisation, name="organisation"),
    path("services/<uuid:service_uuid>/", views.service_detail, name="service_detail"),
    path("teams/<uuid:team_uuid>/", views.team_detail, name="team_detail"),
    path("staff/", views.staff_list, name="staff_list"),
    path("access-trail/", views_trail.access_trail, name="access_trail"),
    path("access-trail/export.csv", views_trail.access_trail_export, name="access_trail_export"),
    path("import/", views_import.import_start, name="import_start"),
    path("import/<uuid:batch_uuid>/", include(import_urls)),
]
