"""Writing a checked families file: bulk inserts and updates, each with its access event.

Runs inside the import's transaction (`import_batch_run` in the package's `__init__`).
"""

from __future__ import annotations

import contextlib
import datetime
import uuid
from collections.abc import Iterator, Sequence
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Model
from django.utils import timezone

from restorative.core.models import AccessEvent

from ..models import Family, ImportBatch, Staff
from .plan import ImportPlan, chunks, field_of

WRITE_BATCH = 2_000
SQLITE_IMPORT_CACHE_KIB = 256 * 1024
PROGRESS_TIMEOUT = 24 * 60 * 60


def progress_key(batch: ImportBatch) -> str:
    return f"people:import:{batch.uuid}:progress"


@contextlib.contextmanager
def _large_page_cache(cursor: Any) -> Iterator[None]:
    """On SQLite, a page cache big enough for the indexes while writing (twice as fast).

    SQLite's default cache (2 MB) spills index pages mid-transaction once the family table
    passes a few tens of thousands of rows. The setting is per connection and restored after.
    """
    if connection.vendor != "sqlite":
        yield
        return
    cursor.execute("PRAGMA cache_size")
    previous = int(cursor.fetchone()[0])
    cursor.execute(f"PRAGMA cache_size = -{SQLITE_IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        cursor.execute(f"PRAGMA cache_size = {previous}")


class BulkWriter:
    """Inserts and updates many rows with parameterised SQL, the fastest way per database.

    The ORM's bulk_create and bulk_update cost more than a minute for 100,000 families (its
    per-value preparation, and bulk_update's CASE expressions). Here SQLite, in-process,
    takes `executemany`; PostgreSQL takes `COPY` (no SQL text built from values at all),
    and updates are copied into a temporary table and applied with one UPDATE … FROM.
    Columns not given per row take a constant or the field's default, prepared for the
    database once; a field added later with neither a default nor null allowed stops the
    import with a clear error rather than writing a bad row.
    """

    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor
        self.postgres = connection.vendor == "postgresql"
        self.quote = connection.ops.quote_name
        self.update_tables: dict[tuple[str, tuple[str, ...]], str] = {}

    def insert(
        self,
        model: type[Model],
        per_row: Sequence[str],
        rows: list[tuple[Any, ...]],
        constants: dict[str, Any],
    ) -> None:
        if not rows:
            return
        meta = model._meta
        row_fields = [field_of(meta.model, name) for name in per_row]
        fixed_fields, fixed = [], []
        for model_field in meta.concrete_fields:
            if model_field.primary_key or model_field.attname in per_row:
                continue
            if model_field.attname in constants:
                value = constants[model_field.attname]
            else:
                value = model_field.get_default()
            if value is None and not model_field.null:
                raise ImproperlyConfigured(
                    f"The import sets no value for {meta.label}.{model_field.name}"
                )
            fixed_fields.append(model_field)
            fixed.append(model_field.get_db_prep_save(value, connection))
        names = ", ".join(self.quote(f.column) for f in (*row_fields, *fixed_fields))
        table = self.quote(str(meta.db_table))
        fixed_tuple = tuple(fixed)
        if self.postgres:
            self._copy(f"COPY {table} ({names}) FROM STDIN", rows, fixed_tuple)
        else:
            placeholders = ", ".join(["%s"] * (len(row_fields) + len(fixed_fields)))
            self.cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({placeholders})",  # noqa: S608
                [row + fixed_tuple for row in rows],
            )

    def update(
        self, model: type[Model], fields: Sequence[str], rows: list[tuple[Any, ...]]
    ) -> None:
        """Set `fields` by primary key; each row is the field values, then the key."""
        if not rows:
            return
        meta = model._meta
        model_fields = [field_of(meta.model, name) for name in fields]
        table = self.quote(str(meta.db_table))
        pk = self.quote(str(field_of(model, meta.pk.name).column))
        if self.postgres:
            staging = self._staging_table(model, model_fields)
            columns = [self.quote(f.column) for f in model_fields]
            self.cursor.execute(f"TRUNCATE {staging}")
            self._copy(f"COPY {staging} ({', '.join(columns)}, import_pk) FROM STDIN", rows, ())
            assignments = ", ".join(f"{column} = staged.{column}" for column in columns)
            self.cursor.execute(
                f"UPDATE {table} SET {assignments} FROM {staging} AS staged "  # noqa: S608
                f"WHERE {table}.{pk} = staged.import_pk"
            )
        else:
            assignments = ", ".join(f"{self.quote(f.column)} = %s" for f in model_fields)
            self.cursor.executemany(
                f"UPDATE {table} SET {assignments} WHERE {pk} = %s",  # noqa: S608
                rows,
            )

    def _staging_table(self, model: type[Model], model_fields: list[Any]) -> str:
        """A temporary table for the changed rows, dropped when the transaction ends."""
        key = (model._meta.db_table, tuple(f.column for f in model_fields))
        if key not in self.update_tables:
            name = self.quote(f"import_staging_{len(self.update_tables)}")
            columns = ", ".join(
                f"{self.quote(f.column)} {f.db_type(connection)}" for f in model_fields
            )
            pk_type = field_of(model, model._meta.pk.name).rel_db_type(connection)
            self.cursor.execute(
                f"CREATE TEMPORARY TABLE {name} ({columns}, import_pk {pk_type}) ON COMMIT DROP"
            )
            self.update_tables[key] = name
        return self.update_tables[key]

    def _copy(self, sql: str, rows: list[tuple[Any, ...]], fixed: tuple[Any, ...]) -> None:
        with self.cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row + fixed)


def write_plan(*, plan: ImportPlan, actor: Staff, batch: ImportBatch) -> None:
    """Insert new families and update changed ones, each with its access event.

    Must run inside the import's transaction. Progress goes to the cache, which other
    connections can read while this transaction is still open.
    """
    ops = connection.ops
    native_uuid = connection.features.has_native_uuid_field
    now = timezone.now()
    key = progress_key(batch)
    done = plan.unchanged_count
    cache.set(key, done, PROGRESS_TIMEOUT)

    def db_date(value: datetime.date | None) -> Any:
        return ops.adapt_datefield_value(value) if value is not None else None

    event_constants = {
        "actor_id": actor.pk,
        "actor_role": actor.role,
        "subject_type": "family",
        "reason": f"imported from the case management system (import {batch.uuid})"[:200],
        "channel": "import",
        "path": "",
        "at": now,
    }
    db_now = field_of(Family, "updated_at").get_db_prep_save(now, connection)
    open_status = Family.Status.OPEN

    with connection.cursor() as cursor, _large_page_cache(cursor):
        writer = BulkWriter(cursor)
        for chunk in chunks(plan.new_rows, WRITE_BATCH):
            uuids: list[Any] = [uuid.uuid4() for _ in chunk]
            if not native_uuid:
                uuids = [value.hex for value in uuids]
            writer.insert(
                Family,
                (
                    "uuid",
                    "case_reference",
                    "name",
                    "team_id",
                    "allocated_worker_id",
                    "status",
                    "opened_on",
                ),
                [
                    (
                        family_uuid,
                        row.case_reference,
                        row.name,
                        row.team_id,
                        row.worker_id,
                        row.status,
                        db_date(row.opened_on),
                    )
                    for family_uuid, row in zip(uuids, chunk, strict=True)
                ],
                {"created_at": now, "updated_at": now},
            )
            writer.insert(
                AccessEvent,
                ("subject_uuid", "family_uuid"),
                [(value, value) for value in uuids],
                {**event_constants, "action": AccessEvent.Action.CREATE},
            )
            done += len(chunk)
            cache.set(key, done, PROGRESS_TIMEOUT)

        for chunk in chunks(plan.changed_rows, WRITE_BATCH):
            writer.update(
                Family,
                (
                    "name",
                    "team_id",
                    "allocated_worker_id",
                    "status",
                    "opened_on",
                    "closed_on",
                    "updated_at",
                ),
                [
                    (
                        row.name,
                        row.team_id,
                        row.worker_id,
                        row.status,
                        db_date(row.opened_on or existing.opened_on),
                        None if row.status == open_status else existing.closed_on,
                        db_now,
                        existing.id,
                    )
                    for row, existing in chunk
                ],
            )
            writer.insert(
                AccessEvent,
                ("subject_uuid", "family_uuid"),
                [(existing.uuid, existing.uuid) for _, existing in chunk],
                {**event_constants, "action": AccessEvent.Action.CHANGE},
            )
            done += len(chunk)
            cache.set(key, done, PROGRESS_TIMEOUT)
