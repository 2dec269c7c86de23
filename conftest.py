"""Shared fixtures: an organisation with two services, three teams and a person per relationship.

`world` gives the permission tests every relationship in the matrix: the allocated
practitioner, a colleague in the same team, someone in another team of the same service,
someone in another service, organisation-wide roles, and a partner.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from restorative.people.models import Staff
from restorative.people.tests.factories import (
    FamilyFactory,
    FamilyMemberFactory,
    OrganisationFactory,
    PartnerAgencyFactory,
    ServiceFactory,
    StaffFactory,
    TeamFactory,
)

Role = Staff.Role

# What the test client's sign-in writes as the device that gave the second factor. The
# product reads only that the session holds one (restorative/people/mfa/session.py).
TEST_SECOND_FACTOR = "test-suite: second factor given at sign-in"


@pytest.fixture(autouse=True)
def second_factor_given_at_test_sign_in(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The test client's `force_login` and `login` also give the second factor.

    Hundreds of tests sign in a director, an administrator or a head of service with the test
    client to test something else; each session is marked as having given its second factor,
    as the code page does after a right code. Production is unchanged: this wraps only the
    test client. Signing in through the sign-in form (`client.post("/sign-in/", ...)`) and
    the browser tests go the real way, and a test marked `second_factor_not_given` gets
    password-only sessions from the test client too.
    """
    if request.node.get_closest_marker("second_factor_not_given"):
        return
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    original = Client._login  # type: ignore[attr-defined]

    def login_with_second_factor(self: Client, user: Any, backend: Any = None) -> None:
        original(self, user, backend)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = TEST_SECOND_FACTOR
        session.save()

    monkeypatch.setattr(Client, "_login", login_with_second_factor)


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache: pages keep figures shared by many people in it
    for a few minutes (the compliance overview, issue 16), and a test must not read the
    figures of another test's data."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def world(db):  # type: ignore[no-untyped-def]
    org = OrganisationFactory()
    service_a = ServiceFactory(organisation=org, name="Safeguarding")
    service_b = ServiceFactory(organisation=org, name="Children in Care")
    team_a1 = TeamFactory(service=service_a, name="North Safeguarding", code="NS1")
    team_a2 = TeamFactory(service=service_a, name="South Safeguarding", code="SS1")
    team_b1 = TeamFactory(service=service_b, name="Children in Care East", code="CE1")

    def staff(role: str, team=None, **extra):  # type: ignore[no-untyped-def]
        return StaffFactory(role=role, team=team, organisation=org, **extra)

    allocated = staff(Role.PRACTITIONER, team_a1, email="allocated@test.example")
    family = FamilyFactory(team=team_a1, allocated_worker=allocated, name="Okafor")
    FamilyMemberFactory(family=family, first_name="Amara", last_name="Okafor")
    agency = PartnerAgencyFactory(name="County Police", kind="police")
    people = SimpleNamespace(
        org=org,
        service_a=service_a,
        service_b=service_b,
        team_a1=team_a1,
        team_a2=team_a2,
        team_b1=team_b1,
        family=family,
        allocated=allocated,
        same_team=staff(Role.PRACTITIONER, team_a1, email="colleague@test.example"),
        asye_same_team=staff(Role.ASYE, team_a1, email="asye@test.example"),
        manager=staff(Role.TEAM_MANAGER, team_a1, email="manager@test.example"),
        support_same_team=staff(Role.BUSINESS_SUPPORT, team_a1, email="support@test.example"),
        other_team=staff(Role.PRACTITIONER, team_a2, email="otherteam@test.example"),
        other_team_manager=staff(Role.TEAM_MANAGER, team_a2, email="othermanager@test.example"),
        other_service=staff(Role.PRACTITIONER, team_b1, email="otherservice@test.example"),
        head=staff(Role.HEAD_OF_SERVICE, None, service=service_a, email="head@test.example"),
        other_head=staff(
            Role.HEAD_OF_SERVICE, None, service=service_b, email="otherhead@test.example"
        ),
        director=staff(Role.DIRECTOR, None, email="director@test.example"),
        quality=staff(Role.QUALITY, None, email="qa@test.example"),
        workforce=staff(Role.WORKFORCE, None, email="workforce@test.example"),
        admin=staff(Role.SYSTEM_ADMIN, None, email="admin@test.example"),
        partner=staff(Role.PARTNER, None, partner_agency=agency, email="partner@test.example"),
    )
    return people


def _append_only_triggers(connection: Any, *, present: bool) -> None:
    """Create or drop the access trail's append-only triggers, as their migration does."""
    migration = importlib.import_module("restorative.core.migrations.0002_access_event_append_only")
    with connection.schema_editor() as schema_editor:
        if present:
            migration.create_triggers(None, schema_editor)
        else:
            migration.drop_triggers(None, schema_editor)


@pytest.fixture
def transactional_db(transactional_db: None) -> Iterator[None]:
    """pytest-django's `transactional_db`, able to empty the database after the test.

    Tests that need committed data (browser tests through the live server, tests of
    background threads) have the database emptied with `flush` after each test. The access
    trail is append-only by database triggers, which refuse that flush once a view has been
    recorded. So, for the flush alone: drop the triggers just before it, and recreate them
    from the migration's own code as soon as it is done (`flush` sends `post_migrate`).
    The flush also empties the reference data that data migrations seed (timescale rules,
    restorative questions): it is put back the same way, or a test that runs after a browser
    test would find no rules.
    """
    from django.db import connection
    from django.db.models.signals import post_migrate

    yield

    def restore(**kwargs: Any) -> None:
        post_migrate.disconnect(dispatch_uid=RESTORE_UID)
        _append_only_triggers(connection, present=True)
        _reseed_reference_data()

    _append_only_triggers(connection, present=False)
    post_migrate.connect(restore, weak=False, dispatch_uid=RESTORE_UID)


RESTORE_UID = "restore-access-trail-triggers"


def _reseed_reference_data() -> None:
    """Run again every data migration's `seed(apps, schema_editor)` (each is idempotent), in
    migration order: the convention for reference data a migration puts in the database."""
    import pkgutil

    from django.apps import apps as django_apps

    for config in django_apps.get_app_configs():
        if not config.name.startswith("restorative."):
            continue
        try:
            package = importlib.import_module(f"{config.name}.migrations")
        except ModuleNotFoundError:
            continue
        for module_info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
            module = importlib.import_module(f"{package.__name__}.{module_info.name}")
            seed = getattr(module, "seed", None)
            if callable(seed):
                seed(django_apps, None)
