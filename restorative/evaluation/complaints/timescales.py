"""The representations procedure's timescales as pure functions (reference/timescales.md).

Children Act 1989 Representations Procedure (England) Regulations 2006 and its guidance:
- stage 1: a response within 10 working days, which may be extended to 20 for a complex case;
- stage 2: an investigation within 25 working days, which may be extended to 65;
- stage 3: the review panel meets within 30 working days of the request, sends its report
  within 5 working days of meeting, and the authority responds within 15 working days of
  the report.

Working days are counted with `core.working_days` (England and Wales bank holidays by
default; Christmas Day, Boxing Day and Good Friday are bank holidays in every nation). The
day the clock starts never counts. Nothing here reads the database or the clock: the numbers
come in as a `Timescales` (the organisation's own table, `ComplaintTimescales`, gives one) and
`today` is passed in, so every boundary day can be tested.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass

from restorative.core.working_days import add_working_days


@dataclass(frozen=True)
class Timescales:
    """How many working days each step has. The defaults are the regulations' numbers."""

    stage1_days: int = 10
    stage1_max_days: int = 20
    stage2_days: int = 25
    stage2_max_days: int = 65
    stage3_panel_days: int = 30
    stage3_report_days: int = 5
    stage3_response_days: int = 15

    def base_days(self, stage: int) -> int:
        """The working days a stage has before any extension."""
        return {1: self.stage1_days, 2: self.stage2_days, 3: self.stage3_panel_days}[stage]

    def max_days(self, stage: int) -> int | None:
        """The most working days an extension may give a stage (stage 3 cannot be extended)."""
        return {1: self.stage1_max_days, 2: self.stage2_max_days}.get(stage)


STATUTORY = Timescales()


def stage_due(
    started_on: datetime.date,
    working_days: int,
    nation: str = "ENG",
) -> datetime.date:
    """The date a stage is due: `working_days` after the day it started (that day not counted)."""
    return add_working_days(started_on, working_days, nation)


def extension_problem(
    stage: int, current_days: int, new_days: int, timescales: Timescales = STATUTORY
) -> str | None:
    """Why an extension to `new_days` working days may not be given, or None when it may.

    An extension must give more time than the stage has already and no more than the
    regulations allow (20 at stage 1, 65 at stage 2); stage 3 has none.
    """
    most = timescales.max_days(stage)
    if most is None:
        return "A stage 3 review panel's timescales cannot be extended"
    if new_days <= current_days:
        return (
            f"An extension must give more than the {current_days} working days "
            "this stage already has"
        )
    if new_days > most:
        return f"Stage {stage} can be extended to {most} working days at most"
    return None


@dataclass(frozen=True)
class Stage3Dates:
    """The three deadlines of a review panel; the later two exist once the step before is done."""

    panel_due: datetime.date
    report_due: datetime.date | None
    response_due: datetime.date | None


def stage3_dates(
    requested_on: datetime.date,
    *,
    panel_held_on: datetime.date | None = None,
    report_sent_on: datetime.date | None = None,
    timescales: Timescales = STATUTORY,
    nation: str = "ENG",
) -> Stage3Dates:
    """Panel within 30 working days of the request; report within 5 of the panel; the
    authority's response within 15 of the report."""
    return Stage3Dates(
        panel_due=add_working_days(requested_on, timescales.stage3_panel_days, nation),
        report_due=(
            add_working_days(panel_held_on, timescales.stage3_report_days, nation)
            if panel_held_on
            else None
        ),
        response_due=(
            add_working_days(report_sent_on, timescales.stage3_response_days, nation)
            if report_sent_on
            else None
        ),
    )


class Timeliness(enum.StrEnum):
    """How a stage stands against its deadline."""

    ON_TIME = "on_time"
    IN_EXTENSION = "in_extension"
    LATE = "late"
    OPEN = "open"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return TIMELINESS_LABELS[self]


TIMELINESS_LABELS = {
    Timeliness.ON_TIME: "Within the timescale",
    Timeliness.IN_EXTENSION: "Within an extended timescale",
    Timeliness.LATE: "Late",
    Timeliness.OPEN: "Open, not yet due",
    Timeliness.OVERDUE: "Open and overdue",
}


def timeliness(
    *,
    base_due: datetime.date,
    due: datetime.date,
    done_on: datetime.date | None,
    today: datetime.date,
) -> Timeliness:
    """A stage against its deadline. Done on its due day is on time; open on its due day is
    not yet overdue. `base_due` is the deadline without any extension, `due` with them."""
    if done_on is None:
        return Timeliness.OVERDUE if today > due else Timeliness.OPEN
    if done_on <= base_due:
        return Timeliness.ON_TIME
    if done_on <= due:
        return Timeliness.IN_EXTENSION
    return Timeliness.LATE


class Outcome(enum.StrEnum):
    UPHELD = "upheld"
    PARTLY_UPHELD = "partly_upheld"
    NOT_UPHELD = "not_upheld"


def overall_outcome(element_outcomes: list[str]) -> Outcome | None:
    """A complaint's outcome from its elements': upheld when every element is upheld, not
    upheld when none is upheld even in part, partly upheld otherwise. None until every
    element has an outcome (the annual report counts only decided complaints)."""
    if not element_outcomes or any(not outcome for outcome in element_outcomes):
        return None
    if all(outcome == Outcome.UPHELD for outcome in element_outcomes):
        return Outcome.UPHELD
    if all(outcome == Outcome.NOT_UPHELD for outcome in element_outcomes):
        return Outcome.NOT_UPHELD
    return Outcome.PARTLY_UPHELD
