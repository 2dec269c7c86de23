"""The first review after an unborn baby's birth (issue 10, point 3; timescales.md): within
10 working days of the birth or 3 months of the initial conference, whichever is sooner; the
review the conference left to be arranged is replaced, not left overdue."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

from dateutil.relativedelta import relativedelta

from restorative.core.working_days import add_working_days
from restorative.practice import selectors, services
from restorative.practice.models import Meeting, MeetingType

from .conftest import meeting_at

TODAY = datetime.date.today()


def _conference_held(world: Any, practice: SimpleNamespace, days_ago: int) -> Meeting:
    conference = practice.invited
    services.meeting_record(
        actor=world.allocated,
        meeting=conference,
        held_on=TODAY - datetime.timedelta(days=days_ago),
        sections={},
        participants={},
        conference_outcome="plan_made",
        plan_category="neglect",
    )
    conference.refresh_from_db()
    return conference


def _review_after_birth(world: Any, practice: SimpleNamespace, born: datetime.date) -> Meeting:
    return services.meeting_schedule(
        actor=world.allocated,
        family=practice.family,
        meeting_type=MeetingType.REVIEW_CONFERENCE,
        scheduled_at=meeting_at(1),
        venue="in_person",
        trigger="birth",
        trigger_date=born,
    )


def test_a_birth_soon_after_the_conference_gives_10_working_days(
    world: Any, practice: SimpleNamespace
) -> None:
    _conference_held(world, practice, days_ago=20)
    born = TODAY - datetime.timedelta(days=2)
    review = _review_after_birth(world, practice, born)
    assert review.due_date == add_working_days(born, 10)


def test_a_birth_late_after_the_conference_keeps_the_three_months(
    world: Any, practice: SimpleNamespace
) -> None:
    conference = _conference_held(world, practice, days_ago=88)
    assert conference.held_on is not None
    born = TODAY - datetime.timedelta(days=1)
    review = _review_after_birth(world, practice, born)
    three_months = conference.held_on + relativedelta(months=3)
    assert three_months < add_working_days(born, 10)
    assert review.due_date == three_months


def test_without_a_conference_the_birth_rule_alone_applies(world: Any) -> None:
    born = TODAY - datetime.timedelta(days=3)
    review = services.meeting_schedule(
        actor=world.allocated,
        family=world.family,
        meeting_type=MeetingType.REVIEW_CONFERENCE,
        scheduled_at=meeting_at(1),
        venue="in_person",
        trigger="birth",
        trigger_date=born,
    )
    assert review.due_date == add_working_days(born, 10)


def test_the_conferences_review_to_arrange_is_replaced_not_left_overdue(
    world: Any, practice: SimpleNamespace
) -> None:
    conference = _conference_held(world, practice, days_ago=20)
    waiting = Meeting.objects.get(follows=conference, meeting_type="review_conference")
    assert waiting.status == Meeting.Status.TO_ARRANGE
    review = _review_after_birth(world, practice, TODAY - datetime.timedelta(days=2))
    waiting.refresh_from_db()
    assert waiting.status == Meeting.Status.CANCELLED
    assert waiting.cancelled_reason == "Replaced by the first review after the baby's birth"
    due = selectors.meetings_due(world.allocated)
    reviews = [m for m in due.overdue + due.due_soon if m.meeting_type == "review_conference"]
    assert [m.pk for m in reviews] == [review.pk]
