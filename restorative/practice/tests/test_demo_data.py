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
