"""API shapes of meetings: the record, participants and their views, decisions, and the
input to schedule, arrange, move, cancel and record one.

Shapes only: who may chair, who may be invited and which meetings can be arranged or
cancelled are decided by the services, whose refusals come back as 400.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from restorative.core.api import (
    ContextFlagField,
    RelatedUUIDField,
    choice_field,
    date_field,
    inline_choice_field,
    submission_token_field,
    text_field,
    uuid_field,
    uuid_list_field,
)

from ...models import (
    EVENT_TRIGGERS,
    ConferenceOutcome,
    Decision,
    Meeting,
    MeetingParticipant,
    MeetingType,
    SocialDiscipline,
    Trigger,
)
from .common import (
    FamilyRefSerializer,
    StaffRefSerializer,
    optional_choice_field,
    optional_date_field,
    optional_uuid_field,
    others_field,
    plan_category_field,
    yes_no_or_null_field,
)


def meeting_time_field(help_text: str) -> serializers.DateTimeField:
    """When a meeting is arranged for."""
    return serializers.DateTimeField(
        help_text=help_text,
        error_messages={
            "required": "Enter the date and time of the meeting",
            "null": "Enter the date and time of the meeting",
            "invalid": "Date and time of the meeting must be in the form "
            "YYYY-MM-DDThh:mm, like 2026-12-14T10:00",
            "date": "Date and time of the meeting must include a time",
        },
    )


class MeetingSerializer(serializers.ModelSerializer):
    """A meeting as it appears in a list: no participants, views, decisions or free text
    about the family (not even the place, which may be the family's home)."""

    family = FamilyRefSerializer(read_only=True)
    status = inline_choice_field(Meeting.Status.choices)
    trigger = inline_choice_field(Trigger.choices)
    chair = StaffRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Meeting
        fields: tuple[str, ...] = (
            "uuid",
            "family",
            "meeting_type",
            "status",
            "scheduled_at",
            "venue",
            "chair",
            "chair_name",
            "trigger",
            "trigger_date",
            "due_date",
            "about_conflict",
            "held_on",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class MeetingParticipantSerializer(serializers.ModelSerializer):
    """Someone invited to a meeting, and their view in their own words."""

    display_name = serializers.CharField(read_only=True)
    member = RelatedUUIDField()
    staff = RelatedUUIDField()
    agency = serializers.SerializerMethodField()
    view_recorded = serializers.BooleanField(
        read_only=True, help_text="Their view was given in some way and written down."
    )
    supports = RelatedUUIDField(
        allow_null=True,
        help_text="A supporter of a person harmed: the `uuid` of the participant they support.",
    )

    class Meta:
        model = MeetingParticipant
        fields = (
            "uuid",
            "kind",
            "display_name",
            "member",
            "staff",
            "role",
            "agency",
            "invited",
            "attendance",
            "view_given_by",
            "view_not_given_reason",
            "view",
            "view_recorded",
            "consent_to_take_part",
            "chose_to_meet",
            "supports",
        )
        read_only_fields = fields

    def get_agency(self, participant: MeetingParticipant) -> str | None:
        return participant.agency.name if participant.agency is not None else None


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = ("uuid", "decision", "family_position", "family_view", "created_at")
        read_only_fields = fields


class VoiceCompletenessSerializer(serializers.Serializer):
    invited = serializers.IntegerField(help_text="People invited.")
    heard = serializers.IntegerField(help_text="Invited people whose view is recorded.")
    percent = serializers.IntegerField(allow_null=True, help_text="Null when nobody is invited.")
    children_invited = serializers.IntegerField()
    child_heard = serializers.BooleanField(help_text="At least one invited child's view.")


class MeetingDetailSerializer(MeetingSerializer):
    """A meeting's record: every participant's view, decisions and voice completeness."""

    follows = RelatedUUIDField(help_text="The held meeting that made this one due.")
    participants = MeetingParticipantSerializer(many=True, read_only=True)
    decisions = DecisionSerializer(many=True, read_only=True)
    voice_completeness = serializers.SerializerMethodField()
    can_record = ContextFlagField(
        "can_record",
        help_text="Whether the person asking may record this meeting and its decisions.",
    )

    class Meta(MeetingSerializer.Meta):
        fields = (
            *MeetingSerializer.Meta.fields,
            "place",
            "follows",
            "what_happened",
            "who_affected",
            "working_well",
            "worries",
            "next_steps",
            "information_giving",
            "private_family_time_held",
            "private_family_time_minutes",
            "private_family_time_present",
            "family_plan",
            "plan_agreed",
            "experience",
            "experience_given_by",
            "conference_outcome",
            "plan_category",
            "cancelled_reason",
            "cancelled_at",
            "participants",
            "decisions",
            "voice_completeness",
            "can_record",
        )
        read_only_fields = fields

    private_family_time_present = serializers.SerializerMethodField(
        help_text="UUIDs of the participants who were there for private family time. What was "
        "said belongs to the family and is never recorded or given here."
    )

    def get_private_family_time_present(self, meeting: Meeting) -> list[str]:
        return [str(p.uuid) for p in meeting.participants.all() if p.in_private_family_time]

    @extend_schema_field(VoiceCompletenessSerializer)
    def get_voice_completeness(self, meeting: Meeting) -> Any:
        return VoiceCompletenessSerializer(self.context["voice"]).data


# Where a meeting is and who chairs it: the same when it is scheduled and when it is arranged.
# (A comment, not a docstring: the schema would show a docstring as each body's description.)
class MeetingPlaceAndChairSerializer(serializers.Serializer):
    venue = choice_field(Meeting.Venue.choices, "Venue")
    place = text_field("The address or room", max_length=300)
    chair = optional_uuid_field(
        "Chair",
        "UUID of the chair: a practitioner or manager of the family's team, or the "
        "head of its service; for a restorative circle or family group conference, someone "
        "with advanced restorative training current on the day of the meeting (needed "
        "to arrange one). Or give chair_name for someone without an account (not for those "
        "two: a name typed in has no training record).",
    )
    chair_name = text_field("The chair's name", max_length=200)


class MeetingScheduleSerializer(MeetingPlaceAndChairSerializer):
    family = uuid_field("Family", help_text="The family's UUID (see /api/families/).")
    meeting_type = choice_field(MeetingType.choices, "Type of meeting")
    scheduled_at = meeting_time_field(
        "When the meeting is arranged for, e.g. 2026-12-14T10:00:00Z."
    )
    trigger = optional_choice_field(
        [(trigger.value, trigger.label) for trigger in EVENT_TRIGGERS], "What started the timescale"
    )
    trigger_date = optional_date_field("Date it happened")
    about_conflict = serializers.BooleanField(
        required=False,
        default=False,
        help_text="A restorative circle held because of conflict (counted in governance's "
        "conflict reduction). Only for a restorative circle.",
    )
    members = uuid_list_field("Family members", "UUIDs of the family members invited.")
    staff = uuid_list_field(
        "Professionals",
        "UUIDs of the professionals invited: the family's team, or partner agency staff "
        "(an invited partner may then see this meeting).",
    )
    others = others_field("Other people invited.")
    submission_token = submission_token_field()


class ParticipantRecordSerializer(serializers.Serializer):
    participant = uuid_field("Participant", help_text="The participant's UUID in this meeting.")
    attendance = choice_field(MeetingParticipant.Attendance.choices, "Attendance")
    view_given_by = optional_choice_field(
        MeetingParticipant.ViewGivenBy.choices, "How their view was given"
    )
    view_not_given_reason = text_field("Why their view was not given", max_length=300)
    view = text_field("Their view")


class MeetingRecordSerializer(serializers.Serializer):
    held_on = date_field("Date the meeting was held")
    what_happened = text_field("What has happened")
    who_affected = text_field("Who has been affected and how")
    working_well = text_field("What is working well")
    worries = text_field("What we are worried about")
    next_steps = text_field("What needs to happen next")
    information_giving = text_field("Information giving")
    private_family_time_held = yes_no_or_null_field(
        "Private family time held",
        "Family group conferences only: did the family have private time? What was "
        "said belongs to the family and is not accepted.",
    )
    private_family_time_minutes = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=720,
        help_text="How long private family time lasted, in minutes.",
        error_messages={
            "invalid": "How long it lasted must be a whole number of minutes",
            "min_value": "How long it lasted must be between 1 and 720 minutes",
            "max_value": "How long it lasted must be between 1 and 720 minutes",
        },
    )
    private_family_time_present = uuid_list_field(
        "Who was there", "UUIDs of the participants who were there for private family time."
    )
    family_plan = text_field("The family's plan")
    plan_agreed = yes_no_or_null_field(
        "Plan agreed",
        "Family group conferences only: was the family's plan agreed?",
    )
    experience = optional_choice_field(
        SocialDiscipline.choices, "How the meeting felt to the family"
    )
    experience_given_by = optional_choice_field(
        Meeting.ExperienceGivenBy.choices, "Who said how the meeting felt"
    )
    participants = ParticipantRecordSerializer(
        many=True,
        required=False,
        default=list,
        help_text="Attendance and view for some or all participants (others are unchanged).",
    )
    conference_outcome = choice_field(
        ConferenceOutcome.choices,
        "Conference outcome",
        required=False,
        allow_blank=True,
        default=None,
        help_text=(
            "Child protection conferences only: plan made or not (initial), plan continues or "
            "ends (review). Left out: unchanged. It decides which meetings follow."
        ),
    )
    plan_category = plan_category_field("The category of a plan made at an initial conference.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "private_family_time" in self.initial_data:
            raise serializers.ValidationError(
                {
                    "private_family_time": "What was said in private family time belongs to "
                    "the family and is not recorded: send only private_family_time_held, "
                    "_minutes and _present"
                }
            )
        return attrs


class DecisionCreateSerializer(serializers.Serializer):
    decision = text_field("The decision", required=True)
    family_position = choice_field(Decision.FamilyPosition.choices, "Family's position")
    family_view = text_field("The family's view")
    submission_token = submission_token_field()


class ParticipantAddSerializer(serializers.Serializer):
    """Exactly one of `member`, `staff` or `name` (someone without an account)."""

    member = optional_uuid_field(
        "Family member",
        "UUID of one of the family's members.",
    )
    staff = optional_uuid_field(
        "Professional",
        "UUID of a professional of the family's team or a partner agency (an "
        "invited partner may then see this meeting).",
    )
    name = text_field("Their name", max_length=200)
    role = text_field("Their role", max_length=200)


class MeetingArrangeSerializer(MeetingPlaceAndChairSerializer):
    scheduled_at = meeting_time_field(
        "When the meeting is arranged for, today or later, e.g. 2026-12-14T10:00:00Z."
    )
    members = uuid_list_field(
        "Family members", "UUIDs of family members to invite (those already invited are kept)."
    )
    staff = uuid_list_field(
        "Professionals",
        "UUIDs of professionals to invite: the family's team, or partner agency staff.",
    )
    others = others_field("Other people to invite.")


class MeetingCancelSerializer(serializers.Serializer):
    reason = text_field(
        "Why the meeting is cancelled", max_length=2000, required=True, multiline=True
    )
