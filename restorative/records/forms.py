"""Forms of the records pages: a rule's period, a legal hold, lifting one."""

from __future__ import annotations

from django import forms

from restorative.core.forms import radio_choice, text_field, whole_number_field

from . import record_types
from .services import MAX_YEARS


class RuleForm(forms.Form):
    years = whole_number_field(
        "Years kept after the trigger date",
        width=3,
        example=25,
        name="number of years",
        min_value=1,
        max_value=MAX_YEARS,
    )
    basis = forms.CharField(
        label="Why records are kept this long",
        help_text="The law, guidance or local decision, as the board agreed it.",
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 3}),
        error_messages={"required": "Enter why records are kept this long"},
    )


class HoldForm(forms.Form):
    covers = radio_choice(
        "What must be kept",
        [("family", "One family's record"), ("kind", "Every record of one kind")],
        "Choose what must be kept",
    )
    case_reference = text_field(
        "The family's case reference",
        max_length=40,
        required=False,
        width=10,
        help_text="As in the case management system, for example CR0001234.",
    )
    record_type = forms.ChoiceField(
        label="Kind of record",
        required=False,
        choices=[("", "Choose a kind of record"), *record_types.CHOICES],
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    reason = forms.CharField(
        label="Why it must be kept",
        help_text="For example: a claim, an inquiry, a complaint to the Ombudsman.",
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 3}),
        error_messages={"required": "Enter why the records must be kept"},
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("covers") == "family" and not data.get("case_reference"):
            self.add_error("case_reference", "Enter the family's case reference")
        if data.get("covers") == "kind" and not data.get("record_type"):
            self.add_error("record_type", "Choose a kind of record")
        return data


class LiftForm(forms.Form):
    reason = forms.CharField(
        label="Why the hold can be lifted",
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 3}),
        error_messages={"required": "Enter why the hold can be lifted"},
    )
