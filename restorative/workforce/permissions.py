"""Who may do what with training (policy §6.1, §9). One rulebook for pages, exports and the API.

The rule:
- the workforce development team manages the catalogue, sessions and attendance, and sees
  everyone's compliance with names;
- a session's facilitators take its attendance;
- our own staff see every course and session and book themselves onto them;
- partner agency staff see, and book, only sessions their agency is invited to (joint
  training), and the courses of those sessions; nothing else of training;
- compliance: everyone sees their own; a team manager their team's, a head of service their
  service's, the director the organisation's — with names (decision 0009: training records
  are employment records the director is accountable for, not case data; the figures alone
  would not let them act);
- quality assurance, business support and system administrators see only their own;
- the register of restorative champions follows the same scope;
- training decides who may lead: only staff with current advanced training may facilitate
  a restorative circle or coordinate a family group conference (`staff_who_may_lead_q`,
  `may_lead_restorative_meeting`; the practice meeting service enforces it).
The compliance rule is declared as data (`COMPLIANCE_RULE`, in the organisation scope of
`restorative.core.scope`) and read both as an object check (`can_view_compliance_of`) and a
list filter (`compliance_staff_q`).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from restorative.core.scope import Extent, Reach, Rule, is_active_user
from restorative.people.models import Staff, Team
from restorative.people.permissions import can_view_family

from .models import Booking, Completion, Course, Session

Role = Staff.Role


def _is_partner(user: Any) -> bool:
    return bool(user.role == Role.PARTNER)


# --- Catalogue and sessions ----------------------------------------------------------------


def can_manage_training(user: Any) -> bool:
    """The workforce development team edits the catalogue, its rules and the sessions."""
    return is_active_user(user) and user.role == Role.WORKFORCE


def can_use_training(user: Any) -> bool:
    """Anyone signed in has a route into training (partners only to joint sessions)."""
    return is_active_user(user)


def sessions_visible_q(user: Any) -> Q:
    """Filter on Session: every session for our staff; invited sessions for partners."""
    if not is_active_user(user):
        return Q(pk__in=[])
    if _is_partner(user):
        if user.partner_agency_id is None:
            return Q(pk__in=[])
        return Q(partner_agencies=user.partner_agency_id)
    return Q()


# Roles that never facilitate training: business support arrange, they do not train;
# partners and administrators are not the organisation's trainers.
NOT_FACILITATORS = (Role.BUSINESS_SUPPORT, Role.PARTNER, Role.SYSTEM_ADMIN)


def session_facilitators_q() -> Q:
    """Filter on Staff: who may facilitate (and so take attendance at) a training session:
    our own active staff, never business support, a partner or an administrator. The form
    lists exactly these; the session services refuse anyone else."""
    return Q(is_active=True) & ~Q(role__in=NOT_FACILITATORS)


def may_facilitate_session(staff: Staff) -> bool:
    """The object check of `session_facilitators_q`."""
    return bool(staff.is_active and staff.role not in NOT_FACILITATORS)


def can_view_session(user: Any, session: Session) -> bool:
    """May `user` see this session (and so book it)?"""
    if not is_active_user(user):
        return False
    if _is_partner(user):
        return session.partner_agencies.filter(pk=user.partner_agency_id).exists()
    return True


def courses_visible_q(user: Any) -> Q:
    """Filter on Course, from the session rule: partners see the courses they are invited to."""
    if not is_active_user(user):
        return Q(pk__in=[])
    if _is_partner(user):
        return Q(pk__in=Session.objects.filter(sessions_visible_q(user)).values("course_id"))
    return Q()


def can_book_session(user: Any, session: Session) -> bool:
    """People book themselves onto a session they can see."""
    return can_view_session(user, session)


def can_cancel_booking(user: Any, booking: Booking) -> bool:
    """The person booked, or the workforce team, may cancel a booking."""
    if not is_active_user(user):
        return False
    return booking.person_id == user.pk or can_manage_training(user)


def is_facilitator(user: Any, session: Session) -> bool:
    return bool(is_active_user(user) and session.facilitators.filter(pk=user.pk).exists())


def can_take_attendance(user: Any, session: Session) -> bool:
    """The session's facilitators, or the workforce team, record who attended."""
    return can_manage_training(user) or is_facilitator(user, session)


def can_view_bookings(user: Any, session: Session) -> bool:
    """Who else is booked is for the people running the session."""
    return can_take_attendance(user, session)


# --- Compliance ----------------------------------------------------------------------------


# The rule as data: how far each role reaches among people's training records. Everyone
# sees their own; partners are not named (they have no compliance here) and, being outside
# our staff, are never in anyone's reach (`compliance_staff_q`).
COMPLIANCE_RULE = Rule(
    "training compliance",
    {
        Role.PRACTITIONER: Extent.SELF,
        Role.ASYE: Extent.SELF,
        Role.TEAM_MANAGER: Extent.SELF | Extent.TEAM,
        Role.HEAD_OF_SERVICE: Extent.SELF | Extent.SERVICE,
        Role.DIRECTOR: Extent.SELF | Extent.ORGANISATION,
        Role.WORKFORCE: Extent.SELF | Extent.ORGANISATION,
        Role.QUALITY: Extent.SELF,
        Role.BUSINESS_SUPPORT: Extent.SELF,
        Role.SYSTEM_ADMIN: Extent.SELF,
    },
)

# Where a person's record keeps what the reach is measured against: their team, themselves.
STAFF_FIELDS: dict[str, str] = {"team": "team", "person": ""}


def compliance_scope(user: Any) -> Reach:
    """The one compliance rule (see the module docstring)."""
    return COMPLIANCE_RULE.reach(user)


def compliance_staff_q(user: Any) -> Q:
    """Filter for every list, page and export of people's training compliance."""
    return compliance_scope(user).q(**STAFF_FIELDS) & ~Q(role=Role.PARTNER)


def can_view_compliance_of(user: Any, person: Staff) -> bool:
    """May `user` see `person`'s training record and compliance?"""
    if person.role == Role.PARTNER:
        return False
    return compliance_scope(user).allows(person, **STAFF_FIELDS)


def can_view_team_compliance(user: Any, team: Team) -> bool:
    """May `user` open a team's compliance page (figures and names) and export it?"""
    return compliance_scope(user).covers_team(team)


def can_view_compliance_reports(user: Any) -> bool:
    """Does `user` see anyone's compliance beyond their own (for the navigation)?"""
    return compliance_scope(user).beyond_self


def can_view_champions_register(user: Any) -> bool:
    """The register of restorative champions follows the compliance scope: whoever sees the
    training of people beyond themselves sees the champions among those people."""
    return compliance_scope(user).beyond_self


def can_view_team_champions(user: Any, team: Team) -> bool:
    """A team's champions and their advanced training: whoever may see the team's compliance."""
    return can_view_team_compliance(user, team)


def can_view_own_training(user: Any) -> bool:
    """'My training' is for everyone signed in: partners are booked on joint training too,
    and see their bookings there (decision 0008, roles)."""
    return is_active_user(user)


def has_own_compliance(user: Staff | AnonymousUser) -> bool:
    """Our own staff have courses they must complete; partners have no compliance here."""
    return is_active_user(user) and not _is_partner(user)


# --- Who may lead restorative meetings (issue 5, point 7) ----------------------------------
#
# Training decides who may lead: only staff with *current* advanced restorative training may
# facilitate a restorative circle or coordinate a family group conference. Current means a
# completion of an advanced-level course (Course.Level.ADVANCED: the advanced course, the
# champion programme, an advanced refresher) dated on or before the day, whose `valid_until`
# is that day or later, or empty (never expires) — the compliance boundaries: valid on the
# last day, not the day after. A course retired from the catalogue still counts: the person
# did the training. One rule, read as a list filter (`staff_who_may_lead_q`, for the chair
# choices) and an object check (`may_lead_restorative_meeting`, for the meeting service).


def current_advanced_training_q(on: datetime.date) -> Q:
    """Filter on Completion: completions of advanced-level courses that count on `on`."""
    return Q(course__level=Course.Level.ADVANCED, completed_on__lte=on) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    )


def staff_who_may_lead_q(on: datetime.date) -> Q:
    """Filter on Staff: active people with current advanced training on `on`."""
    qualified = Completion.objects.filter(current_advanced_training_q(on)).values("person_id")
    return Q(is_active=True, pk__in=qualified)


def may_lead_restorative_meeting(staff: Any, on: datetime.date) -> bool:
    """May `staff` facilitate a restorative circle or coordinate a family group conference
    on `on`? The object check of `staff_who_may_lead_q` (one query)."""
    if staff is None or getattr(staff, "pk", None) is None:
        return False
    return Staff.objects.filter(staff_who_may_lead_q(on), pk=staff.pk).exists()


# --- Supervision (policy §6.4) -------------------------------------------------------------
#
# The personal reflective parts of a supervision session (wellbeing, reflection, emotional
# impact, learning, support) are for the supervisor and the supervisee only: nobody else —
# quality assurance, the head of service, the director, other staff — may open a session,
# and for them it does not exist (404). The case decisions made in supervision are part of
# the family's record and follow the family rule (`people.permissions.can_view_family`).
# Who may see the *dates* (last session, next due, overdue) follows the compliance scope:
# supervision frequency is monitored like training, an employment record, not case data;
# a supervisor also sees the people they supervise.


def supervision_sessions_visible_q(user: Any) -> Q:
    """Filter on SupervisionSession: sessions where `user` is the supervisor or supervisee."""
    if not is_active_user(user) or _is_partner(user):
        return Q(pk__in=[])
    return Q(agreement__supervisor_id=user.pk) | Q(agreement__supervisee_id=user.pk)


def can_view_supervision_session(user: Any, session: Any) -> bool:
    """May `user` open a supervision session, personal parts included? The two people only."""
    if not is_active_user(user) or _is_partner(user):
        return False
    agreement = session.agreement
    return user.pk in {agreement.supervisor_id, agreement.supervisee_id}


def can_record_supervision(user: Any, agreement: Any) -> bool:
    """The supervisor of an open agreement records its sessions."""
    return bool(
        is_active_user(user) and agreement.ended_on is None and agreement.supervisor_id == user.pk
    )


def can_edit_supervision_session(user: Any, session: Any) -> bool:
    """The supervisor who recorded a session corrects it; the supervisee reads it only.

    The record is the supervisor's account of the session (decision 0009): letting the
    supervisee rewrite it would make it neither's. Case decisions are not changed by an edit.
    """
    if not is_active_user(user) or _is_partner(user):
        return False
    return bool(session.recorded_by_id == user.pk == session.agreement.supervisor_id)


def can_manage_supervision_of(user: Any, supervisee: Any) -> bool:
    """Who sets up and ends a person's supervision agreements: whoever oversees them beyond
    themselves (team manager: their team; head of service: their service; director and the
    workforce team: everyone). Nobody arranges their own. Who they may name as supervisor is
    a separate rule (`supervisor_choice_error`). Reads `supervisee.team` (select it)."""
    if not is_active_user(user) or _is_partner(user) or supervisee.pk == user.pk:
        return False
    if supervisee.role == Role.PARTNER:
        return False
    scope = compliance_scope(user)
    if scope.organisation:
        return True
    return supervisee.team_id is not None and scope.covers_team(supervisee.team)


# Who may be named supervisor (decision 0009, "Who may supervise whom"). Setting up an
# agreement gives the supervisor the supervision records and learning log of the supervisee
# from then on, so overseeing someone (director, workforce team, head of service) is not
# enough to name oneself: the supervisor is a manager in the supervisee's line, and nobody
# appoints themselves unless they are the supervisee's line manager. The service checks it
# (`services.supervision_agreement_create`), so the page, the API and any later caller agree.


def _service_id_of(person: Any) -> int | None:
    """The service a person works in: their team's, or the one they lead (head of service).
    Reads `person.team` (select it)."""
    if person.team_id is not None:
        return int(person.team.service_id)
    if person.role == Role.HEAD_OF_SERVICE and person.service_id is not None:
        return int(person.service_id)
    return None


def is_line_manager_of(user: Any, person: Any) -> bool:
    """Is `user` `person`'s line manager? A practitioner's (or anyone in a team's) is the team
    manager of their team; a team manager's, the head of their service; a head of service's,
    and that of people outside any service (quality assurance, workforce development), the
    director. Reads `person.team` (select it)."""
    if not is_active_user(user) or _is_partner(user) or user.pk == person.pk:
        return False
    if person.role == Role.TEAM_MANAGER and person.team_id is not None:
        return bool(user.role == Role.HEAD_OF_SERVICE and user.service_id == person.team.service_id)
    if person.team_id is not None:
        return bool(user.role == Role.TEAM_MANAGER and user.team_id == person.team_id)
    return bool(user.role == Role.DIRECTOR)


def may_supervise(supervisor: Any, supervisee: Any) -> bool:
    """May `supervisor` be named `supervisee`'s supervisor? Their line manager, or a team
    manager or the head of service of the supervisee's own service; a head of service, and
    anyone outside a service, is supervised by the director. Never themselves, never a partner,
    never someone whose account is closed. Reads both people's `team` (select them)."""
    if supervisor is None or supervisee is None or supervisor.pk == supervisee.pk:
        return False
    if not is_active_user(supervisor) or _is_partner(supervisor) or supervisee.role == Role.PARTNER:
        return False
    if is_line_manager_of(supervisor, supervisee):
        return True
    if supervisee.role == Role.HEAD_OF_SERVICE:
        return False
    service_id = _service_id_of(supervisee)
    if service_id is None:
        return False
    if supervisor.role == Role.TEAM_MANAGER:
        return supervisor.team_id is not None and supervisor.team.service_id == service_id
    return bool(supervisor.role == Role.HEAD_OF_SERVICE and supervisor.service_id == service_id)


def supervisor_choice_error(actor: Any, supervisor: Any, supervisee: Any) -> str:
    """Why `actor` may not name `supervisor` for `supervisee` ("" if they may). The actor must
    already be allowed to manage the supervisee's supervision (`can_manage_supervision_of`)."""
    if supervisor.pk == supervisee.pk:
        return "Choose someone other than the supervisee"
    if supervisee.role == Role.HEAD_OF_SERVICE or _service_id_of(supervisee) is None:
        suggestion = (
            "Choose the director: they supervise heads of service and staff outside a service"
        )
    else:
        suggestion = (
            "Choose the supervisee's team manager, or a team manager or head of service "
            "in their service"
        )
    if supervisor.pk == actor.pk and not is_line_manager_of(actor, supervisee):
        return f"You cannot name yourself: only the supervisee's line manager can. {suggestion}"
    if not may_supervise(supervisor, supervisee):
        return suggestion
    return ""


def supervision_oversight_q(user: Any) -> Q:
    """Filter on SupervisionAgreement: whose supervision dates `user` may see.

    The compliance scope (team manager: team; head of service: service; director and
    workforce development: everyone; everyone: themselves) plus the people they supervise.
    """
    if not is_active_user(user) or _is_partner(user):
        return Q(pk__in=[])
    people = Staff.objects.filter(compliance_staff_q(user)).values("pk")
    return Q(supervisee__in=people) | Q(supervisor_id=user.pk)


def can_view_supervision_overview(user: Any) -> bool:
    """Team managers, heads of service and organisation-wide oversight see the overview page."""
    return compliance_scope(user).beyond_self


def can_change_supervision_standard(user: Any) -> bool:
    """The workforce development team keeps the supervision standard (how often, for whom),
    as it keeps the training rules; everyone who oversees supervision reads it."""
    return can_manage_training(user)


def can_use_supervision(user: Any) -> bool:
    """Our own staff have a 'My supervision' page (partners are not supervised here)."""
    return is_active_user(user) and not _is_partner(user)


def can_view_family_supervision_decisions(user: Any, family: Any) -> bool:
    """The supervision case decisions on a family's record follow the family view rule."""
    return can_view_family(user, family)
