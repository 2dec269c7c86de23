"""Were statutory meetings held on time? The figures page, its team lists and downloads
(issue 10, point 4). For those who oversee teams (the team picture's rule); others get 404.

Counts and team names only on the figures page and in the downloads, so neither writes an
access event (as the team's meetings page: opening a meeting does). A bad date gets a clear
message next to the field and no figures.
"""

from __future__ import annotations

import datetime
import uuid
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from restorative.core.downloads import attachment, csv_attachment
from restorative.core.security import log_security_event
from restorative.people.types import AuthenticatedHttpRequest

from . import timeliness_exports as exports
from . import timeliness_selectors as selectors
from .forms.timeliness import TimelinessPeriodForm
from .timeliness import OUTCOME_LABELS, Outcome


def _period(
    request: AuthenticatedHttpRequest,
) -> tuple[TimelinessPeriodForm, selectors.Period | None]:
    """The period asked for (the last three months when none is), or the form with errors."""
    today = timezone.localdate()
    if "start" not in request.GET and "end" not in request.GET:
        period = selectors.Period.default(today)
        form = TimelinessPeriodForm(
            {"start": period.start.strftime("%d/%m/%Y"), "end": period.end.strftime("%d/%m/%Y")}
        )
        form.is_valid()
        return form, period
    form = TimelinessPeriodForm(request.GET)
    if not form.is_valid():
        return form, None
    return form, selectors.Period(form.cleaned_data["start"], form.cleaned_data["end"], today)


def _query(period: selectors.Period) -> str:
    return urlencode({"start": f"{period.start:%d/%m/%Y}", "end": f"{period.end:%d/%m/%Y}"})


@require_GET
def timeliness(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Meetings due in the period per service and team: on time, late, not held."""
    if not selectors.can_view_timeliness(request.user):
        raise Http404
    form, period = _period(request)
    overview = selectors.timeliness_overview(request.user, period) if period else None
    return render(
        request,
        "practice/timeliness.html",
        {"form": form, "overview": overview, "query": _query(period) if period else ""},
    )


def _overview_for_download(request: AuthenticatedHttpRequest) -> selectors.TimelinessOverview:
    if not selectors.can_view_timeliness(request.user):
        raise Http404
    _, period = _period(request)
    if period is None:
        raise Http404("Choose a period on the page first")
    return selectors.timeliness_overview(request.user, period)


def _log(
    request: AuthenticatedHttpRequest, overview: selectors.TimelinessOverview, kind: str
) -> None:
    log_security_event(
        "meeting_timeliness_exported",
        request=request,
        user=request.user,
        start=overview.period.start.isoformat(),
        end=overview.period.end.isoformat(),
        format=kind,
    )


@require_GET
def timeliness_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The page's figures as CSV: a row per team, each service and the total."""
    overview = _overview_for_download(request)
    response = csv_attachment(
        [exports.HEADERS, *exports.overview_rows(overview)],
        filename=exports.export_filename(overview, "csv"),
        spreadsheet_bom=True,
    )
    _log(request, overview, "csv")
    return response


@require_GET
def timeliness_xlsx(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The same rows as the CSV, as an Excel workbook."""
    overview = _overview_for_download(request)
    response = attachment(
        exports.overview_xlsx(overview),
        filename=exports.export_filename(overview, "xlsx"),
        content_type=exports.XLSX_CONTENT_TYPE,
    )
    _log(request, overview, "xlsx")
    return response


@require_GET
def team_timeliness(request: AuthenticatedHttpRequest, team_uuid: uuid.UUID) -> HttpResponse:
    """One team's meetings due in the period, each with its outcome and working days late."""
    team = selectors.team_for_timeliness(request.user, team_uuid)
    form, period = _period(request)
    if period is None:
        period = selectors.Period.default(timezone.localdate())
    chosen = request.GET.get("outcome", "")
    outcome = Outcome(chosen) if chosen in Outcome._value2member_map_ else None
    overview = selectors.timeliness_overview(request.user, period, team=team.code)
    figures = next(
        (row.figures for s in overview.services for row in s.teams if row.team.pk == team.pk),
        selectors.Figures(),
    )
    page = selectors.team_timeliness_meetings(
        team, period, outcome=outcome, page=request.GET.get("page", 1)
    )
    query = _query(period)
    return render(
        request,
        "practice/team_timeliness.html",
        {
            "team": team,
            "period": period,
            "figures": figures,
            "outcome": outcome,
            "outcomes": [(o.value, OUTCOME_LABELS[o], figures.count(o)) for o in Outcome],
            "page": page,
            "query": query,
            "page_query": f"{query}&outcome={outcome.value}" if outcome else query,
            "today": period.today if isinstance(period.today, datetime.date) else None,
        },
    )
