"""The demo data seeds quickly, deterministically, and only once per family."""

from __future__ import annotations

from typing import Any

from restorative.people.models import Staff
from restorative.people.tests.factories import FamilyFactory, FamilyMemberFactory, StaffFactory
from restorative.practice import demo_data
from restorative.practice.models import Meeting, MeetingParticipant, MeetingType


def test_seed_small(db: Any) -> None:
    practitioner = StaffFactory(email=demo_data.DEMO_PRACTITIONER)
    StaffFactory(role=Staff.Role.TEAM_MANAGER, team=practitioner.team)
    for _ in range(6):
        family = FamilyFactory(team=practitioner.team, allocated_worker=practitioner)
        FamilyMemberFactory(family=family)
    counts = demo_data.seed(scale="small")
    # One story per family: a meeting held and the next to come; the first family's initial
    # conference is followed by a core group and a review conference.
    assert counts["practice meetings"] == 13
    assert set(Meeting.objects.values_list("meeting_type", flat=True)) == set(MeetingType.values)
    # Every supporter of a person harmed supports one person harmed at the same meeting.
    supporters = MeetingParticipant.objects.filter(kind=MeetingParticipant.Kind.HARMED_SUPPORTER)
    assert supporters.exists()
    for supporter in supporters:
        assert supporter.supports is not None
        assert supporter.supports.kind == MeetingParticipant.Kind.PERSON_HARMED
        assert supporter.supports.meeting_id == supporter.meeting_id
    assert demo_data.seed(scale="small")["practice meetings"] == 0


def test_seed_small_adds_plans_and_reset_removes_them(db: Any) -> None:
    from restorative.practice.models import Action, Plan, PlanReview

    practitioner = StaffFactory(email=demo_data.DEMO_PRACTITIONER)
    for _ in range(3):
        family = FamilyFactory(team=practitioner.team, allocated_worker=practitioner)
        FamilyMemberFactory(family=family)
        FamilyMemberFactory(family=family, kind="adult", relationship="mother", date_of_birth=None)
    counts = demo_data.seed(scale="small")
    assert counts["practice plans"] == 2
    assert Plan.objects.count() == 2 and Plan.objects.filter(meeting__isnull=False).count() == 2
    assert Action.objects.count() == 6 and PlanReview.objects.count() == 2
    assert {a.owner_kind for a in Action.objects.all()} == {"family", "staff", "professional"}
    assert demo_data.seed(scale="small")["practice plans"] == 0
    demo_data.reset()
    assert Plan.objects.count() == 0 and Meeting.objects.count() == 0


def test_seed_bulk_exact_totals_realistic_and_once(db: Any) -> None:
    """The generated history: exact meeting and action totals, every kind of row, dates that
    make some meetings overdue and some due soon, and nothing added a second time."""
    import datetime

    from restorative.people.models import Family
    from restorative.practice.models import (
        Action,
        ConversationAnswer,
        Decision,
        Goal,
        MeetingParticipant,
        Plan,
        PlanReview,
        RestorativeConversation,
    )

    today = datetime.date(2026, 12, 1)
    manager = StaffFactory(role=Staff.Role.TEAM_MANAGER)
    worker = StaffFactory(team=manager.team)
    for number in range(40):
        family = FamilyFactory(
            team=manager.team,
            allocated_worker=worker if number % 5 else None,
            opened_on=today - datetime.timedelta(days=700),
            status=Family.Status.CLOSED if number % 7 == 0 else Family.Status.OPEN,
            closed_on=today - datetime.timedelta(days=20) if number % 7 == 0 else None,
        )
        FamilyMemberFactory(family=family, kind="adult")
        FamilyMemberFactory(family=family, kind="child")

    def constraints() -> dict[str, Any]:
        """Every index and constraint of the tables the load writes (PostgreSQL drops them
        for the load and must put back exactly the same)."""
        from django.db import connection

        with connection.cursor() as cursor:
            return {
                table: connection.introspection.get_constraints(cursor, table)
                for table in ("practice_meeting", "practice_meetingparticipant", "practice_action")
            }

    before = constraints()
    bulk = demo_data.BulkScale(meetings=400, actions=600, conversations=50)
    counts = demo_data.seed_bulk(bulk, today=today)
    assert constraints() == before
    assert counts["practice meetings"] == Meeting.objects.count() == 400
    assert counts["practice plan actions"] == Action.objects.count() == 600
    assert RestorativeConversation.objects.count() == 50
    assert ConversationAnswer.objects.count() > 0 and Goal.objects.count() > 0
    assert MeetingParticipant.objects.count() >= 2 * 400
    assert Decision.objects.count() > 0 and PlanReview.objects.count() > 0
    assert Plan.objects.filter(status=Plan.Status.ENDED).exists()
    open_meetings = Meeting.objects.filter(status__in=["to_arrange", "scheduled"])
    assert open_meetings.filter(due_date__lt=today).exists()  # overdue
    assert open_meetings.filter(due_date__gte=today).exists()  # due soon or later
    assert not open_meetings.filter(family__status=Family.Status.CLOSED).exists()
    # A closed family has nothing left to do, and an ended plan's actions were due while it ran.
    unfinished = Action.objects.filter(status__in=["not_started", "in_progress"])
    assert not unfinished.filter(plan__family__status=Family.Status.CLOSED).exists()
    assert not unfinished.filter(plan__status=Plan.Status.ENDED).exists()
    # Everyone's answers are written in their own voice (a child's words for the child).
    for answer in ConversationAnswer.objects.select_related("participant__member"):
        member = answer.participant.member
        assert member is not None
        voice = demo_data.ANSWERS[demo_data.voice_of(member.relationship)]
        assert answer.answer in {text for texts in voice for text in texts}
    assert not Meeting.objects.filter(held_on__gt=today).exists()
    assert MeetingParticipant.objects.filter(kind="child").exclude(view="").exists()
    # Conferences and circles are led by staff (who may lead), never a typed-in name.
    from restorative.practice.selectors import MEETINGS_NEEDING_A_LEAD

    led = Meeting.objects.filter(meeting_type__in=list(MEETINGS_NEEDING_A_LEAD))
    assert led.exists() and not led.filter(chair__isnull=True).exists()
    from django.utils import timezone

    days = Meeting.objects.exclude(scheduled_at=None).values_list("scheduled_at", flat=True)
    assert days and all(timezone.localdate(day).weekday() < 5 for day in days)  # Mon-Fri
    cancelled = Meeting.objects.filter(status=Meeting.Status.CANCELLED)
    assert cancelled.exists() and not cancelled.filter(cancelled_reason="").exists()
    assert demo_data.seed_bulk(bulk, today=today) == {}
