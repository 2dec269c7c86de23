"""How the measures from what people say and from quality evidence are counted (issue 13
item 2): the WITH/TO/FOR/NOT split recorded at meetings, feedback scores from children,
families and partners, staff wellbeing, case-file audit grades, complaints, compliments and
learning actions. Read from the evaluation app's rolled-up tables and public selectors.

Two shapes, as in `sources`:
- by team, `(team_ids, start, end) -> {team: (numerator, denominator)}`, where a service's
  and the organisation's figures are the sums of their teams';
- by place, `(start, end) -> {(service id, team id): (numerator, denominator)}` with
  (None, None) the organisation and (service, None) a service, for records that belong to
  a service but no team (a complaint about a service), to no team at all (a compliment for
  everyone), or whose groups are decided over the whole tree (the staff survey, where a
  group of fewer than 5 is never shown, and neither is one that could be subtracted to
  reveal one: evaluation's anonymity rule). Hidden places are simply absent.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, Sum

from restorative.evaluation.complaints.reports import (
    UNDECIDED,
    complaint_outcome_expression,
    stage_timeliness_expression,
)
from restorative.evaluation.complaints.timescales import Timeliness
from restorative.evaluation.models import (
    CaseAudit,
    Complaint,
    ComplaintStage,
    Compliment,
    LearningAction,
    SurveyResultQuestion,
)
from restorative.evaluation.models.audits import Grade
from restorative.evaluation.wellbeing import selectors as wellbeing_selectors
from restorative.evaluation.wellbeing.items import ITEMS
from restorative.practice.models import Meeting

Figures = dict[int, tuple[Any, Any]]
PlaceKey = tuple[int | None, int | None]  # (service id, team id); (None, None): organisation
PlaceFigures = dict[PlaceKey, tuple[Any, Any]]
TeamCompute = Callable[[list[int], datetime.date, datetime.date], Figures]
PlaceCompute = Callable[[datetime.date, datetime.date], PlaceFigures]

TWO_PLACES = Decimal("0.01")


def teams_of(places: PlaceCompute) -> TeamCompute:
    """A by-place count read by team (for a team's own page and the hand-counted tests)."""

    def compute(team_ids: list[int], start: datetime.date, end: datetime.date) -> Figures:
        wanted = set(team_ids)
        return {
            team: figures
            for (_, team), figures in places(start, end).items()
            if team is not None and team in wanted
        }

    compute.__doc__ = places.__doc__
    return compute


def _roll_up(rows: Iterable[tuple[int | None, int | None, Any, Any]]) -> PlaceFigures:
    """Rows of (team, service, numerator, denominator) summed to each team, each service and
    the organisation. A row without a team counts in its service and the organisation."""
    out: dict[PlaceKey, list[Any]] = defaultdict(lambda: [0, 0])
    for team_id, service_id, numerator, denominator in rows:
        places: list[PlaceKey] = [(None, None)]
        if service_id is not None:
            places.append((service_id, None))
            if team_id is not None:
                places.append((service_id, team_id))
        for place in places:
            out[place][0] += numerator
            out[place][1] += denominator
    return {place: (n, d) for place, (n, d) in out.items() if d}


def _held_in(start: datetime.date, end: datetime.date) -> Q:
    return Q(status=Meeting.Status.HELD, held_on__gte=start, held_on__lte=end)


# --- The social discipline window, as recorded at meetings ------------------------------------


def experience(value: str) -> TeamCompute:
    """Meetings held in the month whose WITH/TO/FOR/NOT was recorded (by the family, or by
    the chair when the family did not say) as `value`, of all with one recorded."""

    def compute(team_ids: list[int], start: datetime.date, end: datetime.date) -> Figures:
        rows = (
            Meeting.objects.filter(_held_in(start, end), family__team_id__in=team_ids)
            .exclude(experience="")
            .values("family__team_id")
            .annotate(n=Count("id", filter=Q(experience=value)), d=Count("id"))
            .order_by()
        )
        return {r["family__team_id"]: (r["n"], r["d"]) for r in rows}

    compute.__doc__ = experience.__doc__
    return compute


# --- Feedback from children, families and partners ----------------------------------------------


def feedback_score(*, respondent_kind: str = "", theme: str = "") -> TeamCompute:
    """The mean score out of 100 of the scored answers given in the month (the sum of the
    scores over how many answers), from evaluation's rolled-up results, by team."""

    def compute(team_ids: list[int], start: datetime.date, end: datetime.date) -> Figures:
        rows = SurveyResultQuestion.objects.filter(team_id__in=team_ids, month=start)
        if respondent_kind:
            rows = rows.filter(respondent_kind=respondent_kind)
        if theme:
            rows = rows.filter(question__theme=theme)
        summed = rows.values("team_id").annotate(n=Sum("score_sum"), d=Sum("answers")).order_by()
        return {
            r["team_id"]: (Decimal(str(r["n"] or 0)).quantize(TWO_PLACES), r["d"])
            for r in summed
            if r["d"]
        }

    compute.__doc__ = feedback_score.__doc__
    return compute


# --- Staff wellbeing (anonymous) ---------------------------------------------------------


def wellbeing_theme(theme: str) -> PlaceCompute:
    """The latest staff survey round opened by the end of the month: each shown group's mean
    answer to the theme's questions on 0 to 10, times 10 (a score out of 100; the anxiety
    question counts 10 minus the answer), times its respondents over its respondents."""
    members = [item for item in ITEMS if item.theme == theme]
    assert members, theme

    def places(start: datetime.date, end: datetime.date) -> PlaceFigures:
        round_ = wellbeing_selectors.latest_round_opened_by(end)
        if round_ is None:
            return {}
        out: PlaceFigures = {}
        for group in wellbeing_selectors.round_group_figures(round_):
            if not group.shown or not group.respondents or theme not in group.theme_means:
                continue
            mean = Decimal(str(group.theme_means[theme])) * 10
            numerator = (mean * group.respondents).quantize(TWO_PLACES)
            key = _wellbeing_place(group.key)
            if key is not None:
                out[key] = (numerator, group.respondents)
        return out

    places.__doc__ = wellbeing_theme.__doc__
    return places


def _wellbeing_place(key: str) -> PlaceKey | None:
    """Evaluation's group keys ("organisation", "service:2", "team:3@2") as places; a team
    counted under no service is left out (it has no place in the picture)."""
    if key == "organisation":
        return (None, None)
    kind, _, rest = key.partition(":")
    if kind == "service":
        return (int(rest), None)
    team, _, service = rest.partition("@")
    return (int(service), int(team)) if service else None


# --- Case-file audits --------------------------------------------------------------------------


def case_audit_grades(team_ids: list[int], start: datetime.date, end: datetime.date) -> Figures:
    """Case-file audits finished in the month whose final grade (after moderation) is good or
    outstanding, of all finished with a grade."""
    good = (Grade.GOOD, Grade.OUTSTANDING)
    rows = (
        CaseAudit.objects.filter(
            team_id__in=team_ids,
            status=CaseAudit.Status.FINISHED,
            finished_on__gte=start,
            finished_on__lte=end,
        )
        .exclude(final_grade="")
        .values("team_id")
        .annotate(n=Count("id", filter=Q(final_grade__in=good)), d=Count("id"))
        .order_by()
    )
    return {r["team_id"]: (r["n"], r["d"]) for r in rows}


# --- Complaints, compliments and learning ------------------------------------------------------


def complaints_on_time(start: datetime.date, end: datetime.date) -> PlaceFigures:
    """Complaint stages due in the month (with any agreed extension) answered within their
    timescale or the extension, of those answered or now overdue (`complaints.timescales`)."""
    in_time = (Timeliness.ON_TIME.value, Timeliness.IN_EXTENSION.value)
    counted = (*in_time, Timeliness.LATE.value, Timeliness.OVERDUE.value)
    rows = (
        ComplaintStage.objects.filter(due_on__gte=start, due_on__lte=end)
        .annotate(timeliness=stage_timeliness_expression(end))
        .values("complaint__team_id", "complaint__service_id")
        .annotate(
            n=Count("id", filter=Q(timeliness__in=in_time)),
            d=Count("id", filter=Q(timeliness__in=counted)),
        )
        .order_by()
        .values_list("complaint__team_id", "complaint__service_id", "n", "d")
    )
    return _roll_up(rows)


def complaints_upheld(start: datetime.date, end: datetime.date) -> PlaceFigures:
    """Complaints closed in the month that were upheld in full or in part, of all closed with
    every element decided."""
    rows = (
        Complaint.objects.filter(
            status=Complaint.Status.CLOSED, closed_on__gte=start, closed_on__lte=end
        )
        .annotate(outcome=complaint_outcome_expression())
        .exclude(outcome=UNDECIDED)
        .values("team_id", "service_id")
        .annotate(
            n=Count("id", filter=Q(outcome__in=("upheld", "partly_upheld"))),
            d=Count("id"),
        )
        .order_by()
        .values_list("team_id", "service_id", "n", "d")
    )
    return _roll_up(rows)


def compliments(start: datetime.date, end: datetime.date) -> PlaceFigures:
    """Compliments received in the month (a count; one not about a team counts only in the
    organisation's figure)."""
    rows = (
        Compliment.objects.filter(received_on__gte=start, received_on__lte=end)
        .values("team_id", "team__service_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("team_id", "team__service_id", "n")
    )
    return _roll_up((team, service, n, 1) for team, service, n in rows)


def learning_actions_done(start: datetime.date, end: datetime.date) -> PlaceFigures:
    """Learning actions due in the month that were done by their date, of all due in the
    month (from complaints, audits and any other finding)."""
    rows = (
        LearningAction.objects.filter(due_on__gte=start, due_on__lte=end)
        .values("team_id", "team__service_id")
        .annotate(
            n=Count(
                "id",
                filter=Q(done_on__isnull=False, done_on__lte=F("due_on")),
            ),
            d=Count("id"),
        )
        .order_by()
        .values_list("team_id", "team__service_id", "n", "d")
    )
    return _roll_up(rows)
