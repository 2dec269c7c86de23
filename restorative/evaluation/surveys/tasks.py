"""Background tasks for feedback links (Celery; inline after commit without a broker).

Each task is safe to run twice: sending is recorded (`notify.invitation_send`), reminders
are marked before they are queued, and closing only touches links still open.
"""

from __future__ import annotations

import datetime

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from restorative.core.tasks import enqueue

from ..models import SurveyInvitation
from .notify import invitation_send
from .tokens import token_hash, token_new

REMINDER_DAYS_BEFORE_EXPIRY = 3


@shared_task(name="evaluation.surveys.send_invitation")
def send_invitation(invitation_id: int, kind: str, token: str) -> str:
    """Send one link by e-mail or text message through GOV.UK Notify, once."""
    return invitation_send(invitation_id=invitation_id, kind=kind, token=token)


@shared_task(name="evaluation.surveys.send_reminders")
def send_reminders(now_iso: str | None = None) -> int:
    """One reminder for each sent link not yet answered, a few days before it closes.

    The first token cannot be recovered (only its hash is kept), so the reminder carries a
    second token for the same invitation; either opens it, and one response is still all it
    takes. Marked before queueing, so a second run sends no second reminder."""
    now = datetime.datetime.fromisoformat(now_iso) if now_iso else timezone.now()
    due = SurveyInvitation.objects.filter(
        channel__in=[SurveyInvitation.Channel.EMAIL, SurveyInvitation.Channel.SMS],
        send_status=SurveyInvitation.SendStatus.SENT,
        reminder_sent_at__isnull=True,
        closed_at__isnull=True,
        response__isnull=True,
        expires_at__gt=now,
        expires_at__lte=now + datetime.timedelta(days=REMINDER_DAYS_BEFORE_EXPIRY),
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(due):
        with transaction.atomic():
            invitation = SurveyInvitation.objects.select_for_update().get(pk=pk)
            if invitation.reminder_sent_at is not None:
                continue
            token = token_new()
            invitation.reminder_token_hash = token_hash(token)
            invitation.reminder_sent_at = now
            invitation.save(update_fields=["reminder_token_hash", "reminder_sent_at", "updated_at"])
            enqueue(send_invitation, invitation.pk, "reminder", token)
            count += 1
    return count


@shared_task(name="evaluation.surveys.close_expired")
def close_expired(now_iso: str | None = None) -> int:
    """Close the round of links that have passed their date: they open the kind 'closed' page
    and no longer count as waiting for an answer. The e-mail address or phone number they
    were sent to is forgotten: nothing more will be sent."""
    now = datetime.datetime.fromisoformat(now_iso) if now_iso else timezone.now()
    return SurveyInvitation.objects.filter(closed_at__isnull=True, expires_at__lte=now).update(
        closed_at=now, send_to=""
    )
