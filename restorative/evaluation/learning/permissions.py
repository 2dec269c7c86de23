"""Who may see and raise learning actions and training needs (issue 12 point 8).

- Raising learning from a finding is for quality assurance and the complaints manager, and
  only from a finding they may see (the source's own rule, `learning_sources.resolve`).
- A learning action is seen by its owner, and by the organisation-wide readers (quality
  assurance, the complaints manager, the director, the workforce team), the head of the
  finding's service and the manager of its team; its owner records it done, with evidence.
- Training needs carry no personal data: every reader of learning, and the workforce team
  links a course or session that meets them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from restorative.core.scope import Extent, Rule, is_active_user
from restorative.people.models import Staff

from ..models import FeedbackTheme, LearningAction, TrainingNeed

Role = Staff.Role

LEARNING_VIEW_RULE = Rule(
    "view learning",
    {
        Role.QUALITY: Extent.ORGANISATION,
        Role.COMPLAINTS_MANAGER: Extent.ORGANISATION,
        Role.DIRECTOR: Extent.ORGANISATION,
        Role.WORKFORCE: Extent.ORGANISATION,
        Role.HEAD_OF_SERVICE: Extent.SELF | Extent.SERVICE,
        Role.TEAM_MANAGER: Extent.SELF | Extent.TEAM,
        Role.PRACTITIONER: Extent.SELF,
        Role.ASYE: Extent.SELF,
        Role.BUSINESS_SUPPORT: Extent.SELF,
        Role.CONFERENCE_CHAIR: Extent.SELF,
        Role.FGC_COORDINATOR: Extent.SELF,
    },
)
ACTION_FIELDS: dict[str, str] = {"team": "team", "person": "owner"}
RAISERS = frozenset({Role.QUALITY, Role.COMPLAINTS_MANAGER})


def learning_actions_visible_q(user: Any) -> Q:
    return LEARNING_VIEW_RULE.reach(user).q(**ACTION_FIELDS)


def can_view_learning_action(user: Any, action: LearningAction) -> bool:
    return LEARNING_VIEW_RULE.reach(user).allows(action, **ACTION_FIELDS)


def can_complete_learning_action(user: Any, action: LearningAction) -> bool:
    """The owner records it done; quality assurance may do so for them."""
    if not can_view_learning_action(user, action):
        return False
    return action.owner_id == user.pk or user.role == Role.QUALITY


def can_use_learning(user: Any) -> bool:
    """Has this person a route to learning (for the navigation): every role in the rule."""
    return LEARNING_VIEW_RULE.reach(user).any


def can_view_training_needs(user: Any) -> bool:
    return LEARNING_VIEW_RULE.reach(user).beyond_self


def can_view_training_need(user: Any, need: TrainingNeed) -> bool:
    return can_view_training_needs(user)


def can_raise_learning(user: Any) -> bool:
    """Quality assurance and the complaints manager turn findings into learning."""
    return is_active_user(user) and user.role in RAISERS


def can_link_training(user: Any) -> bool:
    """The workforce development team links a course or session to a training need."""
    return is_active_user(user) and user.role == Role.WORKFORCE


def feedback_themes_visible_q(user: Any) -> Q:
    """Filter on FeedbackTheme: the readers of learning beyond themselves (managers, quality
    assurance, the complaints manager, the director, the workforce team) see an
    organisation-wide theme and those about teams in their reach; practitioners see none
    (a theme is a finding about a team's practice, read by those who lead it)."""
    reach = LEARNING_VIEW_RULE.reach(user)
    if not reach.beyond_self:
        return Q(pk__in=[])
    if reach.organisation:
        return Q()  # (an empty Q joined with | would narrow to the other side)
    return reach.q(team="team") | Q(team__isnull=True)


def can_view_feedback_theme(user: Any, finding: FeedbackTheme) -> bool:
    """The object check of `feedback_themes_visible_q`."""
    reach = LEARNING_VIEW_RULE.reach(user)
    if not reach.beyond_self:
        return False
    return finding.team_id is None or reach.allows(finding, team="team")


def can_record_feedback_theme(user: Any) -> bool:
    """Quality assurance, who read every feedback result, record the themes they find."""
    return is_active_user(user) and user.role == Role.QUALITY
