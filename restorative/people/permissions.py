"""Who may do what with people and families (DESIGN.md privacy rule 2). One rulebook.

Each rule is written once, as data (`FAMILY_VIEW_RULE`, `FAMILY_EDIT_RULE`): how far each
role reaches among families, in the organisation scope of `restorative.core.scope` — the
families allocated to them, their team's, their service's, or every family. The object
check (`can_view_family`) and the list filter (`families_visible_q`) are both read off that
one reach, so a page, a search, an export and the API can never disagree about who sees a
family.

The rule:
- the allocated practitioner may view and change the family's record;
- members of the family's team may view it; practitioners, ASYE practitioners and the
  team manager may also change it; business support may view it;
- the head of the family's service may view and change it;
- the director and quality assurance may view every family, read-only;
- partner agency staff see families only through meetings and plans they are invited to
  (those arrive with the practice app), so here they see none;
- workforce development, the complaints manager and system administrators hold no case
  role and see none (a complaint names its family by case reference, in the evaluation app).
Exports follow the view rule: everyone who may view a record may export it, and every
export is written to the access trail.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from restorative.core.scope import Extent, Reach, Rule, is_active_user

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

# The rule as data: how far each role reaches among families, to view and to change them.
# Everyone with a case role reaches the families allocated to them (SELF). Partners,
# workforce development and system administrators are not named, so they reach none.
FAMILY_VIEW_RULE = Rule(
    "view families",
    {
        Role.PRACTITIONER: Extent.SELF | Extent.TEAM,
        Role.ASYE: Extent.SELF | Extent.TEAM,
        Role.TEAM_MANAGER: Extent.SELF | Extent.TEAM,
        Role.BUSINESS_SUPPORT: Extent.SELF | Extent.TEAM,
        Role.HEAD_OF_SERVICE: Extent.SELF | Extent.SERVICE,
        Role.DIRECTOR: Extent.SELF | Extent.ORGANISATION,
        Role.QUALITY: Extent.SELF | Extent.ORGANISATION,
    },
)
FAMILY_EDIT_RULE = Rule(
    "change families",
    {
        Role.PRACTITIONER: Extent.SELF | Extent.TEAM,
        Role.ASYE: Extent.SELF | Extent.TEAM,
        Role.TEAM_MANAGER: Extent.SELF | Extent.TEAM,
        Role.BUSINESS_SUPPORT: Extent.SELF,
        Role.HEAD_OF_SERVICE: Extent.SELF | Extent.SERVICE,
        Role.DIRECTOR: Extent.SELF,
        Role.QUALITY: Extent.SELF,
    },
)
FAMILY_RULES = {"view": FAMILY_VIEW_RULE, "edit": FAMILY_EDIT_RULE}

# Where a family keeps what the reach is measured against: its team and allocated worker.
FAMILY_FIELDS: dict[str, str] = {"team": "team", "person": "allocated_worker"}

_BASIS = {
    Extent.SELF: BASIS_ALLOCATED,
    Extent.TEAM: BASIS_TEAM,
    Extent.SERVICE: BASIS_SERVICE,
    Extent.ORGANISATION: BASIS_ORGANISATION,
}


def family_scope(user: Any, *, action: str) -> Reach:
    """The one rule: which families `user` may `view` or `edit` (export follows view)."""
    if action not in FAMILY_RULES:
        raise ValueError(f"Unknown action {action!r}")
    return FAMILY_RULES[action].reach(user)


def family_basis(scope: Reach, family: Family) -> str | None:
    """Why this family is in `scope`, or None when it is not (for the access trail)."""
    return _BASIS.get(scope.basis(family, **FAMILY_FIELDS))


def families_visible_q(user: Any) -> Q:
    """Filter for every list, search, export and API response of families."""
    return family_scope(user, action="view").q(**FAMILY_FIELDS)


def families_editable_q(user: Any) -> Q:
    """Filter for families whose record `user` may change."""
    return family_scope(user, action="edit").q(**FAMILY_FIELDS)


def family_view_basis(user: Any, family: Family) -> str | None:
    """Why `user` may view `family` (written to the access trail), or None if they may not."""
    return family_basis(family_scope(user, action="view"), family)


def can_view_family(user: Any, family: Family) -> bool:
    """May `user` open this family's record?"""
    return family_view_basis(user, family) is not None


def can_edit_family(user: Any, family: Family) -> bool:
    """May `user` change this family's record and its members?"""
    return family_scope(user, action="edit").allows(family, **FAMILY_FIELDS)


def can_export_family(user: Any, family: Family) -> bool:
    """Exports follow the view rule; each one is recorded in the access trail."""
    return can_view_family(user, family)


def can_list_families(user: Any) -> bool:
    """Does this person have any route to families at all (for the navigation)?"""
    return is_active_user(user) and user.role not in {
        Role.PARTNER,
        Role.WORKFORCE,
        Role.SYSTEM_ADMIN,
        # Runs the complaints procedure (the evaluation app) with no case role.
        Role.COMPLAINTS_MANAGER,
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


# Who may hold a family (be its allocated worker): an active practitioner, ASYE practitioner
# or team manager of the family's team (issue 14, point 6). One rule for the page's choices,
# the API's accepted values and the service's check.
ALLOCATABLE_ROLES = (Role.PRACTITIONER, Role.ASYE, Role.TEAM_MANAGER)
ALLOCATION_CHOICE = "Choose a practitioner or team manager in the family's team"


def allocatable_q(team_ids: Any) -> Q:
    """Filter on Staff: who may be allocated a family in one of these teams."""
    return Q(is_active=True, team_id__in=team_ids, role__in=ALLOCATABLE_ROLES)


def allocation_error(worker: Staff, team_id: int) -> str | None:
    """Why `worker` may not be allocated a family of this team (None when they may): the
    object form of `allocatable_q`, with the reason in words."""
    if not worker.is_active:
        return "Choose someone whose account is active"
    if worker.role not in ALLOCATABLE_ROLES:
        return (
            f"{worker.display_name} cannot hold a family as a "
            f"{worker.get_role_display().lower()}. {ALLOCATION_CHOICE}"
        )
    if worker.team_id != team_id:
        return f"{worker.display_name} is not in the family's team. {ALLOCATION_CHOICE}"
    return None


def can_view_access_log(user: Any, family: Family) -> bool:
    """Quality assurance, and the manager of the family's team, may see who accessed it."""
    if not is_active_user(user):
        return False
    if user.role == Role.QUALITY:
        return True
    return user.role == Role.TEAM_MANAGER and user.team_id == family.team_id


def is_our_staff(user: Any) -> bool:
    """An active account of our own staff: anyone but a partner agency's."""
    return is_active_user(user) and user.role in OUR_STAFF


def can_view_structure(user: Any) -> bool:
    """The organisation chart, team pages and staff directory are for our own staff."""
    return is_our_staff(user)


def can_import_families(user: Any) -> bool:
    """Importing from the case management system changes allocations everywhere: admins only."""
    return is_active_user(user) and user.role == Role.SYSTEM_ADMIN


def can_search_access_trail(user: Any) -> bool:
    """Quality assurance may search and export the access trail across every family.

    A team manager reads one family's trail from its page (`can_view_access_log`); searching
    every family's by person and date is an audit task, so it is quality assurance's alone.
    """
    return is_active_user(user) and user.role == Role.QUALITY
