"""Spreadsheet safety for exports (security.md item 10)."""

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Neutralise a cell a spreadsheet would run as a formula, by prefixing an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore_cell(value: str) -> str:
    """Undo `safe_cell` when a file we exported comes back for import.

    Only an apostrophe followed by a formula character is removed (spreadsheets keep or drop
    it on saving; either way the value is the same). A value that itself began with an
    apostrophe and a formula character would lose the apostrophe; no import holds such values.
    """
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
