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

from collections.abc import Callable
from typing import Any, TypeVar, cast
from uuid import UUID

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import APIException
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.viewsets import GenericViewSet

from restorative.core.audit import AuditWriteError

from .. import permissions, selectors, services
from ..models import Family, FamilyMember, Staff
from .serializers import (
    ErrorSerializer,
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

T = TypeVar("T")

# Token first: DRF takes the WWW-Authenticate header from the first class, and without one it
# turns "not signed in" into 403. With token first, anonymous callers get 401 as they should.
API_AUTHENTICATION = [TokenAuthentication, SessionAuthentication]

API_CHANNEL = "api"

# Friendlier wording for the model's own checks, keyed by (field, code).
FRIENDLY_MESSAGES = {
    ("case_reference", "unique"): "A family with this case reference is already recorded",
}

NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No such record, or you may not see it.")
FORBIDDEN = OpenApiResponse(
    ErrorSerializer, description="You may see this record but not change it."
)
BAD_INPUT = OpenApiResponse(
    OpenApiTypes.OBJECT, description="Bad input: a list of messages for each field."
)
AUDIT_UNAVAILABLE = OpenApiResponse(
    ErrorSerializer,
    description="The access trail could not be written, so nothing of the record is shown.",
)


class AuditUnavailable(APIException):
    """Fail-closed answer when the access trail cannot be written (privacy rule 3)."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = (
        "The record cannot be shown or changed at the moment because the access log is not "
        "available. Try again later."
    )
    default_code = "audit_unavailable"


class CannotChange(APIException):
    status_code = status.HTTP_403_FORBIDDEN
    default_detail = "You can see this family's record but you cannot change it."
    default_code = "cannot_change"


def _validation_detail(error: DjangoValidationError) -> dict[str, list[str]]:
    """A service's Django ValidationError as DRF's {field: [messages]} body."""
    if not hasattr(error, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: list(error.messages)}
    detail: dict[str, list[str]] = {}
    for field, errors in error.error_dict.items():
        key = api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field
        for item in errors:
            friendly = FRIENDLY_MESSAGES.get((field, item.code or ""))
            detail.setdefault(key, []).extend([friendly] if friendly else item.messages)
    return detail


def _run_service(service: Callable[..., T], **kwargs: Any) -> T:
    """Call a write service and translate its refusals into API answers."""
    try:
        return service(**kwargs)
    except DjangoValidationError as error:
        raise serializers.ValidationError(_validation_detail(error)) from error
    except IntegrityError as error:
        # Two requests adding the same case reference at once: the database refuses the second.
        raise serializers.ValidationError(
            {"case_reference": [FRIENDLY_MESSAGES[("case_reference", "unique")]]}
        ) from error
    except AuditWriteError as error:
        raise AuditUnavailable from error


def _record_view(request: Request, family: Family, member: FamilyMember | None = None) -> None:
    """Write the access event before any of the record is put in the answer.

    `member` names the person when only their details are shown.
    """
    try:
        services.family_record_view(
            actor=cast(Staff, request.user),  # IsAuthenticated: never anonymous here
            family=family,
            subject=member,
            request=request,  # type: ignore[arg-type]  # DRF's Request proxies HttpRequest
            channel=API_CHANNEL,
        )
    except AuditWriteError as error:
        raise AuditUnavailable from error


def _editable_family(request: Request, family_uuid: UUID) -> Family:
    """The family if the person may change it: 404 if they cannot see it, 403 if read-only."""
    family = selectors.family_get(request.user, family_uuid)
    if not permissions.can_edit_family(request.user, family):
        raise CannotChange
    return family


class ApiViewSet(GenericViewSet):
    """Shared set-up: signed in by token or session; nothing for anonymous callers."""

    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsAuthenticated]


# Organisation structure -------------------------------------------------------------------

STRUCTURE_NOTE = (
    "For our own staff only (the same rule as the organisation pages); partner agency staff "
    "get 404."
)


class OrganisationViewSet(ApiViewSet):
    serializer_class = OrganisationSerializer
    pagination_class = None

    @extend_schema(
        summary="List organisations",
        description=STRUCTURE_NOTE,
        responses={200: OrganisationSerializer(many=True), 404: NOT_FOUND},
    )
    def list(self, request: Request) -> Response:
        organisations = selectors.organisation_structure(request.user)
        return Response(OrganisationSerializer(organisations, many=True).data)


class ServiceViewSet(ApiViewSet):
    serializer_class = ServiceSerializer
    pagination_class = None

    @extend_schema(
        summary="List services",
        description=STRUCTURE_NOTE,
        responses={200: ServiceSerializer(many=True), 404: NOT_FOUND},
    )
    def list(self, request: Request) -> Response:
        organisations = selectors.organisation_structure(request.user)
        found = [service for org in organisations for service in org.services.all()]
        return Response(ServiceSerializer(found, many=True).data)


class TeamViewSet(ApiViewSet):
    serializer_class = TeamSerializer
    pagination_class = None
    lookup_field = "uuid"

    @extend_schema(
        summary="List teams",
        description=STRUCTURE_NOTE,
        responses={200: TeamSerializer(many=True), 404: NOT_FOUND},
    )
    def list(self, request: Request) -> Response:
        teams = selectors.teams_all(request.user)
        return Response(TeamSerializer(teams, many=True).data)

    @extend_schema(
        summary="A team and its active members",
        description=STRUCTURE_NOTE,
        responses={200: TeamDetailSerializer, 404: NOT_FOUND},
    )
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
        responses={200: StaffSerializer(many=True), 404: NOT_FOUND},
    )
    def list(self, request: Request) -> Response:
        page = selectors.staff_directory(
            request.user,
            query=request.query_params.get("search", ""),
            role=request.query_params.get("role", ""),
            page=request.query_params.get("page", 1),
        )
        # The selector pages the directory itself; hand its page to DRF's paginator so the
        # answer has the same shape (count, next, previous, results) as every other list.
        paginator = self.paginator
        assert paginator is not None  # noqa: S101 - set by pagination_class above
        paginator.page = page  # type: ignore[attr-defined]
        paginator.request = request  # type: ignore[attr-defined]
        return paginator.get_paginated_response(StaffSerializer(page, many=True).data)


# Families ----------------------------------------------------------------------------------


class FamilyViewSet(ApiViewSet):
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
        responses={200: FamilySerializer(many=True), 400: BAD_INPUT, 404: NOT_FOUND},
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
        responses={200: FamilyDetailSerializer, 404: NOT_FOUND, 503: AUDIT_UNAVAILABLE},
    )
    def retrieve(self, request: Request, uuid: UUID) -> Response:
        family = selectors.family_get(request.user, uuid)
        _record_view(request, family)
        return Response(self._detail(request, family))

    @extend_schema(
        summary="Add a family",
        description=(
            "For the team's practitioners and manager, or the head of its service. `team` and "
            "`allocated_worker` are UUIDs (see /api/teams/ and /api/staff/). Other fields in "
            "the body are ignored."
        ),
        request=FamilyCreateSerializer,
        responses={
            201: FamilyDetailSerializer,
            400: BAD_INPUT,
            403: OpenApiResponse(ErrorSerializer, description="You cannot add families."),
            503: AUDIT_UNAVAILABLE,
        },
    )
    def create(self, request: Request) -> Response:
        teams = selectors.teams_for_choice(request.user)
        if not teams.exists():
            raise PermissionDenied("You cannot add families.")
        serializer = FamilyCreateSerializer(
            data=request.data,
            teams=teams,
            workers=selectors.workers_for_choice(teams.values("pk")),
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        family = _run_service(
            services.family_create,
            actor=request.user,
            case_reference=data["case_reference"],
            name=data["name"],
            team=data["team"],
            allocated_worker=data.get("allocated_worker"),
            status=data.get("status", Family.Status.OPEN),
            opened_on=data.get("opened_on"),
            request=request,
            channel=API_CHANNEL,
        )
        return Response(self._detail(request, family), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a family's details",
        description=(
            "`team` and `allocated_worker` (UUIDs) are only for a team manager or head of "
            "service; for anyone else they, and any other unknown field, are ignored."
        ),
        request=FamilyWriteSerializer,
        responses={
            200: FamilyDetailSerializer,
            400: BAD_INPUT,
            403: FORBIDDEN,
            404: NOT_FOUND,
            503: AUDIT_UNAVAILABLE,
        },
    )
    def update(self, request: Request, uuid: UUID) -> Response:
        return self._update(request, uuid, partial=False)

    @extend_schema(
        summary="Change some of a family's details",
        description="As PUT, but only the fields sent are changed.",
        request=FamilyWriteSerializer,
        responses={
            200: FamilyDetailSerializer,
            400: BAD_INPUT,
            403: FORBIDDEN,
            404: NOT_FOUND,
            503: AUDIT_UNAVAILABLE,
        },
    )
    def partial_update(self, request: Request, uuid: UUID) -> Response:
        return self._update(request, uuid, partial=True)

    def _update(self, request: Request, family_uuid: UUID, *, partial: bool) -> Response:
        family = _editable_family(request, family_uuid)
        teams = (
            selectors.teams_for_choice(request.user)
            if permissions.can_allocate(request.user, family)
            else None
        )
        serializer = FamilyWriteSerializer(
            data=request.data,
            partial=partial,
            teams=teams,
            workers=selectors.workers_for_choice(teams.values("pk")) if teams is not None else None,
            instance_family=family,
        )
        serializer.is_valid(raise_exception=True)
        updated = _run_service(
            services.family_update,
            actor=request.user,
            family=family,
            data=dict(serializer.validated_data),
            request=request,
            channel=API_CHANNEL,
        )
        return Response(self._detail(request, updated))

    @staticmethod
    def _detail(request: Request, family: Family) -> dict[str, Any]:
        context = {"can_edit": permissions.can_edit_family(request.user, family)}
        return FamilyDetailSerializer(family, context=context).data


class FamilyMemberViewSet(ApiViewSet):
    """The children and adults in one family. The family in the URL decides who may do what."""

    serializer_class = FamilyMemberSerializer
    pagination_class = None
    lookup_field = "uuid"

    @extend_schema(
        summary="The members of a family",
        description="Written to the family's access trail before anything is shown.",
        responses={
            200: FamilyMemberSerializer(many=True),
            404: NOT_FOUND,
            503: AUDIT_UNAVAILABLE,
        },
    )
    def list(self, request: Request, family_uuid: UUID) -> Response:
        family = selectors.family_get(request.user, family_uuid)
        _record_view(request, family)
        return Response(FamilyMemberSerializer(family.members.all(), many=True).data)

    @extend_schema(
        summary="Add a member to a family",
        responses={
            201: FamilyMemberSerializer,
            400: BAD_INPUT,
            403: FORBIDDEN,
            404: NOT_FOUND,
            503: AUDIT_UNAVAILABLE,
        },
    )
    def create(self, request: Request, family_uuid: UUID) -> Response:
        family = _editable_family(request, family_uuid)
        serializer = FamilyMemberSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        token = data.pop("submission_token", None)
        member = _run_service(
            services.family_member_add,
            actor=request.user,
            family=family,
            data=data,
            submission_token=token,
            request=request,
            channel=API_CHANNEL,
        )
        return Response(FamilyMemberSerializer(member).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="One member of a family",
        description="Written to the family's access trail before anything is shown.",
        responses={200: FamilyMemberSerializer, 404: NOT_FOUND, 503: AUDIT_UNAVAILABLE},
    )
    def retrieve(self, request: Request, family_uuid: UUID, uuid: UUID) -> Response:
        family = selectors.family_get(request.user, family_uuid)
        member = selectors.family_member_get(request.user, family, uuid)
        _record_view(request, family, member)
        return Response(FamilyMemberSerializer(member).data)

    @extend_schema(
        summary="Change a member's details",
        responses={
            200: FamilyMemberSerializer,
            400: BAD_INPUT,
            403: FORBIDDEN,
            404: NOT_FOUND,
            503: AUDIT_UNAVAILABLE,
        },
    )
    def update(self, request: Request, family_uuid: UUID, uuid: UUID) -> Response:
        return self._update(request, family_uuid, uuid, partial=False)

    @extend_schema(
        summary="Change some of a member's details",
        responses={
            200: FamilyMemberSerializer,
            400: BAD_INPUT,
            403: FORBIDDEN,
            404: NOT_FOUND,
            503: AUDIT_UNAVAILABLE,
        },
    )
    def partial_update(self, request: Request, family_uuid: UUID, uuid: UUID) -> Response:
        return self._update(request, family_uuid, uuid, partial=True)

    @extend_schema(
        summary="Remove a member recorded in error",
        responses={
            204: None,
            403: FORBIDDEN,
            404: NOT_FOUND,
            503: AUDIT_UNAVAILABLE,
        },
    )
    def destroy(self, request: Request, family_uuid: UUID, uuid: UUID) -> Response:
        member = self._editable_member(request, family_uuid, uuid)
        _run_service(
            services.family_member_remove,
            actor=request.user,
            member=member,
            request=request,
            channel=API_CHANNEL,
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _update(
        self, request: Request, family_uuid: UUID, member_uuid: UUID, *, partial: bool
    ) -> Response:
        member = self._editable_member(request, family_uuid, member_uuid)
        serializer = FamilyMemberSerializer(member, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        updated = _run_service(
            services.family_member_update,
            actor=request.user,
            member=member,
            data=dict(serializer.validated_data),
            request=request,
            channel=API_CHANNEL,
        )
        return Response(FamilyMemberSerializer(updated).data)

    @staticmethod
    def _editable_member(request: Request, family_uuid: UUID, member_uuid: UUID) -> FamilyMember:
        family = _editable_family(request, family_uuid)
        return selectors.family_member_get(request.user, family, member_uuid)
