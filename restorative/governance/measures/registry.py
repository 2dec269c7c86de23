"""The measures, each once: what it counts, from where, who answers for it, its caveats.

The words of each measure are data, in `measures.toml` beside this module; what a measure is
and how its value is read are here."""

from __future__ import annotations

import datetime
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.http import Http404

from . import evaluation_sources, sources

PERCENT = "percent"
COUNT = "count"
# A mean score out of 100: the sum of the scores over how many there are (feedback, wellbeing).
SCORE = "score"

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
    compute: Callable[[list[int], datetime.date, datetime.date], Mapping[int, tuple[Any, Any]]]
    higher_is_better: bool = True
    policy: str = ""
    # Counted for every place at once ({(service id, team id): figures}; (None, None) is the
    # organisation) when a place's figure is not the sum of its teams' (`evaluation_sources`).
    places: Callable[[datetime.date, datetime.date], Mapping[Any, tuple[Any, Any]]] | None = None
    # Anonymous answers: a place missing from `places` is hidden (fewer than 5, or it could
    # be subtracted to reveal fewer than 5), which the pages say instead of "No data".
    anonymous: bool = False

    @property
    def range(self) -> tuple[Decimal, Decimal | None]:
        """The values a target may take."""
        return (Decimal(0), Decimal(100)) if self.kind in (PERCENT, SCORE) else (Decimal(0), None)

    @property
    def range_label(self) -> str:
        if self.kind == SCORE:
            return "0 to 100 (a score)"
        return "0 to 100 (per cent)" if self.kind == PERCENT else "0 or more (a number a month)"

    def value(self, numerator: Decimal | int, denominator: Decimal | int) -> Decimal | None:
        """The figure shown: a percentage to one decimal place, or the count itself."""
        if self.kind == COUNT:
            return Decimal(numerator)
        if not denominator:
            return None
        if self.kind == SCORE:
            return (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.1"))
        return (Decimal(100) * Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.1"))

    def small(self, denominator: Decimal | int) -> bool:
        """Too few to read (a percentage or a score over fewer than SMALL_NUMBER)."""
        return self.kind in (PERCENT, SCORE) and 0 < denominator < SMALL_NUMBER


def _read(path: Path) -> dict[str, Any]:
    with path.open("rb") as file:
        return tomllib.load(file)


_DATA = _read(Path(__file__).with_name("measures.toml"))
# Who answers for a measure, by the names `measures.toml` gives them.
ACCOUNTABLE: dict[str, str] = _DATA["accountable"]
LEADERS = ACCOUNTABLE["leaders"]


def _load(data: dict[str, Any]) -> tuple[Measure, ...]:
    """The measures as written in `measures.toml` (their words are data: definitions, sources,
    caveats), each computed by the function of its key in `sources`."""
    return tuple(
        Measure(
            **{**entry, "accountable": ACCOUNTABLE[entry["accountable"]]},
            compute=getattr(sources, entry["key"]),
        )
        for entry in data["measure"]
    )


MEASURES: tuple[Measure, ...] = _load(_DATA)

# --- The measures from the evaluation app and the WITH/TO/FOR/NOT split (issue 13 item 2) ---
# Kept apart from the measures above so each group reads (and merges) on its own.

QUALITY = "Quality assurance, with heads of service and team managers for their places"
_EXPERIENCE_SOURCE = "Meeting records (how the work was experienced), practice app"
_EXPERIENCE_CAVEATS = (
    "Recorded at the meeting, by the family or, when they did not say, by the chair; "
    "meetings without it recorded are not counted. The four parts of the split add up to "
    "100%. Families' own answers to the same question in feedback surveys are on the "
    "feedback results page."
)
_FEEDBACK_SOURCE = "Feedback surveys (rolled-up results), evaluation app"
_FEEDBACK_CAVEATS = (
    "Each scored answer becomes 0 to 100 (scales, faces and yes or no alike) and the figure "
    "is their mean, over the answers given in the month. Answers are counted under the team "
    "the link was sent for. Only those who chose to answer are counted."
)
_WELLBEING_CAVEATS = (
    "Anonymous: a group of fewer than 5 respondents is never shown, nor a group whose "
    "figure could be subtracted from another to reveal fewer than 5 (the same rule as the "
    "staff survey's results). A month shows the latest round that had opened by its end, "
    "so one round stands for the months until the next."
)


def _experience_measure(value: str, label: str, higher_is_better: bool) -> Measure:
    return Measure(
        key=f"experience_{value}",
        name=f"Work experienced as done {label}",
        definition=(
            f"Meetings held in the month where the work was recorded as done {label} the "
            "family (the social discipline window), of all meetings held with how it was "
            "experienced recorded."
        ),
        source=_EXPERIENCE_SOURCE,
        accountable=LEADERS,
        caveats=_EXPERIENCE_CAVEATS,
        kind=PERCENT,
        compute=evaluation_sources.experience(value),
        higher_is_better=higher_is_better,
        policy="§4, §8",
    )


def _feedback_measure(key: str, name: str, who: str, **about: str) -> Measure:
    return Measure(
        key=key,
        name=name,
        definition=(
            f"The mean score, out of 100, of the scored answers {who} gave in feedback "
            "surveys in the month (being listened to, understanding, a say in the plan, "
            "respect, trust)."
        ),
        source=_FEEDBACK_SOURCE,
        accountable=LEADERS,
        caveats=_FEEDBACK_CAVEATS,
        kind=SCORE,
        compute=evaluation_sources.feedback_score(**about),
        policy="§5, §8",
    )


def _wellbeing_measure(key: str, name: str, theme: str, what: str) -> Measure:
    places = evaluation_sources.wellbeing_theme(theme)
    return Measure(
        key=key,
        name=name,
        definition=(
            f"The staff survey's {what}: the mean answer on 0 to 10, as a score out of 100, "
            "of the staff who answered the latest round."
        ),
        source="Staff wellbeing survey (anonymous answers), evaluation app",
        accountable=(
            "The director (strategically); heads of service and team managers for their "
            "services and teams"
        ),
        caveats=_WELLBEING_CAVEATS,
        kind=SCORE,
        compute=evaluation_sources.teams_of(places),
        places=places,
        anonymous=True,
        policy="§6.4, §6.5",
    )


MEASURES = MEASURES + (
    _experience_measure("with", "WITH", higher_is_better=True),
    _experience_measure("to", "TO", higher_is_better=False),
    _experience_measure("for", "FOR", higher_is_better=False),
    _experience_measure("not", "NOT", higher_is_better=False),
    _feedback_measure(
        "feedback_children",
        "Children's feedback score",
        "children and young people",
        respondent_kind="child",
    ),
    _feedback_measure(
        "feedback_families",
        "Parents' and carers' feedback score",
        "parents and carers",
        respondent_kind="parent_carer",
    ),
    _feedback_measure(
        "feedback_partners",
        "Partners' feedback score",
        "partner professionals",
        respondent_kind="partner",
    ),
    _feedback_measure(
        "feedback_listened_to",
        "Felt listened to (feedback)",
        "children, parents, carers and partners (on being listened to only)",
        theme="listened_to",
    ),
    _wellbeing_measure(
        "wellbeing_personal",
        "Staff wellbeing (personal wellbeing)",
        "personal_wellbeing",
        "four ONS personal wellbeing questions",
    ),
    _wellbeing_measure(
        "wellbeing_safety",
        "Staff wellbeing (psychological safety)",
        "psychological_safety",
        "three questions on psychological safety in the team",
    ),
    Measure(
        key="case_audit_grades",
        name="Case-file audits graded good or outstanding",
        definition=(
            "Case-file audits finished in the month whose final grade (after any moderation) "
            "is good or outstanding, of all finished with a grade."
        ),
        source="Case-file audits, evaluation app",
        accountable=QUALITY,
        caveats=(
            "Audits are a sample (random or targeted by a rule); a targeted programme finds "
            "weaker work by design. A month with few audits is flagged as too few to read."
        ),
        kind=PERCENT,
        compute=evaluation_sources.case_audit_grades,
        policy="§9",
    ),
    Measure(
        key="complaints_on_time",
        name="Complaint stages answered on time",
        definition=(
            "Complaint stages due in the month answered within their timescale or an agreed "
            "extension, of those answered or now overdue."
        ),
        source="Complaints and their stages, evaluation app",
        accountable=LEADERS,
        caveats=(
            "A complaint about a service but no team counts in the service and the "
            "organisation only. Stages not yet due are not counted."
        ),
        kind=PERCENT,
        compute=evaluation_sources.teams_of(evaluation_sources.complaints_on_time),
        places=evaluation_sources.complaints_on_time,
        policy="§9",
    ),
    Measure(
        key="complaints_upheld",
        name="Complaints upheld in full or in part",
        definition=(
            "Complaints closed in the month upheld in full or in part, of all closed with "
            "every element decided."
        ),
        source="Complaints and their outcomes, evaluation app",
        accountable=LEADERS,
        caveats=(
            "Lower is better, but read with the learning it led to: a complaint upheld and "
            "learned from is the procedure working. A complaint about a service but no team "
            "counts in the service and the organisation only."
        ),
        kind=PERCENT,
        compute=evaluation_sources.teams_of(evaluation_sources.complaints_upheld),
        places=evaluation_sources.complaints_upheld,
        higher_is_better=False,
        policy="§9",
    ),
    Measure(
        key="compliments",
        name="Compliments received",
        definition="Compliments received in the month, from families, partners and colleagues.",
        source="Compliments, evaluation app",
        accountable=LEADERS,
        caveats=(
            "A count of those recorded. A compliment about no team counts only in the "
            "organisation's figure."
        ),
        kind=COUNT,
        compute=evaluation_sources.teams_of(evaluation_sources.compliments),
        places=evaluation_sources.compliments,
        policy="§9",
    ),
    Measure(
        key="learning_actions_done",
        name="Learning actions done on time",
        definition=(
            "Learning actions (from complaints, audits and other findings) due in the month "
            "that were done by their date, of all due in the month."
        ),
        source="Learning actions, evaluation app",
        accountable=QUALITY,
        caveats=(
            "An action with no team counts only in the organisation's figure. An action "
            "done late counts as not done on time."
        ),
        kind=PERCENT,
        compute=evaluation_sources.teams_of(evaluation_sources.learning_actions_done),
        places=evaluation_sources.learning_actions_done,
        policy="§9, §10",
    ),
)

_BY_KEY = {measure.key: measure for measure in MEASURES}


def measure_get(key: str) -> Measure:
    """The measure with this key, or 404."""
    try:
        return _BY_KEY[key]
    except KeyError as exc:
        raise Http404("No such measure") from exc
