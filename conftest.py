"""Shared fixtures: an organisation with two services, three teams and a person per relationship.

`world` gives the permission tests every relationship in the matrix: the allocated
practitioner, a colleague in the same team, someone in another team of the same service,
someone in another service, organisation-wide roles, and a partner.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from restorative.people.models import Staff
from restorative.people.tests.factories import (
    FamilyFactory,
    FamilyMemberFactory,
    OrganisationFactory,
    PartnerAgencyFactory,
    ServiceFactory,
    StaffFactory,
    TeamFactory,
)

Role = Staff.Role


@pytest.fixture
def world(db):  # type: ignore[no-untyped-def]
    org = OrganisationFactory()
    service_a = ServiceFactory(organisation=org, name="Safeguarding")
    service_b = ServiceFactory(organisation=org, name="Children in Care")
    team_a1 = TeamFactory(service=service_a, name="North Safeguarding", code="NS1")
    team_a2 = TeamFactory(service=service_a, name="South Safeguarding", code="SS1")
    team_b1 = TeamFactory(service=service_b, name="Children in Care East", code="CE1")

    def staff(role: str, team=None, **extra):  # type: ignore[no-untyped-def]
        return StaffFactory(role=role, team=team, organisation=org, **extra)

    allocated = staff(Role.PRACTITIONER, team_a1, email="allocated@test.example")
    family = FamilyFactory(team=team_a1, allocated_worker=allocated, name="Okafor")
    FamilyMemberFactory(family=family, first_name="Amara", last_name="Okafor")
    agency = PartnerAgencyFactory(name="County Police", kind="police")
    people = SimpleNamespace(
        org=org,
        service_a=service_a,
        service_b=service_b,
        team_a1=team_a1,
        team_a2=team_a2,
        team_b1=team_b1,
        family=family,
        allocated=allocated,
        same_team=staff(Role.PRACTITIONER, team_a1, email="colleague@test.example"),
        asye_same_team=staff(Role.ASYE, team_a1, email="asye@test.example"),
        manager=staff(Role.TEAM_MANAGER, team_a1, email="manager@test.example"),
        support_same_team=staff(Role.BUSINESS_SUPPORT, team_a1, email="support@test.example"),
        other_team=staff(Role.PRACTITIONER, team_a2, email="otherteam@test.example"),
        other_team_manager=staff(Role.TEAM_MANAGER, team_a2, email="othermanager@test.example"),
        other_service=staff(Role.PRACTITIONER, team_b1, email="otherservice@test.example"),
        head=staff(Role.HEAD_OF_SERVICE, None, service=service_a, email="head@test.example"),
        other_head=staff(
            Role.HEAD_OF_SERVICE, None, service=service_b, email="otherhead@test.example"
        ),
        director=staff(Role.DIRECTOR, None, email="director@test.example"),
        quality=staff(Role.QUALITY, None, email="qa@test.example"),
        workforce=staff(Role.WORKFORCE, None, email="workforce@test.example"),
        admin=staff(Role.SYSTEM_ADMIN, None, email="admin@test.example"),
        partner=staff(Role.PARTNER, None, partner_agency=agency, email="partner@test.example"),
    )
    return people
