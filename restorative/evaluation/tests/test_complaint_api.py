"""The complaints API in the OpenAPI schema, and its refusals for those signed out."""

from __future__ import annotations

from types import SimpleNamespace

from rest_framework.test import APIClient

from .complaint_fixtures import cworld_fixture, make_complaint  # noqa: F401

PATHS = (
    "/api/evaluation/complaints/",
    "/api/evaluation/complaints/{uuid}/",
    "/api/evaluation/complaints/{uuid}/stages/",
    "/api/evaluation/complaints/{uuid}/stages/{number}/extensions/",
    "/api/evaluation/compliments/",
    "/api/evaluation/learning-actions/",
    "/api/evaluation/training-needs/",
)


def test_every_route_is_in_the_openapi_schema(cworld: SimpleNamespace) -> None:
    api = APIClient()
    api.force_authenticate(cworld.quality)
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    for path in PATHS:
        assert path in schema["paths"], path
    listed = schema["components"]["schemas"]["ComplaintList"]["properties"]
    assert "complainant_name" not in listed and "complainant_kind" in listed


def test_signed_out_callers_get_401(cworld: SimpleNamespace) -> None:
    complaint = make_complaint(cworld)
    api = APIClient()
    for path in ("/api/evaluation/complaints/", f"/api/evaluation/complaints/{complaint.uuid}/"):
        assert api.get(path).status_code == 401


def test_a_malformed_uuid_is_a_json_404(cworld: SimpleNamespace) -> None:
    api = APIClient()
    api.force_authenticate(cworld.complaints_manager)
    response = api.get("/api/evaluation/complaints/not-a-uuid/")
    assert response.status_code == 404 and response.json()["detail"]
