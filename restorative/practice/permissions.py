"""Who may see and record restorative practice (DESIGN.md privacy rule 2). One rule, used twice.

A conversation or meeting belongs to a family's record, so whoever may see the family may see
it: that rule lives in `restorative.people.permissions` and is not repeated here. The one
addition: partner agency staff see a meeting when they are invited to it as a participant
(and nothing else of the family's record). `meeting_view_basis` is the object check and
`meetings_visible_q` the list filter; both are read off the same two clauses.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from restorative.core.scope import Extent, Rule, is_active_user
from restorative.people import permissions as people_permissions
from restorative.people.models import Family, Staff

from .models import Meeting, MeetingParticipant, Plan

BASIS_INVITED_PARTNER = "invited partner agency participant"
BASIS_CHAIR = "independent chair or coordinator of the meeting"
# Roles who see the meetings they chair even without the family (`chaired_meetings_q`).
CHAIR_ROLES = (Staff.Role.CONFERENCE_CHAIR, Staff.Role.FGC_COORDINATOR, Staff.Role.PARTNER)

# Who asks: a page's signed-in staff member, or the API's request user (anonymous reaches
# nothing: every rule starts with `is_active_user`).
Person = Staff | AnonymousUser


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
    if getattr(user, "role", None) in CHAIR_ROLES:
        q |= chaired_meetings_q(user)
    return q


def _family_or_invited_basis(user: Any, family: Family, meeting_id: int | None) -> str | None:
    """Why `user` may see a record of this family's that belongs to this meeting (a meeting
    itself, or a plan made at it): as a reader of the family, or as a partner invited to the
    meeting. None if neither."""
    basis = people_permissions.family_view_basis(user, family)
    if basis is not None:
        return basis
    if _is_invited_partner(user, meeting_id):
        return BASIS_INVITED_PARTNER
    return None


def meeting_view_basis(user: Any, meeting: Meeting) -> str | None:
    """Why `user` may see this meeting (for the access trail), or None if they may not."""
    basis = _family_or_invited_basis(user, meeting.family, meeting.pk)
    if basis is not None:
        return basis
    if (
        meeting.chair_id is not None
        and meeting.chair_id == getattr(user, "pk", None)
        and getattr(user, "role", None) in CHAIR_ROLES
        and is_active_user(user)
    ):
        return BASIS_CHAIR
    return None


def can_view_meeting(user: Any, meeting: Meeting) -> bool:
    """May `user` open this meeting's record?"""
    return meeting_view_basis(user, meeting) is not None


def can_record_for_family(user: Any, family: Family) -> bool:
    """May `user` record practice for this family: conversations, plans and decisions?

    That is a practitioner's work, recorded under their name, so it is for those who may
    change the family's record (the family rule). Business support arrange meetings and take
    minutes (`can_arrange_for_family`) but record no practice: a conversation they typed
    would show them as the practitioner (DESIGN.md roles; decision 0008, roles).
    """
    return people_permissions.can_edit_family(user, family)


def families_recordable_q(user: Any) -> Q:
    """The list filter for `can_record_for_family`."""
    return people_permissions.families_editable_q(user)


def _is_business_support(user: Person) -> bool:
    return is_active_user(user) and getattr(user, "role", None) == Staff.Role.BUSINESS_SUPPORT


def can_arrange_for_family(user: Person, family: Family) -> bool:
    """May `user` schedule this family's meetings, invite people and take the minutes?

    Those who may record practice for the family, and the business support of the family's
    team, whose work that is (DESIGN.md roles: scheduling meetings, invitations, minutes).
    """
    if can_record_for_family(user, family):
        return True
    return _is_business_support(user) and people_permissions.can_view_family(user, family)


def families_arrangeable_q(user: Person) -> Q:
    """The list filter for `can_arrange_for_family`, from the same two clauses."""
    q = families_recordable_q(user)
    if _is_business_support(user):
        q |= people_permissions.families_visible_q(user)
    return q


def can_schedule_meetings(user: Person) -> bool:
    """Is there any family whose meetings `user` may schedule? Decides whether "Schedule a
    meeting" is offered at all (the director and quality assurance read; partners attend)."""
    if not is_active_user(user):
        return False
    return Family.objects.filter(families_arrangeable_q(user)).exists()


def can_record_meeting(user: Any, meeting: Meeting) -> bool:
    """Arranging, moving or cancelling a meeting, changing who is invited, and its minutes
    (the record of what was said and who came): `can_arrange_for_family`. Partners give
    views, not minutes."""
    return can_arrange_for_family(user, meeting.family)


def can_record_decision(user: Person, meeting: Meeting) -> bool:
    """A decision made with the family is practice (`can_record_for_family`): business
    support minute the meeting but do not record its decisions."""
    return can_record_for_family(user, meeting.family)


ABSENT = (MeetingParticipant.Attendance.APOLOGIES, MeetingParticipant.Attendance.DID_NOT_ATTEND)


def can_see_meeting_discussion(user: Person, meeting: Meeting) -> bool:
    """May `user` read the views given and the discussion (the record's sections)?

    Everyone who may see the meeting, except an invited partner who was not there (sent
    apologies or did not attend): they keep what they need to act on, the meeting's date,
    type and place, who was invited, whether each came, and the decisions and plans made,
    but not what each person said in a room they were not in (decision 0008, roles). The
    meeting's chair or coordinator led it, so they read it too.
    """
    if people_permissions.family_view_basis(user, meeting.family) is not None:
        return True
    if meeting.chair_id is not None and meeting.chair_id == getattr(user, "pk", None):
        return is_active_user(user)
    if not isinstance(user, Staff) or not _is_partner(user):
        return False
    return (
        MeetingParticipant.objects.filter(meeting_id=meeting.pk, staff_id=user.pk, invited=True)
        .exclude(attendance__in=ABSENT)
        .exists()
    )


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
    return _family_or_invited_basis(user, plan.family, plan.meeting_id)


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


# --- Who may chair a conference or coordinate a family group conference (issue 10, point 1) --
#
# Child protection conference chairs and independent reviewing officers must be independent of
# the line management of the case (Working Together 2023): someone in the conference chair role
# who does not work in the family's service, so neither the family's team manager nor the head
# of its service manages them. Family group conference coordinators must be independent of the
# case decisions (Family Rights Group standards): an in-house coordinator, or a coordinator from
# a commissioned FGC service (partner agency staff), with current advanced restorative training
# (`workforce.permissions.staff_who_may_lead_q`), and never the family's allocated worker or
# their manager. One rule, read as a list filter (`chair_candidates_q`: the choices on the page,
# the API's look-up) and an object check (`may_chair`, `chair_independence_error`: the meeting
# services), so the page, the service and the API cannot disagree.

CONFERENCE_MEETING_TYPES = ("initial_conference", "review_conference")
# A looked-after child's review is chaired by their Independent Reviewing Officer, under the
# same independence rule as a conference chair (Working Together 2023; IRO Handbook).
LOOKED_AFTER_REVIEW_TYPE = "looked_after_review"
IRO_MEETING_TYPES = (*CONFERENCE_MEETING_TYPES, LOOKED_AFTER_REVIEW_TYPE)
FGC_MEETING_TYPE = "family_group_conference"
INDEPENDENT_CHAIR_MEETING_TYPES = (*IRO_MEETING_TYPES, FGC_MEETING_TYPE)


def _line_management_q(family: Family) -> Q:
    """Filter on Staff: the family's allocated worker and those who manage the case: the
    family's team manager and the head of its service."""
    q = Q(role=Staff.Role.TEAM_MANAGER, team_id=family.team_id) | Q(
        role=Staff.Role.HEAD_OF_SERVICE, service_id=family.team.service_id
    )
    if family.allocated_worker_id is not None:
        q |= Q(pk=family.allocated_worker_id)
    return q


def chair_candidates_q(meeting_type: str, family: Family, on: Any) -> Q | None:
    """Filter on Staff: who may chair (or coordinate) a meeting of this type for `family` on
    the day `on`; None for a meeting type the independence rule does not cover."""
    if meeting_type in IRO_MEETING_TYPES:
        return (
            Q(is_active=True, role=Staff.Role.CONFERENCE_CHAIR)
            & ~Q(team__service_id=family.team.service_id)
            & ~_line_management_q(family)
        )
    if meeting_type == FGC_MEETING_TYPE:
        from restorative.people.models import PartnerAgency
        from restorative.workforce.permissions import staff_who_may_lead_q

        coordinators = Q(role=Staff.Role.FGC_COORDINATOR) | Q(
            role=Staff.Role.PARTNER, partner_agency__kind=PartnerAgency.Kind.FGC_SERVICE
        )
        return (
            Q(is_active=True)
            & coordinators
            & staff_who_may_lead_q(on)
            & ~_line_management_q(family)
        )
    return None


def may_chair(staff: Staff | None, meeting_type: str, family: Family, on: Any) -> bool:
    """May `staff` chair this meeting type for `family` on `on`? The object form of
    `chair_candidates_q` (one query); any staff member for types the rule does not cover."""
    if staff is None or getattr(staff, "pk", None) is None:
        return False
    q = chair_candidates_q(meeting_type, family, on)
    if q is None:
        return True
    return Staff.objects.filter(q, pk=staff.pk).exists()


def chair_independence_error(
    staff: Staff | None, meeting_type: str, family: Family, on: Any
) -> str | None:
    """Why `staff` may not chair this meeting for `family` on `on` (None if they may, or if no
    chair is chosen). Training that has run out is `services.chair_lead_error`'s message, so
    here only independence and the role are explained."""
    if staff is None or meeting_type not in INDEPENDENT_CHAIR_MEETING_TYPES:
        return None
    if may_chair(staff, meeting_type, family, on):
        return None
    name = staff.display_name
    if meeting_type == LOOKED_AFTER_REVIEW_TYPE:
        if staff.role != Staff.Role.CONFERENCE_CHAIR:
            return (
                f"{name} cannot chair a looked-after child review: choose an independent "
                "reviewing officer"
            )
        return (
            f"{name} cannot chair this review: they are in the line management of the "
            "family's case. Choose an independent reviewing officer from outside the family's "
            "service"
        )
    if meeting_type in CONFERENCE_MEETING_TYPES:
        if staff.role != Staff.Role.CONFERENCE_CHAIR:
            return (
                f"{name} cannot chair a child protection conference: choose a conference chair "
                "or independent reviewing officer"
            )
        return (
            f"{name} cannot chair this conference: they are in the line management of the "
            "family's case. Choose a chair from outside the family's service"
        )
    if family.allocated_worker_id == staff.pk:
        return (
            f"{name} cannot coordinate this family group conference: they are the family's "
            "allocated worker. The coordinator must be independent of the case decisions"
        )
    is_coordinator = staff.role == Staff.Role.FGC_COORDINATOR or (
        staff.role == Staff.Role.PARTNER
        and staff.partner_agency is not None
        and staff.partner_agency.kind == "fgc_service"
    )
    if not is_coordinator:
        return (
            f"{name} cannot coordinate a family group conference: choose a family group "
            "conference coordinator, in-house or from a commissioned service"
        )
    return None  # a coordinator without current training: services.chair_lead_error says so


def chaired_meetings_q(user: Any) -> Q:
    """Filter on Meeting: the meetings `user` chairs or coordinates. An independent chair or
    an FGC coordinator (our own or a commissioned service's) sees the meetings they lead,
    though the family's record is otherwise outside their reach."""
    if not is_active_user(user) or user.role not in (
        Staff.Role.CONFERENCE_CHAIR,
        Staff.Role.FGC_COORDINATOR,
        Staff.Role.PARTNER,
    ):
        return Q(pk__in=[])
    return Q(chair_id=user.pk)
