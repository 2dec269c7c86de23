"""The app's own database role cannot undo the access trail's protection (PostgreSQL).

`manage.py grant_app_role` gives the running app's role what it needs and no more: it cannot
drop or disable the append-only triggers, and cannot update or delete access events.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from restorative.core.models import AccessEvent
from restorative.people.tests.factories import StaffFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="separate database roles are a PostgreSQL feature"
)


@pytest.fixture
def app_role(db: Any) -> Iterator[str]:
    """A role made and granted inside the test's transaction (rolled back afterwards)."""
    role = f"restorative_app_{uuid.uuid4().hex[:10]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {connection.ops.quote_name(role)} NOLOGIN")
    call_command("grant_app_role", role, stdout=None)
    yield role


def _as(role: str, sql: str, params: list[Any] | None = None) -> Any:
    """Run one statement as `role`, in a savepoint, and give back its rows (if any)."""
    # On failure the savepoint's rollback undoes SET LOCAL as well.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {connection.ops.quote_name(role)}")
        cursor.execute(sql, params or [])
        rows = cursor.fetchall() if cursor.description else None
        cursor.execute("RESET ROLE")
        return rows


def _refused(role: str, sql: str, params: list[Any] | None = None) -> str:
    with pytest.raises(DatabaseError) as refused:
        _as(role, sql, params)
    return str(refused.value)


def test_the_app_role_reads_writes_and_adds_to_the_trail(app_role: str) -> None:
    actor = StaffFactory()
    assert _as(app_role, "SELECT count(*) FROM core_accessevent") == [(0,)]
    _as(
        app_role,
        "INSERT INTO core_accessevent (at, actor_id, actor_role, action, subject_type, "
        "subject_uuid, family_uuid, reason, channel, path) "
        "VALUES (now(), %s, '', 'view', 'family', %s, %s, '', 'web', '')",
        [actor.pk, uuid.uuid4(), uuid.uuid4()],
    )
    assert AccessEvent.objects.count() == 1
    assert _as(app_role, "SELECT count(*) FROM people_family") == [(0,)]


def test_the_app_role_cannot_change_or_remove_access_events(app_role: str) -> None:
    AccessEvent.objects.create(
        actor=StaffFactory(),
        actor_role="",
        action="view",
        subject_type="family",
        subject_uuid=uuid.uuid4(),
        family_uuid=uuid.uuid4(),
    )
    for sql in (
        "UPDATE core_accessevent SET reason = 'changed'",
        "DELETE FROM core_accessevent",
        "TRUNCATE core_accessevent",
    ):
        assert "permission denied" in _refused(app_role, sql), sql
    assert AccessEvent.objects.count() == 1


def test_the_app_role_cannot_drop_or_disable_the_triggers(app_role: str) -> None:
    for sql in (
        "DROP TRIGGER core_accessevent_append_only ON core_accessevent",
        "ALTER TABLE core_accessevent DISABLE TRIGGER core_accessevent_append_only",
        "DROP FUNCTION core_accessevent_refuse_change() CASCADE",
        "DROP TABLE core_accessevent",
        "CREATE TABLE app_role_made (id int)",
    ):
        message = _refused(app_role, sql)
        assert "must be owner" in message or "permission denied" in message, (sql, message)


def test_the_command_refuses_an_unknown_role(db: Any) -> None:
    with pytest.raises(CommandError, match="There is no database role"):
        call_command("grant_app_role", "no_such_role_here")
