"""One measure's figure as the pages show it: `{% measure_value measure point %}`.

Why a tag and not an include: the picture shows each measure for this month, for every
service or team in the place and for 12 months, about a thousand figures for a head of
service; an include per figure cost most of the page's time (issue 13's benchmark). The
words are those of `includes/value.html`, which the board report still uses.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

SMALL = ' <strong class="govuk-tag govuk-tag--grey">Too few to read</strong>'


def _n(number: Decimal) -> str:
    return str(floatformat(number, "-2"))


@register.simple_tag
def measure_value(measure: Any, point: Any) -> SafeString:
    """The figure, its numerator and denominator where they help, and the small-number flag."""
    if point.value is None:
        if measure.anonymous:
            return mark_safe(  # noqa: S308 - fixed words, nothing from the data
                'Not shown <span class="govuk-body-s">'
                "(no answers, or fewer than 5 could be revealed)</span>"
            )
        return mark_safe("No data")  # noqa: S308 - fixed words
    small = mark_safe(SMALL) if point.small else ""  # noqa: S308 - fixed words
    if measure.kind == "percent":
        return format_html(
            '{}% <span class="govuk-body-s">({} of {})</span>{}',
            point.value,
            _n(point.numerator),
            _n(point.denominator),
            small,
        )
    if measure.kind == "score":
        return format_html(
            '{} out of 100 <span class="govuk-body-s">({} {})</span>{}',
            point.value,
            _n(point.denominator),
            "answered" if measure.anonymous else "answers",
            small,
        )
    return format_html("{}", _n(point.numerator))
