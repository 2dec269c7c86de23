"""Fixtures for practice tests: meetings of the `world` family, one with an invited partner."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from restorative.people.models import FamilyMember, Staff
from restorative.people.tests.factories import (
    FamilyFactory,
    FamilyMemberFactory,
    PartnerAgencyFactory,
    StaffFactory,
)
from restorative.practice import services
from restorative.practice.models import MeetingType


def meeting_at(days: int = 7) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(
            datetime.date.today() + datetime.timedelta(days=days), datetime.time(10, 0)
        )
    )


@pytest.fixture
def practice(world: Any) -> SimpleNamespace:
    family = world.family
    child = family.members.get()
    mother = FamilyMemberFactory(
        family=family,
        kind=FamilyMember.Kind.ADULT,
        first_name="Grace",
        relationship=FamilyMember.Relationship.MOTHER,
        date_of_birth=datetime.date(1988, 1, 1),
    )
    other_partner = StaffFactory(
        role=Staff.Role.PARTNER,
        team=None,
        organisation=world.org,
        partner_agency=PartnerAgencyFactory(name="Hilltop Health"),
        email="otherpartner@test.example",
    )
    invited = services.meeting_schedule(
        actor=world.allocated,
        family=family,
        meeting_type=MeetingType.INITIAL_CONFERENCE,
        scheduled_at=meeting_at(),
        venue="in_person",
        members=[child, mother],
        staff=[world.partner],
        trigger="strategy_discussion",
        trigger_date=datetime.date.today() - datetime.timedelta(days=3),
    )
    not_invited = services.meeting_schedule(
        actor=world.allocated,
        family=family,
        meeting_type=MeetingType.CORE_GROUP,
        scheduled_at=meeting_at(14),
        venue="online",
        members=[mother],
        staff=[other_partner],
    )
    other_family = FamilyFactory(team=world.team_b1, name="Jones")
    elsewhere = services.meeting_schedule(
        actor=StaffFactory(
            role=Staff.Role.PRACTITIONER, team=world.team_b1, organisation=world.org
        ),
        family=other_family,
        meeting_type=MeetingType.RESTORATIVE_CIRCLE,
        scheduled_at=meeting_at(),
        venue="in_person",
        staff=[other_partner],
    )
    return SimpleNamespace(
        family=family,
        child=child,
        mother=mother,
        other_partner=other_partner,
        invited=invited,
        not_invited=not_invited,
        other_family=other_family,
        elsewhere=elsewhere,
    )


@pytest.fixture
def conference_chair(world: Any) -> Staff:
    """A conference chair in a safeguarding and reviewing unit outside the family's service."""
    from restorative.people.tests.factories import ServiceFactory, TeamFactory

    unit = TeamFactory(
        service=ServiceFactory(organisation=world.org, name="Safeguarding and Reviewing"),
        name="Safeguarding and Reviewing Unit",
        code="SRU",
    )
    return StaffFactory(
        role=Staff.Role.CONFERENCE_CHAIR,
        team=unit,
        organisation=world.org,
        first_name="Ruth",
        last_name="Adeyemi",
        email="conferencechair@test.example",
    )


@pytest.fixture
def fgc_coordinator(world: Any) -> Staff:
    """An in-house family group conference coordinator, not allocated to the family."""
    return StaffFactory(
        role=Staff.Role.FGC_COORDINATOR,
        team=world.team_a2,
        organisation=world.org,
        first_name="Helen",
        last_name="Marsh",
        email="fgccoordinator@test.example",
    )
