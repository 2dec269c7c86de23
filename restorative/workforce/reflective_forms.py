"""Forms for the learning log, supervision audits and team circles. They read and check
input; the services in `learning.py`, `audits.py` and `circles.py` do the writing."""

from __future__ import annotations

from typing import Any

from django import forms

from restorative.core.forms import date_field, radio_choice, uuid_choice_field, whole_number_field
from restorative.core.submission_forms import SubmissionTokenForm

from .audits import CRITERIA
from .forms import reflective_text
from .models import SupervisionAudit, TeamCircle


def _date(label: str, name: str) -> forms.DateField:
    return date_field(label, name=name, example="27/03/2027")


# --- Learning log --------------------------------------------------------------------------


class LearningLogForm(forms.Form):
    learnt = reflective_text(
        "What I learnt",
        required=True,
        missing="Enter what you learnt",
    )
    do_differently = reflective_text(
        "What I will do differently",
        required=True,
        missing="Enter what you will do differently",
    )
    support_needed = reflective_text(
        "What support I need",
        required=False,
        help_text="From your supervisor, your team or the workforce team. Leave empty if none.",
    )


# --- Supervision audits --------------------------------------------------------------------


class AuditSampleForm(SubmissionTokenForm):
    team = uuid_choice_field(
        "Team",
        empty_label="Choose a team",
        message="Choose a team from the list",
        required_message="Choose the team",
    )
    period_start = _date("Start of the period", "start of the period")
    period_end = _date("End of the period", "end of the period")
    size = whole_number_field(
        "How many sessions to sample",
        name="How many sessions",
        min_value=1,
        max_value=50,
        width=3,
        example=5,
        required_message="Enter how many sessions to sample",
        error_messages={
            "min_value": "Sample at least 1 session",
            "max_value": "Sample 50 sessions or fewer",
        },
        help_text="Sessions are chosen at random from those held in the period, leaving out "
        "any already audited and any you took part in.",
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


class AuditRatingForm(forms.Form):
    """A rating for each of the audit's criteria (`audits.CRITERIA`, in its order), then the
    overall grade and the feedback."""

    grade = radio_choice(
        "Overall grade", SupervisionAudit.Grade.choices, "Choose the overall grade"
    )
    feedback = reflective_text(
        "Feedback",
        required=True,
        help_text="The supervisor and the supervisee will read this. Say what was done well "
        "and what would make supervision more restorative.",
        missing="Enter your feedback",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {
            **{
                name: radio_choice(
                    label, SupervisionAudit.Rating.choices, f"Choose whether '{label}' was met"
                )
                for name, label in CRITERIA
            },
            **self.fields,
        }

    def criteria_fields(self) -> list[Any]:
        return [self[name] for name, _ in CRITERIA]


# --- Team circles --------------------------------------------------------------------------


class TeamCircleForm(SubmissionTokenForm):
    purpose = radio_choice(
        "Purpose", TeamCircle.Purpose.choices, "Choose the purpose of the circle"
    )
    held_on = _date("Date of the circle", "date of the circle")
    facilitator = uuid_choice_field(
        "Facilitator",
        empty_label="Choose the facilitator",
        message="Choose a facilitator from the list",
        required_message="Choose who facilitated the circle",
    )
    participant_count = whole_number_field(
        "How many took part",
        min_value=1,
        max_value=500,
        width=3,
        example=8,
        required_message="Enter how many took part",
    )
    themes = reflective_text(
        "Themes",
        required=True,
        help_text="The themes the team talked about. No personal content is needed: do not "
        "name people or write what anyone shared.",
        missing="Enter the themes of the circle",
    )
    agreed_actions = reflective_text(
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
