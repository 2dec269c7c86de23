"""Forms for families and members. They read and check input; services do the writing."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from restorative.core.forms import (
    date_field,
    filter_field,
    search_field,
    select_field,
    text_field,
    uuid_choice_field,
)
from restorative.core.models import AccessEvent
from restorative.core.submission import new_submission_token, submission_token_field

from .models import Family, FamilyMember, Staff, Team
from .permissions import ALLOCATION_CHOICE

# A family member's names: the browser does not offer what was typed before (a shared
# computer would show one family's names on another's form).
NOT_REMEMBERED = {"autocomplete": "off"}


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


class FamilySearchForm(forms.Form):
    q = search_field("Search by family name, member's name or case reference")
    status = filter_field("Status", [("", "Open and closed"), *Family.Status.choices])

    def clean_q(self) -> str:
        # Search never refuses: a long or odd query is tidied (the selector cuts it to 100
        # characters) rather than answered with an error.
        return str(self.cleaned_data.get("q") or "").replace("\x00", "")


class FamilyForm(forms.Form):
    """Family details. Team and worker appear only for people who may allocate."""

    name = text_field(
        "Family name",
        max_length=200,
        help_text="How the family is known, for example 'Okafor' or 'Smith and Patel'",
    )
    status = select_field("Status", Family.Status.choices, message="Choose open or closed")
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
                "case_reference": text_field(
                    "Case reference",
                    max_length=40,
                    width=20,
                    attrs={"spellcheck": "false"},
                    help_text="The reference in the case management system",
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
            self.fields["allocated_worker"] = worker_field(workers)


def worker_field(workers: Any) -> forms.ModelChoiceField[Staff]:
    """The allocated worker: only those who may hold a family of the teams offered
    (`selectors.workers_for_choice`), each with their role and team, listed under their
    team's name (an option group: a native list, keyboard type-ahead, no script needed).
    Posted by UUID; the family service checks the choice against the family's team."""
    queryset = workers if workers is not None else Staff.objects.none()
    field = uuid_choice_field(
        "Allocated practitioner",
        queryset=queryset,
        empty_label="Not allocated",
        required=False,
        message=ALLOCATION_CHOICE,
        help_text="Practitioners and team managers, listed by team. Choose someone in the "
        "family's team.",
    )
    field.label_from_instance = lambda staff: staff.choice_label  # type: ignore[assignment]
    groups: dict[str, list[tuple[str, str]]] = {}
    for staff in queryset:
        groups.setdefault(staff.works_in, []).append((str(staff.uuid), staff.choice_label))
    field.widget.choices = [("", "Not allocated"), *groups.items()]  # type: ignore[attr-defined]
    return field


class MemberForm(forms.Form):
    """A member's details. Adding someone carries the hidden once-only `submission_token`
    (core.submission), so the form sent twice adds them once; changing details needs none.
    The token is optional so a post made without the page (a script) still adds, as before."""

    submission_token = submission_token_field(required=False)
    kind = select_field(
        "Child or adult", FamilyMember.Kind.choices, message="Choose child or adult"
    )
    first_name = text_field("First name", max_length=100, attrs=NOT_REMEMBERED)
    last_name = text_field("Last name", max_length=100, attrs=NOT_REMEMBERED)
    preferred_name = text_field(
        "Preferred name (optional)",
        name="Preferred name",
        required=False,
        max_length=100,
        attrs=NOT_REMEMBERED,
        help_text="What they like to be called. We use it wherever we can.",
    )
    relationship = select_field(
        "Relationship in the family",
        FamilyMember.Relationship.choices,
        message="Choose the relationship from the list",
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

    person = text_field(
        "Person",
        required=False,
        max_length=100,
        width=20,
        help_text="Part of a staff member's name or email address",
    )
    date_from = date_field("From", name="start date", required=False)
    date_to = date_field("To", name="end date", required=False)
    action = select_field(
        "Action",
        [("", "Any action"), *AccessEvent.Action.choices],
        required=False,
        message="Choose an action from the list",
    )
    case_reference = text_field(
        "Family case reference",
        required=False,
        max_length=50,
        width=10,
        attrs={"spellcheck": "false"},
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
