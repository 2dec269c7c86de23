"""Team circles and supervision audit results through the API: scoped, no personal parts."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse


def _get(user: Any, name: str) -> Any:
    client = Client()
    client.force_login(user)
    return client.get(reverse(name))


def test_team_circles_api_is_scoped_and_has_no_themes(march: Any) -> None:
    body = _get(march.head, "api-workforce-circle-list").json()
    assert body["count"] == 3  # A1's three; B1's is in another service
    assert {row["team"]["name"] for row in body["results"]} == {"North Safeguarding"}
    assert "themes" not in body["results"][0]
    assert _get(march.director, "api-workforce-circle-list").json()["count"] == 4
    assert _get(march.other_team, "api-workforce-circle-list").json()["count"] == 0
    assert _get(march.partner, "api-workforce-circle-list").json()["count"] == 0


def test_audit_results_api_has_no_personal_parts(march: Any) -> None:
    body = _get(march.director, "api-workforce-audit-result-list").json()
    assert body["count"] == 2
    row = body["results"][0]
    assert set(row) == {
        "uuid",
        "team",
        "period_start",
        "period_end",
        "grade",
        "reflective",
        "relational",
        "supportive",
        "regulation_and_thinking",
        "mistakes_without_blame",
        "wellbeing_promoted",
        "rated_on",
    }
    assert _get(march.other_head, "api-workforce-audit-result-list").json()["count"] == 0
    assert _get(march.allocated, "api-workforce-audit-result-list").json()["count"] == 0
