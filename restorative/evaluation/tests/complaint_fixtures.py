"""Shared set-up for the complaint and learning tests (imported by each test module, so
other areas' tests in this app keep their own conftest)."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest

from restorative.evaluation.complaints import services
from restorative.evaluation.models import Complaint
from restorative.people.models import Staff
from restorative.people.tests.factories import (
    FamilyFactory,
    OrganisationFactory,
    ServiceFactory,
    StaffFactory,
    TeamFactory,
)

Role = Staff.Role


@pytest.fixture(name="cworld")
def cworld_fixture(db: Any) -> SimpleNamespace:
    org = OrganisationFactory()
    service = ServiceFactory(organisation=org, name="Safeguarding")
    other_service = ServiceFactory(organisation=org, name="Children in Care")
    team = TeamFactory(service=service, name="North Safeguarding", code="NS1")
    other_team = TeamFactory(service=other_service, name="Care East", code="CE1")

    def staff(role: str, team: Any = None, **extra: Any) -> Staff:
        if role in {Role.HEAD_OF_SERVICE}:
            return StaffFactory(role=role, team=None, organisation=org, **extra)
        if team is None:
            return StaffFactory(role=role, team=None, organisation=org, **extra)
        return StaffFactory(role=role, team=team, **extra)

    return SimpleNamespace(
        org=org,
        service=service,
        other_service=other_service,
        team=team,
        other_team=other_team,
        family=FamilyFactory(team=team, case_reference="NMB-000123"),
        complaints_manager=staff(Role.COMPLAINTS_MANAGER),
        quality=staff(Role.QUALITY),
        director=staff(Role.DIRECTOR),
        workforce=staff(Role.WORKFORCE),
        head=staff(Role.HEAD_OF_SERVICE, service=service),
        manager=staff(Role.TEAM_MANAGER, team),
        manager_two=staff(Role.TEAM_MANAGER, team),
        practitioner=staff(Role.PRACTITIONER, team),
        other_manager=staff(Role.TEAM_MANAGER, other_team),
    )


def make_complaint(
    world: SimpleNamespace,
    *,
    received_on: datetime.date = datetime.date(2025, 12, 19),
    staff: list[Staff] | None = None,
    kind: str = Complaint.Complainant.PARENT,
    procedure: str = Complaint.Procedure.STATUTORY,
    elements: list[tuple[str, str]] | None = None,
    family: Any = None,
    team: Any = "default",
    service: Any = None,
) -> Complaint:
    return services.complaint_create(
        actor=world.complaints_manager,
        procedure=procedure,
        received_on=received_on,
        complainant_kind=kind,
        complainant_name="Joan Complainant",
        complainant_contact="12 Any Street",
        advocate_offer=(
            Complaint.AdvocateOffer.ACCEPTED if kind == Complaint.Complainant.CHILD else ""
        ),
        team=world.team if team == "default" else team,
        service=service,
        staff=staff or [],
        family=family,
        summary="The plan was changed without asking us.",
        elements=elements or [("communication", "We were not told of the change")],
    )
