"""API shapes shared by the practice API's sub-domains: references to records and people.

Serializers only read and check the shape of input and shape output. Who may see or record
what is decided by `practice.permissions` (through the selectors), and every write goes
through `practice.services`, whose own checks come back to the client as 400.

Related people (family members, staff, chairs, questions, participants) are given by UUID as
plain values; the view resolves them among the people the page would offer for that family,
so an unknown UUID and one outside the person's reach get the same message.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from restorative.core.api import (
    StaffRefSerializer,
    choice_field,
    date_field,
    text_field,
    uuid_field,
)
from restorative.people.models import Family

from ...models import Meeting, PlanCategory, Question, QuestionSet

__all__ = [
    "FamilyRefSerializer",
    "MeetingRefSerializer",
    "OtherPersonSerializer",
    "QuestionSerializer",
    "QuestionSetSerializer",
    "StaffRefSerializer",
    "optional_choice_field",
    "optional_date_field",
    "optional_uuid_field",
    "others_field",
    "plan_category_field",
    "yes_no_or_null_field",
]


class FamilyRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Family
        fields = ("uuid", "name")
        read_only_fields = fields


class QuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Question
        fields = ("uuid", "text", "order")
        read_only_fields = fields


class QuestionSetSerializer(serializers.ModelSerializer):
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta:
        model = QuestionSet
        fields = ("uuid", "code", "name", "description", "questions")
        read_only_fields = fields


class OtherPersonSerializer(serializers.Serializer):
    """Someone taking part who is neither a family member nor a staff member with an account."""

    name = text_field("Their name", max_length=200, required=True)
    role = text_field("Their role", max_length=200)


def others_field(help_text: str) -> Any:
    """People taking part who have no record here, by name and role (none by default)."""
    return OtherPersonSerializer(many=True, required=False, default=list, help_text=help_text)


def optional_choice_field(
    choices: Any, label: str, help_text: str | None = None
) -> serializers.ChoiceField:
    """One of `choices`, or "" (the default) when it does not apply."""
    return choice_field(
        choices, label, required=False, allow_blank=True, default="", help_text=help_text
    )


def optional_date_field(label: str, help_text: str | None = None) -> serializers.DateField:
    """A date that may be left out or null (the default)."""
    return date_field(label, required=False, allow_null=True, default=None, help_text=help_text)


def optional_uuid_field(label: str, help_text: str) -> serializers.UUIDField:
    """A record that may be named by its UUID, or left out or null (the default)."""
    return uuid_field(label, required=False, allow_null=True, default=None, help_text=help_text)


def yes_no_or_null_field(label: str, help_text: str) -> serializers.BooleanField:
    """True or false, or null (the default) while it is not known: not asked, not decided,
    or not a question for this kind of meeting."""
    return serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text=help_text,
        error_messages={"invalid": f"{label} must be true, false or null"},
    )


def plan_category_field(help_text: str) -> serializers.ChoiceField:
    """The category of a child protection plan, where one may be sent ("" when none)."""
    return optional_choice_field(PlanCategory.choices, "Plan category", help_text)


class MeetingRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Meeting
        fields = ("uuid", "meeting_type")
        read_only_fields = fields
