"""API representations of restorative conversations, meetings, views and decisions.

Serializers only read and check the shape of input and shape output. Who may see or record
what is decided by `practice.permissions` (through the selectors), and every write goes
through `practice.services`, whose own checks come back to the client as 400.

Related people (family members, staff, chairs, questions, participants) are given by UUID as
plain values; the view resolves them among the people the page would offer for that family,
so an unknown UUID and one outside the person's reach get the same message.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from restorative.people.api.serializers import _choice_field, _date_field
from restorative.people.models import Family, Staff

from ..models import (
    EVENT_TRIGGERS,
    ConversationParticipant,
    Decision,
    Meeting,
    MeetingParticipant,
    MeetingType,
    Question,
    QuestionSet,
    RestorativeConversation,
    SocialDiscipline,
    Trigger,
)


def _uuid_field(label: str, **kwargs: Any) -> serializers.UUIDField:
    return serializers.UUIDField(
        error_messages={
            "invalid": f"{label} must be a UUID, like 3fa85f64-5717-4562-b3fc-2c963f66afa6",
            "required": f"Choose the {label.lower()}, by its UUID",
            "null": f"Choose the {label.lower()}, by its UUID",
        },
        **kwargs,
    )


def _uuid_list(label: str, help_text: str) -> serializers.ListField:
    return serializers.ListField(
        child=_uuid_field(label),
        required=False,
        default=list,
        help_text=help_text,
        error_messages={"not_a_list": f"{label} must be a list of UUIDs"},
    )


def _text(label: str, *, max_length: int | None = None, required: bool = False) -> Any:
    messages: dict[str, Any] = {
        "required": f"Enter {label.lower()}",
        "blank": f"Enter {label.lower()}",
        "invalid": f"{label} must be text",
    }
    if max_length is not None:
        messages["max_length"] = f"{label} must be {max_length} characters or fewer"
    return serializers.CharField(
        required=required,
        allow_blank=not required,
        max_length=max_length,
        default="" if not required else serializers.empty,
        error_messages=messages,
    )


def _token_field() -> serializers.UUIDField:
    return serializers.UUIDField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Any new UUID, chosen by the client for this submission. Sending the same "
        "request again with the same token returns the record the first one made instead of "
        "making another.",
        error_messages={"invalid": "Submission token must be a UUID"},
    )


def _read_only_choice_field(choices: Any) -> serializers.ChoiceField:
    """A read-only choice whose values are listed in place in the schema, not as a named enum.

    The people API has a `status` with other values; drf-spectacular names shared enums by
    field name, and two choice sets under one name used in several components cannot be named
    without a settings override. Wrapping the enum keeps it in place (and the schema valid).
    """
    values = [value for value, _ in choices]
    schema = {"allOf": [{"type": "string", "enum": values}]}
    field_class = extend_schema_field(schema)(
        type("InlineChoiceField", (serializers.ChoiceField,), {})
    )
    return field_class(choices=choices, read_only=True)  # type: ignore[no-any-return]


# References --------------------------------------------------------------------------------


class FamilyRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Family
        fields = ("uuid", "name")
        read_only_fields = fields


class StaffRefSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)

    class Meta:
        model = Staff
        fields = ("uuid", "display_name")
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

    name = _text("Their name", max_length=200, required=True)
    role = _text("Their role", max_length=200)


# Conversations -----------------------------------------------------------------------------


class ConversationSerializer(serializers.ModelSerializer):
    """A conversation as it appears in a list: no participants or answers."""

    family = FamilyRefSerializer(read_only=True)
    practitioner = StaffRefSerializer(read_only=True)

    class Meta:
        model = RestorativeConversation
        fields: tuple[str, ...] = (
            "uuid",
            "family",
            "held_on",
            "setting",
            "setting_detail",
            "practitioner",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class ConversationAnswerSerializer(serializers.Serializer):
    question = serializers.UUIDField(read_only=True)
    answer = serializers.CharField(read_only=True)


class ConversationParticipantSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)
    member = serializers.SerializerMethodField()
    answers = serializers.SerializerMethodField()

    class Meta:
        model = ConversationParticipant
        fields = ("uuid", "display_name", "member", "relationship", "answers")
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.UUID)
    def get_member(self, participant: ConversationParticipant) -> str | None:
        member = participant.member
        return str(member.uuid) if member is not None else None

    @extend_schema_field(ConversationAnswerSerializer(many=True))
    def get_answers(self, participant: ConversationParticipant) -> list[dict[str, str]]:
        question_uuids = self.context.get("question_uuids", {})
        return [
            {"question": str(question_uuids[a.question_id]), "answer": a.answer}
            for a in participant.answers.all()
            if a.question_id in question_uuids
        ]


class ConversationDetailSerializer(ConversationSerializer):
    questions = QuestionSerializer(many=True, read_only=True)
    participants = serializers.SerializerMethodField()
    can_record = serializers.SerializerMethodField(
        help_text="Whether the person asking may record for this family."
    )

    class Meta(ConversationSerializer.Meta):
        fields = (
            *ConversationSerializer.Meta.fields,
            "agreed_next",
            "questions",
            "participants",
            "can_record",
        )
        read_only_fields = fields

    @extend_schema_field(ConversationParticipantSerializer(many=True))
    def get_participants(self, conversation: RestorativeConversation) -> Any:
        question_uuids = {q.pk: q.uuid for q in conversation.questions.all()}
        return ConversationParticipantSerializer(
            conversation.participants.all(),
            many=True,
            context={"question_uuids": question_uuids},
        ).data

    def get_can_record(self, conversation: RestorativeConversation) -> bool:
        return bool(self.context.get("can_record", False))


class ConversationCreateSerializer(serializers.Serializer):
    family = _uuid_field("Family", help_text="The family's UUID (see /api/families/).")
    held_on = _date_field("Date of the conversation")
    setting = _choice_field(RestorativeConversation.Setting.choices, "Setting")
    setting_detail = _text("What the other contact was", max_length=200)
    members = _uuid_list(
        "Family members", "UUIDs of the family members who took part (see the family's members)."
    )
    others = OtherPersonSerializer(
        many=True, required=False, default=list, help_text="Other people who took part."
    )
    questions = _uuid_list(
        "Questions", "UUIDs of the questions asked (see /api/practice/question-sets/)."
    )
    submission_token = _token_field()


# Meetings ---------------------------------------------------------------------------------


class MeetingSerializer(serializers.ModelSerializer):
    """A meeting as it appears in a list: no participants, views or decisions."""

    family = FamilyRefSerializer(read_only=True)
    status = _read_only_choice_field(Meeting.Status.choices)
    trigger = _read_only_choice_field(Trigger.choices)
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
            "place",
            "chair",
            "chair_name",
            "trigger",
            "trigger_date",
            "due_date",
            "held_on",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class MeetingParticipantSerializer(serializers.ModelSerializer):
    """Someone invited to a meeting, and their view in their own words."""

    display_name = serializers.CharField(read_only=True)
    member = serializers.SerializerMethodField()
    staff = serializers.SerializerMethodField()
    agency = serializers.SerializerMethodField()
    view_recorded = serializers.BooleanField(
        read_only=True, help_text="Their view was given in some way and written down."
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
        )
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.UUID)
    def get_member(self, participant: MeetingParticipant) -> str | None:
        return str(participant.member.uuid) if participant.member is not None else None

    @extend_schema_field(OpenApiTypes.UUID)
    def get_staff(self, participant: MeetingParticipant) -> str | None:
        return str(participant.staff.uuid) if participant.staff is not None else None

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

    follows = serializers.SerializerMethodField(
        help_text="The held meeting that made this one due."
    )
    participants = MeetingParticipantSerializer(many=True, read_only=True)
    decisions = DecisionSerializer(many=True, read_only=True)
    voice_completeness = serializers.SerializerMethodField()
    can_record = serializers.SerializerMethodField(
        help_text="Whether the person asking may record this meeting and its decisions."
    )

    class Meta(MeetingSerializer.Meta):
        fields = (
            *MeetingSerializer.Meta.fields,
            "follows",
            "what_happened",
            "who_affected",
            "working_well",
            "worries",
            "next_steps",
            "information_giving",
            "private_family_time",
            "family_plan",
            "plan_agreed",
            "experience",
            "experience_given_by",
            "participants",
            "decisions",
            "voice_completeness",
            "can_record",
        )
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.UUID)
    def get_follows(self, meeting: Meeting) -> str | None:
        return str(meeting.follows.uuid) if meeting.follows is not None else None

    @extend_schema_field(VoiceCompletenessSerializer)
    def get_voice_completeness(self, meeting: Meeting) -> Any:
        return VoiceCompletenessSerializer(self.context["voice"]).data

    def get_can_record(self, meeting: Meeting) -> bool:
        return bool(self.context.get("can_record", False))


class MeetingScheduleSerializer(serializers.Serializer):
    family = _uuid_field("Family", help_text="The family's UUID (see /api/families/).")
    meeting_type = _choice_field(MeetingType.choices, "Type of meeting")
    scheduled_at = serializers.DateTimeField(
        help_text="When the meeting is arranged for, e.g. 2026-12-14T10:00:00Z.",
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
        "head of its service. Or give chair_name for someone without an account.",
    )
    chair_name = _text("The chair's name", max_length=200)
    trigger = _choice_field(
        [(trigger.value, trigger.label) for trigger in EVENT_TRIGGERS],
        "What started the timescale",
        required=False,
        allow_blank=True,
        default="",
    )
    trigger_date = _date_field("Date it happened", required=False, allow_null=True, default=None)
    members = _uuid_list("Family members", "UUIDs of the family members invited.")
    staff = _uuid_list(
        "Professionals",
        "UUIDs of the professionals invited: the family's team, or partner agency staff "
        "(an invited partner may then see this meeting).",
    )
    others = OtherPersonSerializer(
        many=True, required=False, default=list, help_text="Other people invited."
    )
    submission_token = _token_field()


class ParticipantRecordSerializer(serializers.Serializer):
    participant = _uuid_field("Participant", help_text="The participant's UUID in this meeting.")
    attendance = _choice_field(MeetingParticipant.Attendance.choices, "Attendance")
    view_given_by = _choice_field(
        MeetingParticipant.ViewGivenBy.choices,
        "How their view was given",
        required=False,
        allow_blank=True,
        default="",
    )
    view_not_given_reason = _text("Why their view was not given", max_length=300)
    view = _text("Their view")


class MeetingRecordSerializer(serializers.Serializer):
    held_on = _date_field("Date the meeting was held")
    what_happened = _text("What has happened")
    who_affected = _text("Who has been affected and how")
    working_well = _text("What is working well")
    worries = _text("What we are worried about")
    next_steps = _text("What needs to happen next")
    information_giving = _text("Information giving")
    private_family_time = _text("Private family time")
    family_plan = _text("The family's plan")
    plan_agreed = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Family group conferences only: was the family's plan agreed?",
        error_messages={"invalid": "Plan agreed must be true, false or null"},
    )
    experience = _choice_field(
        SocialDiscipline.choices,
        "How the meeting felt to the family",
        required=False,
        allow_blank=True,
        default="",
    )
    experience_given_by = _choice_field(
        Meeting.ExperienceGivenBy.choices,
        "Who said how the meeting felt",
        required=False,
        allow_blank=True,
        default="",
    )
    participants = ParticipantRecordSerializer(
        many=True,
        required=False,
        default=list,
        help_text="Attendance and view for some or all participants (others are unchanged).",
    )


class DecisionCreateSerializer(serializers.Serializer):
    decision = _text("The decision", required=True)
    family_position = _choice_field(Decision.FamilyPosition.choices, "Family's position")
    family_view = _text("The family's view")
    submission_token = _token_field()
