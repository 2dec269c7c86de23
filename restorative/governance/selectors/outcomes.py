"""Outcome measures (§8) for one place, read from practice's records: engagement over the
last 12 months, conflict reduction around restorative circles and family group conferences,
and plans holding at 3, 6 and 12 months with Goal Attainment Scaling where recorded. Each
with its denominator; small numbers are flagged. A fixed number of queries per page."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Min, Q

from restorative.practice.gas import t_score
from restorative.practice.models import (
    GoalAttainment,
    Meeting,
    MeetingParticipant,
    MeetingType,
    Plan,
    PlanReview,
)
from restorative.practice.team_selectors import view_recorded_q

from .. import outcomes
from ..outcomes import SMALL_NUMBER

INTERVENTIONS = (MeetingType.RESTORATIVE_CIRCLE, MeetingType.FAMILY_GROUP_CONFERENCE)
# Meetings that conflict brings about (issue 13 item 3). Repeat incidents are not recorded
# in this product yet; they join here when they are.
CONFLICT_TYPES = (MeetingType.PLACEMENT_STABILITY,)
FAMILY_KINDS = (
    MeetingParticipant.Kind.CHILD,
    MeetingParticipant.Kind.FAMILY_MEMBER,
    MeetingParticipant.Kind.CARER,
)
ENGAGEMENT_MONTHS = 12


@dataclass(frozen=True)
class Engagement:
    invited: int
    attended: int
    views: int

    @property
    def attended_percent(self) -> int | None:
        return round(100 * self.attended / self.invited) if self.invited else None

    @property
    def views_percent(self) -> int | None:
        return round(100 * self.views / self.invited) if self.invited else None

    @property
    def small(self) -> bool:
        return self.invited < SMALL_NUMBER


@dataclass(frozen=True)
class Gas:
    plans: int
    met_or_better: int
    mean: float | None

    @property
    def percent(self) -> int | None:
        return round(100 * self.met_or_better / self.plans) if self.plans else None

    @property
    def small(self) -> bool:
        return self.plans < SMALL_NUMBER


@dataclass(frozen=True)
class Outcomes:
    since: datetime.date
    today: datetime.date
    engagement: Engagement
    conflict: outcomes.ConflictFigures
    holding: list[outcomes.Holding]
    gas: Gas


def _engagement(team_ids: list[int], since: datetime.date, today: datetime.date) -> Engagement:
    attended = Q(
        attendance__in=[MeetingParticipant.Attendance.ATTENDED, MeetingParticipant.Attendance.PART]
    )
    row = MeetingParticipant.objects.filter(
        meeting__family__team_id__in=team_ids,
        meeting__status=Meeting.Status.HELD,
        meeting__held_on__gte=since,
        meeting__held_on__lte=today,
        invited=True,
        kind__in=FAMILY_KINDS,
    ).aggregate(
        invited=Count("id"),
        attended=Count("id", filter=attended),
        views=Count("id", filter=view_recorded_q()),
    )
    return Engagement(row["invited"], row["attended"], row["views"])


def _conflict(team_ids: list[int], today: datetime.date) -> outcomes.ConflictFigures:
    first = dict(
        Meeting.objects.filter(
            family__team_id__in=team_ids,
            meeting_type__in=INTERVENTIONS,
            status=Meeting.Status.HELD,
            held_on__isnull=False,
        )
        .values("family_id")
        .annotate(first=Min("held_on"))
        .values_list("family_id", "first")
        .order_by()
    )
    # Only what the windows can reach: 6 months either side of the first interventions.
    conflicts: dict[int, list[datetime.date]] = defaultdict(list)
    if first:
        earliest = min(first.values()) - relativedelta(months=outcomes.WINDOW_MONTHS)
        for family_id, held_on in Meeting.objects.filter(
            family_id__in=list(first),
            meeting_type__in=CONFLICT_TYPES,
            status=Meeting.Status.HELD,
            held_on__gte=earliest,
        ).values_list("family_id", "held_on"):
            if held_on is not None:
                conflicts[family_id].append(held_on)
    return outcomes.conflict_reduction(first, conflicts, today=today)


def _plans(team_ids: list[int], today: datetime.date) -> tuple[list[outcomes.Holding], Gas]:
    plans = dict(
        Plan.objects.filter(family__team_id__in=team_ids, started_on__lte=today)
        .values_list("pk", "started_on")
        .order_by()
    )
    reviews: dict[int, list[tuple[datetime.date, str]]] = defaultdict(list)
    latest: dict[int, tuple[datetime.date, int]] = {}
    for review_id, plan_id, reviewed_on, holding in PlanReview.objects.filter(
        plan__family__team_id__in=team_ids
    ).values_list("pk", "plan_id", "reviewed_on", "holding"):
        reviews[plan_id].append((reviewed_on, holding))
        if plan_id not in latest or (reviewed_on, review_id) > latest[plan_id]:
            latest[plan_id] = (reviewed_on, review_id)
    levels: dict[int, list[int]] = defaultdict(list)
    for review_id, level in GoalAttainment.objects.filter(
        review_id__in=[review_id for _, review_id in latest.values()]
    ).values_list("review_id", "level"):
        levels[review_id].append(level)
    scores = [t_score(found) for found in levels.values() if found]
    known = [s for s in scores if s is not None]
    gas = Gas(
        plans=len(known),
        met_or_better=sum(1 for s in known if s >= 50),
        mean=round(sum(known) / len(known), 1) if known else None,
    )
    return outcomes.sustainability(plans, reviews, today=today), gas


def outcomes_for(place: Any, *, today: datetime.date) -> Outcomes:
    """The outcome measures for a place from `picture.*_place` (already checked)."""
    team_ids = list(place.team_ids)
    since = today - relativedelta(months=ENGAGEMENT_MONTHS)
    holding, gas = _plans(team_ids, today)
    return Outcomes(
        since=since,
        today=today,
        engagement=_engagement(team_ids, since, today),
        conflict=_conflict(team_ids, today),
        holding=holding,
        gas=gas,
    )
