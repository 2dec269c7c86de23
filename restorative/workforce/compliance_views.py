"""The names behind a compliance figure (issue 5, point 4): the drill-down from the overview's
team, service, role, course and total figures, and its CSV and XLSX exports.

One page for every figure: the query string says which (status, and any of team, service,
role, course), and the list is worked out by the same code as the figure, so it has as many
rows as the figure said. Whoever sees the figures sees the names (decision 0009).

The exports read the same query string through the same checks as the page (a filter out of
scope or malformed is a 404 there too) and hold every row, not one page. They also accept no
status at all: everyone's required courses, the overview's organisation-wide download.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from restorative.core.downloads import CSV_CONTENT_TYPE, attachment
from restorative.core.security import log_security_event
from restorative.people.types import AuthenticatedHttpRequest

from . import exports, selectors

PER_PAGE = 25
FILTERS = ("status", "team", "service", "role", "course")


def _chosen(request: AuthenticatedHttpRequest, *, any_status: bool) -> selectors.PeopleFilter:
    """The figure the query string names; 404 for anything unknown or out of scope."""
    return selectors.compliance_people_filter(
        request.user,
        status=request.GET.get("status", ""),
        team=request.GET.get("team", ""),
        service=request.GET.get("service", ""),
        role=request.GET.get("role", ""),
        course=request.GET.get("course", ""),
        any_status=any_status,
    )


def compliance_people(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Each person and course with the chosen status; 404 for a filter out of scope."""
    chosen = _chosen(request, any_status=False)
    rows = selectors.compliance_people(request.user, chosen, today=timezone.localdate())
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    # The downloads take the same filters (already checked above), never the page number.
    export_query = urlencode({key: request.GET[key] for key in FILTERS if request.GET.get(key)})
    return render(
        request,
        "workforce/compliance_people.html",
        {"chosen": chosen, "page": page, "count": len(rows), "export_query": export_query},
    )


def compliance_people_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every row of the drill-down as CSV (formulas neutralised)."""
    chosen, rows = _all_rows(request)
    response = attachment(
        filename=exports.drilldown_filename(chosen, today=timezone.localdate(), extension="csv"),
        content_type=CSV_CONTENT_TYPE,
    )
    count = exports.write_rows_csv(response, exports.drilldown_rows(rows))
    _log_export(request, chosen, "csv", count)
    return response


def compliance_people_xlsx(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The same rows and columns as the CSV, as an Excel workbook with real dates."""
    chosen, rows = _all_rows(request)
    content, count = exports.rows_xlsx(exports.drilldown_rows(rows))
    response = attachment(
        content,
        filename=exports.drilldown_filename(chosen, today=timezone.localdate(), extension="xlsx"),
        content_type=exports.XLSX_CONTENT_TYPE,
    )
    _log_export(request, chosen, "xlsx", count)
    return response


def _all_rows(
    request: AuthenticatedHttpRequest,
) -> tuple[selectors.PeopleFilter, list[selectors.PersonCourse]]:
    """Every row of the figure in one read (a count, the rows, their completions): the
    same number of queries for ten rows as for ten thousand."""
    chosen = _chosen(request, any_status=True)
    rows = selectors.compliance_people(request.user, chosen, today=timezone.localdate())
    return chosen, list(rows[0 : len(rows)])


def _log_export(
    request: AuthenticatedHttpRequest, chosen: selectors.PeopleFilter, kind: str, rows: int
) -> None:
    """Exports of names go to the security log: who, which figure (ids, never names), which
    format, how many rows; the same event as the team exports."""
    log_security_event(
        "training_compliance_exported",
        request=request,
        user=request.user,
        status=chosen.status.value if chosen.status is not None else "all_required",
        team="none" if chosen.no_team else str(chosen.team.uuid) if chosen.team else "",
        service=str(chosen.service.uuid) if chosen.service else "",
        staff_role=chosen.role,
        course=str(chosen.course.uuid) if chosen.course else "",
        format=kind,
        rows=str(rows),
    )
