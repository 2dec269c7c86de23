"""{% govuk_table %}: the table element, pagination and "nothing here" sentence, written once."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import Context, Template, TemplateSyntaxError

_PAGE = (
    "{% load govuk %}"
    '{% govuk_table items id="things" classes="app-table--stack" describedby="summary"'
    ' empty="Nothing yet." empty_id="things-empty" %}'
    '<caption>Things</caption>{% table_head "Name" %}'
    "<tbody>{% for item in items %}<tr><td>{{ item }}</td></tr>{% endfor %}</tbody>"
    "{% endgovuk_table %}"
)


def _render(source: str, **context: Any) -> str:
    return " ".join(Template(source).render(Context(context)).split())


def test_rows_are_shown_in_a_govuk_table_with_the_pages_caption_head_and_attributes() -> None:
    html = _render(_PAGE, items=["<b>Ann</b>", "Bo"])
    assert (
        '<table class="govuk-table app-table--stack" id="things" aria-describedby="summary">'
        " <caption>Things</caption>"
    ) in html
    assert "<td>&lt;b&gt;Ann&lt;/b&gt;</td>" in html  # the page's own escaping is kept
    assert "<td>Bo</td>" in html
    assert "Nothing yet." not in html


def test_no_rows_shows_the_empty_sentence_with_its_id_and_no_table() -> None:
    html = _render(_PAGE, items=[])
    assert html == '<p class="govuk-body" id="things-empty">Nothing yet.</p>'


def test_no_rows_and_no_empty_sentence_shows_nothing() -> None:
    source = "{% load govuk %}{% govuk_table items %}<tbody></tbody>{% endgovuk_table %}"
    assert _render(source, items=[]) == ""


def test_a_page_variable_called_rows_is_not_hidden_by_the_wrapper() -> None:
    source = (
        "{% load govuk %}{% govuk_table others %}"
        "<tbody>{% for row in rows %}<tr><td>{{ row }}</td></tr>{% endfor %}</tbody>"
        "{% endgovuk_table %}"
    )
    html = _render(source, others=[1], rows=["page row"])
    assert "<td>page row</td>" in html


def test_pagination_is_included_under_the_table_with_the_pages_page() -> None:
    class _Page:
        number = 2
        has_previous = False
        has_next = False

        class paginator:  # noqa: N801 - the shape of a Django Page
            num_pages = 3

    source = (
        "{% load govuk %}"
        '{% govuk_table page.object_list pagination="core/includes/pagination.html" %}'
        "<tbody></tbody>{% endgovuk_table %}"
    )
    page = _Page()
    page.object_list = ["a"]  # type: ignore[attr-defined]
    html = _render(source, page=page)
    assert html.index("</table>") < html.index('<nav class="govuk-pagination"')
    assert "Page 2 of 3" in html


@pytest.mark.parametrize(
    "source",
    [
        "{% load govuk %}{% govuk_table %}{% endgovuk_table %}",
        "{% load govuk %}{% govuk_table items Nothing %}{% endgovuk_table %}",
    ],
)
def test_a_mistyped_tag_fails_loudly(source: str) -> None:
    with pytest.raises(TemplateSyntaxError):
        Template(source)


def test_a_table_may_be_named_by_the_heading_above_it() -> None:
    source = (
        '{% load govuk %}{% govuk_table items labelledby="columns-heading" %}'
        "<tbody></tbody>{% endgovuk_table %}"
    )
    html = _render(source, items=[1])
    assert '<table class="govuk-table" aria-labelledby="columns-heading">' in html
