"""The register of restorative champions (issue 5, point 12), per team and for everyone in
scope, with each champion's advanced-training status.

Read-only pages: who sees them is the compliance scope (`permissions.compliance_scope`);
anyone else gets 404. Training records are employment records, not case data, so no access
event is written (as for the compliance pages, decision 0009).
"""

from __future__ import annotations

import uuid

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from restorative.people.types import AuthenticatedHttpRequest

from . import selectors
from .compliance import LeadStatus


def champions_register(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every team in scope with its champions (the director and workforce team: everyone)."""
    register = selectors.champions_register(request.user, today=timezone.localdate())
    return render(
        request,
        "workforce/champions.html",
        {"register": register, "team": None, "statuses": list(LeadStatus)},
    )


def team_champions(request: AuthenticatedHttpRequest, team_uuid: uuid.UUID) -> HttpResponse:
    """One team's champions, linked from the team's compliance page."""
    team = selectors.team_for_compliance(request.user, team_uuid)
    register = selectors.champions_register(request.user, today=timezone.localdate(), team=team)
    return render(
        request,
        "workforce/champions.html",
        {"register": register, "team": team, "statuses": list(LeadStatus)},
    )
