"""Sessions (security.md item 8): a new key at sign-in, 30 minutes idle, 12 hours absolute,
sign-out and deactivation end the session on the server."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from restorative.core.middleware import SESSION_STARTED_KEY

from .conftest import sign_in


def test_session_settings() -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_ABSOLUTE_LIMIT.total_seconds() == 12 * 3600
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_SAMESITE in {"Lax", "Strict"}


def test_sign_in_gives_a_new_session_key(client: Any, person: Any) -> None:
    client.get("/sign-in/")
    session = client.session
    session["before"] = "yes"
    session.save()
    key_before = session.session_key

    assert sign_in(client, person.email).status_code == 302

    assert client.session.session_key != key_before
    assert not Session.objects.filter(session_key=key_before).exists()


def test_session_expires_after_thirty_idle_minutes(client: Any, person: Any) -> None:
    sign_in(client, person.email)
    client.get("/")  # every request renews the idle limit
    stored = Session.objects.get(session_key=client.session.session_key)
    remaining = stored.expire_date - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == 30 * 60


def test_sign_in_records_when_the_session_started(client: Any, person: Any) -> None:
    sign_in(client, person.email)
    started = client.session[SESSION_STARTED_KEY]
    assert abs(timezone.now().timestamp() - float(started)) < 60


def _age_session(client: Any, hours: float) -> None:
    session = client.session
    session[SESSION_STARTED_KEY] = (timezone.now() - timedelta(hours=hours)).timestamp()
    session.save()


def test_session_within_twelve_hours_keeps_working(client: Any, person: Any) -> None:
    sign_in(client, person.email)
    _age_session(client, 11.5)
    assert client.get("/").status_code == 200


def test_session_ends_twelve_hours_after_sign_in(client: Any, person: Any) -> None:
    sign_in(client, person.email)
    old_key = client.session.session_key
    _age_session(client, 12.1)

    response = client.get("/families/")

    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")
    assert not Session.objects.filter(session_key=old_key).exists()
    # And the next request is anonymous too.
    assert client.get("/").status_code == 302


def test_sign_out_is_post_only(client: Any, person: Any) -> None:
    sign_in(client, person.email)
    assert client.get("/sign-out/").status_code == 405
    assert client.get("/").status_code == 200, "a GET must not have signed anyone out"


def test_sign_out_ends_the_session_on_the_server(client: Any, person: Any) -> None:
    sign_in(client, person.email)
    old_key = client.session.session_key

    response = client.post("/sign-out/")

    assert response.status_code in {200, 302}
    assert not Session.objects.filter(session_key=old_key).exists()
    # Replaying the old cookie does not bring the session back.
    client.cookies[settings.SESSION_COOKIE_NAME] = old_key
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("path", ["/", "/families/"])
def test_deactivated_account_is_signed_out(client: Any, person: Any, path: str) -> None:
    sign_in(client, person.email)
    assert client.get(path).status_code == 200

    person.is_active = False
    person.save(update_fields=["is_active"])

    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_deactivated_account_cannot_sign_in(client: Any, person: Any) -> None:
    person.is_active = False
    person.save(update_fields=["is_active"])
    response = sign_in(client, person.email)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_password_change_ends_other_sessions(client: Any, person: Any) -> None:
    sign_in(client, person.email)
    person.set_password("a brand new long passphrase")
    person.save()
    response = client.get("/")
    assert response.status_code == 302
