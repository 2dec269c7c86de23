"""Which families a programme may draw from: open families, left out when audited in the
last 12 months, narrowed by a targeting rule (reads only; the draw itself is `sampling`).

The rules read what the practice app records:
- on a child protection plan for more than 15 months: the latest conference outcome "plan
  made" more than 15 months before the date, with no "plan ended" after it;
- a second plan within 2 years: a plan made within 2 years of the previous plan ending, the
  new plan made in the 2 years before the date;
- meetings held late: a meeting held in the period after its due date;
- plans not holding at 6 months: the latest review between 6 and 12 months after the plan
  started says it is not holding (as `practice.selectors.plan_sustainability` reads it).
Plans are known from conferences recorded here (and those the case management system's
events create); a plan recorded only in the case management system is not seen.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from django.db.models import F, Q

from restorative.people.models import Family, Service
from restorative.practice.models import ConferenceOutcome, Meeting, PlanReview

from ..models import AuditProgramme, CaseAudit

Rule = AuditProgramme.Rule

RECENTLY_AUDITED_MONTHS = 12
LONG_PLAN_MONTHS = 15
REPEAT_PLAN_YEARS = 2
HOLDING_FROM_MONTHS, HOLDING_TO_MONTHS = 6, 12


def recently_audited_since(today: datetime.date) -> datetime.date:
    """Families drawn for an audit after this date are left out of a new sample."""
    return today - relativedelta(months=RECENTLY_AUDITED_MONTHS)


def eligible_families_q(*, today: datetime.date, service: Service | None) -> Q:
    """Open families, in the service if one is given, not audited in the last 12 months."""
    recent = CaseAudit.objects.filter(drawn_on__gt=recently_audited_since(today)).values(
        "family_id"
    )
    q = Q(status=Family.Status.OPEN) & ~Q(pk__in=recent)
    if service is not None:
        q &= Q(team__service=service)
    return q


def _conference_outcomes(on: datetime.date) -> dict[int, list[tuple[datetime.date, str]]]:
    rows = (
        Meeting.objects.filter(
            status=Meeting.Status.HELD,
            held_on__lte=on,
            conference_outcome__in=[ConferenceOutcome.PLAN_MADE, ConferenceOutcome.PLAN_ENDED],
        )
        .order_by("family_id", "held_on", "id")
        .values_list("family_id", "held_on", "conference_outcome")
    )
    by_family: dict[int, list[tuple[datetime.date, str]]] = defaultdict(list)
    for family_id, held_on, outcome in rows:
        if held_on is not None:
            by_family[family_id].append((held_on, outcome))
    return by_family


def long_plan_families(on: datetime.date) -> set[int]:
    """Families on a child protection plan for more than 15 months on `on`."""
    limit = on - relativedelta(months=LONG_PLAN_MONTHS)
    found = set()
    for family_id, events in _conference_outcomes(on).items():
        started: datetime.date | None = None
        for held_on, outcome in events:
            plan_made = outcome == ConferenceOutcome.PLAN_MADE
            started = (started or held_on) if plan_made else None
        if started is not None and started < limit:
            found.add(family_id)
    return found


def second_plan_families(on: datetime.date) -> set[int]:
    """Families whose plan made in the 2 years before `on` came within 2 years of the
    previous plan ending."""
    since = on - relativedelta(years=REPEAT_PLAN_YEARS)
    found = set()
    for family_id, events in _conference_outcomes(on).items():
        last_ended: datetime.date | None = None
        for held_on, outcome in events:
            if outcome == ConferenceOutcome.PLAN_ENDED:
                last_ended = held_on
            elif (
                last_ended is not None
                and held_on >= since
                and held_on <= last_ended + relativedelta(years=REPEAT_PLAN_YEARS)
            ):
                found.add(family_id)
    return found


def late_meeting_families(start: datetime.date, end: datetime.date) -> set[int]:
    """Families with a meeting held in the period after its due date."""
    return set(
        Meeting.objects.filter(
            status=Meeting.Status.HELD,
            held_on__gte=start,
            held_on__lte=end,
            due_date__isnull=False,
            held_on__gt=F("due_date"),
        )
        .values_list("family_id", flat=True)
        .distinct()
    )


def not_holding_families(on: datetime.date) -> set[int]:
    """Families with a plan whose latest review 6 to 12 months after it began says "no"."""
    rows = (
        PlanReview.objects.filter(
            reviewed_on__lte=on,
            plan__in=PlanReview.objects.filter(holding=PlanReview.Holding.NO).values("plan_id"),
        )
        .order_by("plan_id", "reviewed_on", "id")
        .values_list("plan_id", "plan__family_id", "plan__started_on", "reviewed_on", "holding")
    )
    latest: dict[int, tuple[int, str]] = {}
    for plan_id, family_id, started_on, reviewed_on, holding in rows:
        window_start = started_on + relativedelta(months=HOLDING_FROM_MONTHS)
        window_end = started_on + relativedelta(months=HOLDING_TO_MONTHS)
        if window_start <= reviewed_on < window_end:
            latest[plan_id] = (family_id, holding)
    return {family_id for family_id, holding in latest.values() if holding == "no"}


def population(
    *,
    method: str,
    rule: str,
    service: Service | None,
    period_start: datetime.date,
    period_end: datetime.date,
    today: datetime.date,
) -> list[int]:
    """The sorted ids of the families a programme may draw from."""
    ids = set(
        Family.objects.filter(eligible_families_q(today=today, service=service)).values_list(
            "pk", flat=True
        )
    )
    if method == AuditProgramme.Method.TARGETED:
        on = min(period_end, today)
        targeted = {
            Rule.LONG_PLAN: lambda: long_plan_families(on),
            Rule.SECOND_PLAN: lambda: second_plan_families(on),
            Rule.LATE_MEETINGS: lambda: late_meeting_families(period_start, period_end),
            Rule.NOT_HOLDING: lambda: not_holding_families(on),
        }[Rule(rule)]()
        ids &= targeted
    return sorted(ids)
