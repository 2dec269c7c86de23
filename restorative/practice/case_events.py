"""Events from the case management system (Mosaic, LCS, Eclipse...) instead of double typing
(issue 10 point 5; README "Case-system events").

The case system is where strategy discussions, section 47 enquiries, conference outcomes, child
protection plans starting and ending, a child becoming (and ceasing to be) looked after and
referral orders are first recorded. Each arrives here as an event keyed by the family's case
reference and the event's own id, and `case_event_apply` does to the meeting chain what a
practitioner would: puts the initial conference on the due list, moves its due date, records a
conference's outcome (which adds or cancels what follows), ends the chain when the plan ends,
makes the first looked-after review due when a child becomes looked after (and cancels what is
due when they stop being looked after), and makes the first and final youth justice panels due.
The API (`POST /api/case-events/`), the CSV page and `manage.py import_case_events` all call
it.

- **Once only.** An event id already received (per organisation) changes nothing: the stored
  event is answered again. The same id with other details is refused, never applied twice.
- **Refused whole.** An event for a family the sender's organisation does not hold
  (`UnknownFamily`) or dated in the future changes nothing and stores nothing. A CSV file is
  applied in one transaction: one bad line and nothing is imported; every bad line is listed.
- **On the trail.** Every meeting added, moved, held or cancelled writes an access-trail line
  naming the integration account and the event (channel "api", "csv" or "command").
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from restorative.core.csv_import import (
    Column,
    ImportFileError,
    RowError,
    decode_csv_bytes,
    parse_csv_date,
    read_header,
    shown,
)
from restorative.core.models import AccessEvent
from restorative.people.models import Family, Staff

from . import permissions, services
from .models import (
    CONFERENCE_OUTCOMES,
    CaseEvent,
    ConferenceOutcome,
    Meeting,
    MeetingType,
    PlanCategory,
    Trigger,
)

Kind = CaseEvent.Kind

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_FILE_LABEL = "5 MB"
COLUMNS = (
    "event_id",
    "kind",
    "case_reference",
    "occurred_on",
    "conference",
    "conference_outcome",
    "plan_category",
    "order_ends_on",
)
REQUIRED_COLUMNS = ("event_id", "kind", "case_reference", "occurred_on")


COLUMN_GUIDE = (
    Column(
        "event_id",
        True,
        "The event's own id in the case management system. An id already received changes nothing.",
        "MOSAIC-88121",
    ),
    Column("kind", True, "What happened: " + ", ".join(Kind.values) + ".", "strategy_discussion"),
    Column("case_reference", True, "The family's case reference.", "MOS-102934"),
    Column(
        "occurred_on",
        True,
        "When it happened, today or before: YYYY-MM-DD or DD/MM/YYYY. For section_47, the day "
        "of the strategy discussion at which the enquiries began.",
        "2026-11-30",
    ),
    Column(
        "conference",
        False,
        "For conference_outcome: initial_conference or review_conference.",
        "initial_conference",
    ),
    Column(
        "conference_outcome",
        False,
        "For conference_outcome: plan_made or no_plan (initial), plan_continues or plan_ended "
        "(review).",
        "plan_made",
    ),
    Column(
        "plan_category",
        False,
        "With plan_made, and for plan_started: " + ", ".join(PlanCategory.values) + ".",
        "neglect",
    ),
    Column(
        "order_ends_on",
        False,
        "For youth_justice_order: when the referral order ends (the final panel is due before).",
        "2027-06-30",
    ),
)
UNKNOWN_FAMILY = "No family with this case reference is held by your organisation"


class UnknownFamily(Exception):
    """The case reference names no family of the sender's organisation (the API answers 404,
    as for a family that does not exist)."""


@dataclass(frozen=True)
class CaseEventInput:
    """One event as the case system sends it."""

    source_event_id: str
    kind: str
    case_reference: str
    occurred_on: datetime.date
    conference: str = ""
    conference_outcome: str = ""
    plan_category: str = ""
    order_ends_on: datetime.date | None = None

    @classmethod
    def from_columns(cls, values: Mapping[str, Any]) -> CaseEventInput:
        """The event from its values named as the file's columns (COLUMNS): a CSV row's
        cells, or the fields the API takes."""
        return cls(
            source_event_id=values["event_id"],
            kind=values["kind"],
            case_reference=values["case_reference"],
            occurred_on=values["occurred_on"],
            conference=values["conference"],
            conference_outcome=values["conference_outcome"],
            plan_category=values["plan_category"],
            order_ends_on=values["order_ends_on"],
        )


@dataclass
class CaseEventResult:
    event: CaseEvent
    created: bool


def _date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def case_event_errors(event: CaseEventInput) -> dict[str, str]:
    """Why this event cannot be applied, by field (empty when it can): the checks that need no
    database, so the CSV import can list every bad line before applying any."""
    errors: dict[str, str] = {}
    if not event.source_event_id.strip():
        errors["event_id"] = "Enter the event's id in the case management system"
    elif len(event.source_event_id) > 100:
        errors["event_id"] = "The event id must be 100 characters or fewer"
    if event.kind not in Kind.values:
        errors["kind"] = f"The kind must be one of: {', '.join(Kind.values)}"
    if not event.case_reference.strip():
        errors["case_reference"] = "Enter the family's case reference"
    if event.occurred_on > timezone.localdate():
        errors["occurred_on"] = "The date of the event must be today or in the past"
    if event.kind == Kind.CONFERENCE_OUTCOME:
        if event.conference not in CONFERENCE_OUTCOMES:
            errors["conference"] = "The conference must be initial_conference or review_conference"
        else:
            errors.update(
                services.conference_outcome_errors(
                    meeting_type=event.conference,
                    outcome=event.conference_outcome,
                    category=event.plan_category,
                )
            )
            if not event.conference_outcome:
                errors["conference_outcome"] = "Enter the conference's outcome"
    if event.kind == Kind.PLAN_STARTED and event.plan_category not in PlanCategory.values:
        errors["plan_category"] = "Enter the category of the child protection plan"
    if (
        event.kind == Kind.YOUTH_JUSTICE_ORDER
        and event.order_ends_on is not None
        and event.order_ends_on <= event.occurred_on
    ):
        errors["order_ends_on"] = "The order must end after the day it was made"
    return errors


def _same_details(stored: CaseEvent, event: CaseEventInput, family: Family) -> bool:
    return (
        stored.kind == event.kind
        and stored.family_id == family.pk
        and stored.occurred_on == event.occurred_on
        and stored.conference == event.conference
        and stored.conference_outcome == event.conference_outcome
        and stored.plan_category == event.plan_category
        and stored.order_ends_on == event.order_ends_on
    )


def family_for_event(actor: Staff, case_reference: str) -> Family:
    """The family of the sender's organisation with this case reference, or UnknownFamily."""
    if actor.organisation_id is None:
        raise UnknownFamily(UNKNOWN_FAMILY)
    family = (
        Family.objects.select_related("team")
        .filter(
            case_reference=case_reference.strip(),
            team__service__organisation_id=actor.organisation_id,
        )
        .first()
    )
    if family is None:
        raise UnknownFamily(UNKNOWN_FAMILY)
    return family


@transaction.atomic
def case_event_apply(
    *,
    actor: Staff,
    event: CaseEventInput,
    channel: str = CaseEvent.Channel.API,
    request: HttpRequest | None = None,
) -> CaseEventResult:
    """Apply one case-system event to the family's meeting chain, once.

    Raises PermissionDenied for an account without `practice.submit_case_events`,
    UnknownFamily for a case reference the organisation does not hold, and ValidationError
    for anything else wrong (a date in the future, a missing outcome, an event id already used
    with other details). Nothing is changed or stored when it raises.
    """
    if not permissions.can_submit_case_events(actor):
        raise PermissionDenied
    errors = case_event_errors(event)
    if errors:
        raise ValidationError(errors)
    family = family_for_event(actor, event.case_reference)
    organisation_id = actor.organisation_id
    assert organisation_id is not None  # can_submit_case_events holds it
    source_id = event.source_event_id.strip()
    stored = CaseEvent.objects.filter(
        organisation_id=organisation_id, source_event_id=source_id
    ).first()
    if stored is not None:
        if not _same_details(stored, event, family):
            raise ValidationError(
                {"event_id": "This event id was already received with other details"}
            )
        return CaseEventResult(stored, created=False)

    label = f"case system event {shown(source_id, 40)}"
    applying = _Applying(actor, family, event, label, request, channel)
    APPLY[Kind(event.kind)](applying)
    row = CaseEvent(
        organisation_id=organisation_id,
        source_event_id=source_id,
        kind=event.kind,
        case_reference=family.case_reference,
        family=family,
        occurred_on=event.occurred_on,
        conference=event.conference,
        conference_outcome=event.conference_outcome,
        plan_category=event.plan_category,
        order_ends_on=event.order_ends_on,
        received_by=actor,
        channel=channel,
        outcome=" ".join(applying.said) or "Recorded; no meeting changed.",
    )
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        # The same event sent twice at once: the first one stands, this one changes nothing.
        raise ValidationError(
            {"event_id": "This event is being received already: send it again to see it"}
        ) from None
    row.meetings.set(applying.meetings)
    return CaseEventResult(row, created=True)


@dataclass
class _Applying:
    """One event being applied: who sent it, to which family, how the access trail names it,
    and what it has done so far (in words, and the meetings it touched). Each kind's handler
    below takes it whole, so the handlers differ only in what they do."""

    actor: Staff
    family: Family
    event: CaseEventInput
    label: str
    request: HttpRequest | None
    channel: str
    said: list[str] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)

    def trail(self, meeting: Meeting, what: str, action: str = AccessEvent.Action.CHANGE) -> None:
        """An access-trail line for a meeting this event changed, naming the event."""
        services.record_access(
            actor=self.actor,
            family=meeting.family,
            subject=meeting,
            action=action,
            reason=f"{what} ({self.label})",
            request=self.request,
            channel=self.channel,
        )

    def add_due(self, meeting_type: str, trigger: str, on: datetime.date) -> Meeting:
        """A meeting of this type becomes due from `trigger` on `on`."""
        meeting = services.meeting_due_add(
            actor=self.actor,
            family=self.family,
            meeting_type=meeting_type,
            trigger=trigger,
            trigger_date=on,
        )
        meeting.family = self.family
        self.trail(meeting, "made the meeting due", AccessEvent.Action.CREATE)
        assert meeting.due_date is not None
        self.said.append(f"{meeting.get_meeting_type_display()} due by {_date(meeting.due_date)}.")
        self.meetings.append(meeting)
        return meeting

    def add_due_unless_open(self, meeting_type: str, trigger: str, already_due: str) -> None:
        """A meeting of this type becomes due from `trigger` on the event's date, unless one
        is open already: then `already_due` is said and nothing changes."""
        if _open(self.family, meeting_type) is not None:
            self.said.append(already_due)
            return
        self.add_due(meeting_type, trigger, self.event.occurred_on)

    def chain_changed(self, change: services.ChainChange) -> None:
        """Say what the meeting chain added and cancelled."""
        for added in change.added:
            assert added.due_date is not None
            self.said.append(f"{added.get_meeting_type_display()} due by {_date(added.due_date)}.")
        if change.cancelled:
            self.said.append(
                f"{len(change.cancelled)} meeting{'s' if len(change.cancelled) != 1 else ''} "
                "not yet held cancelled."
            )
        self.meetings.extend(change.added + change.cancelled)

    def end_chain(self, chain: tuple[str, ...], what_ended: str, none_due: str) -> None:
        """`what_ended` (a plan, a time in care) ended on the event's date: the meetings of
        `chain` not yet held are cancelled with that reason, or `none_due` is said."""
        cancelled = services.chain_end(
            actor=self.actor,
            family=self.family,
            reason=(
                f"{what_ended} on {_date(self.event.occurred_on)} "
                f"(recorded in the case management system)"
            ),
            request=self.request,
            channel=self.channel,
            chain=chain,
        )
        self.chain_changed(services.ChainChange(added=[], cancelled=cancelled))
        if not cancelled:
            self.said.append(none_due)


def _open(family: Family, meeting_type: str) -> Meeting | None:
    return (
        Meeting.objects.select_for_update()
        .filter(family=family, meeting_type=meeting_type, status__in=Meeting.OPEN_STATUSES)
        .order_by("due_date", "id")
        .first()
    )


def _strategy_discussion(applying: _Applying) -> None:
    """The initial conference becomes due (15 working days, by the organisation's rule),
    unless one is already due from an earlier discussion."""
    applying.add_due_unless_open(
        MeetingType.INITIAL_CONFERENCE,
        Trigger.STRATEGY_DISCUSSION,
        "An initial conference is already due; nothing changed.",
    )


def _section_47(applying: _Applying) -> None:
    """Section 47 enquiries began at the strategy discussion on `occurred_on`: the initial
    conference is due from that discussion (Working Together: "the one at which section 47
    enquiries began, if several"), so an open one moves to it; none open, one is added."""
    occurred_on = applying.event.occurred_on
    current = _open(applying.family, MeetingType.INITIAL_CONFERENCE)
    if current is None:
        applying.add_due(MeetingType.INITIAL_CONFERENCE, Trigger.STRATEGY_DISCUSSION, occurred_on)
        return
    due, rule = services.meeting_due_date(
        meeting_type=MeetingType.INITIAL_CONFERENCE,
        trigger=Trigger.STRATEGY_DISCUSSION,
        trigger_date=occurred_on,
    )
    if (
        rule is None
        or due is None
        or (current.trigger_date == occurred_on and current.due_date == due)
    ):
        applying.said.append("The initial conference is already due from this discussion.")
        return
    current.trigger = Trigger.STRATEGY_DISCUSSION
    current.trigger_date = occurred_on
    current.due_date = due
    current.timescale_rule = rule
    services.full_clean(current)
    current.save(
        update_fields=["trigger", "trigger_date", "due_date", "timescale_rule", "updated_at"]
    )
    current.family = applying.family
    applying.trail(current, "moved the meeting's due date")
    applying.said.append(f"Initial conference now due by {_date(due)}.")
    applying.meetings.append(current)


def _conference_outcome(applying: _Applying) -> None:
    """The conference was held on `occurred_on` with this outcome: the open one is recorded as
    held (or a held one is added), then the chain goes on or ends by the same rules as the
    meeting record page (`services.chain_apply`)."""
    event, family = applying.event, applying.family
    meeting = _open(family, event.conference)
    if meeting is None:
        meeting = Meeting(family=family, meeting_type=event.conference, created_by=applying.actor)
    meeting.status = Meeting.Status.HELD
    meeting.held_on = event.occurred_on
    meeting.conference_outcome = event.conference_outcome
    meeting.plan_category = (
        event.plan_category if event.conference_outcome == ConferenceOutcome.PLAN_MADE else ""
    )
    services.full_clean(meeting)
    meeting.save()
    meeting.family = family
    applying.trail(meeting, "recorded the conference's outcome")
    applying.said.append(
        f"{meeting.get_meeting_type_display()} held on {_date(event.occurred_on)}: "
        f"{ConferenceOutcome(event.conference_outcome).label.lower()}."
    )
    applying.meetings.append(meeting)
    applying.chain_changed(
        services.chain_apply(
            meeting, applying.actor, request=applying.request, channel=applying.channel
        )
    )


def _plan_started(applying: _Applying) -> None:
    """A plan recorded in the case system: the first core group and review become due from its
    start, as after an initial conference, unless the chain is already running here."""
    running = Meeting.objects.filter(
        family=applying.family,
        meeting_type__in=services.CHILD_PROTECTION_CHAIN,
        status__in=Meeting.OPEN_STATUSES,
    ).exists()
    if running:
        applying.said.append("Core groups and reviews are already due; nothing changed.")
        return
    for meeting_type in (MeetingType.CORE_GROUP, MeetingType.REVIEW_CONFERENCE):
        applying.add_due(meeting_type, Trigger.INITIAL_CONFERENCE, applying.event.occurred_on)


def _plan_ended(applying: _Applying) -> None:
    """The plan ended: the chain ends, and what was due is cancelled with the reason."""
    applying.end_chain(
        services.CHILD_PROTECTION_CHAIN,
        "The child protection plan ended",
        "No core group or review was due.",
    )


def _looked_after(applying: _Applying) -> None:
    """The child became looked after: the first looked-after review becomes due (20 working
    days, by the organisation's rule), as a practitioner scheduling it from that date would
    make it; each review held then makes the next due (3 months, then every 6 months).
    Nothing changes when a looked-after review is already due."""
    applying.add_due_unless_open(
        MeetingType.LOOKED_AFTER_REVIEW,
        Trigger.LOOKED_AFTER,
        "A looked-after review is already due; nothing changed.",
    )


def _looked_after_ended(applying: _Applying) -> None:
    """The child stopped being looked after: the looked-after reviews not yet held are
    cancelled with the reason, so none stays on a due list."""
    applying.end_chain(
        services.LOOKED_AFTER_CHAIN,
        "The child stopped being looked after",
        "No looked-after review was due.",
    )


def _youth_justice_order(applying: _Applying) -> None:
    """A referral order: the first panel becomes due (20 working days by the organisation's
    rule) and, when the end date is sent, the final panel before the order ends."""
    event = applying.event
    applying.add_due(MeetingType.YOUTH_JUSTICE_PANEL, Trigger.REFERRAL_ORDER, event.occurred_on)
    if event.order_ends_on is not None:
        applying.add_due(
            MeetingType.YOUTH_JUSTICE_PANEL, Trigger.REFERRAL_ORDER_END, event.order_ends_on
        )


def _incident(applying: _Applying) -> None:
    """An incident (harm, conflict, a police call-out): kept for governance's conflict
    reduction, which counts repeat incidents around a family's circle; no meeting changes."""
    applying.said.append("Recorded for the outcome measures; no meeting changed.")


APPLY = {
    Kind.STRATEGY_DISCUSSION: _strategy_discussion,
    Kind.SECTION_47: _section_47,
    Kind.CONFERENCE_OUTCOME: _conference_outcome,
    Kind.PLAN_STARTED: _plan_started,
    Kind.PLAN_ENDED: _plan_ended,
    Kind.LOOKED_AFTER: _looked_after,
    Kind.LOOKED_AFTER_ENDED: _looked_after_ended,
    Kind.YOUTH_JUSTICE_ORDER: _youth_justice_order,
    Kind.INCIDENT: _incident,
}


# --- A CSV file of events ------------------------------------------------------------------


@dataclass
class ImportResult:
    """A CSV import: every problem with its line (nothing imported), or the events applied."""

    errors: list[RowError]
    applied: int = 0
    repeated: int = 0


def _cell(row: list[str], positions: dict[str, int], name: str) -> str:
    index = positions.get(name)
    return row[index].strip() if index is not None and index < len(row) else ""


def _row_event(
    line: int, row: list[str], positions: dict[str, int]
) -> tuple[CaseEventInput | None, list[RowError]]:
    errors: list[RowError] = []
    dates: dict[str, datetime.date | None] = {}
    for name in ("occurred_on", "order_ends_on"):
        value = _cell(row, positions, name)
        dates[name] = parse_csv_date(value) if value else None
        if value and dates[name] is None:
            errors.append(
                RowError(line, name, f"{shown(value)} is not a date: use YYYY-MM-DD or DD/MM/YYYY")
            )
    if dates["occurred_on"] is None:
        if not _cell(row, positions, "occurred_on"):
            errors.append(RowError(line, "occurred_on", "Enter the date of the event"))
        return None, errors
    event = CaseEventInput.from_columns(
        {**{name: _cell(row, positions, name) for name in COLUMNS}, **dates}
    )
    errors += [RowError(line, name, message) for name, message in case_event_errors(event).items()]
    return (None if errors else event), errors


def case_events_import(
    *, actor: Staff, data: bytes, channel: str = CaseEvent.Channel.CSV
) -> ImportResult:
    """Apply a CSV file of events, in file order, all or nothing.

    Raises ImportFileError when the file cannot be read at all. Every line is checked; if any
    line has a problem (a date in the future, an unknown family, a missing outcome...) nothing
    is imported and every problem is listed with its line (the header is line 1).
    """
    if not permissions.can_submit_case_events(actor):
        raise PermissionDenied
    text = decode_csv_bytes(data, max_bytes=MAX_FILE_BYTES, max_label=MAX_FILE_LABEL)
    reader = csv.reader(io.StringIO(text, newline=""))
    _, positions, errors = read_header(reader, known=COLUMNS, required=REQUIRED_COLUMNS)
    if errors:
        return ImportResult(errors=errors)
    events: list[tuple[int, CaseEventInput]] = []
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            event, row_errors = _row_event(line, row, positions)
            errors += row_errors
            if event is not None:
                events.append((line, event))
    except csv.Error as exc:
        errors.append(RowError(reader.line_num, "", f"The line could not be read as CSV ({exc})"))
    if not events and not errors:
        raise ImportFileError("The file has no events, only a header row")
    result = ImportResult(errors=errors)
    with transaction.atomic():
        for line, event in events:
            try:
                with transaction.atomic():
                    applied = case_event_apply(actor=actor, event=event, channel=channel)
            except UnknownFamily as problem:
                errors.append(RowError(line, "case_reference", str(problem)))
                continue
            except ValidationError as problem:
                by_field = (
                    problem.message_dict
                    if hasattr(problem, "error_dict")
                    else {"": problem.messages}
                )
                for name, messages in by_field.items():
                    column = name if name in COLUMNS else ""
                    errors.extend(RowError(line, column, message) for message in messages)
                continue
            if applied.created:
                result.applied += 1
            else:
                result.repeated += 1
        if errors:
            transaction.set_rollback(True)
            result.errors = sorted(errors, key=lambda error: error.line)
            result.applied = result.repeated = 0
    return result
