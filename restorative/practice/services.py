"""Every write of restorative practice: validated, atomic, audited, and safe to submit twice.

The access event is written inside the same transaction as the change, so a change is never
stored without its audit line and a failed audit write undoes it (fail-closed). A create
carries the form's `submission_token`: a second submission of the same form finds the record
the first one made instead of making another.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from restorative.core.audit import access_event_record
from restorative.core.models import AccessEvent
from restorative.people.models import Family, FamilyMember, Staff
from restorative.workforce import permissions as workforce_permissions

from . import permissions, selectors, timescales
from .models import (
    EVENT_TRIGGERS,
    ConversationAnswer,
    ConversationParticipant,
    Decision,
    Meeting,
    MeetingParticipant,
    MeetingType,
    Plan,
    Question,
    RestorativeConversation,
    TimescaleRule,
)

RECORD_SECTIONS = (
    "what_happened",
    "who_affected",
    "working_well",
    "worries",
    "next_steps",
    "information_giving",
    "private_family_time",
    "family_plan",
)

FORM_ALREADY_USED = (
    "This form has already been used to save a different record. "
    "Go back, reload the page and enter the details again."
)


@dataclass(frozen=True)
class OtherPerson:
    """Someone taking part who is neither a family member nor a staff member with an account."""

    name: str
    role: str = ""


def _audit(
    *,
    actor: Staff,
    family: Family,
    subject: Any,
    action: str,
    reason: str,
    request: HttpRequest | None,
    channel: str = "web",
) -> AccessEvent:
    return access_event_record(
        actor=actor,
        action=action,
        subject_type=type(subject).__name__.lower(),
        subject_uuid=subject.uuid,
        family_uuid=family.uuid,
        reason=reason,
        request=request,
        channel=channel,
    )


def practice_record_view(
    *,
    actor: Staff,
    subject: Meeting | RestorativeConversation | Plan,
    request: HttpRequest | None = None,
    channel: str = "web",
    action: str = AccessEvent.Action.VIEW,
) -> AccessEvent:
    """Record that `actor` opened a meeting, conversation or plan. Call before showing anything."""
    basis: str | None
    if isinstance(subject, Meeting):
        basis = permissions.meeting_view_basis(actor, subject)
    elif isinstance(subject, Plan):
        basis = permissions.plan_view_basis(actor, subject)
    else:
        from restorative.people.permissions import family_view_basis

        basis = family_view_basis(actor, subject.family)
    if basis is None:
        raise PermissionDenied
    return _audit(
        actor=actor,
        family=subject.family,
        subject=subject,
        action=action,
        reason=basis,
        request=request,
        channel=channel,
    )


def _require_family(family: Family | None, actor: Staff) -> Family:
    if family is None:
        raise ValidationError({"family": "Enter the case reference of the family"})
    if not permissions.can_record_for_family(actor, family):
        raise PermissionDenied
    return family


def _family_members(family: Family, members: Iterable[FamilyMember]) -> list[FamilyMember]:
    members = list(members)
    if any(member.family_id != family.pk for member in members):
        raise ValidationError({"members": "Choose people from this family"})
    return members


def _full_clean(obj: Any, exclude: Sequence[str] = ()) -> None:
    obj.full_clean(exclude=list(exclude) or None, validate_unique=False)


# --- Restorative conversations ----------------------------------------------------------


def conversation_create(
    *,
    actor: Staff,
    family: Family | None,
    held_on: datetime.date,
    setting: str,
    setting_detail: str = "",
    members: Iterable[FamilyMember] = (),
    others: Iterable[OtherPerson] = (),
    questions: Iterable[Question] = (),
    submission_token: uuid.UUID | None = None,
    request: HttpRequest | None = None,
    channel: str = "web",
) -> RestorativeConversation:
    """Record that a restorative conversation took place: when, where, who, which questions.

    Answers come next (`conversation_answers_save`), one participant at a time if needed.
    """
    family = _require_family(family, actor)
    if submission_token is not None:
        existing = RestorativeConversation.objects.filter(
            submission_token=submission_token, family=family
        ).first()
        if existing is not None:
            return existing
    members = _family_members(family, members)
    others = [o for o in others if o.name.strip()]
    questions = list(questions)
    errors: dict[str, str] = {}
    if not members and not others:
        errors["members"] = "Choose who took part in the conversation"
    if not questions:
        errors["questions"] = "Choose the questions you asked"
    if held_on and held_on > datetime.date.today():
        errors["held_on"] = "Date of the conversation must be today or in the past"
    if setting == RestorativeConversation.Setting.OTHER and not setting_detail.strip():
        errors["setting_detail"] = "Say what the other contact was"
    if errors:
        raise ValidationError(errors)
    conversation = RestorativeConversation(
        family=family,
        held_on=held_on,
        setting=setting,
        setting_detail=setting_detail.strip(),
        practitioner=actor,
        created_by=actor,
        submission_token=submission_token,
    )
    _full_clean(conversation)
    try:
        with transaction.atomic():
            conversation.save()
            conversation.questions.set(questions)
            participants = [
                ConversationParticipant(conversation=conversation, member=m) for m in members
            ]
            participants += [
                ConversationParticipant(
                    conversation=conversation,
                    name=o.name.strip()[:200],
                    relationship=o.role.strip()[:200],
                )
                for o in others
            ]
            for participant in participants:
                _full_clean(participant, exclude=["conversation"])
            ConversationParticipant.objects.bulk_create(participants)
            _audit(
                actor=actor,
                family=family,
                subject=conversation,
                action=AccessEvent.Action.CREATE,
                reason="recorded a restorative conversation",
                request=request,
                channel=channel,
            )
    except IntegrityError:
        # A second submission raced the first past the check above: return the first.
        existing = RestorativeConversation.objects.filter(
            submission_token=submission_token, family=family
        ).first()
        if submission_token is None:
            raise
        if existing is None:
            raise ValidationError(FORM_ALREADY_USED) from None
        return existing
    return conversation


@transaction.atomic
def conversation_answers_save(
    *,
    actor: Staff,
    conversation: RestorativeConversation,
    answers: Mapping[tuple[int, int], str],
    agreed_next: str,
    request: HttpRequest | None = None,
    channel: str = "web",
) -> RestorativeConversation:
    """Store each participant's answers in their own words, and what was agreed next.

    `answers` maps (participant id, question id) to the words; an empty answer removes one.
    Saving twice gives the same record (one answer per participant and question).
    """
    if not permissions.can_record_for_family(actor, conversation.family):
        raise PermissionDenied
    participant_ids = set(conversation.participants.values_list("pk", flat=True))
    question_ids = set(conversation.questions.values_list("pk", flat=True))
    for participant_id, question_id in answers:
        if participant_id not in participant_ids or question_id not in question_ids:
            raise ValidationError("Answer only the questions asked, for the people who took part")
    for (participant_id, question_id), text in answers.items():
        text = text.strip()
        if text:
            ConversationAnswer.objects.update_or_create(
                participant_id=participant_id, question_id=question_id, defaults={"answer": text}
            )
        else:
            ConversationAnswer.objects.filter(
                participant_id=participant_id, question_id=question_id
            ).delete()
    conversation.agreed_next = agreed_next.strip()
    conversation.save(update_fields=["agreed_next", "updated_at"])
    _audit(
        actor=actor,
        family=conversation.family,
        subject=conversation,
        action=AccessEvent.Action.CHANGE,
        reason="recorded answers to restorative questions",
        request=request,
        channel=channel,
    )
    return conversation


# --- Meetings ---------------------------------------------------------------------------


def meeting_due_date(
    *, meeting_type: str, trigger: str, trigger_date: datetime.date | None
) -> tuple[datetime.date | None, TimescaleRule | None]:
    """When a meeting of this type is due after this trigger, and the rule that says so."""
    if not trigger or trigger_date is None:
        return None, None
    rule = timescales.rule_for(trigger, meeting_type)
    if rule is None:
        return None, None
    return timescales.due_date_for(rule, trigger_date), rule


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
    members: Iterable[FamilyMember] = (),
    staff: Iterable[Staff] = (),
    others: Iterable[OtherPerson] = (),
    submission_token: uuid.UUID | None = None,
    request: HttpRequest | None = None,
    channel: str = "web",
) -> Meeting:
    """Arrange a meeting and invite its participants; the due date comes from its trigger.

    Scheduling is business support's work as well as the practitioners'
    (`permissions.can_arrange_for_family`), so it is not `_require_family`'s rule.
    """
    if family is None:
        raise ValidationError({"family": "Enter the case reference of the family"})
    if not permissions.can_arrange_for_family(actor, family):
        raise PermissionDenied
    if submission_token is not None:
        existing = Meeting.objects.filter(submission_token=submission_token, family=family).first()
        if existing is not None:
            return existing
    members = _family_members(family, members)
    staff = list(staff)
    others = [o for o in others if o.name.strip()]
    errors: dict[str, str] = {}
    if trigger and trigger not in EVENT_TRIGGERS:
        errors["trigger"] = "Choose what started the timescale from the list"
    elif trigger and trigger_date is None:
        errors["trigger_date"] = "Enter the date of the event that started the timescale"
    elif trigger_date and trigger_date > datetime.date.today():
        errors["trigger_date"] = "Date of the event must be today or in the past"
    if any(not person.is_active for person in staff):
        errors["staff"] = "Choose people whose accounts are active"
    meeting_day = (
        timezone.localdate(scheduled_at) if timezone.is_aware(scheduled_at) else scheduled_at.date()
    )
    lead_error = chair_lead_error(chair=chair, meeting_type=meeting_type, on=meeting_day)
    if lead_error:
        errors["chair"] = lead_error
    name_error = chair_name_error(chair=chair, chair_name=chair_name, meeting_type=meeting_type)
    if name_error:
        errors["chair_name"] = name_error
    for field, message in meeting_people_errors(family=family, chair=chair, staff=staff).items():
        errors.setdefault(field, message)
    if errors:
        raise ValidationError(errors)
    due_date, rule = meeting_due_date(
        meeting_type=meeting_type, trigger=trigger, trigger_date=trigger_date
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
        created_by=actor,
        submission_token=submission_token,
    )
    _full_clean(meeting)
    try:
        with transaction.atomic():
            meeting.save()
            _invite(meeting, members=members, staff=staff, others=others)
            _audit(
                actor=actor,
                family=family,
                subject=meeting,
                action=AccessEvent.Action.CREATE,
                reason="scheduled a meeting",
                request=request,
                channel=channel,
            )
    except IntegrityError:
        existing = Meeting.objects.filter(submission_token=submission_token, family=family).first()
        if submission_token is None:
            raise
        if existing is None:
            raise ValidationError(FORM_ALREADY_USED) from None
        return existing
    return meeting


def _participant_kind_for_member(member: FamilyMember) -> str:
    if member.kind == FamilyMember.Kind.CHILD:
        return MeetingParticipant.Kind.CHILD
    if member.relationship in (
        FamilyMember.Relationship.FOSTER_CARER,
        FamilyMember.Relationship.KINSHIP_CARER,
    ):
        return MeetingParticipant.Kind.CARER
    return MeetingParticipant.Kind.FAMILY_MEMBER


def _invite(
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
        _full_clean(row, exclude=["meeting"])
    MeetingParticipant.objects.bulk_create(rows)


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
    request: HttpRequest | None = None,
    channel: str = "web",
) -> Meeting:
    """Record a held meeting: the restorative record and every participant's view.

    The first time a meeting is recorded as held, the meetings its timescale rules make due
    (a first core group and first review after an initial conference) are added as "to be
    arranged", with their due dates, so they appear on the due and overdue lists.
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
    if errors:
        raise ValidationError(errors)
    first_time = meeting.status != Meeting.Status.HELD
    for name in RECORD_SECTIONS:
        if name in sections:
            setattr(meeting, name, sections[name].strip())
    meeting.held_on = held_on
    meeting.status = Meeting.Status.HELD
    meeting.plan_agreed = plan_agreed if meeting.is_family_group_conference else None
    meeting.experience = experience
    meeting.experience_given_by = experience_given_by if experience else ""
    _full_clean(meeting)
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
        _full_clean(row, exclude=["meeting"])
        changed.append(row)
    MeetingParticipant.objects.bulk_update(
        changed, ["attendance", "view_given_by", "view_not_given_reason", "view", "updated_at"]
    )
    if first_time:
        _add_follow_ons(meeting, actor)
    _audit(
        actor=actor,
        family=meeting.family,
        subject=meeting,
        action=AccessEvent.Action.CHANGE,
        reason="recorded the meeting",
        request=request,
        channel=channel,
    )
    return meeting


def _add_follow_ons(meeting: Meeting, actor: Staff) -> list[Meeting]:
    assert meeting.held_on is not None
    follow_ons = [
        Meeting(
            family=meeting.family,
            meeting_type=rule.meeting_type,
            status=Meeting.Status.TO_ARRANGE,
            trigger=meeting.meeting_type,
            trigger_date=meeting.held_on,
            due_date=timescales.due_date_for(rule, meeting.held_on),
            timescale_rule=rule,
            follows=meeting,
            chair=meeting.chair if rule.meeting_type == meeting.meeting_type else None,
            created_by=actor,
        )
        for rule in timescales.rules_after(meeting.meeting_type)
    ]
    return Meeting.objects.bulk_create(follow_ons)


def decision_add(
    *,
    actor: Staff,
    meeting: Meeting,
    decision: str,
    family_position: str,
    family_view: str = "",
    submission_token: uuid.UUID | None = None,
    request: HttpRequest | None = None,
    channel: str = "web",
) -> Decision:
    """Record a decision made with the family, and whether they agreed, in their words."""
    if not permissions.can_record_decision(actor, meeting):
        raise PermissionDenied
    if submission_token is not None:
        existing = Decision.objects.filter(
            submission_token=submission_token, meeting=meeting
        ).first()
        if existing is not None:
            return existing
    row = Decision(
        meeting=meeting,
        decision=decision.strip(),
        family_position=family_position,
        family_view=family_view.strip(),
        created_by=actor,
        submission_token=submission_token,
    )
    if row.family_position != Decision.FamilyPosition.AGREED and not row.family_view:
        raise ValidationError({"family_view": "Write the family's view in their own words"})
    _full_clean(row)
    try:
        with transaction.atomic():
            row.save()
            _audit(
                actor=actor,
                family=meeting.family,
                subject=meeting,
                action=AccessEvent.Action.CHANGE,
                reason="recorded a decision",
                request=request,
                channel=channel,
            )
    except IntegrityError:
        existing = Decision.objects.filter(
            submission_token=submission_token, meeting=meeting
        ).first()
        if submission_token is None:
            raise
        if existing is None:
            raise ValidationError(FORM_ALREADY_USED) from None
        return existing
    return row


# --- Changing who is invited after a meeting was arranged ----------------------------------

PARTICIPANT_CHOICE = "Choose a family member or a professional, or enter the name of someone else"


def participant_add(
    *,
    actor: Staff,
    meeting: Meeting,
    member: FamilyMember | None = None,
    staff: Staff | None = None,
    other: OtherPerson | None = None,
    request: HttpRequest | None = None,
    channel: str = "web",
) -> MeetingParticipant:
    """Invite one more person to a meeting: a family member, a professional (from the same
    choices as when the meeting was arranged: `selectors.meeting_chairs_and_professionals`)
    or someone without an account. Inviting a partner's account lets them see this meeting.

    Someone already invited is not invited twice (one row per person: a double submission
    adds one); the message says so.
    """
    if not permissions.can_record_meeting(actor, meeting):
        raise PermissionDenied
    other = other if other is not None and other.name.strip() else None
    if sum([member is not None, staff is not None, other is not None]) != 1:
        raise ValidationError({"participant": PARTICIPANT_CHOICE})
    existing = meeting.participants.all()
    if member is not None:
        if member.family_id != meeting.family_id:
            raise ValidationError({"member": "Choose someone from this family"})
        if existing.filter(member=member).exists():
            raise ValidationError(
                {"member": f"{member.display_name} is already invited to this meeting"}
            )
    if staff is not None:
        _, professionals = selectors.meeting_chairs_and_professionals(meeting.family)
        if not professionals.filter(pk=staff.pk).exists():
            raise ValidationError(
                {"staff": "Choose a professional from the family's team or a partner agency"}
            )
        if existing.filter(staff=staff).exists():
            raise ValidationError(
                {"staff": f"{staff.display_name} is already invited to this meeting"}
            )
    if other is not None and existing.filter(name__iexact=other.name.strip()).exists():
        raise ValidationError(
            {"name": f"{other.name.strip()} is already on the list of people invited"}
        )
    before = set(existing.values_list("pk", flat=True))
    try:
        with transaction.atomic():
            _invite(
                meeting,
                members=[member] if member is not None else [],
                staff=[staff] if staff is not None else [],
                others=[other] if other is not None else [],
            )
            _audit(
                actor=actor,
                family=meeting.family,
                subject=meeting,
                action=AccessEvent.Action.CHANGE,
                reason="invited someone to the meeting",
                request=request,
                channel=channel,
            )
    except IntegrityError:
        # The same person added by two requests at once: the first one stands.
        raise ValidationError(
            {"participant": "This person is already invited to this meeting"}
        ) from None
    return meeting.participants.exclude(pk__in=before).get()


def participant_has_record(participant: MeetingParticipant) -> bool:
    """Is anything of this person's part in the meeting on the record (their view, how it
    was given or why not, or that they attended)? Then removing them would erase it."""
    return bool(
        participant.view_given_by
        or participant.view.strip()
        or participant.attendance
        in (MeetingParticipant.Attendance.ATTENDED, MeetingParticipant.Attendance.PART)
    )


@transaction.atomic
def participant_remove(
    *,
    actor: Staff,
    participant: MeetingParticipant,
    request: HttpRequest | None = None,
    channel: str = "web",
) -> None:
    """Take someone off a meeting's invitation list (invited by mistake, or no longer coming).

    Refused, with a message, when their view or attendance is recorded: every voice given
    stays on the record (policy §7), so a recorded view is corrected, never deleted here.
    A removed partner no longer sees the meeting.
    """
    meeting = participant.meeting
    if not permissions.can_record_meeting(actor, meeting):
        raise PermissionDenied
    if participant_has_record(participant):
        raise ValidationError(
            {
                "participant": (
                    f"{participant.display_name} cannot be removed: their view or attendance "
                    "is recorded for this meeting, and a recorded voice stays on the record. "
                    "Correct it on the 'Record the meeting' page instead"
                )
            }
        )
    participant.delete()
    _audit(
        actor=actor,
        family=meeting.family,
        subject=meeting,
        action=AccessEvent.Action.CHANGE,
        reason="removed someone from the meeting",
        request=request,
        channel=channel,
    )
