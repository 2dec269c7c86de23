"""Reads of the training catalogue, sessions and bookings, scoped to the person asking."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from restorative.people.models import PartnerAgency, Staff

from .. import permissions
from ..models import (
    Booking,
    Course,
    Session,
)
from .lookup import get_or_404


def courses_for(user: Any) -> QuerySet[Course]:
    """The catalogue as `user` may see it, with who must complete each course."""
    courses = Course.objects.filter(permissions.courses_visible_q(user))
    if not permissions.can_manage_training(user):
        courses = courses.filter(is_active=True)
    return courses.prefetch_related("requirements").order_by("title")


def course_get(user: Any, course_uuid: uuid.UUID | str) -> Course:
    """One course, or 404 when it does not exist or `user` may not see it."""
    return get_or_404(courses_for(user), uuid=course_uuid)


def sessions_for(user: Any) -> QuerySet[Session]:
    """Sessions `user` may see, with the course, places taken and waiting counts joined."""
    return (
        Session.objects.filter(permissions.sessions_visible_q(user))
        .select_related("course")
        .annotate(
            booked_count=Count(
                "bookings", filter=Q(bookings__status__in=Booking.HOLDS_PLACE), distinct=True
            ),
            waiting_count=Count(
                "bookings", filter=Q(bookings__status=Booking.Status.WAITING), distinct=True
            ),
        )
        .order_by("starts_at", "id")
    )


def course_sessions(
    user: Any, course: Course, *, now: datetime.datetime
) -> tuple[list[Session], list[Session]]:
    """A course's sessions `user` may see: upcoming, and the past (latest first)."""
    sessions = list(sessions_for(user).filter(course=course))
    upcoming = [s for s in sessions if s.starts_at > now]
    past = [s for s in reversed(sessions) if s.starts_at <= now]
    return upcoming, past


def upcoming_sessions(user: Any, *, now: datetime.datetime) -> list[Session]:
    """Sessions still to come that `user` may see and book (for partners: the invited ones)."""
    return list(sessions_for(user).filter(starts_at__gt=now)[:50])


def session_get(user: Any, session_uuid: uuid.UUID | str) -> Session:
    """One session with its facilitators and invited agencies, or 404."""
    return get_or_404(
        sessions_for(user).prefetch_related(
            Prefetch("facilitators", queryset=Staff.objects.order_by("last_name", "first_name")),
            "partner_agencies",
        ),
        uuid=session_uuid,
    )


def live_bookings(session: Session) -> QuerySet[Booking]:
    """A session's bookings that are not cancelled, in the order they were made (the waiting
    list's order). No permission check: callers check `can_view_bookings` or look up their own."""
    return (
        Booking.objects.filter(session=session)
        .exclude(status=Booking.Status.CANCELLED)
        .select_related("session__course", "person", "person__team", "person__partner_agency")
        .order_by("created_at", "id")
    )


def session_bookings(user: Any, session: Session) -> list[Booking]:
    """Everyone booked or waiting, for the people running the session; 404 for others."""
    if not permissions.can_view_bookings(user, session):
        raise Http404("Not found")
    return list(live_bookings(session))


def own_booking(user: Any, session: Session) -> Booking | None:
    """`user`'s live booking on this session, if any."""
    return (
        Booking.objects.filter(session=session, person=user, status__in=Booking.ACTIVE)
        .order_by("-created_at")
        .first()
    )


def booking_get_for_cancel(user: Any, booking_uuid: uuid.UUID | str) -> Booking:
    """A booking `user` may cancel, or 404."""
    booking: Booking = get_or_404(
        Booking.objects.select_related("session", "session__course", "person"), uuid=booking_uuid
    )
    if not permissions.can_cancel_booking(user, booking):
        raise Http404("Not found")
    return booking


def my_bookings(user: Any) -> list[Booking]:
    """`user`'s own bookings, newest session first."""
    return list(
        Booking.objects.filter(person=user)
        .exclude(status=Booking.Status.CANCELLED)
        .select_related("session", "session__course", "person")
        .order_by("-session__starts_at", "-id")
    )


def facilitator_choices() -> QuerySet[Staff]:
    """Who may facilitate a session (`permissions.session_facilitators_q`), with their team
    for the label and the group they are listed under."""
    return (
        Staff.objects.filter(permissions.session_facilitators_q())
        .select_related("team", "service", "partner_agency")
        .order_by("last_name", "first_name")
    )


def partner_agency_choices() -> QuerySet[PartnerAgency]:
    return PartnerAgency.objects.order_by("name")
