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
