"""The people API: read input, call a selector or service, answer. One rulebook with the pages.

Every read goes through `people.selectors` (already scoped by `people.permissions`) and every
write through `people.services` (which validate, lock and audit). Nothing here decides who may
see a family; the views only choose the answer:

- 401 without a session or token;
- 404 when the family (or member, team) does not exist *or* the person may not see it;
- 403 when the person may see the family but not change it (they already know it exists,
  so saying "not allowed" reveals nothing and is clearer for an integrator);
- 400 with a message per field for bad input (services' Django ValidationError included);
- 503 with no record data when the access trail cannot be written (privacy rule 3).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from restorative.core.api import (
    ApiViewSet,
    ErrorSerializer,
    PutAndPatch,
    put_and_patch_schemas,
    responses,
)

from .. import permissions, selectors, services
from ..models import Family, FamilyMember, Staff
from .serializers import (
    FamilyChangeSerializer,
    FamilyCreateSerializer,
    FamilyDetailSerializer,
    FamilyMemberSerializer,
    FamilySerializer,
    FamilyWriteSerializer,
    OrganisationSerializer,
    ServiceSerializer,
    StaffSerializer,
    TeamDetailSerializer,
    TeamSerializer,
)

CASE_REFERENCE_TAKEN = "A family with this case reference is already recorded"
FORBIDDEN = OpenApiResponse(
    ErrorSerializer, description="You may see this record but not change it."
)


class CannotChange(APIException):
    status_code = status.HTTP_403_FORBIDDEN
    default_detail = "You can see this family's record but you cannot change it."
    default_code = "cannot_change"


class FamilyApiViewSet(ApiViewSet):
    """A family's record and its members: reads write the access trail, and the case
    reference's uniqueness is said in words."""

    friendly_messages = {("case_reference", "unique"): CASE_REFERENCE_TAKEN}
    # Two requests adding the same case reference at once: the database refuses the second.
    conflict = {"case_reference": [CASE_REFERENCE_TAKEN]}

    def record_view(self, family: Family, member: FamilyMember | None = None) -> None:
        """Write the access event before any of the record is put in the answer.

        `member` names the person when only their details are shown.
        """
        self.call_service(services.family_record_view, family=family, subject=member)

    def editable_family(self, family_uuid: UUID) -> Family:
        """The family if the person may change it: 404 if they cannot see it, 403 if
        read-only."""
        family = selectors.family_get(self.request.user, family_uuid)
        if not permissions.can_edit_family(self.request.user, family):
            raise CannotChange
        return family


# Organisation structure -------------------------------------------------------------------

STRUCTURE_NOTE = (
    "For our own staff only (the same rule as the organisation pages); partner agency staff "
    "get 404."
)


def structure_schema(summary: str, ok: Any) -> Any:
    """The schema of a read of the organisation's structure: `ok`, or 404 (STRUCTURE_NOTE)."""
    return extend_schema(summary=summary, description=STRUCTURE_NOTE, responses=responses(ok, 404))


class OrganisationViewSet(ApiViewSet):
    serializer_class = OrganisationSerializer
    pagination_class = None

    @structure_schema("List organisations", OrganisationSerializer(many=True))
    def list(self, request: Request) -> Response:
        organisations = selectors.organisation_structure(request.user)
        return Response(OrganisationSerializer(organisations, many=True).data)


class ServiceViewSet(ApiViewSet):
    serializer_class = ServiceSerializer
    pagination_class = None

    @structure_schema("List services", ServiceSerializer(many=True))
    def list(self, request: Request) -> Response:
        organisations = selectors.organisation_structure(request.user)
        found = [service for org in organisations for service in org.services.all()]
        return Response(ServiceSerializer(found, many=True).data)


class TeamViewSet(ApiViewSet):
    serializer_class = TeamSerializer
    pagination_class = None
    lookup_field = "uuid"

    @structure_schema("List teams", TeamSerializer(many=True))
    def list(self, request: Request) -> Response:
        teams = selectors.teams_all(request.user)
        return Response(TeamSerializer(teams, many=True).data)

    @structure_schema("A team and its active members", TeamDetailSerializer)
    def retrieve(self, request: Request, uuid: UUID) -> Response:
        team = selectors.team_get(request.user, uuid)
        return Response(TeamDetailSerializer(team).data)


class StaffViewSet(ApiViewSet):
    serializer_class = StaffSerializer
    pagination_class = PageNumberPagination

    @extend_schema(
        summary="The staff directory",
        description=f"Active staff, 50 a page. {STRUCTURE_NOTE}",
        parameters=[
            OpenApiParameter("search", str, description="Part of a name, email or job title."),
            OpenApiParameter("role", str, enum=Staff.Role.values, description="Only this role."),
        ],
        responses=responses(StaffSerializer(many=True), 404),
    )
    def list(self, request: Request) -> Response:
        staff = selectors.staff_search(
            request.user,
            query=request.query_params.get("search", ""),
            role=request.query_params.get("role", ""),
        )
        page = self.paginate_queryset(staff)
        return self.get_paginated_response(StaffSerializer(page, many=True).data)


# Families ----------------------------------------------------------------------------------


@extend_schema_view(
    **put_and_patch_schemas(
        "Change a family's details",
        "Change some of a family's details",
        responses(FamilyDetailSerializer, 400, 404, 503, forbidden=FORBIDDEN),
        request=FamilyChangeSerializer,
        description=(
            "`team` and `allocated_worker` (UUIDs) are only for a team manager or head of "
            "service; for anyone else they, and any other unknown field, are ignored."
        ),
        patch_description="As PUT, but only the fields sent are changed.",
    )
)
class FamilyViewSet(PutAndPatch, FamilyApiViewSet):
    """Families the person may see, by the same rule (and the same selectors) as the pages."""

    serializer_class = FamilySerializer
    lookup_field = "uuid"

    def get_queryset(self) -> QuerySet[Family]:
        return selectors.families_for(self.request.user)

    @extend_schema(
        summary="List and search families",
        description=(
            "Families you may see, 50 a page. Partner agency, workforce and system "
            "administrator accounts hold no case role and get 404."
        ),
        parameters=[
            OpenApiParameter(
                "search",
                str,
                description="Part of the family's name or a member's name, or the whole case "
                "reference.",
            ),
            OpenApiParameter("status", str, enum=Family.Status.values),
        ],
        responses=responses(FamilySerializer(many=True), 400, 404),
    )
    def list(self, request: Request) -> Response:
        if not permissions.can_list_families(request.user):
            raise Http404
        status_filter = request.query_params.get("status", "")
        if status_filter and status_filter not in Family.Status.values:
            raise serializers.ValidationError(
                {"status": [f"Status must be one of: {', '.join(Family.Status.values)}"]}
            )
        families = selectors.family_search(
            request.user, query=request.query_params.get("search", ""), status=status_filter
        )
        page = self.paginate_queryset(families)
        return self.get_paginated_response(FamilySerializer(page, many=True).data)

    @extend_schema(
        summary="A family's record, with its members",
        description="Each call is written to the family's access trail before anything is shown.",
        responses=responses(FamilyDetailSerializer, 404, 503),
    )
    def retrieve(self, request: Request, uuid: UUID) -> Response:
        family = selectors.family_get(request.user, uuid)
        self.record_view(family)
        return Response(self._detail(family))

    @extend_schema(
        summary="Add a family",
        description=(
            "For the team's practitioners and manager, or the head of its service. `team` and "
            "`allocated_worker` are UUIDs (see /api/teams/ and /api/staff/). Other fields in "
            "the body are ignored."
        ),
        request=FamilyCreateSerializer,
        responses=responses(
            FamilyDetailSerializer,
            400,
            503,
            created=True,
            forbidden=OpenApiResponse(ErrorSerializer, description="You cannot add families."),
        ),
    )
    def create(self, request: Request) -> Response:
        teams = selectors.teams_for_choice(request.user)
        if not teams.exists():
            raise PermissionDenied("You cannot add families.")
        data = self.validated(
            FamilyCreateSerializer,
            teams=teams,
            workers=selectors.workers_for_choice(teams.values("pk")),
        )
        family = self.call_service(
            services.family_create,
            case_reference=data["case_reference"],
            name=data["name"],
            team=data["team"],
            allocated_worker=data.get("allocated_worker"),
            status=data.get("status", Family.Status.OPEN),
            opened_on=data.get("opened_on"),
        )
        return Response(self._detail(family), status=status.HTTP_201_CREATED)

    def change(self, *, partial: bool, **kwargs: Any) -> Response:
        user = self.request.user
        family = self.editable_family(kwargs["uuid"])
        teams = selectors.teams_for_choice(user) if permissions.can_allocate(user, family) else None
        data = self.validated(
            FamilyWriteSerializer,
            partial=partial,
            teams=teams,
            workers=selectors.workers_for_choice(teams.values("pk")) if teams is not None else None,
            instance_family=family,
        )
        updated = self.call_service(services.family_update, family=family, data=data)
        return Response(self._detail(updated))

    def _detail(self, family: Family) -> dict[str, Any]:
        context = {"can_edit": permissions.can_edit_family(self.request.user, family)}
        return FamilyDetailSerializer(family, context=context).data


@extend_schema_view(
    **put_and_patch_schemas(
        "Change a member's details",
        "Change some of a member's details",
        responses(FamilyMemberSerializer, 400, 404, 503, forbidden=FORBIDDEN),
    )
)
class FamilyMemberViewSet(PutAndPatch, FamilyApiViewSet):
    """The children and adults in one family. The family in the URL decides who may do what."""

    serializer_class = FamilyMemberSerializer
    pagination_class = None
    lookup_field = "uuid"

    @extend_schema(
        summary="The members of a family",
        description="Written to the family's access trail before anything is shown.",
        responses=responses(FamilyMemberSerializer(many=True), 404, 503),
    )
    def list(self, request: Request, family_uuid: UUID) -> Response:
        family = selectors.family_get(request.user, family_uuid)
        self.record_view(family)
        return Response(FamilyMemberSerializer(family.members.all(), many=True).data)

    @extend_schema(
        summary="Add a member to a family",
        responses=responses(
            FamilyMemberSerializer, 400, 404, 503, created=True, forbidden=FORBIDDEN
        ),
    )
    def create(self, request: Request, family_uuid: UUID) -> Response:
        family = self.editable_family(family_uuid)
        data = self.validated(FamilyMemberSerializer)
        token = data.pop("submission_token", None)
        member = self.call_service(
            services.family_member_add, family=family, data=data, submission_token=token
        )
        return Response(FamilyMemberSerializer(member).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="One member of a family",
        description="Written to the family's access trail before anything is shown.",
        responses=responses(FamilyMemberSerializer, 404, 503),
    )
    def retrieve(self, request: Request, family_uuid: UUID, uuid: UUID) -> Response:
        family = selectors.family_get(request.user, family_uuid)
        member = selectors.family_member_get(request.user, family, uuid)
        self.record_view(family, member)
        return Response(FamilyMemberSerializer(member).data)

    @extend_schema(
        summary="Remove a member recorded in error",
        responses=responses(None, 404, 503, forbidden=FORBIDDEN),
    )
    def destroy(self, request: Request, family_uuid: UUID, uuid: UUID) -> Response:
        member = self._editable_member(family_uuid, uuid)
        self.call_service(services.family_member_remove, member=member)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def change(self, *, partial: bool, **kwargs: Any) -> Response:
        member = self._editable_member(kwargs["family_uuid"], kwargs["uuid"])
        data = self.validated(FamilyMemberSerializer, instance=member, partial=partial)
        updated = self.call_service(services.family_member_update, member=member, data=data)
        return Response(FamilyMemberSerializer(updated).data)

    def _editable_member(self, family_uuid: UUID, member_uuid: UUID) -> FamilyMember:
        family = self.editable_family(family_uuid)
        return selectors.family_member_get(self.request.user, family, member_uuid)
