"""A service's ValidationError shown on the form the person filled in (core.forms)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from restorative.core.forms import apply_service_errors


class MeetingForm(forms.Form):
    date = forms.DateField(required=False)
    place = forms.CharField(required=False)


def _bound() -> MeetingForm:
    form = MeetingForm(data={"date": "2026-03-27", "place": "Town hall"})
    assert form.is_valid()
    return form


def test_a_message_about_a_field_on_the_form_goes_beside_it() -> None:
    form = _bound()
    apply_service_errors(form, ValidationError({"place": ["Enter a place or an online link"]}))
    assert form.errors == {"place": ["Enter a place or an online link"]}
    assert "place" not in form.cleaned_data


def test_messages_about_other_fields_or_none_go_in_the_summary() -> None:
    form = _bound()
    apply_service_errors(
        form,
        ValidationError(
            {
                "team": ["Choose a team you work in"],
                NON_FIELD_ERRORS: ["This family is closed"],
                "place": ["Enter a place"],
            }
        ),
    )
    assert form.errors["place"] == ["Enter a place"]
    assert form.non_field_errors() == ["Choose a team you work in", "This family is closed"]


def test_a_message_not_keyed_by_field_goes_in_the_summary() -> None:
    form = _bound()
    apply_service_errors(form, ValidationError(["Already recorded", "Try again later"]))
    assert form.non_field_errors() == ["Already recorded", "Try again later"]
    assert set(form.errors) == {NON_FIELD_ERRORS}


def test_a_renamed_field_is_shown_under_the_name_the_form_uses() -> None:
    form = _bound()
    apply_service_errors(
        form,
        ValidationError({"scheduled_at": ["The date must be in the future"]}),
        field_names={"scheduled_at": "date"},
    )
    assert form.errors == {"date": ["The date must be in the future"]}
