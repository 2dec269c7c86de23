"""The API's answer to OPTIONS (REST_FRAMEWORK["DEFAULT_METADATA_CLASS"]).

Its own module because DRF reads that setting while defining APIView: this module must not
import DRF's views (restorative.core.api does).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rest_framework.metadata import SimpleMetadata
from rest_framework.request import Request

if TYPE_CHECKING:
    from rest_framework.views import APIView


class ApiMetadata(SimpleMetadata):
    """The answer to OPTIONS: the view's name, description and formats.

    DRF's default also describes each writable action by building its serializer and, for
    PUT, fetching the record, which fails on views whose records come from selectors (a 500)
    and would answer differently for a record that exists. Integrators read the OpenAPI
    schema for the fields instead.
    """

    def determine_metadata(self, request: Request, view: APIView) -> dict[str, Any]:
        return {
            "name": view.get_view_name(),
            "description": view.get_view_description(),
            "renders": [renderer.media_type for renderer in view.renderer_classes],
            "parses": [parser.media_type for parser in view.parser_classes],
        }
