"""The language API: `POST /api/language/check`, the command line's contract over HTTP.

Same selectors as the pages: the organisation's current lexicon (compiled once per process),
and a family member's preferred words when `member` names someone the caller may see (404
otherwise, like every other record). Nothing is stored and nothing is counted: the counts
come from people choosing suggestions on the pages.
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from restorative.core.api import SIGNED_IN, ErrorSerializer

from .. import selectors
from .serializers import CheckRequestSerializer, CheckResponseSerializer


class LanguageCheckView(APIView):
    authentication_classes = SIGNED_IN["authentication_classes"]
    permission_classes = SIGNED_IN["permission_classes"]

    @extend_schema(
        operation_id="language_check",
        summary="Check text for restorative language",
        request=CheckRequestSerializer,
        responses={
            200: CheckResponseSerializer,
            400: OpenApiResponse(description="Bad input: a list of messages for each field."),
            404: OpenApiResponse(
                ErrorSerializer, description="No such member, or you may not see them."
            ),
        },
        tags=["language"],
    )
    def post(self, request: Request) -> Response:
        incoming = CheckRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        member = None
        if incoming.validated_data.get("member"):
            try:
                member = selectors.member_for_checking(
                    request.user, incoming.validated_data["member"]
                )
            except Http404:
                return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
        findings = selectors.language_findings(
            request.user, incoming.validated_data["text"], member=member
        )
        return Response({"findings": [finding.as_dict() for finding in findings]})
