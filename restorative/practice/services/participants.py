"""Changing who is invited after a meeting was arranged: one more person, or one fewer."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest

from restorative.people.models import FamilyMember, Staff

from .. import permissions, selectors
from ..models import (
    Meeting,
    MeetingParticipant,
    MeetingType,
)
from .common import (
    OtherPerson,
    full_clean,
)
from .meetings import invite, record_meeting_change

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
            invite(
                meeting,
                members=[member] if member is not None else [],
                staff=[staff] if staff is not None else [],
                others=[other] if other is not None else [],
            )
            record_meeting_change(
                actor, meeting, "invited someone to the meeting", request, channel
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
    supporters = [p.display_name for p in participant.supporters.all()]
    if supporters:
        raise ValidationError(
            {
                "participant": (
                    f"{participant.display_name} cannot be removed while their supporter "
                    f"{' and '.join(supporters)} is invited: remove the supporter first"
                )
            }
        )
    participant.delete()
    record_meeting_change(actor, meeting, "removed someone from the meeting", request, channel)


# --- People harmed (issue 10, point 7) -----------------------------------------------------

# The meetings a person harmed (and their supporter) may take part in.
MEETINGS_WITH_PEOPLE_HARMED = (
    MeetingType.YOUTH_JUSTICE_PANEL,
    MeetingType.RESTORATIVE_CIRCLE,
    MeetingType.COMMUNITY_CIRCLE,
)


SUPPORTS_CHOICE = "Choose the person harmed they support, from those added to this meeting"


def person_harmed_add(
    *,
    actor: Staff,
    meeting: Meeting,
    name: str,
    supporter: bool = False,
    supports: MeetingParticipant | None = None,
    consent_to_take_part: bool | None = None,
    chose_to_meet: bool | None = None,
    view: str = "",
    request: HttpRequest | None = None,
    channel: str = "web",
) -> MeetingParticipant:
    """Add the person harmed (or their supporter) to a youth justice panel or restorative
    circle, with their consent to take part, whether they chose to meet, and their view in
    their own words. They are participants of the meeting, so only those who may see the
    meeting see them (`permissions.meetings_visible_q`); they have no account.

    A supporter is there for one person harmed at this meeting (`supports`): the page and
    the API choose them from `selectors.people_harmed(meeting)`, and anyone else is refused."""
    if not permissions.can_record_meeting(actor, meeting):
        raise PermissionDenied
    if meeting.meeting_type not in MEETINGS_WITH_PEOPLE_HARMED:
        raise ValidationError(
            {"kind": "A person harmed takes part in a youth justice panel or restorative circle"}
        )
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Enter the name of the person"})
    if meeting.participants.filter(name__iexact=name).exists():
        raise ValidationError({"name": f"{name} is already invited to this meeting"})
    if supporter:
        if supports is None or not selectors.people_harmed(meeting).filter(pk=supports.pk).exists():
            raise ValidationError({"supports": SUPPORTS_CHOICE})
    elif supports is not None:
        raise ValidationError({"supports": "Only a supporter supports a person harmed"})
    if chose_to_meet and consent_to_take_part is not True:
        raise ValidationError(
            {"chose_to_meet": "Someone who chose to meet has consented to take part: say so"}
        )
    row = MeetingParticipant(
        meeting=meeting,
        kind=(
            MeetingParticipant.Kind.HARMED_SUPPORTER
            if supporter
            else MeetingParticipant.Kind.PERSON_HARMED
        ),
        name=name[:200],
        supports=supports if supporter else None,
        consent_to_take_part=consent_to_take_part,
        chose_to_meet=chose_to_meet,
        view=view.strip(),
        view_given_by=MeetingParticipant.ViewGivenBy.IN_PERSON if view.strip() else "",
    )
    full_clean(row)
    with transaction.atomic():
        row.save()
        record_meeting_change(actor, meeting, "added a person harmed", request, channel)
    return row
