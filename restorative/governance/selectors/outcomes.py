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
from django.db.models import Count, Min, Q, Sum
from django.utils import timezone

from restorative.evaluation.models import SurveyResultQuestion
from restorative.evaluation.models.surveys import RespondentKind, Theme
from restorative.practice.gas import t_score
from restorative.practice.models import (
    CIRCLES,
    CaseEvent,
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
from ..periods import month_end, month_start

INTERVENTIONS = (MeetingType.RESTORATIVE_CIRCLE, MeetingType.FAMILY_GROUP_CONFERENCE)
# What conflict brings about (issue 13 item 3): placement stability meetings and circles
# about conflict held, and incidents recorded (case events of kind "incident"); each one in a
# window counts once, so a family's repeat incidents all count.
CONFLICT_MEETINGS = Q(meeting_type=MeetingType.PLACEMENT_STABILITY) | Q(
    meeting_type__in=CIRCLES, about_conflict=True
)
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
    # Children's, parents' and carers' answers on being listened to in feedback surveys
    # (evaluation), as scores out of 100: how many, and their sum.
    listened_answers: int = 0
    listened_score_sum: float = 0.0

    @property
    def listened_score(self) -> float | None:
        if not self.listened_answers:
            return None
        return round(self.listened_score_sum / self.listened_answers, 1)

    @property
    def listened_small(self) -> bool:
        return self.listened_answers < SMALL_NUMBER

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
    counted_at: datetime.datetime | None = None  # when stored by the snapshot task


# Every outcome is a sum of per-team counts (so a service's is the sum of its teams'), stored
# by the snapshot task as measure "outcome:<name>" with the count as numerator.
Counts = dict[str, float]
COUNT_NAMES = (
    "invited",
    "attended",
    "views",
    "listened_answers",
    "listened_score_sum",
    "families",
    "before",
    "after",
    "waiting",
    *[
        f"{part}_{months}"
        for months in outcomes.HOLDING_MARKS
        for part in ("plans", "holding", "reviewed")
    ],
    "gas_plans",
    "gas_met",
    "gas_t_sum",
)
PREFIX = "outcome:"


def _engagement(
    team_ids: list[int], since: datetime.date, today: datetime.date
) -> dict[int, Counts]:
    attended = Q(
        attendance__in=[MeetingParticipant.Attendance.ATTENDED, MeetingParticipant.Attendance.PART]
    )
    rows = (
        MeetingParticipant.objects.filter(
            meeting__family__team_id__in=team_ids,
            meeting__status=Meeting.Status.HELD,
            meeting__held_on__gte=since,
            meeting__held_on__lte=today,
            invited=True,
            kind__in=FAMILY_KINDS,
        )
        .values("meeting__family__team_id")
        .annotate(
            invited=Count("id"),
            attended=Count("id", filter=attended),
            views=Count("id", filter=view_recorded_q()),
        )
        .order_by()
    )
    return {
        r["meeting__family__team_id"]: {
            "invited": r["invited"],
            "attended": r["attended"],
            "views": r["views"],
        }
        for r in rows
    }


def _listened(team_ids: list[int], since: datetime.date, today: datetime.date) -> dict[int, Counts]:
    """Feedback on being listened to from children, parents and carers (§8 engagement), over
    the months from `since` to `today`, from evaluation's rolled-up results."""
    rows = (
        SurveyResultQuestion.objects.filter(
            team_id__in=team_ids,
            month__gte=month_start(since),
            month__lte=today,
            question__theme=Theme.LISTENED_TO,
            respondent_kind__in=(RespondentKind.CHILD, RespondentKind.PARENT_CARER),
        )
        .values("team_id")
        .annotate(n=Sum("answers"), total=Sum("score_sum"))
        .order_by()
    )
    return {
        r["team_id"]: {"listened_answers": r["n"] or 0, "listened_score_sum": r["total"] or 0}
        for r in rows
    }


def _conflict(team_ids: list[int], today: datetime.date) -> dict[int, Counts]:
    first_rows = (
        Meeting.objects.filter(
            family__team_id__in=team_ids,
            meeting_type__in=INTERVENTIONS,
            status=Meeting.Status.HELD,
            held_on__isnull=False,
            held_on__lte=today,
        )
        .values("family_id", "family__team_id")
        .annotate(first=Min("held_on"))
        .values_list("family_id", "family__team_id", "first")
        .order_by()
    )
    first: dict[int, dict[int, datetime.date]] = defaultdict(dict)
    for family_id, team_id, day in first_rows:
        first[team_id][family_id] = day
    conflicts: dict[int, list[datetime.date]] = defaultdict(list)
    if first:
        with_intervention = Meeting.objects.filter(
            family__team_id__in=team_ids, meeting_type__in=INTERVENTIONS
        ).values("family_id")
        for family_id, held_on in Meeting.objects.filter(
            CONFLICT_MEETINGS,
            family__team_id__in=team_ids,
            status=Meeting.Status.HELD,
            held_on__lte=today,
            family_id__in=with_intervention,
        ).values_list("family_id", "held_on"):
            if held_on is not None:
                conflicts[family_id].append(held_on)
        for family_id, occurred_on in CaseEvent.objects.filter(
            kind=CaseEvent.Kind.INCIDENT,
            family__team_id__in=team_ids,
            occurred_on__lte=today,
            family_id__in=with_intervention,
        ).values_list("family_id", "occurred_on"):
            conflicts[family_id].append(occurred_on)
    out: dict[int, Counts] = {}
    for team_id, families in first.items():
        figures = outcomes.conflict_reduction(families, conflicts, today=today)
        out[team_id] = {
            "families": figures.families,
            "before": figures.before,
            "after": figures.after,
            "waiting": figures.waiting,
        }
    return out


def _plans(team_ids: list[int], today: datetime.date) -> dict[int, Counts]:
    plans: dict[int, dict[int, datetime.date]] = defaultdict(dict)
    for plan_id, started_on, team_id in Plan.objects.filter(
        family__team_id__in=team_ids, started_on__lte=today
    ).values_list("pk", "started_on", "family__team_id"):
        plans[team_id][plan_id] = started_on
    reviews: dict[int, list[tuple[datetime.date, str]]] = defaultdict(list)
    latest: dict[int, tuple[datetime.date, int]] = {}
    for review_id, plan_id, reviewed_on, holding in PlanReview.objects.filter(
        plan__family__team_id__in=team_ids, reviewed_on__lte=today
    ).values_list("pk", "plan_id", "reviewed_on", "holding"):
        reviews[plan_id].append((reviewed_on, holding))
        if plan_id not in latest or (reviewed_on, review_id) > latest[plan_id]:
            latest[plan_id] = (reviewed_on, review_id)
    latest_reviews = {review_id: plan_id for plan_id, (_, review_id) in latest.items()}
    levels: dict[int, list[int]] = defaultdict(list)
    for review_id, level in GoalAttainment.objects.filter(
        review__plan__family__team_id__in=team_ids, review__reviewed_on__lte=today
    ).values_list("review_id", "level"):
        if review_id in latest_reviews:
            levels[latest_reviews[review_id]].append(level)
    out: dict[int, Counts] = {}
    for team_id, team_plans in plans.items():
        counts: Counts = {}
        for mark in outcomes.sustainability(team_plans, reviews, today=today):
            counts[f"plans_{mark.months}"] = mark.plans
            counts[f"holding_{mark.months}"] = mark.holding
            counts[f"reviewed_{mark.months}"] = mark.reviewed
        scores = [t_score(levels[p]) for p in team_plans if levels.get(p)]
        known = [score for score in scores if score is not None]
        counts["gas_plans"] = len(known)
        counts["gas_met"] = sum(1 for score in known if score >= 50)
        counts["gas_t_sum"] = round(sum(known), 2)
        out[team_id] = counts
    return out


def counts_by_team(team_ids: list[int], *, today: datetime.date) -> dict[int, Counts]:
    """Every outcome count for each team, as things stood on `today` (a fixed number of
    queries; the snapshot task stores them, the team page counts them live)."""
    since = today - relativedelta(months=ENGAGEMENT_MONTHS)
    out: dict[int, Counts] = defaultdict(dict)
    for part in (
        _engagement(team_ids, since, today),
        _listened(team_ids, since, today),
        _conflict(team_ids, today),
        _plans(team_ids, today),
    ):
        for team_id, counts in part.items():
            out[team_id].update(counts)
    return dict(out)


def sum_counts(rows: Any) -> Counts:
    total: Counts = dict.fromkeys(COUNT_NAMES, 0)
    for counts in rows:
        for name, value in counts.items():
            total[name] = total.get(name, 0) + value
    return total


def outcomes_from(
    counts: Counts, *, today: datetime.date, counted_at: datetime.datetime | None = None
) -> Outcomes:
    """The outcome measures from summed counts."""
    c = {name: counts.get(name, 0) for name in COUNT_NAMES}
    gas_plans = int(c["gas_plans"])
    return Outcomes(
        since=today - relativedelta(months=ENGAGEMENT_MONTHS),
        today=today,
        engagement=Engagement(
            int(c["invited"]),
            int(c["attended"]),
            int(c["views"]),
            int(c["listened_answers"]),
            round(float(c["listened_score_sum"]), 2),
        ),
        conflict=outcomes.ConflictFigures(
            int(c["families"]), int(c["before"]), int(c["after"]), int(c["waiting"])
        ),
        holding=[
            outcomes.Holding(
                months,
                int(c[f"plans_{months}"]),
                int(c[f"holding_{months}"]),
                int(c[f"reviewed_{months}"]),
            )
            for months in outcomes.HOLDING_MARKS
        ],
        gas=Gas(
            gas_plans,
            int(c["gas_met"]),
            round(float(c["gas_t_sum"]) / gas_plans, 1) if gas_plans else None,
        ),
        counted_at=counted_at,
    )


def outcomes_for(place: Any, *, today: datetime.date) -> Outcomes:
    """The outcome measures for a place from `picture.*_place` (already checked).

    A team's are counted live. A service's and the organisation's are read from the latest
    month the snapshot task stored (counting them live would grow with the data: 40 s for the
    organisation with the large demo data); live only when nothing is stored yet."""
    if place.level != "team":
        from ..models import Snapshot

        latest = (
            Snapshot.objects.filter(scope_key=place.key, measure__startswith=PREFIX)
            .order_by("-month")
            .values_list("month", flat=True)
            .first()
        )
        if latest is not None:
            rows = Snapshot.objects.filter(
                scope_key=place.key, measure__startswith=PREFIX, month=latest
            ).values_list("measure", "numerator", "created_at")
            counts: Counts = {}
            counted_at = None
            for measure, numerator, created_at in rows:
                counts[measure.removeprefix(PREFIX)] = float(numerator)
                counted_at = created_at
            as_of = month_end(latest)
            if counted_at is not None:
                as_of = min(as_of, timezone.localtime(counted_at).date())
            return outcomes_from(counts, today=as_of, counted_at=counted_at)
    return outcomes_from(
        sum_counts(counts_by_team(list(place.team_ids), today=today).values()), today=today
    )
