"""The second factor (issue 15 point 1; docs/decisions/0022), as a security team would test it.

A code works once; a role that needs a second factor reaches no page (and no API by session)
before giving it; a recovery code works once; wrong codes are throttled; an administrator's
reset is logged; each outcome is a security event. Sessions here sign in through the form,
or with the test client marked `second_factor_not_given`, so the second factor is not
pre-given as in the rest of the suite (conftest.py).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from restorative.core.tests.test_url_walk import ALL_URLS, PUBLIC
from restorative.people.mfa import permissions, services
from restorative.people.models import Staff
from restorative.people.tests.factories import TEST_PASSWORD

Role = Staff.Role
VERIFY = "/sign-in/second-factor/"
SET_UP = "/sign-in/second-factor/set-up/"


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    """Counts of wrong codes and the cached organisation switch live in the cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def security_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO, logger="restorative.security")
    return caplog


def events(caplog: pytest.LogCaptureFixture, name: str | None = None) -> list[dict[str, Any]]:
    found = [
        json.loads(record.getMessage())
        for record in caplog.records
        if record.name == "restorative.security"
    ]
    return [e for e in found if name is None or e["event"] == name]


def enrol(person: Staff) -> tuple[TOTPDevice, list[str]]:
    """Give the person an authenticator app and recovery codes, as the set-up page does.

    With the previous time step's code (still accepted, one step either way), so the current
    step's code is left for the test to sign in with.
    """
    device = services.authenticator_pending(user=person)
    return services.authenticator_confirm(user=person, code=code_at(device, steps_from_now=-1))


def code_at(device: TOTPDevice, *, steps_from_now: int) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, drift=steps_from_now):06d}"


def current_code(device: TOTPDevice) -> str:
    return code_at(device, steps_from_now=0)


def password_sign_in(client: Client, person: Staff) -> Any:
    """Sign in through the form, as a browser does: the password only."""
    response = client.post("/sign-in/", {"username": person.email, "password": TEST_PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return response


def give(client: Client, code: str, next_url: str = "/") -> Any:
    return client.post(VERIFY, {"code": code, "next": next_url})


@pytest.fixture
def director(world: Any) -> Staff:
    return world.director


# --- Who must give one ------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "quality", "head", "director"])
def test_required_roles_are_sent_to_set_up_after_the_password(
    world: Any, client: Client, role: str
) -> None:
    person = getattr(world, role)
    password_sign_in(client, person)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(SET_UP)


def test_a_practitioner_is_not_asked_unless_the_organisation_switches_it_on(
    world: Any, client: Client, security_log: Any
) -> None:
    practitioner = world.allocated
    password_sign_in(client, practitioner)
    assert client.get("/").status_code == 200

    world.org.second_factor_for_everyone = True
    world.org.save()
    permissions.forget_organisation_switch(world.org.pk)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(SET_UP)


def test_staff_outside_any_organisation_follow_the_switch(world: Any, client: Client) -> None:
    partner = world.partner
    partner.organisation = None
    partner.save()
    world.org.second_factor_for_everyone = True
    world.org.save()
    password_sign_in(client, partner)
    assert client.get("/")["Location"].startswith(SET_UP)


def test_someone_who_set_one_up_of_their_own_accord_is_asked_for_it(
    world: Any, client: Client
) -> None:
    enrol(world.allocated)
    password_sign_in(client, world.allocated)
    assert client.get("/")["Location"].startswith(VERIFY)


# --- Nothing before the second factor ---------------------------------------------------

OPEN_BEFORE_SECOND_FACTOR = {
    "mfa:verify",
    "mfa:set_up",
    "core:logout",
    "otp_webauthn:credential-authentication-begin",
    "otp_webauthn:credential-authentication-complete",
    "otp_webauthn:js-i18n-catalog",
    *PUBLIC,
}
CLOSED = [walked for walked in ALL_URLS if walked.name not in OPEN_BEFORE_SECOND_FACTOR]


def test_the_walk_covers_the_service() -> None:
    names = {walked.name for walked in CLOSED}
    assert {"core:home", "core:account", "mfa:manage", "people:family_list"} <= names
    assert any(name.startswith("admin:") for name in names)
    assert any(walked.url.startswith("/api/") for walked in CLOSED)


@pytest.mark.second_factor_not_given
@pytest.mark.parametrize("walked", CLOSED, ids=str)
def test_a_required_role_reaches_no_page_before_the_second_factor(
    director: Staff, client: Client, walked: Any
) -> None:
    enrol(director)
    client.force_login(director)
    response = client.get(walked.url)
    if walked.url.startswith("/api/"):
        # The API by session answers as to someone not signed in.
        assert response.status_code == 401, (walked.name, response.status_code)
    else:
        assert response.status_code == 302, (walked.name, response.status_code)
        assert response["Location"].startswith(VERIFY), (walked.name, response["Location"])


@pytest.mark.second_factor_not_given
def test_a_post_is_refused_too(director: Staff, client: Client) -> None:
    client.force_login(director)
    response = client.post("/account/api-token/", {"action": "create"})
    assert response.status_code == 302
    assert response["Location"].startswith(SET_UP)
    assert not Token.objects.filter(user=director).exists()


def test_the_code_page_opens_the_service(director: Staff, client: Client) -> None:
    device, _ = enrol(director)
    password_sign_in(client, director)
    assert client.get("/families/")["Location"] == f"{VERIFY}?next=%2Ffamilies%2F"
    response = client.get(f"{VERIFY}?next=/families/")
    assert response.status_code == 200
    assert "Enter the code from your authenticator app" in response.content.decode()
    response = give(client, current_code(device), "/families/")
    assert response.status_code == 302
    assert response["Location"] == "/families/"
    assert client.get("/").status_code == 200
    assert client.get("/api/families/").status_code == 200


def test_the_session_key_changes_when_the_second_factor_is_given(
    director: Staff, client: Client
) -> None:
    device, _ = enrol(director)
    password_sign_in(client, director)
    before = client.cookies["sessionid"].value
    give(client, current_code(device))
    assert client.cookies["sessionid"].value != before


def test_an_api_token_is_a_factor_of_its_own(director: Staff) -> None:
    token = Token.objects.create(user=director)
    api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/families/").status_code == 200


def test_the_next_page_must_be_our_own(director: Staff, client: Client) -> None:
    device, _ = enrol(director)
    password_sign_in(client, director)
    response = give(client, current_code(device), "https://evil.example/")
    assert response["Location"] == "/"


# --- A code works once --------------------------------------------------------------------


def test_a_totp_code_used_twice_is_refused_the_second_time(
    director: Staff, security_log: Any
) -> None:
    device, _ = enrol(director)
    code = current_code(device)
    first, second = Client(), Client()

    password_sign_in(first, director)
    assert give(first, code)["Location"] == "/"
    assert first.get("/").status_code == 200

    password_sign_in(second, director)
    response = give(second, code)
    assert response.status_code == 200
    assert "already been used" in response.content.decode()
    assert second.get("/")["Location"].startswith(VERIFY)
    failed = events(security_log, "second_factor_failed")
    assert [e["method"] for e in failed] == ["totp"]
    assert code not in json.dumps(events(security_log)), "codes are never logged"


def test_a_recovery_code_works_once(director: Staff, security_log: Any) -> None:
    _, codes = enrol(director)
    assert len(codes) == 10
    first, second, third = Client(), Client(), Client()

    password_sign_in(first, director)
    response = give(first, codes[0].upper())
    assert response["Location"] == "/"
    assert first.get("/").status_code == 200
    verified = events(security_log, "second_factor_verified")[-1]
    assert verified["method"] == "recovery_code"
    assert verified["recovery_codes_left"] == "9"

    # Another of the codes works, once.
    password_sign_in(second, director)
    assert give(second, codes[1])["Location"] == "/"

    password_sign_in(third, director)
    response = give(third, codes[0])
    assert response.status_code == 200
    assert "already been used" in response.content.decode()
    assert third.get("/")["Location"].startswith(VERIFY)


def test_new_recovery_codes_end_the_old_ones(director: Staff, client: Client) -> None:
    _, old_codes = enrol(director)
    client.force_login(director)
    response = client.post("/account/second-factor/recovery-codes/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "This is the only time these codes are shown" in page
    assert StaticToken.objects.filter(device__user=director).count() == 10
    plain = {code.replace("-", "") for code in old_codes}
    assert not StaticToken.objects.filter(token__in=plain).exists()


# --- Wrong codes are throttled ------------------------------------------------------------


def test_after_too_many_wrong_codes_even_the_right_one_is_refused(
    director: Staff, client: Client, security_log: Any, settings: Any
) -> None:
    device, _ = enrol(director)
    password_sign_in(client, director)
    limit = settings.SECOND_FACTOR_FAILURE_LIMIT
    for attempt in range(limit - 1):
        response = give(client, "000000" if attempt % 2 else "not-a-code")
        assert "The code is not right" in response.content.decode()
    response = give(client, "000000")
    assert "Too many wrong codes" in response.content.decode()

    response = give(client, current_code(device))
    assert response.status_code == 200
    assert "Too many wrong codes" in response.content.decode()
    assert client.get("/")["Location"].startswith(VERIFY)

    assert len(events(security_log, "second_factor_failed")) == limit
    assert len(events(security_log, "second_factor_locked")) == 1
    refused = events(security_log, "second_factor_refused_locked")
    assert len(refused) == 1
    assert refused[0]["user_id"] == str(director.pk)

    # The limit is per person, not per session: a new browser is refused as well.
    other = Client()
    password_sign_in(other, director)
    assert "Too many wrong codes" in give(other, current_code(device)).content.decode()


def test_wrong_codes_while_setting_up_count_too(
    director: Staff, client: Client, settings: Any
) -> None:
    password_sign_in(client, director)
    client.get(SET_UP)
    for _ in range(settings.SECOND_FACTOR_FAILURE_LIMIT):
        response = client.post(SET_UP, {"code": "123456"})
    assert "Too many wrong codes" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=director, confirmed=True).exists()


# --- Setting it up ------------------------------------------------------------------------


def test_setting_up_shows_the_qr_code_and_the_key_and_then_the_recovery_codes(
    director: Staff, client: Client, security_log: Any
) -> None:
    password_sign_in(client, director)
    response = client.get(SET_UP)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'src="data:image/svg+xml' in page
    assert 'aria-label="Menu"' not in page, "no menu that would only lead back here"
    assert "Your account" not in page
    device = TOTPDevice.objects.get(user=director, confirmed=False)
    secret = services.authenticator_secret(device)
    assert secret in page
    # Opening the page again shows the same key (the person may have scanned it already).
    assert secret in client.get(SET_UP).content.decode()

    response = client.post(SET_UP, {"code": "12345"})
    assert "The code is not right" in response.content.decode()

    response = client.post(SET_UP, {"code": current_code(device)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Your authenticator app is set up" in page
    assert page.count("<li><code>") == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200
    assert len(events(security_log, "second_factor_set_up")) == 1


def test_a_password_alone_cannot_replace_an_existing_factor(
    director: Staff, client: Client
) -> None:
    device, _ = enrol(director)
    password_sign_in(client, director)
    response = client.get(SET_UP)
    assert response["Location"].startswith(VERIFY)
    response = client.post(SET_UP, {"code": "123456"})
    assert response["Location"].startswith(VERIFY)
    assert list(TOTPDevice.objects.filter(user=director)) == [device]


def test_the_code_page_sends_someone_with_nothing_set_up_to_set_up(
    director: Staff, client: Client
) -> None:
    password_sign_in(client, director)
    assert client.get(VERIFY)["Location"].startswith(SET_UP)


def test_sign_out_works_before_the_second_factor(director: Staff, client: Client) -> None:
    password_sign_in(client, director)
    response = client.post("/sign-out/")
    assert response.status_code == 302
    assert client.get("/")["Location"].startswith("/sign-in/")


# --- An administrator's reset -------------------------------------------------------------


def test_an_administrator_resets_a_persons_second_factor_and_it_is_logged(
    world: Any, security_log: Any
) -> None:
    director, admin = world.director, world.admin
    admin.is_staff = True
    admin.is_superuser = True
    admin.save()
    enrol(director)
    directors_browser = Client()
    password_sign_in(directors_browser, director)

    client = Client()
    client.force_login(admin)
    response = client.post(
        "/admin/people/staff/",
        {"action": "reset_second_factor", "_selected_action": [director.pk]},
    )
    assert response.status_code == 302
    assert "Second factor reset for 1 person" in client.get(response["Location"]).content.decode()

    assert not TOTPDevice.objects.filter(user=director).exists()
    assert not StaticDevice.objects.filter(user=director).exists()
    event = events(security_log, "second_factor_reset")[-1]
    assert event["user_id"] == str(admin.pk)
    assert event["role"] == Role.SYSTEM_ADMIN
    assert event["account_id"] == str(director.pk)
    assert event["by"] == "administrator"
    assert event["devices_removed"] == "2"
    assert event["sessions_ended"] == "1"
    # The director's session has ended; at the next sign-in they set a new factor up.
    assert directors_browser.get("/")["Location"].startswith("/sign-in/")
    password_sign_in(directors_browser, director)
    assert directors_browser.get("/")["Location"].startswith(SET_UP)


def test_an_administrator_cannot_reset_their_own(world: Any, security_log: Any) -> None:
    admin = world.admin
    admin.is_staff = True
    admin.is_superuser = True
    admin.save()
    enrol(admin)
    client = Client()
    client.force_login(admin)
    response = client.post(
        "/admin/people/staff/",
        {"action": "reset_second_factor", "_selected_action": [admin.pk]},
        follow=True,
    )
    assert "you cannot reset your own" in response.content.decode()
    assert TOTPDevice.objects.filter(user=admin).exists()
    assert events(security_log, "second_factor_reset") == []


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [("admin", True), ("director", False), ("quality", False), ("manager", False)],
)
def test_who_may_reset_someone_elses(world: Any, actor: str, allowed: bool) -> None:
    assert permissions.can_reset_second_factor(getattr(world, actor), world.head) is allowed


def test_the_reset_refuses_someone_not_allowed(world: Any) -> None:
    from django.core.exceptions import PermissionDenied

    enrol(world.head)
    with pytest.raises(PermissionDenied):
        services.second_factor_reset(person=world.head, by=world.director)
    assert TOTPDevice.objects.filter(user=world.head).exists()


def test_the_operators_command_resets_and_logs(world: Any, security_log: Any) -> None:
    from django.core.management import call_command

    enrol(world.admin)
    call_command("reset_second_factor", world.admin.email)
    assert not TOTPDevice.objects.filter(user=world.admin).exists()
    assert events(security_log, "second_factor_reset")[-1]["by"] == "operator"


def test_the_admin_site_shows_no_device_or_secret(world: Any) -> None:
    admin = world.admin
    admin.is_staff = True
    admin.is_superuser = True
    admin.save()
    client = Client()
    client.force_login(admin)
    page = client.get("/admin/").content.decode()
    assert "TOTP" not in page
    assert "otp_static" not in page
    assert "webauthn" not in page.lower()


def test_switching_it_on_for_everyone_is_logged(world: Any, security_log: Any) -> None:
    admin = world.admin
    admin.is_staff = True
    admin.is_superuser = True
    admin.save()
    client = Client()
    client.force_login(admin)
    response = client.post(
        f"/admin/people/organisation/{world.org.pk}/change/",
        {"name": world.org.name, "second_factor_for_everyone": "on"},
    )
    assert response.status_code == 302
    world.org.refresh_from_db()
    assert world.org.second_factor_for_everyone
    event = events(security_log, "second_factor_for_everyone_on")[-1]
    assert event["user_id"] == str(admin.pk)
    assert event["organisation_id"] == str(world.org.pk)


# --- Passkeys: added only on top of a second factor already given ----------------------------

PASSKEY_BEGIN = "/sign-in/passkeys/registration/begin/"


@pytest.mark.second_factor_not_given
def test_a_passkey_cannot_be_added_by_a_password_alone(world: Any, client: Client) -> None:
    client.force_login(world.allocated)
    response = client.post(PASSKEY_BEGIN, content_type="application/json")
    assert response.status_code == 403
    assert not client.session.get("otp_webauthn_register_state")


def test_a_passkey_can_be_added_after_the_second_factor(world: Any, client: Client) -> None:
    enrol(world.director)
    client.force_login(world.director)
    response = client.post(PASSKEY_BEGIN, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["rp"]["name"]


def test_passkeys_are_offered_only_on_their_host(world: Any, client: Client, settings: Any) -> None:
    enrol(world.director)
    client.force_login(world.director)
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    page = client.get("/account/second-factor/", HTTP_HOST="localhost").content.decode()
    assert "passkey-register-button" in page
    response = client.get("/account/second-factor/")
    assert "passkey-register-button" not in response.content.decode()
    assert "publickey-credentials-get=()" in response["Permissions-Policy"]


@pytest.mark.second_factor_not_given
@pytest.mark.parametrize("asserted", [True, False])
def test_a_second_factor_at_the_councils_provider_counts_only_when_it_says_so(
    director: Staff, client: Client, asserted: bool
) -> None:
    """Signed in through single sign-on, the provider's own second factor stands for ours
    when its token says one was used (decision 0023); otherwise ours is still asked."""
    from restorative.people.sso.session import SSO_SESSION_KEY

    enrol(director)
    client.force_login(director)
    session = client.session
    session[SSO_SESSION_KEY] = {"mfa": asserted}
    session.save()
    response = client.get("/families/")
    if asserted:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(VERIFY)
