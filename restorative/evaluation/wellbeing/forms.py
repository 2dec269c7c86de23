"""What a person may type into the staff survey pages; the rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms

from restorative.core.forms import date_field

from ..form_fields import number_radios
from ..models import WellbeingRound
from .items import ITEMS, SWEMWBS_CHOICES, SWEMWBS_ITEM_COUNT, SWEMWBS_KEYS

SCALE_CHOICES = [(str(n), str(n)) for n in range(0, 11)]


class RoundForm(forms.Form):
    title = forms.CharField(
        label="Name of the round",
        max_length=120,
        help_text="For example, Staff wellbeing survey spring 2027",
        error_messages={"required": "Enter a name for the round"},
    )
    opens_on = date_field("Opens on", name="date the round opens")
    closes_on = date_field("Closes on", name="date the round closes")


class AnswerForm(forms.Form):
    """Every default question as 0 to 10 radios, SWEMWBS as five radios each when the round
    asks them, and an optional comment. Values are checked again by the service."""

    def __init__(self, *args: Any, round_: WellbeingRound, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in ITEMS:
            self.fields[item.key] = number_radios(
                item.text,
                SCALE_CHOICES,
                message="Choose a number from 0 to 10",
                help_text=f"0 means {item.low}, 10 means {item.high}",
            )
        self.swemwbs_keys: list[str] = []
        if round_.asks_swemwbs:
            for key, text in zip(SWEMWBS_KEYS, round_.swemwbs_items, strict=False):
                self.fields[key] = number_radios(
                    text,
                    [(str(v), label) for v, label in SWEMWBS_CHOICES],
                    message="Choose how often",
                )
                self.swemwbs_keys.append(key)
        self.fields["comment"] = forms.CharField(
            label="Is there anything else you want to tell us? (optional)",
            help_text="Do not write your name or anything that would show who you are. "
            "Comments are shown only for groups of 5 or more people, in a random order.",
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 4}),
            error_messages={"max_length": "Your comment must be 2,000 characters or fewer"},
        )

    def default_items(self) -> list[forms.BoundField]:
        return [self[item.key] for item in ITEMS]

    def swemwbs_items(self) -> list[forms.BoundField]:
        return [self[key] for key in self.swemwbs_keys]

    def answers(self) -> dict[str, object]:
        return {item.key: self.cleaned_data.get(item.key) for item in ITEMS}

    def swemwbs(self) -> list[int] | None:
        if not self.swemwbs_keys:
            return None
        return [self.cleaned_data[key] for key in self.swemwbs_keys]


class LicenceForm(forms.Form):
    licence_holder = forms.CharField(
        label="Organisation named on the licence",
        max_length=200,
        error_messages={"required": "Enter the organisation named on the licence"},
    )
    licence_reference = forms.CharField(
        label="Licence reference (optional)", max_length=100, required=False
    )
    enabled = forms.BooleanField(label="Ask these items in new rounds", required=False)
    confirmed = forms.BooleanField(
        label="I confirm our organisation holds a licence from the University of Warwick to "
        "use SWEMWBS, and that these items are typed in as the licence gives them",
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, SWEMWBS_ITEM_COUNT + 1):
            self.fields[f"item_{n}"] = forms.CharField(
                label=f"Item {n}", max_length=300, required=False
            )

    def items(self) -> list[str]:
        return [self.cleaned_data.get(f"item_{n}", "") for n in range(1, SWEMWBS_ITEM_COUNT + 1)]

    def item_fields(self) -> list[forms.BoundField]:
        return [self[f"item_{n}"] for n in range(1, SWEMWBS_ITEM_COUNT + 1)]
