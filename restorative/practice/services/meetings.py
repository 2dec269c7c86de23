"""Writes for meetings: scheduling (due dates from the timescale rules, who may chair or
lead), recording a held meeting and every voice, and the statutory chain it starts or ends.
Decisions made with the family at a meeting are in `decisions`."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from restorative.core.models import AccessEvent
from restorative.core.submission import submission_create, submission_find
from restorative.people.models import Family, FamilyMember, Staff
from restorative.workforce import permissions as workforce_permissions

from .. import permissions, selectors, timescales
from ..models import (
    CIRCLES,
    CONFERENCE_OUTCOMES,
    EVENT_TRIGGERS,
    ConferenceOutcome,
    Meeting,
    MeetingParticipant,
    MeetingType,
    PlanCategory,
    TimescaleRule,
    Trigger,
)
from .common import (
    OtherPerson,
    family_members_only,
    full_clean,
    record_change,
)

RECORD_SECTIONS = (
    "what_happened",
    "who_affected",
    "working_well",
    "worries",
    "next_steps",
    "information_giving",
    "family_plan",
)


# --- Meetings ---------------------------------------------------------------------------


# The access-trail line for a change to a meeting's record (`reason` says which).
record_meeting_change = record_change


def meeting_due_date(
    *,
    meeting_type: str,
    trigger: str,
    trigger_date: datetime.date | None,
    family: Family | None = None,
) -> tuple[datetime.date | None, TimescaleRule | None]:
    """When a meeting of this type is due after this trigger, and the rule that says so.

    The first review after an unborn baby's birth is due by the birth rule or the initial
    conference's review rule, whichever is sooner (timescales.md): with the `family`, the
    sooner of the two is the due date."""
    if not trigger or trigger_date is None:
        return None, None
    rule = timescales.rule_for(trigger, meeting_type)
    if rule is None:
        return None, None
    due = timescales.due_date_for(rule, trigger_date)
    if (
        family is not None
        and trigger == Trigger.BIRTH
        and meeting_type == MeetingType.REVIEW_CONFERENCE
    ):
        due = min(due, unborn_baby_conference_review_due(family, trigger_date) or due)
    return due, rule


def unborn_baby_conference_review_due(family: Family, birth: datetime.date) -> datetime.date | None:
    """When the review is due by the initial conference held before the birth (3 months
    after it, as the organisation's rule says), or None without such a conference or rule."""
    conference = (
        Meeting.objects.filter(
            family=family,
            meeting_type=MeetingType.INITIAL_CONFERENCE,
            status=Meeting.Status.HELD,
            held_on__lte=birth,
        )
        .order_by("-held_on", "-id")
        .first()
    )
    rule = timescales.rule_for(Trigger.INITIAL_CONFERENCE, MeetingType.REVIEW_CONFERENCE)
    if conference is None or conference.held_on is None or rule is None:
        return None
    return timescales.due_date_for(rule, conference.held_on)


def mark_cancelled(meeting: Meeting, reason: str, at: datetime.datetime) -> None:
    """Cancel a meeting not yet held, saying why, in the caller's transaction: it stays on
    the family's record, shown as cancelled with the reason, and leaves the due lists."""
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancelled_reason = reason
    meeting.cancelled_at = at
    full_clean(meeting)
    meeting.save(update_fields=["status", "cancelled_reason", "cancelled_at", "updated_at"])


def replaced_by_birth_review(
    actor: Staff,
    meeting: Meeting,
    request: HttpRequest | None,
    channel: str,
) -> list[Meeting]:
    """Once the first review after the birth is arranged, the review the initial conference
    left to be arranged is that same review: it is cancelled, saying so, so that one review
    is due and nothing stays overdue on a list."""
    replaced = list(
        Meeting.objects.select_for_update()
        .filter(
            family=meeting.family,
            meeting_type=MeetingType.REVIEW_CONFERENCE,
            status=Meeting.Status.TO_ARRANGE,
        )
        .exclude(pk=meeting.pk)
    )
    now = timezone.now()
    reason = "Replaced by the first review after the baby's birth"
    for old in replaced:
        mark_cancelled(old, reason, now)
        record_meeting_change(actor, old, f"cancelled the meeting: {reason}", request, channel)
    return replaced


def chair_lead_error(*, chair: Staff | None, meeting_type: str, on: datetime.date) -> str | None:
    """Why `chair` may not lead this meeting on `on`, or None if they may (or it needs no lead).

    Training decides who may lead (issue 5, point 7): a restorative circle or a family group
    conference needs someone with advanced restorative training current on the day of the
    meeting (`workforce.permissions.may_lead_restorative_meeting`). The service checks it, so
    the page and the API keep the same rule.
    """
    verb = selectors.MEETINGS_NEEDING_A_LEAD.get(meeting_type)
    if chair is None or verb is None:
        return None
    if workforce_permissions.may_lead_restorative_meeting(chair, on=on):
        return None
    today = timezone.localdate()
    if on > today and workforce_permissions.may_lead_restorative_meeting(chair, on=today):
        return (
            f"{chair.display_name} cannot {verb} on {on.day} {on:%B %Y}: their advanced "
            "restorative training runs out before then"
        )
    return (
        f"{chair.display_name} cannot {verb}: they do not have current advanced "
        "restorative training"
    )


# What a free-text chair is told for the meetings only trained staff may lead.
LEAD_FROM_THE_LIST: dict[str, str] = {
    MeetingType.FAMILY_GROUP_CONFERENCE: (
        "A family group conference must be coordinated by a member of staff with current "
        "advanced restorative training: choose them from the list"
    ),
    MeetingType.RESTORATIVE_CIRCLE: (
        "A restorative circle must be facilitated by a member of staff with current advanced "
        "restorative training: choose them from the list"
    ),
    MeetingType.COMMUNITY_CIRCLE: (
        "A community restorative circle must be facilitated by a member of staff with current "
        "advanced restorative training: choose them from the list"
    ),
}


def chair_name_error(*, chair: Staff | None, chair_name: str, meeting_type: str) -> str | None:
    """Why a chair named in free text may not lead this meeting, or None.

    A name typed in has no training record, so for a restorative circle or a family group
    conference it would get round `chair_lead_error`: those two need a chair from the staff
    list. Other meetings may still have an independent chair without an account.
    """
    if chair is not None or not chair_name.strip():
        return None
    return LEAD_FROM_THE_LIST.get(meeting_type)


def meeting_people_errors(
    *, family: Family, chair: Staff | None, staff: Sequence[Staff]
) -> dict[str, str]:
    """The chair and professionals must be among those the page offers for this family
    (`selectors.meeting_chairs_and_professionals`), as `participant_add` checks: otherwise a
    caller of the service could make anyone chair, or invite (and so show the meeting to)
    staff of another team."""
    errors: dict[str, str] = {}
    chairs, professionals = selectors.meeting_chairs_and_professionals(family)
    if chair is not None and not chairs.filter(pk=chair.pk).exists():
        errors["chair"] = (
            "Choose the chair from the list: a practitioner or manager of the family's team, "
            "or the head of its service"
        )
    wanted = {person.pk for person in staff}
    if wanted and professionals.filter(pk__in=wanted).count() != len(wanted):
        errors["staff"] = "Choose professionals from the family's team or a partner agency"
    return errors


MEETING_IN_THE_PAST = (
    "Date of the meeting must be today or in the future. If it has already been held, "
    "arrange it for today and then record it, with the day it was held"
)


def meeting_schedule(
    *,
    actor: Staff,
    family: Family | None,
    meeting_type: str,
    scheduled_at: datetime.datetime,
    venue: str,
    place: str = "",
    chair: Staff | None = None,
    chair_name: str = "",
    trigger: str = "",
    trigger_date: datetime.date | None = None,
    about_conflict: bool = False,
    members: Iterable[FamilyMember] = (),
    staff: Iterable[Staff] = (),
    others: Iterable[OtherPerson] = (),
    submission_token: uuid.UUID | None = None,
    request: HttpRequest | None = None,
    channel: str = "web",
) -> Meeting:
    """Arrange a meeting and invite its participants; the due date comes from its trigger.

    A meeting is arranged for today or later: one arranged for a past day is neither due nor
    held, so it would sit on no list (docs/decisions/0008-practice.md). A meeting that has
    already happened is arranged for today and recorded with the day it was held.

    Scheduling is business support's work as well as the practitioners'
    (`permissions.can_arrange_for_family`), so it is not `require_family`'s rule.
    """
    if family is None:
        raise ValidationError({"family": "Enter the case reference of the family"})
    if not permissions.can_arrange_for_family(actor, family):
        raise PermissionDenied
    existing = submission_find(Meeting, submission_token, {"family": family})
    if existing is not None:
        return existing
    members = family_members_only(family, members)
    staff = list(staff)
    others = [o for o in others if o.name.strip()]
    errors: dict[str, str] = {}
    meeting_day = (
        timezone.localdate(scheduled_at) if timezone.is_aware(scheduled_at) else scheduled_at.date()
    )
    if meeting_day < timezone.localdate():
        errors["scheduled_at"] = MEETING_IN_THE_PAST
    if trigger and trigger not in EVENT_TRIGGERS:
        errors["trigger"] = "Choose what started the timescale from the list"
    elif trigger and trigger_date is None:
        errors["trigger_date"] = "Enter the date of the event that started the timescale"
    elif trigger_date and trigger_date > datetime.date.today():
        errors["trigger_date"] = "Date of the event must be today or in the past"
    if about_conflict and meeting_type not in CIRCLES:
        errors["about_conflict"] = "Only a restorative circle can be marked as about conflict"
    if any(not person.is_active for person in staff):
        errors["staff"] = "Choose people whose accounts are active"
    lead_error = chair_lead_error(chair=chair, meeting_type=meeting_type, on=meeting_day)
    if lead_error:
        errors["chair"] = lead_error
    name_error = chair_name_error(chair=chair, chair_name=chair_name, meeting_type=meeting_type)
    if name_error:
        errors["chair_name"] = name_error
    independence_error = permissions.chair_independence_error(
        chair, meeting_type, family, meeting_day
    )
    if independence_error:
        errors["chair"] = independence_error
    for field, message in meeting_people_errors(family=family, chair=chair, staff=staff).items():
        errors.setdefault(field, message)
    if errors:
        raise ValidationError(errors)
    due_date, rule = meeting_due_date(
        meeting_type=meeting_type, trigger=trigger, trigger_date=trigger_date, family=family
    )
    if trigger and rule is None:
        raise ValidationError(
            {"trigger": "There is no timescale for this meeting after that event. Leave it blank"}
        )
    meeting = Meeting(
        family=family,
        meeting_type=meeting_type,
        status=Meeting.Status.SCHEDULED,
        scheduled_at=scheduled_at,
        venue=venue,
        place=place.strip(),
        chair=chair,
        chair_name=chair_name.strip() if chair is None else "",
        trigger=trigger,
        trigger_date=trigger_date if trigger else None,
        due_date=due_date,
        timescale_rule=rule,
        about_conflict=about_conflict,
        created_by=actor,
        submission_token=submission_token,
    )
    full_clean(meeting)

    def save() -> Meeting:
        meeting.save()
        invite(meeting, members=members, staff=staff, others=others)
        if trigger == Trigger.BIRTH and meeting_type == MeetingType.REVIEW_CONFERENCE:
            replaced_by_birth_review(actor, meeting, request, channel)
        record_change(
            actor, meeting, "scheduled a meeting", request, channel, AccessEvent.Action.CREATE
        )
        return meeting

    return submission_create(Meeting, submission_token, {"family": family}, save)[0]


def _participant_kind_for_member(member: FamilyMember) -> str:
    if member.kind == FamilyMember.Kind.CHILD:
        return MeetingParticipant.Kind.CHILD
    if member.relationship in (
        FamilyMember.Relationship.FOSTER_CARER,
        FamilyMember.Relationship.KINSHIP_CARER,
    ):
        return MeetingParticipant.Kind.CARER
    return MeetingParticipant.Kind.FAMILY_MEMBER


def invite(
    meeting: Meeting,
    *,
    members: Sequence[FamilyMember],
    staff: Sequence[Staff],
    others: Sequence[OtherPerson],
) -> None:
    rows = [
        MeetingParticipant(meeting=meeting, member=m, kind=_participant_kind_for_member(m))
        for m in members
    ]
    rows += [
        MeetingParticipant(
            meeting=meeting,
            staff=s,
            kind=MeetingParticipant.Kind.PROFESSIONAL,
            role=s.job_title[:200],
            agency_id=s.partner_agency_id,
        )
        for s in staff
    ]
    rows += [
        MeetingParticipant(
            meeting=meeting,
            name=o.name.strip()[:200],
            role=o.role.strip()[:200],
            kind=MeetingParticipant.Kind.OTHER,
        )
        for o in others
    ]
    for row in rows:
        full_clean(row, exclude=["meeting"])
    MeetingParticipant.objects.bulk_create(rows)


@dataclass(frozen=True)
class PrivateFamilyTime:
    """Private family time in a family group conference: only that it happened, how long, and
    who was there (participant UUIDs). What was said belongs to the family and is not asked."""

    held: bool | None
    minutes: int | None = None
    present: tuple[uuid.UUID, ...] = ()


def private_family_time_errors(
    meeting: Meeting, record: PrivateFamilyTime, by_uuid: Mapping[uuid.UUID, MeetingParticipant]
) -> dict[str, str]:
    """What is wrong with a private family time record (empty if nothing)."""
    errors: dict[str, str] = {}
    if not meeting.is_family_group_conference:
        if record.held is not None or record.minutes is not None or record.present:
            errors["private_family_time_held"] = (
                "Private family time is part of a family group conference only"
            )
        return errors
    if record.minutes is not None and not 1 <= record.minutes <= 720:
        errors["private_family_time_minutes"] = (
            "How long it lasted must be between 1 and 720 minutes"
        )
    if record.held is not True and (record.minutes is not None or record.present):
        errors["private_family_time_held"] = (
            "Say that private family time happened before saying how long or who was there"
        )
    if set(record.present) - set(by_uuid):
        errors["private_family_time_present"] = "Choose people invited to this meeting"
    elif any(by_uuid[key].kind == MeetingParticipant.Kind.PROFESSIONAL for key in record.present):
        errors["private_family_time_present"] = (
            "Private family time is for the family and their network: professionals leave"
        )
    return errors


def private_family_time_apply(
    meeting: Meeting, record: PrivateFamilyTime, rows: Iterable[MeetingParticipant]
) -> list[MeetingParticipant]:
    """Set the meeting's private family time and who was there; the rows whose flag changed."""
    meeting.private_family_time_held = record.held
    meeting.private_family_time_minutes = record.minutes if record.held else None
    present = set(record.present) if record.held else set()
    changed = []
    for row in rows:
        flag = row.uuid in present
        if row.in_private_family_time != flag:
            row.in_private_family_time = flag
            changed.append(row)
    return changed


@dataclass(frozen=True)
class ParticipantRecord:
    attendance: str
    view_given_by: str
    view_not_given_reason: str = ""
    view: str = ""


# Meetings that cannot be recorded as held, and why (practice/arranging.py arranges and
# cancels them).
MEETING_RECORD_REFUSALS: dict[str, str] = {
    Meeting.Status.TO_ARRANGE: (
        "Arrange this meeting before recording it: choose its date, place and chair"
    ),
    Meeting.Status.CANCELLED: "This meeting was cancelled, so it cannot be recorded as held",
}


@transaction.atomic
def meeting_record(
    *,
    actor: Staff,
    meeting: Meeting,
    held_on: datetime.date,
    sections: Mapping[str, str],
    participants: Mapping[uuid.UUID, ParticipantRecord],
    plan_agreed: bool | None = None,
    experience: str = "",
    experience_given_by: str = "",
    conference_outcome: str | None = None,
    plan_category: str = "",
    private_family_time: PrivateFamilyTime | None = None,
    request: HttpRequest | None = None,
    channel: str = "web",
) -> Meeting:
    """Record a held meeting: the restorative record and every participant's view.

    `private_family_time` (a family group conference): whether it happened, how long and who
    was there; None leaves it as it is. Nothing of what was said is taken.

    The meetings it makes due are added as "to be arranged", with their due dates, so they
    appear on the due and overdue lists (`chain_apply`): for a child protection conference
    only when a plan is made or continues; a conference with no plan, or a review that ends
    the plan, cancels the family's open core groups and reviews instead, saying why.
    `conference_outcome` None keeps the outcome already recorded.
    """
    if not permissions.can_record_meeting(actor, meeting):
        raise PermissionDenied
    # The service is the source of this rule, so the page and the API keep it alike. The
    # status is read (and the row locked) from the database: the meeting may have been
    # cancelled since `meeting` was loaded.
    stored_status = (
        Meeting.objects.select_for_update()
        .filter(pk=meeting.pk)
        .values_list("status", flat=True)
        .first()
    )
    refusal = MEETING_RECORD_REFUSALS.get(stored_status or meeting.status)
    if refusal:
        raise ValidationError(refusal)
    errors: dict[str, str] = {}
    if held_on > datetime.date.today():
        errors["held_on"] = "Date the meeting was held must be today or in the past"
    if experience and not experience_given_by:
        errors["experience_given_by"] = "Say who said how the meeting felt"
    if conference_outcome is not None:
        errors.update(
            conference_outcome_errors(
                meeting_type=meeting.meeting_type,
                outcome=conference_outcome,
                category=plan_category,
            )
        )
    by_uuid = {p.uuid: p for p in meeting.participants.all()}
    unknown = set(participants) - set(by_uuid)
    if unknown:
        errors["participants"] = "Record views only for people invited to this meeting"
    for participant_uuid, record in participants.items():
        if participant_uuid in unknown:
            continue
        if (
            record.view_given_by == MeetingParticipant.ViewGivenBy.NOT_GIVEN
            and not record.view_not_given_reason.strip()
        ):
            name = by_uuid[participant_uuid].display_name
            errors[f"reason-{participant_uuid}"] = f"Say why {name}'s view was not given"
        elif record.view_given_by and (
            record.view_given_by != MeetingParticipant.ViewGivenBy.NOT_GIVEN
            and not record.view.strip()
        ):
            # A view counts as heard only when it is written down, in their own words.
            name = by_uuid[participant_uuid].display_name
            errors[f"view-{participant_uuid}"] = f"Write {name}'s view, in their own words"
    if private_family_time is not None:
        errors.update(private_family_time_errors(meeting, private_family_time, by_uuid))
    if errors:
        raise ValidationError(errors)
    for name in RECORD_SECTIONS:
        if name in sections:
            setattr(meeting, name, sections[name].strip())
    meeting.held_on = held_on
    meeting.status = Meeting.Status.HELD
    meeting.plan_agreed = plan_agreed if meeting.is_family_group_conference else None
    meeting.experience = experience
    meeting.experience_given_by = experience_given_by if experience else ""
    if conference_outcome is not None:
        meeting.conference_outcome = conference_outcome
        meeting.plan_category = (
            plan_category if conference_outcome == ConferenceOutcome.PLAN_MADE else ""
        )
    full_clean(meeting)
    meeting.save()
    changed = []
    for participant_uuid, record in participants.items():
        row = by_uuid[participant_uuid]
        row.attendance = record.attendance
        row.view_given_by = record.view_given_by
        row.view_not_given_reason = (
            record.view_not_given_reason.strip()
            if record.view_given_by == MeetingParticipant.ViewGivenBy.NOT_GIVEN
            else ""
        )
        row.view = record.view.strip()
        full_clean(row, exclude=["meeting"])
        changed.append(row)
    MeetingParticipant.objects.bulk_update(
        changed, ["attendance", "view_given_by", "view_not_given_reason", "view", "updated_at"]
    )
    if private_family_time is not None and meeting.is_family_group_conference:
        flagged = private_family_time_apply(meeting, private_family_time, by_uuid.values())
        meeting.save(update_fields=["private_family_time_held", "private_family_time_minutes"])
        MeetingParticipant.objects.bulk_update(flagged, ["in_private_family_time"])
    record_meeting_change(actor, meeting, "recorded the meeting", request, channel)
    chain_apply(meeting, actor, request=request, channel=channel)
    return meeting


def follow_on_trigger(meeting: Meeting) -> str:
    """The trigger whose rules say what a held `meeting` makes due: its own type, except for
    a child's first looked-after review, which the second follows by its own rule (within 3
    months of the first; later ones within 6 months of the one before). A review is the first
    when it was due from the child becoming looked after, or, scheduled without that date,
    when no earlier looked-after review of the family was held."""
    if meeting.meeting_type != MeetingType.LOOKED_AFTER_REVIEW:
        return meeting.meeting_type
    if meeting.trigger == Trigger.LOOKED_AFTER:
        return Trigger.FIRST_LOOKED_AFTER_REVIEW
    if meeting.trigger:
        return Trigger.LOOKED_AFTER_REVIEW
    earlier = Meeting.objects.filter(
        family_id=meeting.family_id,
        meeting_type=MeetingType.LOOKED_AFTER_REVIEW,
        status=Meeting.Status.HELD,
        held_on__lt=meeting.held_on,
    ).exclude(pk=meeting.pk)
    return Trigger.LOOKED_AFTER_REVIEW if earlier.exists() else Trigger.FIRST_LOOKED_AFTER_REVIEW


def add_follow_ons(meeting: Meeting, actor: Staff) -> list[Meeting]:
    """The meetings the active timescale rules make due after `meeting` was held, added as
    "to be arranged" (no checks: `chain_follow_ons` decides whether the chain goes on)."""
    assert meeting.held_on is not None
    trigger = follow_on_trigger(meeting)
    follow_ons = [
        Meeting(
            family=meeting.family,
            meeting_type=rule.meeting_type,
            status=Meeting.Status.TO_ARRANGE,
            trigger=trigger,
            trigger_date=meeting.held_on,
            due_date=timescales.due_date_for(rule, meeting.held_on),
            timescale_rule=rule,
            follows=meeting,
            chair=meeting.chair if rule.meeting_type == meeting.meeting_type else None,
            created_by=actor,
        )
        for rule in timescales.rules_after(trigger)
    ]
    return Meeting.objects.bulk_create(follow_ons)


# --- The statutory chain (issue 10 point 3) ------------------------------------------------
# One set of rules for the practitioner's record (`meeting_record`) and the case system's
# events (practice.case_events): what a held meeting makes due, and what ends the chain. They
# check no permission: their callers have (the record service the family rule, the events
# service the integration account and the family's organisation).

# The meetings that exist only while a child protection plan lasts.
CHILD_PROTECTION_CHAIN = (MeetingType.CORE_GROUP, MeetingType.REVIEW_CONFERENCE)
# The meetings that exist only while a child is looked after.
LOOKED_AFTER_CHAIN = (MeetingType.LOOKED_AFTER_REVIEW,)
# Outcomes after which the chain goes on, and after which it ends.
CHAIN_GOES_ON = (ConferenceOutcome.PLAN_MADE, ConferenceOutcome.PLAN_CONTINUES)
CHAIN_ENDS = (ConferenceOutcome.NO_PLAN, ConferenceOutcome.PLAN_ENDED)


def conference_outcome_errors(*, meeting_type: str, outcome: str, category: str) -> dict[str, str]:
    """Why this outcome cannot be recorded for this meeting, by field (empty when it can).

    An initial conference decides whether a plan is made (and under which category); a review
    whether it continues or ends; other meetings have no outcome."""
    allowed = CONFERENCE_OUTCOMES.get(meeting_type)
    if allowed is None:
        if outcome:
            return {"conference_outcome": "Only a child protection conference has an outcome"}
        return {}
    if outcome and outcome not in allowed:
        if meeting_type == MeetingType.INITIAL_CONFERENCE:
            return {"conference_outcome": "Choose whether a child protection plan was made"}
        return {"conference_outcome": "Choose whether the child protection plan continues"}
    if outcome == ConferenceOutcome.PLAN_MADE and category not in PlanCategory.values:
        return {"plan_category": "Choose the category of the child protection plan"}
    return {}


def chain_follow_ons(meeting: Meeting, actor: Staff) -> list[Meeting]:
    """Add what a held meeting makes due, once: nothing after a conference without a plan (or
    with no outcome recorded yet), nothing after a final youth justice panel, and nothing if
    its follow-ons were already added (recording again, or an event sent again)."""
    if meeting.status != Meeting.Status.HELD or meeting.follow_ons.exists():
        return []
    if meeting.meeting_type in CONFERENCE_OUTCOMES and (
        meeting.conference_outcome not in CHAIN_GOES_ON
    ):
        return []
    if meeting.trigger == Trigger.REFERRAL_ORDER_END:
        return []  # the final panel: the order ends, and so do its panels
    return add_follow_ons(meeting, actor)


def chain_end_reason(meeting: Meeting) -> str:
    """Why the chain ended, in words, for the cancelled meetings and the trail."""
    assert meeting.held_on is not None
    on = f"{meeting.held_on.day} {meeting.held_on:%B %Y}"
    if meeting.conference_outcome == ConferenceOutcome.NO_PLAN:
        return f"No child protection plan was made at the initial conference on {on}"
    return f"The child protection plan ended at the review conference on {on}"


def chain_end(
    *,
    actor: Staff,
    family: Family,
    reason: str,
    request: HttpRequest | None = None,
    channel: str = "web",
    chain: tuple[str, ...] = CHILD_PROTECTION_CHAIN,
) -> list[Meeting]:
    """End one of the family's chains (the child protection chain unless `chain` names
    another, such as `LOOKED_AFTER_CHAIN`): every meeting of it not yet held is cancelled with
    `reason`, so nothing of a plan (or a time in care) that has ended stays on a due list.
    Each cancellation is written to the trail. Ending a chain already ended changes nothing."""
    due = list(
        Meeting.objects.select_for_update()
        .filter(
            family=family,
            meeting_type__in=chain,
            status__in=Meeting.OPEN_STATUSES,
        )
        .order_by("due_date", "id")
    )
    now = timezone.now()
    for meeting in due:
        mark_cancelled(meeting, reason, now)
        meeting.family = family
        record_meeting_change(actor, meeting, f"cancelled the meeting: {reason}", request, channel)
    return due


def meeting_due_add(
    *,
    actor: Staff,
    family: Family,
    meeting_type: str,
    trigger: str,
    trigger_date: datetime.date,
    follows: Meeting | None = None,
) -> Meeting:
    """A meeting made due by an event outside this app (a strategy discussion, a referral
    order): "to be arranged", with the due date the organisation's rule gives. Refused when the
    organisation has no active rule for it (nothing to be due by)."""
    due_date, rule = meeting_due_date(
        meeting_type=meeting_type, trigger=trigger, trigger_date=trigger_date, family=family
    )
    if rule is None or due_date is None:
        raise ValidationError(
            f"There is no active timescale rule for a {MeetingType(meeting_type).label.lower()} "
            f"after a {Trigger(trigger).label.lower()}: add one in the admin first"
        )
    meeting = Meeting(
        family=family,
        meeting_type=meeting_type,
        status=Meeting.Status.TO_ARRANGE,
        trigger=trigger,
        trigger_date=trigger_date,
        due_date=due_date,
        timescale_rule=rule,
        follows=follows,
        created_by=actor,
    )
    full_clean(meeting)
    meeting.save()
    return meeting


@dataclass(frozen=True)
class ChainChange:
    """What applying the chain rules did: meetings added, and meetings cancelled."""

    added: list[Meeting]
    cancelled: list[Meeting]


def chain_apply(
    meeting: Meeting,
    actor: Staff,
    *,
    request: HttpRequest | None = None,
    channel: str = "web",
) -> ChainChange:
    """After a meeting is recorded as held: end the chain if its outcome says so, otherwise
    add what it makes due. Safe to call again: a second call finds nothing to do."""
    if meeting.conference_outcome in CHAIN_ENDS:
        return ChainChange(
            added=[],
            cancelled=chain_end(
                actor=actor,
                family=meeting.family,
                reason=chain_end_reason(meeting),
                request=request,
                channel=channel,
            ),
        )
    return ChainChange(added=chain_follow_ons(meeting, actor), cancelled=[])
