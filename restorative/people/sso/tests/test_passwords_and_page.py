"""The sign-in page with single sign-on on, and passwords switched off but for break-glass.

No provider is needed here: the button is a link, and passwords are checked by our own
backends. Configuration is as the environment would set it (restorative/settings/base.py).
"""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.test import Client

from restorative.people.models import Staff
from restorative.people.tests.factories import TEST_PASSWORD, StaffFactory

pytestmark = pytest.mark.django_db

BREAK_GLASS = "break.glass@council.example"


def _events(caplog: pytest.LogCaptureFixture, name: str) -> list[dict[str, Any]]:
    events = [
        json.loads(record.getMessage())
        for record in caplog.records
        if record.name == "restorative.security"
    ]
    return [event for event in events if event["event"] == name]


@pytest.fixture
def sso_configured(settings):  # type: ignore[no-untyped-def]
    settings.OIDC_OP_ISSUER = "http://127.0.0.1:9/not-contacted-by-these-tests"
    settings.OIDC_RP_CLIENT_ID = "restorative"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.SSO_ENABLED = True
    settings.SSO_PROVIDER_NAME = "Testshire County Council"
    return settings


@pytest.fixture
def passwords_off(sso_configured):  # type: ignore[no-untyped-def]
    sso_configured.SSO_PASSWORDS_OFF = True
    sso_configured.SSO_BREAK_GLASS_EMAIL = BREAK_GLASS
    return sso_configured


def _sign_in(client: Client, email: str, password: str = TEST_PASSWORD) -> Any:
    return client.post("/sign-in/", {"username": email, "password": password})


def _signed_in(client: Client) -> bool:
    return client.get("/").status_code == 200


def test_without_single_sign_on_the_page_has_no_provider_button(client: Client) -> None:
    page = client.get("/sign-in/").content.decode()
    assert "Sign in with" not in page
    assert client.get("/sso/start/").status_code == 404


def test_the_sign_in_page_offers_the_councils_provider_as_a_link(
    sso_configured, client: Client
) -> None:
    page = client.get("/sign-in/?next=/account/").content.decode()
    assert 'href="/sso/start/?next=/account/"' in page
    assert "Sign in with Testshire County Council" in page
    assert 'class="govuk-button"' in page
    # Passwords still work alongside, until the organisation switches them off.
    assert "Or sign in with your email address and password" in page
    staff = StaffFactory()
    _sign_in(client, staff.email)
    assert _signed_in(client)


def test_with_passwords_off_staff_cannot_sign_in_with_a_correct_password(
    passwords_off, client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="restorative.security")
    staff = StaffFactory()

    response = _sign_in(client, staff.email)

    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.content.decode()
    assert not _signed_in(client)
    assert _events(caplog, "password_sign_in_refused")


def test_with_passwords_off_the_page_keeps_only_an_emergency_sign_in(
    passwords_off, client: Client
) -> None:
    page = client.get("/sign-in/").content.decode()
    assert "Sign in with Testshire County Council" in page
    assert "Emergency sign-in for the system administrator" in page
    assert "<details" in page


def test_the_break_glass_administrator_can_still_use_a_password(
    passwords_off, client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="restorative.security")
    StaffFactory(email=BREAK_GLASS, role=Staff.Role.SYSTEM_ADMIN)

    _sign_in(client, "Break.Glass@council.example")

    # Signed in with the password, and then asked for the second factor, as every system
    # administrator is (decision 0022): a password alone never opens the service to them.
    assert "_auth_user_id" in client.session
    assert client.get("/")["Location"].startswith("/sign-in/second-factor/")
    assert _events(caplog, "break_glass_password_attempt")


def test_a_break_glass_address_that_is_not_a_system_administrator_is_refused(
    passwords_off, client: Client
) -> None:
    StaffFactory(email=BREAK_GLASS, role=Staff.Role.TEAM_MANAGER)
    _sign_in(client, BREAK_GLASS)
    assert not _signed_in(client)


def test_passwords_off_has_no_effect_while_single_sign_on_is_not_configured(
    settings, client: Client
) -> None:
    settings.SSO_PASSWORDS_OFF = True
    staff = StaffFactory()
    _sign_in(client, staff.email)
    assert _signed_in(client)


def test_the_admin_sign_in_form_is_closed_to_passwords_too(passwords_off, client: Client) -> None:
    admin = StaffFactory(role=Staff.Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": admin.email, "password": TEST_PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_provider_unreachable_says_so(sso_configured, client: Client) -> None:
    response = client.get("/sso/start/")
    assert response.status_code == 503
    assert "cannot reach Testshire County Council" in response.content.decode()


def test_a_half_configured_single_sign_on_is_an_error_at_check_time(settings) -> None:
    from restorative.people.sso.checks import sso_configuration

    assert sso_configuration() == []
    settings.OIDC_RP_CLIENT_ID = "restorative"
    [error] = sso_configuration()
    assert "OIDC_ISSUER, OIDC_CLIENT_SECRET missing" in error.msg


def test_passwords_off_without_a_break_glass_administrator_is_warned(passwords_off) -> None:
    from restorative.people.sso.checks import sso_configuration

    passwords_off.SSO_BREAK_GLASS_EMAIL = ""
    assert [message.id for message in sso_configuration()] == ["restorative.sso.W002"]


def test_the_providers_origin_is_a_permitted_form_redirect_once_configured() -> None:
    # Settings are read from the environment at start-up, so start a fresh interpreter.
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action'])"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "restorative.settings.test",
        "OIDC_ISSUER": "https://login.microsoftonline.com/example-tenant/v2.0",
        "OIDC_CLIENT_ID": "restorative",
        "OIDC_CLIENT_SECRET": "secret",
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        env=environment,
        cwd=Path(__file__).resolve().parents[4],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "[\"'self'\", 'https://login.microsoftonline.com']"


@pytest.mark.parametrize(
    ("amr", "acr", "acr_values", "counts"),
    [
        (["pwd", "mfa"], "", [], True),
        (["pwd"], "", [], False),
        (None, None, [], False),
        (["pwd"], "c1", ["c1"], True),  # an Entra ID authentication context the council lists
        (["pwd"], "c2", ["c1"], False),
    ],
)
def test_what_counts_as_the_providers_second_factor(
    settings, amr: Any, acr: Any, acr_values: list[str], counts: bool
) -> None:
    from restorative.people.sso.session import asserts_mfa

    settings.SSO_MFA_ACR_VALUES = acr_values
    assert asserts_mfa(amr, acr) is counts


def test_an_administrator_removing_a_provider_link_is_a_security_event(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    from restorative.people.sso.models import SingleSignOnIdentity

    caplog.set_level(logging.INFO, logger="restorative.security")
    admin = StaffFactory(role=Staff.Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True)
    person = StaffFactory()
    link = SingleSignOnIdentity.objects.create(
        staff=person, issuer="https://login.example/v2.0", subject="abc"
    )
    client.force_login(admin)
    url = f"/admin/people/singlesignonidentity/{link.pk}/delete/"

    assert client.get(f"/admin/people/singlesignonidentity/{link.pk}/change/").status_code == 200
    response = client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not SingleSignOnIdentity.objects.exists()
    [event] = _events(caplog, "sso_identity_unlinked")
    assert event["user_id"] == str(admin.pk)
    assert event["staff"] == str(person.pk)
    assert client.get("/admin/people/singlesignonidentity/add/").status_code == 403


def test_with_passwords_off_nobody_is_offered_a_password_to_change(passwords_off) -> None:
    """A password nobody may sign in with is not offered: the account page says how the
    person signs in, and the change-password page is not there (404), even by its address."""
    staff = StaffFactory()
    client = Client()
    client.force_login(staff)
    page = client.get("/account/").content.decode()
    assert "/account/password/" not in page
    assert "You sign in with Testshire County Council" in page
    assert client.get("/account/password/").status_code == 404
    answer = client.post(
        "/account/password/",
        {"old_password": TEST_PASSWORD, "new_password1": "x" * 20, "new_password2": "x" * 20},
    )
    assert answer.status_code == 404
    staff.refresh_from_db()
    assert staff.check_password(TEST_PASSWORD)


def test_the_break_glass_administrator_keeps_the_password_page(passwords_off) -> None:
    admin = StaffFactory(email=BREAK_GLASS, role=Staff.Role.SYSTEM_ADMIN)
    client = Client()
    client.force_login(admin)
    assert "/account/password/" in client.get("/account/").content.decode()
    assert client.get("/account/password/").status_code == 200


def test_with_sso_on_and_passwords_kept_the_password_page_stays(sso_configured) -> None:
    client = Client()
    client.force_login(StaffFactory())
    assert "/account/password/" in client.get("/account/").content.decode()
    assert client.get("/account/password/").status_code == 200
