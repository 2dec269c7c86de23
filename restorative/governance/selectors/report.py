"""The quarterly board report (issue 13 item 7): the organisation's measures with targets and
trends, barriers and the policy review status, the same figures for the page, PDF and XLSX."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q

from restorative.evaluation.audits import reports as audit_reports
from restorative.evaluation.complaints import reports as complaint_reports
from restorative.evaluation.models import ComplaintElement, LearningAction

from ..periods import quarter_of
from . import barriers as barrier_selectors
from . import outcomes as outcome_selectors
from . import picture as picture_selectors
from . import policies as policy_selectors


@dataclass(frozen=True)
class QuarterFigure:
    row: picture_selectors.MeasureRow
    numerator: Decimal
    denominator: Decimal
    value: Decimal | None
    small: bool


@dataclass(frozen=True)
class Learning:
    """What the quarter's complaints and case-file audits found, and the learning actions
    raised from any finding: figures only (no names, nothing from a family's record)."""

    complaints_received: int
    complaint_outcomes: list[tuple[str, int]]  # of complaints received in the quarter
    complaint_themes: list[tuple[str, int]]  # elements by category, most frequent first
    stages_answered: int
    stages_in_time: int
    restorative_offered: int
    restorative_held: int
    audits_finished: int
    audits_good: int
    audit_themes: list[tuple[str, int, int]]  # (theme, finished, good or outstanding)
    actions_raised: list[tuple[str, int, int, int]]  # (from, raised, done, overdue now)

    @property
    def audits_good_percent(self) -> int | None:
        if not self.audits_finished:
            return None
        return round(100 * self.audits_good / self.audits_finished)


SOURCE_LABELS = {"complaint": "Complaints", "case_audit": "Case-file audits"}


def learning(
    user: Any, *, start: datetime.date, end: datetime.date, today: datetime.date
) -> Learning:
    """The quarter's learning from complaints and audits, through evaluation's own report
    queries (the annual complaints report's and the audit report's), so the board reads the
    same figures as those reports."""
    facts = complaint_reports.report_facts(start, end, today=today)
    complaints = complaint_reports.annual_figures(facts)
    categories = dict(ComplaintElement.Category.choices)
    audits = audit_reports.audit_report(user, breakdown="theme", start=start, end=end)
    actions = (
        LearningAction.objects.filter(created_at__date__gte=start, created_at__date__lte=end)
        .values("source_kind")
        .annotate(
            raised=Count("id"),
            done=Count("id", filter=Q(done_on__isnull=False)),
            overdue=Count("id", filter=Q(done_on__isnull=True, due_on__lt=today)),
        )
        .order_by("source_kind")
    )
    answered = sum(stage.answered for stage in complaints.stages.values())
    in_time = sum(stage.in_time for stage in complaints.stages.values())
    return Learning(
        complaints_received=complaints.received,
        complaint_outcomes=[
            (label, complaints.complaint_outcomes.get(key, 0))
            for key, label in complaint_reports.OUTCOME_LABELS.items()
        ],
        complaint_themes=[
            (str(categories.get(key, key)), n)
            for key, n in complaints.by_category.most_common()
            if n
        ],
        stages_answered=answered,
        stages_in_time=in_time,
        restorative_offered=complaints.restorative_offered,
        restorative_held=complaints.restorative_held,
        audits_finished=audits.total.total,
        audits_good=audits.total.good_or_better,
        audit_themes=[(row.label, row.total, row.good_or_better) for row in audits.rows],
        actions_raised=[
            (
                SOURCE_LABELS.get(row["source_kind"], row["source_kind"].replace("_", " ")),
                row["raised"],
                row["done"],
                row["overdue"],
            )
            for row in actions
        ],
    )


@dataclass(frozen=True)
class BoardReport:
    today: datetime.date
    quarter_start: datetime.date
    quarter_end: datetime.date
    measures: list[QuarterFigure]
    barriers: barrier_selectors.BarrierCounts
    policies: list[policy_selectors.PolicyRow]
    outcomes: outcome_selectors.Outcomes
    learning: Learning

    @property
    def title(self) -> str:
        q = (self.quarter_start.month - 1) // 3 + 1
        return f"Restorative practice: board report, quarter {q} {self.quarter_start.year}"


def board_report(user: Any, *, today: datetime.date) -> BoardReport:
    """The organisation's figures for the quarter holding `today` (the director and QA;
    anyone else 404 through `organisation_place`)."""
    place = picture_selectors.organisation_place(user)
    rows = picture_selectors.picture(place, today=today)
    start, end = quarter_of(today)
    figures = []
    for row in rows:
        months = [p for p in row.trend if start <= p.month <= end]
        n = sum((p.numerator for p in months), Decimal(0))
        d = sum((p.denominator for p in months), Decimal(0))
        if row.measure.kind == "count":
            d = Decimal(len(months))
        value = row.measure.value(n, d)
        figures.append(QuarterFigure(row, n, d, value, row.measure.small(d)))
    return BoardReport(
        today=today,
        quarter_start=start,
        quarter_end=end,
        measures=figures,
        barriers=barrier_selectors.barrier_counts(user, place, today=today),
        policies=policy_selectors.policy_rows_all(today=today),
        outcomes=outcome_selectors.outcomes_for(place, today=today),
        learning=learning(user, start=start, end=end, today=today),
    )
