"""What a person may type in governance, and its messages; the rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms

from restorative.core.forms import date_field, radio_choice
from restorative.core.submission import new_submission_token, submission_token_field
from restorative.people.models import Team

from .models import Barrier, Policy, ReviewTrigger


class BarrierRaiseForm(forms.Form):
    submission_token = submission_token_field()
    theme = radio_choice(
        "What is it about?", Barrier.Theme.choices, "Choose what the barrier is about"
    )
    team = forms.ModelChoiceField(
        label="Where is it? (optional)",
        queryset=Team.objects.none(),
        required=False,
        empty_label="The whole organisation",
        to_field_name="uuid",
        help_text="The team where it gets in the way; leave it for the whole organisation.",
        error_messages={"invalid_choice": "Choose a team from the list"},
    )
    description = forms.CharField(
        label="What gets in the way?",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        error_messages={
            "required": "Enter what gets in the way",
            "max_length": "What gets in the way must be 4,000 characters or fewer",
        },
    )
    name_hidden = forms.BooleanField(
        label="Do not show my name to others (leaders still act on it; you can still see it)",
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.select_related("service").order_by("name")  # type: ignore[attr-defined]
        self.initial.setdefault("submission_token", new_submission_token())


class BarrierTriageForm(forms.Form):
    status = radio_choice("Status", Barrier.Status.choices, "Choose a status")
    owner: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="Who owns the action (optional until accepted)",
        queryset=Team.objects.none(),
        required=False,
        to_field_name="uuid",
        error_messages={"invalid_choice": "Choose someone from the list"},
    )
    action = forms.CharField(
        label="What we are doing (shown to the person who raised it)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
        error_messages={"max_length": "What we are doing must be 4,000 characters or fewer"},
    )
    review_on = date_field("Review date", required=False, name="review date")

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]


class PolicyForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter the title"}
    )
    kind = radio_choice(
        "Is it a policy or a procedure?", Policy.Kind.choices, "Choose policy or procedure"
    )
    summary = forms.CharField(
        label="Summary (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class VersionForm(forms.Form):
    number = forms.CharField(
        label="Version number",
        max_length=20,
        error_messages={"required": "Enter the version number"},
    )
    approved_by = forms.CharField(
        label="Approved by", max_length=200, error_messages={"required": "Enter who approved it"}
    )
    approved_on = date_field("Date approved", name="date it was approved")
    review_due_on = date_field(
        "Next review (optional)",
        required=False,
        name="next review",
        help_text="Leave empty for two years after approval.",
    )
    upload = forms.FileField(
        label="The document (optional): a Word document (.docx) or a text file (.txt)",
        required=False,
    )
    text = forms.CharField(
        label="Or paste its text (optional)",
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
    )


class TriggerForm(forms.Form):
    kind = radio_choice("What has changed?", ReviewTrigger.Kind.choices, "Choose what has changed")
    evidence = forms.CharField(
        label="Where is the evidence?",
        max_length=300,
        help_text="For example: barrier raised on 3 March about rooms; audit finding 2026-04.",
        error_messages={
            "required": "Enter where the evidence is, for example a barrier or an audit"
        },
    )
    evidence_link = forms.CharField(
        label="Link to the evidence in this service (optional)",
        required=False,
        max_length=300,
        help_text=(
            "Copy the address of the barrier, the audit or complaints report or the survey "
            "results, for example /governance/barriers/…"
        ),
        error_messages={"max_length": "The link must be 300 characters or fewer"},
    )
    review_by = date_field(
        "Bring the review forward to (optional)", required=False, name="review by date"
    )
