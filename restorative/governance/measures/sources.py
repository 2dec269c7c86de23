"""How each measure is counted, by team, for one month, from the other apps' records.

Each function takes the teams to count, the first and the last day of the month, and returns
{team id: (numerator, denominator)}; a team with nothing to count is left out. The rules are
the owning app's: compliance and supervision's pure functions, the timeliness outcomes, the
"view recorded" filter. A month still running is counted up to `end` (today).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from restorative.people.models import Staff
from restorative.practice import timeliness_selectors
from restorative.practice.models import (
    Decision,
    Meeting,
    MeetingParticipant,
    RestorativeConversation,
)
from restorative.practice.team_selectors import view_recorded_q
from restorative.practice.timeliness import COUNTED, Outcome
from restorative.workforce import compliance, supervision
from restorative.workforce.models import (
    Completion,
    Course,
    SupervisionAgreement,
    SupervisionAudit,
    TeamCircle,
)
from restorative.workforce.selectors import rules_get, supervision_standard_steps
from restorative.workforce.selectors.compliance_figures import (
    STATUS_CODES,
    fetch_rows,
    pairs_sql,
)

Figures = dict[int, tuple[int, int]]

# Whose advanced training counts: those who may facilitate and coordinate (§6.1).
PRACTISING_ROLES = (Staff.Role.PRACTITIONER, Staff.Role.ASYE, Staff.Role.TEAM_MANAGER)


def training_mandatory(team_ids: list[int], start: datetime.date, end: datetime.date) -> Figures:
    """Required courses in date (completed or due soon) of all required person-course pairs,
    on the last day of the month: `compliance.status_for` as the database works it out for
    many people at once (`compliance_figures.pairs_sql`, the compliance overview's query),
    counted by team in one query."""
    staff = Staff.objects.filter(team_id__in=team_ids, is_active=True)
    pairs, params = pairs_sql(staff, rules_get(), end)
    counted = fetch_rows(
        # `pairs` is workforce's SQL with its parameters apart, as the compliance overview.
        f"SELECT q.p_team, q.status, COUNT(*) FROM ({pairs}) q GROUP BY q.p_team, q.status",  # noqa: S608
        params,
    )
    out: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    in_date = (compliance.Status.COMPLETED, compliance.Status.DUE_SOON)
    for team_id, code, count in counted:
        status = STATUS_CODES[code]
        if status == compliance.Status.NOT_REQUIRED or team_id is None:
            continue
        out[team_id][1] += count
        if status in in_date:
            out[team_id][0] += count
    return {team: (n, d) for team, (n, d) in out.items() if d}


def training_advanced(team_ids: list[int], start: datetime.date, end: datetime.date) -> Figures:
    """Practitioners, ASYEs and team managers whose advanced training is valid on the last day
    of the month (`compliance.advanced_training_status`), of all of them."""
    people = list(
        Staff.objects.filter(team_id__in=team_ids, is_active=True, role__in=PRACTISING_ROLES)
        .order_by()
        .values_list("pk", "team_id")
    )
    facts: dict[int, list[compliance.CompletionFact]] = defaultdict(list)
    for person_id, completed_on, valid_until in Completion.objects.filter(
        person_id__in=[pk for pk, _ in people], course__level=Course.Level.ADVANCED
    ).values_list("person_id", "completed_on", "valid_until"):
        facts[person_id].append(compliance.CompletionFact(completed_on, valid_until))
    due_soon_days = rules_get().settings.due_soon_days
    out: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for person_id, team_id in people:
        status = compliance.advanced_training_status(
            facts[person_id], today=end, due_soon_days=due_soon_days
        )
        out[team_id][1] += 1
        out[team_id][0] += int(status.may_lead)
    return {team: (n, d) for team, (n, d) in out.items()}


def agreements_open_on(end: datetime.date) -> QuerySet[Any]:
    """Supervision agreements open on `end`, each with its last session held by then
    (`last_held_on`): those the supervision measure counts, and its names list shows.
    Typed `QuerySet[Any]`: the type checker loses `last_held_on` across a return."""
    return SupervisionAgreement.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=end), started_on__lte=end
    ).annotate(last_held_on=Max("sessions__held_on", filter=Q(sessions__held_on__lte=end)))


def supervision_standard(team_ids: list[int], start: datetime.date, end: datetime.date) -> Figures:
    """People with a supervision agreement open on the last day of the month whose next
    supervision was not overdue that day (`supervision.next_due_on`, `is_overdue`)."""
    agreements = (
        agreements_open_on(end)
        .filter(supervisee__team_id__in=team_ids)
        .values_list(
            "supervisee__team_id",
            "last_held_on",
            "started_on",
            "agreed_frequency",
            "supervisee__role",
            "supervisee__start_date",
        )
        .order_by()
    )
    steps = supervision_standard_steps()  # the organisation's standard, as workforce reads it
    out: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for team_id, last_held_on, started_on, agreed, role, start_date in agreements:
        due_on = supervision.next_due_on(
            last_held_on=last_held_on,
            agreement_started_on=started_on,
            agreed=agreed,
            role=role,
            start_date=start_date,
            steps=steps,
        )
        out[team_id][1] += 1
        out[team_id][0] += int(not supervision.is_overdue(due_on=due_on, today=end))
    return {team: (n, d) for team, (n, d) in out.items()}


def supervision_audit_grades(
    team_ids: list[int], start: datetime.date, end: datetime.date
) -> Figures:
    """Supervision audits graded in the month, good or outstanding of all graded."""
    good = (SupervisionAudit.Grade.GOOD, SupervisionAudit.Grade.OUTSTANDING)
    rows = (
        SupervisionAudit.objects.filter(
            sample__team_id__in=team_ids,
            rated_at__date__gte=start,
            rated_at__date__lte=end,
        )
        .exclude(grade="")
        .values("sample__team_id")
        .annotate(n=Count("id", filter=Q(grade__in=good)), d=Count("id"))
        .order_by()
    )
    return {row["sample__team_id"]: (row["n"], row["d"]) for row in rows}


def _counts(rows: Iterable[Any], key: str) -> Figures:
    return {row[key]: (row["n"], 1) for row in rows}


def team_circles(team_ids: list[int], start: datetime.date, end: datetime.date) -> Figures:
    """Team circles held in the month (a count; the denominator is 1)."""
    rows = (
        TeamCircle.objects.filter(team_id__in=team_ids, held_on__gte=start, held_on__lte=end)
        .values("team_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return _counts(rows, "team_id")


def conversations(team_ids: list[int], start: datetime.date, end: datetime.date) -> Figures:
    """Restorative conversations held in the month with the team's families (a count)."""
    rows = (
        RestorativeConversation.objects.filter(
            family__team_id__in=team_ids, held_on__gte=start, held_on__lte=end
        )
        .values("family__team_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return _counts(rows, "family__team_id")


def meetings_on_time(team_ids: list[int], start: datetime.date, end: datetime.date) -> Figures:
    """Statutory meetings due in the month held on or before their due date, of those held
    or overdue (`practice.timeliness`: cancelled and not-yet-due ones are not counted)."""
    filters = timeliness_selectors.outcome_filters(end)
    counted = Q(pk__in=[])
    for outcome in COUNTED:
        counted |= filters[outcome]
    rows = (
        Meeting.objects.filter(family__team_id__in=team_ids, due_date__gte=start, due_date__lte=end)
        .values("family__team_id")
        .annotate(n=Count("id", filter=filters[Outcome.ON_TIME]), d=Count("id", filter=counted))
        .order_by()
    )
    return {r["family__team_id"]: (r["n"], r["d"]) for r in rows if r["d"]}


def _held_in(start: datetime.date, end: datetime.date, prefix: str = "") -> Q:
    return Q(
        **{
            f"{prefix}status": Meeting.Status.HELD,
            f"{prefix}held_on__gte": start,
            f"{prefix}held_on__lte": end,
        }
    )


def voice_heard(team_ids: list[int], start: datetime.date, end: datetime.date) -> Figures:
    """Invited people at meetings held in the month whose view was recorded, of all invited."""
    rows = (
        MeetingParticipant.objects.filter(
            _held_in(start, end, "meeting__"),
            meeting__family__team_id__in=team_ids,
            invited=True,
        )
        .values("meeting__family__team_id")
        .annotate(n=Count("id", filter=view_recorded_q()), d=Count("id"))
        .order_by()
    )
    return {r["meeting__family__team_id"]: (r["n"], r["d"]) for r in rows}


def child_words(team_ids: list[int], start: datetime.date, end: datetime.date) -> Figures:
    """Meetings held in the month with a child invited where a child's view was recorded in
    their own words (or through their advocate), of meetings held with a child invited."""
    child = Q(participants__invited=True, participants__kind=MeetingParticipant.Kind.CHILD)
    rows = (
        Meeting.objects.filter(_held_in(start, end), child, family__team_id__in=team_ids)
        .values("family__team_id")
        .annotate(
            n=Count("id", distinct=True, filter=view_recorded_q("participants__")),
            d=Count("id", distinct=True),
        )
        .order_by()
    )
    return {r["family__team_id"]: (r["n"], r["d"]) for r in rows}


def decisions_agreed(team_ids: list[int], start: datetime.date, end: datetime.date) -> Figures:
    """Decisions at meetings held in the month that the family agreed with (fully), of all
    decisions recorded with the family's position."""
    rows = (
        Decision.objects.filter(
            _held_in(start, end, "meeting__"), meeting__family__team_id__in=team_ids
        )
        .values("meeting__family__team_id")
        .annotate(
            n=Count("id", filter=Q(family_position=Decision.FamilyPosition.AGREED)),
            d=Count("id"),
        )
        .order_by()
    )
    return {r["meeting__family__team_id"]: (r["n"], r["d"]) for r in rows}
