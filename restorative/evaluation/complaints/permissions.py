"""Who may see and handle complaints and compliments (issue 12 points 6 and 7). One rulebook.

Complaints are personal and sometimes about a named member of staff, so they are shown
narrowly:
- the complaints manager runs the procedure: sees and changes every complaint;
- quality assurance and the director see every complaint (analysis, §8), read only;
- a head of service sees the complaints about their service, a team manager those about
  their team (they answer for the service), read only;
- nobody else, practitioners included.
Whatever the role, **a complaint about a member of staff is never shown to that person**: the
list filter leaves it out and the object check refuses it, so the page, the export and the
API all answer 404 (natural justice: the investigation is not theirs to read; they hear of it
from their manager).

Compliments are good news to share: the same readers, plus every member of staff named in
one (it is about them) — they see the compliment itself and are told on their own list.
The figures (reports, the annual report) are for the complaints manager, quality assurance
and the director.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from restorative.core.scope import Extent, Rule, is_active_user
from restorative.people.models import Staff

from ..models import Complaint, Compliment

Role = Staff.Role

COMPLAINT_VIEW_RULE = Rule(
    "view complaints",
    {
        Role.COMPLAINTS_MANAGER: Extent.ORGANISATION,
        Role.QUALITY: Extent.ORGANISATION,
        Role.DIRECTOR: Extent.ORGANISATION,
        Role.HEAD_OF_SERVICE: Extent.SERVICE,
        Role.TEAM_MANAGER: Extent.TEAM,
    },
)
REPORT_READERS = frozenset({Role.COMPLAINTS_MANAGER, Role.QUALITY, Role.DIRECTOR})
# A complaint's reach is measured on its team; one about a whole service has no team and is
# reached through `service` (see `complaints_visible_q`).
COMPLAINT_FIELDS: dict[str, str] = {"team": "team"}


def _about_them(user: Any) -> Q:
    """Complaints naming this person as a member of staff complained about."""
    through = Complaint.staff.through
    return Q(Exists(through.objects.filter(complaint_id=OuterRef("pk"), staff_id=user.pk)))


def complaints_visible_q(user: Any) -> Q:
    """The list filter: complaints in this person's reach, never one about themselves."""
    reach = COMPLAINT_VIEW_RULE.reach(user)
    if not reach.any:
        return Q(pk__in=[])
    q = reach.q(**COMPLAINT_FIELDS)
    if reach.service_ids and not reach.organisation:
        q |= Q(team__isnull=True, service_id__in=reach.service_ids)
    return q & ~_about_them(user)


def complaints_visible(user: Any, queryset: QuerySet[Complaint]) -> QuerySet[Complaint]:
    return queryset.filter(complaints_visible_q(user))


def can_view_complaint(user: Any, complaint: Complaint) -> bool:
    """May `user` open this complaint? The object form of `complaints_visible_q`."""
    reach = COMPLAINT_VIEW_RULE.reach(user)
    if not reach.any:
        return False
    allowed = reach.allows(complaint, **COMPLAINT_FIELDS) or (
        complaint.team_id is None and complaint.service_id in reach.service_ids
    )
    if not allowed:
        return False
    return not any(person.pk == user.pk for person in complaint.staff.all())


def can_list_complaints(user: Any) -> bool:
    """Has this person any route to complaints (for the navigation)?"""
    return COMPLAINT_VIEW_RULE.reach(user).any


def can_manage_complaints(user: Any) -> bool:
    """Recording complaints, stages, extensions and outcomes is the complaints manager's."""
    return is_active_user(user) and user.role == Role.COMPLAINTS_MANAGER


def can_change_complaint(user: Any, complaint: Complaint) -> bool:
    """The complaints manager may change a complaint they may see (never one about them)."""
    return can_manage_complaints(user) and can_view_complaint(user, complaint)


def can_view_complaint_reports(user: Any) -> bool:
    """The figures and the annual report: complaints manager, quality assurance, director."""
    return is_active_user(user) and user.role in REPORT_READERS


# --- Compliments -------------------------------------------------------------------------


def compliments_visible_q(user: Any) -> Q:
    """Compliments in reach by the complaints rule, and every one naming this person."""
    if not is_active_user(user):
        return Q(pk__in=[])
    reach = COMPLAINT_VIEW_RULE.reach(user)
    if reach.organisation:
        return Q()  # (an empty Q would vanish from the "or" below, leaving only the named)
    q = reach.q(team="team") if reach.any else Q(pk__in=[])
    through = Compliment.staff.through
    return q | Q(Exists(through.objects.filter(compliment_id=OuterRef("pk"), staff_id=user.pk)))


def can_view_compliment(user: Any, compliment: Compliment) -> bool:
    """May `user` read this compliment? The object form of `compliments_visible_q`."""
    if not is_active_user(user):
        return False
    reach = COMPLAINT_VIEW_RULE.reach(user)
    if reach.any and reach.allows(compliment, team="team"):
        return True
    return any(person.pk == user.pk for person in compliment.staff.all())


def can_list_compliments(user: Any) -> bool:
    """Everyone on our staff may have compliments about them; partners and admins do not."""
    return is_active_user(user) and user.role not in {Role.PARTNER, Role.SYSTEM_ADMIN}


def can_record_compliments(user: Any) -> bool:
    """The complaints manager records compliments (they arrive by the same routes)."""
    return can_manage_complaints(user)


def can_change_complaint_timescales(user: Any) -> bool:
    """The organisation's complaint timescales (working days per stage, whose bank holidays)
    are set by the complaints manager, who runs the procedure."""
    return can_manage_complaints(user)
