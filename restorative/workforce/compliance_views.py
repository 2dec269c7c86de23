"""The names behind a compliance figure (issue 5, point 4): the drill-down from the overview's
team, service, role, course and total figures.

One page for every figure: the query string says which (status, and any of team, service,
role, course), and the list is worked out by the same code as the figure, so it has as many
rows as the figure said. Whoever sees the figures sees the names (decision 0009).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from restorative.people.types import AuthenticatedHttpRequest

from . import selectors

PER_PAGE = 25


def compliance_people(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Each person and course with the chosen status; 404 for a filter out of scope."""
    chosen = selectors.compliance_people_filter(
        request.user,
        status=request.GET.get("status", ""),
        team=request.GET.get("team", ""),
        service=request.GET.get("service", ""),
        role=request.GET.get("role", ""),
        course=request.GET.get("course", ""),
    )
    rows = selectors.compliance_people(request.user, chosen, today=timezone.localdate())
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "workforce/compliance_people.html",
        {"chosen": chosen, "page": page, "count": len(rows)},
    )
