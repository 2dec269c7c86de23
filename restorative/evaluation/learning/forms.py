"""Forms for learning actions and training needs; the services hold the rules."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from restorative.core.forms import date_field, whole_number_field
from restorative.people.models import Staff, Team
from restorative.workforce.models import Course, Session

from ..form_fields import optional_record_choice
from ..models import Survey
from ..models.surveys import Theme

SELECT = forms.Select(attrs={"class": "govuk-select"})


def _use(field: forms.Field, queryset: Any) -> None:
    """Set a model choice field's choices to the records this person may choose."""
    cast(forms.ModelChoiceField, field).queryset = queryset  # type: ignore[type-arg]


class LearningActionForm(forms.Form):
    what = forms.CharField(
        label="What will be done",
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 3}),
        error_messages={"required": "Enter what will be done"},
    )
    owner = forms.ModelChoiceField(
        label="Who owns it",
        queryset=Staff.objects.none(),
        widget=SELECT,
        error_messages={
            "required": "Choose who owns the action",
            "invalid_choice": "Choose who owns the action from the list",
        },
    )
    due_on = date_field("Due by", name="due date")

    def __init__(self, *args: Any, owners: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _use(self.fields["owner"], owners if owners is not None else Staff.objects.all())


class LearningActionDoneForm(forms.Form):
    done_on = date_field("Date done", name="date done")
    evidence = forms.CharField(
        label="Evidence that it was done",
        required=False,
        help_text="For example, the briefing's date and who attended, or the changed guidance",
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 3}),
    )


ROLE_CHOICES = [
    (role.value, role.label)
    for role in Staff.Role
    if role not in {Staff.Role.PARTNER, Staff.Role.SYSTEM_ADMIN}
]


class TrainingNeedForm(forms.Form):
    theme = forms.CharField(
        label="Theme of the training needed",
        max_length=200,
        widget=forms.TextInput(attrs={"class": "govuk-input"}),
        error_messages={
            "required": "Enter the theme of the training needed",
            "max_length": "The theme must be 200 characters or fewer",
        },
    )
    roles = forms.MultipleChoiceField(
        label="Roles who need it",
        choices=ROLE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose roles from the list"},
    )
    teams = forms.ModelMultipleChoiceField(
        label="Teams who need it (optional)",
        queryset=Team.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "govuk-select", "size": 6}),
        error_messages={"invalid_choice": "Choose teams from the list"},
    )
    people_count = whole_number_field(
        "About how many people",
        name="how many people",
        width=4,
        example=12,
        min_value=1,
        max_value=100000,
        required_message="Enter how many people need it, 1 or more",
        error_messages={"min_value": "Enter how many people need it, 1 or more"},
    )

    def __init__(self, *args: Any, teams: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _use(self.fields["teams"], teams if teams is not None else Team.objects.all())


class TrainingLinkForm(forms.Form):
    course = optional_record_choice("Course that meets it", Course, what="a course")
    session = optional_record_choice(
        "Or a session of a course (optional)", Session, what="a session"
    )

    def __init__(
        self, *args: Any, courses: Any = None, sessions: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _use(self.fields["course"], courses if courses is not None else Course.objects.all())
        _use(self.fields["session"], sessions if sessions is not None else Session.objects.all())
        self.fields["session"].label_from_instance = (  # type: ignore[attr-defined]
            lambda session: f"{session.course.title}, {session.starts_at:%d %B %Y}"
        )


class FeedbackThemeForm(forms.Form):
    theme = forms.ChoiceField(
        label="Theme",
        choices=[("", "Choose a theme"), *Theme.choices],
        widget=SELECT,
        error_messages={
            "required": "Choose the theme from the list",
            "invalid_choice": "Choose the theme from the list",
        },
    )
    summary = forms.CharField(
        label="What the feedback shows",
        help_text="In your words, from the results: no names or quotations that identify anyone",
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 4}),
        error_messages={"required": "Enter what the feedback shows"},
    )
    period_start = date_field("Start of the period", name="start of the period")
    period_end = date_field("End of the period", name="end of the period")
    team = optional_record_choice(
        "Team (optional)", Team, what="a team", empty_label="The whole organisation"
    )
    survey = optional_record_choice(
        "Survey (optional)", Survey, what="a survey", empty_label="Every survey"
    )
    score = whole_number_field(
        "Score out of 100 (optional)",
        name="the score",
        width=3,
        example=62,
        required=False,
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": "The score must be from 0 to 100",
            "max_value": "The score must be from 0 to 100",
        },
    )
    responses = whole_number_field(
        "How many answers it is drawn from (optional)",
        name="the number of answers",
        width=5,
        example=40,
        required=False,
        min_value=0,
    )

    def __init__(self, *args: Any, teams: Any = None, surveys: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _use(self.fields["team"], teams if teams is not None else Team.objects.all())
        _use(self.fields["survey"], surveys if surveys is not None else Survey.objects.all())
