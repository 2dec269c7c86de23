"""The practice API's restorative conversations and the question sets they ask from.

Conversations are seen by whoever may see the family (never by partners). The list writes no
access event, so it carries no free text; the retrieve writes one before answering.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from restorative.core.api import ApiViewSet, resolve_uuids, responses, uuid_param
from restorative.people import permissions as people_permissions

from ... import permissions, selectors, services
from ...models import Question, RestorativeConversation
from ..serializers.common import QuestionSetSerializer
from ..serializers.conversations import (
    ConversationAnswersSaveSerializer,
    ConversationCreateSerializer,
    ConversationDetailSerializer,
    ConversationSerializer,
)
from .common import (
    FAMILY_PARAM,
    CannotRecord,
    PracticeViewSet,
    family_members,
    recording_schema,
    viewed_schema,
)

# Question sets -----------------------------------------------------------------------------


class QuestionSetViewSet(ApiViewSet):
    serializer_class = QuestionSetSerializer
    pagination_class = None

    @extend_schema(
        summary="The restorative question sets and their questions",
        description="Question UUIDs are what a conversation's `questions` takes.",
        responses=responses(QuestionSetSerializer(many=True), 404),
    )
    def list(self, request: Request) -> Response:
        if not permissions.can_view_practice_lists(request.user):
            raise Http404
        sets = selectors.question_sets_active()
        return Response(QuestionSetSerializer(sets, many=True).data)


# Conversations -----------------------------------------------------------------------------


class ConversationViewSet(PracticeViewSet):
    """Restorative conversations, seen by whoever may see the family (never by partners)."""

    serializer_class = ConversationSerializer
    lookup_field = "uuid"

    @extend_schema(
        summary="List restorative conversations",
        description="Conversations you may see, newest first, 50 a page. Not written to the "
        "access trail, so without free text (the retrieve shows what the other contact was, "
        "the answers and what was agreed next). Accounts with no case role get 404.",
        parameters=[FAMILY_PARAM],
        responses=responses(ConversationSerializer(many=True), 400, 404),
    )
    def list(self, request: Request) -> Response:
        if not people_permissions.can_list_families(request.user):
            raise Http404
        conversations = selectors.conversations_list(
            request.user, family_uuid=uuid_param(request, "family", "Family")
        )
        return self.page_of(conversations, ConversationSerializer)

    @viewed_schema(
        "A restorative conversation: who took part, the questions and their answers",
        ConversationDetailSerializer,
    )
    def retrieve(self, request: Request, uuid: UUID) -> Response:
        conversation = self.viewed(selectors.conversation_get, uuid)
        return Response(self._detail(conversation))

    @recording_schema(
        summary="Record that a restorative conversation took place",
        description="For those who may record for the family. `members` are the family's "
        "member UUIDs, `questions` question UUIDs from /api/practice/question-sets/. Send a "
        "`submission_token` to make a repeated request safe.",
        request=ConversationCreateSerializer,
        ok=ConversationDetailSerializer,
        created=True,
        codes=(400, 503),
    )
    def create(self, request: Request) -> Response:
        data = self.validated(ConversationCreateSerializer)
        family = self.family_for_recording(data["family"])
        members = family_members(family, data)
        questions = resolve_uuids(
            Question.objects.filter(is_active=True, question_set__is_active=True),
            data["questions"],
            "questions",
            "Choose questions from /api/practice/question-sets/, by their UUID",
        )
        conversation = self.call_service(
            services.conversation_create,
            family=family,
            held_on=data["held_on"],
            setting=data["setting"],
            setting_detail=data["setting_detail"],
            members=members,
            others=[services.OtherPerson(o["name"], o["role"]) for o in data["others"]],
            questions=questions,
            submission_token=data["submission_token"],
        )
        return self.conversation_now(conversation.uuid, status.HTTP_201_CREATED)

    @recording_schema(
        summary="Record what each person said, and what was agreed next",
        description=(
            "Each participant's answer to each question asked, in their own words "
            "(`participant`: the participant UUIDs in the conversation's record; `question`: "
            "the questions asked). Answers not sent are unchanged; an empty answer removes "
            "one; `agreed_next` left out is unchanged. Sending the same body again gives the "
            "same record. For those who may record for the family."
        ),
        request=ConversationAnswersSaveSerializer,
        ok=ConversationDetailSerializer,
    )
    def answers(self, request: Request, uuid: UUID) -> Response:
        conversation = selectors.conversation_get(request.user, uuid)
        if not permissions.can_record_for_family(request.user, conversation.family):
            raise CannotRecord("You can see this conversation but you cannot record on it.")
        data = self.validated(ConversationAnswersSaveSerializer)
        participants = {p.uuid: p.pk for p in conversation.participants.all()}
        questions = {q.uuid: q.pk for q in conversation.questions.all()}
        answers: dict[tuple[int, int], str] = {}
        for row in data["answers"]:
            if row["participant"] not in participants:
                raise serializers.ValidationError(
                    {"answers": ["Give answers only for the people who took part, by their UUID"]}
                )
            if row["question"] not in questions:
                raise serializers.ValidationError(
                    {"answers": ["Give answers only to the questions asked, by their UUID"]}
                )
            key = (participants[row["participant"]], questions[row["question"]])
            if key in answers:
                raise serializers.ValidationError(
                    {"answers": ["Give each person's answer to each question once"]}
                )
            answers[key] = row["answer"]
        self.call_service(
            services.conversation_answers_save,
            conversation=conversation,
            answers=answers,
            agreed_next=data.get("agreed_next", conversation.agreed_next),
        )
        return self.conversation_now(uuid)

    def conversation_now(self, conversation_uuid: UUID, code: int = status.HTTP_200_OK) -> Response:
        """The answer to a change: the conversation read again, with its participants' answers."""
        conversation = selectors.conversation_get(self.request.user, conversation_uuid)
        return Response(self._detail(conversation), status=code)

    def _detail(self, conversation: RestorativeConversation) -> dict[str, Any]:
        user = self.request.user
        context = {"can_record": permissions.can_record_for_family(user, conversation.family)}
        return ConversationDetailSerializer(conversation, context=context).data
