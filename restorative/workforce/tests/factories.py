"""Factories for training records."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from restorative.workforce.models import Booking, Completion, Course, CourseRequirement, Session


class CourseFactory(DjangoModelFactory):
    class Meta:
        model = Course

    title = factory.Sequence(lambda n: f"Restorative course {n}")
    kind = Course.Kind.FOUNDATION
    level = Course.Level.INTRODUCTORY
    length_hours = Decimal("6.0")
    delivery = Course.Delivery.IN_PERSON
    validity_months = 36


class CourseRequirementFactory(DjangoModelFactory):
    class Meta:
        model = CourseRequirement

    course = factory.SubFactory(CourseFactory)
    group = "practitioner"


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = Session

    course = factory.SubFactory(CourseFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    place = "Civic Centre, Room 3"
    capacity = 10


class BookingFactory(DjangoModelFactory):
    class Meta:
        model = Booking

    session = factory.SubFactory(SessionFactory)
    status = Booking.Status.BOOKED


class CompletionFactory(DjangoModelFactory):
    class Meta:
        model = Completion

    course = factory.SubFactory(CourseFactory)
    completed_on = datetime.date(2025, 6, 1)
    valid_until = datetime.date(2028, 5, 31)
