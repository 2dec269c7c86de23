"""Form fields the evaluation areas' forms share (complaints, learning, the staff surveys)."""

from __future__ import annotations

from typing import Any

from django import forms


def optional_record_choice(
    label: str,
    model: Any,
    *,
    what: str,
    empty_label: str = "---------",
    help_text: str = "",
) -> forms.ModelChoiceField[Any]:
    """An optional drop-down of records (a team, a service, a course...). It starts empty:
    the form's `__init__` fills it with what this person may choose. A value that is not one
    of them answers "Choose <what> from the list"."""
    return forms.ModelChoiceField(
        label=label,
        queryset=model.objects.none(),
        required=False,
        empty_label=empty_label,
        help_text=help_text,
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={"invalid_choice": f"Choose {what} from the list"},
    )


def number_radios(
    label: str, choices: Any, *, message: str, help_text: str = ""
) -> forms.TypedChoiceField:
    """Radios whose answer is a whole number (0 to 10, agree 1 to 5, how often 1 to 5), with
    one message for nothing chosen and for a value that is not offered."""
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )
