"""Forms for training. They read and check input; services do the writing."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.utils import timezone

from restorative.core.forms import (
    date_field,
    select_field,
    text_field,
    uuid_choice_field,
    whole_number_field,
)
from restorative.core.submission import new_submission_token, submission_token_field
from restorative.language.forms import LanguageCheckedTextarea
from restorative.people.models import PartnerAgency, Staff

from . import services
from .models import LENGTH_HOURS_ERRORS, REQUIREMENT_GROUP_CHOICES, Course

INPUT = "govuk-input"


class CourseForm(forms.Form):
    title = text_field("Course title", max_length=200)
    kind = select_field(
        "Type of course",
        [("", "Choose a type"), *Course.Kind.choices],
        required_message="Choose the type of course",
    )
    level = select_field(
        "Level",
        [("", "Choose a level"), *Course.Level.choices],
        required_message="Choose the level",
    )
    length_hours = forms.DecimalField(
        label="Length in hours",
        min_value=0.5,
        max_value=999,
        decimal_places=1,
        help_text="For example, 3 or 6.5",
        widget=forms.TextInput(
            attrs={"class": f"{INPUT} govuk-input--width-4", "inputmode": "decimal"}
        ),
        error_messages=LENGTH_HOURS_ERRORS,
    )
    delivery = select_field(
        "How it is delivered",
        [("", "Choose how"), *Course.Delivery.choices],
        required_message="Choose how the course is delivered",
    )
    validity_months = whole_number_field(
        "Months before a refresher is due (optional)",
        name="Months",
        required=False,
        min_value=1,
        max_value=120,
        width=4,
        example=12,
        help_text="Leave empty if the course never needs refreshing",
    )
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 4}),
        error_messages={"max_length": "Description must be 4,000 characters or fewer"},
    )
    required_groups = forms.MultipleChoiceField(
        label="Who must complete it",
        required=False,
        choices=REQUIREMENT_GROUP_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. Leave empty if the course is optional for everyone.",
    )


def _rule(check: Callable[[Any], str | None]) -> Callable[[Any], None]:
    """A field validator that asks a service's rule (which returns why a value is refused, or
    None), so the form shows the service's own message and keeps no copy of the rule."""

    def validate(value: Any) -> None:
        message = check(value)
        if message:
            raise forms.ValidationError(message)

    return validate


def _parse_time(value: str) -> datetime.time | None:
    for fmt in ("%H:%M", "%H.%M", "%H%M"):
        try:
            return datetime.datetime.strptime(value.strip(), fmt).time()
        except ValueError:
            continue
    return None


class SessionForm(forms.Form):
    """Schedule a session. The hidden `submission_token` makes a repeated POST save once."""

    submission_token = submission_token_field()
    date = date_field(
        "Date", example="27/03/2027", required_message="Enter the date of the session"
    )
    start_time = text_field(
        "Start time",
        max_length=5,
        width=5,
        help_text="Use the 24-hour clock, for example 09:30 or 14:00",
    )
    place = text_field("Place (optional if online)", name="Place", max_length=300, required=False)
    online_link = forms.URLField(
        label="Online link (optional if in person)",
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"class": INPUT}),
        error_messages={
            "invalid": "Enter the link in the right format, like https://meet.example.org/abc",
            "max_length": "Online link must be 500 characters or fewer",
        },
    )
    # 1 to 500 is `services.capacity_error`'s rule; the field asks it (`_rule`), so the message
    # shows with the form's other errors at once.
    capacity = whole_number_field(
        "Capacity",
        width=4,
        example=20,
        validators=[_rule(services.capacity_error)],
        help_text="How many people can attend",
    )
    facilitators = forms.ModelMultipleChoiceField(
        label="Facilitators (optional)",
        required=False,
        queryset=Staff.objects.none(),
        widget=forms.SelectMultiple(attrs={"class": "govuk-select app-select-multiple", "size": 6}),
        help_text="Facilitators take the attendance. Hold Ctrl (or Cmd) to choose more than one.",
        error_messages={"invalid_choice": "Choose facilitators from the list"},
    )
    partner_agencies = forms.ModelMultipleChoiceField(
        label="Partner agencies invited (optional)",
        required=False,
        queryset=PartnerAgency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Staff of the agencies invited can see and book this session.",
        error_messages={"invalid_choice": "Choose agencies from the list"},
    )

    def __init__(self, *args: Any, facilitators: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_token", new_submission_token())
        field_f: Any = self.fields["facilitators"]
        field_f.queryset = facilitators
        field_a: Any = self.fields["partner_agencies"]
        field_a.queryset = agencies

    def clean_start_time(self) -> datetime.time:
        value = _parse_time(self.cleaned_data.get("start_time") or "")
        if value is None:
            raise forms.ValidationError("Start time must be a real time, like 09:30")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date") and data.get("start_time"):
            data["starts_at"] = timezone.make_aware(
                datetime.datetime.combine(data["date"], data["start_time"])
            )
        if (
            not data.get("place")
            and not data.get("online_link")
            and "online_link" not in self.errors
        ):
            self.add_error("place", "Enter a place or an online link (or both)")
        return data


def _optional(field: forms.Field) -> Any:
    copied = copy.deepcopy(field)
    copied.required = False
    return copied


class SessionEditForm(forms.Form):
    """Change a session. The date and time come filled in; changing them moves the session."""

    date = _optional(SessionForm.base_fields["date"])
    start_time = _optional(SessionForm.base_fields["start_time"])
    place = SessionForm.base_fields["place"]
    online_link = SessionForm.base_fields["online_link"]
    capacity = SessionForm.base_fields["capacity"]
    facilitators = copy.deepcopy(SessionForm.base_fields["facilitators"])

    def __init__(self, *args: Any, facilitators: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if facilitators is None:
            del self.fields["facilitators"]
        else:
            field: Any = self.fields["facilitators"]
            field.queryset = facilitators

    def clean_start_time(self) -> datetime.time | None:
        raw = self.cleaned_data.get("start_time") or ""
        if not raw.strip():
            return None
        value = _parse_time(raw)
        if value is None:
            raise forms.ValidationError("Start time must be a real time, like 09:30")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["starts_at"] = None
        if data.get("date") and data.get("start_time"):
            data["starts_at"] = timezone.make_aware(
                datetime.datetime.combine(data["date"], data["start_time"])
            )
        elif data.get("date") and "start_time" not in self.errors:
            self.add_error("start_time", "Enter the start time")
        elif data.get("start_time") and "date" not in self.errors:
            self.add_error("date", "Enter the date of the session")
        return data


class AttendanceForm(forms.Form):
    attended = forms.MultipleChoiceField(
        label="Who attended",
        required=False,
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        help_text="Select everyone who attended. Anyone not selected is recorded as "
        "did not attend.",
        error_messages={"invalid_choice": "Choose only people booked on this session"},
    )

    def __init__(self, *args: Any, bookings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["attended"]
        field.choices = [(str(b.pk), b.person.display_name) for b in bookings]


# --- Supervision ---------------------------------------------------------------------------

CASE_DECISION_ROWS = 3


def reflective_text(
    label: str, *, required: bool = False, help_text: str = "", missing: str = ""
) -> forms.CharField:
    """A box for reflective writing (supervision, learning logs, audits, circles), checked by
    the restorative language checker, up to 10,000 characters. `missing` is the message when
    it is required and empty ("Enter <label>" by default)."""
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


class SupervisionSessionForm(forms.Form):
    """A restorative supervision record. `submission_token` makes a repeated POST save once."""

    submission_token = submission_token_field()
    held_on = date_field("Date of the session", example="27/03/2027")
    # 1 to 600 minutes is `services.supervision_length_error`'s rule (see `_rule`).
    duration_minutes = whole_number_field(
        "Length in minutes",
        width=4,
        example=90,
        validators=[_rule(services.supervision_length_error)],
        required_message="Enter the length of the session in minutes",
        error_messages={"invalid": "Length must be a whole number of minutes, like 90"},
        help_text="The standard is at least 90 minutes, uninterrupted",
    )
    wellbeing_score = whole_number_field(
        "Wellbeing check-in score, from 0 to 10 (optional)",
        required=False,
        min_value=0,
        max_value=10,
        width=2,
        example=5,
        error_messages={
            "invalid": "Wellbeing score must be a whole number from 0 to 10",
            "min_value": "Wellbeing score must be from 0 to 10",
            "max_value": "Wellbeing score must be from 0 to 10",
        },
        help_text="How the supervisee rates their wellbeing, if they want to give a score: 0 "
        "is very low, 10 is very good. Only the two of you see it",
    )
    wellbeing_words = reflective_text("Wellbeing check-in in their words")
    reflection = reflective_text("Reflection on practice")
    went_well = reflective_text("What went well")
    learning = reflective_text(
        "What was learned from mistakes", help_text="Focus on learning, not on blame"
    )
    emotional_impact = reflective_text("Emotional impact of the work")
    support_agreed = reflective_text("Support agreed")
    actions = reflective_text("Actions")

    def __init__(self, *args: Any, families: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_token", new_submission_token())
        for number in range(1, CASE_DECISION_ROWS + 1):
            self.fields[f"family_{number}"] = uuid_choice_field(
                f"Case {number}: family (optional)",
                queryset=families,
                required=False,
                empty_label="No family",
                message="Choose a family from the list",
            )
            self.fields[f"decision_{number}"] = forms.CharField(
                label=f"Case {number}: decision made",
                required=False,
                max_length=5000,
                help_text="This decision will appear on the family's record. "
                "Do not write anything personal to the supervisee here.",
                widget=LanguageCheckedTextarea(attrs={"rows": "3"}),
                error_messages={"max_length": "Decision must be 5,000 characters or fewer"},
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        decisions = []
        for number in range(1, CASE_DECISION_ROWS + 1):
            family = data.get(f"family_{number}")
            decision = (data.get(f"decision_{number}") or "").strip()
            if f"family_{number}" in self.errors:
                continue
            if family is not None and not decision:
                self.add_error(
                    f"decision_{number}", f"Enter the decision made about the {family.name} family"
                )
            elif decision and family is None:
                self.add_error(f"family_{number}", "Choose the family this decision is about")
            elif family is not None:
                decisions.append((family, decision))
        data["case_decisions"] = decisions
        return data

    def personal_fields(self) -> list[Any]:
        return [self[name] for name in services.SESSION_TEXT_FIELDS]

    def case_rows(self) -> list[tuple[Any, Any]]:
        return [
            (self[f"family_{n}"], self[f"decision_{n}"]) for n in range(1, CASE_DECISION_ROWS + 1)
        ]


class SupervisionAgreementForm(forms.Form):
    """Set up (or change) who supervises someone, and how often."""

    supervisee = uuid_choice_field(
        "Supervisee",
        queryset=Staff.objects.none(),
        empty_label="Choose a person",
        message="Choose a person from the list",
        required_message="Choose the person who will be supervised",
    )
    supervisor = uuid_choice_field(
        "Supervisor",
        queryset=Staff.objects.none(),
        empty_label="Choose a supervisor",
        message="Choose a supervisor from the list",
        required_message="Choose the supervisor",
        help_text="Their team manager, or a team manager or head of service in their service "
        "(the director for a head of service). You can name yourself only if you are their "
        "line manager. The supervisor reads supervision records and learning logs written "
        "from the start date.",
    )
    agreed_frequency = select_field(
        "Agreed frequency",
        [("monthly", "Monthly"), ("fortnightly", "Fortnightly"), ("weekly", "Weekly")],
        message="Choose how often",
        help_text="The standard applies if it is more frequent: newly qualified social "
        "workers (ASYE) weekly for 6 weeks, then fortnightly to 6 months.",
    )
    started_on = date_field("Start date", example="27/03/2027")

    def __init__(self, *args: Any, supervisees: Any, supervisors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        supervisee_field: Any = self.fields["supervisee"]
        supervisee_field.queryset = supervisees
        supervisor_field: Any = self.fields["supervisor"]
        supervisor_field.queryset = supervisors

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("supervisee") and data.get("supervisee") == data.get("supervisor"):
            self.add_error("supervisor", "Choose someone other than the supervisee")
        return data


class SupervisionAgreementEndForm(forms.Form):
    """End a supervision agreement on a date."""

    ended_on = date_field(
        "Date ended",
        example="27/03/2027",
        help_text="For example, 27/03/2027. Not before the last session.",
        required_message="Enter the date the agreement ended",
    )


class SupervisionSessionEditForm(forms.Form):
    """Correct a supervision record. Case decisions are not edited here (they are on the
    families' records)."""

    held_on = SupervisionSessionForm.base_fields["held_on"]
    duration_minutes = SupervisionSessionForm.base_fields["duration_minutes"]
    wellbeing_score = SupervisionSessionForm.base_fields["wellbeing_score"]
    wellbeing_words = SupervisionSessionForm.base_fields["wellbeing_words"]
    reflection = SupervisionSessionForm.base_fields["reflection"]
    went_well = SupervisionSessionForm.base_fields["went_well"]
    learning = SupervisionSessionForm.base_fields["learning"]
    emotional_impact = SupervisionSessionForm.base_fields["emotional_impact"]
    support_agreed = SupervisionSessionForm.base_fields["support_agreed"]
    actions = SupervisionSessionForm.base_fields["actions"]

    personal_fields = SupervisionSessionForm.personal_fields
