"""Template helpers for GOV.UK Design System components: form fields, tables, summary rows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django import template
from django.forms import BoundField
from django.template import Engine
from django.template.base import FilterExpression, token_kwargs
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-select": "govuk-select--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-file-upload": "govuk-file-upload--error",
}


@register.simple_tag
def govuk_widget(field: BoundField) -> SafeString:
    """Render a field's widget with the error class and `aria-describedby` for hint and error.

    Screen readers then announce the hint and the error message with the input, as the
    Design System's own components do.
    """
    attrs = dict(field.field.widget.attrs)
    classes = attrs.get("class", "").split()
    described_by = []
    if field.help_text:
        described_by.append(f"{field.id_for_label}-hint")
    if field.errors:
        described_by.append(f"{field.id_for_label}-error")
        classes += [_ERROR_CLASSES[c] for c in list(classes) if c in _ERROR_CLASSES]
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if classes:
        attrs["class"] = " ".join(dict.fromkeys(classes))
    return field.as_widget(attrs=attrs)


@register.filter
def error_anchor(field: BoundField) -> str:
    """The id an error summary link for this field points at, as the GOV.UK pattern asks.

    A text input, select or date input has a label target. Radios and checkboxes have none
    (Django leaves the group unlabelled so a screen reader reads the legend), so the link goes
    to the first input of the group; with no options at all, to the group's own id.
    """
    target = field.id_for_label
    if target:
        return str(target)
    for choice in field.subwidgets:
        first = choice.id_for_label
        if first:
            return str(first)
        break
    return str(field.auto_id or "")


@register.filter
def is_grouped(field: BoundField) -> bool:
    """Does this choice field group its options (`core.forms.grouped_choices`)?"""
    return callable(getattr(field.field, "group_from_instance", None))


@register.filter
def choice_groups(field: BoundField) -> list[tuple[str, list[object]]]:
    """A grouped choice field's options as (group, options), groups in order of first
    appearance (the queryset's order decides: order it by the group first)."""
    group_of = field.field.group_from_instance  # type: ignore[attr-defined]
    groups: dict[str, list[object]] = {}
    for choice in field.subwidgets:
        value = choice.data["value"]
        instance = getattr(value, "instance", None)
        groups.setdefault(str(group_of(instance)) if instance is not None else "", []).append(
            choice
        )
    return list(groups.items())


def _bound_fields(items: tuple[object, ...]) -> list[BoundField]:
    """The fields named, in order: a bound field as it is, a form or a list of fields opened up."""
    fields: list[BoundField] = []
    for item in items:
        if isinstance(item, BoundField):
            fields.append(item)
        elif isinstance(item, Iterable) and not isinstance(item, str):
            fields.extend(_bound_fields(tuple(item)))
        else:
            raise template.TemplateSyntaxError(f"govuk_fields takes fields or forms, not {item!r}")
    return fields


@register.inclusion_tag("core/includes/fields.html")
def govuk_fields(*items: object, **options: object) -> dict[str, object]:
    """Render fields one after another, each as its GOV.UK form group (see field.html).

    `{% govuk_fields form.date form.time form.venue %}`, `{% govuk_fields form %}` for every
    field of a form, or a list of fields such as `form.level_fields`. Options such as
    `small=True` or `legend_class="…"` reach every field. A name that is not a field fails
    loudly instead of leaving a question out of the page.
    """
    return {"fields": _bound_fields(items), **options}


@dataclass(frozen=True)
class _Header:
    text: str
    numeric: bool = False
    hidden: bool = False


@register.filter
def numeric(text: object) -> _Header:
    """Mark a `table_head` column as numeric (right-aligned, as its cells)."""
    return _Header(str(text), numeric=True)


@register.filter
def visually_hidden(text: object) -> _Header:
    """Mark a `table_head` column whose name is for screen readers only, e.g. "Actions"."""
    return _Header(str(text), hidden=True)


@register.simple_tag
def table_head(*columns: object) -> SafeString:
    """The `<thead>` of a GOV.UK table, one column header for each argument, in order.

    `{% table_head "Line"|numeric "Column" "Problem" "Actions"|visually_hidden %}`.
    """
    cells = []
    for column in columns:
        header = column if isinstance(column, _Header) else _Header(str(column))
        classes = "govuk-table__header"
        if header.numeric:
            classes += " govuk-table__header--numeric"
        text = (
            format_html('<span class="govuk-visually-hidden">{}</span>', header.text)
            if header.hidden
            else header.text
        )
        cells.append(format_html('<th scope="col" class="{}">{}</th>', classes, text))
    return format_html(
        '<thead class="govuk-table__head"><tr class="govuk-table__row">{}</tr></thead>',
        mark_safe("".join(cells)),  # noqa: S308 - each cell is built by format_html above
    )


class _TableNode(template.Node):
    def __init__(
        self,
        nodelist: template.NodeList,
        rows: FilterExpression,
        options: dict[str, FilterExpression],
    ):
        self.nodelist = nodelist
        self.rows = rows
        self.options = options

    def render(self, context: template.Context) -> str:
        rows = self.rows.resolve(context)
        # The caption, head and rows are rendered in the page's own context, before the
        # wrapper's names (rows, body…) are added, so a page's own `rows` is never hidden.
        body = self.nodelist.render(context) if rows else ""
        options = {name: value.resolve(context) for name, value in self.options.items()}
        wrapper = Engine.get_default().get_template("core/includes/table.html")
        with context.push(rows=rows, body=body, **options):
            return wrapper.render(context)


@register.tag
def govuk_table(parser: template.base.Parser, token: template.base.Token) -> _TableNode:
    """A GOV.UK table of `rows`, or the page's "nothing here" sentence when there are none.

    The page writes what differs (caption, `table_head`, the rows); the table element, the
    pagination under it and the empty sentence are written once, in core/includes/table.html::

        {% govuk_table actions id="actions" empty="No actions are recorded yet." %}
          <caption class="govuk-table__caption govuk-visually-hidden">Actions</caption>
          {% table_head "Action" "Who" %}
          <tbody class="govuk-table__body">{% for action in actions %}…{% endfor %}</tbody>
        {% endgovuk_table %}

    Options: `id`, `classes` (added to govuk-table), `describedby` and `labelledby` (ids
    for aria-describedby and aria-labelledby), `pagination` (an include such as
    core/includes/pagination.html, shown under the table with the page's `page`), `empty`
    and `empty_id`.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("govuk_table needs the rows: {% govuk_table rows … %}")
    rows = parser.compile_filter(bits[1])
    options = token_kwargs(bits[2:], parser)
    if len(options) != len(bits) - 2:
        raise template.TemplateSyntaxError("govuk_table options are name=value pairs")
    nodelist = parser.parse(("endgovuk_table",))
    parser.delete_first_token()
    return _TableNode(nodelist, rows, options)


@register.simple_tag
def summary_row(key: object, value: object, value_id: str = "") -> SafeString:
    """One row of a GOV.UK summary list: `{% summary_row "Started" plan.started_on|date:"j F Y" %}`.

    The value is escaped unless it is already safe (the output of `linebreaksbr`, for example).
    `value_id` gives the value an id for a link or a test to find it.
    """
    id_attr = format_html(' id="{}"', value_id) if value_id else ""
    return format_html(
        '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{}</dt>'
        '<dd class="govuk-summary-list__value"{}>{}</dd></div>',
        key,
        id_attr,
        value,
    )


@register.simple_tag(takes_context=True)
def cursor_url(context: template.Context, param: str, cursor: str | None) -> str:
    """This page's address with the keyset cursor `param` set to `cursor` (or dropped when
    empty), every other parameter kept: a page holding several lists pages each on its own
    (core/includes/keyset_pagination_for.html)."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    if cursor:
        query[param] = cursor
    else:
        query.pop(param, None)
    return "?" + query.urlencode() if query else "?"
