"""Who may see and do what in training: allowed and refused, object check and list filter."""

from __future__ import annotations

import pytest

from restorative.people.models import Staff
from restorative.workforce import permissions as p

from .factories import BookingFactory, CourseFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_only_workforce_manages(world) -> None:  # type: ignore[no-untyped-def]
    assert p.can_manage_training(world.workforce)
    for person in (world.manager, world.head, world.director, world.admin, world.partner):
        assert not p.can_manage_training(person)


def test_partner_sees_only_invited_sessions_and_their_courses(world) -> None:  # type: ignore[no-untyped-def]
    invited = SessionFactory()
    invited.partner_agencies.add(world.partner.partner_agency)
    other = SessionFactory()
    from restorative.workforce.models import Course, Session

    assert list(Session.objects.filter(p.sessions_visible_q(world.partner))) == [invited]
    assert list(Course.objects.filter(p.courses_visible_q(world.partner))) == [invited.course]
    assert p.can_view_session(world.partner, invited)
    assert not p.can_view_session(world.partner, other)
    assert p.can_view_session(world.allocated, other)
    # Partners have their bookings in "My training", but no courses they must complete.
    assert p.can_view_own_training(world.partner)
    assert not p.has_own_compliance(world.partner)
    assert not p.can_view_compliance_of(world.partner, world.partner)


def test_attendance_by_facilitator_or_workforce(world) -> None:  # type: ignore[no-untyped-def]
    session = SessionFactory()
    session.facilitators.add(world.same_team)
    assert p.can_take_attendance(world.same_team, session)
    assert p.can_take_attendance(world.workforce, session)
    assert not p.can_take_attendance(world.allocated, session)
    assert not p.can_take_attendance(world.manager, session)


def test_cancel_own_booking_or_workforce(world) -> None:  # type: ignore[no-untyped-def]
    booking = BookingFactory(person=world.allocated)
    assert p.can_cancel_booking(world.allocated, booking)
    assert p.can_cancel_booking(world.workforce, booking)
    assert not p.can_cancel_booking(world.same_team, booking)
    assert not p.can_cancel_booking(world.manager, booking)


@pytest.mark.parametrize(
    ("viewer", "allowed", "refused"),
    [
        ("allocated", ["allocated"], ["same_team", "other_team", "manager"]),
        ("manager", ["allocated", "same_team", "manager"], ["other_team", "other_service"]),
        ("head", ["allocated", "other_team"], ["other_service"]),
        ("director", ["allocated", "other_team", "other_service"], ["partner"]),
        ("workforce", ["allocated", "other_service", "head"], ["partner"]),
        ("quality", ["quality"], ["allocated"]),
        ("partner", [], ["allocated", "partner"]),
    ],
)
def test_compliance_scope(world, viewer: str, allowed: list[str], refused: list[str]) -> None:  # type: ignore[no-untyped-def]
    user = getattr(world, viewer)
    visible = set(Staff.objects.filter(p.compliance_staff_q(user)).values_list("pk", flat=True))
    for name in allowed:
        person = getattr(world, name)
        assert p.can_view_compliance_of(user, person), name
        assert person.pk in visible, name
    for name in refused:
        person = getattr(world, name)
        assert not p.can_view_compliance_of(user, person), name
        assert person.pk not in visible, name


def test_team_compliance_page_rule(world) -> None:  # type: ignore[no-untyped-def]
    assert p.can_view_team_compliance(world.manager, world.team_a1)
    assert not p.can_view_team_compliance(world.manager, world.team_a2)
    assert p.can_view_team_compliance(world.head, world.team_a2)
    assert not p.can_view_team_compliance(world.head, world.team_b1)
    assert p.can_view_team_compliance(world.director, world.team_b1)
    assert not p.can_view_team_compliance(world.allocated, world.team_a1)
    assert not p.can_view_compliance_reports(world.allocated)
    assert p.can_view_compliance_reports(world.manager)
    CourseFactory()
