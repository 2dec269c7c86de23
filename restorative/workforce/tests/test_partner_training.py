"""A partner's 'My training' shows their bookings on joint training (issue 14 point 3).

Partners are booked on the joint sessions their agency is invited to, so 'My training'
answers for them too: their bookings, without the courses our own staff must complete
(partners have no compliance here). The API's own-bookings list says the same.
"""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from .factories import BookingFactory, CourseFactory, CourseRequirementFactory, SessionFactory

JOINT_COURSE = "Joint restorative practice for partners"
STAFF_ONLY_COURSE = "Restorative supervision for managers"


def _joint_booking(world: Any) -> Any:
    CourseRequirementFactory(course=CourseFactory(title=STAFF_ONLY_COURSE), group="practitioner")
    session = SessionFactory(course=CourseFactory(title=JOINT_COURSE))
    session.partner_agencies.add(world.partner.partner_agency)
    return BookingFactory(session=session, person=world.partner)


def test_a_partner_sees_their_joint_training_bookings(world: Any) -> None:
    booking = _joint_booking(world)
    client = Client()
    client.force_login(world.partner)

    page = client.get(reverse("workforce:my_training"))

    assert page.status_code == 200
    html = page.content.decode()
    assert JOINT_COURSE in html
    assert "Courses you must complete" not in html
    catalogue = client.get(reverse("workforce:catalogue")).content.decode()
    assert reverse("workforce:my_training") in catalogue

    api = APIClient()
    api.force_login(world.partner)
    listed = api.get("/api/workforce/bookings/")
    assert listed.status_code == 200
    assert [row["uuid"] for row in listed.json()["results"]] == [str(booking.uuid)]


def test_our_staff_still_see_what_they_must_complete(world: Any) -> None:
    _joint_booking(world)
    client = Client()
    client.force_login(world.allocated)
    html = client.get(reverse("workforce:my_training")).content.decode()
    assert "Courses you must complete" in html
    assert STAFF_ONLY_COURSE in html
    assert JOINT_COURSE not in html  # someone else's booking


def test_my_training_is_refused_to_nobody_signed_in(world: Any) -> None:
    response = Client().get(reverse("workforce:my_training"))
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")
