"""Backup and restore of the whole database (issue 15, point 6; security.md item 24).

- PostgreSQL: `pg_dump --format=custom` (a consistent snapshot taken while the app runs) and
  `pg_restore` into an empty database, in one transaction, stopping at the first error.
- SQLite: the online backup API (a consistent copy while the app runs, WAL included) and the
  same API the other way round.

A restore goes into a database that holds no tables unless `replace` is asked for, so a drill
can never overwrite the live database by a slip. `row_counts` gives every table's rows, which
the drill (README "Backup and restore") and its test compare before and after.

Passwords go to pg_dump and pg_restore through PGPASSWORD in their environment, never on a
command line another user could read.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import environ

POSTGRESQL = "django.db.backends.postgresql"
SQLITE = "django.db.backends.sqlite3"


class BackupError(Exception):
    """A backup or restore that could not be done, in words for the operator."""


@dataclass(frozen=True)
class Database:
    """Where a database is: its engine and connection details (Django's DATABASES shape)."""

    engine: str
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""

    @classmethod
    def from_settings(cls, config: Mapping[str, Any]) -> Database:
        return cls(
            engine=str(config["ENGINE"]),
            name=str(config["NAME"]),
            user=str(config.get("USER") or ""),
            password=str(config.get("PASSWORD") or ""),
            host=str(config.get("HOST") or ""),
            port=str(config.get("PORT") or ""),
        )

    @classmethod
    def from_url(cls, url: str) -> Database:
        return cls.from_settings(environ.Env.db_url_config(url))

    @property
    def is_sqlite(self) -> bool:
        return self.engine == SQLITE

    def check_supported(self) -> None:
        if self.engine not in (POSTGRESQL, SQLITE):
            raise BackupError(f"Backups are made for PostgreSQL and SQLite, not {self.engine}")

    def pg_arguments(self) -> list[str]:
        """Connection options for pg_dump, pg_restore and psql (no password)."""
        options = [f"--dbname={self.name}"]
        if self.host:
            options.append(f"--host={self.host}")
        if self.port:
            options.append(f"--port={self.port}")
        if self.user:
            options.append(f"--username={self.user}")
        return options

    def pg_environment(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env


def _program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed. Install the PostgreSQL client tools "
            "(Debian: postgresql-client) in the same major version as the server."
        )
    return found


def _run(command: list[str], database: Database) -> None:
    result = subprocess.run(  # noqa: S603 - fixed programs, our own arguments
        command,
        env=database.pg_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[-2000:]}")


def _sqlite_copy(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """Copy one SQLite database into another with SQLite's online backup (a consistent copy
    even while the service writes), closing both connections."""
    try:
        with target:
            source.backup(target)
    finally:
        target.close()
        source.close()


def backup(database: Database, output: Path) -> Path:
    """Write a consistent copy of `database` to `output` (which must not exist yet)."""
    database.check_supported()
    if output.exists():
        raise BackupError(f"{output} already exists: choose another name")
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    try:
        if database.is_sqlite:
            _sqlite_copy(sqlite3.connect(database.name), sqlite3.connect(partial))
        else:
            _run(
                [
                    _program("pg_dump"),
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--file={partial}",
                    *database.pg_arguments(),
                ],
                database,
            )
        partial.rename(output)
    finally:
        partial.unlink(missing_ok=True)
    output.chmod(0o600)
    return output


def table_names(database: Database) -> list[str]:
    """The tables (not views) of `database`, sorted."""
    if database.is_sqlite:
        if not Path(database.name).exists():
            return []
        with sqlite3.connect(database.name) as connection:
            rows = connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            ).fetchall()
        return [str(row[0]) for row in rows]
    import psycopg

    with psycopg.connect(**_pg_connect_kwargs(database)) as connection:
        rows = connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        ).fetchall()
    return [str(row[0]) for row in rows]


def row_counts(database: Database) -> dict[str, int]:
    """Every table's number of rows."""
    tables = table_names(database)
    if database.is_sqlite:
        with sqlite3.connect(database.name) as connection:
            found: dict[str, int] = {}
            for table in tables:
                quoted = '"' + table.replace('"', '""') + '"'
                # The name comes from sqlite_master, quoted as an identifier.
                query = f"SELECT count(*) FROM {quoted}"  # noqa: S608
                found[table] = int(connection.execute(query).fetchone()[0])
            return found
    import psycopg
    from psycopg import sql

    with psycopg.connect(**_pg_connect_kwargs(database)) as connection:
        counts: dict[str, int] = {}
        for table in tables:
            count_query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            row = connection.execute(count_query).fetchone()
            counts[table] = int(row[0]) if row else 0
        return counts


def _pg_connect_kwargs(database: Database) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"dbname": database.name, "connect_timeout": 10}
    for key, value in (
        ("host", database.host),
        ("port", database.port),
        ("user", database.user),
        ("password", database.password),
    ):
        if value:
            kwargs[key] = value
    return kwargs


def restore(backup_file: Path, database: Database, *, replace: bool = False) -> None:
    """Put `backup_file` back into `database`.

    Refused when the database already holds tables, unless `replace`: a restore is meant for a
    new, empty database (the drill), and replacing live data must be asked for by name.
    """
    database.check_supported()
    if not backup_file.is_file():
        raise BackupError(f"No backup file at {backup_file}")
    if table_names(database) and not replace:
        raise BackupError(
            f"The database {database.name} already holds tables. Restore into a new, empty "
            "database, or ask to replace its contents (--replace)."
        )
    if database.is_sqlite:
        _check_sqlite_backup(backup_file)
        target_path = Path(database.name)
        target_path.parent.mkdir(parents=True, exist_ok=True)
        _sqlite_copy(
            sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True), sqlite3.connect(target_path)
        )
        return
    _run(
        [
            _program("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            *(["--clean", "--if-exists"] if replace else []),
            *database.pg_arguments(),
            str(backup_file),
        ],
        database,
    )


def _check_sqlite_backup(backup_file: Path) -> None:
    try:
        with sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True) as connection:
            result = connection.execute("PRAGMA integrity_check").fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{backup_file} is not an SQLite backup: {error}") from error
    if not result or result[0] != "ok":
        raise BackupError(f"{backup_file} failed SQLite's integrity check")
