"""Quality assurance's search and export of the access trail across every family.

Everyone else gets 404 on both pages. What a search showed, or an export held, is written to
the trail of each family in it before the page or the file is sent (`trail.trail_read_record`).
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from restorative.core.audit import trail_links
from restorative.core.downloads import csv_attachment

from . import permissions, trail
from .forms import TrailSearchForm
from .models import Staff
from .types import AuthenticatedHttpRequest

TEMPLATE = "people/access_trail.html"


def _filters(form: TrailSearchForm) -> trail.TrailFilters:
    data = form.cleaned_data
    return trail.TrailFilters(
        person=data["person"],
        date_from=data["date_from"],
        date_to=data["date_to"],
        action=data["action"],
        case_reference=data["case_reference"],
    )


def _cursor(value: str | None) -> int | None:
    """The `after` cursor: an event id; anything else starts from the newest."""
    return int(value) if value and value.isdigit() and len(value) < 19 else None


def _refused(request: AuthenticatedHttpRequest, form: TrailSearchForm) -> HttpResponse:
    """Bad input: the form with its messages, no events shown and nothing recorded."""
    return render(request, TEMPLATE, {"form": form, "searched": False}, status=400)


@require_GET
def access_trail(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Search every family's access trail by person, dates, action and case reference."""
    if not permissions.can_search_access_trail(request.user):
        raise Http404
    form = TrailSearchForm(request.GET)
    if not form.is_valid():
        return _refused(request, form)
    after = _cursor(request.GET.get("after"))
    page = trail.trail_search(request.user, _filters(form), after=after)
    trail.trail_read_record(
        actor=request.user,
        family_uuids=[event.family_uuid for event in page.events],
        exported=False,
        request=request,
    )
    links = trail_links(request.user, page.events)
    role_labels = dict(Staff.Role.choices)
    rows = [
        {
            "event": event,
            "role": role_labels.get(event.actor_role, event.actor_role),
            "reference": page.references.get(event.family_uuid, ""),
            "link": links.get(event.pk),
        }
        for event in page.events
    ]
    return render(
        request,
        TEMPLATE,
        {
            "form": form,
            "searched": True,
            "rows": rows,
            "next_cursor": page.next_cursor,
            "continued": after is not None,
        },
    )


@require_GET
def access_trail_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The events a search finds, as CSV; the export is on each family's trail first."""
    if not permissions.can_search_access_trail(request.user):
        raise Http404
    form = TrailSearchForm(request.GET)
    if not form.is_valid():
        return _refused(request, form)
    filters = _filters(form)
    up_to = trail.trail_latest_id()
    trail.trail_read_record(
        actor=request.user,
        family_uuids=trail.trail_export_families(request.user, filters),
        exported=True,
        request=request,
    )
    stamp = timezone.localdate().isoformat()
    return csv_attachment(
        trail.trail_export_rows(request.user, filters, up_to=up_to),
        filename=f"access-trail-{stamp}.csv",
        spreadsheet_bom=True,
    )
