"""What the practice forms share: the GOV.UK widgets, choices by UUID, the people without an
account, the family-member choice and the once-only token."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms

from restorative.core.forms import group_choices, text_field
from restorative.core.forms import radio_choice as radio_choice  # the practice forms' import
from restorative.core.submission import new_submission_token, submission_token_field
from restorative.language.forms import LanguageCheckedTextarea, OwnWordsTextarea
from restorative.people.models import Family, FamilyMember, Staff

INPUT = "govuk-input"
SELECT = {"class": "govuk-select"}
OTHER_PEOPLE = 3
#: For a name typed about someone else: the browser should not offer the user's own.
NO_AUTOCOMPLETE = {"autocomplete": "off"}


def _all_uuids(values: Any) -> bool:
    try:
        for value in values:
            uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        return False
    return True


class UUIDChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A choice by UUID: anything that is not a UUID is simply not one of the choices."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and not _all_uuids([value]):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


def chair_label(staff: Staff) -> str:
    """A chair's name, marked if they may lead a circle or conference (`may_lead`, from
    `selectors.meeting_chairs_and_professionals`), with their role and where they work."""
    if getattr(staff, "may_lead", False):
        return f"{staff.display_name} (current advanced training), {staff.role_and_place}"
    return staff.choice_label


def staff_label(staff: Staff) -> str:
    """A professional in a list of choices: name, role and team or agency."""
    return staff.choice_label


def staff_group(staff: Staff) -> str:
    """The heading a professional is listed under: their agency, team or service."""
    return staff.works_in


def professionals_field(professionals: Any, label: str) -> UUIDMultipleChoiceField:
    """Professionals to invite, as checkboxes grouped by team or agency with their role
    (a filter box when scripts run: core.forms.group_choices)."""
    field = UUIDMultipleChoiceField(
        label=label,
        required=False,
        queryset=professionals,
        to_field_name="uuid",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Choose professionals from the list",
            "invalid_pk_value": "Choose professionals from the list",
        },
    )
    field.label_from_instance = staff_label  # type: ignore[method-assign,assignment]
    group_choices(field, staff_group)
    return field


class UUIDMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Several choices by UUID; a value that is not a UUID gets the field's own message."""

    def _check_values(self, value: Any) -> Any:
        if not _all_uuids(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super()._check_values(value)  # type: ignore[misc]


def yes_no_field(
    label: str, not_known: str, *, initial: bool | None = None, help_text: str = ""
) -> forms.TypedChoiceField:
    """Yes or no, or not known yet (`not_known` says how, e.g. "Not yet"): True, False or
    None. `initial` is the answer recorded so far."""
    return forms.TypedChoiceField(
        label=label,
        required=False,
        choices=[("", not_known), ("yes", "Yes"), ("no", "No")],
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        empty_value=None,
        initial={True: "yes", False: "no"}.get(initial, ""),  # type: ignore[arg-type]
        help_text=help_text,
        widget=forms.Select(attrs=SELECT),
    )


def free_text(rows: int = 5, member: Any = None) -> forms.Textarea:
    """A free-text box with the restorative language checker (docs/decisions/0007).

    Suggestions appear as people type when JavaScript runs; without it the box is a plain
    GOV.UK textarea. `member` is the person the words are about (their preferred words are
    never flagged). Form pages load the script with language/checker_script.html.
    """
    return LanguageCheckedTextarea(attrs={"rows": str(rows)}, member=member)


def own_words(rows: int = 5) -> forms.Textarea:
    """A free-text box for a person's own words (quotations): the language checker does not
    run on it, as nobody's own words are ours to correct (docs/decisions/0007)."""
    return OwnWordsTextarea(attrs={"rows": str(rows)})


# The hidden once-only token (core.submission); the views call `new_token()` for `initial`.
token_field = submission_token_field
new_token = new_submission_token


class OtherPeopleMixin:
    """Up to three people without an account (name and role) typed in."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def _add_other_people(self) -> None:
        for index in range(1, OTHER_PEOPLE + 1):
            self.fields[f"other_name_{index}"] = text_field(
                f"Name of other person {index} (optional)",
                name="Name",
                required=False,
                max_length=200,
                attrs=NO_AUTOCOMPLETE,
            )
            self.fields[f"other_role_{index}"] = text_field(
                f"Who other person {index} is (optional)",
                name="Role",
                required=False,
                max_length=200,
                help_text="For example, 'Family friend' or 'School nurse, Hilltop Primary'",
                attrs=NO_AUTOCOMPLETE,
            )

    def other_people(self) -> list[tuple[str, str]]:
        return [
            (
                self.cleaned_data.get(f"other_name_{i}", ""),
                self.cleaned_data.get(f"other_role_{i}", ""),
            )
            for i in range(1, OTHER_PEOPLE + 1)
            if self.cleaned_data.get(f"other_name_{i}", "").strip()
        ]

    def other_people_fields(self) -> list[tuple[Any, Any]]:
        form: Any = self
        return [
            (form[f"other_name_{i}"], form[f"other_role_{i}"]) for i in range(1, OTHER_PEOPLE + 1)
        ]


def members_field(family: Family, label: str) -> UUIDMultipleChoiceField:
    return UUIDMultipleChoiceField(
        label=label,
        required=False,
        queryset=FamilyMember.objects.filter(family=family),
        to_field_name="uuid",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Choose people from this family",
            "invalid_pk_value": "Choose people from this family",
        },
    )


def chair_field(chairs: Any, *, label: str, help_text: str) -> UUIDChoiceField:
    """The meeting's chair or facilitator, from `chairs` (`selectors.meeting_chairs_and_
    professionals`), those who may lead marked in the list (`chair_label`)."""
    field = UUIDChoiceField(
        label=label,
        required=False,
        queryset=chairs,
        to_field_name="uuid",
        empty_label="Not yet chosen",
        help_text=help_text,
        widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": "Choose the chair from the list"},
    )
    field.label_from_instance = chair_label  # type: ignore[method-assign, assignment]
    return field


def family_member_choice(family: Family) -> UUIDChoiceField:
    """One of this family's members, chosen from a list (an action's owner, a new invitee)."""
    return UUIDChoiceField(
        label="Family member (if a family member)",
        required=False,
        queryset=FamilyMember.objects.filter(family=family),
        to_field_name="uuid",
        empty_label="Choose a family member",
        widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": "Choose someone from this family"},
    )
