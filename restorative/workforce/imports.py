"""Import of historical training records (course completions) from CSV (issue 5 point 6).

Before this platform, training was recorded in spreadsheets and the learning management
system. Their records come in here so that compliance starts from the truth, not from zero.
The import follows the families import (docs/decisions/0003-csv-import.md) in shape:

1. `plan_import` decodes nothing and writes nothing: it checks every row of the decoded text
   against the staff accounts, the course catalogue and the completions already recorded,
   and says what importing would do, or lists every problem with its line.
2. `import_apply` checks the text again inside one transaction (accounts and courses may have
   changed since the preview) and writes every new completion, or nothing at all.

Differences from the families import, and why (decision 0009, "Import of training records"):
- There is no stored batch: the workforce app has no model for one. The preview page carries
  the checked file back in a signed token (`import_views`), and the import is idempotent
  instead: a completion already recorded (same person, course and date, from any source) is
  left as it is and counted as "already recorded". Applying the same file twice — a double
  click, the back button, or the same export uploaded next month — therefore adds nothing the
  second time. Imports lock the training settings row, so two at once run one after the other
  and the second sees what the first wrote.
- Training records are employment records, not case data: no access events (those are for
  families); the security log gets who imported, when, the counts and the file's SHA-256.
- Files are small (an organisation's whole training history is tens of thousands of rows), so
  the import always runs inside the request; 10,000 rows take about a second.
"""

from __future__ import annotations

import csv
import datetime
import difflib
import hashlib
import io
import logging
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.core.exceptions import PermissionDenied
from django.db import transaction

from restorative.core import csv_import
from restorative.core.csv_import import (
    Column,
    ImportFileError,
    RowError,
    data_rows,
    parse_csv_date,
    read_header,
)
from restorative.core.csv_import import shown as _shown
from restorative.core.security import log_security_event
from restorative.people.models import Staff

from . import compliance, permissions
from .models import Completion, Course, TrainingSettings
from .services import training_settings_get

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILE_LABEL = "10 MB"
PREVIEW_ROWS = 20
DISPLAYED_ERRORS = 500
WRITE_BATCH = 2_000

NEW, ALREADY_RECORDED = "new", "already_recorded"


COLUMNS: tuple[Column, ...] = (
    Column(
        "staff_email",
        True,
        "Email address of the person's account here (upper or lower case). "
        "Leavers' accounts count too, so their history can be kept.",
        "a.patel@council.example",
    ),
    Column(
        "course",
        True,
        "The course's title exactly as it is in the course catalogue (upper or lower case). "
        "Add a course that is missing to the catalogue first.",
        "Restorative practice foundation",
    ),
    Column(
        "completed_on",
        True,
        "The day the person completed the course, as YYYY-MM-DD or DD/MM/YYYY. "
        "Not a date in the future.",
        "14/03/2024",
    ),
    Column(
        "valid_until",
        False,
        "The last day the training counts, if the certificate says. Empty: worked out from "
        "the course's validity (it never expires if the course has none).",
        "13/03/2027",
    ),
)
REQUIRED_COLUMNS = tuple(c.name for c in COLUMNS if c.required)
KNOWN_COLUMNS = tuple(c.name for c in COLUMNS)
# Other names that exports commonly use for the same columns.
ALIASES = {"email": "staff_email", "course_title": "course"}


class PlannedCompletion(NamedTuple):
    line: int
    person_id: int
    course_id: int
    completed_on: datetime.date
    valid_until: datetime.date | None


@dataclass
class ImportPlan:
    """What an import would do: the completions to add, or every problem with its line."""

    new_rows: list[PlannedCompletion] = field(default_factory=list)
    already_recorded: int = 0
    errors: list[RowError] = field(default_factory=list)
    total_rows: int = 0
    preview: list[dict[str, Any]] = field(default_factory=list)

    @property
    def new_count(self) -> int:
        return len(self.new_rows)


@dataclass(frozen=True)
class ImportResult:
    created: int
    already_recorded: int
    total_rows: int


class ImportChanged(Exception):
    """Since the preview, accounts or courses changed and some rows are no longer valid."""

    def __init__(self, plan: ImportPlan) -> None:
        super().__init__("The file no longer passes its checks")
        self.plan = plan


# --- Reading the file ---------------------------------------------------------------


def decode_csv_bytes(data: bytes) -> str:
    """The uploaded file as text, or ImportFileError (see `core.csv_import`)."""
    return csv_import.decode_csv_bytes(data, max_bytes=MAX_FILE_BYTES, max_label=MAX_FILE_LABEL)


def file_fingerprint(text: str) -> str:
    """A SHA-256 of the file for the security log: which file, without what is in it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _course_key(title: str) -> str:
    return " ".join(title.split()).casefold()


_DATE_FORMAT = "a real date written as YYYY-MM-DD or DD/MM/YYYY, like 2024-03-14 or 14/03/2024"
_MISSING: Any = object()


class _Lookups:
    """Staff accounts and courses, each read once per check (a few thousand rows at most)."""

    def __init__(self) -> None:
        self.staff: dict[str, tuple[int, str, str]] = {}
        for staff_id, email, first, last in Staff.objects.values_list(
            "id", "email", "first_name", "last_name"
        ):
            self.staff[email.lower()] = (staff_id, email, f"{first} {last}".strip() or email)
        self.courses: dict[str, tuple[int, str, int | None]] = {}
        folded: dict[str, list[tuple[int, str, int | None]]] = {}
        for course_id, title, validity in Course.objects.values_list(
            "id", "title", "validity_months"
        ):
            self.courses[title] = (course_id, title, validity)
            folded.setdefault(_course_key(title), []).append((course_id, title, validity))
        # Another case or spacing still matches, when it matches only one course.
        self.courses_folded = {key: found[0] for key, found in folded.items() if len(found) == 1}
        self._titles = sorted(folded)
        self._title_of = {key: found[0][1] for key, found in folded.items()}

    def course(self, title: str) -> tuple[int, str, int | None] | None:
        return self.courses.get(title) or self.courses_folded.get(_course_key(title))

    def course_problem(self, title: str) -> str:
        message = f"There is no course called ‘{_shown(title, 80)}’ — check the course catalogue"
        close = difflib.get_close_matches(_course_key(title), self._titles, n=1, cutoff=0.8)
        if close:
            message += f" (did you mean ‘{self._title_of[close[0]]}’?)"
        return message


def plan_import(text: str, *, today: datetime.date) -> ImportPlan:
    """Check every row of the decoded CSV and say what importing it would do. Reads only.

    Line numbers are lines of the file, the header being line 1 (a quoted value running over
    several lines counts each of them). Raises ImportFileError when the file has no rows;
    every other problem is a line-numbered error. A row whose completion is already recorded
    (same person, course and date, from any source) is not an error: it is left as it is.
    """
    plan = ImportPlan()
    errors = plan.errors
    reader = csv.reader(io.StringIO(text, newline=""))
    header, positions, header_errors = read_header(
        reader, known=KNOWN_COLUMNS, required=REQUIRED_COLUMNS, aliases=ALIASES
    )
    if header_errors:
        errors.extend(header_errors)
        return plan

    lookups = _Lookups()
    width = len(header)
    at_email, at_course, at_completed = (positions[name] for name in REQUIRED_COLUMNS)
    at_valid = positions.get("valid_until", width)  # every row is padded with one empty cell
    date_cache: dict[str, datetime.date | None] = {}
    first_line: dict[tuple[int, int, datetime.date], int] = {}
    shown: dict[int, tuple[str, str, str]] = {}

    for line, cells, extra in data_rows(reader, width=width, errors=errors):
        plan.total_rows += 1
        if extra:
            errors.append(
                RowError(
                    line, "", f"This line has {extra} values but the header has {width} columns"
                )
            )
        email = cells[at_email].strip()
        title = cells[at_course].strip()
        raw_completed = cells[at_completed].strip()
        raw_valid = cells[at_valid].strip()
        row_errors: list[RowError] = []

        person = lookups.staff.get(email.lower()) if email else None
        if not email:
            row_errors.append(RowError(line, "staff_email", "Enter the staff email address"))
        elif person is None:
            row_errors.append(
                RowError(
                    line,
                    "staff_email",
                    f"There is no staff account with the email address {_shown(email, 80)}",
                )
            )
        course = lookups.course(title) if title else None
        if not title:
            row_errors.append(RowError(line, "course", "Enter the course title"))
        elif course is None:
            row_errors.append(RowError(line, "course", lookups.course_problem(title)))

        completed_on = date_cache.get(raw_completed, _MISSING)
        if completed_on is _MISSING:
            completed_on = date_cache[raw_completed] = parse_csv_date(raw_completed)
        if not raw_completed:
            row_errors.append(RowError(line, "completed_on", "Enter the date completed"))
        elif completed_on is None:
            row_errors.append(
                RowError(line, "completed_on", f"The date completed must be {_DATE_FORMAT}")
            )
        elif completed_on > today:
            row_errors.append(
                RowError(
                    line,
                    "completed_on",
                    f"The date completed ({completed_on:%d/%m/%Y}) is in the future: "
                    "only training already completed can be imported",
                )
            )

        valid_until: datetime.date | None = None
        if raw_valid:
            valid_until = date_cache.get(raw_valid, _MISSING)
            if valid_until is _MISSING:
                valid_until = date_cache[raw_valid] = parse_csv_date(raw_valid)
            if valid_until is None:
                row_errors.append(
                    RowError(line, "valid_until", f"Valid until must be {_DATE_FORMAT}")
                )
            elif completed_on is not None and valid_until < completed_on:
                row_errors.append(
                    RowError(
                        line,
                        "valid_until",
                        "Valid until must be the same as or after the date completed",
                    )
                )
        elif course is not None and completed_on is not None:
            valid_until = compliance.valid_until_for(completed_on, course[2])

        if person is not None and course is not None and completed_on is not None:
            key = (person[0], course[0], completed_on)
            if key in first_line:
                row_errors.append(
                    RowError(
                        line,
                        "",
                        f"The same completion (person, course and date) is also on line "
                        f"{first_line[key]}: each completion must appear once",
                    )
                )
            else:
                first_line[key] = line
            if not row_errors and not errors:
                plan.new_rows.append(
                    PlannedCompletion(line, person[0], course[0], completed_on, valid_until)
                )
                if len(shown) < PREVIEW_ROWS:
                    shown[line] = (person[1], person[2], course[1])
        errors.extend(row_errors)

    if plan.total_rows == 0 and not errors:
        raise ImportFileError("The selected file has no training records below the header row")
    if errors:
        plan.new_rows = []
        return plan

    recorded = _recorded({row.course_id for row in plan.new_rows})
    rows = plan.new_rows
    plan.new_rows = []
    for row in rows:
        action = NEW
        if (row.person_id, row.course_id, row.completed_on) in recorded:
            action = ALREADY_RECORDED
            plan.already_recorded += 1
        else:
            plan.new_rows.append(row)
        if row.line in shown:
            email, name, title = shown[row.line]
            plan.preview.append(
                {
                    "line": row.line,
                    "staff_email": email,
                    "name": name,
                    "course": title,
                    "completed_on": row.completed_on,
                    "valid_until": row.valid_until,
                    "action": action,
                }
            )
    return plan


def _recorded(course_ids: set[int]) -> set[tuple[int, int, datetime.date]]:
    """(person, course, date) of every completion already recorded for these courses.

    One query by course (a handful of ids) rather than by person (thousands, past what SQLite
    binds in one query); the pairs are matched in Python.
    """
    return set(
        Completion.objects.filter(course_id__in=course_ids).values_list(
            "person_id", "course_id", "completed_on"
        )
    )


# --- Writing --------------------------------------------------------------------------


def can_import_training(user: Any) -> bool:
    """Importing records is part of managing training: the workforce development team only.

    Not system administrators (unlike the families import): they see no one's training but
    their own (decision 0009), and the preview shows everyone's records.
    """
    return permissions.can_manage_training(user)


def import_check(*, actor: Staff, text: str, today: datetime.date) -> ImportPlan:
    """Check a decoded file for the preview, and log that it was checked. Writes nothing."""
    if not can_import_training(actor):
        raise PermissionDenied
    plan = plan_import(text, today=today)
    log_security_event(
        "training_import_checked",
        user=actor,
        file_sha256=file_fingerprint(text),
        rows=str(plan.total_rows),
        errors=str(len(plan.errors)),
    )
    return plan


def import_apply(*, actor: Staff, text: str, today: datetime.date) -> ImportResult:
    """Check the file again and record every new completion, all or nothing.

    Raises ImportChanged (with the new line-numbered errors) when a row is no longer valid;
    then nothing is written. Completions already recorded are left as they are, so applying
    the same file twice records each completion once. The settings row is locked first, so
    two imports at once run one after the other (on PostgreSQL the second waits, then sees
    the first's completions; SQLite serialises writers anyway).
    """
    if not can_import_training(actor):
        raise PermissionDenied
    training_settings_get()  # the row to lock exists from the first use of training
    fingerprint = file_fingerprint(text)
    with transaction.atomic():
        # Every settings row, in key order: there is one, unless two first uses raced.
        list(TrainingSettings.objects.select_for_update().order_by("pk").values("pk"))
        plan = plan_import(text, today=today)
        if plan.errors:
            raise ImportChanged(plan)
        for start in range(0, plan.new_count, WRITE_BATCH):
            Completion.objects.bulk_create(
                [
                    Completion(
                        person_id=row.person_id,
                        course_id=row.course_id,
                        completed_on=row.completed_on,
                        valid_until=row.valid_until,
                        source=Completion.Source.IMPORTED,
                    )
                    for row in plan.new_rows[start : start + WRITE_BATCH]
                ]
            )
    log_security_event(
        "training_imported",
        user=actor,
        file_sha256=fingerprint,
        created=str(plan.new_count),
        already_recorded=str(plan.already_recorded),
    )
    return ImportResult(plan.new_count, plan.already_recorded, plan.total_rows)


def error_report_rows(errors: list[RowError]) -> list[list[Any]]:
    """The error report as CSV rows: a header, then one row per error."""
    return csv_import.error_report_rows(errors)
