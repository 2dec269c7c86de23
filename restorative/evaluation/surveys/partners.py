"""Partners' voice through their own account (issue 11 point 5): a written contribution before
a meeting they are invited to, and feedback after it, within what they may see today.

The contribution is the partner's view on the meeting record (`MeetingParticipant.view`, given
in writing), so the chair and the family's workers read it where they read every other view.
It can be written while the meeting is still to happen; after it, the record is the minutes'.
Feedback after the meeting is the partner survey, answered in the product: an invitation on
the partner's account (no link), and the same one response per person as a link gives.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from restorative.core.scope import is_active_user
from restorative.people.models import Staff
from restorative.practice import permissions as practice_permissions
from restorative.practice.models import Meeting, MeetingParticipant

from ..models import Survey, SurveyInvitation
from ..models.surveys import Audience, RespondentKind
from . import rollup
from .tokens import token_hash, token_new

CONTRIBUTION_CLOSED = "The meeting has happened: its record is now the minutes"
CONTRIBUTION_EMPTY = "Write your contribution"
CONTRIBUTION_LIMIT = 10_000


def _participant(user: Any, meeting: Meeting) -> MeetingParticipant | None:
    if not (is_active_user(user) and user.role == Staff.Role.PARTNER):
        return None
    return MeetingParticipant.objects.filter(
        meeting=meeting, staff_id=user.pk, invited=True
    ).first()


def can_contribute(user: Any, meeting: Meeting) -> bool:
    """An invited partner, before the meeting happens."""
    return meeting.is_open and _participant(user, meeting) is not None


def can_give_feedback(user: Any, meeting: Meeting) -> bool:
    """An invited partner who was there (or sent no apologies), after the meeting was held:
    the practice rule for reading a meeting's discussion."""
    return (
        meeting.status == Meeting.Status.HELD
        and _participant(user, meeting) is not None
        and practice_permissions.can_see_meeting_discussion(user, meeting)
    )


def partner_meetings(user: Any) -> QuerySet[Meeting]:
    """The meetings a partner is invited to: exactly those the practice rule lets them see."""
    if not (is_active_user(user) and user.role == Staff.Role.PARTNER):
        return Meeting.objects.none()
    invited = MeetingParticipant.objects.filter(staff_id=user.pk, invited=True).values("meeting_id")
    return (
        Meeting.objects.filter(practice_permissions.meetings_visible_q(user), pk__in=invited)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("family")
        .order_by("-scheduled_at", "-held_on")
    )


def partner_meeting_get(user: Any, meeting_uuid: uuid.UUID | str) -> Meeting:
    meeting = partner_meetings(user).filter(uuid=meeting_uuid).first()
    if meeting is None:
        raise Http404
    return meeting


@transaction.atomic
def partner_contribution_give(*, actor: Staff, meeting: Meeting, text: str) -> MeetingParticipant:
    """Save the partner's written contribution as their view on the meeting record."""
    participant = _participant(actor, meeting)
    if participant is None:
        raise ValidationError("You are not invited to this meeting")
    if not meeting.is_open:
        raise ValidationError({"text": CONTRIBUTION_CLOSED})
    words = text.strip()
    if not words:
        raise ValidationError({"text": CONTRIBUTION_EMPTY})
    if len(words) > CONTRIBUTION_LIMIT:
        raise ValidationError({"text": f"Write {CONTRIBUTION_LIMIT:,} characters or fewer"})
    participant.view = words
    participant.view_given_by = MeetingParticipant.ViewGivenBy.WRITING
    participant.full_clean()
    participant.save(update_fields=["view", "view_given_by", "updated_at"])
    return participant


@transaction.atomic
def partner_feedback_invitation(
    *, actor: Staff, meeting: Meeting, now: datetime.datetime | None = None
) -> SurveyInvitation:
    """The partner's invitation to the partner survey for this meeting, made on first use.

    One per partner per meeting (a database constraint), whether it came by link or here."""
    if not can_give_feedback(actor, meeting):
        raise ValidationError("You cannot give feedback on this meeting")
    existing = SurveyInvitation.objects.filter(meeting=meeting, staff=actor).first()
    if existing is not None:
        return existing
    survey = Survey.objects.get(audience=Audience.PARTNER, code="partner-meeting")
    family = meeting.family
    invitation = SurveyInvitation(
        version=survey.versions.get(is_current=True),
        token_hash=token_hash(token_new()),  # never sent: the account is the way in
        family=family,
        team=family.team,
        meeting=meeting,
        respondent_kind=RespondentKind.PARTNER,
        staff=actor,
        practitioner=family.allocated_worker,
        chair=meeting.chair,
        channel=SurveyInvitation.Channel.ACCOUNT,
        month=timezone.localdate(now).replace(day=1),
        expires_at=(now or timezone.now()) + datetime.timedelta(days=28),
        created_by=actor,
    )
    invitation.full_clean()
    invitation.save()
    rollup.invited(invitation)
    return invitation


def partner_feedback_preview(meeting: Meeting) -> SurveyInvitation:
    """An unsaved invitation to show the partner survey before anything is written."""
    survey = Survey.objects.get(audience=Audience.PARTNER, code="partner-meeting")
    return SurveyInvitation(
        version=survey.versions.get(is_current=True),
        meeting=meeting,
        respondent_kind=RespondentKind.PARTNER,
        chair=meeting.chair,
    )
