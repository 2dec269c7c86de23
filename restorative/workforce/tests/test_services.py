"""Writes: bad input changes nothing, the waiting list promotes, double submission books once."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from restorative.workforce import services
from restorative.workforce.models import Booking, Completion, Course, Session

from .factories import CourseFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_course_create_with_required_roles(world) -> None:  # type: ignore[no-untyped-def]
    course = services.course_create(
        actor=world.workforce,
        title="Restorative foundation",
        kind=Course.Kind.FOUNDATION,
        level=Course.Level.INTRODUCTORY,
        length_hours=Decimal("6"),
        delivery=Course.Delivery.BLENDED,
        validity_months=36,
        required_groups=["practitioner", "team_manager"],
    )
    assert sorted(r.group for r in course.requirements.all()) == ["practitioner", "team_manager"]
    services.course_update(
        actor=world.workforce, course=course, data={"title": "Foundation"}, required_groups=["asye"]
    )
    course.refresh_from_db()
    assert course.title == "Foundation"
    assert [r.group for r in course.requirements.all()] == ["asye"]


def test_only_workforce_manages_the_catalogue(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        services.course_create(
            actor=world.manager,
            title="X",
            kind="foundation",
            level="introductory",
            length_hours=Decimal("1"),
            delivery="online",
        )
    assert not Course.objects.exists()


def test_session_in_the_past_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    course = CourseFactory()
    with pytest.raises(ValidationError) as error:
        services.session_create(
            actor=world.workforce,
            course=course,
            starts_at=timezone.now() - datetime.timedelta(hours=1),
            capacity=10,
            place="Room 1",
        )
    assert error.value.message_dict["starts_at"] == ["The session must start in the future"]
    assert not Session.objects.exists()


def test_session_needs_capacity_and_a_place(world) -> None:  # type: ignore[no-untyped-def]
    course = CourseFactory()
    start = timezone.now() + datetime.timedelta(days=3)
    with pytest.raises(ValidationError):
        services.session_create(
            actor=world.workforce, course=course, starts_at=start, capacity=0, place="R"
        )
    with pytest.raises(ValidationError):
        services.session_create(actor=world.workforce, course=course, starts_at=start, capacity=5)
    assert not Session.objects.exists()


def test_waiting_list_promotes_the_next_person(world) -> None:  # type: ignore[no-untyped-def]
    session = SessionFactory(capacity=1)
    first = services.booking_create(actor=world.allocated, session=session)
    second = services.booking_create(actor=world.same_team, session=session)
    third = services.booking_create(actor=world.asye_same_team, session=session)
    assert [first.status, second.status, third.status] == ["booked", "waiting", "waiting"]
    promoted = services.booking_cancel(actor=world.allocated, booking=first)
    assert promoted is not None and promoted.pk == second.pk
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == ("booked", "waiting")
    # Cancelling from the waiting list frees no place: nobody moves.
    assert services.booking_cancel(actor=world.asye_same_team, booking=third) is None
    # Cancelling twice changes nothing.
    assert services.booking_cancel(actor=world.allocated, booking=first) is None


def test_double_submission_books_once(world) -> None:  # type: ignore[no-untyped-def]
    session = SessionFactory(capacity=5)
    a = services.booking_create(actor=world.allocated, session=session)
    b = services.booking_create(actor=world.allocated, session=session)
    assert a.pk == b.pk
    assert Booking.objects.filter(session=session).count() == 1
    services.booking_cancel(actor=world.allocated, booking=a)
    again = services.booking_create(actor=world.allocated, session=session)
    assert again.pk != a.pk and again.status == "booked"


def test_capacity_cannot_go_below_bookings(world) -> None:  # type: ignore[no-untyped-def]
    session = SessionFactory(capacity=2)
    services.booking_create(actor=world.allocated, session=session)
    services.booking_create(actor=world.same_team, session=session)
    waiting = services.booking_create(actor=world.asye_same_team, session=session)
    with pytest.raises(ValidationError) as error:
        services.session_update(
            actor=world.workforce, session=session, capacity=1, place="Elsewhere", online_link=""
        )
    assert error.value.message_dict["capacity"] == [
        "Capacity cannot be less than the 2 places already booked"
    ]
    session.refresh_from_db()
    assert (session.capacity, session.place) == (2, "Civic Centre, Room 3")
    services.session_update(
        actor=world.workforce, session=session, capacity=3, place="Room 4", online_link=""
    )
    waiting.refresh_from_db()
    assert waiting.status == "booked"


def test_attendance_creates_completions(world) -> None:  # type: ignore[no-untyped-def]
    course = CourseFactory(validity_months=12)
    session = SessionFactory(course=course, capacity=5)
    came = services.booking_create(actor=world.allocated, session=session)
    missed = services.booking_create(actor=world.same_team, session=session)
    session.facilitators.add(world.manager)
    later = session.starts_at + datetime.timedelta(hours=2)
    with pytest.raises(PermissionDenied):
        services.attendance_record(
            actor=world.same_team, session=session, attended_ids=[came.pk], now=later
        )
    with pytest.raises(ValidationError):
        services.attendance_record(actor=world.manager, session=session, attended_ids=[came.pk])
    assert (
        services.attendance_record(
            actor=world.manager, session=session, attended_ids=[came.pk], now=later
        )
        == 1
    )
    came.refresh_from_db()
    missed.refresh_from_db()
    assert (came.status, missed.status) == ("attended", "did_not_attend")
    completion = Completion.objects.get()
    day = timezone.localdate(session.starts_at)
    assert completion.person == world.allocated and completion.completed_on == day
    assert completion.valid_until is not None and completion.valid_until.year == day.year + 1
    # Taking attendance again (a correction) does not add a second completion.
    services.attendance_record(
        actor=world.workforce, session=session, attended_ids=[came.pk, missed.pk], now=later
    )
    assert Completion.objects.count() == 2


def test_partner_books_only_invited_sessions(world) -> None:  # type: ignore[no-untyped-def]
    invited = SessionFactory()
    invited.partner_agencies.add(world.partner.partner_agency)
    other = SessionFactory()
    assert services.booking_create(actor=world.partner, session=invited).status == "booked"
    with pytest.raises(PermissionDenied):
        services.booking_create(actor=world.partner, session=other)


def test_booking_a_started_session_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    session = SessionFactory()
    with pytest.raises(ValidationError):
        services.booking_create(
            actor=world.allocated,
            session=session,
            now=session.starts_at + datetime.timedelta(minutes=1),
        )
    assert not Booking.objects.exists()


def test_training_settings_are_one_row(db) -> None:  # type: ignore[no-untyped-def]
    first = services.training_settings_get()
    assert services.training_settings_get().pk == first.pk
    assert first.induction_due_days == 28
