"""Server-rendered SVG bar charts, drawn beside a table of the same numbers (DESIGN.md: no
third-party scripts; the table is what a screen reader and a keyboard user read, so the
chart is marked as an image with a title and is hidden from nothing).

Kept here for the complaint reports; it has no complaint in it, so it can move to `core`
when another area needs the same picture.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 230
CHART_WIDTH = 560
VALUE_WIDTH = 50
# GOV.UK colours with at least 3:1 contrast against white (WCAG 2.2 non-text contrast).
BAR_COLOUR = "#1d70b8"
TEXT_COLOUR = "#0b0c0c"


def bar_chart(title: str, bars: Sequence[tuple[str, int]]) -> SafeString:
    """A horizontal bar chart of (label, count) as an inline SVG image titled `title`."""
    most = max((value for _, value in bars), default=0) or 1
    plot = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = max(1, len(bars)) * (BAR_HEIGHT + GAP) + GAP
    parts = [
        f'<svg class="app-chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'width="100%" viewBox="0 0 {CHART_WIDTH} {height}" '
        f'preserveAspectRatio="xMinYMin meet" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for index, (label, value) in enumerate(bars):
        y = GAP + index * (BAR_HEIGHT + GAP)
        width = round(plot * value / most) if value else 0
        middle = y + BAR_HEIGHT / 2 + 5
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{middle}" text-anchor="end" font-size="14" '
            f'fill="{TEXT_COLOUR}">{escape(label[:32])}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" '
            f'fill="{BAR_COLOUR}"></rect>'
            f'<text x="{LABEL_WIDTH + width + 6}" y="{middle}" font-size="14" '
            f'fill="{TEXT_COLOUR}">{int(value)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text in it is escaped above
