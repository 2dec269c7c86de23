"""Demo training data: a catalogue, sessions, bookings and completions (see people/demo_data).

Completions are spread over the past four years so the compliance pages show a realistic
mix of completed, due soon, overdue and not started. Deterministic (one seeded Random) and
fast (bulk_create). The workforce lead (workforce@demo.restorative.test) facilitates the
sessions, and the demo practitioner is booked on the next foundation session.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from restorative.people.models import PartnerAgency, Staff

from .compliance import valid_until_for
from .models import Booking, Completion, Course, CourseRequirement, Session, TrainingSettings

SEED = 20250406
DEMO_DOMAIN = "demo.restorative.test"
FRONTLINE = ["practitioner", "asye", "team_manager"]
EVERYONE = [*FRONTLINE, "head_of_service", "director", "workforce", "quality", "business_support"]

CATALOGUE = [
    # title, kind, level, hours, delivery, validity months, required groups
    (
        "Induction: working restoratively here",
        "induction",
        "introductory",
        "3",
        "blended",
        None,
        EVERYONE,
    ),
    (
        "Restorative practice foundation",
        "foundation",
        "introductory",
        "6",
        "in_person",
        36,
        EVERYONE,
    ),
    (
        "Advanced restorative practice",
        "advanced",
        "advanced",
        "12",
        "in_person",
        36,
        ["team_manager", "head_of_service", "restorative_champion"],
    ),
    (
        "Restorative champion programme",
        "champion",
        "advanced",
        "9",
        "blended",
        24,
        ["restorative_champion"],
    ),
    ("Restorative practice refresher", "refresher", "intermediate", "3", "online", None, []),
    (
        "Joint multi-agency restorative practice",
        "multi_agency",
        "intermediate",
        "6",
        "in_person",
        None,
        [],
    ),
]


def seed(*, scale: str) -> dict[str, int]:
    """Load the demo catalogue, sessions, bookings and completions."""
    rng = random.Random(SEED)
    today = timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        TrainingSettings.objects.get_or_create(pk=1)
        courses = []
        for title, kind, level, hours, delivery, months, groups in CATALOGUE:
            course = Course.objects.create(
                title=title,
                kind=kind,
                level=level,
                length_hours=Decimal(hours),
                delivery=delivery,
                validity_months=months,
            )
            CourseRequirement.objects.bulk_create(
                [CourseRequirement(course=course, group=g) for g in groups]
            )
            courses.append(course)
        staff = list(
            Staff.objects.filter(email__endswith=f"@{DEMO_DOMAIN}", is_active=True)
            .exclude(role=Staff.Role.PARTNER)
            .order_by("pk")
        )
        lead = next((s for s in staff if s.email == f"workforce@{DEMO_DOMAIN}"), None)
        practitioner = next((s for s in staff if s.email == f"practitioner@{DEMO_DOMAIN}"), None)
        agencies = list(PartnerAgency.objects.order_by("pk")[:3])

        sessions = []
        for index, course in enumerate(courses):
            for offset in (-400, -120, -20, 10 + index, 35 + index * 3):
                sessions.append(
                    Session(
                        course=course,
                        starts_at=now.replace(hour=9, minute=30, second=0, microsecond=0)
                        + datetime.timedelta(days=offset),
                        place="Northmoor Civic Centre, Training Room 2"
                        if course.delivery != "online"
                        else "",
                        online_link="https://meet.example.org/restorative"
                        if course.delivery != "in_person"
                        else "",
                        capacity=16 if course.kind != "advanced" else 10,
                    )
                )
        Session.objects.bulk_create(sessions)
        joint = [s for s in sessions if s.course.kind == "multi_agency"]
        for session in sessions:
            if lead is not None:
                session.facilitators.add(lead)
        for session in joint:
            session.partner_agencies.set(agencies)

        completions = []
        for person in staff:
            for course in courses[:4]:
                if rng.random() < 0.25:
                    continue  # not started
                days_ago = rng.randint(10, 1400)
                done = today - datetime.timedelta(days=days_ago)
                completions.append(
                    Completion(
                        person=person,
                        course=course,
                        completed_on=done,
                        valid_until=valid_until_for(done, course.validity_months),
                        source=Completion.Source.IMPORTED,
                    )
                )
        Completion.objects.bulk_create(completions)

        bookings = []
        future = [s for s in sessions if s.starts_at > now]
        for session in future:
            people = rng.sample(staff, min(len(staff), session.capacity + 2))
            for position, person in enumerate(people):
                if person == practitioner:
                    continue
                status = (
                    Booking.Status.BOOKED
                    if position < session.capacity - 2
                    else Booking.Status.WAITING
                )
                if status == Booking.Status.WAITING and position < session.capacity:
                    continue
                bookings.append(Booking(session=session, person=person, status=status))
        if practitioner is not None and future:
            bookings.append(Booking(session=future[1], person=practitioner))
        Booking.objects.bulk_create(bookings)
    return {
        "training courses": len(courses),
        "training sessions": len(sessions),
        "training bookings": len(bookings),
        "training completions": len(completions),
    }


def reset() -> None:
    """Delete all training data, so `seed_demo --reset` can delete the demo staff it names.

    Bookings and completions protect their Staff rows (a training record must not vanish
    with a careless delete), so they go first.
    """
    with transaction.atomic():
        Booking.objects.all().delete()
        Completion.objects.all().delete()
        Session.objects.all().delete()
        CourseRequirement.objects.all().delete()
        Course.objects.all().delete()
        TrainingSettings.objects.all().delete()
