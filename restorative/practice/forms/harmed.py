"""The person harmed (or their supporter) at a youth justice panel or restorative circle:
who they are, whether they consented to take part, whether they chose to meet, and their
view in their own words (issue 10, point 7). The rules are `services.person_harmed_add`'s."""

from __future__ import annotations

from typing import Any

from django import forms

from restorative.core.forms import text_field, uuid_choice_field

from ..models import Meeting
from ..selectors import people_harmed
from .fields import NO_AUTOCOMPLETE, own_words, radio_choice

# A yes/no that may not be known yet: asked, answered either way, or not asked yet.
ANSWER_CHOICES = [("yes", "Yes"), ("no", "No"), ("unknown", "Not asked or not decided yet")]
ANSWERS = {"yes": True, "no": False, "unknown": None}


class PersonHarmedForm(forms.Form):
    """Add a person harmed or their supporter to the meeting."""

    kind = radio_choice(
        "Who are you adding?",
        [("harmed", "The person harmed"), ("supporter", "Someone supporting the person harmed")],
        "Choose whether this is the person harmed or their supporter",
    )
    name = text_field(
        "Their name",
        name="Name",
        max_length=200,
        required_message="Enter the name of the person",
        attrs=NO_AUTOCOMPLETE,
    )
    supports = uuid_choice_field(
        "If they are a supporter: who do they support?",
        empty_label="Choose the person harmed",
        message="Choose the person harmed they support, from those added to this meeting",
        required=False,
        help_text="A supporter is there for one person harmed at this meeting.",
    )
    consent_to_take_part = radio_choice(
        "Have they consented to take part?",
        ANSWER_CHOICES,
        "Choose whether they have consented to take part",
    )
    chose_to_meet = radio_choice(
        "Did they choose to meet (rather than take part another way, such as a letter)?",
        ANSWER_CHOICES,
        "Choose whether they chose to meet",
    )
    view = forms.CharField(
        label="Their view, in their own words (optional)",
        required=False,
        max_length=10000,
        widget=own_words(4),
        error_messages={"max_length": "Their view must be 10,000 characters or fewer"},
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        harmed = people_harmed(meeting)
        self.fields["supports"].queryset = harmed  # type: ignore[attr-defined]
        if not harmed.exists():
            # Nobody to support yet: the person harmed comes first, and the page says so.
            self.fields["kind"].choices = [("harmed", "The person harmed")]  # type: ignore[attr-defined]
            del self.fields["supports"]

    def person(self) -> dict[str, Any]:
        """The cleaned answers, ready for services.person_harmed_add."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "supporter": data["kind"] == "supporter",
            "supports": data.get("supports"),
            "consent_to_take_part": ANSWERS[data["consent_to_take_part"]],
            "chose_to_meet": ANSWERS[data["chose_to_meet"]],
            "view": data.get("view", ""),
        }
