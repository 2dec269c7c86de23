"""Who may do what with people and families (DESIGN.md privacy rule 2). One rulebook.

Each rule is written once, as a *scope*: the teams, services and allocations a person can
reach for an action. The object check (`can_view_family`) and the list filter
(`families_visible_q`) are both read off that one scope, so a page, a search, an export
and the API can never disagree about who sees a family.

The rule:
- the allocated practitioner may view and change the family's record;
- members of the family's team may view it; practitioners, ASYE practitioners and the
  team manager may also change it; business support may view it;
- the head of the family's service may view and change it;
- the director and quality assurance may view every family, read-only;
- partner agency staff see families only through meetings and plans they are invited to
  (those arrive with the practice app), so here they see none;
- workforce development and system administrators hold no case role and see none.
Exports follow the view rule: everyone who may view a record may export it, and every
export is written to the access trail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from .models import Family, Staff

Role = Staff.Role

ORGANISATION_WIDE_READERS = frozenset({Role.DIRECTOR, Role.QUALITY})
TEAM_EDITORS = frozenset({Role.PRACTITIONER, Role.ASYE, Role.TEAM_MANAGER})
TEAM_READERS = TEAM_EDITORS | {Role.BUSINESS_SUPPORT}
OUR_STAFF = frozenset(set(Role) - {Role.PARTNER})

BASIS_ALLOCATED = "allocated practitioner"
BASIS_TEAM = "member of the family's team"
BASIS_SERVICE = "head of the family's service"
BASIS_ORGANISATION = "organisation-wide role (read only)"


@dataclass(frozen=True)
class FamilyScope:
    """The families one person can reach for one action, and why."""

    everything: bool = False
    team_ids: frozenset[int] = field(default_factory=frozenset)
    service_ids: frozenset[int] = field(default_factory=frozenset)
    worker_id: int | None = None

    def as_q(self) -> Q:
        """The scope as a filter on Family (for lists, search, exports and the API)."""
        if self.everything:
            return Q()
        q = Q(pk__in=[])
        if self.worker_id is not None:
            q |= Q(allocated_worker_id=self.worker_id)
        if self.team_ids:
            q |= Q(team_id__in=self.team_ids)
        if self.service_ids:
            q |= Q(team__service_id__in=self.service_ids)
        return q

    def basis(self, family: Family) -> str | None:
        """Why this family is in scope, or None when it is not (for the access trail)."""
        if self.worker_id is not None and family.allocated_worker_id == self.worker_id:
            return BASIS_ALLOCATED
        if family.team_id in self.team_ids:
            return BASIS_TEAM
        if self.service_ids and family.team.service_id in self.service_ids:
            return BASIS_SERVICE
        if self.everything:
            return BASIS_ORGANISATION
        return None


NO_FAMILIES = FamilyScope()


def _is_active_user(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def family_scope(user: Any, *, action: str) -> FamilyScope:
    """The one rule: which families `user` may `view` or `edit` (export follows view)."""
    if action not in {"view", "edit"}:
        raise ValueError(f"Unknown action {action!r}")
    if not _is_active_user(user):
        return NO_FAMILIES
    role = user.role
    if role in {Role.PARTNER, Role.WORKFORCE, Role.SYSTEM_ADMIN}:
        return NO_FAMILIES
    everything = action == "view" and role in ORGANISATION_WIDE_READERS
    team_roles = TEAM_READERS if action == "view" else TEAM_EDITORS
    team_ids = frozenset({user.team_id}) if user.team_id and role in team_roles else frozenset()
    service_ids = (
        frozenset({user.service_id})
        if user.service_id and role == Role.HEAD_OF_SERVICE
        else frozenset()
    )
    return FamilyScope(
        everything=everything,
        team_ids=team_ids,
        service_ids=service_ids,
        worker_id=user.pk,
    )


def families_visible_q(user: Any) -> Q:
    """Filter for every list, search, export and API response of families."""
    return family_scope(user, action="view").as_q()


def families_editable_q(user: Any) -> Q:
    """Filter for families whose record `user` may change."""
    return family_scope(user, action="edit").as_q()


def family_view_basis(user: Any, family: Family) -> str | None:
    """Why `user` may view `family` (written to the access trail), or None if they may not."""
    return family_scope(user, action="view").basis(family)


def can_view_family(user: Any, family: Family) -> bool:
    """May `user` open this family's record?"""
    return family_view_basis(user, family) is not None


def can_edit_family(user: Any, family: Family) -> bool:
    """May `user` change this family's record and its members?"""
    return family_scope(user, action="edit").basis(family) is not None


def can_export_family(user: Any, family: Family) -> bool:
    """Exports follow the view rule; each one is recorded in the access trail."""
    return can_view_family(user, family)


def can_list_families(user: Any) -> bool:
    """Does this person have any route to families at all (for the navigation)?"""
    return _is_active_user(user) and user.role not in {
        Role.PARTNER,
        Role.WORKFORCE,
        Role.SYSTEM_ADMIN,
    }


def can_create_family_in_team(user: Any, team_id: int) -> bool:
    """New families are added by the team's practitioners and manager, or its head of service."""
    scope = family_scope(user, action="edit")
    if team_id in scope.team_ids:
        return True
    if scope.service_ids:
        from .models import Team

        return Team.objects.filter(pk=team_id, service_id__in=scope.service_ids).exists()
    return False


def can_allocate(user: Any, family: Family) -> bool:
    """Changing the team or allocated worker is for the team manager or head of service."""
    if not can_edit_family(user, family):
        return False
    return user.role in {Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE}


def can_view_access_log(user: Any, family: Family) -> bool:
    """Quality assurance, and the manager of the family's team, may see who accessed it."""
    if not _is_active_user(user):
        return False
    if user.role == Role.QUALITY:
        return True
    return user.role == Role.TEAM_MANAGER and user.team_id == family.team_id


def can_view_structure(user: Any) -> bool:
    """The organisation chart, team pages and staff directory are for our own staff."""
    return _is_active_user(user) and user.role in OUR_STAFF


def can_import_families(user: Any) -> bool:
    """Importing from the case management system changes allocations everywhere: admins only."""
    return _is_active_user(user) and user.role == Role.SYSTEM_ADMIN
