"""Forms for families and members. They read and check input; services do the writing."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from restorative.core.forms import date_field, filter_field, search_field
from restorative.core.models import AccessEvent
from restorative.core.submission import new_submission_token, submission_token_field

from .models import Family, FamilyMember, Staff, Team

INPUT = "govuk-input"


def _date_field(
    label: str, *, name: str = "", required: bool = False, help_text: str = ""
) -> forms.DateField:
    """A family's dates: optional unless said, with the 2019 example people first saw."""
    return date_field(
        label,
        name=name,
        required=required,
        example="27/03/2019",
        help_text=help_text or "For example, 27 3 2019 or 27/03/2019",
    )


def _too_long(name: str, limit: int) -> dict[str, str]:
    return {"max_length": f"{name} must be {limit} characters or fewer"}


class FamilySearchForm(forms.Form):
    q = search_field("Search by family name, member's name or case reference")
    status = filter_field("Status", [("", "Open and closed"), *Family.Status.choices])

    def clean_q(self) -> str:
        # Search never refuses: a long or odd query is tidied (the selector cuts it to 100
        # characters) rather than answered with an error.
        return str(self.cleaned_data.get("q") or "").replace("\x00", "")


class FamilyForm(forms.Form):
    """Family details. Team and worker appear only for people who may allocate."""

    name = forms.CharField(
        label="Family name",
        max_length=200,
        help_text="How the family is known, for example 'Okafor' or 'Smith and Patel'",
        widget=forms.TextInput(attrs={"class": INPUT}),
        error_messages={"required": "Enter the family name", **_too_long("Family name", 200)},
    )
    status = forms.ChoiceField(
        label="Status",
        choices=Family.Status.choices,
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={
            "required": "Choose open or closed",
            "invalid_choice": "Choose open or closed",
        },
    )
    opened_on = _date_field("Date opened")
    closed_on = _date_field("Date closed")

    def __init__(
        self,
        *args: Any,
        teams: Any = None,
        workers: Any = None,
        with_allocation: bool = False,
        with_reference: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if with_reference:
            self.fields = {
                "case_reference": forms.CharField(
                    label="Case reference",
                    max_length=40,
                    help_text="The reference in the case management system",
                    widget=forms.TextInput(
                        attrs={"class": f"{INPUT} govuk-input--width-20", "spellcheck": "false"}
                    ),
                    error_messages={
                        "required": "Enter the case reference",
                        **_too_long("Case reference", 40),
                    },
                ),
                **self.fields,
            }
        if with_allocation:
            self.fields["team"] = forms.ModelChoiceField(
                label="Team",
                queryset=teams if teams is not None else Team.objects.none(),
                widget=forms.Select(attrs={"class": "govuk-select"}),
                error_messages={
                    "required": "Choose the team",
                    "invalid_choice": "Choose a team from the list",
                },
            )
            self.fields["allocated_worker"] = forms.ModelChoiceField(
                label="Allocated practitioner",
                required=False,
                queryset=workers if workers is not None else Staff.objects.none(),
                empty_label="Not allocated",
                widget=forms.Select(attrs={"class": "govuk-select"}),
                error_messages={"invalid_choice": "Choose a practitioner from the list"},
            )


class MemberForm(forms.Form):
    """A member's details. Adding someone carries the hidden once-only `submission_token`
    (core.submission), so the form sent twice adds them once; changing details needs none.
    The token is optional so a post made without the page (a script) still adds, as before."""

    submission_token = submission_token_field(required=False)
    kind = forms.ChoiceField(
        label="Child or adult",
        choices=FamilyMember.Kind.choices,
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={
            "required": "Choose child or adult",
            "invalid_choice": "Choose child or adult",
        },
    )
    first_name = forms.CharField(
        label="First name",
        max_length=100,
        widget=forms.TextInput(attrs={"class": INPUT, "autocomplete": "off"}),
        error_messages={"required": "Enter the first name", **_too_long("First name", 100)},
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=100,
        widget=forms.TextInput(attrs={"class": INPUT, "autocomplete": "off"}),
        error_messages={"required": "Enter the last name", **_too_long("Last name", 100)},
    )
    preferred_name = forms.CharField(
        label="Preferred name (optional)",
        required=False,
        max_length=100,
        help_text="What they like to be called. We use it wherever we can.",
        widget=forms.TextInput(attrs={"class": INPUT, "autocomplete": "off"}),
        error_messages=_too_long("Preferred name", 100),
    )
    relationship = forms.ChoiceField(
        label="Relationship in the family",
        choices=FamilyMember.Relationship.choices,
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={
            "required": "Choose the relationship from the list",
            "invalid_choice": "Choose the relationship from the list",
        },
    )
    date_of_birth = _date_field("Date of birth (optional)", name="Date of birth")

    def __init__(self, *args: Any, adding: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not adding:
            del self.fields["submission_token"]
        elif not self.is_bound:
            self.initial.setdefault("submission_token", new_submission_token())

    def clean_date_of_birth(self) -> datetime.date | None:
        value = self.cleaned_data.get("date_of_birth")
        if value and value > datetime.date.today():
            raise forms.ValidationError("Date of birth must be today or in the past")
        return value


class TrailSearchForm(forms.Form):
    """Quality assurance's search of the access trail. Every field narrows; none is needed."""

    person = forms.CharField(
        label="Person",
        required=False,
        max_length=100,
        help_text="Part of a staff member's name or email address",
        widget=forms.TextInput(attrs={"class": f"{INPUT} govuk-input--width-20"}),
        error_messages=_too_long("Person", 100),
    )
    date_from = date_field("From", name="start date", required=False)
    date_to = date_field("To", name="end date", required=False)
    action = forms.ChoiceField(
        label="Action",
        required=False,
        choices=[("", "Any action"), *AccessEvent.Action.choices],
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={"invalid_choice": "Choose an action from the list"},
    )
    case_reference = forms.CharField(
        label="Family case reference",
        required=False,
        max_length=50,
        widget=forms.TextInput(
            attrs={"class": f"{INPUT} govuk-input--width-10", "spellcheck": "false"}
        ),
        error_messages=_too_long("Family case reference", 50),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end date must be the same as or after the start date")
        return data

    def clean_person(self) -> str:
        return str(self.cleaned_data.get("person") or "").replace("\x00", "")

    def clean_case_reference(self) -> str:
        return str(self.cleaned_data.get("case_reference") or "").replace("\x00", "")
