"""The error summary links each error to its field, as the GOV.UK pattern asks: radios and
checkboxes to the first input of their group, never to `#`."""

from __future__ import annotations

from django import forms
from django.template.loader import render_to_string


class _ChoicesForm(forms.Form):
    where = forms.ChoiceField(
        choices=[("home", "At home"), ("school", "At school")], widget=forms.RadioSelect
    )
    who = forms.MultipleChoiceField(
        choices=[("a", "Amara"), ("b", "Tobi")], widget=forms.CheckboxSelectMultiple
    )
    nothing = forms.ChoiceField(choices=[], widget=forms.RadioSelect)
    note = forms.CharField()


def test_summary_links_go_to_the_first_input_of_each_group() -> None:
    form = _ChoicesForm(data={})
    html = render_to_string("core/includes/error_summary.html", {"form": form})
    assert 'href="#id_where_0"' in html
    assert 'href="#id_who_0"' in html
    assert 'href="#id_nothing"' in html  # no options: the group's own id
    assert 'href="#id_note"' in html
    assert 'href="#"' not in html


def test_the_anchor_is_the_id_the_radio_is_rendered_with() -> None:
    form = _ChoicesForm(data={})
    html = render_to_string("core/includes/field.html", {"field": form["where"]})
    assert 'id="id_where_0"' in html


class _DateForm(forms.Form):
    from restorative.core.forms import date_field

    held_on = date_field("Date of the conversation")


def test_the_date_input_asks_for_day_month_and_year_with_govuk_messages() -> None:
    import datetime

    def errors(data: dict[str, str]) -> list[str]:
        form = _DateForm(data=data)
        form.is_valid()
        return list(form.errors.get("held_on", []))

    parts = {"held_on_day": "27", "held_on_month": "3", "held_on_year": "2026"}
    form = _DateForm(data=parts)
    assert form.is_valid() and form.cleaned_data["held_on"] == datetime.date(2026, 3, 27)
    assert errors({}) == ["Enter the date of the conversation"]
    assert errors({**parts, "held_on_month": ""}) == [
        "Date of the conversation must include a month"
    ]
    assert errors({**parts, "held_on_day": "", "held_on_year": ""}) == [
        "Date of the conversation must include a day and a year"
    ]
    for day, month, year in (("31", "2", "2026"), ("x", "3", "2026"), ("27", "3", "26")):
        assert errors({"held_on_day": day, "held_on_month": month, "held_on_year": year}) == [
            "Date of the conversation must be a real date"
        ]
    # One value, as scripts and older clients send it, is still read.
    assert _DateForm(data={"held_on": "27/03/2026"}).is_valid()


def test_the_date_error_links_to_the_day_box_and_keeps_what_was_typed() -> None:
    form = _DateForm(data={"held_on_day": "3", "held_on_month": "", "held_on_year": "2026"})
    assert not form.is_valid()
    summary = render_to_string("core/includes/error_summary.html", {"form": form})
    assert 'href="#id_held_on_0"' in summary
    html = render_to_string("core/includes/field.html", {"field": form["held_on"]})
    legend = '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">'
    assert f"{legend}Date of the conversation</legend>" in html
    assert 'id="id_held_on_0"' in html and 'name="held_on_day" value="3"' in html
    assert "govuk-input--error" in html
    assert 'aria-describedby="id_held_on-hint id_held_on-error"' in html
