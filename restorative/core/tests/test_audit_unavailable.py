"""Fail-closed access trail (DESIGN.md privacy rule 3): when the access event cannot be written,
the request answers 503 and shows nothing of the record, on a page and in the API; a change
made in the same transaction is not kept. Views let the error through; one middleware answers.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError
from django.test import Client

from restorative.core.models import AccessEvent
from restorative.core.views import AUDIT_UNAVAILABLE_DETAIL
from restorative.people.models import Staff
from restorative.people.tests.factories import StaffFactory

from .audit_urls import SECRET

pytestmark = [pytest.mark.django_db, pytest.mark.urls("restorative.core.tests.audit_urls")]


@pytest.fixture
def signed_in(client: Client) -> Client:
    client.force_login(StaffFactory(first_name="Pat", last_name="Example"))
    return client


@pytest.fixture
def broken_audit(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise DatabaseError("disk full")

    monkeypatch.setattr(AccessEvent.objects, "create", refuse)


def test_a_record_page_is_shown_when_the_trail_is_written(signed_in: Client) -> None:
    response = signed_in.get("/test-audit/record/")
    assert response.status_code == 200
    assert SECRET in response.content.decode()
    assert AccessEvent.objects.count() == 1


def test_a_page_whose_trail_cannot_be_written_answers_503_and_shows_nothing(
    signed_in: Client, broken_audit: None
) -> None:
    response = signed_in.get("/test-audit/record/")
    assert response.status_code == 503
    body = response.content.decode()
    assert "The record cannot be shown right now" in body
    assert "Nothing was shown or changed" in body
    assert SECRET not in body
    # The answer still goes through the other middleware: never kept by a browser.
    assert response["Cache-Control"] == "no-store"


def test_a_change_whose_trail_cannot_be_written_is_not_kept(
    signed_in: Client, broken_audit: None
) -> None:
    response = signed_in.get("/test-audit/change/")
    assert response.status_code == 503
    assert not Staff.objects.filter(first_name="Changed").exists()


def test_an_api_view_whose_trail_cannot_be_written_answers_503_json(
    signed_in: Client, broken_audit: None
) -> None:
    response = signed_in.get("/api/test-audit/record/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": AUDIT_UNAVAILABLE_DETAIL}
    assert SECRET not in response.content.decode()


def test_the_failure_is_logged_without_the_database_message(
    signed_in: Client, broken_audit: None, caplog: pytest.LogCaptureFixture
) -> None:
    signed_in.get("/test-audit/record/")
    logged = [r.getMessage() for r in caplog.records if r.name == "restorative.core.middleware"]
    assert logged == [
        "Access trail could not be written (DatabaseError) in "
        "restorative.core.tests.audit_urls.record_page"
    ]
    assert "disk full" not in caplog.text
