"""Sending feedback links through GOV.UK Notify, once each.

Templates are the organisation's own, set up in Notify; their ids come from settings
(`NOTIFY_TEMPLATE_FEEDBACK_EMAIL` and friends). Each takes this personalisation:
`link` (the feedback link), `about` (e.g. "the core group meeting on 3 December"),
`team` (the team's name) and `closes` (the day the link closes).

Idempotent: a `SurveySend` row per invitation and kind (invitation or reminder) is taken with
a lock before calling Notify, and one already sent is not sent again, so a retried task (a
worker that died after sending, Celery's acks-late redelivery) sends once. Failures keep
Notify's own reason, shown to the person who invited.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient

from ..models import SurveyInvitation, SurveySend

NOT_CONFIGURED = "Messages are not set up: no GOV.UK Notify API key is configured"


def feedback_link(token: str, *, base_url: str = "") -> str:
    """The full address of a feedback link (it carries the token and nothing else): on the
    address the page was opened at, or PUBLIC_BASE_URL for messages sent from a worker."""
    base = base_url or settings.PUBLIC_BASE_URL
    return base.rstrip("/") + reverse("evaluation:feedback", kwargs={"token": token})


def personalisation(invitation: SurveyInvitation, token: str) -> dict[str, str]:
    """What the Notify template fills in; no more about the family than the person knows."""
    if invitation.meeting is not None:
        about = invitation.meeting.get_meeting_type_display().lower()
        about = f"the {about}"
        if invitation.meeting.held_on:
            about += f" on {date_format(invitation.meeting.held_on, 'j F')}"
    elif invitation.plan_review_id:
        about = "the review of your plan"
    elif invitation.case_audit_id:
        about = "the work with your family"
    else:
        about = "your conversation with your worker"
    return {
        "link": feedback_link(token),
        "about": about,
        "team": invitation.team.name,
        "closes": date_format(timezone.localdate(invitation.expires_at), "j F Y"),
    }


def _template_id(channel: str, kind: str) -> str:
    name = {
        ("email", "invitation"): "NOTIFY_TEMPLATE_FEEDBACK_EMAIL",
        ("sms", "invitation"): "NOTIFY_TEMPLATE_FEEDBACK_SMS",
        ("email", "reminder"): "NOTIFY_TEMPLATE_REMINDER_EMAIL",
        ("sms", "reminder"): "NOTIFY_TEMPLATE_REMINDER_SMS",
    }[(channel, kind)]
    return str(getattr(settings, name, ""))


def _client() -> NotificationsAPIClient:
    return NotificationsAPIClient(settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL)


def _reason(error: Exception) -> str:
    if isinstance(error, HTTPError):
        messages = error.message
        if isinstance(messages, list):
            text = "; ".join(
                str(m.get("message", m)) if isinstance(m, dict) else str(m) for m in messages
            )
        else:
            text = str(messages)
        return f"GOV.UK Notify said: {text}"[:500]
    return f"GOV.UK Notify could not be reached: {error}"[:500]


def invitation_send(*, invitation_id: int, kind: str, token: str) -> str:
    """Send one invitation's link (or its reminder), once. Returns the send's status."""
    with transaction.atomic():
        invitation = (
            SurveyInvitation.objects.select_for_update(of=("self",))
            .select_related("meeting", "team")
            .get(pk=invitation_id)
        )
        send, _ = SurveySend.objects.get_or_create(invitation=invitation, kind=kind)
        if send.status == SurveySend.Status.SENT:
            return send.status
        send.attempts += 1
        if not settings.NOTIFY_API_KEY:
            return _record(invitation, send, error=NOT_CONFIGURED)
        try:
            result: dict[str, Any]
            template_id = _template_id(invitation.channel, kind)
            values = personalisation(invitation, token)
            reference = f"{invitation.uuid}-{kind}"
            if invitation.channel == SurveyInvitation.Channel.SMS:
                result = _client().send_sms_notification(
                    phone_number=invitation.send_to,
                    template_id=template_id,
                    personalisation=values,
                    reference=reference,
                )
            else:
                result = _client().send_email_notification(
                    email_address=invitation.send_to,
                    template_id=template_id,
                    personalisation=values,
                    reference=reference,
                )
        except Exception as error:  # noqa: BLE001 - every failure is shown to the sender
            return _record(invitation, send, error=_reason(error))
        send.notify_id = str(result.get("id", ""))[:64]
        return _record(invitation, send, error="")


def _record(invitation: SurveyInvitation, send: SurveySend, *, error: str) -> str:
    send.status = SurveySend.Status.FAILED if error else SurveySend.Status.SENT
    send.error = error
    send.save()
    if send.kind == SurveySend.Kind.INVITATION:
        invitation.send_status = (
            SurveyInvitation.SendStatus.FAILED if error else SurveyInvitation.SendStatus.SENT
        )
        invitation.send_error = error
        invitation.save(update_fields=["send_status", "send_error", "updated_at"])
    return send.status
