"""Audit grades by theme, team, service and period, with the trend (issue 12 point 9).

Figures only: counts of finished audits by final grade (the moderator's where they changed
it), never a family. Read in a fixed number of queries whatever the data size: one grouped
for the chosen breakdown, one for the names it found, one grouped for the trend by quarter.
Scoped by `permissions.report_teams_q` (quality assurance and the director: everything; a head
of service: their service; a team manager: their team).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.http import Http404

from restorative.people.models import Team

from ..models import AuditProgramme, CaseAudit, Grade
from . import permissions

BREAKDOWNS = {
    "theme": ("programme_id", "Theme"),
    "team": ("team_id", "Team"),
    "service": ("team_id", "Service"),
}
GRADES = list(Grade)
GOOD_OR_BETTER = (Grade.OUTSTANDING, Grade.GOOD)


@dataclass(frozen=True)
class ReportRow:
    label: str
    counts: tuple[int, ...]  # in the order of GRADES

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def good_or_better(self) -> int:
        return self.counts[0] + self.counts[1]

    @property
    def percent_good(self) -> int | None:
        return round(100 * self.good_or_better / self.total) if self.total else None


@dataclass(frozen=True)
class AuditReport:
    breakdown: str
    breakdown_label: str
    start: datetime.date
    end: datetime.date
    rows: list[ReportRow]
    trend: list[ReportRow]
    total: ReportRow


def _counts() -> dict[str, Any]:
    return {g.value: Count("id", filter=Q(final_grade=g.value)) for g in GRADES}


def _row(label: str, values: Mapping[str, Any]) -> ReportRow:
    return ReportRow(label, tuple(int(values.get(g.value) or 0) for g in GRADES))


def _labels(breakdown: str, keys: list[int]) -> dict[int, str]:
    """What each grouped id is called in the report: a programme's theme, a team's name or
    its service's (one small query over the ids found)."""
    if breakdown == "theme":
        return dict(
            AuditProgramme.objects.filter(pk__in=keys).values_list("pk", "theme").order_by()
        )
    if breakdown == "service":
        return dict(Team.objects.filter(pk__in=keys).values_list("pk", "service__name").order_by())
    return dict(Team.objects.filter(pk__in=keys).values_list("pk", "name").order_by())


def _merged(grouped: list[dict[str, Any]], key: str, labels: Mapping[int, str]) -> list[ReportRow]:
    """Rows summed by label (two programmes of one theme, two teams of one service)."""
    totals: dict[str, list[int]] = {}
    for values in grouped:
        label = str(labels.get(values[key], ""))
        counts = totals.setdefault(label, [0] * len(GRADES))
        for index, grade in enumerate(GRADES):
            counts[index] += int(values.get(grade.value) or 0)
    return [ReportRow(label, tuple(totals[label])) for label in sorted(totals)]


def audit_report(
    user: Any, *, breakdown: str, start: datetime.date, end: datetime.date
) -> AuditReport:
    """Finished audits' final grades in [start, end] by the breakdown, and by quarter.

    Why it is shaped so: both grouped queries read only the audit's own columns, which one
    index holds (`case_audit_report_idx`: status, finished date, team, programme, final
    grade, quarter), so the database counts from the index without reading the rows or
    joining; the names of the few hundred teams or programmes found come after, in one small
    query, and rows of one theme or service are summed here.
    """
    if not permissions.can_view_reports(user):
        raise Http404
    if breakdown not in BREAKDOWNS:
        breakdown = "theme"
    key, label = BREAKDOWNS[breakdown]
    audits = CaseAudit.objects.filter(
        permissions.report_teams_q(user),
        status=CaseAudit.Status.FINISHED,
        finished_on__gte=start,
        finished_on__lte=end,
    ).exclude(final_grade="")
    grouped = list(audits.values(key).annotate(**_counts()).order_by())
    rows = _merged(grouped, key, _labels(breakdown, [values[key] for values in grouped]))
    trend = [
        _row(str(values["finished_quarter"]), values)
        for values in audits.values("finished_quarter")
        .annotate(**_counts())
        .order_by("finished_quarter")
    ]
    total = ReportRow("Total", tuple(sum(r.counts[i] for r in rows) for i in range(len(GRADES))))
    return AuditReport(breakdown, label, start, end, rows, trend, total)
