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

from restorative.core.scope import Extent, Rule, is_active_user
from restorative.people import permissions as people_permissions
from restorative.people.models import Family, Staff

from .models import Meeting, MeetingParticipant, Plan

BASIS_INVITED_PARTNER = "invited partner agency participant"


def _is_partner(user: Any) -> bool:
    return is_active_user(user) and user.role == Staff.Role.PARTNER


def _families_q(user: Any, prefix: str) -> Q:
    """The family rule, moved onto a related model's `family`: a subquery on Family."""
    family_q = people_permissions.families_visible_q(user)
    if not family_q:  # organisation-wide readers: every family
        return Q()
    return Q(**{f"{prefix}__in": Family.objects.filter(family_q).values("pk")})


def _invited_meetings(user: Any) -> Any:
    """The meetings a partner is invited to (a subquery of meeting ids)."""
    return MeetingParticipant.objects.filter(staff_id=user.pk, invited=True).values("meeting_id")


def _is_invited_partner(user: Any, meeting_id: int | None) -> bool:
    """The object form of `_invited_meetings`: is this partner invited to this meeting?"""
    return bool(
        meeting_id
        and _is_partner(user)
        and MeetingParticipant.objects.filter(
            meeting_id=meeting_id, staff_id=user.pk, invited=True
        ).exists()
    )


def meetings_visible_q(user: Any) -> Q:
    """Filter for every list of meetings: the family's readers, and invited partners."""
    q = _families_q(user, "family_id")
    if _is_partner(user):
        q |= Q(pk__in=_invited_meetings(user))
    return q


def meeting_view_basis(user: Any, meeting: Meeting) -> str | None:
    """Why `user` may see this meeting (for the access trail), or None if they may not."""
    basis = people_permissions.family_view_basis(user, meeting.family)
    if basis is not None:
        return basis
    if _is_invited_partner(user, meeting.pk):
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


def can_view_practice_lists(user: Any) -> bool:
    """The 'due and overdue' page: anyone with a route to families, and partners."""
    return people_permissions.can_list_families(user) or _is_partner(user)


# --- Plans --------------------------------------------------------------------------------
# The same two clauses as meetings: the family's readers, plus partner staff invited to the
# meeting the plan was made at (they helped make it). A plan made on its own is family-only.


def plans_visible_q(user: Any) -> Q:
    """Filter for every list of plans (and, through `plan__`, of actions and reviews)."""
    q = _families_q(user, "family_id")
    if _is_partner(user):
        q |= Q(meeting_id__in=_invited_meetings(user))
    return q


def plan_view_basis(user: Any, plan: Plan) -> str | None:
    """Why `user` may see this plan (for the access trail), or None if they may not."""
    basis = people_permissions.family_view_basis(user, plan.family)
    if basis is not None:
        return basis
    if _is_invited_partner(user, plan.meeting_id):
        return BASIS_INVITED_PARTNER
    return None


def can_view_plan(user: Any, plan: Plan) -> bool:
    """May `user` open this plan?"""
    return plan_view_basis(user, plan) is not None


def can_record_plan(user: Any, plan: Plan) -> bool:
    """Changing a plan (goals, actions, reviews) follows the family, as meetings do."""
    return can_record_for_family(user, plan.family)


# --- A team's meetings and voice figures (the team picture) -------------------------------


# Who sees a team's picture, as data: those who oversee the team (DESIGN.md roles) — its
# manager, the head of its service, and the organisation-wide readers (director, QA).
TEAM_PRACTICE_RULE = Rule(
    "team practice",
    {
        Staff.Role.TEAM_MANAGER: Extent.TEAM,
        Staff.Role.HEAD_OF_SERVICE: Extent.SERVICE,
        Staff.Role.DIRECTOR: Extent.ORGANISATION,
        Staff.Role.QUALITY: Extent.ORGANISATION,
    },
)


def team_practice_teams_q(user: Any) -> Q:
    """Filter on Team: the teams whose meetings and voice figures `user` may see."""
    return TEAM_PRACTICE_RULE.reach(user).q(team="")


def can_view_team_practice(user: Any, team: Any) -> bool:
    """May `user` see the list of a team's meetings and its voice figures?

    The team picture is for those who oversee the team (`TEAM_PRACTICE_RULE`). Each of them
    may see every family of the team under the family rule, so the page shows nothing they
    could not open one family at a time. Practitioners and business support see their own
    meetings on "Meetings due"; partners and other teams' managers get 404.
    """
    return TEAM_PRACTICE_RULE.reach(user).covers_team(team)


# --- Events from the case management system ------------------------------------------------


def can_submit_case_events(user: Any) -> bool:
    """May `user` send case-system events? An active account of an organisation holding the
    permission `practice.submit_case_events`: the council's integration account, whose token
    needs nothing else (it can then read nothing: no team, no case role)."""
    return (
        is_active_user(user)
        and getattr(user, "organisation_id", None) is not None
        and user.has_perm("practice.submit_case_events")
    )
