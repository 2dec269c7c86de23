"""API input for arranging, moving and cancelling a meeting (practice/arranging.py).

Shapes only: who may chair, who may be invited and which meetings can be arranged or
cancelled are decided by the service, whose refusals come back as 400.
"""

from __future__ import annotations

from rest_framework import serializers

from restorative.people.api.serializers import _choice_field

from ..models import Meeting
from .serializers import OtherPersonSerializer, _text, _uuid_field, _uuid_list


class MeetingArrangeSerializer(serializers.Serializer):
    scheduled_at = serializers.DateTimeField(
        help_text="When the meeting is arranged for, today or later, e.g. 2026-12-14T10:00:00Z.",
        error_messages={
            "required": "Enter the date and time of the meeting",
            "null": "Enter the date and time of the meeting",
            "invalid": "Date and time of the meeting must be in the form "
            "YYYY-MM-DDThh:mm, like 2026-12-14T10:00",
            "date": "Date and time of the meeting must include a time",
        },
    )
    venue = _choice_field(Meeting.Venue.choices, "Venue")
    place = _text("The address or room", max_length=300)
    chair = _uuid_field(
        "Chair",
        required=False,
        allow_null=True,
        default=None,
        help_text="UUID of the chair: a practitioner or manager of the family's team, or the "
        "head of its service. A restorative circle or family group conference needs one, "
        "with advanced restorative training current on the day of the meeting. Otherwise "
        "chair_name may name someone without an account.",
    )
    chair_name = _text("The chair's name", max_length=200)
    members = _uuid_list(
        "Family members", "UUIDs of family members to invite (those already invited are kept)."
    )
    staff = _uuid_list(
        "Professionals",
        "UUIDs of professionals to invite: the family's team, or partner agency staff.",
    )
    others = OtherPersonSerializer(
        many=True, required=False, default=list, help_text="Other people to invite."
    )


class MeetingCancelSerializer(serializers.Serializer):
    reason = _text("Why the meeting is cancelled", max_length=2000, required=True)
