"""A session's capacity, a course's length and a supervision session's length are the
services' rules, so every caller (page, API, import, script) is held to them, with the same
message the form shows."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from restorative.workforce import services
from restorative.workforce.models import Course, Session, SupervisionAgreement, SupervisionSession

from .factories import CourseFactory, SessionFactory


def _start() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=3)


def test_a_session_takes_at_most_500(world: Any) -> None:
    course = CourseFactory()
    with pytest.raises(ValidationError) as caught:
        services.session_create(
            actor=world.workforce, course=course, starts_at=_start(), capacity=501, place="R"
        )
    assert caught.value.message_dict["capacity"] == ["Capacity must be 500 or fewer"]
    assert not Session.objects.exists()
    session = services.session_create(
        actor=world.workforce, course=course, starts_at=_start(), capacity=500, place="R"
    )
    assert session.capacity == 500


def test_changing_a_session_to_more_than_500_is_refused(world: Any) -> None:
    session = SessionFactory(capacity=10)
    with pytest.raises(ValidationError) as caught:
        services.session_update(
            actor=world.workforce, session=session, capacity=501, place="R", online_link=""
        )
    assert caught.value.message_dict["capacity"] == ["Capacity must be 500 or fewer"]
    session.refresh_from_db()
    assert session.capacity == 10


def test_the_session_page_shows_the_services_capacity_message(client: Any, world: Any) -> None:
    course = CourseFactory()
    client.force_login(world.workforce)
    response = client.post(
        reverse("workforce:session_create", args=[course.uuid]),
        {
            "submission_token": str(uuid.uuid4()),
            "date": (timezone.localdate() + datetime.timedelta(days=3)).strftime("%d/%m/%Y"),
            "start_time": "09:30",
            "place": "Room 1",
            "capacity": "501",
        },
    )
    assert "Capacity must be 500 or fewer" in response.content.decode()
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        (Decimal("0.4"), "Length must be at least half an hour"),
        (Decimal("1000"), "Length must be 999 hours or fewer"),
    ],
)
def test_a_course_is_half_an_hour_to_999_hours(world: Any, hours: Decimal, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        services.course_create(
            actor=world.workforce,
            title="Restorative basics",
            kind=Course.Kind.values[0],
            level=Course.Level.values[0],
            length_hours=hours,
            delivery=Course.Delivery.values[0],
        )
    assert caught.value.message_dict == {"length_hours": [message]}
    assert not Course.objects.filter(title="Restorative basics").exists()


@pytest.mark.parametrize(
    ("minutes", "message"),
    [(0, "Length must be 1 minute or more"), (601, "Length must be 600 minutes or fewer")],
)
def test_a_supervision_session_is_1_to_600_minutes(world: Any, minutes: int, message: str) -> None:
    agreement = SupervisionAgreement.objects.create(
        supervisor=world.manager, supervisee=world.allocated, started_on=datetime.date(2026, 1, 1)
    )
    with pytest.raises(ValidationError) as caught:
        services.supervision_session_record(
            actor=world.manager,
            agreement=agreement,
            submission_token=uuid.uuid4(),
            held_on=datetime.date(2026, 11, 20),
            duration_minutes=minutes,
            wellbeing_score=6,
            today=datetime.date(2026, 11, 30),
        )
    assert caught.value.message_dict["duration_minutes"] == [message]
    assert not SupervisionSession.objects.exists()
