"""What a handler types for a subject access request, with GOV.UK messages; the rules are in
the services (`apply_service_errors` shows their refusals here)."""

from __future__ import annotations

from typing import Any

from django import forms

from restorative.core.forms import date_field, radio_choice, text_field
from restorative.core.submission import new_submission_token, submission_token_field

from .models import SubjectAccessRequest


class FindFamilyForm(forms.Form):
    case_reference = text_field(
        "Case reference",
        max_length=40,
        width=10,
        help_text="The family's reference in the case management system",
    )


class RequestLogForm(forms.Form):
    submission_token = submission_token_field()
    member = forms.TypedChoiceField(
        label="Whose records are asked for?",
        widget=forms.RadioSelect,
        choices=(),
        error_messages={
            "required": "Choose whose records are asked for",
            "invalid_choice": "Choose whose records are asked for",
        },
    )
    requester = radio_choice(
        "Who made the request?",
        SubjectAccessRequest.Requester.choices,
        "Choose who made the request",
    )
    requester_name = text_field(
        "Name of the person who asked (if not the person themself)",
        name="name of the person who asked",
        max_length=200,
        required=False,
    )
    received_on = date_field("Date the request was received", name="date received")

    def __init__(self, *args: Any, members: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = members  # type: ignore[attr-defined]
        self.initial.setdefault("submission_token", new_submission_token())
        if len(members) == 1:
            self.initial.setdefault("member", members[0][0])


class ExtendForm(forms.Form):
    extension_reason = forms.CharField(
        label="Why does the request need longer?",
        help_text="The requester is told this reason. The law allows two more months where "
        "a request is complex or one of several from the same person.",
        widget=forms.Textarea(attrs={"rows": 4, "class": "govuk-textarea"}),
        max_length=2000,
        error_messages={
            "required": "Enter why the request needs longer",
            "max_length": "The reason must be 2,000 characters or fewer",
        },
    )


class ReleaseForm(forms.Form):
    release_method = text_field(
        "How was the bundle sent?",
        name="how the bundle was sent",
        max_length=200,
        help_text="For example, secure e-mail to the address on file, or handed over in person",
        required_message="Enter how the bundle was sent",
    )
    reviewed = forms.BooleanField(
        label="Every passage marked for redaction review has been reviewed, and what may not "
        "be disclosed has been withheld",
        required=False,
    )
