"""Who may see and record restorative practice (DESIGN.md privacy rule 2). One rule, used twice.

A conversation or meeting belongs to a family's record, so whoever may see the family may see
it: that rule lives in `restorative.people.permissions` and is not repeated here. The one
addition: partner agency staff see a meeting when they are invited to it as a participant
(and nothing else of the family's record). `meeting_view_basis` is the object check and
`meetings_visible_q` the list filter; both are read off the same two clauses.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from restorative.people import permissions as people_permissions
from restorative.people.models import Family, Staff

from .models import Meeting, MeetingParticipant, RestorativeConversation

BASIS_INVITED_PARTNER = "invited partner agency participant"


def _is_partner(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and user.role == Staff.Role.PARTNER
    )


def _families_q(user: Any, prefix: str) -> Q:
    """The family rule, moved onto a related model's `family`: a subquery on Family."""
    family_q = people_permissions.families_visible_q(user)
    if not family_q:  # organisation-wide readers: every family
        return Q()
    return Q(**{f"{prefix}__in": Family.objects.filter(family_q).values("pk")})


def meetings_visible_q(user: Any) -> Q:
    """Filter for every list of meetings: the family's readers, and invited partners."""
    q = _families_q(user, "family_id")
    if _is_partner(user):
        invited = MeetingParticipant.objects.filter(staff_id=user.pk, invited=True).values(
            "meeting_id"
        )
        q |= Q(pk__in=invited)
    return q


def meeting_view_basis(user: Any, meeting: Meeting) -> str | None:
    """Why `user` may see this meeting (for the access trail), or None if they may not."""
    basis = people_permissions.family_view_basis(user, meeting.family)
    if basis is not None:
        return basis
    if (
        _is_partner(user)
        and MeetingParticipant.objects.filter(
            meeting=meeting, staff_id=user.pk, invited=True
        ).exists()
    ):
        return BASIS_INVITED_PARTNER
    return None


def can_view_meeting(user: Any, meeting: Meeting) -> bool:
    """May `user` open this meeting's record?"""
    return meeting_view_basis(user, meeting) is not None


def can_record_for_family(user: Any, family: Family) -> bool:
    """May `user` record conversations and meetings for this family?

    Those who may change the family's record, and the family's team's business support,
    who arrange meetings and take minutes (DESIGN.md roles).
    """
    if people_permissions.can_edit_family(user, family):
        return True
    return user.role == Staff.Role.BUSINESS_SUPPORT and people_permissions.can_view_family(
        user, family
    )


def families_recordable_q(user: Any) -> Q:
    """The list filter for `can_record_for_family`, from the same two clauses."""
    q = people_permissions.families_editable_q(user)
    if getattr(user, "role", None) == Staff.Role.BUSINESS_SUPPORT:
        q |= people_permissions.families_visible_q(user)
    return q


def can_record_meeting(user: Any, meeting: Meeting) -> bool:
    """Recording views and decisions follows the family: partners give views, not minutes."""
    return can_record_for_family(user, meeting.family)


def conversations_visible_q(user: Any) -> Q:
    """Conversations are seen by the family's readers only (partners are never invited)."""
    return _families_q(user, "family_id")


def can_view_conversation(user: Any, conversation: RestorativeConversation) -> bool:
    """May `user` open this conversation? Exactly when they may see the family."""
    return people_permissions.can_view_family(user, conversation.family)


def can_view_practice_lists(user: Any) -> bool:
    """The 'due and overdue' page: anyone with a route to families, and partners."""
    return people_permissions.can_list_families(user) or _is_partner(user)
