from django.urls import path

from . import views

app_name = "subject_access"

urlpatterns = [
    path("", views.request_list, name="requests"),
    path("new/", views.request_log, name="log"),
    path("<uuid:request_uuid>/", views.request_detail, name="detail"),
    path("<uuid:request_uuid>/extend/", views.request_extend, name="extend"),
    path("<uuid:request_uuid>/release/", views.request_release, name="release"),
    path("<uuid:request_uuid>/bundle.json", views.bundle_json, name="bundle_json"),
    path("<uuid:request_uuid>/bundle.pdf", views.bundle_pdf, name="bundle_pdf"),
]
