"""API shapes of plans made with families: goals, actions, reviews and how a plan ended."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
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
    whole_number_field,
)

from ...gas import t_score
from ...models import Action, ActionProgress, Goal, Plan, PlanReview
from .common import (
    FamilyRefSerializer,
    MeetingRefSerializer,
    optional_date_field,
    optional_uuid_field,
)


class PlanSerializer(serializers.ModelSerializer):
    """A plan as it appears in a list: no goals, actions, reviews or free text (its name and
    how it ended are written about the family: the retrieve shows them, after the event)."""

    family = FamilyRefSerializer(read_only=True)
    meeting = MeetingRefSerializer(read_only=True, allow_null=True)
    status = inline_choice_field(Plan.Status.choices)

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
    plan = RelatedUUIDField()
    status = inline_choice_field(Action.Status.choices)
    owner_kind = serializers.CharField(
        read_only=True, help_text="family, staff or professional (a named person or agency)."
    )
    owner_display = serializers.CharField(read_only=True)
    owner_member = RelatedUUIDField()
    owner_staff = RelatedUUIDField()

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
    status = inline_choice_field(Action.Status.choices)

    class Meta:
        model = ActionProgress
        fields = ("action", "status", "progress")
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.UUID)
    def get_action(self, row: ActionProgress) -> str:
        return str(self.context["action_uuids"][row.action_id])


class GoalLevelSerializer(serializers.Serializer):
    goal = serializers.UUIDField(source="goal.uuid", help_text="The goal's UUID.")
    level = serializers.IntegerField(help_text="The level reached, -2 to 2 (0 = expected).")


class PlanReviewSerializer(serializers.ModelSerializer):
    members = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()
    goal_levels = GoalLevelSerializer(
        source="attainments",
        many=True,
        read_only=True,
        help_text="Goal Attainment Scaling: the level each goal rated at this review reached.",
    )
    gas_t_score = serializers.SerializerMethodField(
        allow_null=True,
        help_text="The GAS T-score of the goals rated (50 = as expected; rho 0.3, equal "
        "weights), to one decimal place; null when no goal was rated.",
    )

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
            "goal_levels",
            "gas_t_score",
            "created_at",
        )
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.FLOAT)
    def get_gas_t_score(self, review: PlanReview) -> float | None:
        score = t_score([row.level for row in review.attainments.all()])
        return None if score is None else round(score, 1)

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
    can_record = ContextFlagField(
        "can_record",
        help_text="Whether the person asking may change this plan (false once it has ended).",
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


class PlanCreateSerializer(serializers.Serializer):
    family = uuid_field("Family", help_text="The family's UUID (see /api/families/).")
    meeting = optional_uuid_field(
        "Meeting",
        "UUID of the family's meeting the plan was made at, if any.",
    )
    title = text_field("A name for the plan", max_length=200, required=True)
    started_on = date_field("Date the plan started")
    review_date = optional_date_field("Review date")
    submission_token = submission_token_field()


class PlanUpdateSerializer(serializers.Serializer):
    title = text_field("A name for the plan", max_length=200, required=True)
    review_date = optional_date_field("Review date")


class PlanEndSerializer(serializers.Serializer):
    ended_on = date_field("Date the plan ended")
    outcome = text_field("Why the plan ended and how it went", required=True)


LEVEL_HELP = "Goal Attainment Scaling, -2 to 2; give both levels or neither."


def level_field(label: str) -> serializers.IntegerField:
    """A Goal Attainment Scaling level, -2 to 2, or null when scaling is not used."""
    return whole_number_field(
        label, -2, 2, required=False, allow_null=True, default=None, help_text=LEVEL_HELP
    )


class GoalWriteSerializer(serializers.Serializer):
    goal = text_field("The goal in the family's own words", required=True)
    whose = text_field("Whose goal this is", max_length=200, required=True)
    baseline_level = level_field("Baseline level")
    expected_level = level_field("Expected level")
    level_minus_2 = text_field("What -2 would look like", max_length=300)
    level_minus_1 = text_field("What -1 would look like", max_length=300)
    level_0 = text_field("What 0 would look like", max_length=300)
    level_plus_1 = text_field("What +1 would look like", max_length=300)
    level_plus_2 = text_field("What +2 would look like", max_length=300)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (attrs["baseline_level"] is None) != (attrs["expected_level"] is None):
            missing = "expected_level" if attrs["expected_level"] is None else "baseline_level"
            raise serializers.ValidationError(
                {missing: ["To use scaling, give both the baseline and the expected level"]}
            )
        return attrs


class GoalCreateSerializer(GoalWriteSerializer):
    submission_token = submission_token_field()


class ActionWriteSerializer(serializers.Serializer):
    """Exactly one owner: `owner_member`, `owner_staff`, or `owner_name`/`owner_agency`."""

    what = text_field("What will be done", required=True)
    owner_member = optional_uuid_field(
        "Family member",
        "UUID of the family member who will do it.",
    )
    owner_staff = optional_uuid_field(
        "Member of staff",
        "UUID of the member of staff (the family's team or a partner agency).",
    )
    owner_name = text_field("The professional's name", max_length=200)
    owner_agency = text_field("The professional's agency", max_length=200)
    due_date = date_field("Due date")


class ActionCreateSerializer(ActionWriteSerializer):
    submission_token = submission_token_field()


class ActionUpdateSerializer(ActionWriteSerializer):
    status = inline_choice_field(Action.Status.choices, "Status")
    note = text_field("Note")


class ActionReviewSerializer(serializers.Serializer):
    action = uuid_field("Action", help_text="UUID of one of the plan's actions.")
    status = inline_choice_field(Action.Status.choices, "Status")
    progress = text_field("Progress")


class GoalLevelWriteSerializer(serializers.Serializer):
    goal = uuid_field("Goal", help_text="UUID of one of the plan's goals that use scaling.")
    level = whole_number_field("Level reached", -2, 2, required_message="Give the level, -2 to 2")


class PlanReviewCreateSerializer(serializers.Serializer):
    reviewed_on = date_field("Date of the review")
    members = uuid_list_field("Family members", "UUIDs of the family members who took part.")
    others_present = text_field("Anyone else who took part", max_length=500)
    family_scaling = whole_number_field(
        "Family scaling", 0, 10, required_message="Give the family's scaling, 0 to 10"
    )
    professional_scaling = whole_number_field(
        "Professional scaling", 0, 10, required_message="Give the professionals' scaling, 0 to 10"
    )
    holding = choice_field(PlanReview.Holding.choices, "Whether the plan is holding")
    holding_words = text_field("Is the plan holding, in their words")
    actions = ActionReviewSerializer(
        many=True,
        required=False,
        default=list,
        help_text="Progress on some or all of the plan's actions (it becomes their status).",
    )
    goal_levels = GoalLevelWriteSerializer(
        many=True,
        required=False,
        default=list,
        help_text="Goal Attainment Scaling: the level some or all scaled goals reached.",
    )
    submission_token = submission_token_field()
