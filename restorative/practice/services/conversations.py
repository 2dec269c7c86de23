"""Writes for restorative conversations: that one took place, and each person's answers."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest

from restorative.core.models import AccessEvent
from restorative.core.submission import submission_create, submission_find
from restorative.people.models import Family, FamilyMember, Staff

from .. import permissions
from ..models import (
    ConversationAnswer,
    ConversationParticipant,
    Question,
    RestorativeConversation,
)
from .common import (
    OtherPerson,
    family_members_only,
    full_clean,
    record_change,
    require_family,
)

# --- Restorative conversations ----------------------------------------------------------


def conversation_create(
    *,
    actor: Staff,
    family: Family | None,
    held_on: datetime.date,
    setting: str,
    setting_detail: str = "",
    members: Iterable[FamilyMember] = (),
    others: Iterable[OtherPerson] = (),
    questions: Iterable[Question] = (),
    submission_token: uuid.UUID | None = None,
    request: HttpRequest | None = None,
    channel: str = "web",
) -> RestorativeConversation:
    """Record that a restorative conversation took place: when, where, who, which questions.

    Answers come next (`conversation_answers_save`), one participant at a time if needed.
    """
    family = require_family(family, actor)
    existing = submission_find(RestorativeConversation, submission_token, {"family": family})
    if existing is not None:
        return existing
    members = family_members_only(family, members)
    others = [o for o in others if o.name.strip()]
    questions = list(questions)
    errors: dict[str, str] = {}
    if not members and not others:
        errors["members"] = "Choose who took part in the conversation"
    if not questions:
        errors["questions"] = "Choose the questions you asked"
    if held_on and held_on > datetime.date.today():
        errors["held_on"] = "Date of the conversation must be today or in the past"
    if setting == RestorativeConversation.Setting.OTHER and not setting_detail.strip():
        errors["setting_detail"] = "Say what the other contact was"
    if errors:
        raise ValidationError(errors)
    conversation = RestorativeConversation(
        family=family,
        held_on=held_on,
        setting=setting,
        setting_detail=setting_detail.strip(),
        practitioner=actor,
        created_by=actor,
        submission_token=submission_token,
    )
    full_clean(conversation)

    def save() -> RestorativeConversation:
        conversation.save()
        conversation.questions.set(questions)
        participants = [
            ConversationParticipant(conversation=conversation, member=m) for m in members
        ]
        participants += [
            ConversationParticipant(
                conversation=conversation,
                name=o.name.strip()[:200],
                relationship=o.role.strip()[:200],
            )
            for o in others
        ]
        for participant in participants:
            full_clean(participant, exclude=["conversation"])
        ConversationParticipant.objects.bulk_create(participants)
        record_change(
            actor,
            conversation,
            "recorded a restorative conversation",
            request,
            channel,
            AccessEvent.Action.CREATE,
        )
        return conversation

    return submission_create(RestorativeConversation, submission_token, {"family": family}, save)[0]


@transaction.atomic
def conversation_answers_save(
    *,
    actor: Staff,
    conversation: RestorativeConversation,
    answers: Mapping[tuple[int, int], str],
    agreed_next: str,
    request: HttpRequest | None = None,
    channel: str = "web",
) -> RestorativeConversation:
    """Store each participant's answers in their own words, and what was agreed next.

    `answers` maps (participant id, question id) to the words; an empty answer removes one.
    Saving twice gives the same record (one answer per participant and question).
    """
    if not permissions.can_record_for_family(actor, conversation.family):
        raise PermissionDenied
    participant_ids = set(conversation.participants.values_list("pk", flat=True))
    question_ids = set(conversation.questions.values_list("pk", flat=True))
    for participant_id, question_id in answers:
        if participant_id not in participant_ids or question_id not in question_ids:
            raise ValidationError("Answer only the questions asked, for the people who took part")
    for (participant_id, question_id), text in answers.items():
        text = text.strip()
        if text:
            ConversationAnswer.objects.update_or_create(
                participant_id=participant_id, question_id=question_id, defaults={"answer": text}
            )
        else:
            ConversationAnswer.objects.filter(
                participant_id=participant_id, question_id=question_id
            ).delete()
    conversation.agreed_next = agreed_next.strip()
    conversation.save(update_fields=["agreed_next", "updated_at"])
    record_change(
        actor, conversation, "recorded answers to restorative questions", request, channel
    )
    return conversation
