"""Forms for the learning log, supervision audits and team circles. They read and check
input; the services in `learning.py`, `audits.py` and `circles.py` do the writing."""

from __future__ import annotations

from typing import Any

from django import forms

from restorative.core.forms import date_field
from restorative.core.submission import new_submission_token, submission_token_field
from restorative.language.forms import LanguageCheckedTextarea

from .models import SupervisionAudit, TeamCircle

INPUT = "govuk-input"


def _text(label: str, *, required: bool, help_text: str = "", missing: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=10000,
        help_text=help_text,
        widget=LanguageCheckedTextarea(attrs={"rows": "4"}),
        error_messages={
            "required": missing or f"Enter {label.lower()}",
            "max_length": f"{label} must be 10,000 characters or fewer",
        },
    )


def _date(label: str, name: str) -> forms.DateField:
    return date_field(label, name=name, example="27/03/2027")


class _Keyed(forms.Form):
    """A form whose hidden `submission_token` makes a repeated POST save once."""

    submission_token = submission_token_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_token", new_submission_token())


# --- Learning log --------------------------------------------------------------------------


class LearningLogForm(forms.Form):
    learnt = _text(
        "What I learnt",
        required=True,
        missing="Enter what you learnt",
    )
    do_differently = _text(
        "What I will do differently",
        required=True,
        missing="Enter what you will do differently",
    )
    support_needed = _text(
        "What support I need",
        required=False,
        help_text="From your supervisor, your team or the workforce team. Leave empty if none.",
    )


# --- Supervision audits --------------------------------------------------------------------


class AuditSampleForm(_Keyed):
    team: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="Team",
        queryset=None,
        to_field_name="uuid",
        empty_label="Choose a team",
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={
            "required": "Choose the team",
            "invalid_choice": "Choose a team from the list",
        },
    )
    period_start = _date("Start of the period", "start of the period")
    period_end = _date("End of the period", "end of the period")
    size = forms.IntegerField(
        label="How many sessions to sample",
        min_value=1,
        max_value=50,
        help_text="Sessions are chosen at random from those held in the period, leaving out "
        "any already audited and any you took part in.",
        widget=forms.TextInput(
            attrs={"class": f"{INPUT} govuk-input--width-3", "inputmode": "numeric"}
        ),
        error_messages={
            "required": "Enter how many sessions to sample",
            "invalid": "How many sessions must be a whole number, like 5",
            "min_value": "Sample at least 1 session",
            "max_value": "Sample 50 sessions or fewer",
        },
    )

    def __init__(self, *args: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["team"]
        field.queryset = teams

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "The end of the period must be on or after its start")
        return data


CRITERIA = (
    ("reflective", "Reflective"),
    ("relational", "Relational"),
    ("supportive", "Supportive"),
    ("regulation_and_thinking", "Encourages emotional regulation and critical thinking"),
    ("mistakes_without_blame", "Mistakes addressed without blame"),
    ("wellbeing_promoted", "Practitioner wellbeing promoted"),
)


def _rating(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=SupervisionAudit.Rating.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": f"Choose whether '{label}' was met",
            "invalid_choice": f"Choose whether '{label}' was met",
        },
    )


class AuditRatingForm(forms.Form):
    reflective = _rating("Reflective")
    relational = _rating("Relational")
    supportive = _rating("Supportive")
    regulation_and_thinking = _rating("Encourages emotional regulation and critical thinking")
    mistakes_without_blame = _rating("Mistakes addressed without blame")
    wellbeing_promoted = _rating("Practitioner wellbeing promoted")
    grade = forms.ChoiceField(
        label="Overall grade",
        choices=SupervisionAudit.Grade.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the overall grade",
            "invalid_choice": "Choose the overall grade",
        },
    )
    feedback = _text(
        "Feedback",
        required=True,
        help_text="The supervisor and the supervisee will read this. Say what was done well "
        "and what would make supervision more restorative.",
        missing="Enter your feedback",
    )

    def criteria_fields(self) -> list[Any]:
        return [self[name] for name, _ in CRITERIA]


# --- Team circles --------------------------------------------------------------------------


class TeamCircleForm(_Keyed):
    purpose = forms.ChoiceField(
        label="Purpose",
        choices=TeamCircle.Purpose.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the purpose of the circle",
            "invalid_choice": "Choose the purpose of the circle",
        },
    )
    held_on = _date("Date of the circle", "date of the circle")
    facilitator: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="Facilitator",
        queryset=None,
        to_field_name="uuid",
        empty_label="Choose the facilitator",
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={
            "required": "Choose who facilitated the circle",
            "invalid_choice": "Choose a facilitator from the list",
        },
    )
    participant_count = forms.IntegerField(
        label="How many took part",
        min_value=1,
        max_value=500,
        widget=forms.TextInput(
            attrs={"class": f"{INPUT} govuk-input--width-3", "inputmode": "numeric"}
        ),
        error_messages={
            "required": "Enter how many took part",
            "invalid": "How many took part must be a whole number, like 8",
            "min_value": "How many took part must be 1 or more",
            "max_value": "How many took part must be 500 or fewer",
        },
    )
    themes = _text(
        "Themes",
        required=True,
        help_text="The themes the team talked about. No personal content is needed: do not "
        "name people or write what anyone shared.",
        missing="Enter the themes of the circle",
    )
    agreed_actions = _text(
        "Agreed actions",
        required=False,
        help_text="What the team agreed to do. Leave empty if nothing was agreed.",
    )

    def __init__(self, *args: Any, facilitators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["facilitator"]
        field.queryset = facilitators
        # Name, role and team: who may facilitate is a matter of role and team.
        field.label_from_instance = lambda staff: staff.choice_label
