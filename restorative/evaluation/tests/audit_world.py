"""A small organisation for the case-file audit tests: two services, three teams, a person
in each role, a supervision agreement, and families allocated in every team."""

from __future__ import annotations

import datetime
import uuid
from types import SimpleNamespace
from typing import Any

from restorative.evaluation.audits import services
from restorative.people.models import Family, Staff
from restorative.people.tests.factories import (
    FamilyFactory,
    OrganisationFactory,
    ServiceFactory,
    StaffFactory,
    TeamFactory,
)
from restorative.workforce.models import SupervisionAgreement

Role = Staff.Role
TODAY = datetime.date(2026, 11, 30)
PERIOD = (datetime.date(2026, 6, 1), datetime.date(2026, 11, 30))


def build_world() -> SimpleNamespace:
    org = OrganisationFactory()
    s1 = ServiceFactory(organisation=org, name="Safeguarding")
    s2 = ServiceFactory(organisation=org, name="Children in Care")
    a = TeamFactory(service=s1, name="North Safeguarding", code="NSA")
    b = TeamFactory(service=s1, name="South Safeguarding", code="SSA")
    c = TeamFactory(service=s2, name="Children in Care East", code="CCE")

    def person(role: str, team: Any = None, **extra: Any) -> Staff:
        staff: Staff = StaffFactory(role=role, team=team, organisation=org, **extra)
        return staff

    w = SimpleNamespace(org=org, s1=s1, s2=s2, a=a, b=b, c=c)
    w.quality = person(Role.QUALITY, None, first_name="Quinn", last_name="Adeyemi")
    w.director = person(Role.DIRECTOR, None)
    w.workforce = person(Role.WORKFORCE, None)
    w.admin = person(Role.SYSTEM_ADMIN, None)
    w.pa = person(Role.PRACTITIONER, a, first_name="Priya", last_name="Shah")
    w.pa2 = person(Role.PRACTITIONER, a)
    w.pb = person(Role.PRACTITIONER, b, first_name="Ben", last_name="Okoro")
    w.pc = person(Role.PRACTITIONER, c, first_name="Cara", last_name="Lewis")
    w.ma = person(Role.TEAM_MANAGER, a, first_name="Marcus", last_name="Reid")
    w.mb = person(Role.TEAM_MANAGER, b, first_name="Maya", last_name="Brown")
    w.mc = person(Role.TEAM_MANAGER, c, first_name="Mo", last_name="Clarke")
    w.h1 = person(Role.HEAD_OF_SERVICE, None, service=s1, first_name="Hana", last_name="Ito")
    w.h2 = person(Role.HEAD_OF_SERVICE, None, service=s2, first_name="Hugh", last_name="Park")
    w.partner = None
    # Cara (team C) supervises Ben (team B): she may not audit Ben's work.
    SupervisionAgreement.objects.create(
        supervisor=w.pc, supervisee=w.pb, started_on=datetime.date(2026, 1, 1)
    )
    w.fa = [FamilyFactory(team=a, allocated_worker=w.pa) for _ in range(4)]
    w.fb = [FamilyFactory(team=b, allocated_worker=w.pb) for _ in range(3)]
    w.fc = [FamilyFactory(team=c, allocated_worker=w.pc) for _ in range(3)]
    return w


def draw(w: SimpleNamespace, **overrides: Any) -> Any:
    """A random programme over the whole organisation, 3 families, seed 42."""
    options: dict[str, Any] = {
        "actor": w.quality,
        "theme": "The child's voice in child protection plans",
        "period_start": PERIOD[0],
        "period_end": PERIOD[1],
        "method": "random",
        "size": 3,
        "auditors": [w.mb, w.mc, w.ma],
        "moderators": [w.quality],
        "submission_token": uuid.uuid4(),
        "today": TODAY,
        "seed": 42,
    }
    options.update(overrides)
    programme, _ = services.programme_create(**options)
    return programme


def all_families() -> list[Family]:
    return list(Family.objects.order_by("pk"))
