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
    Action,
    ActionProgress,
    ConversationParticipant,
    Decision,
    Goal,
    Meeting,
    MeetingParticipant,
    MeetingType,
    Plan,
    PlanReview,
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
    """A conversation as it appears in a list: no participants, answers or free text (a list
    writes no access event, so it carries no one's words: docs/decisions/0008-practice.md)."""

    family = FamilyRefSerializer(read_only=True)
    practitioner = StaffRefSerializer(read_only=True)

    class Meta:
        model = RestorativeConversation
        fields: tuple[str, ...] = (
            "uuid",
            "family",
            "held_on",
            "setting",
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
            "setting_detail",
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


class ConversationAnswerWriteSerializer(serializers.Serializer):
    participant = _uuid_field(
        "Participant", help_text="The participant's UUID in this conversation (see its record)."
    )
    question = _uuid_field("Question", help_text="The UUID of one of the questions asked.")
    answer = serializers.CharField(
        allow_blank=True,
        help_text="Their answer, in their own words. An empty answer removes the one stored.",
        error_messages={"required": "Enter their answer", "invalid": "Their answer must be text"},
    )


class ConversationAnswersSaveSerializer(serializers.Serializer):
    answers = ConversationAnswerWriteSerializer(
        many=True,
        required=False,
        default=list,
        help_text="Answers for some or all participants and questions (others are unchanged).",
    )
    agreed_next = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="What was agreed would happen next. Left out: unchanged.",
        error_messages={"invalid": "What was agreed next must be text"},
    )


# Meetings ---------------------------------------------------------------------------------


class MeetingSerializer(serializers.ModelSerializer):
    """A meeting as it appears in a list: no participants, views, decisions or free text
    about the family (not even the place, which may be the family's home)."""

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
            "place",
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
            "cancelled_reason",
            "cancelled_at",
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
        "head of its service; for a restorative circle or family group conference, someone "
        "with advanced restorative training current on the day of the meeting. Or give "
        "chair_name for someone without an account (not for those two: a name typed in has "
        "no training record).",
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


def _inline_choice_field(choices: Any, label: str, **kwargs: Any) -> serializers.ChoiceField:
    """A writable choice listed in place in the schema (see `_read_only_choice_field`: plans
    and actions both have a `status`, with different values)."""
    values = [value for value, _ in choices]
    # The description keeps the allOf wrapper (a lone allOf is unwrapped, and its enum named).
    schema = {
        "allOf": [{"type": "string", "enum": values}],
        "description": f"One of: {', '.join(values)}.",
    }
    field_class = extend_schema_field(schema)(
        type("InlineWritableChoiceField", (serializers.ChoiceField,), {})
    )
    return field_class(  # type: ignore[no-any-return]
        choices=choices,
        error_messages={
            "invalid_choice": f"{label} must be one of: {', '.join(values)}",
            "required": f"Choose the {label.lower()}",
        },
        **kwargs,
    )


# Participants (changing who is invited) -------------------------------------------------------


class ParticipantAddSerializer(serializers.Serializer):
    """Exactly one of `member`, `staff` or `name` (someone without an account)."""

    member = _uuid_field(
        "Family member",
        required=False,
        allow_null=True,
        default=None,
        help_text="UUID of one of the family's members.",
    )
    staff = _uuid_field(
        "Professional",
        required=False,
        allow_null=True,
        default=None,
        help_text="UUID of a professional of the family's team or a partner agency (an "
        "invited partner may then see this meeting).",
    )
    name = _text("Their name", max_length=200)
    role = _text("Their role", max_length=200)


# Plans ------------------------------------------------------------------------------------


class MeetingRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Meeting
        fields = ("uuid", "meeting_type")
        read_only_fields = fields


class PlanSerializer(serializers.ModelSerializer):
    """A plan as it appears in a list: no goals, actions, reviews or free text (its name and
    how it ended are written about the family: the retrieve shows them, after the event)."""

    family = FamilyRefSerializer(read_only=True)
    meeting = MeetingRefSerializer(read_only=True, allow_null=True)
    status = _read_only_choice_field(Plan.Status.choices)

    class Meta:
        model = Plan
        fields: tuple[str, ...] = (
            "uuid",
            "family",
            "meeting",
            "started_on",
            "review_date",
            "status",
            "ended_on",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class GoalSerializer(serializers.ModelSerializer):
    """A goal in the family's own words; the levels are null when scaling is not used."""

    class Meta:
        model = Goal
        fields = (
            "uuid",
            "goal",
            "whose",
            "baseline_level",
            "expected_level",
            "level_minus_2",
            "level_minus_1",
            "level_0",
            "level_plus_1",
            "level_plus_2",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class ActionSerializer(serializers.ModelSerializer):
    plan = serializers.SerializerMethodField()
    status = _read_only_choice_field(Action.Status.choices)
    owner_kind = serializers.CharField(
        read_only=True, help_text="family, staff or professional (a named person or agency)."
    )
    owner_display = serializers.CharField(read_only=True)
    owner_member = serializers.SerializerMethodField()
    owner_staff = serializers.SerializerMethodField()

    class Meta:
        model = Action
        fields: tuple[str, ...] = (
            "uuid",
            "plan",
            "what",
            "owner_kind",
            "owner_display",
            "owner_member",
            "owner_staff",
            "owner_name",
            "owner_agency",
            "due_date",
            "status",
            "note",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.UUID)
    def get_plan(self, action: Action) -> str:
        return str(action.plan.uuid)

    @extend_schema_field(OpenApiTypes.UUID)
    def get_owner_member(self, action: Action) -> str | None:
        return str(action.owner_member.uuid) if action.owner_member is not None else None

    @extend_schema_field(OpenApiTypes.UUID)
    def get_owner_staff(self, action: Action) -> str | None:
        return str(action.owner_staff.uuid) if action.owner_staff is not None else None


class ActionListSerializer(ActionSerializer):
    """An action as it appears in a list: who (as a kind and a UUID), when and its status,
    but not what is to be done, the note or an owner's name (a family member's name is the
    family's record): the retrieve shows them, after writing the access event."""

    class Meta(ActionSerializer.Meta):
        fields = (
            "uuid",
            "plan",
            "owner_kind",
            "owner_member",
            "owner_staff",
            "due_date",
            "status",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class ActionProgressSerializer(serializers.ModelSerializer):
    action = serializers.SerializerMethodField()
    status = _read_only_choice_field(Action.Status.choices)

    class Meta:
        model = ActionProgress
        fields = ("action", "status", "progress")
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.UUID)
    def get_action(self, row: ActionProgress) -> str:
        return str(self.context["action_uuids"][row.action_id])


class PlanReviewSerializer(serializers.ModelSerializer):
    members = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()

    class Meta:
        model = PlanReview
        fields = (
            "uuid",
            "reviewed_on",
            "members",
            "others_present",
            "family_scaling",
            "professional_scaling",
            "holding",
            "holding_words",
            "progress",
            "created_at",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.UUIDField()))
    def get_members(self, review: PlanReview) -> list[str]:
        return [str(m.uuid) for m in review.members.all()]

    @extend_schema_field(ActionProgressSerializer(many=True))
    def get_progress(self, review: PlanReview) -> Any:
        action_uuids = self.context.get("action_uuids")
        if action_uuids is None:  # a review read on its own: the actions are joined
            action_uuids = {p.action_id: p.action.uuid for p in review.progress.all()}
        return ActionProgressSerializer(
            review.progress.all(), many=True, context={"action_uuids": action_uuids}
        ).data


class SustainabilitySerializer(serializers.Serializer):
    months = serializers.IntegerField()
    on = serializers.DateField()
    holding = serializers.CharField(
        help_text="yes, partly or no (the latest review in the window), unknown (no review) "
        "or not_yet (still ahead)."
    )


class PlanDetailSerializer(PlanSerializer):
    """A plan with its goals, actions, reviews and sustainability at 3, 6 and 12 months."""

    goals = GoalSerializer(many=True, read_only=True)
    actions = serializers.SerializerMethodField()
    reviews = serializers.SerializerMethodField()
    sustainability = serializers.SerializerMethodField()
    can_record = serializers.SerializerMethodField(
        help_text="Whether the person asking may change this plan (false once it has ended)."
    )

    class Meta(PlanSerializer.Meta):
        fields = (
            *PlanSerializer.Meta.fields,
            "title",
            "end_outcome",
            "goals",
            "actions",
            "reviews",
            "sustainability",
            "can_record",
        )
        read_only_fields = fields

    @extend_schema_field(ActionSerializer(many=True))
    def get_actions(self, plan: Plan) -> Any:
        return ActionSerializer(plan.actions.all(), many=True).data

    @extend_schema_field(PlanReviewSerializer(many=True))
    def get_reviews(self, plan: Plan) -> Any:
        action_uuids = {a.pk: a.uuid for a in plan.actions.all()}
        return PlanReviewSerializer(
            plan.reviews.all(), many=True, context={"action_uuids": action_uuids}
        ).data

    @extend_schema_field(SustainabilitySerializer(many=True))
    def get_sustainability(self, plan: Plan) -> Any:
        return SustainabilitySerializer(self.context["sustainability"], many=True).data

    def get_can_record(self, plan: Plan) -> bool:
        return bool(self.context.get("can_record", False))


class PlanCreateSerializer(serializers.Serializer):
    family = _uuid_field("Family", help_text="The family's UUID (see /api/families/).")
    meeting = _uuid_field(
        "Meeting",
        required=False,
        allow_null=True,
        default=None,
        help_text="UUID of the family's meeting the plan was made at, if any.",
    )
    title = _text("A name for the plan", max_length=200, required=True)
    started_on = _date_field("Date the plan started")
    review_date = _date_field("Review date", required=False, allow_null=True, default=None)
    submission_token = _token_field()


class PlanUpdateSerializer(serializers.Serializer):
    title = _text("A name for the plan", max_length=200, required=True)
    review_date = _date_field("Review date", required=False, allow_null=True, default=None)


class PlanEndSerializer(serializers.Serializer):
    ended_on = _date_field("Date the plan ended")
    outcome = _text("Why the plan ended and how it went", required=True)


LEVEL_HELP = "Goal Attainment Scaling, -2 to 2; give both levels or neither."


class GoalWriteSerializer(serializers.Serializer):
    goal = _text("The goal in the family's own words", required=True)
    whose = _text("Whose goal this is", max_length=200, required=True)
    baseline_level = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=-2,
        max_value=2,
        help_text=LEVEL_HELP,
        error_messages={
            "invalid": "Baseline level must be a whole number from -2 to 2",
            "min_value": "Baseline level must be from -2 to 2",
            "max_value": "Baseline level must be from -2 to 2",
        },
    )
    expected_level = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=-2,
        max_value=2,
        help_text=LEVEL_HELP,
        error_messages={
            "invalid": "Expected level must be a whole number from -2 to 2",
            "min_value": "Expected level must be from -2 to 2",
            "max_value": "Expected level must be from -2 to 2",
        },
    )
    level_minus_2 = _text("What -2 would look like", max_length=300)
    level_minus_1 = _text("What -1 would look like", max_length=300)
    level_0 = _text("What 0 would look like", max_length=300)
    level_plus_1 = _text("What +1 would look like", max_length=300)
    level_plus_2 = _text("What +2 would look like", max_length=300)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (attrs["baseline_level"] is None) != (attrs["expected_level"] is None):
            missing = "expected_level" if attrs["expected_level"] is None else "baseline_level"
            raise serializers.ValidationError(
                {missing: ["To use scaling, give both the baseline and the expected level"]}
            )
        return attrs


class GoalCreateSerializer(GoalWriteSerializer):
    submission_token = _token_field()


class ActionWriteSerializer(serializers.Serializer):
    """Exactly one owner: `owner_member`, `owner_staff`, or `owner_name`/`owner_agency`."""

    what = _text("What will be done", required=True)
    owner_member = _uuid_field(
        "Family member",
        required=False,
        allow_null=True,
        default=None,
        help_text="UUID of the family member who will do it.",
    )
    owner_staff = _uuid_field(
        "Member of staff",
        required=False,
        allow_null=True,
        default=None,
        help_text="UUID of the member of staff (the family's team or a partner agency).",
    )
    owner_name = _text("The professional's name", max_length=200)
    owner_agency = _text("The professional's agency", max_length=200)
    due_date = _date_field("Due date")


class ActionCreateSerializer(ActionWriteSerializer):
    submission_token = _token_field()


class ActionUpdateSerializer(ActionWriteSerializer):
    status = _inline_choice_field(Action.Status.choices, "Status")
    note = _text("Note")


class ActionReviewSerializer(serializers.Serializer):
    action = _uuid_field("Action", help_text="UUID of one of the plan's actions.")
    status = _inline_choice_field(Action.Status.choices, "Status")
    progress = _text("Progress")


class PlanReviewCreateSerializer(serializers.Serializer):
    reviewed_on = _date_field("Date of the review")
    members = _uuid_list("Family members", "UUIDs of the family members who took part.")
    others_present = _text("Anyone else who took part", max_length=500)
    family_scaling = serializers.IntegerField(
        min_value=0,
        max_value=10,
        error_messages={
            "required": "Give the family's scaling, 0 to 10",
            "invalid": "Family scaling must be a whole number from 0 to 10",
            "min_value": "Family scaling must be from 0 to 10",
            "max_value": "Family scaling must be from 0 to 10",
        },
    )
    professional_scaling = serializers.IntegerField(
        min_value=0,
        max_value=10,
        error_messages={
            "required": "Give the professionals' scaling, 0 to 10",
            "invalid": "Professional scaling must be a whole number from 0 to 10",
            "min_value": "Professional scaling must be from 0 to 10",
            "max_value": "Professional scaling must be from 0 to 10",
        },
    )
    holding = _choice_field(PlanReview.Holding.choices, "Whether the plan is holding")
    holding_words = _text("Is the plan holding, in their words")
    actions = ActionReviewSerializer(
        many=True,
        required=False,
        default=list,
        help_text="Progress on some or all of the plan's actions (it becomes their status).",
    )
    submission_token = _token_field()
