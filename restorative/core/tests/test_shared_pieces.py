"""The shared form fields, page shape, CSV rows and XLSX writer in core (issue 9 point 2)."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory
from openpyxl import load_workbook

from restorative.core import views as core_views
from restorative.core.csv_import import RowError, data_rows
from restorative.core.downloads import xlsx_bytes
from restorative.core.forms import (
    radio_choice,
    select_field,
    text_field,
    whole_number_field,
)

# --- Fields ---------------------------------------------------------------------------------


def _errors(field: forms.Field, value: Any) -> list[str]:
    try:
        field.clean(value)
    except ValidationError as error:
        return error.messages
    return []


def test_text_field_says_what_to_enter_and_how_long_it_may_be() -> None:
    field = text_field("Description of the place", name="Place", max_length=4000)
    assert _errors(field, "") == ["Enter the place"]
    assert _errors(field, "x" * 4001) == ["Place must be 4,000 characters or fewer"]
    assert _errors(field, "x" * 4000) == []
    assert field.widget.attrs["class"] == "govuk-input"


def test_text_field_optional_with_its_own_words_and_width() -> None:
    field = text_field(
        "Whose goal",
        max_length=5,
        required=False,
        too_long_message="Keep this short",
        width=10,
        attrs={"spellcheck": "false"},
    )
    assert _errors(field, "") == []
    assert _errors(field, "abcdef") == ["Keep this short"]
    assert field.widget.attrs["class"] == "govuk-input govuk-input--width-10"
    assert field.widget.attrs["spellcheck"] == "false"


def test_whole_number_field_messages_at_each_boundary() -> None:
    field = whole_number_field("How many", min_value=1, max_value=50, width=3, example=5)
    assert _errors(field, "") == ["Enter the how many"]
    assert _errors(field, "five") == ["How many must be a whole number, like 5"]
    assert _errors(field, "0") == ["How many must be 1 or more"]
    assert _errors(field, "1") == []
    assert _errors(field, "50") == []
    assert _errors(field, "51") == ["How many must be 50 or fewer"]
    assert field.widget.attrs["inputmode"] == "numeric"


def test_whole_number_field_takes_other_words() -> None:
    field = whole_number_field(
        "Score",
        width=2,
        example=5,
        required_message="Give a score",
        error_messages={"invalid": "Score must be a number from 0 to 10"},
    )
    assert _errors(field, "") == ["Give a score"]
    assert _errors(field, "x") == ["Score must be a number from 0 to 10"]


def test_select_field_one_message_for_nothing_chosen_and_a_wrong_value() -> None:
    field = select_field("Status", [("open", "Open")], message="Choose open or closed")
    assert _errors(field, "") == ["Choose open or closed"]
    assert _errors(field, "gone") == ["Choose open or closed"]
    assert _errors(field, "open") == []
    assert field.widget.attrs["class"] == "govuk-select"


def test_radio_choice_one_message() -> None:
    field = radio_choice("Grade", [("good", "Good")], "Choose the grade")
    assert _errors(field, "") == ["Choose the grade"]
    assert _errors(field, "bad") == ["Choose the grade"]
    assert isinstance(field.widget, forms.RadioSelect)


# --- form_page ------------------------------------------------------------------------------


class _NameForm(forms.Form):
    name = text_field("Name", max_length=10)


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
    shown: list[tuple[str, dict[str, Any]]] = []

    def fake_render(request: Any, template: str, context: dict[str, Any]) -> HttpResponse:
        shown.append((template, context))
        return HttpResponse("page")

    monkeypatch.setattr(core_views, "render", fake_render)
    return shown


def _page(method: str, data: dict[str, str], save: Any, **kwargs: Any) -> HttpResponse:
    factory = RequestFactory()
    request = factory.post("/", data) if method == "POST" else factory.get("/")
    form = _NameForm(request.POST if method == "POST" else None)
    return core_views.form_page(request, form, save, "x.html", {"extra": 1}, **kwargs)


def test_form_page_shows_the_form_first_after_the_trail(rendered: list[Any]) -> None:
    trail: list[str] = []
    _page("GET", {}, lambda data: HttpResponse("saved"), before_showing=lambda: trail.append("x"))
    assert trail == ["x"]
    template, context = rendered[0]
    assert template == "x.html" and context["extra"] == 1 and not context["form"].is_bound


def test_form_page_valid_post_answers_with_what_save_answers(rendered: list[Any]) -> None:
    saved: list[dict[str, Any]] = []

    def save(data: dict[str, Any]) -> HttpResponse:
        saved.append(data)
        return HttpResponse("saved", status=302)

    response = _page("POST", {"name": "Jo"}, save)
    assert response.status_code == 302 and saved == [{"name": "Jo"}] and rendered == []


def test_form_page_shows_a_service_refusal_on_the_form(rendered: list[Any]) -> None:
    def save(data: dict[str, Any]) -> HttpResponse:
        raise ValidationError({"full_name": "That name is taken"})

    _page("POST", {"name": "Jo"}, save, field_names={"full_name": "name"})
    form = rendered[0][1]["form"]
    assert form.errors == {"name": ["That name is taken"]}


def test_form_page_invalid_input_never_reaches_the_service(rendered: list[Any]) -> None:
    def save(data: dict[str, Any]) -> HttpResponse:
        raise AssertionError("the service must not be called")

    _page("POST", {"name": ""}, save)
    assert rendered[0][1]["form"].errors == {"name": ["Enter the name"]}


# --- data_rows ------------------------------------------------------------------------------


def test_data_rows_number_pad_and_flag_extra_values() -> None:
    text = "a,b\n1,2\n\n3\n4,5,6\n7,8,\n"
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader)
    errors: list[RowError] = []
    rows = list(data_rows(reader, width=2, errors=errors))
    assert rows == [
        (2, ["1", "2", ""], 0),
        (4, ["3", "", ""], 0),
        (5, ["4", "5", ""], 3),
        (6, ["7", "8", ""], 0),  # an empty extra cell is not an extra value
    ]
    assert errors == []


def test_data_rows_stop_at_a_line_that_is_not_csv() -> None:
    reader = csv.reader(io.StringIO('a\n1\n"2\n', newline=""), strict=True)
    next(reader)
    errors: list[RowError] = []
    rows = list(data_rows(reader, width=1, errors=errors))
    assert rows == [(2, ["1", ""], 0)]
    assert len(errors) == 1 and errors[0].line == 3
    assert "could not be read as CSV" in errors[0].message


# --- xlsx_bytes -----------------------------------------------------------------------------


def test_xlsx_bytes_keeps_formulas_as_text() -> None:
    content, count = xlsx_bytes(
        [("=HYPERLINK(1)", 3), ("#N/A", None), ("Plain", 4)],
        sheet_title="Sheet",
        headers=("Name", "Number"),
        widths=(20, 10),
    )
    assert count == 3
    sheet = load_workbook(io.BytesIO(content))["Sheet"]
    header, formula, error, plain = list(sheet.iter_rows())
    assert [c.value for c in header] == ["Name", "Number"] and header[0].font.bold
    assert formula[0].value == "=HYPERLINK(1)" and formula[0].data_type == "s"
    assert formula[0].quotePrefix
    assert error[0].value == "#N/A" and error[0].data_type == "s"
    assert plain[0].value == "Plain" and plain[1].value == 4
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == 20
