"""The backup and restore drill (issue 15, point 6; security.md item 24): back up the database
while it holds families, meetings' worth of people and an append-only access trail, restore the
backup into a new, empty database, and find every table with the same number of rows.

Runs on whichever database the suite runs on: SQLite (the online backup API) locally and in
`make test`, PostgreSQL (pg_dump and pg_restore) in CI's PostgreSQL step.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from restorative.core.backup import BackupError, Database, restore, row_counts
from restorative.core.models import AccessEvent


@pytest.fixture
def source(transactional_db: Any) -> Database:
    return Database.from_settings(connection.settings_dict)


@pytest.fixture
def fresh_database(source: Database, tmp_path: Path) -> Iterator[str]:
    """The URL of a new, empty database of the same kind as the suite's."""
    if source.is_sqlite:
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg
    from psycopg import sql

    name = f"{source.name}_restored"[:63]
    kwargs = {"dbname": source.name, "autocommit": True}
    for key, value in (
        ("host", source.host),
        ("port", source.port),
        ("user", source.user),
        ("password", source.password),
    ):
        if value:
            kwargs[key] = value
    with psycopg.connect(**kwargs) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    auth = source.user + (f":{source.password}" if source.password else "")
    where = f"{source.host or '127.0.0.1'}:{source.port or 5432}"
    try:
        yield f"postgres://{auth}@{where}/{name}"
    finally:
        with psycopg.connect(**kwargs) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def test_a_restore_reproduces_every_tables_row_count(
    world: Any, source: Database, fresh_database: str, tmp_path: Path
) -> None:
    # A family's record viewed: the append-only access trail has rows to carry over too.
    client = Client()
    client.force_login(world.manager)
    assert client.get(f"/families/{world.family.uuid}/").status_code == 200
    assert AccessEvent.objects.exists()

    backup_file = tmp_path / "backup.dump"
    out = StringIO()
    call_command("backup_database", "--output", str(backup_file), stdout=out)
    assert out.getvalue().strip() == str(backup_file)
    assert backup_file.stat().st_size > 0

    out = StringIO()
    call_command(
        "restore_database",
        str(backup_file),
        "--target-url",
        fresh_database,
        "--compare",
        stdout=out,
    )
    assert "Every table's row count matches" in out.getvalue()

    before, after = row_counts(source), row_counts(Database.from_url(fresh_database))
    assert after == before
    assert after["people_family"] >= 1
    assert after["people_staff"] >= 15
    assert after["core_accessevent"] >= 1
    assert after["django_migrations"] > 20


def test_a_restore_never_overwrites_a_database_that_holds_data(
    world: Any, source: Database, tmp_path: Path
) -> None:
    backup_file = tmp_path / "backup.dump"
    call_command("backup_database", "--output", str(backup_file), stdout=StringIO())
    counts = row_counts(source)
    with pytest.raises(BackupError, match="already holds tables"):
        restore(backup_file, source)
    with pytest.raises(CommandError, match="already holds tables"):
        call_command("restore_database", str(backup_file), stdout=StringIO())
    assert row_counts(source) == counts


def test_a_backup_never_overwrites_an_earlier_one(source: Database, tmp_path: Path) -> None:
    earlier = tmp_path / "earlier.dump"
    earlier.write_bytes(b"an earlier backup")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup_database", "--output", str(earlier), stdout=StringIO())
    assert earlier.read_bytes() == b"an earlier backup"


def test_a_missing_backup_file_is_named(source: Database, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No backup file"):
        call_command(
            "restore_database",
            str(tmp_path / "nothing.dump"),
            "--target-url",
            f"sqlite:///{tmp_path / 'new.sqlite3'}",
            stdout=StringIO(),
        )
