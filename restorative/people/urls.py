from django.urls import path

from . import views, views_import

app_name = "people"

urlpatterns = [
    path("families/", views.family_list, name="family_list"),
    path("families/new/", views.family_create, name="family_create"),
    path("families/<uuid:family_uuid>/", views.family_detail, name="family_detail"),
    path("families/<uuid:family_uuid>/edit/", views.family_edit, name="family_edit"),
    path("families/<uuid:family_uuid>/export.csv", views.family_export, name="family_export"),
    path("families/<uuid:family_uuid>/access/", views.family_access_log, name="family_access_log"),
    path("families/<uuid:family_uuid>/members/add/", views.member_add, name="member_add"),
    path(
        "families/<uuid:family_uuid>/members/<uuid:member_uuid>/edit/",
        views.member_edit,
        name="member_edit",
    ),
    path("organisation/", views.organisation, name="organisation"),
    path("services/<uuid:service_uuid>/", views.service_detail, name="service_detail"),
    path("teams/<uuid:team_uuid>/", views.team_detail, name="team_detail"),
    path("staff/", views.staff_list, name="staff_list"),
    path("import/", views_import.import_start, name="import_start"),
    path("import/<uuid:batch_uuid>/", views_import.import_preview, name="import_preview"),
    path("import/<uuid:batch_uuid>/apply/", views_import.import_apply, name="import_apply"),
    path("import/<uuid:batch_uuid>/status/", views_import.import_status, name="import_status"),
    path(
        "import/<uuid:batch_uuid>/errors.csv",
        views_import.import_errors_csv,
        name="import_errors_csv",
    ),
]
