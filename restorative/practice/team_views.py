"""The team picture of restorative meetings: the team's meetings and how well voices are heard.

For the team's manager, the head of its service, the director and quality assurance
(permissions.can_view_team_practice); everyone else gets 404. Like the family list and
"Meetings due", this page lists meetings (family name, type, dates, counts of views recorded)
and shows none of a record's contents, so it writes no access event: opening a meeting does.
Issue 3 item 7; docs/decisions/0008-practice.md.
"""

from __future__ import annotations

import uuid

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from restorative.people.models import Staff
from restorative.people.types import AuthenticatedHttpRequest

from . import team_selectors

LIST_LABELS = {
    "overdue": "Overdue",
    "due_soon": "Due in the next 10 working days",
    "upcoming": "Arranged",
    "recent": "Held or cancelled in the period",
}


@require_GET
def team_meetings(request: AuthenticatedHttpRequest, team_uuid: uuid.UUID) -> HttpResponse:
    """One list of the team's meetings (25 a page) with each meeting's voice completeness, and
    the team's figures over the chosen period: views recorded, child's view recorded."""
    team = team_selectors.team_for_practice(request.user, team_uuid)
    period = team_selectors.team_period(request.GET.get("months"))
    show = request.GET.get("show", "")
    if show not in team_selectors.TEAM_MEETING_LISTS:
        show = "overdue"
    counts = team_selectors.team_meeting_counts(request.user, team, period)
    page = team_selectors.team_meetings_page(
        request.user, team, period, show=show, cursor=request.GET.get("at", "")
    )
    user = request.user
    return render(
        request,
        "practice/team_meetings.html",
        {
            "team": team,
            "period": period,
            "period_choices": team_selectors.TEAM_PERIOD_MONTHS,
            "show": show,
            "show_label": LIST_LABELS[show],
            "lists": [(name, LIST_LABELS[name], counts[name]) for name in LIST_LABELS],
            "page": page,
            "voice": team_selectors.team_voice(request.user, team, period),
            "overdue_actions": team_selectors.team_overdue_actions_count(
                request.user, team, period.today
            ),
            "is_own_team": user.role == Staff.Role.TEAM_MANAGER and user.team_id == team.pk,
        },
    )
