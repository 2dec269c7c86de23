"""Server-rendered SVG charts, one way for every page that draws figures.

No script draws anything and no third-party code is used (DESIGN.md): each chart is an inline
SVG built here with every text escaped, so the page reads the same without JavaScript. A
chart is a picture of a table the page shows beside it: the SVG is one image (`role="img"`)
whose name is its title and says where the figures are, with the same words as its `<title>`
and `<desc>`; the table is what a screen reader and a keyboard user read.

Colours are GOV.UK colours with at least 3:1 contrast against white (WCAG 2.2 non-text
contrast); a series is told apart by position and the legend, not by colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR_COLOUR = "#1d70b8"  # GOV.UK blue
TEXT_COLOUR = "#0b0c0c"  # GOV.UK text
EMPTY_COLOUR = "#b1b4b6"  # GOV.UK mid grey: a period with no figure
TARGET_COLOUR = "#d4351c"  # GOV.UK red: the target line
# From best to worst (green, light green, orange, red), as ratings are listed.
RATING_COLOURS = ("#00703c", "#85994b", "#f47738", "#d4351c")
TABLE_BESIDE = "The figures are in the table beside it."

ROW_HEIGHT = 28
BAR_HEIGHT = 20
LABEL_CHARACTERS = 30


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value (None: no bar, only `text`) and the text shown at its end."""

    label: str
    value: float | None
    text: str


def _open(title: str, width: float, height: float, css_class: str) -> list[str]:
    """The start of every chart: one image named by its title, and where its figures are."""
    name = escape(title)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" role="img" '
        f'focusable="false" width="100%" viewBox="0 0 {width:g} {height:g}" '
        f'preserveAspectRatio="xMinYMin meet" aria-label="{name}. {TABLE_BESIDE}">',
        f"<title>{name}</title><desc>{TABLE_BESIDE}</desc>",
    ]


def _close(parts: list[str]) -> SafeString:
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text in the parts is escaped


def _label(x: float, y: float, text: str, *, anchor: str = "start", size: int = 14) -> str:
    shown = escape(text if len(text) <= LABEL_CHARACTERS else text[: LABEL_CHARACTERS - 1] + "…")
    return (
        f'<text x="{x:g}" y="{y:g}" text-anchor="{anchor}" font-size="{size}" '
        f'fill="{TEXT_COLOUR}">{shown}</text>'
    )


def horizontal_bars(
    title: str,
    bars: Sequence[Bar],
    *,
    scale_max: float | None = None,
    label_width: int = 220,
    bar_area: int = 300,
) -> SafeString:
    """One horizontal bar per `Bar`, labelled on the left, its text at its end.

    Bars are scaled to `scale_max` (10 for a score out of 10, 100 for a percentage), or to
    the largest value when it is None (counts). A bar whose value is None is not drawn: its
    text says why (a hidden small group, no answers).
    """
    top = scale_max or max((bar.value or 0 for bar in bars), default=0) or 1
    height = ROW_HEIGHT * max(len(bars), 1)
    parts = _open(title, label_width + bar_area + 80, height, "app-chart")
    for index, bar in enumerate(bars):
        y = index * ROW_HEIGHT
        width = 0.0 if not bar.value else round(bar_area * min(bar.value, top) / top, 1)
        if label_width:
            parts.append(_label(label_width - 8, y + 18, bar.label, anchor="end"))
        if bar.value is not None:
            parts.append(
                f'<rect x="{label_width}" y="{y + 4}" width="{width:g}" height="{BAR_HEIGHT}" '
                f'fill="{BAR_COLOUR}"></rect>'
            )
        parts.append(_label(label_width + width + 6, y + 18, bar.text))
    return _close(parts)


def count_bars(title: str, counts: Sequence[tuple[str, int]]) -> SafeString:
    """Horizontal bars of (label, count), scaled to the largest count, each count at its end."""
    return horizontal_bars(title, [Bar(label, count, str(int(count))) for label, count in counts])


def stacked_bars(
    title: str,
    rows: Sequence[tuple[str, Sequence[int]]],
    *,
    series: Sequence[str],
    colours: Sequence[str] = RATING_COLOURS,
    label_width: int = 220,
    bar_area: int = 440,
) -> SafeString:
    """One horizontal bar per (label, counts), each count's share of the row's total in the
    colour of its series, the total at the end, and a legend naming the series below."""
    height = ROW_HEIGHT * max(len(rows), 1) + 40
    parts = _open(title, label_width + bar_area + 60, height, "app-chart")
    for index, (label, counts) in enumerate(rows):
        y = index * ROW_HEIGHT + 4
        total = sum(counts)
        parts.append(_label(label_width - 8, y + 17, label, anchor="end"))
        x = float(label_width)
        for count, colour in zip(counts, colours, strict=True):
            if not count:
                continue
            share = bar_area * count / total
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{share:.1f}" height="{ROW_HEIGHT - 8}" '
                f'fill="{colour}"/>'
            )
            x += share
        parts.append(_label(label_width + bar_area + 6, y + 17, str(total)))
    legend_y = ROW_HEIGHT * max(len(rows), 1) + 20
    for index, (name, colour) in enumerate(zip(series, colours, strict=True)):
        x = label_width + index * 120
        parts.append(f'<rect x="{x}" y="{legend_y}" width="12" height="12" fill="{colour}"/>')
        parts.append(_label(x + 16, legend_y + 11, name, size=12))
    return _close(parts)


def columns(
    title: str,
    values: Sequence[Decimal | None],
    *,
    ceiling: Decimal | None = None,
    target: Decimal | None = None,
    width: int = 240,
    height: int = 48,
) -> SafeString:
    """A small trend: one column per period, scaled to `ceiling` (100 for percentages; the
    largest value or the target for counts), with the target as a dashed line. A period
    with no value is a short grey stub, not a zero."""
    known = [value for value in values if value is not None]
    top = ceiling or max([*known, target or Decimal(0), Decimal(1)])
    slot = width / max(len(values), 1)
    parts = _open(title, width, height, "app-chart app-chart--trend")
    for index, value in enumerate(values):
        x = index * slot
        if value is None:
            column, colour = 2.0, EMPTY_COLOUR
        else:
            column = max(float(value / top) * height, 1.0) if value else 1.0
            colour = BAR_COLOUR
        parts.append(
            f'<rect x="{x:.1f}" y="{height - column:.1f}" width="{slot - 2:.1f}" '
            f'height="{column:.1f}" fill="{colour}"></rect>'
        )
    if target is not None:
        line_y = height - float(min(target, top) / top) * height
        parts.append(
            f'<line x1="0" x2="{width}" y1="{line_y:.1f}" y2="{line_y:.1f}" '
            f'stroke="{TARGET_COLOUR}" stroke-width="1" stroke-dasharray="4 2"></line>'
        )
    return _close(parts)
