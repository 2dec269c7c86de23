"""The API answers as its OpenAPI schema says, for every operation, as three roles (issue 15,
point 9; security.md item 12).

schemathesis reads the schema drf-spectacular builds (the one served at /api/schema/) and, for
every operation in it, sends generated requests (valid and invalid) through Django's WSGI
application as a team manager, the director and a partner, each with an API token made the way
the product makes them. Every answer must be: not a server error, a status code the schema
lists, the content type it names, and a body its response schema accepts.

The operations are read from the schema at collection time, so a route another engineer adds
(under /api/evaluation/ or /api/governance/, say) is checked as soon as it is in the schema.

Bounded and deterministic, so CI never flakes: a fixed number of examples per operation,
derandomized generation with a seed derived from the operation's name, no example database,
no deadline. Path UUIDs are mostly swapped for real records of the demo data (so serializers are
exercised on real rows, not only 404s). Every write happens in the test database, inside a
transaction rolled back at the end of the module.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
import schemathesis
from django.apps import apps
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.db import close_old_connections, transaction
from django.test import override_settings
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from restorative.people.demo_data import DEMO_EMAIL_DOMAIN
from restorative.people.models import Staff

#: Examples generated per operation (and role) in the fuzzing phase. Small, because the
#: schema has dozens of operations and three roles; enough to send each field a few shapes.
MAX_EXAMPLES = 8

#: The three roles the security board asked for: a team manager (their own team's records,
#: writes allowed), the director (everything, read-only on families) and a partner (only the
#: meetings and plans they are invited to).
ROLES = ("manager", "director", "partner")

CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": 20250401,
        "generation": {
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,
            "database": "none",
            "no-shrink": True,
        },
        # The coverage phase sends every boundary of every parameter: hundreds of requests per
        # operation, three roles over, minutes more. The examples and fuzzing phases (valid and
        # invalid requests) keep the run within a minute on SQLite.
        "phases": {"coverage": {"enabled": False}},
    }
)


def _openapi_schema() -> dict[str, Any]:
    """The schema exactly as /api/schema/ serves it (built without a request)."""
    return SchemaGenerator().get_schema(request=None, public=True)  # type: ignore[no-any-return]


schema = schemathesis.openapi.from_dict(_openapi_schema(), config=CONFIG)

CHECKS = [
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
]


#: The demo data's API tokens by role, and its record UUIDs by the word paths name them with.
Demo = tuple[dict[str, str], dict[str, list[str]]]


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Demo]:
    """The small demo data and an API token for each role, rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--scale", "small", stdout=StringIO())
        pools = _record_pools()
        tokens = {
            role: Token.objects.create(
                user=Staff.objects.get(email=f"{role}@{DEMO_EMAIL_DOMAIN}")
            ).key
            for role in ROLES
        }
        # As Django's test client does: the handler must not close the test's connection
        # (and with it the transaction the fixtures live in) when a request finishes.
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        # Hundreds of requests a minute per token: the rate limits (tested on their own in
        # test_api_tokens.py) would answer most of them 429 and leave them unchecked.
        try:
            with override_settings(API_THROTTLE_RATES={}):
                yield tokens, pools
        finally:
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)
            transaction.set_rollback(True)


WSGI_APP = WSGIHandler()
# Each test's examples share one transaction (rolled back after the test): that is the point.
SETTINGS = settings(
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ]
)


def _record_pools() -> dict[str, list[str]]:
    """UUIDs of the demo records, by the word a path names them with: the last word of the
    model's plural name ("families", "members", "agreements"...), so a route added later finds
    its records without being listed here."""
    pools: dict[str, list[str]] = {}
    for model in apps.get_models():
        if not any(field.name == "uuid" for field in model._meta.get_fields()):
            continue
        word = str(model._meta.verbose_name_plural).split()[-1].lower()
        values = model._default_manager.order_by("pk").values_list("uuid", flat=True)[:200]
        pools.setdefault(word, []).extend(str(value) for value in values)
    return pools


def _use_real_records(case: Any, pools: dict[str, list[str]]) -> None:
    """Swap most generated path UUIDs for a demo record's, chosen by the generated value (so
    deterministic): the serializers then answer with real rows, nulls and blanks included,
    not only with 404s. One generated UUID in four is kept, to test "no such record"."""
    segments = case.operation.path.strip("/").split("/")
    for index, segment in enumerate(segments):
        if not (segment.startswith("{") and index > 0):
            continue
        name = segment.strip("{}")
        try:
            generated = uuid.UUID(str(case.path_parameters.get(name)))
        except ValueError:
            continue
        pool = pools.get(segments[index - 1].lower(), [])
        if pool and generated.int % 4:
            case.path_parameters[name] = pool[generated.int % len(pool)]


def _check(case: Any, token: str, pools: dict[str, list[str]]) -> None:
    _use_real_records(case, pools)
    response = case.call(app=WSGI_APP, headers={"Authorization": f"Token {token}"})
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} answered {response.status_code}"
    )
    case.validate_response(response, checks=CHECKS)


@schema.parametrize()
@SETTINGS
def test_as_a_team_manager(case: Any, demo: Demo, db: Any) -> None:
    _check(case, demo[0]["manager"], demo[1])


@schema.parametrize()
@SETTINGS
def test_as_the_director(case: Any, demo: Demo, db: Any) -> None:
    _check(case, demo[0]["director"], demo[1])


@schema.parametrize()
@SETTINGS
def test_as_a_partner(case: Any, demo: Demo, db: Any) -> None:
    _check(case, demo[0]["partner"], demo[1])


def test_the_schema_asks_for_the_team_of_a_new_family() -> None:
    """POST /api/families/ refuses a body without `team`: the schema says so."""
    body = _openapi_schema()["components"]["schemas"]["FamilyCreateRequest"]
    assert "team" in body["required"]
    assert "allocated_worker" in body["properties"]


def test_the_fuzzer_reaches_real_records(demo: Demo, db: Any) -> None:
    """The path UUIDs are swapped for demo records' (so a change that names records by another
    word would silently leave every detail route answering 404 and unchecked)."""
    for word in ("families", "members", "meetings", "plans", "actions", "sessions", "courses"):
        assert demo[1].get(word), word
