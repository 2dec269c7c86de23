"""Issue 14.5: a meeting arranged for a past day appeared on no list (neither due nor held).
Scheduling refuses a past day, in the service and on the page; today and later are taken."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from restorative.practice import services
from restorative.practice.models import Meeting
from restorative.practice.services.meetings import MEETING_IN_THE_PAST

from .conftest import meeting_at

pytestmark = pytest.mark.django_db


def test_the_service_refuses_a_meeting_on_a_past_day(world, practice) -> None:  # type: ignore[no-untyped-def]
    before = Meeting.objects.count()
    with pytest.raises(ValidationError) as error:
        services.meeting_schedule(
            actor=world.allocated,
            family=practice.family,
            meeting_type="core_group",
            scheduled_at=meeting_at(-1),
            venue="online",
        )
    assert error.value.message_dict["scheduled_at"] == [MEETING_IN_THE_PAST]
    assert Meeting.objects.count() == before


def test_a_meeting_today_is_scheduled(world, practice) -> None:  # type: ignore[no-untyped-def]
    meeting = services.meeting_schedule(
        actor=world.allocated,
        family=practice.family,
        meeting_type="core_group",
        scheduled_at=meeting_at(0),
        venue="online",
    )
    assert meeting.status == Meeting.Status.SCHEDULED


def test_the_page_shows_the_refusal_beside_the_date(client, world, practice) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.allocated)
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    before = Meeting.objects.count()
    response = client.post(
        reverse("practice:meeting_new", args=[practice.family.uuid]),
        {
            "meeting_type": "core_group",
            "date_day": str(yesterday.day),
            "date_month": str(yesterday.month),
            "date_year": str(yesterday.year),
            "time": "10:00",
            "venue": "online",
            "submission_token": "9b2f8f9e-6a57-4b8e-9d43-3f1d1c7a1c01",
        },
    )
    assert response.status_code == 200
    assert Meeting.objects.count() == before
    page = response.content.decode()
    assert 'id="id_date-error"' in page
    assert "Date of the meeting must be today or in the future" in page
    assert 'href="#id_date_0"' in page
