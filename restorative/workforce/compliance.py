"""Training compliance as pure functions: no database, no clock. `today` is always passed in.

Why pure: the status boundaries (the day a course expires, the first day it is "due soon",
the day induction becomes overdue) are where mistakes hide, and a function of plain values
can be tested at every boundary without freezing time or touching the database.

Boundaries (inclusive, in days):
- `valid_until` is the last day a completion counts: on that day it is still valid (due
  soon); the day after, it is overdue.
- "due soon" starts `due_soon_days` before `valid_until` (today >= valid_until - window).
- induction is due `induction_due_days` after the start date: on that day it is not started;
  the day after, overdue. Other required courses without a completion are "not started".
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    COMPLETED = "completed"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    NOT_STARTED = "not_started"
    NOT_REQUIRED = "not_required"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.COMPLETED: "Completed",
    Status.DUE_SOON: "Due soon",
    Status.OVERDUE: "Overdue",
    Status.NOT_STARTED: "Not started",
    Status.NOT_REQUIRED: "Not required",
}
# The order figures are shown in, worst first.
STATUS_ORDER = (
    Status.OVERDUE,
    Status.DUE_SOON,
    Status.NOT_STARTED,
    Status.COMPLETED,
    Status.NOT_REQUIRED,
)


@dataclass(frozen=True)
class CompletionFact:
    completed_on: datetime.date
    valid_until: datetime.date | None


@dataclass(frozen=True)
class Result:
    status: Status
    valid_until: datetime.date | None = None
    due_on: datetime.date | None = None
    completed_on: datetime.date | None = None


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus whole calendar months; 31 January + 1 month is 28 (or 29) February."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def valid_until_for(
    completed_on: datetime.date, validity_months: int | None
) -> datetime.date | None:
    """The last day a completion counts: the day before the same date `validity_months` later.

    Completed on 1 March 2025 with 12 months' validity: valid until 28 February 2026, and a
    refresher is due from 1 March 2026. No validity: it never expires (None).
    """
    if validity_months is None:
        return None
    return add_months(completed_on, validity_months) - datetime.timedelta(days=1)


def _best(completions: Iterable[CompletionFact]) -> CompletionFact | None:
    """The completion that counts: one that never expires, else the latest expiry."""
    best: CompletionFact | None = None
    for fact in completions:
        if best is None:
            best = fact
        elif best.valid_until is None:
            continue
        elif fact.valid_until is None or (fact.valid_until, fact.completed_on) > (
            best.valid_until,
            best.completed_on,
        ):
            best = fact
    return best


def course_status(
    *,
    required: bool,
    completions: Iterable[CompletionFact],
    today: datetime.date,
    due_soon_days: int,
    induction_due_on: datetime.date | None = None,
) -> Result:
    """The compliance status of one person for one course on `today`.

    `induction_due_on` is given only for an induction course and a person with a start date.
    A course the person's role does not need is "not required", even if they did it.
    """
    best = _best(completions)
    status = status_for(
        required,
        best,
        today=today,
        due_soon_from=due_soon_from(today, due_soon_days),
        induction_due_on=induction_due_on,
    )
    if not required:
        return Result(
            status,
            valid_until=best.valid_until if best else None,
            completed_on=best.completed_on if best else None,
        )
    if best is None:
        return Result(status, due_on=induction_due_on)
    if best.valid_until is None:
        return Result(status, completed_on=best.completed_on)
    return Result(
        status,
        valid_until=best.valid_until,
        due_on=best.valid_until + datetime.timedelta(days=1),
        completed_on=best.completed_on,
    )


def due_soon_from(today: datetime.date, due_soon_days: int) -> datetime.date:
    """The last expiry date that is "due soon" rather than completed on `today`.

    `today >= valid_until - due_soon_days` is the same as `valid_until <= today + due_soon_days`:
    working it out once lets thousands of statuses be decided by comparing dates.
    """
    return today + datetime.timedelta(days=due_soon_days)


def status_for(
    required: bool,
    best: CompletionFact | None,
    *,
    today: datetime.date,
    due_soon_from: datetime.date,
    induction_due_on: datetime.date | None = None,
) -> Status:
    """The status alone, from the completion that counts (see `_best`).

    `course_status` is built on this. The organisation-wide figures work the same rule out
    in SQL (`selectors.compliance_figures.pairs_sql`, branch for branch, held to this by
    tests); change both together.
    """
    if not required:
        return Status.NOT_REQUIRED
    if best is None:
        if induction_due_on is not None and today > induction_due_on:
            return Status.OVERDUE
        return Status.NOT_STARTED
    valid_until = best.valid_until
    if valid_until is None:
        return Status.COMPLETED
    if today > valid_until:
        return Status.OVERDUE
    if valid_until <= due_soon_from:
        return Status.DUE_SOON
    return Status.COMPLETED


def is_required(
    *, role: str, is_champion: bool, groups: Iterable[str], champion_group: str
) -> bool:
    """Does a course whose required groups are `groups` apply to this person?"""
    group_set = set(groups)
    return role in group_set or (is_champion and champion_group in group_set)


# --- Advanced training: who may lead, and the champions register (policy §6.1) ------------


class LeadStatus(StrEnum):
    """Where a person's advanced restorative training stands on a day."""

    CURRENT = "current"
    DUE_SOON = "due_soon"
    EXPIRED = "expired"
    NEVER = "never"

    @property
    def label(self) -> str:
        return LEAD_STATUS_LABELS[self]


LEAD_STATUS_LABELS = {
    LeadStatus.CURRENT: "Current",
    LeadStatus.DUE_SOON: "Due soon",
    LeadStatus.EXPIRED: "Expired",
    LeadStatus.NEVER: "Never completed",
}


@dataclass(frozen=True)
class AdvancedTraining:
    status: LeadStatus
    valid_until: datetime.date | None = None
    completed_on: datetime.date | None = None

    @property
    def may_lead(self) -> bool:
        """Current or due soon: still valid today, so they may facilitate and coordinate."""
        return self.status in (LeadStatus.CURRENT, LeadStatus.DUE_SOON)


def advanced_training_status(
    completions: Iterable[CompletionFact], *, today: datetime.date, due_soon_days: int
) -> AdvancedTraining:
    """A person's advanced training on `today`, from their completions of advanced-level
    courses (any of them: the advanced course, the champion programme, an advanced refresher).

    The same boundaries as `course_status`: valid on `valid_until` itself, expired the day
    after; "due soon" from `due_soon_days` before `valid_until`. A completion dated after
    `today` does not count yet. This is the pure form of `permissions.staff_who_may_lead_q`:
    `may_lead` is true exactly when that filter lets the person through.
    """
    best = _best(fact for fact in completions if fact.completed_on <= today)
    if best is None:
        return AdvancedTraining(LeadStatus.NEVER)
    if best.valid_until is None:
        return AdvancedTraining(LeadStatus.CURRENT, completed_on=best.completed_on)
    if today > best.valid_until:
        status = LeadStatus.EXPIRED
    elif today >= best.valid_until - datetime.timedelta(days=due_soon_days):
        status = LeadStatus.DUE_SOON
    else:
        status = LeadStatus.CURRENT
    return AdvancedTraining(status, valid_until=best.valid_until, completed_on=best.completed_on)
