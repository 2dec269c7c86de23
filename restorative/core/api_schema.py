"""The OpenAPI schema generator every API view uses (settings: DEFAULT_SCHEMA_CLASS).

drf-spectacular's own generator, with two corrections so the schema says what the API really
answers (security.md item 12; schemathesis checks every answer against it in
core/tests/test_api_conformance.py):

- A read-only field of a ModelSerializer takes `null` and `""` from its model field. DRF drops
  `allow_blank` from every field named in `read_only_fields` (and a field declared by hand, such
  as an inline choice, never had it), so without this the schema promised one of the choices,
  or a well-formed link, where the record holds "" (a meeting with no venue yet, a session with
  no online link), and a value where it holds null.
- A paginated list documents the 404 its paginator answers for a page that does not exist
  (`?page=9999`, `?page=last` on a short list): DRF's paginator answers it, not the view.
- Every operation documents the answers the shared layers give before any view runs: 401
  (not signed in, or an expired token), 429 (a token over its rate limit), and for every
  add, change or delete, 403 (a read-only token). core.api_tokens.

Nothing here changes an answer: only the description of it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS

from .api import ErrorSerializer

NOT_SIGNED_IN = OpenApiResponse(
    ErrorSerializer, description="Not signed in, or the API token is unknown or has expired."
)
READ_ONLY_TOKEN = OpenApiResponse(
    ErrorSerializer,
    description="Refused: for example, the API token is read-only and this adds, changes or "
    "deletes.",
)
THROTTLED = OpenApiResponse(
    ErrorSerializer,
    description="Too many requests with this token, or from this address: wait the number of "
    "seconds in the Retry-After header.",
)
PAGE_NOT_FOUND = OpenApiResponse(
    ErrorSerializer, description="No such page: the list has fewer pages than the one asked for."
)


def model_field_of(field: serializers.Field[Any, Any, Any, Any]) -> models.Field[Any, Any] | None:
    """The model field a read-only serializer field shows directly, or None."""
    parent = getattr(field, "parent", None)
    if not isinstance(parent, serializers.ModelSerializer) or not field.read_only:
        return None
    if isinstance(field, serializers.ListSerializer | serializers.ManyRelatedField):
        return None
    source = field.source or ""
    if not source or source == "*" or "." in source:
        return None
    try:
        model: type[models.Model] = parent.Meta.model
        model_field = model._meta.get_field(source)
    except (AttributeError, FieldDoesNotExist):
        return None
    return model_field if isinstance(model_field, models.Field) else None


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's generator, describing blanks, nulls and missing pages truthfully."""

    def _map_serializer_field(
        self, field: Any, direction: Any, bypass_extensions: bool = False
    ) -> Any:
        model_field = model_field_of(field)
        blank = False
        if model_field is not None:
            if model_field.null:
                field.allow_null = True
            blank = bool(model_field.blank) and isinstance(model_field, models.CharField)
            if blank and isinstance(field, serializers.CharField | serializers.ChoiceField):
                field.allow_blank = True
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if blank and isinstance(schema, dict):
            # An inline choice (core.api.inline_choice_field) is an override: add "" itself.
            for holder in (schema, *schema.get("allOf", [])):
                if isinstance(holder, dict) and "enum" in holder and "" not in holder["enum"]:
                    holder["enum"] = [*holder["enum"], ""]
        return schema

    def _get_response_bodies(self, direction: Any = "response") -> Any:
        bodies = super()._get_response_bodies(direction)
        if (
            self.method == "GET"
            and self._is_list_view()
            and self._get_paginator() is not None
            and "404" not in bodies
        ):
            bodies["404"] = self._get_response_for_code(PAGE_NOT_FOUND, "404", direction=direction)
        shared = {"401": NOT_SIGNED_IN, "429": THROTTLED}
        if self.method not in SAFE_METHODS:
            shared["403"] = READ_ONLY_TOKEN
        for code, answer in shared.items():
            if code not in bodies:
                bodies[code] = self._get_response_for_code(answer, code, direction=direction)
        return bodies
