"""Import of families and allocations from the case management system's CSV export.

The case management system (Mosaic, LCS, Eclipse…) is the record of who is allocated to
which family; this platform takes its allocations in. One upload goes through three steps:

1. `import_batch_create` decodes the file, checks every row against the organisation's
   teams, staff and families, and stores an `ImportBatch` with the counts, the first rows
   and every error, line by line. Nothing about families changes.
2. `import_batch_apply` locks the batch row so a double click cannot import twice, marks it
   "applying", and runs `import_batch_run` now (small files) or in a background thread
   after the commit (large files).
3. `import_batch_run` checks the file again (the organisation may have changed since the
   preview) and writes every row in one transaction, with bulk inserts and updates in
   batches and one access event per created or changed family. If anything is wrong,
   nothing is written.

The columns, the rules and the reasons are in docs/decisions/0003-csv-import.md. This module
stores and applies batches; `plan` checks the rows and `writing` writes them. Reading the file
(encoding, control characters, header, dates) is shared with the training import in
`restorative.core.csv_import`.
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Iterator, Sequence
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connections, transaction
from django.utils import timezone

from restorative.core import csv_import
from restorative.core.csv_import import NOT_UTF8, ImportFileError, RowError, parse_csv_date, shown
from restorative.core.security import log_security_event

from .. import permissions
from ..models import ImportBatch, Staff
from .plan import (
    ALLOCATABLE_ROLES,
    COLUMNS,
    KNOWN_COLUMNS,
    NEW,
    PREVIEW_ROWS,
    REQUIRED_COLUMNS,
    UNCHANGED,
    UPDATED,
    Column,
    ExistingFamily,
    ImportPlan,
    PlannedRow,
    plan_import,
)
from .writing import PROGRESS_TIMEOUT, WRITE_BATCH, BulkWriter, progress_key, write_plan

__all__ = [
    "ALLOCATABLE_ROLES",
    "COLUMNS",
    "DISPLAYED_ERRORS",
    "KNOWN_COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_FILE_LABEL",
    "NEW",
    "NOT_UTF8",
    "PREVIEW_ROWS",
    "PROGRESS_TIMEOUT",
    "REQUIRED_COLUMNS",
    "SYNC_ROW_LIMIT",
    "UNCHANGED",
    "UPDATED",
    "WRITE_BATCH",
    "Column",
    "ExistingFamily",
    "ImportFileError",
    "ImportNotAllowed",
    "ImportPlan",
    "PlannedRow",
    "RowError",
    "BulkWriter",
    "decode_csv_bytes",
    "error_report_rows",
    "import_batch_apply",
    "import_batch_create",
    "import_batch_expire_stale",
    "import_batch_get",
    "import_batch_run",
    "import_batches_recent",
    "import_is_stale",
    "import_progress",
    "parse_csv_date",
    "plan_import",
    "shown",
]

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_FILE_LABEL = "50 MB"
# Below this many rows the import runs inside the request; above it, in a background thread.
SYNC_ROW_LIMIT = 2_000
DISPLAYED_ERRORS = 500
# An import still "applying" after this long has died with its process (its transaction
# was rolled back), so the status page says so instead of waiting forever.
STALE_AFTER = datetime.timedelta(hours=1)


class ImportNotAllowed(Exception):
    """The batch cannot be applied (already applied, being applied, or has errors)."""


def decode_csv_bytes(data: bytes) -> str:
    """The uploaded file as text, or ImportFileError (see `core.csv_import`)."""
    return csv_import.decode_csv_bytes(data, max_bytes=MAX_FILE_BYTES, max_label=MAX_FILE_LABEL)


# --- Reading batches ------------------------------------------------------------------


def import_batch_get(user: Any, batch_uuid: Any, *, with_text: bool = False) -> ImportBatch:
    """A batch the user may see: their own uploads only, since a file holds family names.

    Raises ImportBatch.DoesNotExist for anyone else, so it looks the same as no batch (404).
    """
    if not permissions.can_import_families(user):
        raise ImportBatch.DoesNotExist
    batches = ImportBatch.objects.select_related("created_by")
    if not with_text:
        batches = batches.defer("csv_text")
    return batches.get(uuid=batch_uuid, created_by=user)


def import_batches_recent(user: Any, *, limit: int = 10) -> list[ImportBatch]:
    """The latest uploads by any administrator (who, when, which file, counts; no rows)."""
    if not permissions.can_import_families(user):
        return []
    return list(
        ImportBatch.objects.select_related("created_by").defer(
            "csv_text", "errors", "preview_rows"
        )[:limit]
    )


def import_progress(batch: ImportBatch) -> int:
    """Rows written so far: from the cache while applying, from the batch once finished."""
    if batch.status == ImportBatch.Status.APPLYING:
        return int(cache.get(progress_key(batch), 0))
    return batch.rows_processed


def import_is_stale(batch: ImportBatch) -> bool:
    """True when an import has been "applying" for so long that its process must have died."""
    return (
        batch.status == ImportBatch.Status.APPLYING
        and batch.started_at is not None
        and timezone.now() - batch.started_at > STALE_AFTER
    )


# --- Writing --------------------------------------------------------------------------


def import_batch_create(*, actor: Staff, file_name: str, data: bytes) -> ImportBatch:
    """Check an uploaded file and store it as a batch to preview. Changes no family.

    Raises ImportFileError when the file cannot be read at all; then nothing is stored.
    """
    if not permissions.can_import_families(actor):
        raise PermissionDenied
    text = decode_csv_bytes(data)
    plan = plan_import(text)
    batch = ImportBatch.objects.create(
        created_by=actor,
        file_name=file_name.replace("\\", "/").rsplit("/", 1)[-1][:255] or "upload.csv",
        csv_text=text,
        status=ImportBatch.Status.PREVIEWED,
        total_rows=plan.total_rows,
        new_count=plan.new_count,
        updated_count=plan.updated_count,
        unchanged_count=plan.unchanged_count,
        error_count=len(plan.errors),
        errors=[error.as_dict() for error in plan.errors],
        preview_rows=plan.preview,
    )
    log_security_event(
        "families_import_checked",
        user=actor,
        batch=str(batch.uuid),
        rows=str(plan.total_rows),
        errors=str(len(plan.errors)),
    )
    return batch


def import_batch_apply(
    *, actor: Staff, batch: ImportBatch, background: bool | None = None
) -> ImportBatch:
    """Import a checked batch, once. Small files now; large ones in a background thread.

    The batch row is locked and moved from "previewed" to "applying" in its own short
    transaction, so a second click (or a retry) finds it already applying and imports
    nothing. `background=None` chooses by size; the management command and tests pass False.
    """
    if not permissions.can_import_families(actor) or batch.created_by_id != actor.pk:
        raise PermissionDenied
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().defer("csv_text").get(pk=batch.pk)
        if locked.status != ImportBatch.Status.PREVIEWED:
            raise ImportNotAllowed("This file has already been imported, or is being imported")
        if locked.error_count:
            raise ImportNotAllowed("This file has errors, so it cannot be imported")
        locked.status = ImportBatch.Status.APPLYING
        locked.started_at = timezone.now()
        locked.save(update_fields=["status", "started_at", "updated_at"])
        cache.set(progress_key(locked), 0, PROGRESS_TIMEOUT)
        run_later = locked.total_rows >= SYNC_ROW_LIMIT if background is None else background
        if run_later:
            batch_id = locked.pk
            transaction.on_commit(lambda: _start_background(batch_id))
    if not run_later:
        import_batch_run(batch_id=locked.pk)
    locked.refresh_from_db()
    return locked


def _start_background(batch_id: int) -> None:
    """Run the import in a thread of this process; the thread closes its own connection.

    A daemon thread: if the process stops, the import's transaction is rolled back and the
    batch shows as stopped (see `import_is_stale`). Celery can replace this when it arrives.
    """
    threading.Thread(
        target=_run_in_thread, args=(batch_id,), name=f"family-import-{batch_id}", daemon=True
    ).start()


def _run_in_thread(batch_id: int) -> None:
    try:
        import_batch_run(batch_id=batch_id)
    finally:
        connections.close_all()


class _FileNoLongerValid(Exception):
    def __init__(self, plan: ImportPlan) -> None:
        super().__init__("The file no longer passes its checks")
        self.plan = plan


class _StatusChanged(Exception):
    pass


def import_batch_run(*, batch_id: int) -> ImportBatch:
    """Check the stored file again and write it, all or nothing. Never raises.

    Runs inside the request for small files, in a thread for large ones, and directly from
    the management command. The final status is written in the same transaction as the
    families, so "applied" is visible exactly when the families are.
    """
    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    if batch.status != ImportBatch.Status.APPLYING:
        return batch
    actor = batch.created_by
    try:
        with transaction.atomic():
            if not permissions.can_import_families(actor):
                raise PermissionDenied
            plan = plan_import(batch.csv_text)
            if plan.errors:
                raise _FileNoLongerValid(plan)
            write_plan(plan=plan, actor=actor, batch=batch)
            finished = timezone.now()
            done = ImportBatch.objects.filter(
                pk=batch.pk, status=ImportBatch.Status.APPLYING
            ).update(
                status=ImportBatch.Status.APPLIED,
                total_rows=plan.total_rows,
                new_count=plan.new_count,
                updated_count=plan.updated_count,
                unchanged_count=plan.unchanged_count,
                rows_processed=plan.total_rows,
                finished_at=finished,
                updated_at=finished,
            )
            if not done:
                raise _StatusChanged
    except _FileNoLongerValid as exc:
        _mark_failed(
            batch,
            "Since the file was checked, the organisation's teams, staff or families changed "
            "and some rows are no longer valid. Nothing was imported.",
            errors=exc.plan.errors,
        )
    except _StatusChanged:
        pass  # already marked as stopped; the transaction above was rolled back
    except PermissionDenied:
        _mark_failed(batch, "Your account may no longer import families. Nothing was imported.")
    except IntegrityError:
        _mark_failed(
            batch,
            "A family with one of these case references was added while the import was running. "
            "Nothing was imported. Upload the file again.",
        )
    except Exception as exc:  # noqa: BLE001 - any failure leaves nothing imported, and says so
        # The exception text can hold values from the file: log its type only.
        logger.error("Family import %s failed: %s", batch.uuid, type(exc).__name__)
        _mark_failed(batch, "The import could not be completed. Nothing was imported.")
    else:
        log_security_event(
            "families_imported",
            user=actor,
            batch=str(batch.uuid),
            created=str(plan.new_count),
            updated=str(plan.updated_count),
        )
    cache.delete(progress_key(batch))
    batch.refresh_from_db()
    return batch


def import_batch_expire_stale(*, batch: ImportBatch) -> ImportBatch:
    """Mark an import whose process died as not imported (its transaction rolled back)."""
    if import_is_stale(batch):
        _mark_failed(
            batch,
            "The import stopped before it finished. Nothing was imported. Upload the file again.",
        )
        batch.refresh_from_db()
    return batch


def _mark_failed(
    batch: ImportBatch, reason: str, *, errors: Sequence[RowError] | None = None
) -> None:
    now = timezone.now()
    changes: dict[str, Any] = {
        "status": ImportBatch.Status.FAILED,
        "failure_reason": reason[:300],
        "finished_at": now,
        "updated_at": now,
        "rows_processed": 0,
    }
    if errors is not None:
        changes["errors"] = [error.as_dict() for error in errors]
        changes["error_count"] = len(errors)
    ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.APPLYING).update(**changes)


def error_report_rows(batch: ImportBatch) -> Iterator[list[Any]]:
    """The error report as CSV rows: a header, then one row per error."""
    yield from csv_import.error_report_rows(batch.errors)
