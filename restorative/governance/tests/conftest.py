"""Governance fixtures: a month of records in the `world` organisation, counted by hand.

March 2026, team North Safeguarding (A1) unless said otherwise:
- team circles: 2 in A1 and 1 in Children in Care East (B1) in March; 1 in A1 in April;
- restorative conversations: 1 in March, 1 in February;
- statutory meetings due in March: held on time, held late, not held (overdue), cancelled;
  one due in April. On time: 1 of 3;
- meetings held in March: the first with the child heard, the mother's view not given, a
  professional not heard and an uninvited uncle heard; the second with the child invited
  and not heard. Views recorded: 1 of 4; child's words: 1 of 2 meetings;
- decisions at the first: agreed, agreed with reservations. Agreed: 1 of 2;
- supervision: the allocated worker supervised on 10 March (monthly, not overdue on 31
  March); the colleague never supervised since 1 January (overdue). Held to standard: 1 of 2;
- supervision audits graded in March: good, inadequate. Good or better: 1 of 2;
- mandatory training (one course required of practitioners): the allocated worker holds it,
  the colleague does not (1 of 2); in A2 and B1 their one practitioner does not (0 of 1);
- advanced training: the allocated worker holds it; A1's practising staff are the allocated
  worker, the colleague, the ASYE and the manager (1 of 4).
"""

from __future__ import annotations

import datetime
import uuid
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from restorative.people.models import FamilyMember
from restorative.people.tests.factories import FamilyMemberFactory
from restorative.practice.models import (
    Decision,
    Meeting,
    MeetingParticipant,
    MeetingType,
    RestorativeConversation,
)
from restorative.workforce.models import (
    Completion,
    Course,
    CourseRequirement,
    SupervisionAgreement,
    SupervisionAudit,
    SupervisionAuditSample,
    SupervisionSession,
    TeamCircle,
)

MARCH = datetime.date(2026, 3, 1)
MARCH_END = datetime.date(2026, 3, 31)


def day(d: int, month: int = 3) -> datetime.date:
    return datetime.date(2026, month, d)


def at(date: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(10, 0)))


def _circle(team: Any, who: Any, held_on: datetime.date) -> None:
    TeamCircle.objects.create(
        team=team,
        purpose=TeamCircle.Purpose.COHESION,
        held_on=held_on,
        facilitator=who,
        participant_count=5,
        themes="Workload",
        recorded_by=who,
        submission_token=uuid.uuid4(),
    )


def _meeting(w: Any, **values: Any) -> Meeting:
    values.setdefault("meeting_type", MeetingType.CORE_GROUP)
    return Meeting.objects.create(family=w.family, created_by=w.allocated, **values)


@pytest.fixture
def march(world: Any) -> SimpleNamespace:
    w = world
    _circle(w.team_a1, w.manager, day(5))
    _circle(w.team_a1, w.manager, day(31))
    _circle(w.team_b1, w.other_service, day(12))
    _circle(w.team_a1, w.manager, day(1, 4))
    for held in (day(15), day(15, 2)):
        RestorativeConversation.objects.create(
            family=w.family,
            held_on=held,
            setting=RestorativeConversation.Setting.HOME_VISIT,
            practitioner=w.allocated,
            created_by=w.allocated,
        )
    # Statutory meetings due in March (and one in April).
    _meeting(w, status="held", due_date=day(10), held_on=day(9), scheduled_at=at(day(9)))
    _meeting(w, status="held", due_date=day(12), held_on=day(16), scheduled_at=at(day(16)))
    _meeting(w, status="to_arrange", due_date=day(20))
    _meeting(w, status="cancelled", due_date=day(22), cancelled_reason="Case closed")
    _meeting(w, status="to_arrange", due_date=day(2, 4))
    # Meetings held in March, without due dates: voices and decisions.
    child = w.family.members.get()
    mother = FamilyMemberFactory(
        family=w.family, kind=FamilyMember.Kind.ADULT, first_name="Grace", last_name="Okafor"
    )
    first = _meeting(
        w,
        meeting_type=MeetingType.FAMILY_GROUP_CONFERENCE,
        status="held",
        held_on=day(18),
        scheduled_at=at(day(18)),
    )
    heard = {"view_given_by": "in_person", "view": "I want to stay with my nan."}
    MeetingParticipant.objects.create(meeting=first, member=child, kind="child", **heard)
    MeetingParticipant.objects.create(
        meeting=first,
        member=mother,
        kind="family_member",
        view_given_by="not_given",
        view_not_given_reason="Not today",
    )
    MeetingParticipant.objects.create(
        meeting=first, name="Jo Brennan", kind="professional", role="Health visitor"
    )
    MeetingParticipant.objects.create(
        meeting=first, name="Uncle Ray", kind="other", invited=False, **heard
    )
    second = _meeting(w, status="held", held_on=day(25), scheduled_at=at(day(25)))
    MeetingParticipant.objects.create(meeting=second, member=child, kind="child")
    for position in (Decision.FamilyPosition.AGREED, Decision.FamilyPosition.RESERVATIONS):
        Decision.objects.create(
            meeting=first,
            decision="Nan to collect from school",
            family_position=position,
            family_view="Only on school days",
            created_by=w.allocated,
        )
    # Supervision.
    supervised = SupervisionAgreement.objects.create(
        supervisor=w.manager,
        supervisee=w.allocated,
        agreed_frequency="monthly",
        started_on=day(1, 1),
    )
    SupervisionAgreement.objects.create(
        supervisor=w.manager,
        supervisee=w.same_team,
        agreed_frequency="monthly",
        started_on=day(1, 1),
    )
    session = SupervisionSession.objects.create(
        agreement=supervised,
        held_on=day(10),
        duration_minutes=90,
        recorded_by=w.manager,
        submission_token=uuid.uuid4(),
    )
    sample = SupervisionAuditSample.objects.create(
        team=w.team_a1,
        period_start=day(1, 1),
        period_end=day(28, 2),
        requested_size=2,
        seed=1,
        created_by=w.quality,
        submission_token=uuid.uuid4(),
    )
    earlier = SupervisionSession.objects.create(
        agreement=supervised,
        held_on=day(5, 2),
        duration_minutes=90,
        recorded_by=w.manager,
        submission_token=uuid.uuid4(),
    )
    for audited, grade in (
        (session, SupervisionAudit.Grade.GOOD),
        (earlier, SupervisionAudit.Grade.INADEQUATE),
    ):
        SupervisionAudit.objects.create(
            sample=sample, session=audited, grade=grade, rated_by=w.quality, rated_at=at(day(20))
        )
    # Training.
    foundation = Course.objects.create(
        title="Restorative foundations",
        kind="foundation",
        level="introductory",
        length_hours=6,
        delivery="in_person",
        validity_months=36,
    )
    CourseRequirement.objects.create(course=foundation, group="practitioner")
    Completion.objects.create(
        person=w.allocated,
        course=foundation,
        completed_on=day(1, 2),
        valid_until=day(1, 2).replace(year=2029),
        source="imported",
    )
    advanced = Course.objects.create(
        title="Advanced restorative practice",
        kind="advanced",
        level="advanced",
        length_hours=12,
        delivery="in_person",
        validity_months=36,
    )
    Completion.objects.create(
        person=w.allocated,
        course=advanced,
        completed_on=day(1, 2),
        valid_until=day(1, 2).replace(year=2029),
        source="imported",
    )
    return w
