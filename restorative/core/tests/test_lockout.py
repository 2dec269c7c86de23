"""Sign-in lockout with django-axes (security.md item 6).

Five wrong passwords for one email from one address lock that pair; the lock lifts after the
cool-off; a successful sign-in clears the count.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import F

from .conftest import WRONG_PASSWORD, sign_in


def _fail(client: Any, email: str, times: int) -> list[int]:
    return [sign_in(client, email, WRONG_PASSWORD).status_code for _ in range(times)]


def test_lockout_settings_follow_the_checklist() -> None:
    # Cyber Essentials: at most 10 guesses in 5 minutes; the lock is on username and address
    # together, and it lifts after a cool-off rather than lasting for ever.
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_RESET_ON_SUCCESS is True
    assert timedelta(minutes=5) <= settings.AXES_COOLOFF_TIME <= timedelta(hours=1)


def test_wrong_password_shows_a_clear_message(client: Any, person: Any) -> None:
    response = sign_in(client, person.email, WRONG_PASSWORD)
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Enter a correct email address and password" in body
    assert "_auth_user_id" not in client.session


def test_five_failures_lock_even_the_right_password_out(client: Any, person: Any) -> None:
    statuses = _fail(client, person.email, 5)
    assert statuses[:4] == [200, 200, 200, 200]

    response = sign_in(client, person.email)

    assert response.status_code == 429
    assert "Sign-in is locked" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lock_is_per_email_and_address(client: Any, person: Any) -> None:
    from restorative.people.tests.factories import StaffFactory

    colleague = StaffFactory(email="colleague.other@test.example")
    _fail(client, person.email, 5)

    # Another account from the same address is not locked...
    assert sign_in(client, colleague.email).status_code == 302
    client.logout()
    # ...and the same account from another address is not locked either.
    assert sign_in(client, person.email, REMOTE_ADDR="192.0.2.44").status_code == 302


def test_lock_lifts_after_the_cool_off(client: Any, person: Any) -> None:
    _fail(client, person.email, 5)
    assert sign_in(client, person.email).status_code == 429

    # Travel in time: the failures happened longer ago than the cool-off.
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    )

    response = sign_in(client, person.email)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_success_resets_the_failure_count(client: Any, person: Any) -> None:
    assert _fail(client, person.email, 4) == [200] * 4
    assert sign_in(client, person.email).status_code == 302
    client.post("/sign-out/")

    assert _fail(client, person.email, 4) == [200] * 4
    response = sign_in(client, person.email)
    assert response.status_code == 302, "four failures after a success must not lock"


def test_behind_a_proxy_the_lock_follows_the_client_not_the_proxy(
    client: Any, person: Any, settings: Any
) -> None:
    settings.AXES_IPWARE_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    attacker = {**proxy, "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    for _ in range(5):
        sign_in(client, person.email, WRONG_PASSWORD, **attacker)
    assert sign_in(client, person.email, **attacker).status_code == 429

    # The real person, behind the same load balancer, can still sign in...
    colleague = {**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    assert sign_in(client, person.email, **colleague).status_code == 302
    client.logout()
    # ...and the attacker cannot dodge the lock by writing their own X-Forwarded-For.
    spoofed = {**proxy, "HTTP_X_FORWARDED_FOR": "192.0.2.1, 203.0.113.9"}
    assert sign_in(client, person.email, **spoofed).status_code == 429


def test_without_a_proxy_forwarded_headers_are_ignored(client: Any, person: Any) -> None:
    for n in range(5):
        sign_in(client, person.email, WRONG_PASSWORD, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert sign_in(client, person.email, HTTP_X_FORWARDED_FOR="192.0.2.200").status_code == 429


def test_changing_capitals_does_not_dodge_the_lock(client: Any, person: Any) -> None:
    variants = [person.email, person.email.upper(), person.email.title(), " " + person.email]
    for variant in variants + [person.email.capitalize()]:
        sign_in(client, variant, WRONG_PASSWORD)
    assert sign_in(client, person.email).status_code == 429
