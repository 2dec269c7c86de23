"""Partners' voice through their own account: a contribution before, feedback after."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from restorative.evaluation.models import SurveyInvitation, SurveyResponse
from restorative.people.models import Staff
from restorative.people.tests.factories import PartnerAgencyFactory, StaffFactory
from restorative.practice.models import Meeting, MeetingParticipant, MeetingType

from . import survey_fixtures

voices = survey_fixtures.voices  # the fixture, shared by the survey tests

pytestmark = pytest.mark.django_db


@pytest.fixture
def upcoming(voices: Any) -> Meeting:
    meeting = Meeting.objects.create(
        family=voices.family,
        meeting_type=MeetingType.REVIEW_CONFERENCE,
        status="scheduled",
        scheduled_at=timezone.now() + datetime.timedelta(days=7),
        created_by=voices.world.allocated,
    )
    MeetingParticipant.objects.create(
        meeting=meeting, kind="professional", staff=voices.world.partner
    )
    return meeting


def contribution_url(meeting: Meeting) -> str:
    return reverse(
        "evaluation:feedback_partner_contribution", kwargs={"meeting_uuid": meeting.uuid}
    )


def feedback_url(meeting: Meeting) -> str:
    return reverse("evaluation:feedback_partner_feedback", kwargs={"meeting_uuid": meeting.uuid})


def test_the_partner_sees_their_meetings_and_what_they_can_do(
    voices: Any, upcoming: Meeting, client: Client
) -> None:
    client.force_login(voices.world.partner)
    page = client.get(reverse("evaluation:feedback_partner_home")).content.decode()
    assert "Give your written contribution" in page and "Give feedback" in page


def test_a_contribution_before_the_meeting_is_their_written_view(
    voices: Any, upcoming: Meeting, client: Client
) -> None:
    client.force_login(voices.world.partner)
    assert client.get(contribution_url(upcoming)).status_code == 200
    empty = client.post(contribution_url(upcoming), {"text": " "})
    assert empty.status_code == 400 and "Write your contribution" in empty.content.decode()
    client.post(contribution_url(upcoming), {"text": "School attendance is up to 92%."})
    mine = upcoming.participants.get(staff=voices.world.partner)
    assert mine.view == "School attendance is up to 92%." and mine.view_given_by == "writing"


def test_no_contribution_once_the_meeting_has_happened(voices: Any, client: Client) -> None:
    client.force_login(voices.world.partner)
    assert client.get(contribution_url(voices.meeting)).status_code == 404


def test_feedback_after_the_meeting_once(voices: Any, client: Client) -> None:
    client.force_login(voices.world.partner)
    assert client.get(feedback_url(voices.meeting)).status_code == 200
    assert not SurveyInvitation.objects.exists()  # looking writes nothing
    form = client.get(feedback_url(voices.meeting)).context["form"]
    data = {}
    for q in form.questions:
        data[f"q{q.pk}"] = {"scale_0_10": "8", "yes_no_unsure": "yes", "choose_one": "with"}.get(
            q.kind, "Clear actions."
        )
    assert client.post(feedback_url(voices.meeting), data).status_code == 302
    response = SurveyResponse.objects.get()
    assert response.respondent_kind == "partner" and response.chair == voices.chair
    again = client.post(feedback_url(voices.meeting), data)
    assert again.status_code == 302
    assert SurveyResponse.objects.count() == 1


def test_bad_feedback_gets_a_message_and_saves_no_response(voices: Any, client: Client) -> None:
    client.force_login(voices.world.partner)
    form = client.get(feedback_url(voices.meeting)).context["form"]
    required = next(q for q in form.questions if q.required)
    response = client.post(feedback_url(voices.meeting), {f"q{required.pk}": "11"})
    assert response.status_code == 400
    assert "Choose a number from 0 to 10" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_a_partner_not_invited_sees_nothing(voices: Any, upcoming: Meeting, client: Client) -> None:
    stranger = StaffFactory(
        role=Staff.Role.PARTNER,
        team=None,
        organisation=voices.world.org,
        partner_agency=PartnerAgencyFactory(name="Hilltop Health"),
    )
    client.force_login(stranger)
    assert (
        "not invited to any meetings"
        in client.get(reverse("evaluation:feedback_partner_home")).content.decode()
    )
    assert client.get(contribution_url(upcoming)).status_code == 404
    assert client.get(feedback_url(voices.meeting)).status_code == 404


def test_a_partner_who_sent_apologies_gives_no_feedback(voices: Any, client: Client) -> None:
    voices.meeting.participants.filter(staff=voices.world.partner).update(attendance="apologies")
    client.force_login(voices.world.partner)
    assert client.get(feedback_url(voices.meeting)).status_code == 404


@pytest.mark.parametrize("who", ["allocated", "manager", "quality"])
def test_the_partner_pages_are_for_partners(voices: Any, client: Client, who: str) -> None:
    client.force_login(getattr(voices.world, who))
    assert client.get(reverse("evaluation:feedback_partner_home")).status_code == 404
    assert client.get(feedback_url(voices.meeting)).status_code == 404
