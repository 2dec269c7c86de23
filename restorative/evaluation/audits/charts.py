"""Server-rendered SVG charts for the audit reports: stacked bars of grades, the numbers in a
table beside each chart (the chart is a picture of the table, hidden from screen readers).

No script and no third-party code: the SVG is built here with every text escaped.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .reports import GRADES, ReportRow

# GOV.UK colours: green, light green, orange, red (distinguishable by position and legend).
GRADE_COLOURS = ("#00703c", "#85994b", "#f47738", "#d4351c")
ROW_HEIGHT = 28
LABEL_WIDTH = 220
BAR_WIDTH = 440


def stacked_bars(rows: list[ReportRow], *, title: str) -> SafeString:
    """Horizontal stacked bars, one per row, each grade's share of the row's audits."""
    height = ROW_HEIGHT * max(len(rows), 1) + 40
    width = LABEL_WIDTH + BAR_WIDTH + 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="audit-chart" role="img" '
        f'aria-hidden="true" focusable="false" width="100%" viewBox="0 0 {width} {height}">',
        f"<title>{escape(title)}</title>",
    ]
    for index, row in enumerate(rows):
        y = index * ROW_HEIGHT + 4
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 17}" text-anchor="end" font-size="14" '
            f'fill="#0b0c0c">{escape(row.label[:30])}</text>'
        )
        x = float(LABEL_WIDTH)
        for count, colour in zip(row.counts, GRADE_COLOURS, strict=True):
            if not row.total or not count:
                continue
            share = BAR_WIDTH * count / row.total
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{share:.1f}" height="{ROW_HEIGHT - 8}" '
                f'fill="{colour}"/>'
            )
            x += share
        parts.append(
            f'<text x="{LABEL_WIDTH + BAR_WIDTH + 6}" y="{y + 17}" font-size="14" '
            f'fill="#0b0c0c">{row.total}</text>'
        )
    legend_y = ROW_HEIGHT * max(len(rows), 1) + 20
    x = LABEL_WIDTH
    for grade, colour in zip(GRADES, GRADE_COLOURS, strict=True):
        parts.append(f'<rect x="{x}" y="{legend_y}" width="12" height="12" fill="{colour}"/>')
        label = escape(str(grade.label).replace(" to be good", ""))
        parts.append(
            f'<text x="{x + 16}" y="{legend_y + 11}" font-size="12" fill="#0b0c0c">{label}</text>'
        )
        x += 120
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
