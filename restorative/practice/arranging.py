"""Arranging, rearranging and cancelling a meeting that has not been held yet.

Holding an initial conference or a review adds the meetings its timescale rules make due (a
first core group, the next review) as "to be arranged" rows with a due date and no time
(`services.add_follow_ons`). Until they are arranged or cancelled they stay on the overdue
lists, so these are the two ways off those lists short of holding the meeting:

- `meeting_arrange` gives a meeting to be arranged its date and time, venue and place, chair,
  and (optionally) more invitations, making it SCHEDULED. The same call on a SCHEDULED meeting
  moves it (a new date, time or place, or another chair). The due date never changes: it is a
  statutory commitment, and a meeting arranged for after it still shows as overdue.
- `meeting_cancel` marks a meeting to be arranged or scheduled as CANCELLED, with the reason
  in words. It stays on the family's record (nothing is deleted) and leaves the due lists.

A held meeting is neither moved nor cancelled: its record stands. Arranging for a date in the
past is refused: a meeting that already happened is recorded as held (arrange it for today,
then record it with the day it was held).

Both checks live here, not in the page or the API, so the two keep the same rules: who may
chair (`selectors.meeting_chairs_and_professionals`, and `services.chair_lead_error` for
restorative circles and family group conferences) and who may be invited. Both are safe to
submit twice: a repeat finds the meeting already as asked and changes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from restorative.people.models import FamilyMember, Staff

from . import permissions, selectors
from .models import Meeting
from .services import OtherPerson, chair_lead_error, full_clean, invite, record_meeting_change
from .services.meetings import MEETING_IN_THE_PAST, mark_cancelled

ARRANGEABLE = (Meeting.Status.TO_ARRANGE, Meeting.Status.SCHEDULED)
CANCELLABLE = (Meeting.Status.TO_ARRANGE, Meeting.Status.SCHEDULED)

HELD_CANNOT_BE_REARRANGED = (
    "This meeting has been held, so it cannot be rearranged. Change its record instead"
)
CANCELLED_CANNOT_BE_ARRANGED = (
    "This meeting was cancelled. Schedule a new meeting for the family instead"
)
HELD_CANNOT_BE_CANCELLED = "This meeting has been held, so it cannot be cancelled"


def _meeting_day(scheduled_at: datetime.datetime) -> datetime.date:
    if timezone.is_aware(scheduled_at):
        return timezone.localdate(scheduled_at)
    return scheduled_at.date()


def _aware(scheduled_at: datetime.datetime) -> datetime.datetime:
    if timezone.is_aware(scheduled_at):
        return scheduled_at
    return timezone.make_aware(scheduled_at)


def _lock(meeting: Meeting) -> Meeting:
    """The meeting row, locked for this transaction: two submissions at once run one by one."""
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


@transaction.atomic
def meeting_arrange(
    *,
    actor: Staff,
    meeting: Meeting,
    scheduled_at: datetime.datetime,
    venue: str,
    place: str = "",
    chair: Staff | None = None,
    chair_name: str = "",
    members: Iterable[FamilyMember] = (),
    staff: Iterable[Staff] = (),
    others: Iterable[OtherPerson] = (),
    request: HttpRequest | None = None,
    channel: str = "web",
) -> Meeting:
    """Arrange a meeting to be arranged, or move a scheduled one; invite more people.

    People already invited are not invited again, so submitting the same form twice leaves
    one invitation each and one arrangement.
    """
    if not permissions.can_record_meeting(actor, meeting):
        raise PermissionDenied
    current = _lock(meeting)
    if current.status == Meeting.Status.HELD:
        raise ValidationError(HELD_CANNOT_BE_REARRANGED)
    if current.status == Meeting.Status.CANCELLED:
        raise ValidationError(CANCELLED_CANNOT_BE_ARRANGED)
    family = meeting.family
    scheduled_at = _aware(scheduled_at)
    day = _meeting_day(scheduled_at)
    members = list(members)
    staff = list(staff)
    others = [o for o in others if o.name.strip()]
    chair_name = chair_name.strip() if chair is None else ""
    errors: dict[str, str] = {}
    if day < timezone.localdate():
        errors["scheduled_at"] = MEETING_IN_THE_PAST
    if venue not in Meeting.Venue.values:
        errors["venue"] = "Choose in person or online"
    chairs, professionals = selectors.meeting_chairs_and_professionals(family)
    if chair is not None and not chairs.filter(pk=chair.pk).exists():
        errors["chair"] = (
            "Choose a practitioner or manager of the family's team, or the head of its service"
        )
    elif chair is None and current.meeting_type in selectors.MEETINGS_NEEDING_A_LEAD:
        # A name typed in cannot be checked for training, so these need a chair with an account.
        verb = selectors.MEETINGS_NEEDING_A_LEAD[current.meeting_type]
        errors["chair"] = f"Choose someone with current advanced restorative training to {verb}"
    else:
        lead_error = chair_lead_error(chair=chair, meeting_type=current.meeting_type, on=day)
        if lead_error:
            errors["chair"] = lead_error
        independence_error = permissions.chair_independence_error(
            chair, current.meeting_type, family, day
        )
        if independence_error:
            errors["chair"] = independence_error
    if any(member.family_id != family.pk for member in members):
        errors["members"] = "Choose people from this family"
    if staff:
        allowed = set(
            professionals.filter(pk__in=[s.pk for s in staff]).values_list("pk", flat=True)
        )
        if any(person.pk not in allowed for person in staff):
            errors["staff"] = "Choose professionals from the family's team or a partner agency"
    if errors:
        raise ValidationError(errors)

    invited = list(current.participants.all())
    invited_members = {p.member_id for p in invited if p.member_id}
    invited_staff = {p.staff_id for p in invited if p.staff_id}
    invited_names = {p.name.strip().lower() for p in invited if p.name}
    new_members = [m for m in dict.fromkeys(members) if m.pk not in invited_members]
    new_staff = [s for s in dict.fromkeys(staff) if s.pk not in invited_staff]
    new_others = []
    for other in others:
        key = other.name.strip().lower()
        if key not in invited_names:
            invited_names.add(key)
            new_others.append(other)

    place = place.strip()
    unchanged = (
        current.status == Meeting.Status.SCHEDULED
        and current.scheduled_at == scheduled_at
        and current.venue == venue
        and current.place == place
        and current.chair_id == (chair.pk if chair else None)
        and current.chair_name == chair_name
    )
    if unchanged and not (new_members or new_staff or new_others):
        return current  # a repeat of the same submission: nothing to do

    first_time = current.status == Meeting.Status.TO_ARRANGE
    current.status = Meeting.Status.SCHEDULED
    current.scheduled_at = scheduled_at
    current.venue = venue
    current.place = place
    current.chair = chair
    current.chair_name = chair_name
    full_clean(current)
    current.save()
    invite(current, members=new_members, staff=new_staff, others=new_others)
    current.family = family  # already read: the trail line needs no second read
    record_meeting_change(
        actor,
        current,
        "arranged the meeting" if first_time else "changed the meeting's date or place",
        request,
        channel,
    )
    return current


@transaction.atomic
def meeting_cancel(
    *,
    actor: Staff,
    meeting: Meeting,
    reason: str,
    request: HttpRequest | None = None,
    channel: str = "web",
) -> Meeting:
    """Cancel a meeting not yet held, saying why; it leaves the due lists but stays recorded.

    Cancelling a meeting already cancelled changes nothing (a double submission).
    """
    if not permissions.can_record_meeting(actor, meeting):
        raise PermissionDenied
    current = _lock(meeting)
    if current.status == Meeting.Status.CANCELLED:
        return current
    if current.status == Meeting.Status.HELD:
        raise ValidationError(HELD_CANNOT_BE_CANCELLED)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the meeting is cancelled"})
    mark_cancelled(current, reason, timezone.now())
    current.family = meeting.family  # already read: the trail line needs no second read
    record_meeting_change(actor, current, "cancelled the meeting", request, channel)
    return current
