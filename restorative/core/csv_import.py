"""Reading an uploaded CSV file, the same way for every import (families, training records).

Each import checks its own rows; what they share is here: the file decoded strictly as UTF-8,
control characters refused with their line numbers, the header row read into column
positions, dates in the two forms people type, values shortened when quoted back, and the
downloadable error report. Line numbers are lines of the file, the header being line 1.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

NOT_UTF8 = "The file must be saved as UTF-8 CSV"

# C0 controls except tab, line feed and carriage return, then DEL and the C1 controls.
# PostgreSQL cannot store a NUL in text at all (the request failed with a 500), and no name,
# reference or email holds any of these; they come from a damaged file or a wrong export.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
LINES_NAMED = 10


class ImportFileError(Exception):
    """The file cannot be read at all (too large, empty, not UTF-8, control characters):
    nothing is checked or stored."""


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem, with the line of the file it is on and the column (empty for the row)."""

    line: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        column = f" ({self.column})" if self.column else ""
        return f"Line {self.line}{column}: {self.message}"


@dataclass(frozen=True)
class Column:
    """A column of an import file, as its upload page and the README describe it."""

    name: str
    required: bool
    description: str
    example: str


def decode_csv_bytes(data: bytes, *, max_bytes: int, max_label: str) -> str:
    """The file as text: UTF-8 with or without a byte order mark, or a clear refusal.

    Decoding is strict and all at once, so a file in another encoding is refused whole
    rather than half read with replacement characters. A file with control characters is
    refused naming their lines, before anything is checked or stored.
    """
    if len(data) > max_bytes:
        raise ImportFileError(f"The selected file must be smaller than {max_label}")
    if not data.strip():
        raise ImportFileError("The selected file is empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(NOT_UTF8) from None
    if not text.strip():
        raise ImportFileError("The selected file is empty")
    refuse_control_characters(text)
    return text


def control_character_lines(text: str) -> list[int]:
    """The lines of the file (as the CSV reader counts them) holding a control character."""
    if CONTROL_CHARACTERS.search(text) is None:
        return []  # the usual case: one pass in C over the whole file
    return [
        number
        for number, line in enumerate(io.StringIO(text, newline=""), start=1)
        if CONTROL_CHARACTERS.search(line)
    ]


def refuse_control_characters(text: str) -> None:
    """Raise ImportFileError naming the lines that hold control characters, if any."""
    lines = control_character_lines(text)
    if not lines:
        return
    named = ", ".join(str(number) for number in lines[:LINES_NAMED])
    more = f" and {len(lines) - LINES_NAMED} more" if len(lines) > LINES_NAMED else ""
    where = f"Line {named}" if len(lines) == 1 else f"Lines {named}{more}"
    raise ImportFileError(
        f"{where}: the file contains a control character (such as a NUL byte), which no "
        "value can hold. Remove it, or export the file again as UTF-8 CSV"
    )


def normalise_header(name: str, aliases: Mapping[str, str] | None = None) -> str:
    """A column name as the imports know it: lower case, with underscores for spaces."""
    key = name.strip().lower().replace(" ", "_").replace("-", "_")
    return aliases.get(key, key) if aliases else key


def read_header(
    reader: Any,
    *,
    known: Sequence[str],
    required: Sequence[str],
    aliases: Mapping[str, str] | None = None,
) -> tuple[list[str], dict[str, int], list[RowError]]:
    """The header row, each column's position, and any problems with the header (line 1).

    Raises ImportFileError when the file has no rows at all. A column named twice keeps its
    first position; unknown columns are ignored.
    """
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError("The selected file is empty") from None
    except csv.Error as exc:
        return [], {}, [RowError(1, "", f"The header row could not be read as CSV ({exc})")]
    errors: list[RowError] = []
    positions: dict[str, int] = {}
    for index, name in enumerate(normalise_header(name, aliases) for name in header):
        if name in positions and name in known:
            errors.append(RowError(1, name, f"The column {name} appears more than once"))
        positions.setdefault(name, index)
    missing = [name for name in required if name not in positions]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        errors.append(
            RowError(1, "", f"The header row must include the column{plural} {', '.join(missing)}")
        )
    return list(header), positions, errors


def data_rows(
    reader: Any, *, width: int, errors: list[RowError]
) -> Iterator[tuple[int, list[str], int]]:
    """Each row below the header that holds anything, as (line, cells, extra).

    `cells` is cut or padded to the header's `width`, plus one empty cell that an absent
    optional column can point at, so the caller reads cells by position without checks.
    `extra` is how many values the row had when there are values beyond the header's
    columns (0 otherwise); the caller words that error. Blank lines are skipped but still
    counted as lines. A line that cannot be read as CSV ends the rows with an error in
    `errors`: nothing after it can be trusted to start where it seems to.
    """
    previous_line = reader.line_num
    try:
        for cells in reader:
            line = previous_line + 1
            previous_line = reader.line_num
            joined = "".join(cells)
            if not joined or joined.isspace():
                continue
            count = len(cells)
            extra = 0
            if count != width:
                if count > width and any(cell.strip() for cell in cells[width:]):
                    extra = count
                cells = cells[:width] if count > width else cells + [""] * (width - count)
            cells.append("")
            yield line, cells, extra
    except csv.Error as exc:
        errors.append(
            RowError(
                previous_line + 1,
                "",
                f"This line could not be read as CSV ({exc}). Check that quotes are closed",
            )
        )


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


ERROR_REPORT_HEADER = ["Line", "Column", "Problem"]


def error_report_rows(errors: Iterable[RowError | Mapping[str, Any]]) -> list[list[Any]]:
    """The error report as CSV rows: a header, then one row per error (stored as a dict or
    as a RowError)."""
    rows: list[list[Any]] = [list(ERROR_REPORT_HEADER)]
    for error in errors:
        if isinstance(error, RowError):
            rows.append([error.line, error.column, error.message])
        else:
            rows.append([error.get("line", ""), error.get("column", ""), error.get("message", "")])
    return rows
