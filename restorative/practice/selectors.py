"""Every read of restorative practice, scoped to the person asking, in a fixed number of queries."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from restorative.core.working_days import add_working_days
from restorative.people.models import Family, Staff

from . import permissions
from .models import (
    ConversationAnswer,
    ConversationParticipant,
    Meeting,
    MeetingParticipant,
    Question,
    QuestionSet,
    RestorativeConversation,
)

DUE_SOON_WORKING_DAYS = 10
OPEN_STATUSES = (Meeting.Status.TO_ARRANGE, Meeting.Status.SCHEDULED)


def _participants_prefetch() -> Prefetch[Any]:
    return Prefetch(
        "participants",
        queryset=MeetingParticipant.objects.select_related("member", "staff", "agency"),
    )


def meeting_get(user: Any, meeting_uuid: uuid.UUID | str) -> Meeting:
    """One meeting with its family, chair, participants and decisions; 404 if not visible."""
    try:
        return (
            Meeting.objects.filter(permissions.meetings_visible_q(user))
            .select_related("family", "family__team", "family__team__service", "chair", "follows")
            .prefetch_related(_participants_prefetch(), "decisions")
            .get(uuid=meeting_uuid)
        )
    except (Meeting.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such meeting") from exc


def conversation_get(user: Any, conversation_uuid: uuid.UUID | str) -> RestorativeConversation:
    """One conversation with its participants, questions and answers; 404 if not visible."""
    try:
        return (
            RestorativeConversation.objects.filter(permissions.conversations_visible_q(user))
            .select_related("family", "family__team", "family__team__service", "practitioner")
            .prefetch_related(
                Prefetch(
                    "participants",
                    queryset=ConversationParticipant.objects.select_related(
                        "member"
                    ).prefetch_related(
                        Prefetch("answers", queryset=ConversationAnswer.objects.all())
                    ),
                ),
                Prefetch(
                    "questions",
                    queryset=Question.objects.select_related("question_set").order_by(
                        "question_set__order", "order"
                    ),
                ),
            )
            .get(uuid=conversation_uuid)
        )
    except (RestorativeConversation.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such conversation") from exc


def question_sets_active() -> list[QuestionSet]:
    """The question sets a practitioner can choose from, each with its active questions."""
    return list(
        QuestionSet.objects.filter(is_active=True).prefetch_related(
            Prefetch(
                "questions", queryset=Question.objects.filter(is_active=True).order_by("order")
            )
        )
    )


def family_meetings(user: Any, family: Family) -> QuerySet[Meeting]:
    """A family's meetings that `user` may see, newest first, with the chair joined."""
    return (
        Meeting.objects.filter(permissions.meetings_visible_q(user), family=family)
        .select_related("chair")
        .order_by("-scheduled_at", "-due_date", "-id")
    )


def family_conversations(user: Any, family: Family) -> QuerySet[RestorativeConversation]:
    """A family's conversations that `user` may see, newest first."""
    return (
        RestorativeConversation.objects.filter(
            permissions.conversations_visible_q(user), family=family
        )
        .select_related("practitioner")
        .order_by("-held_on", "-id")
    )


def family_for_practice(user: Any, family_uuid: uuid.UUID | str) -> Family:
    """A family whose practice page `user` may open (the family rule), or 404."""
    from restorative.people import selectors as people_selectors

    return people_selectors.family_get(user, family_uuid)


@dataclass(frozen=True)
class DueLists:
    overdue: list[Meeting]
    due_soon: list[Meeting]
    today: datetime.date
    soon_until: datetime.date


def meetings_due(user: Any, *, scope: str = "mine", today: datetime.date | None = None) -> DueLists:
    """Meetings not yet held that are overdue, or due within 10 working days.

    `scope` "mine": families allocated to the person, meetings they chair or are invited to;
    "team": the families of the person's team (for the team manager). Always inside what
    the person may see. Overdue means past its due date, or arranged for after it.
    """
    today = today or datetime.date.today()
    soon_until = add_working_days(today, DUE_SOON_WORKING_DAYS)
    meetings = Meeting.objects.filter(
        permissions.meetings_visible_q(user),
        status__in=OPEN_STATUSES,
        due_date__isnull=False,
        due_date__lte=soon_until,
    )
    if scope == "team" and user.team_id and user.role == Staff.Role.TEAM_MANAGER:
        meetings = meetings.filter(family__team_id=user.team_id)
    else:
        meetings = meetings.filter(
            Q(family__allocated_worker_id=user.pk)
            | Q(chair_id=user.pk)
            | Q(pk__in=MeetingParticipant.objects.filter(staff_id=user.pk).values("meeting_id"))
        )
    rows = list(
        meetings.select_related("family", "family__allocated_worker", "chair").order_by(
            "due_date", "id"
        )[:500]
    )
    overdue = [
        m
        for m in rows
        if m.due_date is not None
        and (
            m.due_date < today
            or (m.scheduled_at is not None and m.scheduled_at.date() > m.due_date)
        )
    ]
    overdue_ids = {m.pk for m in overdue}
    due_soon = [m for m in rows if m.pk not in overdue_ids]
    return DueLists(overdue=overdue, due_soon=due_soon, today=today, soon_until=soon_until)


@dataclass(frozen=True)
class VoiceCompleteness:
    invited: int
    heard: int
    children_invited: int
    child_heard: bool

    @property
    def share(self) -> float | None:
        return self.heard / self.invited if self.invited else None

    @property
    def percent(self) -> int | None:
        return round(100 * self.heard / self.invited) if self.invited else None


def voice_completeness(meeting: Meeting) -> VoiceCompleteness:
    """The share of invited people whose views are recorded, and whether a child was heard.

    Reads the participants already prefetched on `meeting`, so it costs no query.
    """
    invited = [p for p in meeting.participants.all() if p.invited]
    children = [p for p in invited if p.kind == MeetingParticipant.Kind.CHILD]
    return VoiceCompleteness(
        invited=len(invited),
        heard=sum(1 for p in invited if p.view_recorded),
        children_invited=len(children),
        child_heard=any(p.view_recorded for p in children),
    )


def families_for_recording(user: Any) -> QuerySet[Family]:
    """Families whose practice `user` may record (see permissions.can_record_for_family)."""
    return Family.objects.filter(permissions.families_recordable_q(user))
