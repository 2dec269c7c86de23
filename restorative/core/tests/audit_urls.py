"""URLs for the fail-closed tests: the project's own, plus a page and an API view that write an
access event before they show a record (as every record page does) and one that changes
something first, in a transaction, as a service does."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from restorative.core.audit import access_event_record
from restorative.people.models import Staff
from restorative.urls import urlpatterns as project_urlpatterns

SECRET = "Record of the Testfamily family"
RECORD = uuid.UUID("5a0c3a52-8a44-4c0e-9e0c-2f0b8c4b1a11")


def _write_event(request: HttpRequest) -> None:
    access_event_record(
        actor=request.user,
        action="view",
        subject_type="family",
        subject_uuid=RECORD,
        family_uuid=RECORD,
        reason="test",
        request=request,
    )


def record_page(request: HttpRequest) -> HttpResponse:
    _write_event(request)
    return HttpResponse(f"<h1>{SECRET}</h1>")


def record_change(request: HttpRequest) -> HttpResponse:
    with transaction.atomic():
        Staff.objects.filter(pk=request.user.pk).update(first_name="Changed")
        _write_event(request)
    return HttpResponse("Saved")


class RecordAPI(APIView):
    def get(self, request: Request) -> Response:
        _write_event(request)  # type: ignore[arg-type]  # DRF's Request proxies HttpRequest
        return Response({"name": SECRET})


urlpatterns = [
    path("test-audit/record/", record_page),
    path("test-audit/change/", record_change),
    path("api/test-audit/record/", RecordAPI.as_view()),
    *project_urlpatterns,
]
