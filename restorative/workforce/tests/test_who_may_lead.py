"""Training decides who may lead (issue 5, point 7): current advanced training, to the day.

One rule read three ways — the list filter (`staff_who_may_lead_q`), the object check
(`may_lead_restorative_meeting`) and the pure status (`advanced_training_status`) — and each
test checks all three agree.
"""

from __future__ import annotations

import datetime

import pytest

from restorative.people.models import Staff
from restorative.workforce.compliance import CompletionFact, LeadStatus, advanced_training_status
from restorative.workforce.models import Course
from restorative.workforce.permissions import may_lead_restorative_meeting, staff_who_may_lead_q
from restorative.workforce.selectors import staff_who_may_lead

from .factories import CompletionFactory, CourseFactory

D = datetime.date
VALID_UNTIL = D(2026, 6, 30)
DAY_AFTER = VALID_UNTIL + datetime.timedelta(days=1)

pytestmark = pytest.mark.django_db


def advanced(**extra):  # type: ignore[no-untyped-def]
    return CourseFactory(
        title=extra.pop("title", "Advanced restorative practice"),
        kind=extra.pop("kind", Course.Kind.ADVANCED),
        level=Course.Level.ADVANCED,
        **extra,
    )


def may_lead(person: Staff, on: datetime.date) -> bool:
    """The three readings of the rule, which must agree."""
    by_filter = Staff.objects.filter(staff_who_may_lead_q(on), pk=person.pk).exists()
    by_object = may_lead_restorative_meeting(person, on=on)
    assert by_filter == by_object
    assert (person in staff_who_may_lead(on)) == by_filter
    facts = [
        CompletionFact(c.completed_on, c.valid_until)
        for c in person.training_completions.filter(course__level=Course.Level.ADVANCED)
    ]
    assert advanced_training_status(facts, today=on, due_soon_days=60).may_lead == by_filter
    return by_filter


def test_valid_on_the_last_day_not_the_day_after(world) -> None:  # type: ignore[no-untyped-def]
    CompletionFactory(
        person=world.manager,
        course=advanced(),
        completed_on=D(2023, 7, 1),
        valid_until=VALID_UNTIL,
    )
    assert may_lead(world.manager, VALID_UNTIL - datetime.timedelta(days=61))
    assert may_lead(world.manager, VALID_UNTIL)
    assert not may_lead(world.manager, DAY_AFTER)


def test_foundation_only_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    CompletionFactory(
        person=world.allocated,
        course=CourseFactory(kind=Course.Kind.FOUNDATION, level=Course.Level.INTRODUCTORY),
        completed_on=D(2025, 1, 1),
        valid_until=D(2028, 1, 1),
    )
    refresher = CourseFactory(kind=Course.Kind.REFRESHER, level=Course.Level.INTERMEDIATE)
    CompletionFactory(
        person=world.allocated, course=refresher, completed_on=D(2025, 1, 1), valid_until=None
    )
    assert not may_lead(world.allocated, D(2026, 1, 1))


def test_expired_advanced_is_refused_and_a_newer_one_counts(world) -> None:  # type: ignore[no-untyped-def]
    course = advanced()
    CompletionFactory(
        person=world.manager, course=course, completed_on=D(2020, 1, 1), valid_until=D(2022, 12, 31)
    )
    assert not may_lead(world.manager, D(2023, 1, 1))
    CompletionFactory(
        person=world.manager, course=course, completed_on=D(2024, 3, 1), valid_until=D(2027, 2, 28)
    )
    assert not may_lead(world.manager, D(2024, 2, 29))  # not yet done on that day
    assert may_lead(world.manager, D(2024, 3, 1))


def test_any_advanced_level_course_counts_even_retired_or_never_expiring(world) -> None:  # type: ignore[no-untyped-def]
    champion = advanced(title="Champion programme", kind=Course.Kind.CHAMPION, is_active=False)
    CompletionFactory(
        person=world.same_team, course=champion, completed_on=D(2025, 1, 1), valid_until=None
    )
    assert may_lead(world.same_team, D(2040, 1, 1))


def test_an_inactive_account_may_not_lead(world) -> None:  # type: ignore[no-untyped-def]
    CompletionFactory(
        person=world.manager, course=advanced(), completed_on=D(2025, 1, 1), valid_until=None
    )
    world.manager.is_active = False
    world.manager.save()
    assert not may_lead_restorative_meeting(world.manager, on=D(2026, 1, 1))
    assert not staff_who_may_lead(D(2026, 1, 1)).exists()


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (VALID_UNTIL - datetime.timedelta(days=61), LeadStatus.CURRENT),
        (VALID_UNTIL - datetime.timedelta(days=60), LeadStatus.DUE_SOON),
        (VALID_UNTIL, LeadStatus.DUE_SOON),
        (DAY_AFTER, LeadStatus.EXPIRED),
    ],
)
def test_advanced_training_status_boundaries(today: datetime.date, expected: LeadStatus) -> None:
    facts = [CompletionFact(D(2023, 7, 1), VALID_UNTIL)]
    result = advanced_training_status(facts, today=today, due_soon_days=60)
    assert result.status == expected
    assert result.valid_until == VALID_UNTIL


def test_never_completed() -> None:
    assert advanced_training_status([], today=D(2026, 1, 1), due_soon_days=60).status == (
        LeadStatus.NEVER
    )
    future = [CompletionFact(D(2026, 2, 1), None)]
    assert advanced_training_status(future, today=D(2026, 1, 1), due_soon_days=60).status == (
        LeadStatus.NEVER
    )


def test_demo_circles_and_conferences_are_led_by_people_who_may_lead() -> None:
    from django.utils import timezone

    from restorative.people.demo_data import SCALES, seed_demo_data
    from restorative.practice import demo_data as practice_demo
    from restorative.practice.models import Meeting
    from restorative.practice.selectors import MEETINGS_NEEDING_A_LEAD
    from restorative.workforce import demo_data

    seed_demo_data(scale=SCALES["small"])
    practice_demo.seed(scale="small")
    demo_data.seed(scale="small")
    led = Meeting.objects.filter(
        meeting_type__in=list(MEETINGS_NEEDING_A_LEAD), chair__isnull=False
    ).select_related("chair")
    assert led.exists()
    for meeting in led:
        assert meeting.scheduled_at is not None
        day = timezone.localdate(meeting.scheduled_at)
        assert may_lead_restorative_meeting(meeting.chair, on=day), (meeting, meeting.chair)
    manager = Staff.objects.get(email="manager@demo.restorative.test")
    assert may_lead_restorative_meeting(manager, on=datetime.date.today())
