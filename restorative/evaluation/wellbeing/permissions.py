"""Who may do what with the staff wellbeing survey and training evaluations. One rulebook.

Decisions (docs/decisions/0011-staff-wellbeing-survey.md):
- Rounds are opened and closed by the workforce development team and quality assurance:
  practitioner wellbeing (§6.4) is the workforce team's programme and surveys are quality
  assurance's evidence (§8). The director reads the results but does not run the survey.
- The SWEMWBS licence page is for quality assurance and system administrators: loading
  licensed items is an organisational (and contractual) act, not a case role.
- Everyone on our own staff answers (partners are not our staff) and may read the
  organisation's results, so the survey is fed back to those who answered it. Team managers
  also read their team's, heads of service their service's and its teams', and the director,
  quality assurance and the workforce team every group's. Whatever the reach, the anonymity
  rule (`evaluation.anonymity`) decides which groups have figures at all.
- Training evaluations: each attendee of a session that has happened (partners from joint
  training included) evaluates it once; the workforce team reads results per course and
  session; a facilitator reads their own results only for 5 or more evaluations.
"""

from __future__ import annotations

from typing import Any

from restorative.core.scope import Extent, Reach, Rule, is_active_user
from restorative.people.models import Staff
from restorative.people.permissions import OUR_STAFF

Role = Staff.Role

ROUND_RUNNERS = frozenset({Role.WORKFORCE, Role.QUALITY})
LICENCE_KEEPERS = frozenset({Role.QUALITY, Role.SYSTEM_ADMIN})

# How far each role reaches among the survey's team and service groups (the organisation's
# own figures are for all our staff, see `can_view_wellbeing_results`).
WELLBEING_RESULTS_RULE = Rule(
    "read staff wellbeing results by team and service",
    {
        Role.TEAM_MANAGER: Extent.TEAM,
        Role.HEAD_OF_SERVICE: Extent.SERVICE,
        Role.DIRECTOR: Extent.ORGANISATION,
        Role.QUALITY: Extent.ORGANISATION,
        Role.WORKFORCE: Extent.ORGANISATION,
    },
)


def is_our_staff(user: Any) -> bool:
    """Signed in, with an open account, and on our own staff (not a partner agency's)."""
    return is_active_user(user) and user.role in OUR_STAFF


def can_answer_wellbeing_survey(user: Any) -> bool:
    """Our own staff answer the staff survey; partners are asked through their own agency."""
    return is_our_staff(user)


def can_run_wellbeing_rounds(user: Any) -> bool:
    """The workforce development team and quality assurance open rounds (see the docstring)."""
    return is_active_user(user) and user.role in ROUND_RUNNERS


def can_manage_swemwbs_licence(user: Any) -> bool:
    """Quality assurance and system administrators load licensed SWEMWBS items."""
    return is_active_user(user) and user.role in LICENCE_KEEPERS


def can_view_wellbeing_results(user: Any) -> bool:
    """Every member of our own staff may read the organisation's results (above 5)."""
    return is_our_staff(user)


def wellbeing_results_reach(user: Any) -> Reach:
    """Which teams and services' groups this person may read, besides the organisation's."""
    return WELLBEING_RESULTS_RULE.reach(user)


def may_read_group(reach: Reach, *, team_id: int | None, service_id: int | None) -> bool:
    """May someone with this reach read the group of this team (or, with no team, of this
    service)? The object check of `WELLBEING_RESULTS_RULE`, on ids the results already hold."""
    if reach.organisation:
        return True
    if team_id is not None and team_id in reach.team_ids:
        return True
    return service_id is not None and service_id in reach.service_ids


def can_view_wellbeing_nav(user: Any) -> bool:
    """The "Staff survey" link: for our own staff (who answer it and read its results)."""
    return is_our_staff(user)


# --- Training evaluation ----------------------------------------------------------------


def can_evaluate_training(user: Any) -> bool:
    """Everyone signed in who attended a session evaluates it, partners included."""
    return is_active_user(user)


def can_view_training_evaluations(user: Any) -> bool:
    """Results per course and per session are the workforce development team's."""
    return is_active_user(user) and user.role == Role.WORKFORCE


def can_view_own_facilitation_results(user: Any) -> bool:
    """Facilitators read their own results (the selector applies the minimum of 5)."""
    return is_our_staff(user)
