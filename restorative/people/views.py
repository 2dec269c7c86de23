"""Pages for the organisation, staff and families.

Read input, call a service or selector, render.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from restorative.core.audit import trail_links
from restorative.core.downloads import csv_attachment
from restorative.core.keyset import keyset_page
from restorative.core.models import AccessEvent
from restorative.core.views import form_page

from . import family_links, family_sections, permissions, selectors, services, team_links
from .forms import FamilyForm, FamilySearchForm, MemberForm
from .models import Family, FamilyMember, Staff
from .types import AuthenticatedHttpRequest


def _record_view(request: AuthenticatedHttpRequest, family: Family, subject: Any = None) -> None:
    """Write the view to the access trail before a page shows the record.

    Edit forms show the record's details too, so opening one is a view like the family page.
    If the trail cannot be written the AuditWriteError goes through: the request answers 503
    and shows nothing (core.middleware.AuditUnavailableMiddleware).
    """
    services.family_record_view(actor=request.user, family=family, request=request, subject=subject)


def family_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The families this person may see, searchable by name or reference, 25 a page (pages by
    keyset: first, previous, next and last)."""
    if not permissions.can_list_families(request.user):
        raise Http404
    form = FamilySearchForm(request.GET or None)
    query, status = "", ""
    if form.is_valid():
        query, status = form.cleaned_data["q"], form.cleaned_data["status"]
    page = selectors.family_page(
        request.user, query=query, status=status, cursor=request.GET.get("at", "")
    )
    can_add = bool(selectors.teams_for_choice(request.user).exists())
    return render(
        request,
        "people/family_list.html",
        {"form": form, "page": page, "query": query, "status": status, "can_add": can_add},
    )


def family_detail(request: AuthenticatedHttpRequest, family_uuid: uuid.UUID) -> HttpResponse:
    """A family's record. The view is written to the access trail before anything is shown."""
    family = selectors.family_get(request.user, family_uuid)
    _record_view(request, family)
    return render(
        request,
        "people/family_detail.html",
        {
            "family": family,
            "members": list(family.members.all()),
            "can_edit": permissions.can_edit_family(request.user, family),
            "can_view_access_log": permissions.can_view_access_log(request.user, family),
            "other_records": family_links.links_for(request.user, family),
            "sections": family_sections.sections_for(request.user, family),
        },
    )


@require_http_methods(["GET", "POST"])
def family_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Add a family that is not yet in the import, in a team the person works for."""
    teams = selectors.teams_for_choice(request.user)
    if not teams.exists():
        raise Http404
    workers = selectors.workers_for_choice(teams.values("pk"))
    form = FamilyForm(
        request.POST or None,
        teams=teams,
        workers=workers,
        with_allocation=True,
        with_reference=True,
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        family = services.family_create(
            actor=request.user,
            case_reference=data["case_reference"],
            name=data["name"],
            team=data["team"],
            allocated_worker=data.get("allocated_worker"),
            status=data["status"],
            opened_on=data.get("opened_on"),
            request=request,
        )
        messages.success(request, f"{family.name} family added")
        return redirect("people:family_detail", family_uuid=family.uuid)

    return form_page(request, form, save, "people/family_form.html", {"family": None})


@require_http_methods(["GET", "POST"])
def family_edit(request: AuthenticatedHttpRequest, family_uuid: uuid.UUID) -> HttpResponse:
    """Change a family's details; team and worker for managers and heads of service."""
    family = selectors.family_get(request.user, family_uuid, for_edit=True)
    with_allocation = permissions.can_allocate(request.user, family)
    teams = selectors.teams_for_choice(request.user) if with_allocation else None
    workers = selectors.workers_for_choice(teams.values("pk")) if teams is not None else None
    initial = {
        "name": family.name,
        "status": family.status,
        "opened_on": family.opened_on,
        "closed_on": family.closed_on,
        "team": family.team,
        "allocated_worker": family.allocated_worker,
    }
    if request.method == "GET":
        _record_view(request, family)
    form = FamilyForm(
        request.POST or None,
        initial=initial,
        teams=teams,
        workers=workers,
        with_allocation=with_allocation,
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        services.family_update(actor=request.user, family=family, data=data, request=request)
        messages.success(request, "Family details saved")
        return redirect("people:family_detail", family_uuid=family.uuid)

    return form_page(request, form, save, "people/family_form.html", {"family": family})


@require_http_methods(["GET", "POST"])
def member_add(request: AuthenticatedHttpRequest, family_uuid: uuid.UUID) -> HttpResponse:
    family = selectors.family_get(request.user, family_uuid, for_edit=True)
    form = MemberForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        member = services.family_member_add(
            actor=request.user,
            family=family,
            data=data,
            submission_token=data["submission_token"],
            request=request,
        )
        messages.success(request, f"{member.display_name} added to the family")
        return redirect("people:family_detail", family_uuid=family.uuid)

    return form_page(request, form, save, "people/member_form.html", {"family": family})


@require_http_methods(["GET", "POST"])
def member_edit(
    request: AuthenticatedHttpRequest, family_uuid: uuid.UUID, member_uuid: uuid.UUID
) -> HttpResponse:
    family = selectors.family_get(request.user, family_uuid, for_edit=True)
    member = selectors.family_member_get(request.user, family, member_uuid)
    initial = {field: getattr(member, field) for field in services.MEMBER_FIELDS}
    if request.method == "GET":
        _record_view(request, family, subject=member)
    form = MemberForm(request.POST or None, initial=initial, adding=False)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.family_member_update(actor=request.user, member=member, data=data, request=request)
        messages.success(request, f"{member.display_name}'s details saved")
        return redirect("people:family_detail", family_uuid=family.uuid)

    return form_page(
        request, form, save, "people/member_form.html", {"family": family, "member": member}
    )


FAMILY_EXPORT_COLUMNS = (
    "case_reference",
    "family_name",
    "team_code",
    "allocated_worker_email",
    "status",
    "member_kind",
    "first_name",
    "last_name",
    "preferred_name",
    "relationship",
    "date_of_birth",
)


def family_export(request: AuthenticatedHttpRequest, family_uuid: uuid.UUID) -> HttpResponse:
    """The family's record as CSV for the case management system. Written to the trail first."""
    family = selectors.family_get(request.user, family_uuid)
    if not permissions.can_export_family(request.user, family):
        raise Http404
    services.family_record_view(
        actor=request.user, family=family, request=request, action=AccessEvent.Action.EXPORT
    )
    base: list[object] = [
        family.case_reference,
        family.name,
        family.team.code,
        family.allocated_worker.email if family.allocated_worker else "",
        family.status,
    ]
    rows: list[list[object]] = [list(FAMILY_EXPORT_COLUMNS)]
    members: list[FamilyMember | None] = list(family.members.all()) or [None]
    for member in members:
        rows.append(
            base
            + (
                [
                    member.kind,
                    member.first_name,
                    member.last_name,
                    member.preferred_name,
                    member.relationship,
                    member.date_of_birth.isoformat() if member.date_of_birth else "",
                ]
                if member
                else [""] * 6
            )
        )
    return csv_attachment(rows, filename=f"family-{family.case_reference}.csv")


def family_access_log(request: AuthenticatedHttpRequest, family_uuid: uuid.UUID) -> HttpResponse:
    """Who viewed, changed or exported this family's record, what and when (QA and team
    manager), with a link to each record the reader may open.

    Reading the trail shows the family's name and reference, so it is itself recorded.
    """
    family = selectors.family_get(request.user, family_uuid)
    events = selectors.family_access_events(request.user, family)
    _record_view(request, family)
    page = keyset_page(events, order=("-at", "-id"), cursor=request.GET.get("at", ""), per_page=50)
    role_labels = dict(Staff.Role.choices)
    links = trail_links(request.user, page.rows)
    rows = [
        (event, role_labels.get(event.actor_role, event.actor_role), links.get(event.pk))
        for event in page
    ]
    return render(
        request, "people/family_access_log.html", {"family": family, "page": page, "rows": rows}
    )


def organisation(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The organisation chart: services, their heads, and team and staff counts."""
    organisations = selectors.organisation_structure(request.user)
    return render(request, "people/organisation.html", {"organisations": organisations})


def service_detail(request: AuthenticatedHttpRequest, service_uuid: uuid.UUID) -> HttpResponse:
    """One service: its heads and its teams with head-counts."""
    service = selectors.service_get(request.user, service_uuid)
    return render(request, "people/service_detail.html", {"service": service})


def team_detail(request: AuthenticatedHttpRequest, team_uuid: uuid.UUID) -> HttpResponse:
    team = selectors.team_get(request.user, team_uuid)
    return render(
        request,
        "people/team_detail.html",
        {
            "team": team,
            "members": list(team.members.all()),
            "family_counts": selectors.team_family_counts(request.user, team),
            "families_url": reverse("people:family_list"),
            "other_records": team_links.links_for(request.user, team),
        },
    )


def staff_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Everyone in the organisation, searchable, 50 a page."""
    query = request.GET.get("q", "")
    role = request.GET.get("role", "")
    page = selectors.staff_directory(
        request.user, query=query, role=role, cursor=request.GET.get("at", "")
    )
    return render(
        request,
        "people/staff_list.html",
        {"page": page, "query": query, "role": role, "roles": Staff.Role.choices},
    )
