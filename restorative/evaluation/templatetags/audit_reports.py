"""The rows of the audit report tables, built in Python.

Why: the report by team lists every team in reach (about 400 for a large organisation), and
the template language spent more time on those few thousand cells than the database spent
counting them. The markup is the same as a template would write; every text is escaped by
`format_html`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from ..audits.reports import ReportRow

register = template.Library()

NUMERIC = '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'


def _row(row: ReportRow) -> SafeString:
    percent = f"{row.percent_good}%" if row.percent_good is not None else ""
    return format_html(
        '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{}</th>'
        "{}" + NUMERIC + NUMERIC + "</tr>",
        row.label,
        format_html_join("", NUMERIC, ((count,) for count in row.counts)),
        row.total,
        percent,
    )


@register.simple_tag
def grade_rows(rows: Iterable[ReportRow], total: ReportRow | None = None) -> SafeString:
    """One table row per report row (label, a count per grade, total, good or better), and
    the total row when given."""
    every = [*rows, *([total] if total else [])]
    return format_html_join("", "{}", ((_row(row),) for row in every))
