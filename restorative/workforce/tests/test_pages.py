"""Pages: catalogue to attendance, my training, team compliance with drill-down and CSV."""

from __future__ import annotations

import csv
import datetime
import io
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from restorative.people.models import Staff
from restorative.people.tests.factories import StaffFactory
from restorative.workforce.models import Booking, Completion, Course, Session
from restorative.workforce.selectors import team_compliance
from restorative.workforce.services import training_settings_get

from .factories import CompletionFactory, CourseFactory, CourseRequirementFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_workforce_lead_creates_course_and_session(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.workforce)
    response = client.post(
        reverse("workforce:course_create"),
        {
            "title": "Restorative foundation",
            "kind": "foundation",
            "level": "introductory",
            "length_hours": "6",
            "delivery": "in_person",
            "validity_months": "36",
            "required_groups": ["practitioner", "asye"],
        },
    )
    course = Course.objects.get()
    assert response.status_code == 302
    response = client.get(course_url := reverse("workforce:course_detail", args=[course.uuid]))
    assert b"Practitioner" in response.content
    url = reverse("workforce:session_create", args=[course.uuid])
    past = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        url,
        {
            "submission_token": str(uuid.uuid4()),
            "date": past.strftime("%d/%m/%Y"),
            "start_time": "09:30",
            "place": "Room 1",
            "capacity": "10",
        },
    )
    assert response.status_code == 200
    assert "The session must start in the future" in response.content.decode()
    assert not Session.objects.exists()
    response = client.post(
        url,
        {
            "submission_token": str(uuid.uuid4()),
            "date": "31/02/2030",
            "start_time": "25:00",
            "capacity": "0",
        },
    )
    text = response.content.decode()
    assert "Date must be a real date" in text and "Start time must be a real time" in text
    assert "Capacity must be 1 or more" in text
    future = timezone.localdate() + datetime.timedelta(days=10)
    response = client.post(
        url,
        {
            "submission_token": str(uuid.uuid4()),
            "date": future.strftime("%d/%m/%Y"),
            "start_time": "09:30",
            "place": "Room 1",
            "capacity": "10",
            "facilitators": [world.manager.pk],
        },
    )
    assert response.status_code == 302
    assert Session.objects.get().facilitators.get() == world.manager
    assert client.get(course_url).status_code == 200


def test_others_cannot_open_management_pages(client, world) -> None:  # type: ignore[no-untyped-def]
    course = CourseFactory()
    client.force_login(world.manager)
    assert client.get(reverse("workforce:course_create")).status_code == 404
    assert client.get(reverse("workforce:session_create", args=[course.uuid])).status_code == 404
    client.force_login(world.partner)
    assert client.get(reverse("workforce:course_detail", args=[course.uuid])).status_code == 404
    assert client.get(reverse("workforce:compliance")).status_code == 404


def test_book_cancel_attend_and_my_training(client, world) -> None:  # type: ignore[no-untyped-def]
    course = CourseFactory(title="Restorative foundation")
    CourseRequirementFactory(course=course, group="practitioner")
    session = SessionFactory(course=course, capacity=1)
    session.facilitators.add(world.manager)
    client.force_login(world.allocated)
    book = reverse("workforce:session_book", args=[session.uuid])
    client.post(book)
    client.post(book)
    assert Booking.objects.filter(person=world.allocated).count() == 1
    page = client.get(reverse("workforce:my_training")).content.decode()
    assert "Not started" in page and "Restorative foundation" in page
    client.force_login(world.same_team)
    client.post(book)
    assert Booking.objects.get(person=world.same_team).status == "waiting"
    client.force_login(world.allocated)
    booking = Booking.objects.get(person=world.allocated)
    client.post(reverse("workforce:booking_cancel", args=[booking.uuid]))
    assert Booking.objects.get(person=world.same_team).status == "booked"
    # The facilitator takes attendance once the session has started.
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1)
    )
    client.force_login(world.manager)
    attendance = reverse("workforce:session_attendance", args=[session.uuid])
    assert client.get(attendance).status_code == 200
    promoted = Booking.objects.get(person=world.same_team)
    client.post(attendance, {"attended": [str(promoted.pk)]})
    assert Completion.objects.get().person == world.same_team
    client.force_login(world.same_team)
    assert "Completed" in client.get(reverse("workforce:my_training")).content.decode()
    client.force_login(world.allocated)
    assert client.get(attendance).status_code == 404


def test_capacity_below_bookings_message(client, world) -> None:  # type: ignore[no-untyped-def]
    session = SessionFactory(capacity=3)
    for person in (world.allocated, world.same_team):
        Booking.objects.create(session=session, person=person)
    client.force_login(world.workforce)
    response = client.post(
        reverse("workforce:session_edit", args=[session.uuid]), {"place": "Room 9", "capacity": "1"}
    )
    assert "Capacity cannot be less than the 2 places already booked" in response.content.decode()
    session.refresh_from_db()
    assert (session.capacity, session.place) == (3, "Civic Centre, Room 3")


def test_team_compliance_drill_down_and_csv(client, world) -> None:  # type: ignore[no-untyped-def]
    course = CourseFactory(title="Restorative foundation")
    CourseRequirementFactory(course=course, group="practitioner")
    world.allocated.first_name = "=HYPERLINK(1)"
    world.allocated.save()
    CompletionFactory(person=world.allocated, course=course)
    client.force_login(world.manager)
    url = reverse("workforce:team_compliance", args=[world.team_a1.uuid])
    response = client.get(url, {"course": str(course.uuid), "status": "not_started"})
    text = response.content.decode()
    assert world.same_team.display_name in text
    assert client.get(reverse("workforce:compliance")).status_code == 200
    response = client.get(reverse("workforce:team_compliance_csv", args=[world.team_a1.uuid]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Name"
    assert any(row[0].startswith("'") and "HYPERLINK" in row[0] for row in rows)
    other = reverse("workforce:team_compliance", args=[world.team_a2.uuid])
    assert client.get(other).status_code == 404
    client.force_login(world.allocated)
    assert client.get(url).status_code == 404


def _team_of(size: int, world) -> None:  # type: ignore[no-untyped-def]
    people = [
        StaffFactory.build(team=world.team_a1, organisation=world.org, role=Staff.Role.PRACTITIONER)
        for _ in range(size)
    ]
    Staff.objects.bulk_create(people)
    courses = [CourseFactory() for _ in range(4)]
    for course in courses:
        CourseRequirementFactory(course=course, group="practitioner")
    staff = list(Staff.objects.filter(team=world.team_a1))
    Completion.objects.bulk_create(
        [
            Completion(person=person, course=courses[i % 4], completed_on=datetime.date(2025, 1, 1))
            for i, person in enumerate(staff)
        ]
    )


@pytest.mark.parametrize("size", [5, 150])
def test_team_compliance_makes_constant_queries(client, world, size: int) -> None:  # type: ignore[no-untyped-def]
    _team_of(size, world)
    training_settings_get()  # the settings row exists in real use; creating it is 1 more query
    with CaptureQueriesContext(connection) as selector_queries:
        data = team_compliance(world.manager, world.team_a1, today=datetime.date(2026, 1, 1))
    assert len(data.people) >= size
    assert len(selector_queries) == 5
    client.force_login(world.manager)
    with CaptureQueriesContext(connection) as page_queries:
        response = client.get(reverse("workforce:team_compliance", args=[world.team_a1.uuid]))
    assert response.status_code == 200
    assert len(page_queries) <= 12, [q["sql"] for q in page_queries]
