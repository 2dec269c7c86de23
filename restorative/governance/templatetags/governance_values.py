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
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

SMALL = ' <strong class="govuk-tag govuk-tag--grey">Too few to read</strong>'


def _n(number: Decimal) -> str:
    """As `floatformat:"-2"`: a whole number without decimals (most figures: counts and
    denominators, written directly, as floatformat's localising was a tenth of the page's
    time), otherwise to two decimal places."""
    if number == number.to_integral_value():
        return str(int(number))
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
    # Only numbers and fixed words go in, so the figure is built without escaping each part
    # (format_html's escaping was most of the tag's time, called about a thousand times).
    small = SMALL if point.small else ""
    if measure.kind == "percent":
        return mark_safe(  # noqa: S308 - numbers and fixed words only
            f'{point.value}% <span class="govuk-body-s">({_n(point.numerator)} of '
            f"{_n(point.denominator)})</span>{small}"
        )
    if measure.kind == "score":
        answers = "answered" if measure.anonymous else "answers"
        return mark_safe(  # noqa: S308 - numbers and fixed words only
            f'{point.value} out of 100 <span class="govuk-body-s">({_n(point.denominator)} '
            f"{answers})</span>{small}"
        )
    return mark_safe(_n(point.numerator))  # noqa: S308 - a number
