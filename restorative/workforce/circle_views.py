"""Team circle pages: the teams whose circles a person sees, a team's circles, recording one."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from restorative.core.views import form_page
from restorative.people.types import AuthenticatedHttpRequest

from . import circles
from .reflective_forms import TeamCircleForm


def circles_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The teams whose circles this person sees; with one team, straight to it."""
    if not circles.can_use_team_circles(request.user):
        raise Http404
    teams = list(circles.circle_teams(request.user))
    if len(teams) == 1:
        return redirect("workforce:team_circles", team_uuid=teams[0].uuid)
    return render(request, "workforce/circles_home.html", {"teams": teams})


def team_circles(request: AuthenticatedHttpRequest, team_uuid: uuid.UUID) -> HttpResponse:
    """A team's circles, newest first, twenty to a page."""
    team = circles.circle_team_get(request.user, team_uuid)
    return render(
        request,
        "workforce/team_circles.html",
        {
            "team": team,
            "page": circles.team_circles_page(request.user, team, request.GET.get("page")),
            "can_record": circles.can_record_team_circle(request.user, team),
        },
    )


@require_http_methods(["GET", "POST"])
def team_circle_create(request: AuthenticatedHttpRequest, team_uuid: uuid.UUID) -> HttpResponse:
    """Record a team circle. A repeated submission saves once."""
    team = circles.circle_team_get(request.user, team_uuid)
    if not circles.can_record_team_circle(request.user, team):
        raise Http404
    form = TeamCircleForm(
        request.POST or None,
        facilitators=circles.facilitator_choices(team),
        initial={"facilitator": request.user.uuid},
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        _, created = circles.team_circle_record(
            actor=request.user, team=team, today=timezone.localdate(), **data
        )
        if created:
            messages.success(request, "Team circle recorded")
        return redirect("workforce:team_circles", team_uuid=team.uuid)

    return form_page(request, form, save, "workforce/team_circle_form.html", {"team": team})
