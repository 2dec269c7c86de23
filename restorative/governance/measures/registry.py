"""The measures, each once: what it counts, from where, who answers for it, its caveats."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404

from . import sources

PERCENT = "percent"
COUNT = "count"

# §9: the director is strategically accountable; heads of service and team managers
# operationally; the workforce development team for training.
LEADERS = (
    "The director (strategically); heads of service and team managers for their services "
    "and teams (operationally)"
)
WORKFORCE = "The workforce development team, with team managers for their teams"

# Fewer than this many in the denominator: shown, but flagged as too few to read.
SMALL_NUMBER = 10


@dataclass(frozen=True)
class Measure:
    """One measure of the implementation picture.

    `kind` PERCENT: numerator of denominator, shown as a percentage (range 0 to 100); COUNT:
    how many in the month (the denominator is 1; range 0 upwards). `higher_is_better` says
    which side of the target is good.
    """

    key: str
    name: str
    definition: str
    source: str
    accountable: str
    caveats: str
    kind: str
    compute: Callable[[list[int], datetime.date, datetime.date], dict[int, tuple[int, int]]]
    higher_is_better: bool = True
    policy: str = ""

    @property
    def range(self) -> tuple[Decimal, Decimal | None]:
        """The values a target may take."""
        return (Decimal(0), Decimal(100)) if self.kind == PERCENT else (Decimal(0), None)

    @property
    def range_label(self) -> str:
        return "0 to 100 (per cent)" if self.kind == PERCENT else "0 or more (a number a month)"

    def value(self, numerator: Decimal | int, denominator: Decimal | int) -> Decimal | None:
        """The figure shown: a percentage to one decimal place, or the count itself."""
        if self.kind == COUNT:
            return Decimal(numerator)
        if not denominator:
            return None
        return (Decimal(100) * Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.1"))

    def small(self, denominator: Decimal | int) -> bool:
        """Too few to read (a percentage over fewer than SMALL_NUMBER)."""
        return self.kind == PERCENT and 0 < denominator < SMALL_NUMBER


MEASURES: tuple[Measure, ...] = (
    Measure(
        key="training_mandatory",
        name="Mandatory training in date",
        definition=(
            "Of every course each person must hold (by their role and time in post), the share "
            "they hold in date on the last day of the month: completed and still valid, or "
            "due for renewal soon."
        ),
        source="Training records (completions and course requirements), workforce app",
        accountable=WORKFORCE,
        caveats=(
            "Counted for staff in a team; heads of service and the director are not in a "
            "team's figures. Imported completions count the same as sessions attended."
        ),
        kind=PERCENT,
        compute=sources.training_mandatory,
        policy="§6.1",
    ),
    Measure(
        key="training_advanced",
        name="Advanced restorative training held",
        definition=(
            "Practitioners, newly qualified practitioners and team managers whose advanced "
            "restorative training (any advanced-level course) was valid on the last day of "
            "the month, of all of them."
        ),
        source="Training records, workforce app",
        accountable=WORKFORCE,
        caveats="Not everyone is expected to hold advanced training; read with the target.",
        kind=PERCENT,
        compute=sources.training_advanced,
        policy="§6.1",
    ),
    Measure(
        key="supervision_standard",
        name="Supervision held to the standard",
        definition=(
            "People with an open supervision agreement whose next supervision was not "
            "overdue on the last day of the month (the stricter of the agreed frequency and "
            "the standard for their role and time in post)."
        ),
        source="Supervision records, workforce app",
        accountable=LEADERS,
        caveats="People without an agreement are not counted.",
        kind=PERCENT,
        compute=sources.supervision_standard,
        policy="§6.4",
    ),
    Measure(
        key="supervision_audit_grades",
        name="Supervision audits graded good or outstanding",
        definition="Supervision audits graded in the month as good or outstanding, of all graded.",
        source="Supervision audits, workforce app",
        accountable="Quality assurance, with team managers for their teams",
        caveats="Audits are a sample; a month with few audits is flagged as too few to read.",
        kind=PERCENT,
        compute=sources.supervision_audit_grades,
        policy="§6.4",
    ),
    Measure(
        key="team_circles",
        name="Team circles held",
        definition="Team circles (cohesion, conflict, reflective learning) held in the month.",
        source="Team circles, workforce app",
        accountable="Team managers, with heads of service",
        caveats="A count: a service's or the organisation's is the sum of its teams'.",
        kind=COUNT,
        compute=sources.team_circles,
        policy="§6.4",
    ),
    Measure(
        key="conversations",
        name="Restorative conversations recorded",
        definition="Restorative conversations with families held in the month.",
        source="Restorative conversations, practice app",
        accountable=LEADERS,
        caveats="Counts what is recorded here, not every conversation that took place.",
        kind=COUNT,
        compute=sources.conversations,
        policy="§6.2",
    ),
    Measure(
        key="meetings_on_time",
        name="Statutory meetings held on time",
        definition=(
            "Meetings with a statutory due date in the month that were held on or before it, "
            "of those held or now overdue. Cancelled meetings and those not yet due are not "
            "counted."
        ),
        source="Meetings and their timescales, practice app",
        accountable=LEADERS,
        caveats="Due dates come from the timescale rules; a meeting without one is not counted.",
        kind=PERCENT,
        compute=sources.meetings_on_time,
        policy="§6.3",
    ),
    Measure(
        key="voice_heard",
        name="Views recorded at meetings",
        definition=(
            "People invited to meetings held in the month whose view was recorded (in "
            "person, through an advocate, in writing or through an app), of all invited."
        ),
        source="Meeting participants, practice app",
        accountable=LEADERS,
        caveats="Professionals invited count too.",
        kind=PERCENT,
        compute=sources.voice_heard,
        policy="§7",
    ),
    Measure(
        key="child_words",
        name="Child's own words recorded",
        definition=(
            "Meetings held in the month with a child or young person invited where a child's "
            "view was recorded, of those meetings."
        ),
        source="Meeting participants, practice app",
        accountable=LEADERS,
        caveats="Meetings to which no child was invited are not counted.",
        kind=PERCENT,
        compute=sources.child_words,
        policy="§7",
    ),
    Measure(
        key="decisions_agreed",
        name="Decisions the family agreed with",
        definition=(
            "Decisions made at meetings held in the month that the family agreed with, of all "
            "decisions recorded with the family's position."
        ),
        source="Decisions, practice app",
        accountable=LEADERS,
        caveats="'Agreed with reservations' is not counted as agreed.",
        kind=PERCENT,
        compute=sources.decisions_agreed,
        policy="§6.3, §7",
    ),
)

_BY_KEY = {measure.key: measure for measure in MEASURES}


def measure_get(key: str) -> Measure:
    """The measure with this key, or 404."""
    try:
        return _BY_KEY[key]
    except KeyError as exc:
        raise Http404("No such measure") from exc
