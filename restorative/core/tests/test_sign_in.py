"""The sign-in page: CSRF-protected, safe redirects after sign-in, clear messages."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from restorative.people.tests.factories import TEST_PASSWORD

from .conftest import SIGN_IN, sign_in


def test_sign_in_returns_to_the_page_asked_for(client: Any, person: Any) -> None:
    response = client.post(
        "/sign-in/?next=/families/",
        {"username": person.email, "password": TEST_PASSWORD, "next": "/families/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/families/"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "http:/\\evil.example", "javascript:x"]
)
def test_sign_in_never_redirects_off_site(client: Any, person: Any, target: str) -> None:
    response = client.post(
        "/sign-in/", {"username": person.email, "password": TEST_PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_email_is_matched_without_regard_to_case(client: Any, person: Any) -> None:
    response = sign_in(client, person.email.upper())
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"username": "", "password": ""}, "Enter your email address"),
        ({"username": "not-an-email", "password": "x"}, "Enter an email address in the correct"),
        ({"username": "a@test.example", "password": ""}, "Enter your password"),
    ],
)
def test_sign_in_bad_input(client: Any, db: Any, data: dict[str, str], message: str) -> None:
    response = client.post("/sign-in/", data)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert message in response.content.decode()


def test_sign_in_needs_the_csrf_token(person: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/sign-in/", {"username": person.email, "password": TEST_PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_sign_out_needs_the_csrf_token(person: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)
    assert client.post("/sign-out/").status_code == 403
    assert client.get("/").status_code == 200, "still signed in"


def test_sign_in_rotates_the_csrf_token(person: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    page = client.get("/sign-in/")
    token = page.context["csrf_token"]
    before = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(
        "/sign-in/",
        {"username": person.email, "password": TEST_PASSWORD, "csrfmiddlewaretoken": str(token)},
    )
    assert response.status_code == 302
    assert client.cookies[settings.CSRF_COOKIE_NAME].value != before


def test_sign_in_fields_are_govuk_inputs(client: Any, db: Any) -> None:
    """GOV.UK's input style: 19px text and its focus ring (the browser test checks both)."""
    body = client.get(SIGN_IN).content.decode()
    assert 'class="govuk-input govuk-!-width-two-thirds"' in body
    assert 'class="govuk-input govuk-input--width-20"' in body
    assert body.count('class="govuk-label"') == 2
