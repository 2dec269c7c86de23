"""Checking a families file: every row against the organisation's teams, staff and families.

`plan_import` reads only; it says what importing the file would do, or lists every problem
with its line. The package's `__init__` stores and applies batches; `writing` writes them.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import Model

from restorative.core.csv_import import (
    Column,
    ImportFileError,
    RowError,
    data_rows,
    parse_csv_date,
    read_header,
    shown,
)

from ..models import Family, Staff, Team
from ..permissions import ALLOCATABLE_ROLES as allocatable_roles

PREVIEW_ROWS = 20
LOOKUP_CHUNK = 900  # SQLite allows 999 parameters in one query

NEW, UPDATED, UNCHANGED = "new", "updated", "unchanged"


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
# Who may hold a family: the one rule the family page, service and API use too.
ALLOCATABLE_ROLES = frozenset(allocatable_roles)
STATUSES = {"open": Family.Status.OPEN, "closed": Family.Status.CLOSED}
CASE_REFERENCE_MAX = Family._meta.get_field("case_reference").max_length or 40
FAMILY_NAME_MAX = Family._meta.get_field("name").max_length or 200


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


def _as_date(value: Any) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
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


def field_of(model: type[Model], name: str) -> Any:
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
    columns = ", ".join(quote(field_of(meta.model, name).column) for name in EXISTING_COLUMNS)
    table = quote(str(meta.db_table))
    reference_column = quote(field_of(meta.model, "case_reference").column)
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
            for chunk in chunks(references, LOOKUP_CHUNK)
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
    header, positions, header_errors = read_header(
        reader, known=KNOWN_COLUMNS, required=REQUIRED_COLUMNS
    )
    if header_errors:
        errors.extend(header_errors)
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

    for line, cells, extra in data_rows(reader, width=width, errors=errors):
        plan.total_rows += 1
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
