"""API tokens: an expiry (401 after it), a read-only scope (403 on every add, change or
delete, nothing saved), and rate limits per token and per address (429), made on the account
page or by the operator's command (issue 15, point 7)."""

from __future__ import annotations

import datetime
import json
from io import StringIO
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone
from rest_framework.authtoken.models import Token

from restorative.core.api_tokens import READ_ONLY_MESSAGE, api_token_issue
from restorative.core.models import ApiTokenLimits
from restorative.people.models import Family
from restorative.people.tests.factories import StaffFactory

from .conftest import sign_in


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def _api(token: Any, address: str = "192.0.2.1") -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}", REMOTE_ADDR=address)


def _new_family(world: Any) -> dict[str, Any]:
    return {"name": "Brightwater", "case_reference": "NEW-1", "team": str(world.team_a1.uuid)}


def test_a_read_only_token_reads_but_is_refused_every_write(world: Any) -> None:
    token = api_token_issue(user=world.manager, read_only=True)
    api = _api(token)
    assert api.get("/api/families/").status_code == 200
    assert api.get(f"/api/families/{world.family.uuid}/").status_code == 200

    created = api.post("/api/families/", _new_family(world), content_type="application/json")
    assert created.status_code == 403
    assert created.json() == {"detail": READ_ONLY_MESSAGE}
    assert not Family.objects.filter(case_reference="NEW-1").exists()

    changed = api.patch(
        f"/api/families/{world.family.uuid}/", {"name": "Renamed"}, content_type="application/json"
    )
    assert changed.status_code == 403
    world.family.refresh_from_db()
    assert world.family.name == "Okafor"

    member = world.family.members.first()
    deleted = api.delete(f"/api/families/{world.family.uuid}/members/{member.uuid}/")
    assert deleted.status_code == 403
    assert world.family.members.filter(pk=member.pk).exists()


def test_a_token_with_write_access_still_writes(world: Any) -> None:
    token = api_token_issue(user=world.manager, read_only=False, expires_in_days=30)
    created = _api(token).post(
        "/api/families/", _new_family(world), content_type="application/json"
    )
    assert created.status_code == 201
    assert Family.objects.filter(case_reference="NEW-1").exists()


def test_an_expired_token_is_refused_with_401(world: Any) -> None:
    token = api_token_issue(user=world.manager, expires_in_days=1)
    api = _api(token)
    assert api.get("/api/teams/").status_code == 200

    ApiTokenLimits.objects.filter(token=token).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    refused = api.get("/api/teams/")
    assert refused.status_code == 401
    assert "expired" in refused.json()["detail"]
    assert refused["WWW-Authenticate"] == "Token"


def test_a_token_without_limits_is_as_before(world: Any) -> None:
    """Tokens made before limits existed have no row: no expiry, may write."""
    token = Token.objects.create(user=world.manager)
    created = _api(token).post(
        "/api/families/", _new_family(world), content_type="application/json"
    )
    assert created.status_code == 201


@override_settings(API_THROTTLE_RATES={"api_token": "3/minute", "api_address": ""})
def test_each_token_has_its_own_rate_limit(world: Any) -> None:
    first = _api(api_token_issue(user=world.manager))
    other = _api(api_token_issue(user=world.director))
    assert [first.get("/api/teams/").status_code for _ in range(3)] == [200, 200, 200]
    throttled = first.get("/api/teams/")
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0
    # Another token (from the same address) is counted on its own.
    assert other.get("/api/teams/").status_code == 200


@override_settings(API_THROTTLE_RATES={"api_token": "", "api_address": "3/minute"})
def test_tokens_are_also_limited_per_address(world: Any) -> None:
    one = api_token_issue(user=world.manager)
    two = api_token_issue(user=world.director)
    assert _api(one, "192.0.2.7").get("/api/teams/").status_code == 200
    assert _api(two, "192.0.2.7").get("/api/teams/").status_code == 200
    assert _api(one, "192.0.2.7").get("/api/teams/").status_code == 200
    assert _api(two, "192.0.2.7").get("/api/teams/").status_code == 429
    # The same token from another address is not held back by the first address.
    assert _api(two, "198.51.100.4").get("/api/teams/").status_code == 200


@override_settings(API_THROTTLE_RATES={"api_token": "1/minute", "api_address": "1/minute"})
def test_signed_in_pages_using_the_api_are_not_counted(world: Any, client: Client) -> None:
    client.force_login(world.manager)
    assert [client.get("/api/teams/").status_code for _ in range(3)] == [200, 200, 200]


def test_the_schema_documents_the_token_answers(world: Any) -> None:
    client = Client()
    client.force_login(world.manager)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    post = schema["paths"]["/api/families/"]["post"]["responses"]
    assert {"401", "403", "429"} <= set(post)
    assert "403" not in schema["paths"]["/api/teams/"]["get"]["responses"]


# --- Making them -------------------------------------------------------------------------


def _events(caplog: pytest.LogCaptureFixture, name: str) -> list[dict[str, Any]]:
    found = []
    for record in caplog.records:
        if record.name == "restorative.security":
            event = json.loads(record.getMessage())
            if event["event"] == name:
                found.append(event)
    return found


def test_the_account_page_makes_a_read_only_token_that_expires(
    client: Client, db: Any, caplog: pytest.LogCaptureFixture
) -> None:
    person = StaffFactory(email="reader@test.example")
    assert sign_in(client, person.email).status_code == 302
    page = client.get("/account/").content.decode()
    assert 'name="read_only"' in page and 'value="90" checked' in page

    with caplog.at_level("INFO", logger="restorative.security"):
        made = client.post(
            "/account/api-token/", {"action": "create", "expires": "30", "read_only": "yes"}
        )
    token = Token.objects.get(user=person)
    assert token.key in made.content.decode()
    limits = ApiTokenLimits.objects.get(token=token)
    assert limits.read_only
    assert limits.expires_at is not None
    days = (limits.expires_at - timezone.now()).total_seconds() / 86400
    assert 29.9 < days <= 30
    [event] = _events(caplog, "api_token_created")
    assert event["scope"] == "read-only"
    assert event["expires"].startswith(limits.expires_at.date().isoformat())
    later = client.get("/account/").content.decode()
    assert "Read only" in later and token.key not in later


def test_the_account_page_refuses_an_unknown_expiry(client: Client, db: Any) -> None:
    person = StaffFactory(email="odd@test.example")
    assert sign_in(client, person.email).status_code == 302
    response = client.post("/account/api-token/", {"action": "create", "expires": "9999"})
    assert response.status_code == 302
    assert not Token.objects.filter(user=person).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Choose when the token should stop working" in page


def test_the_operator_command_makes_a_limited_token(db: Any) -> None:
    person = StaffFactory(email="integration@test.example")
    out = StringIO()
    call_command(
        "create_api_token",
        person.email,
        "--read-only",
        "--expires-in-days",
        "7",
        stdout=out,
        stderr=StringIO(),
    )
    token = Token.objects.get(user=person)
    assert out.getvalue().strip() == token.key
    limits = ApiTokenLimits.objects.get(token=token)
    assert limits.read_only and limits.expires_at is not None


def test_replacing_a_token_ends_its_limits_with_it(db: Any) -> None:
    person = StaffFactory()
    first = api_token_issue(user=person, read_only=True, expires_in_days=5)
    second = api_token_issue(user=person)
    assert not Token.objects.filter(key=first.key).exists()
    assert not ApiTokenLimits.objects.filter(token_id=first.key).exists()
    assert not ApiTokenLimits.objects.filter(token=second).exists()
