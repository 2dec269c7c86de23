"""Audit grades by theme, team, service and period, with the trend (issue 12 point 9).

Figures only: counts of finished audits by final grade (the moderator's where they changed
it), never a family. Read in a fixed number of grouped queries whatever the data size: one
for the chosen breakdown, one for the trend by quarter. Scoped by `permissions.report_teams_q`
(quality assurance and the director: everything; a head of service: their service; a team
manager: their team).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.http import Http404

from ..models import CaseAudit, Grade
from . import permissions

BREAKDOWNS = {
    "theme": ("programme__theme", "Theme"),
    "team": ("team__name", "Team"),
    "service": ("team__service__name", "Service"),
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


def audit_report(
    user: Any, *, breakdown: str, start: datetime.date, end: datetime.date
) -> AuditReport:
    """Finished audits' final grades in [start, end] by the breakdown, and by quarter."""
    if not permissions.can_view_reports(user):
        raise Http404
    if breakdown not in BREAKDOWNS:
        breakdown = "theme"
    path, label = BREAKDOWNS[breakdown]
    audits = CaseAudit.objects.filter(
        permissions.report_teams_q(user),
        status=CaseAudit.Status.FINISHED,
        finished_on__gte=start,
        finished_on__lte=end,
    ).exclude(final_grade="")
    rows = [
        _row(str(values[path]), values)
        for values in audits.values(path).annotate(**_counts()).order_by(path)
    ]
    trend = [
        _row(str(values["finished_quarter"]), values)
        for values in audits.values("finished_quarter")
        .annotate(**_counts())
        .order_by("finished_quarter")
    ]
    total = ReportRow("Total", tuple(sum(r.counts[i] for r in rows) for i in range(len(GRADES))))
    return AuditReport(breakdown, label, start, end, rows, trend, total)
