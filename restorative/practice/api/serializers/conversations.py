"""API shapes of restorative conversations: who took part, the questions and their answers."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from restorative.core.api import (
    ContextFlagField,
    RelatedUUIDField,
    choice_field,
    date_field,
    submission_token_field,
    text_field,
    uuid_field,
    uuid_list_field,
)

from ...models import ConversationParticipant, RestorativeConversation
from .common import FamilyRefSerializer, QuestionSerializer, StaffRefSerializer, others_field


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
    member = RelatedUUIDField()
    answers = serializers.SerializerMethodField()

    class Meta:
        model = ConversationParticipant
        fields = ("uuid", "display_name", "member", "relationship", "answers")
        read_only_fields = fields

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
    can_record = ContextFlagField(
        "can_record", help_text="Whether the person asking may record for this family."
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


class ConversationCreateSerializer(serializers.Serializer):
    family = uuid_field("Family", help_text="The family's UUID (see /api/families/).")
    held_on = date_field("Date of the conversation")
    setting = choice_field(RestorativeConversation.Setting.choices, "Setting")
    setting_detail = text_field("What the other contact was", max_length=200)
    members = uuid_list_field(
        "Family members", "UUIDs of the family members who took part (see the family's members)."
    )
    others = others_field("Other people who took part.")
    questions = uuid_list_field(
        "Questions", "UUIDs of the questions asked (see /api/practice/question-sets/)."
    )
    submission_token = submission_token_field()


class ConversationAnswerWriteSerializer(serializers.Serializer):
    participant = uuid_field(
        "Participant", help_text="The participant's UUID in this conversation (see its record)."
    )
    question = uuid_field("Question", help_text="The UUID of one of the questions asked.")
    answer = text_field(
        "Their answer",
        required=True,
        allow_blank=True,
        help_text="Their answer, in their own words. An empty answer removes the one stored.",
    )


class ConversationAnswersSaveSerializer(serializers.Serializer):
    answers = ConversationAnswerWriteSerializer(
        many=True,
        required=False,
        default=list,
        help_text="Answers for some or all participants and questions (others are unchanged).",
    )
    agreed_next = text_field(
        "What was agreed next",
        default=serializers.empty,
        help_text="What was agreed would happen next. Left out: unchanged.",
    )
