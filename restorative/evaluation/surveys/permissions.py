"""Who may invite people to give feedback, and who reads what they said (issue 11 point 4).

Rules, each written once as an object check and the list filter read off the same clauses:
- inviting: whoever may arrange the meeting, review or conversation's family (practitioners,
  the team manager, the head of service, and the team's business support: the practice
  rule `can_arrange_for_family`);
- a family's answers: the team manager of the family's team and quality assurance; the
  practitioner only when the person said yes to them reading it;
- a partner's answers: the meeting's chair and the chair's team manager;
- the results (figures, never names): team managers for their team, heads of service for
  their service, the director and quality assurance for the organisation.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from restorative.core.scope import Extent, Rule, is_active_user
from restorative.people.models import Family, Staff
from restorative.practice import permissions as practice_permissions

from ..models import SurveyFollowUp, SurveyResponse
from ..models.surveys import RespondentKind

Role = Staff.Role

FAMILY_ANSWERS_RULE = Rule(
    "read family feedback",
    {Role.TEAM_MANAGER: Extent.TEAM, Role.QUALITY: Extent.ORGANISATION},
)
RESULTS_RULE = Rule(
    "read feedback results",
    {
        Role.TEAM_MANAGER: Extent.TEAM,
        Role.HEAD_OF_SERVICE: Extent.SERVICE,
        Role.DIRECTOR: Extent.ORGANISATION,
        Role.QUALITY: Extent.ORGANISATION,
    },
)
FOLLOW_UP_RULE = Rule("act on a request to be contacted", {Role.TEAM_MANAGER: Extent.TEAM})


def can_invite_for_family(user: Any, family: Family | None) -> bool:
    """May `user` invite the people at this family's meeting, review or conversation?"""
    return family is not None and practice_permissions.can_arrange_for_family(user, family)


def responses_visible_q(user: Any) -> Q:
    """Filter for every list of individual responses (see the module docstring)."""
    if not is_active_user(user):
        return Q(pk__in=[])
    family = Q(respondent_kind__in=[RespondentKind.CHILD, RespondentKind.PARENT_CARER])
    q = family & FAMILY_ANSWERS_RULE.reach(user).q(team="team")
    q |= family & Q(practitioner_id=user.pk, shared_with_practitioner=True)
    partner = Q(respondent_kind=RespondentKind.PARTNER)
    q |= partner & Q(chair_id=user.pk)
    if user.role == Role.TEAM_MANAGER and user.team_id:
        q |= partner & Q(chair_team_id=user.team_id)
    return q


def can_view_response(user: Any, response: SurveyResponse) -> bool:
    """The object form of `responses_visible_q`, from the same clauses."""
    if not is_active_user(user):
        return False
    if response.respondent_kind == RespondentKind.PARTNER:
        if response.chair_id == user.pk:
            return True
        return bool(
            user.role == Role.TEAM_MANAGER
            and user.team_id
            and response.chair_team_id == user.team_id
        )
    if FAMILY_ANSWERS_RULE.reach(user).allows(response, team="team"):
        return True
    return response.shared_with_practitioner and response.practitioner_id == user.pk


def results_scope_q(user: Any) -> Q:
    """Filter for the figures: responses (and invitations) of the teams `user` reaches."""
    reach = RESULTS_RULE.reach(user)
    if not reach.beyond_self:
        return Q(pk__in=[])
    return reach.q(team="team")


def can_view_results(user: Any) -> bool:
    """Is the results page offered at all (for the navigation)?"""
    return RESULTS_RULE.reach(user).beyond_self


def follow_ups_q(user: Any) -> Q:
    """The requests to be contacted on `user`'s list: their team's, for a team manager."""
    reach = FOLLOW_UP_RULE.reach(user)
    if not reach.beyond_self:
        return Q(pk__in=[])
    return reach.q(team="team")


def can_act_on_follow_up(user: Any, follow_up: SurveyFollowUp) -> bool:
    """The object form of `follow_ups_q`."""
    reach = FOLLOW_UP_RULE.reach(user)
    return reach.beyond_self and reach.allows(follow_up, team="team")


def can_view_follow_ups(user: Any) -> bool:
    """Is the follow-up list offered (for the navigation)?"""
    return FOLLOW_UP_RULE.reach(user).beyond_self


def can_give_partner_feedback(user: Any) -> bool:
    """Partners give their contribution and feedback on the meetings they are invited to."""
    return is_active_user(user) and user.role == Role.PARTNER


def can_change_surveys(user: Any) -> bool:
    """Quality assurance own the surveys' wording (DESIGN.md: QA runs the surveys)."""
    return is_active_user(user) and user.role == Role.QUALITY
