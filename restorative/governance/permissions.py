"""Who may do what in governance (§6.5, §9, §10). Each rule once, as data on `core.scope`.

- The implementation picture (measures, targets, trends) is for those who answer for a
  place: the team manager for their team, the head of service for their service's teams, the
  director and quality assurance for the whole organisation (`PICTURE_RULE`). The same reach
  filters every page, export and API response of measures.
- Targets are the director's (§9: the director is strategically accountable).
- Anyone on our staff may raise a barrier; they always see their own and its outcome. Leaders
  see the barriers of the place they answer for (`BARRIER_VIEW_RULE`); heads of service and
  the director triage them (`BARRIER_TRIAGE_RULE`). A barrier raised without a name shows no
  name to anyone but the person who raised it.
- Every member of our staff reads the policy register and acknowledges a new version; the
  director and quality assurance keep the register; acknowledgement coverage by team follows
  the picture's rule.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from restorative.core.scope import Extent, Reach, Rule, is_active_user
from restorative.people import permissions as people_permissions
from restorative.people.models import Service, Staff, Team

from .models import Barrier

Role = Staff.Role

PICTURE_RULE = Rule(
    "implementation picture",
    {
        Role.TEAM_MANAGER: Extent.TEAM,
        Role.HEAD_OF_SERVICE: Extent.SERVICE,
        Role.DIRECTOR: Extent.ORGANISATION,
        Role.QUALITY: Extent.ORGANISATION,
    },
)

BARRIER_VIEW_RULE = Rule(
    "see barriers",
    {
        Role.PRACTITIONER: Extent.SELF,
        Role.ASYE: Extent.SELF,
        Role.BUSINESS_SUPPORT: Extent.SELF,
        Role.WORKFORCE: Extent.SELF,
        Role.CONFERENCE_CHAIR: Extent.SELF,
        Role.FGC_COORDINATOR: Extent.SELF,
        Role.TEAM_MANAGER: Extent.SELF | Extent.TEAM,
        Role.HEAD_OF_SERVICE: Extent.SELF | Extent.SERVICE,
        Role.DIRECTOR: Extent.SELF | Extent.ORGANISATION,
        Role.QUALITY: Extent.SELF | Extent.ORGANISATION,
    },
)

BARRIER_TRIAGE_RULE = Rule(
    "triage barriers",
    {Role.HEAD_OF_SERVICE: Extent.SERVICE, Role.DIRECTOR: Extent.ORGANISATION},
)

POLICY_KEEPERS = frozenset({Role.DIRECTOR, Role.QUALITY})


# --- The picture -------------------------------------------------------------------------


def picture_reach(user: Any) -> Reach:
    """The places whose measures `user` may see (`PICTURE_RULE`)."""
    return PICTURE_RULE.reach(user)


def can_view_picture(user: Any) -> bool:
    """Is any part of the implementation picture open to `user` (for the navigation)?"""
    return picture_reach(user).beyond_self


def picture_teams_q(user: Any) -> Q:
    """Filter on Team: the teams whose measures `user` may see."""
    return picture_reach(user).q(team="")


def can_view_team_picture(user: Any, team: Team) -> bool:
    """May `user` see this team's measures?"""
    return picture_reach(user).covers_team(team)


def can_view_service_picture(user: Any, service: Service) -> bool:
    """May `user` see this service's measures? Its head, the director and QA."""
    reach = picture_reach(user)
    return reach.organisation or service.pk in reach.service_ids


def can_view_organisation_picture(user: Any) -> bool:
    """The organisation's figures: the director and quality assurance."""
    return picture_reach(user).organisation


def can_set_targets(user: Any) -> bool:
    """Targets are set by the director (§9)."""
    return is_active_user(user) and user.role == Role.DIRECTOR


# --- Barriers ----------------------------------------------------------------------------


def can_raise_barrier(user: Any) -> bool:
    """Anyone on our staff (partners and system administrators hold no place here)."""
    return is_active_user(user) and user.role not in {Role.PARTNER, Role.SYSTEM_ADMIN}


def _barrier_q(reach: Reach) -> Q:
    q = reach.q(team="team", person="raised_by")
    if reach.service_ids and not reach.organisation:
        q |= Q(service_id__in=reach.service_ids)
    return q


def _barrier_allows(reach: Reach, barrier: Barrier) -> bool:
    if reach.allows(barrier, team="team", person="raised_by"):
        return True
    return barrier.service_id is not None and barrier.service_id in reach.service_ids


def barriers_visible_q(user: Any) -> Q:
    """Filter for every list of barriers: one's own, and those of the place one leads."""
    return _barrier_q(BARRIER_VIEW_RULE.reach(user))


def can_view_barrier(user: Any, barrier: Barrier) -> bool:
    """May `user` open this barrier? The object form of `barriers_visible_q`."""
    return _barrier_allows(BARRIER_VIEW_RULE.reach(user), barrier)


def can_triage_barriers(user: Any) -> bool:
    """Does `user` triage any barriers (heads of service and the director)?"""
    return BARRIER_TRIAGE_RULE.reach(user).beyond_self


def barriers_triageable_q(user: Any) -> Q:
    """Filter for the barriers `user` may triage."""
    return _barrier_q(BARRIER_TRIAGE_RULE.reach(user))


def can_triage_barrier(user: Any, barrier: Barrier) -> bool:
    """May `user` set this barrier's owner, action, status and review date?"""
    return _barrier_allows(BARRIER_TRIAGE_RULE.reach(user), barrier)


def can_see_barrier_raiser(user: Any, barrier: Barrier) -> bool:
    """A barrier raised without a name shows it only to the person who raised it."""
    return not barrier.name_hidden or getattr(user, "pk", None) == barrier.raised_by_id


# --- Policies ----------------------------------------------------------------------------


def can_view_policies(user: Any) -> bool:
    """Every member of our staff reads the policy register and acknowledges new versions."""
    return people_permissions.can_view_structure(user) and user.role != Role.PARTNER


def can_manage_policies(user: Any) -> bool:
    """The director (who owns the policy, §9) and quality assurance keep the register."""
    return is_active_user(user) and user.role in POLICY_KEEPERS


def can_view_policy_coverage(user: Any) -> bool:
    """Acknowledgement coverage by team follows the picture's rule."""
    return can_view_picture(user)
