"""What the practice API's views share: the access trail on every read, the family a record
is made for, and the refusal for those who may see a record but not record on it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar
from uuid import UUID

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from rest_framework.response import Response

from restorative.core.api import (
    ApiViewSet,
    ErrorSerializer,
    non_field_key,
    resolve_uuid,
    resolve_uuids,
    responses,
)
from restorative.people import selectors as people_selectors
from restorative.people.models import Family

from ... import permissions, services
from ...models import Meeting, Plan, RestorativeConversation

Subject = TypeVar("Subject", Meeting, RestorativeConversation, Plan)

CANNOT_RECORD = OpenApiResponse(
    ErrorSerializer, description="You may see this record but not record on it."
)
FAMILY_PARAM = OpenApiParameter(
    "family", UUID, description="Only this family's (a family you may not see gives none)."
)


VIEWED = "Written to the family's access trail before anything is shown."


def viewed_schema(summary: str, ok: Any, description: str = VIEWED) -> Any:
    """The schema of a read that writes the access event before answering (404, 503)."""
    return extend_schema(
        summary=summary, description=description, responses=responses(ok, 404, 503)
    )


def recording_schema(
    *,
    summary: str,
    description: str,
    ok: Any,
    request: Any = None,
    created: bool = False,
    codes: tuple[int, ...] = (400, 404, 503),
) -> Any:
    """The schema of a write for those who may record: `ok` on success (201 when `created`,
    204 when None), 403 for those who may only see the record, and the shared answers for
    `codes` (a create that names its family in the body has no 404: an unknown family is
    400). Without `request`, the body is the viewset's serializer."""
    body = {} if request is None else {"request": request}
    return extend_schema(
        summary=summary,
        description=description,
        responses=responses(ok, *codes, created=created, forbidden=CANNOT_RECORD),
        **body,
    )


class CannotRecord(APIException):
    status_code = status.HTTP_403_FORBIDDEN
    default_detail = "You can see this record but you cannot record on it."
    default_code = "cannot_record"


class PracticeViewSet(ApiViewSet):
    """A practice API view: every read of a record writes the access event first (channel
    "api"), fail-closed; every write goes through the services the pages use."""

    def record_view(self, subject: Meeting | RestorativeConversation | Plan) -> None:
        """Write the access event (as the pages do) before any of the record is answered."""
        self.call_service(services.practice_record_view, subject=subject)

    def viewed(self, get: Callable[[Any, UUID], Subject], record_uuid: UUID) -> Subject:
        """The meeting, conversation or plan the selector `get` finds for the person asking
        (404 when none), once its access event is written."""
        record = get(self.request.user, record_uuid)
        self.record_view(record)
        return record

    def page_of(self, rows: Any, serializer_class: type[serializers.Serializer[Any]]) -> Response:
        """One page of a list, 50 rows at most, with links to the next and previous pages."""
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(serializer_class(page, many=True).data)

    def family_for_recording(self, family_uuid: UUID, *, arranging: bool = False) -> Family:
        """The family named in a request body: 400 if unknown or not visible, 403 if
        read-only. `arranging`: scheduling a meeting, which business support may do too
        (permissions.can_arrange_for_family)."""
        user = self.request.user
        family = people_selectors.families_for(user).filter(uuid=family_uuid).first()
        if family is None:
            raise serializers.ValidationError(
                {"family": ["Choose a family you work with, by its UUID"]}
            )
        rule = (
            permissions.can_arrange_for_family if arranging else permissions.can_record_for_family
        )
        if not rule(user, family):
            raise CannotRecord("You can see this family's record but you cannot record on it.")
        return family


def family_members(family: Family, data: Mapping[str, Any], field: str = "members") -> list[Any]:
    """The family's members a request names by UUID in `field` (400 for anyone else)."""
    return resolve_uuids(
        family.members.all(), data[field], field, "Choose people from this family, by their UUID"
    )


def family_member(family: Family, data: Mapping[str, Any], field: str) -> Any:
    """The one family member a request names by UUID in `field`, or None if it names none."""
    return resolve_uuid(
        family.members.all(), data[field], field, "Choose someone from this family, by their UUID"
    )


def request_body(request: Request) -> dict[str, Any]:
    """The request body as a plain mapping (a form-encoded body gives each field's value)."""
    data = request.data
    if hasattr(data, "dict"):
        return dict(data.dict())
    if not isinstance(data, dict):
        raise serializers.ValidationError(
            {non_field_key(): ["Send the fields to change as a JSON object"]}
        )
    return dict(data)
