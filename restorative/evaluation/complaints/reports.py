"""The complaint figures and the statutory annual report (issue 12 point 9).

The Children Act 1989 Representations Procedure (England) Regulations 2006, regulation 13,
ask the authority to publish an annual report on the representations it received. Its
figures are worked out here in two steps:

- `report_facts` reads plain rows for one period in a fixed number of queries (one per kind
  of record, whatever the data size);
- `annual_figures` counts them: a pure function, tested against a hand-counted fixture.

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

from ..models import (
    Complaint,
    ComplaintElement,
    ComplaintStage,
    Compliment,
    LearningAction,
    OmbudsmanReferral,
)
from .timescales import Timeliness, overall_outcome, timeliness


def financial_year(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The 1 April to 31 March year `day` is in (annual reports follow it)."""
    start_year = day.year if day.month >= 4 else day.year - 1
    return datetime.date(start_year, 4, 1), datetime.date(start_year + 1, 3, 31)


@dataclass(frozen=True)
class ReportFacts:
    """Plain rows for one period (dicts as `values()` gives them)."""

    start: datetime.date
    end: datetime.date
    complaints: Sequence[Mapping[str, Any]]
    elements: Sequence[Mapping[str, Any]]
    stages: Sequence[Mapping[str, Any]]
    referrals: Sequence[Mapping[str, Any]]
    compliments: Sequence[Mapping[str, Any]]
    learning_actions: Sequence[Mapping[str, Any]]


def report_facts(start: datetime.date, end: datetime.date) -> ReportFacts:
    """Everything the figures need for the period, in six queries."""
    complaints = list(
        Complaint.objects.filter(received_on__range=(start, end)).values(
            "id",
            "procedure",
            "complainant_kind",
            "advocate_offer",
            "restorative_offered_on",
            "restorative_accepted",
            "restorative_held_on",
        )
    )
    elements = list(
        ComplaintElement.objects.filter(complaint__received_on__range=(start, end)).values(
            "complaint_id", "category", "outcome"
        )
    )
    stages = list(
        ComplaintStage.objects.filter(started_on__range=(start, end)).values(
            "number",
            "base_due_on",
            "due_on",
            "report_due_on",
            "response_due_on",
            "responded_on",
        )
    )
    referrals = list(
        OmbudsmanReferral.objects.filter(referred_on__range=(start, end)).values("decision")
    )
    compliments = list(
        Compliment.objects.filter(received_on__range=(start, end)).values("theme", "from_kind")
    )
    learning_actions = list(
        LearningAction.objects.filter(
            source_kind="complaint", created_at__date__range=(start, end)
        ).values("done_on")
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


UNDECIDED = "undecided"


def annual_figures(facts: ReportFacts, *, today: datetime.date) -> AnnualFigures:
    """Count the period's facts (pure: no database, `today` passed in)."""
    figures = AnnualFigures(
        facts.start, facts.end, stages={1: StageFigures(), 2: StageFigures(), 3: StageFigures()}
    )
    for row in facts.complaints:
        figures.received += 1
        figures.by_procedure[row["procedure"]] += 1
        figures.by_complainant[row["complainant_kind"]] += 1
        if row["complainant_kind"] == Complaint.Complainant.CHILD:
            figures.child_complainants += 1
            if row["advocate_offer"] in (
                Complaint.AdvocateOffer.ACCEPTED,
                Complaint.AdvocateOffer.DECLINED,
            ):
                figures.advocate_offered += 1
            if row["advocate_offer"] == Complaint.AdvocateOffer.ACCEPTED:
                figures.advocate_accepted += 1
        if row["restorative_offered_on"]:
            figures.restorative_offered += 1
        if row["restorative_accepted"]:
            figures.restorative_accepted += 1
        if row["restorative_held_on"]:
            figures.restorative_held += 1
    outcomes_by_complaint: dict[int, list[str]] = {}
    for row in facts.elements:
        figures.by_category[row["category"]] += 1
        figures.element_outcomes[row["outcome"] or UNDECIDED] += 1
        outcomes_by_complaint.setdefault(row["complaint_id"], []).append(row["outcome"])
    for row in facts.complaints:
        outcome = overall_outcome(outcomes_by_complaint.get(row["id"], []))
        figures.complaint_outcomes[str(outcome) if outcome else UNDECIDED] += 1
    for row in facts.stages:
        stage = figures.stages[row["number"]]
        stage.started += 1
        if row["due_on"] != row["base_due_on"]:
            stage.extended += 1
        if row["number"] == 3:
            final_due = row["response_due_on"] or row["report_due_on"] or row["due_on"]
            base_due = final_due
        else:
            final_due, base_due = row["due_on"], row["base_due_on"]
        stage.by_timeliness[
            timeliness(base_due=base_due, due=final_due, done_on=row["responded_on"], today=today)
        ] += 1
    for row in facts.referrals:
        figures.ombudsman[row["decision"]] += 1
    for row in facts.compliments:
        figures.compliments += 1
        figures.compliments_by_theme[row["theme"]] += 1
        figures.compliments_by_sender[row["from_kind"]] += 1
    for row in facts.learning_actions:
        figures.learning_raised += 1
        if row["done_on"]:
            figures.learning_done += 1
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
            [
                (label, figures.complaint_outcomes.get(key, 0))
                for key, label in OUTCOME_LABELS.items()
            ],
        ),
        Section(
            "Outcome of each element",
            [
                (label, figures.element_outcomes.get(key, 0))
                for key, label in OUTCOME_LABELS.items()
            ],
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
