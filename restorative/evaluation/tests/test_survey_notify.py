"""Sending links through GOV.UK Notify: the real client against a fake Notify on 127.0.0.1."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from restorative.evaluation.models import SurveyInvitation, SurveySend
from restorative.evaluation.surveys import tasks
from restorative.evaluation.surveys.tokens import token_hash

from . import survey_fixtures
from .fake_notify import API_KEY, FakeNotify, fake_notify_server
from .survey_fixtures import invite

voices = survey_fixtures.voices  # the fixture, shared by the survey tests

pytestmark = pytest.mark.django_db

EMAIL_TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a"
SMS_TEMPLATE = "8d3c2b7a-1b6e-4c43-9a5f-0a4f0fd0c2a1"
REMINDER_TEMPLATE = "a1a1a1a1-2b2b-4c4c-8d8d-e5e5e5e5e5e5"


@pytest.fixture
def notify(settings: Any) -> Iterator[FakeNotify]:
    with fake_notify_server() as server:
        settings.NOTIFY_API_KEY = API_KEY
        settings.NOTIFY_BASE_URL = server.url
        settings.NOTIFY_TEMPLATE_FEEDBACK_EMAIL = EMAIL_TEMPLATE
        settings.NOTIFY_TEMPLATE_FEEDBACK_SMS = SMS_TEMPLATE
        settings.NOTIFY_TEMPLATE_REMINDER_EMAIL = REMINDER_TEMPLATE
        settings.PUBLIC_BASE_URL = "https://feedback.example.gov.uk"
        yield server


def test_an_emailed_link_goes_through_notify_with_its_template_and_personalisation(
    voices: Any, notify: FakeNotify, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        link = invite(
            voices,
            code="parent-carer",
            person="mother",
            channel="email",
            send_to="grace@example.com",
        )
    assert len(notify.requests) == 1
    sent = notify.requests[0]
    assert sent["path"] == "/v2/notifications/email"
    assert sent["auth"].startswith("Bearer ")
    body = sent["body"]
    assert body["template_id"] == EMAIL_TEMPLATE
    assert body["email_address"] == "grace@example.com"
    personalisation = body["personalisation"]
    assert personalisation["link"] == (
        f"https://feedback.example.gov.uk/evaluation/feedback/f/{link.token}/"
    )
    assert personalisation["team"] == "North Safeguarding"
    assert personalisation["about"].startswith("the core group meeting")
    assert set(personalisation) == {"link", "about", "team", "closes"}
    invitation = SurveyInvitation.objects.get()
    assert invitation.send_status == "sent"
    assert SurveySend.objects.get().notify_id


def test_a_retried_task_sends_once(
    voices: Any, notify: FakeNotify, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        link = invite(
            voices, code="parent-carer", person="mother", channel="email", send_to="g@example.com"
        )
    # Celery redelivers the same message (acks-late after a worker died): same arguments.
    tasks.send_invitation.apply(args=(link.invitation.pk, "invitation", link.token), throw=True)
    tasks.send_invitation.apply(args=(link.invitation.pk, "invitation", link.token), throw=True)
    assert len(notify.requests) == 1
    assert SurveySend.objects.get().status == "sent"


def test_a_text_message_uses_the_sms_template(
    voices: Any, notify: FakeNotify, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invite(voices, code="parent-carer", person="mother", channel="sms", send_to="07700900123")
    assert notify.requests[0]["path"] == "/v2/notifications/sms"
    assert notify.requests[0]["body"]["template_id"] == SMS_TEMPLATE
    assert notify.requests[0]["body"]["phone_number"] == "07700900123"


def test_a_failure_shows_the_sender_notifys_reason(
    voices: Any, notify: FakeNotify, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    notify.fail_with = (400, "Can't send to this recipient using a team-only API key")
    with django_capture_on_commit_callbacks(execute=True):
        invite(
            voices, code="parent-carer", person="mother", channel="email", send_to="g@example.com"
        )
    invitation = SurveyInvitation.objects.get()
    assert invitation.send_status == "failed"
    client.force_login(voices.world.allocated)
    page = client.get(
        reverse("evaluation:feedback_meeting_invite", kwargs={"meeting_uuid": voices.meeting.uuid})
    ).content.decode()
    assert "Not sent" in page
    assert "GOV.UK Notify said: Can&#x27;t send to this recipient using a team-only API key" in page
    # A retry after the failure is a real retry: it sends again and records success.
    notify.fail_with = None
    tasks.send_invitation.apply(args=(invitation.pk, "invitation", "token"), throw=True)
    invitation.refresh_from_db()
    assert invitation.send_status == "sent" and len(notify.requests) == 2


def test_sending_needs_an_address_and_saves_nothing_without_one(
    voices: Any, client: Client
) -> None:
    client.force_login(voices.world.allocated)
    pid = voices.meeting.participants.get(member=voices.mother).pk
    response = client.post(
        reverse("evaluation:feedback_meeting_invite", kwargs={"meeting_uuid": voices.meeting.uuid}),
        {f"invite_{pid}": "on", f"survey_{pid}": "parent-carer", "channel": "email"},
    )
    assert response.status_code == 400
    assert "Enter an e-mail address or mobile number" in response.content.decode()
    assert not SurveyInvitation.objects.exists()


def test_one_reminder_before_the_link_closes_with_a_link_of_its_own(
    voices: Any, notify: FakeNotify, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invite(
            voices, code="parent-carer", person="mother", channel="email", send_to="g@example.com"
        )
    soon = (timezone.now() + datetime.timedelta(days=26)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_reminders.apply(args=(soon,)).get() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_reminders.apply(args=(soon,)).get() == 0
    assert len(notify.requests) == 2
    reminder = notify.requests[1]["body"]
    assert reminder["template_id"] == REMINDER_TEMPLATE
    token = reminder["personalisation"]["link"].rstrip("/").rsplit("/", 1)[1]
    invitation = SurveyInvitation.objects.get()
    assert invitation.reminder_token_hash == token_hash(token)
    page = Client().get(reverse("evaluation:feedback", kwargs={"token": token}))
    assert page.status_code == 200 and "Who will read your answers" in page.content.decode()


def test_closing_the_round_closes_links_past_their_date(voices: Any) -> None:
    invite(voices)
    later = (timezone.now() + datetime.timedelta(days=29)).isoformat()
    assert tasks.close_expired.apply(args=(later,)).get() == 1
    assert tasks.close_expired.apply(args=(later,)).get() == 0
    assert SurveyInvitation.objects.get().closed_at is not None


def test_the_address_is_forgotten_once_answered(
    voices: Any, notify: FakeNotify, django_capture_on_commit_callbacks: Any
) -> None:
    from restorative.evaluation.surveys import services

    from .survey_fixtures import answers_for

    with django_capture_on_commit_callbacks(execute=True):
        link = invite(
            voices, code="parent-carer", person="mother", channel="email", send_to="g@example.com"
        )
    services.survey_response_submit(invitation=link.invitation, answers=answers_for(link))
    assert SurveyInvitation.objects.get().send_to == ""


def test_housekeeping_command_reminds_and_closes(voices: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    invite(voices)
    SurveyInvitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    out = StringIO()
    call_command("feedback_housekeeping", stdout=out)
    assert "Links closed: 1." in out.getvalue()
