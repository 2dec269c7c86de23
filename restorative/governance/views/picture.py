"""The implementation picture, measure definitions, targets and each measure's CSV."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET, require_http_methods

from restorative.core import charts
from restorative.core.downloads import csv_attachment
from restorative.core.forms import apply_service_errors
from restorative.people.types import AuthenticatedHttpRequest

from .. import permissions
from ..measures import MEASURES, measure_get
from ..measures.registry import PERCENT, SCORE
from ..periods import month_start
from ..selectors import barriers as barrier_selectors
from ..selectors import behind as behind_selectors
from ..selectors import outcomes as outcome_selectors
from ..selectors import picture as picture_selectors
from ..selectors import policies as policy_selectors
from ..services import measures as measure_services


def trend_chart(row: picture_selectors.MeasureRow) -> SafeString:
    """A measure's 12 months as columns with its target (the picture and the board report),
    drawn by the one chart module; the pages put the month-by-month table beside it."""
    return charts.columns(
        f"{row.measure.name}, the last 12 months",
        [point.value for point in row.trend],
        ceiling=Decimal(100) if row.measure.kind in (PERCENT, SCORE) else None,
        target=row.target,
    )


def outcome_charts(o: outcome_selectors.Outcomes) -> dict[str, SafeString]:
    """The outcome measures as bars (the outcomes page and the board report), each drawn
    beside the table or list of the same figures."""
    percent = charts.Bar
    return {
        "engagement": charts.horizontal_bars(
            "Engagement: per cent of family members invited",
            [
                percent(
                    "Came to the meeting",
                    o.engagement.attended_percent,
                    _percent(o.engagement.attended_percent),
                ),
                percent(
                    "Gave their view",
                    o.engagement.views_percent,
                    _percent(o.engagement.views_percent),
                ),
            ],
            scale_max=100,
        ),
        "conflict": charts.count_bars(
            "Conflict: meetings and incidents in the 6 months before and after",
            [("Before", o.conflict.before), ("After", o.conflict.after)],
        ),
        "holding": charts.horizontal_bars(
            "Plans holding at 3, 6 and 12 months, per cent",
            [percent(f"At {h.months} months", h.percent, _percent(h.percent)) for h in o.holding],
            scale_max=100,
        ),
    }


def _percent(value: int | None) -> str:
    return "None yet" if value is None else f"{value}%"


def _render_place(
    request: AuthenticatedHttpRequest, place: picture_selectors.Place
) -> HttpResponse:
    today = timezone.localdate()
    rows = picture_selectors.picture(place, today=today)
    for row in rows:
        row.chart = trend_chart(row)  # type: ignore[attr-defined]
    context: dict[str, Any] = {
        "place": place,
        "rows": rows,
        "today": today,
        "below": [row for row in rows if row.below_target],
        "barriers": barrier_selectors.barrier_counts(request.user, place),
        "can_set_targets": permissions.can_set_targets(request.user),
    }
    if place.level == "organisation":
        context["reviews_overdue"] = policy_selectors.reviews_overdue(today=today)
    return render(request, "governance/picture.html", context)


def _render_outcomes(
    request: AuthenticatedHttpRequest, place: picture_selectors.Place
) -> HttpResponse:
    today = timezone.localdate()
    outcomes = outcome_selectors.outcomes_for(place, today=today)
    return render(
        request,
        "governance/outcomes.html",
        {"place": place, "outcomes": outcomes, "charts": outcome_charts(outcomes)},
    )


PlaceRenderer = Callable[[AuthenticatedHttpRequest, picture_selectors.Place], HttpResponse]


def _place_pages(render_place: PlaceRenderer) -> tuple[Callable[..., HttpResponse], ...]:
    """The three views of a page that is drawn for a place: the place the person answers
    for, a service and a team (each checked by `picture_selectors`: 404 otherwise)."""

    @require_GET
    def home(request: AuthenticatedHttpRequest) -> HttpResponse:
        place = picture_selectors.home_place(request.user)
        if place is None:
            raise Http404
        return render_place(request, place)

    @require_GET
    def service(request: AuthenticatedHttpRequest, service_uuid: uuid.UUID) -> HttpResponse:
        return render_place(request, picture_selectors.service_place(request.user, service_uuid))

    @require_GET
    def team(request: AuthenticatedHttpRequest, team_uuid: uuid.UUID) -> HttpResponse:
        return render_place(request, picture_selectors.team_place(request.user, team_uuid))

    return home, service, team


# The implementation picture, and the outcome measures (§8), for each place.
picture_home, picture_service, picture_team = _place_pages(_render_place)
outcomes_home, outcomes_service, outcomes_team = _place_pages(_render_outcomes)


@require_GET
def measure_behind(
    request: AuthenticatedHttpRequest, team_uuid: uuid.UUID, key: str
) -> HttpResponse:
    """Who or what a team's figure counts this month, as far as the viewer may see them
    (issue 13 item 2: the names behind the picture)."""
    place = picture_selectors.team_place(request.user, team_uuid)
    measure = measure_get(key)
    today = timezone.localdate()
    start = month_start(today)
    assert place.team is not None  # a team's place
    return render(
        request,
        "governance/behind.html",
        {
            "place": place,
            "measure": measure,
            "start": start,
            "today": today,
            "behind": behind_selectors.behind(request.user, measure.key, place.team, start, today),
        },
    )


@require_GET
def measure_definition(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    """What a measure counts, from where, who answers for it, its caveats (§9)."""
    if not permissions.can_view_picture(request.user):
        raise Http404
    measure = measure_get(key)
    target = picture_selectors.targets().get(measure.key)
    return render(request, "governance/measure.html", {"measure": measure, "target": target})


@require_GET
def measure_csv(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    """Every stored month of one measure for every place the person reaches, as CSV."""
    if not permissions.can_view_picture(request.user):
        raise Http404
    measure = measure_get(key)
    rows = picture_selectors.measure_series(request.user, measure)
    header = ["month", "level", "place", "numerator", "denominator", "value", "too_few_to_read"]
    return csv_attachment(
        [header]
        + [
            [
                r["month"],
                r["level"],
                r["place"],
                r["numerator"],
                "" if r["denominator"] is None else r["denominator"],
                "" if r["value"] is None else r["value"],
                "yes" if r["too_few_to_read"] else "no",
            ]
            for r in rows
        ],
        filename=f"measure-{measure.key}.csv",
        spreadsheet_bom=True,
    )


class TargetForm(forms.Form):
    measure = forms.CharField(widget=forms.HiddenInput)
    value = forms.CharField(
        label="Target",
        required=False,
        max_length=20,
        error_messages={"max_length": "Target must be a number"},
    )


@require_http_methods(["GET", "POST"])
def targets(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The director sets each measure's target (empty to remove it)."""
    if not permissions.can_set_targets(request.user):
        raise Http404
    current = picture_selectors.targets()
    failed: TargetForm | None = None
    if request.method == "POST":
        form = TargetForm(request.POST)
        if form.is_valid():
            try:
                measure_services.target_set(
                    actor=request.user,
                    measure_key=form.cleaned_data["measure"],
                    value=form.cleaned_data["value"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            except PermissionDenied as exc:
                raise Http404 from exc
            else:
                messages.success(request, "Target saved")
                return redirect("governance:targets")
        failed = form
    forms_by_measure = []
    for measure in MEASURES:
        if failed is not None and failed.data.get("measure") == measure.key:
            form = failed
        else:
            value = current.get(measure.key)
            form = TargetForm(
                initial={
                    "measure": measure.key,
                    "value": "" if value is None else picture_selectors.plain(value),
                },
                prefix=None,
            )
        forms_by_measure.append((measure, form))
    return render(request, "governance/targets.html", {"forms": forms_by_measure, "failed": failed})
