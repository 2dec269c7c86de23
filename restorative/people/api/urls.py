"""People API routes. UUIDs in every URL (never the sequential key); the converter refuses
anything that is not a UUID before a view runs."""

from django.urls import path

from . import views

families = views.FamilyViewSet.as_view({"get": "list", "post": "create"})
family = views.FamilyViewSet.as_view(
    {"get": "retrieve", "put": "update", "patch": "partial_update"}
)
members = views.FamilyMemberViewSet.as_view({"get": "list", "post": "create"})
member = views.FamilyMemberViewSet.as_view(
    {"get": "retrieve", "put": "update", "patch": "partial_update", "delete": "destroy"}
)

urlpatterns = [
    path(
        "organisations/",
        views.OrganisationViewSet.as_view({"get": "list"}),
        name="api-organisation-list",
    ),
    path("services/", views.ServiceViewSet.as_view({"get": "list"}), name="api-service-list"),
    path("teams/", views.TeamViewSet.as_view({"get": "list"}), name="api-team-list"),
    path(
        "teams/<uuid:uuid>/",
        views.TeamViewSet.as_view({"get": "retrieve"}),
        name="api-team-detail",
    ),
    path("staff/", views.StaffViewSet.as_view({"get": "list"}), name="api-staff-list"),
    path("families/", families, name="api-family-list"),
    path("families/<uuid:uuid>/", family, name="api-family-detail"),
    path("families/<uuid:family_uuid>/members/", members, name="api-member-list"),
    path("families/<uuid:family_uuid>/members/<uuid:uuid>/", member, name="api-member-detail"),
]
