"""Single sign-on against a real OpenID provider on 127.0.0.1 (issue 15 point 2).

Each test signs in as a browser would: "Sign in with ..." on our sign-in page, the
provider's own sign-in page, and back to our callback, where the product exchanges the code
for tokens with the provider over HTTP and checks them.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from restorative.people.models import Staff
from restorative.people.sso.models import SingleSignOnIdentity
from restorative.people.tests.factories import StaffFactory

from .conftest import Browser
from .provider import (
    DISABLED,
    DISABLED_EMAIL,
    IMPOSTOR,
    KNOWN,
    KNOWN_EMAIL,
    UNKNOWN,
    UNVERIFIED,
    UNVERIFIED_EMAIL,
)

pytestmark = pytest.mark.django_db


def _events(caplog: pytest.LogCaptureFixture, name: str) -> list[dict[str, Any]]:
    found = []
    for record in caplog.records:
        if record.name == "restorative.security":
            event = json.loads(record.getMessage())
            if event["event"] == name:
                found.append(event)
    return found


def _signed_in(client: Client) -> bool:
    return client.get("/").status_code == 200


@pytest.fixture
def known() -> Staff:
    return StaffFactory(email=KNOWN_EMAIL, first_name="Kim", last_name="Known")


def test_a_known_staff_member_signs_in_and_their_provider_account_is_remembered(
    sso_on, known: Staff, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="restorative.security")
    browser = Browser(sso_on)

    response = browser.sign_in(KNOWN)

    assert response.status_code == 302
    assert response["Location"] == "/"
    home = browser.client.get("/")
    assert home.status_code == 200
    assert "Kim Known" in home.content.decode()
    identity = SingleSignOnIdentity.objects.get(staff=known)
    assert (identity.issuer, identity.subject) == (sso_on.issuer, KNOWN)
    [event] = _events(caplog, "sso_sign_in")
    assert event["user_id"] == str(known.pk)
    assert event["matched_by"] == "email"
    assert KNOWN_EMAIL not in json.dumps(event)


def test_once_linked_the_provider_id_decides_even_after_the_address_changes(
    sso_on, known: Staff, caplog: pytest.LogCaptureFixture
) -> None:
    Browser(sso_on).sign_in(KNOWN)
    known.email = "kim.known.renamed@council.example"
    known.save()
    caplog.set_level(logging.INFO, logger="restorative.security")

    browser = Browser(sso_on)
    browser.sign_in(KNOWN)

    assert _signed_in(browser.client)
    assert _events(caplog, "sso_sign_in")[-1]["matched_by"] == "subject"


def test_the_return_to_page_is_kept_through_the_provider(sso_on, known: Staff) -> None:
    browser = Browser(sso_on)
    response = browser.sign_in(KNOWN, start="/sso/start/?next=/account/")
    assert response["Location"] == "/account/"


def test_an_unknown_person_is_refused_and_nobody_is_created(
    sso_on, known: Staff, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="restorative.security")
    staff_before = Staff.objects.count()
    browser = Browser(sso_on)

    response = browser.sign_in(UNKNOWN)

    assert response.status_code == 403
    page = response.content.decode()
    assert "You cannot sign in with this account" in page
    assert "not.on.staff@council.example" in page
    assert "Ask your system administrator to add you" in page
    assert Staff.objects.count() == staff_before
    assert not SingleSignOnIdentity.objects.exists()
    assert not _signed_in(browser.client)
    [event] = _events(caplog, "sso_sign_in_refused")
    assert event["reason"] == "unknown"
    assert event["username_fp"] and "not.on.staff" not in json.dumps(event)


def test_a_person_deactivated_in_the_product_cannot_sign_in_through_the_provider(
    sso_on, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="restorative.security")
    StaffFactory(email=DISABLED_EMAIL, is_active=False)
    browser = Browser(sso_on)

    response = browser.sign_in(DISABLED)

    assert response.status_code == 403
    assert "Your account has been deactivated" in response.content.decode()
    assert not _signed_in(browser.client)
    assert not SingleSignOnIdentity.objects.exists()
    assert _events(caplog, "sso_sign_in_refused")[0]["reason"] == "deactivated"


def test_deactivating_someone_ends_their_single_sign_on_session(sso_on, known: Staff) -> None:
    browser = Browser(sso_on)
    browser.sign_in(KNOWN)
    assert _signed_in(browser.client)

    known.is_active = False
    known.save()

    assert not _signed_in(browser.client)


def test_someone_else_holding_a_linked_address_at_the_provider_is_refused(
    sso_on, known: Staff
) -> None:
    Browser(sso_on).sign_in(KNOWN)

    browser = Browser(sso_on)
    response = browser.sign_in(IMPOSTOR)

    assert response.status_code == 403
    assert "This account does not match your staff record" in response.content.decode()
    assert not _signed_in(browser.client)
    assert SingleSignOnIdentity.objects.get().subject == KNOWN


def test_an_address_the_provider_has_not_verified_is_not_matched(sso_on) -> None:
    StaffFactory(email=UNVERIFIED_EMAIL)
    browser = Browser(sso_on)

    response = browser.sign_in(UNVERIFIED)

    assert response.status_code == 403
    assert not _signed_in(browser.client)


def test_sign_out_ends_the_session_and_then_the_providers(sso_on, known: Staff) -> None:
    browser = Browser(sso_on)
    browser.sign_in(KNOWN)
    session_key = browser.client.session.session_key

    response = browser.client.post("/sign-out/")

    assert response.status_code == 302
    end_session = urlsplit(response["Location"])
    assert f"{end_session.scheme}://{end_session.netloc}" == sso_on.issuer
    assert end_session.path == "/session/end"
    query = parse_qs(end_session.query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/sign-in/"]
    assert query["id_token_hint"][0].count(".") == 2
    assert not _signed_in(browser.client)
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=session_key).exists()

    # At the provider: its "sign out?" question, answered yes, then back to our sign-in page.
    question = browser.at_provider.get(response["Location"])
    assert question.status_code == 200
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', question.text))
    action = re.search(r'action="([^"]+)"', question.text)
    assert action is not None
    answer = browser.at_provider.post(
        sso_on.issuer + action.group(1) if action.group(1).startswith("/") else action.group(1),
        data={**fields, "logout": "yes"},
        allow_redirects=False,
    )
    back = browser.back_from_provider(answer)
    assert back.status_code == 200
    assert "Sign in with Testshire County Council" in back.content.decode()

    # The provider's session has gone too: signing in again asks who you are.
    again = browser.client.get("/sso/start/")
    page = browser.at_provider.get(again["Location"])
    assert 'name="login"' in page.text


def test_without_single_sign_on_sign_out_goes_to_the_sign_in_page(client: Client) -> None:
    staff = StaffFactory()
    client.force_login(staff)
    response = client.post("/sign-out/")
    assert response["Location"] == "/sign-in/"


def test_a_provider_sign_in_can_be_completed_only_once(sso_on, known: Staff) -> None:
    browser = Browser(sso_on)
    first = browser.client.get("/sso/start/")
    answer = browser.at_provider.get(first["Location"])
    action = re.search(r'action="([^"]+)"', answer.text)
    assert action is not None
    answer = browser.at_provider.post(
        sso_on.issuer + action.group(1), data={"login": KNOWN}, allow_redirects=False
    )
    while answer.is_redirect and not answer.headers["Location"].startswith("http://testserver"):
        location = answer.headers["Location"]
        answer = browser.at_provider.get(
            location if location.startswith("http") else sso_on.issuer + location,
            allow_redirects=False,
        )
    callback = urlsplit(answer.headers["Location"])
    url = callback.path + "?" + callback.query
    assert browser.client.get(url).status_code == 302
    browser.client.post("/sign-out/")

    replay = browser.client.get(url)

    assert replay.status_code == 400
    assert "Your sign-in did not finish" in replay.content.decode()
    assert not _signed_in(browser.client)


def test_a_callback_the_product_did_not_start_is_refused(sso_on, client: Client) -> None:
    response = client.get("/sso/callback/?code=made-up&state=made-up")
    assert response.status_code == 400
    assert not _signed_in(client)


def test_a_refusal_at_the_provider_is_explained(sso_on, client: Client) -> None:
    response = client.get("/sso/callback/?error=access_denied&state=x")
    assert response.status_code == 403
    assert "did not work" in response.content.decode()


def test_refused_sign_ins_are_not_counted_as_wrong_passwords(sso_on, known: Staff) -> None:
    # Five unknown people in one office (one address) must not lock everyone else out.
    for _ in range(6):
        assert Browser(sso_on).sign_in(UNKNOWN).status_code == 403
    browser = Browser(sso_on)
    browser.sign_in(KNOWN)
    assert _signed_in(browser.client)


@pytest.mark.parametrize(("mfa", "asserted"), [(True, True), (False, False)])
def test_the_session_remembers_whether_the_provider_did_a_second_factor(
    sso_on, known: Staff, mfa: bool, asserted: bool
) -> None:
    from restorative.people.sso.session import SSO_SESSION_KEY

    browser = Browser(sso_on)
    browser.sign_in(KNOWN, mfa=mfa)

    remembered = browser.client.session[SSO_SESSION_KEY]
    assert remembered["mfa"] is asserted
    assert ("mfa" in remembered["amr"]) is mfa


def test_a_discovery_document_for_another_issuer_is_not_believed(sso_on, settings) -> None:
    settings.OIDC_OP_ISSUER = sso_on.issuer + "/"  # the document says it is sso_on.issuer
    response = Client().get("/sso/start/")
    assert response.status_code == 503


def test_an_id_token_from_another_issuer_is_refused(
    sso_on, settings, known: Staff, caplog: pytest.LogCaptureFixture
) -> None:
    import requests

    caplog.set_level(logging.INFO, logger="restorative.security")
    document = requests.get(sso_on.issuer + "/.well-known/openid-configuration", timeout=5).json()
    settings.OIDC_OP_ISSUER = "https://login.other-council.example/v2.0"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = document["authorization_endpoint"]
    settings.OIDC_OP_TOKEN_ENDPOINT = document["token_endpoint"]
    settings.OIDC_OP_USER_ENDPOINT = document["userinfo_endpoint"]
    settings.OIDC_OP_JWKS_ENDPOINT = document["jwks_uri"]
    browser = Browser(sso_on)

    response = browser.sign_in(KNOWN)

    assert response.status_code == 502
    assert "did not work" in response.content.decode()
    assert not _signed_in(browser.client)
    assert _events(caplog, "sso_failed")[-1]["reason"] == "SuspiciousOperation"
