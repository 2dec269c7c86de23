"""What every app's API shares: the base viewset, the one exception handler, the answers the
schema names, and the serializer fields for UUIDs, dates, choices and text.

The conventions (docs/decisions/0002-api.md) live here once, so that every API answers alike:

- 401 without a session or token (token authentication first: DRF takes the challenge from
  the first class, and without one it turns "not signed in" into 403);
- 404 when a record does not exist *or* the person may not see it, and for any path under
  /api/ that names nothing (a malformed UUID included), always as JSON;
- 403 when the person may see a record but not do this;
- 400 with a list of messages per field for bad input, a service's Django ValidationError
  included (`exception_handler`), so a view calls its service and nothing more;
- 503 with no record data when the access trail cannot be written (privacy rule 3): an
  AuditWriteError anywhere in a request fails it closed (`exception_handler`).

Nothing here decides who may see what: the apps' permissions and selectors do. `core`
imports no app, so the acting user is whatever the app's services take.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, path
from django.views import defaults
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.viewsets import GenericViewSet

from .api_tokens import ReadOnlyTokenScope
from .audit import AuditWriteError
from .views import AUDIT_UNAVAILABLE_DETAIL

T = TypeVar("T")

#: Every API view: signed in by token or session, as REST_FRAMEWORK's default authentication
#: classes say (the session counts only once its second factor is given, where one is needed:
#: docs/decisions/0022). Token first: DRF takes the challenge from the first class, so
#: anonymous callers get 401 rather than 403. An expired token is refused (401) and a
#: read-only one may only read (403): core.api_tokens.
SIGNED_IN: dict[str, list[Any]] = {
    "authentication_classes": list(api_settings.DEFAULT_AUTHENTICATION_CLASSES),
    "permission_classes": [IsAuthenticated, ReadOnlyTokenScope],
}
#: The channel the access trail records for everything done through the API.
API_CHANNEL = "api"
#: Where the API is served (restorative/urls.py); a path under it never answers with a page.
API_PATH_PREFIX = "/api/"
UUID_EXAMPLE = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
CONFLICT_MESSAGE = (
    "This could not be saved because it conflicts with a record already stored. Check the "
    "request and try again"
)


def non_field_key() -> str:
    """The key DRF uses for messages about the request as a whole."""
    return str(api_settings.NON_FIELD_ERRORS_KEY)


# Answers named in the schema ------------------------------------------------------------------


class ErrorSerializer(serializers.Serializer[Any]):
    """The body of a refusal: a plain-English explanation and nothing of the record."""

    detail = serializers.CharField()


NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No such record, or you may not see it.")
BAD_INPUT = OpenApiResponse(
    OpenApiTypes.OBJECT, description="Bad input: a list of messages for each field."
)
AUDIT_UNAVAILABLE = OpenApiResponse(
    ErrorSerializer,
    description="The access trail could not be written, so nothing of the record is shown.",
)


def responses(
    ok: Any, *others: int, created: bool = False, forbidden: OpenApiResponse | None = None
) -> dict[int, Any]:
    """The `responses` of one operation: `ok` for its success (201 when `created`, 204 with
    no body when `ok` is None), the shared answers for the codes in `others` (400, 404, 503)
    and `forbidden` for 403."""
    shared: dict[int, Any] = {400: BAD_INPUT, 404: NOT_FOUND, 503: AUDIT_UNAVAILABLE}
    success = 204 if ok is None else 201 if created else 200
    answers: dict[int, Any] = {success: ok}
    if forbidden is not None:
        answers[403] = forbidden
    answers.update({code: shared[code] for code in others})
    return answers


class AuditUnavailable(APIException):
    """Fail-closed answer when the access trail cannot be written (privacy rule 3)."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = AUDIT_UNAVAILABLE_DETAIL
    default_code = "audit_unavailable"


# The one exception handler -------------------------------------------------------------------


def service_error_detail(
    error: DjangoValidationError, friendly: Mapping[tuple[str, str], str] | None = None
) -> dict[str, list[str]]:
    """A service's Django ValidationError as DRF's {field: [messages]} body.

    `friendly` rewords a model's own checks, keyed by (field, code), e.g. a unique title.
    """
    if not hasattr(error, "error_dict"):
        return {non_field_key(): list(error.messages)}
    detail: dict[str, list[str]] = {}
    for field, errors in error.error_dict.items():
        key = non_field_key() if field == NON_FIELD_ERRORS else field
        for item in errors:
            reworded = (friendly or {}).get((field, item.code or ""))
            detail.setdefault(key, []).extend([reworded] if reworded else item.messages)
    return detail


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus the refusals of the services and the access trail.

    A Django ValidationError (a service refusing bad input) becomes 400 with messages per
    field, worded by the view (`ApiViewSet.service_errors`); an IntegrityError (two requests
    racing past the same check) becomes 400 too; an AuditWriteError becomes the fail-closed
    503 with nothing of the record in it.
    """
    view = context.get("view")
    if isinstance(exc, DjangoValidationError):
        detail = (
            view.service_errors(exc) if isinstance(view, ApiViewSet) else service_error_detail(exc)
        )
        exc = serializers.ValidationError(detail)
    elif isinstance(exc, IntegrityError):
        conflict = view.conflict if isinstance(view, ApiViewSet) else None
        exc = serializers.ValidationError(conflict or {non_field_key(): [CONFLICT_MESSAGE]})
    elif isinstance(exc, AuditWriteError):
        exc = AuditUnavailable()
    return drf_exception_handler(exc, context)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The project's 404 handler: JSON under /api/ (an integrator's client reads JSON, even
    for a path that names nothing, such as a malformed UUID), the 404 page anywhere else."""
    if request.path_info.startswith(API_PATH_PREFIX):
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return defaults.page_not_found(request, exception or Exception())


# The base viewset -----------------------------------------------------------------------------


class ApiViewSet(GenericViewSet[Any]):
    """Shared set-up: signed in by token or session; nothing for anonymous callers.

    A view calls a write service through `call_service`, which acts as the person asking
    and marks the access trail's lines as the API's; the service's refusals are answered by
    `exception_handler`, worded by `friendly_messages` and `service_errors`.
    """

    authentication_classes = SIGNED_IN["authentication_classes"]
    permission_classes = SIGNED_IN["permission_classes"]
    #: Rewording of a model's own checks, keyed by (field, code).
    friendly_messages: ClassVar[Mapping[tuple[str, str], str]] = {}
    #: The 400 body when the database refuses a write that passed every check (a race).
    conflict: ClassVar[dict[str, list[str]] | None] = None

    def call_service(self, service: Callable[..., T], **kwargs: Any) -> T:
        """Call a service that writes the access trail, as the person asking, through the API."""
        return service(actor=self.request.user, request=self.request, channel=API_CHANNEL, **kwargs)

    def validated(
        self,
        serializer_class: type[serializers.Serializer[Any]],
        data: Any = None,
        *,
        instance: Any = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        """The request body (or `data`) checked by `serializer_class`; 400 with messages per
        field when it is not valid."""
        body = self.request.data if data is None else data
        serializer = serializer_class(instance, data=body, **kwargs)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def service_errors(self, error: DjangoValidationError) -> dict[str, list[str]]:
        """The 400 body for a service's refusal (override to re-key a service's fields)."""
        return service_error_detail(error, self.friendly_messages)


# Routes ---------------------------------------------------------------------------------------

# The actions a route maps its HTTP methods to, for the shapes that recur.
LIST = {"get": "list"}
LIST_CREATE = {"get": "list", "post": "create"}
READ = {"get": "retrieve"}
READ_PATCH = {"get": "retrieve", "patch": "partial_update"}
READ_UPDATE = {"get": "retrieve", "put": "update", "patch": "partial_update"}


def routes(
    path_prefix: str,
    name_prefix: str,
    viewset: type[GenericViewSet[Any]],
    *entries: tuple[str, str, Mapping[str, str]],
) -> list[URLPattern]:
    """One viewset's URL patterns. Each entry is (path after `path_prefix`, URL name after
    `name_prefix`, {HTTP method: action}); UUIDs in paths use the `uuid` converter, so a
    malformed one names nothing (a JSON 404, see `not_found`)."""
    return [
        path(path_prefix + tail, viewset.as_view(dict(actions)), name=name_prefix + name)
        for tail, name, actions in entries
    ]


class PutAndPatch:
    """PUT and PATCH of one record through one `change` (a viewset mixin): PATCH changes only
    the fields sent. The URL's keyword arguments (the record's UUIDs) are passed on."""

    def update(self, request: Request, **kwargs: Any) -> Response:
        return self.change(partial=False, **kwargs)

    def partial_update(self, request: Request, **kwargs: Any) -> Response:
        return self.change(partial=True, **kwargs)

    def change(self, *, partial: bool, **kwargs: Any) -> Response:
        raise NotImplementedError


def put_and_patch_schemas(
    put_summary: str,
    patch_summary: str,
    answers: dict[int, Any],
    *,
    request: Any = None,
    description: str | None = None,
    patch_description: str | None = None,
) -> dict[str, Any]:
    """The schemas of a record's PUT and PATCH, for `extend_schema_view(**...)`. Without
    `request`, the body is the viewset's serializer."""
    body = {} if request is None else {"request": request}
    return {
        "update": extend_schema(
            summary=put_summary, description=description, responses=answers, **body
        ),
        "partial_update": extend_schema(
            summary=patch_summary, description=patch_description, responses=answers, **body
        ),
    }


# Query parameters -----------------------------------------------------------------------------


def uuid_param(request: Request, name: str, label: str) -> uuid.UUID | None:
    """A query parameter that names a record by UUID: None when absent, 400 when malformed."""
    value = request.query_params.get(name, "")
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError as error:
        raise serializers.ValidationError(
            {name: [f"{label} must be a UUID, like {UUID_EXAMPLE}"]}
        ) from error


def choice_param(request: Request, name: str, label: str, values: Iterable[str]) -> str:
    """A query parameter with a fixed set of values: "" when absent, 400 for any other."""
    value = request.query_params.get(name, "")
    allowed = list(values)
    if value and value not in allowed:
        raise serializers.ValidationError({name: [f"{label} must be one of: {', '.join(allowed)}"]})
    return value


def resolve_uuids(
    choices: QuerySet[Any] | Iterable[Any], uuids: Iterable[uuid.UUID], field: str, message: str
) -> list[Any]:
    """The records named by `uuids`, chosen only from `choices`; each once, in the order given.

    An unknown UUID and one outside the choices get the same message, so the answer does not
    reveal which records exist beyond the person's reach.
    """
    wanted = list(dict.fromkeys(uuids))
    if not wanted:
        return []
    if isinstance(choices, QuerySet):
        found = {obj.uuid: obj for obj in choices.filter(uuid__in=wanted)}
    else:
        found = {obj.uuid: obj for obj in choices if obj.uuid in set(wanted)}
    if len(found) != len(wanted):
        raise serializers.ValidationError({field: [message]})
    return [found[u] for u in wanted]


def resolve_uuid(
    choices: QuerySet[Any] | Iterable[Any], value: uuid.UUID | None, field: str, message: str
) -> Any:
    """The one record named by `value` among `choices` (None when no UUID was given)."""
    if value is None:
        return None
    return resolve_uuids(choices, [value], field, message)[0]


# Serializer fields ----------------------------------------------------------------------------

# Tab, line feed and carriage return are how text is laid out in lines; every other control
# character (NUL, escape, backspace, the C1 range...) has no place in what people write.
LINE_BREAKS = frozenset("\t\n\r")


def refuse_control_characters(label: str, *, multiline: bool) -> Callable[[str], None]:
    """A validator that refuses control characters in text; `multiline` text keeps tabs and
    line breaks. Control characters corrupt exports and logs and can hide text on screen.
    (A NUL is refused by DRF's own validator, with its own message.)"""
    allowed = (LINE_BREAKS if multiline else frozenset()) | {"\x00"}
    message = (
        f"{label} must not contain control characters (only letters, numbers, punctuation, "
        + ("spaces, tabs and line breaks)" if multiline else "and spaces: no tabs or line breaks)")
    )

    def validate(value: str) -> None:
        if any(unicodedata.category(c) == "Cc" and c not in allowed for c in value):
            raise serializers.ValidationError(message, code="control_characters")

    return validate


class PlainTextField(serializers.CharField):
    """Text written by a person: a name, a place, an account in their own words.

    Control characters are refused with a message naming the field (single-line text also
    refuses tabs and line breaks).
    """

    def __init__(self, *, text_label: str, multiline: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators.append(refuse_control_characters(text_label, multiline=multiline))


def text_field(
    label: str,
    *,
    max_length: int | None = None,
    required: bool = False,
    multiline: bool | None = None,
    enter: str | None = None,
    type_message: bool = True,
    **kwargs: Any,
) -> PlainTextField:
    """Text input with messages that name it. Optional text defaults to "" (blank allowed);
    `multiline` (by default: text with no length limit) keeps tabs and line breaks.
    `type_message=False` keeps DRF's own words for a value that is not text."""
    messages: dict[str, Any] = {
        "required": enter or f"Enter {label.lower()}",
        "blank": enter or f"Enter {label.lower()}",
    }
    if type_message:
        messages["invalid"] = f"{label} must be text"
    if max_length is not None:
        messages["max_length"] = f"{label} must be {max_length} characters or fewer"
    options: dict[str, Any] = {
        "required": required,
        "allow_blank": not required,
        "default": "" if not required else serializers.empty,
        **kwargs,
    }
    return PlainTextField(
        text_label=label,
        multiline=max_length is None if multiline is None else multiline,
        max_length=max_length,
        error_messages=messages,
        **options,
    )


def uuid_field(label: str, **kwargs: Any) -> serializers.UUIDField:
    """A record named by its UUID (resolved by the view among the records it may offer)."""
    return serializers.UUIDField(
        error_messages={
            "invalid": f"{label} must be a UUID, like {UUID_EXAMPLE}",
            "required": f"Choose the {label.lower()}, by its UUID",
            "null": f"Choose the {label.lower()}, by its UUID",
        },
        **kwargs,
    )


def uuid_list_field(label: str, help_text: str, **kwargs: Any) -> serializers.ListField:
    """Records named by their UUIDs; optional, an empty list by default."""
    options: dict[str, Any] = {"required": False, "default": list, **kwargs}
    return serializers.ListField(
        child=uuid_field(label),
        help_text=help_text,
        error_messages={"not_a_list": f"{label} must be a list of UUIDs"},
        **options,
    )


def submission_token_field(
    repeat: str = "returns the record the first one made instead of making another",
    *,
    write_only: bool = False,
) -> serializers.UUIDField:
    """The client's token that makes a create safe to send twice (once-only submission,
    `restorative.core.submission`)."""
    return serializers.UUIDField(
        required=False,
        allow_null=True,
        default=None,
        write_only=write_only,
        help_text="Any new UUID, chosen by the client for this submission. Sending the same "
        f"request again with the same token {repeat}.",
        error_messages={"invalid": "Submission token must be a UUID"},
    )


def whole_number_field(
    label: str, low: int, high: int, *, required_message: str | None = None, **kwargs: Any
) -> serializers.IntegerField:
    """A whole number from `low` to `high`, with messages that give the range."""
    messages: dict[str, Any] = {
        "invalid": f"{label} must be a whole number from {low} to {high}",
        "min_value": f"{label} must be from {low} to {high}",
        "max_value": f"{label} must be from {low} to {high}",
    }
    if required_message:
        messages["required"] = required_message
    return serializers.IntegerField(
        min_value=low, max_value=high, error_messages=messages, **kwargs
    )


def date_field(label: str, **kwargs: Any) -> serializers.DateField:
    """A date, YYYY-MM-DD, with messages that name it."""
    return serializers.DateField(
        error_messages={
            "invalid": f"{label} must be a real date in the form YYYY-MM-DD, like 2019-03-27",
            "datetime": f"{label} must be a date in the form YYYY-MM-DD, without a time",
        },
        **kwargs,
    )


def datetime_field(label: str, **kwargs: Any) -> serializers.DateTimeField:
    """A date and time with an offset, with messages that name it."""
    return serializers.DateTimeField(
        error_messages={
            "invalid": f"{label} must be a date and time like 2027-03-27T09:30:00+00:00",
            "date": f"{label} must include a time, like 2027-03-27T09:30:00+00:00",
            "required": f"Enter the {label.lower()}",
            "null": f"Enter the {label.lower()}",
        },
        **kwargs,
    )


def choice_field(choices: Any, label: str, **kwargs: Any) -> serializers.ChoiceField:
    """One of `choices` (value, label), with messages that list the values."""
    values = ", ".join(value for value, _ in choices)
    return serializers.ChoiceField(
        choices=choices,
        error_messages={
            "invalid_choice": f"{label} must be one of: {values}",
            "required": f"Choose the {label.lower()}",
        },
        **kwargs,
    )


def inline_choice_field(choices: Any, label: str = "", **kwargs: Any) -> serializers.ChoiceField:
    """A choice whose values are listed in place in the schema, not as a named enum.

    Several records have a `status` with other values; drf-spectacular names shared enums by
    field name, and two choice sets under one name used in several components cannot be named
    without a settings override. Wrapping the enum keeps it in place (and the schema valid).
    A writable one (with `label`) also says its values in its description: a lone `allOf` is
    unwrapped, and its enum named.
    """
    values = [value for value, _ in choices]
    schema: dict[str, Any] = {"allOf": [{"type": "string", "enum": values}]}
    if not label:
        return _inline_choice_class(schema)(choices=choices, read_only=True, **kwargs)
    schema["description"] = f"One of: {', '.join(values)}."
    return _inline_choice_class(schema)(
        choices=choices,
        error_messages={
            "invalid_choice": f"{label} must be one of: {', '.join(values)}",
            "required": f"Choose the {label.lower()}",
        },
        **kwargs,
    )


def _inline_choice_class(schema: dict[str, Any]) -> type[serializers.ChoiceField]:
    name = "InlineWritableChoiceField" if "description" in schema else "InlineChoiceField"
    return extend_schema_field(schema)(type(name, (serializers.ChoiceField,), {}))  # type: ignore[no-any-return]


@extend_schema_field(OpenApiTypes.UUID)
class UUIDRelatedField(serializers.RelatedField[Any, Any, Any]):
    """A related record given by its UUID, chosen from a queryset already scoped to the user.

    An unknown UUID and one the user may not choose get the same message, so the API does not
    reveal which records exist outside the user's reach.
    """

    default_error_messages = {
        "invalid": "{label} must be a UUID, like " + UUID_EXAMPLE,
        "does_not_exist": "{choose}",
        "incorrect_type": "{label} must be a UUID written as a string",
    }

    def __init__(self, *, label_text: str, choose_text: str, **kwargs: Any) -> None:
        self.label_text = label_text
        self.choose_text = choose_text
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("incorrect_type", label=self.label_text)
        try:
            value = uuid.UUID(data)
        except ValueError:
            self.fail("invalid", label=self.label_text)
        queryset = self.get_queryset()
        if queryset is None:  # set by the serializer before validation; empty means no choice
            self.fail("does_not_exist", choose=self.choose_text)
        try:
            return queryset.get(uuid=value)
        except queryset.model.DoesNotExist:
            self.fail("does_not_exist", choose=self.choose_text)

    def to_representation(self, value: Any) -> str:
        return str(value.uuid)


def uuid_of(related: Any) -> str | None:
    """A related record's UUID as the API shows it, or None when there is none."""
    return str(related.uuid) if related is not None else None


@extend_schema_field(OpenApiTypes.UUID)
class RelatedUUIDField(serializers.Field[Any, Any, Any, Any]):
    """A related record shown by its UUID (null when there is none); read only."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: Any) -> str:
        return str(value.uuid)


@extend_schema_field(OpenApiTypes.BOOL)
class ContextFlagField(serializers.Field[Any, Any, Any, Any]):
    """A yes/no about the person asking (may they record? change?), which the view works out
    with the permission functions and passes in the serializer's context under `key`."""

    def __init__(self, key: str, **kwargs: Any) -> None:
        self.key = key
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, value: Any) -> bool:
        return bool(self.context.get(self.key, False))


# References to people (the same shape wherever a person is named) -----------------------------


class StaffRefSerializer(serializers.Serializer[Any]):
    # No docstring: a subclass's schema component would inherit it as its description.
    uuid = serializers.UUIDField(read_only=True)
    display_name = serializers.CharField(read_only=True)
