"""The staff survey's results as CSV and XLSX: the rows the results page shows, no more.

Built from `selectors.wellbeing_results`, so a download holds exactly the groups the reader
may read, and a group the anonymity rule hides has its name, how many were asked and the
word "hidden": no count, no score. Comments are not downloaded (they are read on the page,
in a random order, for groups of 5 or more).
"""

from __future__ import annotations

from collections.abc import Iterator

from django.http import HttpResponse

from restorative.core.downloads import (
    XLSX_CONTENT_TYPE,
    attachment,
    csv_attachment,
    xlsx_bytes,
)

from .items import ITEMS, THEMES
from .selectors import Results

HIDDEN = "Hidden: fewer than 5 could be shown"
LEVELS = {"organisation": "Organisation", "service": "Service", "team": "Team"}


def headers(results: Results) -> list[str]:
    columns = ["Round", "Group", "Level", "Staff asked", "Respondents", "Response rate (%)"]
    columns += [f"{label} (mean, 0 to 10)" for label in THEMES.values()]
    columns += [f"{item.text} (mean)" for item in ITEMS]
    if results.asks_swemwbs:
        columns.append("SWEMWBS metric score (mean)")
    return columns


def rows(results: Results) -> Iterator[list[object]]:
    for group in results.groups:
        row: list[object] = [
            results.round.title,
            group.label,
            LEVELS[group.level],
            group.eligible,
        ]
        if not group.shown:
            row.append(HIDDEN)
            yield row
            continue
        row += [group.respondents, group.response_rate]
        row += [group.theme_means.get(theme) for theme in THEMES]
        row += [group.item_means.get(item.key) for item in ITEMS]
        if results.asks_swemwbs:
            row.append(group.swemwbs_mean)
        yield row


def filename(results: Results, extension: str) -> str:
    return f"staff-wellbeing-{results.round.opens_on:%Y-%m-%d}.{extension}"


def results_csv(results: Results) -> HttpResponse:
    return csv_attachment(
        [headers(results), *rows(results)],
        filename=filename(results, "csv"),
        spreadsheet_bom=True,
    )


def results_xlsx(results: Results) -> HttpResponse:
    content, _count = xlsx_bytes(
        rows(results), sheet_title="Staff wellbeing", headers=headers(results), widths=()
    )
    return attachment(content, filename=filename(results, "xlsx"), content_type=XLSX_CONTENT_TYPE)
