"""Your account: change your own password (with rules that refuse the obvious), and your own
API token, shown once. Nobody can do either for someone else; each is a security event."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from rest_framework.authtoken.models import Token

from restorative.core.password_validation import is_plain_run, is_repeated_pattern
from restorative.people.models import Staff
from restorative.people.tests.factories import TEST_PASSWORD, StaffFactory

from .conftest import sign_in

NEW_PASSWORD = "plum kettle harbour lantern"
ACCOUNT = "/account/"
PASSWORD_PAGE = "/account/password/"
TOKEN_PAGE = "/account/api-token/"


def _events(caplog: pytest.LogCaptureFixture, name: str) -> list[dict[str, Any]]:
    found = []
    for record in caplog.records:
        if record.name == "restorative.security":
            event = json.loads(record.getMessage())
            if event["event"] == name:
                found.append(event)
    return found


@pytest.fixture
def signed_in(client: Client, person: Staff) -> Client:
    assert sign_in(client, person.email).status_code == 302
    return client


def _change(client: Client, new: str, *, old: str = TEST_PASSWORD, confirm: str = "") -> Any:
    return client.post(
        PASSWORD_PAGE,
        {"old_password": old, "new_password1": new, "new_password2": confirm or new},
    )


# --- Password rules ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    ["aaaaaaaaaaaa", "AAAAAAAAAAAAAAAA", "abababababab", "abcabcabcabc", "123412341234"],
)
def test_a_repeated_pattern_is_refused(person: Staff, password: str) -> None:
    with pytest.raises(ValidationError, match="one character or a short pattern repeated"):
        validate_password(password, person)


@pytest.mark.parametrize("password", ["abcdefghijklmn", "123456789012", "9876543210987"])
def test_a_plain_run_is_refused(person: Staff, password: str) -> None:
    assert is_plain_run(password)
    with pytest.raises(ValidationError):
        validate_password(password, person)


@pytest.mark.parametrize(
    "password", [NEW_PASSWORD, "correct horse battery staple", "aaab" * 3 + "x"]
)
def test_ordinary_passphrases_pass(person: Staff, password: str) -> None:
    assert not is_repeated_pattern(password)
    validate_password(password, person)


def test_common_passwords_from_the_shipped_list_are_refused(person: Staff) -> None:
    with pytest.raises(ValidationError, match="too common"):
        validate_password("password1234", person)


# --- Changing your password -------------------------------------------------------------


def test_the_header_links_to_your_account_and_the_account_page_to_the_password_page(
    signed_in: Client,
) -> None:
    assert f'href="{ACCOUNT}"' in signed_in.get("/").content.decode()
    page = signed_in.get(ACCOUNT)
    assert page.status_code == 200
    assert f'href="{PASSWORD_PAGE}"' in page.content.decode()


def test_a_repeated_character_password_is_refused_with_a_clear_message(
    signed_in: Client, person: Staff
) -> None:
    response = _change(signed_in, "aaaaaaaaaaaa")
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_new_password1"' in page
    assert "Your password cannot be one character or a short pattern repeated" in page
    person.refresh_from_db()
    assert person.check_password(TEST_PASSWORD)


@pytest.mark.parametrize(
    ("old", "new", "confirm", "message"),
    [
        ("wrong password here", NEW_PASSWORD, "", "Your current password is wrong"),
        (TEST_PASSWORD, NEW_PASSWORD, "plum kettle harbour", "The new passwords do not match"),
        (TEST_PASSWORD, "short", "", "This password is too short"),
        (TEST_PASSWORD, TEST_PASSWORD, "", "must be different from your current one"),
    ],
)
def test_other_mistakes_say_what_to_do(
    signed_in: Client, person: Staff, old: str, new: str, confirm: str, message: str
) -> None:
    response = _change(signed_in, new, old=old, confirm=confirm)
    assert response.status_code == 200
    assert message in response.content.decode()
    person.refresh_from_db()
    assert person.check_password(TEST_PASSWORD)


def test_a_good_password_changes_it_and_the_old_one_no_longer_signs_in(
    signed_in: Client, person: Staff, caplog: pytest.LogCaptureFixture
) -> None:
    other_browser = Client()
    assert sign_in(other_browser, person.email).status_code == 302
    caplog.set_level(logging.INFO, logger="restorative.security")

    response = _change(signed_in, NEW_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == ACCOUNT
    assert "Your password has been changed" in signed_in.get(ACCOUNT).content.decode()

    # This browser carries on; the other session has ended.
    assert signed_in.get("/").status_code == 200
    assert other_browser.get("/").status_code == 302

    [event] = _events(caplog, "password_changed")
    assert event["user_id"] == str(person.pk)
    assert NEW_PASSWORD not in caplog.text and TEST_PASSWORD not in caplog.text

    fresh = Client()
    refused = sign_in(fresh, person.email, TEST_PASSWORD)
    assert refused.status_code == 200
    assert "Enter a correct email address and password" in refused.content.decode()
    assert sign_in(Client(), person.email, NEW_PASSWORD).status_code == 302


def test_the_password_page_changes_only_your_own(signed_in: Client, person: Staff) -> None:
    other = StaffFactory(email="other.person@test.example")
    response = signed_in.post(
        PASSWORD_PAGE,
        {
            "old_password": TEST_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
            "user": other.pk,
            "email": other.email,
        },
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.check_password(TEST_PASSWORD)


def test_the_account_pages_need_sign_in(client: Client, db: Any) -> None:
    for url in (ACCOUNT, PASSWORD_PAGE):
        assert client.get(url).status_code == 302
    assert client.post(TOKEN_PAGE, {"action": "create"}).status_code == 302
    assert not Token.objects.exists()


# --- Your API token ---------------------------------------------------------------------


def test_you_can_make_your_own_token_which_is_shown_once(
    signed_in: Client, person: Staff, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="restorative.security")
    response = signed_in.post(TOKEN_PAGE, {"action": "create"})
    assert response.status_code == 200
    token = Token.objects.get(user=person)
    assert token.key in response.content.decode()
    assert "This is the only time it is shown" in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    # Later visits say there is a token but never show it.
    later = signed_in.get(ACCOUNT).content.decode()
    assert token.key not in later and "You have an API token" in later
    [event] = _events(caplog, "api_token_created")
    assert event["user_id"] == str(person.pk)
    assert token.key not in caplog.text
    # The token works with the API as this person.
    api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/teams/").status_code == 200
    assert Client(HTTP_AUTHORIZATION="Token wrong").get("/api/teams/").status_code == 401


def test_replacing_ends_the_old_token_and_revoking_ends_it(
    signed_in: Client, person: Staff, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="restorative.security")
    signed_in.post(TOKEN_PAGE, {"action": "create"})
    first = Token.objects.get(user=person).key
    signed_in.post(TOKEN_PAGE, {"action": "create"})
    second = Token.objects.get(user=person).key
    assert first != second
    assert len(_events(caplog, "api_token_replaced")) == 1
    response = signed_in.post(TOKEN_PAGE, {"action": "revoke"})
    assert response.status_code == 302
    assert not Token.objects.filter(user=person).exists()
    assert len(_events(caplog, "api_token_revoked")) == 1


def test_nobody_can_make_a_token_for_someone_else(signed_in: Client, person: Staff) -> None:
    director = StaffFactory(email="director@test.example", role=Staff.Role.DIRECTOR)
    signed_in.post(TOKEN_PAGE, {"action": "create", "user": director.pk, "email": director.email})
    assert not Token.objects.filter(user=director).exists()
    assert Token.objects.filter(user=person).count() == 1


def test_the_token_page_takes_only_posts(signed_in: Client) -> None:
    assert signed_in.get(TOKEN_PAGE).status_code == 405


def test_the_operator_command_making_a_token_is_a_security_event(
    person: Staff, caplog: pytest.LogCaptureFixture
) -> None:
    from io import StringIO

    from django.core.management import call_command

    caplog.set_level(logging.INFO, logger="restorative.security")
    out = StringIO()
    call_command("create_api_token", person.email, stdout=out, stderr=StringIO())
    [event] = _events(caplog, "api_token_created")
    assert event["user_id"] == str(person.pk) and event["channel"] == "command"
    assert out.getvalue().strip() not in caplog.text
