"""Team circles (policy §6.4: "teams will use restorative circles to build cohesion, address
conflict and support reflective learning"; issue 5 point 11): rule, reads and the write.

A team circle's record holds no personal content — purpose, date, facilitator, how many took
part, themes and agreed actions — so it is shared more widely than supervision:

- who sees a team's circles (`circle_teams_q`, one rule for the list of teams, each team's
  page and the circles on it): the team's own members (the team manager included); heads of
  service for the teams in their service; the director and the workforce development team
  for every team. Quality assurance, administrators, partners and other teams do not.
- who records one (`can_record_team_circle`): the team's manager (whoever facilitated), and a
  member of the team for a circle they facilitated themselves.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from restorative.core.scope import Extent, Rule
from restorative.core.submission import submission_create, submission_find
from restorative.people.models import Staff, Team
from restorative.people.permissions import is_our_staff

from .models import TeamCircle

Role = Staff.Role
PAGE_SIZE = 20


# --- The rule ------------------------------------------------------------------------------

# Who sees which teams' circles, as data: everyone of our staff their own team (if they are in
# one), heads of service their service too, the director and the workforce development team
# every team. Partners are not named, so they see none.
CIRCLE_RULE = Rule(
    "team circles",
    {
        Role.PRACTITIONER: Extent.TEAM,
        Role.ASYE: Extent.TEAM,
        Role.TEAM_MANAGER: Extent.TEAM,
        Role.BUSINESS_SUPPORT: Extent.TEAM,
        Role.QUALITY: Extent.TEAM,
        Role.SYSTEM_ADMIN: Extent.TEAM,
        Role.HEAD_OF_SERVICE: Extent.TEAM | Extent.SERVICE,
        Role.DIRECTOR: Extent.ORGANISATION,
        Role.WORKFORCE: Extent.ORGANISATION,
    },
)


def circle_teams_q(user: Any) -> Q:
    """Filter on Team: the teams whose circles `user` may see."""
    return CIRCLE_RULE.reach(user).q(team="")


def team_circles_visible_q(user: Any) -> Q:
    """Filter on TeamCircle, from the same rule."""
    return CIRCLE_RULE.reach(user).q(team="team")


def can_view_team_circles(user: Any, team: Team) -> bool:
    """May `user` see this team's circles?"""
    return CIRCLE_RULE.reach(user).covers_team(team)


def can_use_team_circles(user: Any) -> bool:
    """Does `user` see any team's circles (for the link on the training page)?"""
    return CIRCLE_RULE.reach(user).any


def _manages(user: Any, team: Team) -> bool:
    return bool(user.role == Role.TEAM_MANAGER and user.team_id == team.pk)


def can_record_team_circle(user: Any, team: Team) -> bool:
    """The team's manager, or a member of the team (for a circle they facilitated)."""
    return is_our_staff(user) and user.team_id == team.pk


# --- Reads ---------------------------------------------------------------------------------


def circle_teams(user: Any) -> QuerySet[Team]:
    """The teams whose circles `user` may see, with how many circles each has held."""
    return (
        Team.objects.filter(circle_teams_q(user))
        .select_related("service")
        .annotate(circle_count=Count("circles"))
        .order_by("service__name", "name")
    )


def circle_team_get(user: Any, team_uuid: uuid.UUID | str) -> Team:
    try:
        return (
            Team.objects.filter(circle_teams_q(user)).select_related("service").get(uuid=team_uuid)
        )
    except (Team.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Not found") from exc


def team_circles_page(user: Any, team: Team, page_number: Any) -> Page[TeamCircle]:
    """One page of a team's circles, newest first (two queries: the count and the page)."""
    circles = (
        TeamCircle.objects.filter(team_circles_visible_q(user), team=team)
        .select_related("facilitator", "recorded_by")
        .order_by("-held_on", "-id")
    )
    return Paginator(circles, PAGE_SIZE).get_page(page_number)


def facilitator_choices(team: Team) -> QuerySet[Staff]:
    """Who may be named as facilitator: our active staff in the team's service (its teams
    and its head), restorative champions and the workforce development team."""
    return (
        Staff.objects.filter(is_active=True)
        .exclude(role=Role.PARTNER)
        .filter(
            Q(team__service_id=team.service_id)
            | Q(service_id=team.service_id)
            | Q(is_restorative_champion=True)
            | Q(role=Role.WORKFORCE)
        )
        .order_by("last_name", "first_name")
    )


# --- The write -----------------------------------------------------------------------------


def team_circle_record(
    *,
    actor: Staff,
    team: Team,
    submission_token: uuid.UUID,
    purpose: str,
    held_on: datetime.date,
    facilitator: Staff,
    participant_count: int,
    themes: str,
    agreed_actions: str = "",
    today: datetime.date | None = None,
) -> tuple[TeamCircle, bool]:
    """Record a team circle; returns (circle, created). A repeated submission saves once."""
    if not can_record_team_circle(actor, team):
        raise PermissionDenied
    existing = submission_find(TeamCircle, submission_token, {"team": team})
    if existing is not None:
        return existing, False
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if purpose not in TeamCircle.Purpose.values:
        errors["purpose"] = "Choose the purpose of the circle"
    if held_on is None:
        errors["held_on"] = "Enter the date of the circle"
    elif held_on > today:
        errors["held_on"] = "Date of the circle must be today or in the past"
    if participant_count is None or participant_count < 1:
        errors["participant_count"] = "How many took part must be 1 or more"
    if not (themes or "").strip():
        errors["themes"] = "Enter the themes of the circle"
    if facilitator is None or not facilitator_choices(team).filter(pk=facilitator.pk).exists():
        errors["facilitator"] = "Choose a facilitator from the list"
    elif not _manages(actor, team) and facilitator.pk != actor.pk:
        errors["facilitator"] = (
            "You can record a circle you facilitated; ask your team manager to record others"
        )
    if errors:
        raise ValidationError(errors)
    circle = TeamCircle(
        team=team,
        purpose=purpose,
        held_on=held_on,
        facilitator=facilitator,
        participant_count=participant_count,
        themes=themes.strip(),
        agreed_actions=(agreed_actions or "").strip(),
        recorded_by=actor,
        submission_token=submission_token,
    )
    circle.full_clean(exclude=["submission_token"])

    def save() -> TeamCircle:
        circle.save()
        return circle

    return submission_create(TeamCircle, submission_token, {"team": team}, save)
