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

The columns, the rules and the reasons are in docs/decisions/0003-csv-import.md.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import logging
import threading
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import IntegrityError, connection, connections, transaction
from django.db.models import Model
from django.utils import timezone

from restorative.core.models import AccessEvent
from restorative.core.security import log_security_event

from . import permissions
from .models import Family, ImportBatch, Staff, Team

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_FILE_LABEL = "50 MB"
# Below this many rows the import runs inside the request; above it, in a background thread.
SYNC_ROW_LIMIT = 2_000
PREVIEW_ROWS = 20
DISPLAYED_ERRORS = 500
WRITE_BATCH = 2_000
SQLITE_IMPORT_CACHE_KIB = 256 * 1024
LOOKUP_CHUNK = 900  # SQLite allows 999 parameters in one query
PROGRESS_TIMEOUT = 24 * 60 * 60
# An import still "applying" after this long has died with its process (its transaction
# was rolled back), so the status page says so instead of waiting forever.
STALE_AFTER = datetime.timedelta(hours=1)

NOT_UTF8 = "The file must be saved as UTF-8 CSV"

NEW, UPDATED, UNCHANGED = "new", "updated", "unchanged"


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    description: str
    example: str


COLUMNS: tuple[Column, ...] = (
    Column(
        "case_reference",
        True,
        "The family's reference in the case management system. Each reference once in the "
        "file. A reference already recorded here updates that family; a new one adds a family.",
        "MOS-102934",
    ),
    Column("family_name", True, "How the family is known.", "Okafor"),
    Column("team_code", True, "The code of the family's team, as set up in Organisation.", "NS1"),
    Column(
        "worker_email",
        False,
        "Email address of the allocated worker: an active practitioner, ASYE practitioner or "
        "team manager in that team. Leave empty when the family is not allocated.",
        "a.patel@council.example",
    ),
    Column("status", False, "open or closed. Empty means open.", "open"),
    Column(
        "opened_on",
        False,
        "Date the case opened, as YYYY-MM-DD or DD/MM/YYYY. "
        "Empty leaves an existing date as it is.",
        "27/03/2025",
    ),
)
REQUIRED_COLUMNS = tuple(c.name for c in COLUMNS if c.required)
KNOWN_COLUMNS = tuple(c.name for c in COLUMNS)
ALLOCATABLE_ROLES = frozenset({Staff.Role.PRACTITIONER, Staff.Role.ASYE, Staff.Role.TEAM_MANAGER})
STATUSES = {"open": Family.Status.OPEN, "closed": Family.Status.CLOSED}
CASE_REFERENCE_MAX = Family._meta.get_field("case_reference").max_length or 40
FAMILY_NAME_MAX = Family._meta.get_field("name").max_length or 200


class ImportFileError(Exception):
    """The file cannot be read at all (too large, empty, not UTF-8): nothing is stored."""


class ImportNotAllowed(Exception):
    """The batch cannot be applied (already applied, being applied, or has errors)."""


@dataclass(frozen=True, slots=True)
class RowError:
    line: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, "message": self.message}


class ExistingFamily(NamedTuple):
    """A family already recorded, as the database returns it (UUIDs stay in its own format)."""

    id: int
    uuid: Any
    case_reference: str
    name: str
    team_id: int
    allocated_worker_id: int | None
    status: str
    opened_on: datetime.date | None
    closed_on: Any


class PlannedRow(NamedTuple):
    line: int
    case_reference: str
    name: str
    team_id: int
    worker_id: int | None
    status: str
    opened_on: datetime.date | None
    team_code: str
    worker_email: str


@dataclass
class ImportPlan:
    """What an import would do: the rows to add and to change, or every error with its line."""

    new_rows: list[PlannedRow] = field(default_factory=list)
    changed_rows: list[tuple[PlannedRow, ExistingFamily]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    total_rows: int = 0
    unchanged_count: int = 0
    preview: list[dict[str, Any]] = field(default_factory=list)

    @property
    def new_count(self) -> int:
        return len(self.new_rows)

    @property
    def updated_count(self) -> int:
        return len(self.changed_rows)


# --- Reading the file ---------------------------------------------------------------


def decode_csv_bytes(data: bytes) -> str:
    """The file as text: UTF-8 with or without a byte order mark, or a clear refusal.

    Decoding is strict and all at once, so a file in another encoding is refused whole
    rather than half read with replacement characters.
    """
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(f"The selected file must be smaller than {MAX_FILE_LABEL}")
    if not data.strip():
        raise ImportFileError("The selected file is empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(NOT_UTF8) from None
    if not text.strip():
        raise ImportFileError("The selected file is empty")
    return text


def _normalise_header(name: str) -> str:
    return name.strip().lower().replace(" ", "_").replace("-", "_")


def shown(value: str, limit: int = 60) -> str:
    """A value quoted back in an error message, shortened so one bad cell cannot flood the page."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def parse_csv_date(value: str) -> datetime.date | None:
    """YYYY-MM-DD or DD/MM/YYYY; None when it is neither, or not a real date."""
    try:
        if len(value) == 10 and value[4] == "-" and value[7] == "-":
            return datetime.date.fromisoformat(value)
        parts = value.split("/")
        if len(parts) == 3 and len(parts[2]) == 4 and all(p.isdigit() for p in parts):
            return datetime.date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        return None
    return None


def _as_date(value: Any) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


_MISSING: Any = object()
STATUS_TEXT = {
    "": Family.Status.OPEN,
    "open": Family.Status.OPEN,
    "closed": Family.Status.CLOSED,
}


class _Lookups:
    """The organisation's teams and staff, loaded once per check (a few thousand rows)."""

    def __init__(self) -> None:
        self.teams: dict[str, tuple[int, str]] = {}
        folded: dict[str, list[tuple[int, str]]] = {}
        for team_id, code in Team.objects.values_list("id", "code"):
            self.teams[code] = (team_id, code)
            folded.setdefault(code.casefold(), []).append((team_id, code))
        # A code in another case still matches, when it matches only one team.
        self.teams_folded = {key: value[0] for key, value in folded.items() if len(value) == 1}
        self.staff: dict[str, tuple[int, bool, int | None, str, str]] = {}
        for staff_id, email, active, team_id, role in Staff.objects.values_list(
            "id", "email", "is_active", "team_id", "role"
        ):
            self.staff[email.lower()] = (staff_id, active, team_id, role, email)

    def team(self, code: str) -> tuple[int, str] | None:
        return self.teams.get(code) or self.teams_folded.get(code.casefold())

    def worker_problem(self, email: str, team: tuple[int, str] | None) -> str | None:
        """Why this person cannot hold the family's allocation, or None when they can."""
        staff = self.staff.get(email.lower())
        if staff is None:
            return f"There is no staff account with the email address {shown(email)}"
        _, active, team_id, role, email = staff
        if not active:
            return f"The account for {email} is not active"
        if role not in ALLOCATABLE_ROLES:
            return (
                f"{email} cannot be allocated families: only practitioners, "
                "ASYE practitioners and team managers can"
            )
        if team is not None and team_id != team[0]:
            return f"{email} is not in team {team[1]}"
        return None

    def worker_id(self, email: str, team: tuple[int, str]) -> int | None:
        if self.worker_problem(email, team) is not None:
            return None
        return self.staff[email.lower()][0]


EXISTING_COLUMNS = (
    "id",
    "uuid",
    "case_reference",
    "name",
    "team",
    "allocated_worker",
    "status",
    "opened_on",
    "closed_on",
)


def _field(model: type[Model], name: str) -> Any:
    """A concrete field by name or attname (typed loosely: reverse relations never reach here)."""
    return model._meta.get_field(name)


def _existing_families(references: Sequence[str]) -> dict[str, ExistingFamily]:
    """The families already recorded under these references.

    Parameterised SQL rather than the ORM: for 100,000 references the ORM's per-value work
    took seconds. SQLite looks the references up through the unique index, in chunks of
    what one query may bind; PostgreSQL takes them all as one array, in one query, which
    stays fast even before the table's statistics catch up with a large import.
    """
    quote = connection.ops.quote_name
    meta = Family._meta
    columns = ", ".join(quote(_field(meta.model, name).column) for name in EXISTING_COLUMNS)
    table = quote(str(meta.db_table))
    reference_column = quote(_field(meta.model, "case_reference").column)
    found: dict[str, ExistingFamily] = {}
    if connection.vendor == "postgresql":
        queries = [
            (
                f"SELECT {columns} FROM {table} "  # noqa: S608 - names from the model, values bound
                f"WHERE {reference_column} = ANY(%s::text[])",
                [list(references)],
            )
        ]
    else:
        queries = [
            (
                f"SELECT {columns} FROM {table} "  # noqa: S608 - names from the model, values bound
                f"WHERE {reference_column} IN ({', '.join(['%s'] * len(chunk))})",
                list(chunk),
            )
            for chunk in _chunks(references, LOOKUP_CHUNK)
        ]
    with connection.cursor() as cursor:
        for sql, params in queries:
            cursor.execute(sql, params)
            for values in cursor.fetchall():
                family = ExistingFamily(*values)
                found[family.case_reference] = family._replace(opened_on=_as_date(family.opened_on))
    return found


def plan_import(text: str) -> ImportPlan:
    """Check every row of the decoded CSV and say what importing it would do.

    Reads only. Line numbers are lines of the file, the header being line 1 (a quoted value
    running over several lines counts each of them). Raises ImportFileError when the file
    has no header or no rows; every other problem is a line-numbered error in the plan.
    The loop is written for speed (100,000 rows are checked twice per import): lookups are
    cached per distinct value, and messages are only built for rows that fail.
    """
    plan = ImportPlan()
    errors = plan.errors
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError("The selected file is empty") from None
    except csv.Error as exc:
        errors.append(RowError(1, "", f"The header row could not be read as CSV ({exc})"))
        return plan

    names = [_normalise_header(name) for name in header]
    positions: dict[str, int] = {}
    for index, name in enumerate(names):
        if name in positions and name in KNOWN_COLUMNS:
            errors.append(RowError(1, name, f"The column {name} appears more than once"))
        positions.setdefault(name, index)
    missing = [name for name in REQUIRED_COLUMNS if name not in positions]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        errors.append(
            RowError(1, "", f"The header row must include the column{plural} {', '.join(missing)}")
        )
    if errors:
        return plan

    lookups = _Lookups()
    width = len(header)
    # Every row is padded with one empty cell, which absent optional columns read.
    at_reference, at_name, at_team = (positions[name] for name in REQUIRED_COLUMNS)
    at_worker = positions.get("worker_email", width)
    at_status = positions.get("status", width)
    at_opened = positions.get("opened_on", width)
    first_line: dict[str, int] = {}
    valid: list[PlannedRow] = []
    team_cache: dict[str, tuple[int, str] | None] = {}
    worker_cache: dict[tuple[str, int], int | None] = {}
    date_cache: dict[str, datetime.date | None] = {"": None}
    statuses: dict[str, str] = dict(STATUS_TEXT)

    previous_line = reader.line_num
    try:
        for cells in reader:
            line = previous_line + 1
            previous_line = reader.line_num
            joined = "".join(cells)
            if not joined or joined.isspace():
                continue  # blank lines are skipped, but still counted as lines
            plan.total_rows += 1
            count = len(cells)
            extra = 0
            if count != width:
                if count > width and any(cell.strip() for cell in cells[width:]):
                    extra = count
                cells = cells[:width] if count > width else cells + [""] * (width - count)
            cells.append("")

            reference = cells[at_reference].strip()
            name = cells[at_name].strip()
            code = cells[at_team].strip()
            email = cells[at_worker].strip()
            raw_status = cells[at_status].strip()
            raw_opened = cells[at_opened].strip()

            team = team_cache.get(code, _MISSING)
            if team is _MISSING:
                team = team_cache[code] = lookups.team(code) if code else None
            status = statuses.get(raw_status)
            if status is None:
                status = STATUS_TEXT.get(raw_status.lower())
                if status is not None:
                    statuses[raw_status] = status
            opened_on = date_cache.get(raw_opened, _MISSING)
            if opened_on is _MISSING:
                opened_on = date_cache[raw_opened] = parse_csv_date(raw_opened)
            worker_id: int | None = None
            worker_ok = True
            if email and team is not None:
                key = (email, team[0])
                worker_id = worker_cache.get(key, _MISSING)
                if worker_id is _MISSING:
                    worker_id = worker_cache[key] = lookups.worker_id(email, team)
                worker_ok = worker_id is not None

            if (
                not extra
                and reference
                and len(reference) <= CASE_REFERENCE_MAX
                and reference not in first_line
                and name
                and len(name) <= FAMILY_NAME_MAX
                and team is not None
                and worker_ok
                and status is not None
                and (opened_on is not None or not raw_opened)
            ):
                first_line[reference] = line
                if not errors:
                    valid.append(
                        PlannedRow(
                            line,
                            reference,
                            name,
                            team[0],
                            worker_id,
                            status,
                            opened_on,
                            team[1],
                            email,
                        )
                    )
            else:
                errors.extend(
                    _row_errors(
                        line=line,
                        extra=extra,
                        width=width,
                        reference=reference,
                        first_line=first_line,
                        name=name,
                        code=code,
                        team=team,
                        email=email,
                        lookups=lookups,
                        status_ok=status is not None,
                        date_ok=opened_on is not None or not raw_opened,
                    )
                )
                if reference and reference not in first_line:
                    first_line[reference] = line
    except csv.Error as exc:
        errors.append(
            RowError(
                previous_line + 1,
                "",
                f"This line could not be read as CSV ({exc}). Check that quotes are closed",
            )
        )

    if plan.total_rows == 0 and not errors:
        raise ImportFileError("The selected file has no families below the header row")
    if errors:
        return plan

    existing = _existing_families([row.case_reference for row in valid])
    for row in valid:
        family = existing.get(row.case_reference)
        if family is None:
            action = NEW
            plan.new_rows.append(row)
        elif (
            family.name == row.name
            and family.team_id == row.team_id
            and family.allocated_worker_id == row.worker_id
            and family.status == row.status
            and (row.opened_on is None or row.opened_on == family.opened_on)
        ):
            action = UNCHANGED
            plan.unchanged_count += 1
        else:
            action = UPDATED
            plan.changed_rows.append((row, family))
        if len(plan.preview) < PREVIEW_ROWS:
            plan.preview.append(
                {
                    "line": row.line,
                    "case_reference": row.case_reference,
                    "family_name": row.name,
                    "team_code": row.team_code,
                    "worker_email": row.worker_email,
                    "status": row.status,
                    "opened_on": row.opened_on.isoformat() if row.opened_on else "",
                    "action": action,
                }
            )
    return plan


def _row_errors(
    *,
    line: int,
    extra: int,
    width: int,
    reference: str,
    first_line: dict[str, int],
    name: str,
    code: str,
    team: tuple[int, str] | None,
    email: str,
    lookups: _Lookups,
    status_ok: bool,
    date_ok: bool,
) -> list[RowError]:
    """Every problem with one row that failed the quick check, in column order."""
    found: list[RowError] = []
    if extra:
        found.append(
            RowError(line, "", f"This line has {extra} values but the header has {width} columns")
        )
    if not reference:
        found.append(RowError(line, "case_reference", "Enter the case reference"))
    elif len(reference) > CASE_REFERENCE_MAX:
        found.append(
            RowError(
                line,
                "case_reference",
                f"Case reference must be {CASE_REFERENCE_MAX} characters or fewer",
            )
        )
    elif reference in first_line:
        found.append(
            RowError(
                line,
                "case_reference",
                f"Case reference {shown(reference)} is also on line {first_line[reference]}: "
                "each family must appear once",
            )
        )
    if not name:
        found.append(RowError(line, "family_name", "Enter the family name"))
    elif len(name) > FAMILY_NAME_MAX:
        found.append(
            RowError(
                line, "family_name", f"Family name must be {FAMILY_NAME_MAX} characters or fewer"
            )
        )
    if not code:
        found.append(RowError(line, "team_code", "Enter the team code"))
    elif team is None:
        found.append(RowError(line, "team_code", f"There is no team with the code {shown(code)}"))
    if email:
        problem = lookups.worker_problem(email, team)
        if problem:
            found.append(RowError(line, "worker_email", problem))
    if not status_ok:
        found.append(RowError(line, "status", "Status must be open or closed"))
    if not date_ok:
        found.append(
            RowError(
                line,
                "opened_on",
                "Date opened must be a real date written as YYYY-MM-DD or DD/MM/YYYY, "
                "like 2025-03-27 or 27/03/2025",
            )
        )
    return found


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


def _progress_key(batch: ImportBatch) -> str:
    return f"people:import:{batch.uuid}:progress"


def import_progress(batch: ImportBatch) -> int:
    """Rows written so far: from the cache while applying, from the batch once finished."""
    if batch.status == ImportBatch.Status.APPLYING:
        return int(cache.get(_progress_key(batch), 0))
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
        cache.set(_progress_key(locked), 0, PROGRESS_TIMEOUT)
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
            _write(plan=plan, actor=actor, batch=batch)
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
    cache.delete(_progress_key(batch))
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


class _BulkWriter:
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
        row_fields = [_field(meta.model, name) for name in per_row]
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
        model_fields = [_field(meta.model, name) for name in fields]
        table = self.quote(str(meta.db_table))
        pk = self.quote(str(_field(model, meta.pk.name).column))
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
            pk_type = _field(model, model._meta.pk.name).rel_db_type(connection)
            self.cursor.execute(
                f"CREATE TEMPORARY TABLE {name} ({columns}, import_pk {pk_type}) ON COMMIT DROP"
            )
            self.update_tables[key] = name
        return self.update_tables[key]

    def _copy(self, sql: str, rows: list[tuple[Any, ...]], fixed: tuple[Any, ...]) -> None:
        with self.cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row + fixed)


def _write(*, plan: ImportPlan, actor: Staff, batch: ImportBatch) -> None:
    """Insert new families and update changed ones, each with its access event.

    Must run inside the import's transaction. Progress goes to the cache, which other
    connections can read while this transaction is still open.
    """
    ops = connection.ops
    native_uuid = connection.features.has_native_uuid_field
    now = timezone.now()
    key = _progress_key(batch)
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
    db_now = _field(Family, "updated_at").get_db_prep_save(now, connection)
    open_status = Family.Status.OPEN

    with connection.cursor() as cursor, _large_page_cache(cursor):
        writer = _BulkWriter(cursor)
        for chunk in _chunks(plan.new_rows, WRITE_BATCH):
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

        for chunk in _chunks(plan.changed_rows, WRITE_BATCH):
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


def error_report_rows(batch: ImportBatch) -> Iterator[list[Any]]:
    """The error report as CSV rows: a header, then one row per error."""
    yield ["Line", "Column", "Problem"]
    for error in batch.errors:
        yield [error.get("line", ""), error.get("column", ""), error.get("message", "")]
