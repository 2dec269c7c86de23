"""Who may do what with the restorative language (one rulebook for pages and API).

- Everyone signed in, partners included (policy §6.6: a shared language with partners), may
  read the glossary and use the checker.
- The system administrator and language leads look after the lexicon.
- The system administrator appoints language leads.
- A child's preferred words belong to the family's record: people who may view the family
  see them; people who may edit the family change them (people.permissions decides both).
- Language analytics: the director and language leads see every team; a head of service
  the teams in their service; a team manager their own team.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from restorative.core.scope import EVERYWHERE, Extent, Reach, Rule, is_active_user
from restorative.people.models import Family, Staff, Team
from restorative.people.permissions import can_edit_family, can_view_family

Role = Staff.Role


def is_language_lead(user: Any) -> bool:
    """Is this person appointed a language lead? (Cached on the user object per request.)"""
    if not is_active_user(user):
        return False
    cached = getattr(user, "_is_language_lead", None)
    if cached is None:
        from .models import LanguageLead

        cached = LanguageLead.objects.filter(staff_id=user.pk).exists()
        user._is_language_lead = cached
    return bool(cached)


def can_view_glossary(user: Any) -> bool:
    """The shared restorative language is for every signed-in person, partners too."""
    return is_active_user(user)


def can_use_checker(user: Any) -> bool:
    """Everyone who writes in the product gets suggestions."""
    return is_active_user(user)


def can_manage_lexicon(user: Any) -> bool:
    """Adding, changing, disabling, importing and exporting entries."""
    if not is_active_user(user):
        return False
    return user.role == Role.SYSTEM_ADMIN or is_language_lead(user)


def can_manage_language_leads(user: Any) -> bool:
    """Appointing language leads is for the system administrator."""
    return is_active_user(user) and user.role == Role.SYSTEM_ADMIN


def can_view_child_preferences(user: Any, family: Family) -> bool:
    """A child's preferred words are part of the family's record: the family's view rule."""
    return can_view_family(user, family)


def can_edit_child_preferences(user: Any, family: Family) -> bool:
    """Changing them follows the family's edit rule."""
    return can_edit_family(user, family)


# Language analytics as data: how far each role reaches among teams' figures. Language leads,
# whatever their role, see every team (`analytics_scope`).
ANALYTICS_RULE = Rule(
    "language analytics",
    {
        Role.DIRECTOR: Extent.ORGANISATION,
        Role.HEAD_OF_SERVICE: Extent.SERVICE,
        Role.TEAM_MANAGER: Extent.TEAM,
    },
)


def analytics_scope(user: Any) -> Reach:
    """The teams whose language figures `user` may see: the rule, or everything for a
    language lead."""
    reach = ANALYTICS_RULE.reach(user)
    if not reach.organisation and is_language_lead(user):
        return EVERYWHERE
    return reach


def analytics_teams_q(user: Any, *, team: str = "") -> Q | None:
    """The teams whose language figures this person may see, as a filter on Team (or, with
    `team="team"`, on rows that point at a team); None means no access at all.

    The director and language leads see everything, including staff without a team."""
    reach = analytics_scope(user)
    if not reach.any:
        return None
    return reach.q(team=team)


def can_view_team_language_analytics(user: Any, team: Team) -> bool:
    """May `user` see this team's language figures? The object form of `analytics_teams_q`."""
    return analytics_scope(user).covers_team(team)


def can_view_language_analytics(user: Any) -> bool:
    """Leaders and language leads see the trend (for the teams `analytics_teams_q` allows)."""
    return analytics_scope(user).any
