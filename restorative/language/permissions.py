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

from restorative.people.models import Family, Staff
from restorative.people.permissions import can_edit_family, can_view_family

Role = Staff.Role


def _is_active_user(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def is_language_lead(user: Any) -> bool:
    """Is this person appointed a language lead? (Cached on the user object per request.)"""
    if not _is_active_user(user):
        return False
    cached = getattr(user, "_is_language_lead", None)
    if cached is None:
        from .models import LanguageLead

        cached = LanguageLead.objects.filter(staff_id=user.pk).exists()
        user._is_language_lead = cached
    return bool(cached)


def can_view_glossary(user: Any) -> bool:
    """The shared restorative language is for every signed-in person, partners too."""
    return _is_active_user(user)


def can_use_checker(user: Any) -> bool:
    """Everyone who writes in the product gets suggestions."""
    return _is_active_user(user)


def can_manage_lexicon(user: Any) -> bool:
    """Adding, changing, disabling, importing and exporting entries."""
    if not _is_active_user(user):
        return False
    return user.role == Role.SYSTEM_ADMIN or is_language_lead(user)


def can_manage_language_leads(user: Any) -> bool:
    """Appointing language leads is for the system administrator."""
    return _is_active_user(user) and user.role == Role.SYSTEM_ADMIN


def can_view_child_preferences(user: Any, family: Family) -> bool:
    """A child's preferred words are part of the family's record: the family's view rule."""
    return can_view_family(user, family)


def can_edit_child_preferences(user: Any, family: Family) -> bool:
    """Changing them follows the family's edit rule."""
    return can_edit_family(user, family)


def analytics_teams_q(user: Any, *, prefix: str = "") -> Q | None:
    """The teams whose language figures this person may see, as a filter on Team (or, with
    `prefix="team__"`, on rows that point at a team); None means no access at all.

    The director and language leads see everything, including staff without a team."""
    if not _is_active_user(user):
        return None
    if user.role == Role.DIRECTOR or is_language_lead(user):
        return Q()
    if user.role == Role.HEAD_OF_SERVICE and user.service_id:
        return Q(**{f"{prefix}service_id": user.service_id})
    if user.role == Role.TEAM_MANAGER and user.team_id:
        return Q(**{f"{prefix}pk": user.team_id})
    return None


def can_view_language_analytics(user: Any) -> bool:
    """Leaders and language leads see the trend (for the teams `analytics_teams_q` allows)."""
    return analytics_teams_q(user) is not None
