"""The complaint figures and the statutory annual report (issue 12 point 9).

The Children Act 1989 Representations Procedure (England) Regulations 2006, regulation 13,
ask the authority to publish an annual report on the representations it received. Its
figures are worked out here in two steps:

- `report_facts` counts the period's records in groups, in a fixed number of queries (one
  per kind of record, whatever the data size);
- `annual_figures` adds them up: a pure function. The grouping applies the pure rules of
  `timescales` (`overall_outcome`, `timeliness`) as SQL expressions, so a year of a large
  authority's complaints is counted by the database in a handful of rows; the hand-counted
  fixture test checks the two agree.

What is counted, and when:
- received: complaints received in the period (by procedure, by who complained); a child
  complainant's advocate offer;
- categories and element outcomes: the elements of the complaints received in the period;
- complaint outcomes: each complaint received in the period once all its elements are
  decided (`timescales.overall_outcome`);
- stages: every stage started in the period, by its timeliness as of `today` (a stage 3 is
  measured to the authority's response, or its panel until the response's date is known);
- Ombudsman referrals made in the period, by decision; restorative meetings offered,
  accepted and held for complaints received in the period;
- compliments received in the period, by theme and by who sent them;
- learning actions raised from complaints in the period, open and done.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact, GreaterThan, LessThanOrEqual
from django.utils import timezone

from ..models import (
    Complaint,
    ComplaintElement,
    ComplaintStage,
    Compliment,
    LearningAction,
    OmbudsmanReferral,
)
from .timescales import Timeliness

UNDECIDED = "undecided"


def financial_year(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The 1 April to 31 March year `day` is in (annual reports follow it)."""
    start_year = day.year if day.month >= 4 else day.year - 1
    return datetime.date(start_year, 4, 1), datetime.date(start_year + 1, 3, 31)


@dataclass(frozen=True)
class ReportFacts:
    """The period's records, counted by the database into groups: each row holds the values
    it was grouped by and `n`, how many records share them. The number of rows is bounded by
    the combinations of choices, not by the number of complaints."""

    start: datetime.date
    end: datetime.date
    complaints: Sequence[Mapping[str, Any]]
    elements: Sequence[Mapping[str, Any]]
    stages: Sequence[Mapping[str, Any]]
    referrals: Sequence[Mapping[str, Any]]
    compliments: Sequence[Mapping[str, Any]]
    learning_actions: Sequence[Mapping[str, Any]]


def _element_count(**where: Any) -> Subquery:
    return Subquery(
        ComplaintElement.objects.filter(complaint_id=OuterRef("pk"), **where)
        .order_by()
        .values("complaint_id")
        .annotate(c=Count("id"))
        .values("c"),
        output_field=IntegerField(),
    )


def _is_set(field: str) -> ExpressionWrapper:
    return ExpressionWrapper(Q(**{f"{field}__isnull": False}), output_field=BooleanField())


def complaint_outcome_expression() -> Case:
    """`timescales.overall_outcome` in SQL: upheld when every element is, not upheld when
    none is even in part, undecided while any element is, partly upheld otherwise."""
    total = Coalesce(_element_count(), 0)
    decided = Coalesce(_element_count(outcome__gt=""), 0)
    upheld = Coalesce(_element_count(outcome="upheld"), 0)
    not_upheld = Coalesce(_element_count(outcome="not_upheld"), 0)
    return Case(
        When(Exact(total, 0), then=Value(UNDECIDED)),
        When(GreaterThan(total, decided), then=Value(UNDECIDED)),
        When(Exact(total, upheld), then=Value("upheld")),
        When(Exact(total, not_upheld), then=Value("not_upheld")),
        default=Value("partly_upheld"),
        output_field=CharField(),
    )


def stage_timeliness_expression(today: datetime.date) -> Case:
    """`timescales.timeliness` in SQL, for a stage as of `today` (a stage 3 is measured to
    its last known deadline, with no extension)."""
    final_due = Case(
        When(number=3, then=Coalesce("response_due_on", "report_due_on", "due_on")),
        default=F("due_on"),
    )
    base_due = Case(When(number=3, then=final_due), default=F("base_due_on"))
    return Case(
        When(
            Q(responded_on__isnull=True) & LessThanOrEqual(Value(today), final_due),
            then=Value(Timeliness.OPEN.value),
        ),
        When(responded_on__isnull=True, then=Value(Timeliness.OVERDUE.value)),
        When(LessThanOrEqual(F("responded_on"), base_due), then=Value(Timeliness.ON_TIME.value)),
        When(
            LessThanOrEqual(F("responded_on"), final_due), then=Value(Timeliness.IN_EXTENSION.value)
        ),
        default=Value(Timeliness.LATE.value),
        output_field=CharField(),
    )


def report_facts(
    start: datetime.date, end: datetime.date, *, today: datetime.date | None = None
) -> ReportFacts:
    """Everything the figures need for the period, counted in groups, in six queries."""
    today = today or timezone.localdate()
    complaints = list(
        Complaint.objects.filter(received_on__range=(start, end))
        .annotate(
            offered=_is_set("restorative_offered_on"),
            held=_is_set("restorative_held_on"),
            outcome=complaint_outcome_expression(),
        )
        .values(
            "procedure",
            "complainant_kind",
            "advocate_offer",
            "offered",
            "restorative_accepted",
            "held",
            "outcome",
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    elements = list(
        ComplaintElement.objects.filter(complaint__received_on__range=(start, end))
        .values("category", "outcome")
        .annotate(n=Count("id"))
        .order_by()
    )
    stages = list(
        ComplaintStage.objects.filter(started_on__range=(start, end))
        .annotate(
            extended=ExpressionWrapper(~Q(due_on=F("base_due_on")), output_field=BooleanField()),
            timeliness=stage_timeliness_expression(today),
        )
        .values("number", "extended", "timeliness")
        .annotate(n=Count("id"))
        .order_by()
    )
    referrals = list(
        OmbudsmanReferral.objects.filter(referred_on__range=(start, end))
        .values("decision")
        .annotate(n=Count("id"))
        .order_by()
    )
    compliments = list(
        Compliment.objects.filter(received_on__range=(start, end))
        .values("theme", "from_kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    learning_actions = list(
        LearningAction.objects.filter(source_kind="complaint", created_at__date__range=(start, end))
        .annotate(done=_is_set("done_on"))
        .values("done")
        .annotate(n=Count("id"))
        .order_by()
    )
    return ReportFacts(
        start, end, complaints, elements, stages, referrals, compliments, learning_actions
    )


@dataclass
class StageFigures:
    started: int = 0
    extended: int = 0
    by_timeliness: Counter[str] = field(default_factory=Counter)

    @property
    def answered(self) -> int:
        return sum(
            self.by_timeliness[key]
            for key in (Timeliness.ON_TIME, Timeliness.IN_EXTENSION, Timeliness.LATE)
        )

    @property
    def in_time(self) -> int:
        """Answered within the timescale, extended or not."""
        return self.by_timeliness[Timeliness.ON_TIME] + self.by_timeliness[Timeliness.IN_EXTENSION]


@dataclass
class AnnualFigures:
    start: datetime.date
    end: datetime.date
    received: int = 0
    by_procedure: Counter[str] = field(default_factory=Counter)
    by_complainant: Counter[str] = field(default_factory=Counter)
    child_complainants: int = 0
    advocate_offered: int = 0
    advocate_accepted: int = 0
    by_category: Counter[str] = field(default_factory=Counter)
    element_outcomes: Counter[str] = field(default_factory=Counter)
    complaint_outcomes: Counter[str] = field(default_factory=Counter)
    stages: dict[int, StageFigures] = field(default_factory=dict)
    ombudsman: Counter[str] = field(default_factory=Counter)
    restorative_offered: int = 0
    restorative_accepted: int = 0
    restorative_held: int = 0
    compliments: int = 0
    compliments_by_theme: Counter[str] = field(default_factory=Counter)
    compliments_by_sender: Counter[str] = field(default_factory=Counter)
    learning_raised: int = 0
    learning_done: int = 0

    @property
    def ombudsman_total(self) -> int:
        return sum(self.ombudsman.values())


def annual_figures(facts: ReportFacts) -> AnnualFigures:
    """Add up the period's groups (pure: no database; `today` was applied by the query)."""
    figures = AnnualFigures(
        facts.start, facts.end, stages={1: StageFigures(), 2: StageFigures(), 3: StageFigures()}
    )
    for row in facts.complaints:
        n = row["n"]
        figures.received += n
        figures.by_procedure[row["procedure"]] += n
        figures.by_complainant[row["complainant_kind"]] += n
        figures.complaint_outcomes[row["outcome"]] += n
        if row["complainant_kind"] == Complaint.Complainant.CHILD:
            figures.child_complainants += n
            if row["advocate_offer"] in (
                Complaint.AdvocateOffer.ACCEPTED,
                Complaint.AdvocateOffer.DECLINED,
            ):
                figures.advocate_offered += n
            if row["advocate_offer"] == Complaint.AdvocateOffer.ACCEPTED:
                figures.advocate_accepted += n
        figures.restorative_offered += n if row["offered"] else 0
        figures.restorative_accepted += n if row["restorative_accepted"] else 0
        figures.restorative_held += n if row["held"] else 0
    for row in facts.elements:
        figures.by_category[row["category"]] += row["n"]
        figures.element_outcomes[row["outcome"] or UNDECIDED] += row["n"]
    for row in facts.stages:
        stage = figures.stages[row["number"]]
        stage.started += row["n"]
        stage.extended += row["n"] if row["extended"] else 0
        stage.by_timeliness[Timeliness(row["timeliness"])] += row["n"]
    for row in facts.referrals:
        figures.ombudsman[row["decision"]] += row["n"]
    for row in facts.compliments:
        figures.compliments += row["n"]
        figures.compliments_by_theme[row["theme"]] += row["n"]
        figures.compliments_by_sender[row["from_kind"]] += row["n"]
    for row in facts.learning_actions:
        figures.learning_raised += row["n"]
        figures.learning_done += row["n"] if row["done"] else 0
    return figures


# --- The figures as labelled rows: one source for the page, the PDF and the XLSX ----------


def _labelled(
    counter: Counter[str], choices: Any, *, extra: dict[str, str] | None = None
) -> list[tuple[str, int]]:
    labels = dict(choices)
    labels.update(extra or {})
    return [(labels[key], counter.get(key, 0)) for key in labels]


OUTCOME_LABELS = {
    "upheld": "Upheld",
    "partly_upheld": "Partly upheld",
    "not_upheld": "Not upheld",
    UNDECIDED: "Not decided yet",
}


@dataclass(frozen=True)
class Section:
    title: str
    rows: list[tuple[str, int]]
    chart: bool = True


def report_sections(figures: AnnualFigures) -> list[Section]:
    """The report as titled tables of (label, number), in the order it is read."""
    sections = [
        Section(
            "Complaints received",
            [
                ("All complaints", figures.received),
                *_labelled(figures.by_procedure, Complaint.Procedure.choices),
            ],
            chart=False,
        ),
        Section("Who complained", _labelled(figures.by_complainant, Complaint.Complainant.choices)),
        Section(
            "Advocacy for children who complained",
            [
                ("Children who complained", figures.child_complainants),
                ("Offered an advocate", figures.advocate_offered),
                ("Accepted an advocate", figures.advocate_accepted),
            ],
            chart=False,
        ),
        Section(
            "Categories (elements complained about)",
            _labelled(figures.by_category, ComplaintElement.Category.choices),
        ),
        Section(
            "Outcome of each complaint",
            _labelled(figures.complaint_outcomes, OUTCOME_LABELS.items()),
        ),
        Section(
            "Outcome of each element",
            _labelled(figures.element_outcomes, OUTCOME_LABELS.items()),
        ),
    ]
    for number, name in (
        (1, "Stage 1: local resolution"),
        (2, "Stage 2: investigation"),
        (3, "Stage 3: review panel"),
    ):
        stage = figures.stages[number]
        sections.append(
            Section(
                f"{name}: timeliness",
                [
                    ("Started", stage.started),
                    ("Extended", stage.extended),
                    *[(item.label, stage.by_timeliness.get(item, 0)) for item in Timeliness],
                ],
                chart=False,
            )
        )
    sections += [
        Section(
            "Referrals to the Ombudsman",
            [
                ("All referrals", figures.ombudsman_total),
                *_labelled(figures.ombudsman, OmbudsmanReferral.Decision.choices),
            ],
            chart=False,
        ),
        Section(
            "Resolving complaints restoratively",
            [
                ("Restorative meeting offered", figures.restorative_offered),
                ("Offer accepted", figures.restorative_accepted),
                ("Meeting held", figures.restorative_held),
            ],
            chart=False,
        ),
        Section(
            "Compliments by theme",
            [
                ("All compliments", figures.compliments),
                *_labelled(figures.compliments_by_theme, Compliment.Theme.choices),
            ],
        ),
        Section(
            "Learning from complaints",
            [
                ("Learning actions raised", figures.learning_raised),
                ("Done", figures.learning_done),
                ("Open", figures.learning_raised - figures.learning_done),
            ],
            chart=False,
        ),
    ]
    return sections


def stage_chart_rows(figures: AnnualFigures) -> list[tuple[str, int]]:
    return [(f"Stage {number}", figures.stages[number].started) for number in (1, 2, 3)]


def timeliness_chart_rows(figures: AnnualFigures) -> list[tuple[str, int]]:
    total: Counter[str] = Counter()
    for stage in figures.stages.values():
        total.update(stage.by_timeliness)
    return [(item.label, total.get(item, 0)) for item in Timeliness]


def learning_action_counts() -> tuple[int, int]:
    """Every learning action, open and done (whatever raised it), in one query."""
    from django.db.models import Count, Q

    counts = LearningAction.objects.aggregate(
        open=Count("id", filter=Q(done_on__isnull=True)),
        done=Count("id", filter=Q(done_on__isnull=False)),
    )
    return int(counts["open"]), int(counts["done"])
