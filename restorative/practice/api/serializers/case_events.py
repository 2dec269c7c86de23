"""The case-system events the API takes in (README "Case-system events")."""

from __future__ import annotations

from rest_framework import serializers

from restorative.core.api import date_field, inline_choice_field, text_field

from ...case_events import COLUMNS
from ...models import (
    CONFERENCE_OUTCOMES,
    CaseEvent,
    ConferenceOutcome,
    Meeting,
    MeetingType,
)
from .common import optional_choice_field, optional_date_field, plan_category_field

CONFERENCES = [(value, MeetingType(value).label) for value in CONFERENCE_OUTCOMES]


class CaseEventCreateSerializer(serializers.Serializer):
    event_id = text_field(
        "Event id",
        required=True,
        max_length=100,
        help_text="The event's own id in the case management system: sending it again changes "
        "nothing.",
    )
    kind = inline_choice_field(CaseEvent.Kind.choices, "Kind")
    case_reference = text_field(
        "Case reference", required=True, max_length=40, help_text="The family's case reference."
    )
    occurred_on = date_field("Occurred on", help_text="When it happened (today or before).")
    conference = inline_choice_field(
        CONFERENCES,
        "Conference",
        required=False,
        allow_blank=True,
        default="",
        help_text="conference_outcome only: which conference was held.",
    )
    conference_outcome = optional_choice_field(
        ConferenceOutcome.choices,
        "Conference outcome",
        "conference_outcome only: plan_made or no_plan (initial), plan_continues or "
        "plan_ended (review).",
    )
    plan_category = plan_category_field(
        "The plan's category: with plan_made, and for plan_started."
    )
    order_ends_on = optional_date_field(
        "Order ends on",
        "youth_justice_order only: when the referral order ends (makes the final panel due).",
    )


class CaseEventSerializer(serializers.ModelSerializer):
    event_id = serializers.CharField(source="source_event_id")
    kind = inline_choice_field(CaseEvent.Kind.choices)
    conference = inline_choice_field(CONFERENCES)
    meetings: serializers.SlugRelatedField[Meeting] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="uuid"
    )
    duplicate = serializers.SerializerMethodField()

    class Meta:
        model = CaseEvent
        # The event as it was sent (the CSV file's columns), then what became of it.
        fields = (
            "uuid",
            *COLUMNS,
            "received_at",
            "channel",
            "outcome",
            "meetings",
            "duplicate",
        )
        read_only_fields = fields

    def get_duplicate(self, event: CaseEvent) -> bool:
        """True when this event id had been received before: nothing changed this time."""
        return bool(self.context.get("duplicate", False))
