"""API shape of adding a person harmed (or their supporter) to a youth justice panel or a
restorative circle (issue 10, point 7). The rules are `services.person_harmed_add`'s."""

from __future__ import annotations

from rest_framework import serializers

from restorative.core.api import text_field

from .common import optional_uuid_field, yes_no_or_null_field


class PersonHarmedAddSerializer(serializers.Serializer):
    """The person harmed or their supporter, their consent, choice and view."""

    name = text_field("Their name", max_length=200, required=True)
    supporter = serializers.BooleanField(
        default=False,
        help_text="True for someone supporting the person harmed; false for the person harmed.",
        error_messages={"invalid": "Supporter must be true or false"},
    )
    supports = optional_uuid_field(
        "Supports",
        "For a supporter: the `uuid` of the person harmed at this meeting they "
        "support (one of the meeting's participants of kind `person_harmed`). Required when "
        "`supporter` is true; refused otherwise.",
    )
    consent_to_take_part = yes_no_or_null_field(
        "Consent to take part",
        "Did they consent to take part? null when not asked yet.",
    )
    chose_to_meet = yes_no_or_null_field(
        "Chose to meet",
        "Did they choose to meet (rather than take part another way)? null when "
        "not decided yet. Someone who chose to meet has consented to take part.",
    )
    view = text_field("Their view", max_length=10000, multiline=True)
