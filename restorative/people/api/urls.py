"""People API routes. UUIDs in every URL (never the sequential key); the converter refuses
anything that is not a UUID before a view runs."""

from __future__ import annotations

from restorative.core.api import LIST, LIST_CREATE, READ, READ_UPDATE, routes

from . import views

MEMBER_EDIT = {**READ_UPDATE, "delete": "destroy"}

urlpatterns = [
    *routes("", "api-", views.OrganisationViewSet, ("organisations/", "organisation-list", LIST)),
    *routes("", "api-", views.ServiceViewSet, ("services/", "service-list", LIST)),
    *routes(
        "",
        "api-",
        views.TeamViewSet,
        ("teams/", "team-list", LIST),
        ("teams/<uuid:uuid>/", "team-detail", READ),
    ),
    *routes("", "api-", views.StaffViewSet, ("staff/", "staff-list", LIST)),
    *routes(
        "families/",
        "api-",
        views.FamilyViewSet,
        ("", "family-list", LIST_CREATE),
        ("<uuid:uuid>/", "family-detail", READ_UPDATE),
    ),
    *routes(
        "families/<uuid:family_uuid>/members/",
        "api-",
        views.FamilyMemberViewSet,
        ("", "member-list", LIST_CREATE),
        ("<uuid:uuid>/", "member-detail", MEMBER_EDIT),
    ),
]
