"""Compliance figures as table cells, written in Python rather than by a template include.

Why: the organisation-wide overview has a row per team (hundreds with the large data), each
with five linked figures. As an `{% include %}` with a `{% url %}` in every cell it took about
a third of the page's time; this tag writes the same markup (see
includes/figure_cells.html, kept as the description of it) with the drill-down's address
reversed once per page.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import template
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe

from restorative.people.models import Staff

from ..compliance import LeadStatus, Status

register = template.Library()

_LOWER_LABELS = {status: escape(status.label.lower()) for status in Status}


@register.simple_tag(takes_context=True)
def figure_cells(context: Any, figures: Any, query: str, label: str) -> SafeString:
    """The cells of one figures row: each status's count linking to the names behind it
    (`query` narrows the drill-down, e.g. "team=<uuid>"), then the share in date."""
    cache = context.render_context
    base = cache.get("workforce_compliance_people_url")
    if base is None:
        base = escape(reverse("workforce:compliance_people"))
        cache["workforce_compliance_people_url"] = base
    # Plain string building with each value escaped once: format_html per cell was itself
    # a noticeable share of the page with hundreds of rows.
    extra = f"&amp;{conditional_escape(query)}" if query else ""
    hidden_label = conditional_escape(label)
    cells = []
    for status, count in figures.ordered():
        if status == Status.NOT_REQUIRED:
            continue
        if count:
            cells.append(
                '<td class="govuk-table__cell govuk-table__cell--numeric">'
                f'<a class="govuk-link" href="{base}?status={status.value}{extra}">{count:d}'
                f'<span class="govuk-visually-hidden"> {_LOWER_LABELS[status]}: {hidden_label}'
                "</span></a></td>"
            )
        else:
            cells.append('<td class="govuk-table__cell govuk-table__cell--numeric">0</td>')
    percent = figures.percent
    shown = f"{percent:d}%" if percent is not None else "–"
    cells.append(f'\n<td class="govuk-table__cell govuk-table__cell--numeric">{shown}</td>')
    return mark_safe("".join(cells))  # noqa: S308 - every value in it is escaped above


_PLACEHOLDER = uuid.UUID(int=0)


def _team_url(context: Any, name: str, team: Any) -> str:
    """The URL named `name` for `team`: reversed once per page, then the team's uuid put in."""
    cache = context.render_context
    key = f"workforce_url_{name}"
    pattern = cache.get(key)
    if pattern is None:
        pattern = reverse(name, args=[_PLACEHOLDER])
        cache[key] = pattern
    return pattern.replace(str(_PLACEHOLDER), str(team.uuid))


@register.simple_tag(takes_context=True)
def team_compliance_url(context: Any, team: Any) -> str:
    """`{% url 'workforce:team_compliance' team.uuid %}`, reversed once per page."""
    return _team_url(context, "workforce:team_compliance", team)


@register.simple_tag(takes_context=True)
def team_champions_url(context: Any, team: Any) -> str:
    """`{% url 'workforce:team_champions' team.uuid %}`, reversed once per page."""
    return _team_url(context, "workforce:team_champions", team)


_LEAD_TAGS = {
    LeadStatus.CURRENT: '<strong class="govuk-tag govuk-tag--green">Current</strong>',
    LeadStatus.DUE_SOON: '<strong class="govuk-tag govuk-tag--yellow">Due soon</strong>',
    LeadStatus.EXPIRED: '<strong class="govuk-tag govuk-tag--red">Expired</strong>',
    LeadStatus.NEVER: '<strong class="govuk-tag govuk-tag--grey">Never completed</strong>',
}


@register.simple_tag
def lead_status(training: Any) -> SafeString:
    """Advanced restorative training status with its date: the markup of
    includes/lead_status.html, written without an include per champion (the register lists
    hundreds of them)."""
    tag = _LEAD_TAGS[training.status]
    until = escape(date_filter(training.valid_until, "j F Y")) if training.valid_until else ""
    if training.status == LeadStatus.CURRENT:
        text = f"until {until}" if training.valid_until else "(does not expire)"
    elif training.status == LeadStatus.DUE_SOON:
        text = f"valid until {until}"
    elif training.status == LeadStatus.EXPIRED:
        text = f"was valid until {until}"
    else:
        return mark_safe(tag)  # noqa: S308 - a constant
    return mark_safe(f"{tag} {text}")  # noqa: S308 - the date is escaped above


_ROLE_LABELS = dict(Staff.Role.choices)


@register.filter
def role_label(role: str) -> str:
    """A role's label, as `get_role_display` gives it, from a dict built once: the model
    method rebuilds its choices on every call, which showed in lists of hundreds."""
    return str(_ROLE_LABELS.get(role, role))
