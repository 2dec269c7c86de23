"""The demo data seeds quickly, deterministically, and only once per family."""

from __future__ import annotations

from typing import Any

from restorative.people.models import Staff
from restorative.people.tests.factories import FamilyFactory, FamilyMemberFactory, StaffFactory
from restorative.practice import demo_data
from restorative.practice.models import Meeting, MeetingType


def test_seed_small(db: Any) -> None:
    practitioner = StaffFactory(email=demo_data.DEMO_PRACTITIONER)
    StaffFactory(role=Staff.Role.TEAM_MANAGER, team=practitioner.team)
    for _ in range(5):
        family = FamilyFactory(team=practitioner.team, allocated_worker=practitioner)
        FamilyMemberFactory(family=family)
    counts = demo_data.seed(scale="small")
    assert counts["practice meetings"] == 15
    assert set(Meeting.objects.values_list("meeting_type", flat=True)) == set(MeetingType.values)
    assert demo_data.seed(scale="small")["practice meetings"] == 0


def test_seed_small_adds_plans_and_reset_removes_them(db: Any) -> None:
    from restorative.practice.models import Action, Plan, PlanReview

    practitioner = StaffFactory(email=demo_data.DEMO_PRACTITIONER)
    for _ in range(3):
        family = FamilyFactory(team=practitioner.team, allocated_worker=practitioner)
        FamilyMemberFactory(family=family)
    counts = demo_data.seed(scale="small")
    assert counts["practice plans"] == 2
    assert Plan.objects.count() == 2 and Plan.objects.filter(meeting__isnull=False).count() == 2
    assert Action.objects.count() == 6 and PlanReview.objects.count() == 2
    assert {a.owner_kind for a in Action.objects.all()} == {"family", "staff", "professional"}
    assert demo_data.seed(scale="small")["practice plans"] == 0
    demo_data.reset()
    assert Plan.objects.count() == 0 and Meeting.objects.count() == 0
