"""The looked-after review chain (issue 10, point 5; reference/timescales.md): a child becoming
looked after, sent by the case management system, makes the first review due within 20 working
days, as a practitioner scheduling it from that date would; each review held makes the next due
(the second within 3 months of the first, then every 6 months), by seeded rules the
organisation can change; the child leaving care ends the chain with the reason. The review is
chaired by an independent reviewing officer, by the same rule as a conference chair."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from restorative.core.models import AccessEvent
from restorative.core.working_days import add_working_days
from restorative.people.models import Staff
from restorative.people.tests.factories import ServiceFactory, StaffFactory, TeamFactory
from restorative.practice import selectors, services
from restorative.practice.models import CaseEvent, Meeting, MeetingType, TimescaleRule, Trigger

from .conftest import meeting_at
from .test_case_events import integration_account

pytestmark = pytest.mark.django_db

URL = "/api/case-events/"
TODAY = datetime.date.today()
LAST_WEEK = TODAY - datetime.timedelta(days=7)
# 15 working days ago or a little more: the first review falls within the next 10 working days.
THREE_WEEKS_AGO = TODAY - datetime.timedelta(days=21)
REVIEW = MeetingType.LOOKED_AFTER_REVIEW


@pytest.fixture
def sender(world: Any) -> SimpleNamespace:
    account = integration_account(world.org)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=account).key}")
    return SimpleNamespace(account=account, client=client)


def send(world: Any, sender: SimpleNamespace, **changes: Any) -> Any:
    body = {
        "event_id": "MOSAIC-LAC-1",
        "kind": "looked_after",
        "case_reference": world.family.case_reference,
        "occurred_on": LAST_WEEK.isoformat(),
        **changes,
    }
    return sender.client.post(URL, body, format="json")


def open_reviews(world: Any) -> list[Meeting]:
    return list(
        Meeting.objects.filter(
            family=world.family, meeting_type=REVIEW, status__in=Meeting.OPEN_STATUSES
        )
    )


def hold(meeting: Meeting, actor: Staff) -> Meeting:
    """The practitioner arranges the review for today and records it as held."""
    meeting.status = Meeting.Status.SCHEDULED
    meeting.scheduled_at = meeting_at(0)
    meeting.save()
    return services.meeting_record(
        actor=actor, meeting=meeting, held_on=TODAY, sections={}, participants={}
    )


def test_the_rules_are_seeded_as_editable_data() -> None:
    rules = {
        (r.trigger, r.amount, r.unit)
        for r in TimescaleRule.objects.filter(meeting_type=REVIEW, is_active=True)
    }
    assert rules == {
        ("looked_after", 20, "working_days"),
        ("first_looked_after_review", 3, "calendar_months"),
        ("looked_after_review", 6, "calendar_months"),
    }


def test_becoming_looked_after_puts_the_first_review_on_the_team_due_list(
    world: Any, sender: SimpleNamespace
) -> None:
    response = send(world, sender, occurred_on=THREE_WEEKS_AGO.isoformat())
    assert response.status_code == 201, response.json()
    due = add_working_days(THREE_WEEKS_AGO, 20)
    assert response.json()["outcome"] == f"Looked-after child review due by {due.day} {due:%B %Y}."
    [review] = open_reviews(world)
    assert (review.status, review.trigger, review.trigger_date, review.due_date) == (
        Meeting.Status.TO_ARRANGE,
        Trigger.LOOKED_AFTER,
        THREE_WEEKS_AGO,
        due,
    )
    assert response.json()["meetings"] == [str(review.uuid)]
    lists = selectors.meetings_due(world.manager, scope="team")
    assert review in lists.due_soon
    trail = AccessEvent.objects.get(subject_uuid=review.uuid)
    assert trail.actor_id == sender.account.pk and trail.channel == "api"
    assert trail.reason == "made the meeting due (case system event MOSAIC-LAC-1)"


def test_the_same_event_twice_changes_nothing_and_a_second_one_adds_no_review(
    world: Any, sender: SimpleNamespace
) -> None:
    send(world, sender)
    again = send(world, sender)
    assert again.status_code == 200 and again.json()["duplicate"] is True
    other = send(world, sender, event_id="MOSAIC-LAC-2", occurred_on=TODAY.isoformat())
    assert other.status_code == 201
    assert other.json()["outcome"] == "A looked-after review is already due; nothing changed."
    assert len(open_reviews(world)) == 1


def test_the_event_schedules_what_a_practitioner_scheduling_from_that_date_would(
    world: Any, practice: SimpleNamespace, sender: SimpleNamespace
) -> None:
    send(world, sender)
    [from_event] = open_reviews(world)
    by_hand = services.meeting_schedule(
        actor=world.allocated,
        family=practice.family,
        meeting_type=REVIEW,
        scheduled_at=meeting_at(5),
        venue="in_person",
        members=[practice.child],
        trigger=Trigger.LOOKED_AFTER,
        trigger_date=LAST_WEEK,
    )
    assert (by_hand.due_date, by_hand.timescale_rule) == (
        from_event.due_date,
        from_event.timescale_rule,
    )


def test_each_review_held_makes_the_next_due_3_months_then_6_months(
    world: Any, sender: SimpleNamespace
) -> None:
    send(world, sender)
    [first] = open_reviews(world)
    hold(first, world.allocated)
    [second] = open_reviews(world)
    assert (second.follows, second.trigger, second.due_date) == (
        first,
        Trigger.FIRST_LOOKED_AFTER_REVIEW,
        TODAY + relativedelta(months=3),
    )
    hold(second, world.allocated)
    [third] = open_reviews(world)
    assert (third.follows, third.trigger, third.due_date) == (
        second,
        Trigger.LOOKED_AFTER_REVIEW,
        TODAY + relativedelta(months=6),
    )
    hold(third, world.allocated)
    [fourth] = open_reviews(world)
    assert fourth.due_date == TODAY + relativedelta(months=6)


def test_a_first_review_scheduled_without_the_date_is_still_followed_at_3_months(
    world: Any, practice: SimpleNamespace
) -> None:
    first = services.meeting_schedule(
        actor=world.allocated,
        family=practice.family,
        meeting_type=REVIEW,
        scheduled_at=meeting_at(5),
        venue="in_person",
        members=[practice.child],
    )
    hold(first, world.allocated)
    [second] = open_reviews(world)
    assert second.due_date == TODAY + relativedelta(months=3)


def test_the_organisation_changes_the_rule_and_the_event_follows_it(
    world: Any, sender: SimpleNamespace
) -> None:
    TimescaleRule.objects.filter(trigger="looked_after", meeting_type=REVIEW).update(amount=15)
    send(world, sender)
    [review] = open_reviews(world)
    assert review.due_date == add_working_days(LAST_WEEK, 15)


def test_without_an_active_rule_the_event_is_refused_and_changes_nothing(
    world: Any, sender: SimpleNamespace
) -> None:
    TimescaleRule.objects.filter(trigger="looked_after", meeting_type=REVIEW).update(
        is_active=False
    )
    response = send(world, sender)
    assert response.status_code == 400
    assert "no active timescale rule" in response.content.decode()
    assert open_reviews(world) == [] and not CaseEvent.objects.exists()


def test_leaving_care_cancels_the_reviews_not_yet_held_with_the_reason(
    world: Any, sender: SimpleNamespace
) -> None:
    send(world, sender, occurred_on=THREE_WEEKS_AGO.isoformat())
    [review] = open_reviews(world)
    assert review in selectors.meetings_due(world.manager, scope="team").due_soon
    ended = send(world, sender, event_id="MOSAIC-LAC-9", kind="looked_after_ended")
    assert ended.status_code == 201, ended.json()
    assert ended.json()["outcome"] == "1 meeting not yet held cancelled."
    review.refresh_from_db()
    assert review.status == Meeting.Status.CANCELLED
    assert review.cancelled_reason == (
        f"The child stopped being looked after on {LAST_WEEK.day} {LAST_WEEK:%B %Y} "
        "(recorded in the case management system)"
    )
    lists = selectors.meetings_due(world.manager, scope="team")
    assert review not in lists.overdue + lists.due_soon
    again = send(world, sender, event_id="MOSAIC-LAC-10", kind="looked_after_ended")
    assert again.json()["outcome"] == "No looked-after review was due."


def test_leaving_care_leaves_the_child_protection_chain_alone(
    world: Any, sender: SimpleNamespace
) -> None:
    send(world, sender, event_id="MOSAIC-SD-1", kind="strategy_discussion")
    send(world, sender)
    send(world, sender, event_id="MOSAIC-LAC-9", kind="looked_after_ended")
    assert Meeting.objects.get(family=world.family, meeting_type="initial_conference").status == (
        Meeting.Status.TO_ARRANGE
    )


def test_a_csv_line_makes_the_first_review_due(world: Any, sender: SimpleNamespace) -> None:
    from restorative.practice import case_events

    text = (
        "event_id,kind,case_reference,occurred_on\n"
        f"MOSAIC-LAC-5,looked_after,{world.family.case_reference},{LAST_WEEK.isoformat()}\n"
    )
    result = case_events.case_events_import(actor=sender.account, data=text.encode())
    assert result.errors == [] and result.applied == 1
    [review] = open_reviews(world)
    assert review.due_date == add_working_days(LAST_WEEK, 20)


# --- Chaired by an independent reviewing officer -------------------------------------------


@pytest.fixture
def iro(world: Any) -> Staff:
    unit = TeamFactory(
        service=ServiceFactory(organisation=world.org, name="Safeguarding and Reviewing"),
        code="SRU",
    )
    return StaffFactory(
        role=Staff.Role.CONFERENCE_CHAIR, team=unit, organisation=world.org, email="iro@t.example"
    )


def schedule(world: Any, practice: SimpleNamespace, chair: Staff) -> Meeting:
    return services.meeting_schedule(
        actor=world.allocated,
        family=practice.family,
        meeting_type=REVIEW,
        scheduled_at=meeting_at(5),
        venue="in_person",
        members=[practice.child],
        chair=chair,
    )


def test_an_independent_reviewing_officer_chairs_the_review(
    world: Any, practice: SimpleNamespace, iro: Staff
) -> None:
    assert schedule(world, practice, iro).chair == iro
    chairs, _ = selectors.meeting_chairs_and_professionals(practice.family, meeting_type=REVIEW)
    assert iro in chairs and world.manager not in chairs


@pytest.mark.parametrize("who", ["manager", "allocated"])
def test_the_family_s_own_line_may_not_chair_the_review(
    world: Any, practice: SimpleNamespace, who: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        schedule(world, practice, getattr(world, who))
    assert "looked-after child review" in str(refused.value)
    assert not Meeting.objects.filter(family=practice.family, meeting_type=REVIEW).exists()
