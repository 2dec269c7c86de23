"""Pages for the restorative language: glossary, lexicon, preferences, checker, analytics.

Read input, call a service or selector, render.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from restorative.core.downloads import CSV_CONTENT_TYPE, attachment
from restorative.core.forms import apply_service_errors
from restorative.core.views import form_page
from restorative.people import services as people_services
from restorative.people.models import Family, FamilyMember, Staff
from restorative.people.types import AuthenticatedHttpRequest

from . import permissions, selectors, services
from .checking import current_checker
from .engine import Finding
from .forms import (
    FeedbackForm,
    GlossarySearchForm,
    LeadForm,
    LexiconEntryForm,
    LexiconImportForm,
    LexiconSearchForm,
    PreferenceForm,
    ReportForm,
    SuggestForm,
    TryForm,
)
from .lexicon import COLUMNS, LexiconError
from .models import Category, ChildLanguagePreference, KeptReason, LexiconEntry, ReportReason
from .shapes import sentence_shape


def _posted(request: AuthenticatedHttpRequest, *, files: bool = False) -> tuple[Any, ...]:
    """Form data for a POST (even an empty one, so it is validated), nothing for a GET."""
    if request.method != "POST":
        return ()
    return (request.POST, request.FILES) if files else (request.POST,)


# --- Glossary ------------------------------------------------------------------------------


def glossary(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The shared restorative language, for staff and partners alike (policy §6.6)."""
    form = GlossarySearchForm(request.GET or None)
    query, category = "", ""
    if form.is_valid():
        query, category = form.cleaned_data["q"], form.cleaned_data["category"]
    entries = selectors.glossary_entries(request.user, query=query, category=category)
    return render(
        request,
        "language/glossary.html",
        {
            "form": form,
            "entries": entries,
            "query": query,
            "category_label": dict(Category.choices).get(category, ""),
            "can_manage": permissions.can_manage_lexicon(request.user),
            "can_view_analytics": permissions.can_view_language_analytics(request.user),
        },
    )


# --- Lexicon management ----------------------------------------------------------------------


def lexicon_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = LexiconSearchForm(request.GET or None)
    query, status = "", ""
    if form.is_valid():
        query, status = form.cleaned_data["q"], form.cleaned_data["status"]
    entries = selectors.lexicon_entries(request.user, query=query, status=status)
    return render(
        request,
        "language/lexicon_list.html",
        {
            "form": form,
            "entries": list(entries),
            "query": query,
            "can_manage_leads": permissions.can_manage_language_leads(request.user),
        },
    )


def _entry_initial(entry: LexiconEntry) -> dict[str, str]:
    return {name: getattr(entry, name) for name in COLUMNS}


@require_http_methods(["GET", "POST"])
def lexicon_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_manage_lexicon(request.user):
        raise Http404
    form = LexiconEntryForm(*_posted(request))

    def save(data: dict[str, Any]) -> HttpResponse:
        entry = services.lexicon_entry_create(actor=request.user, data=data)
        messages.success(request, f"“{entry.term}” added to the lexicon")
        return redirect("language:lexicon_list")

    return form_page(request, form, save, "language/lexicon_form.html", {"entry": None})


@require_http_methods(["GET", "POST"])
def lexicon_edit(request: AuthenticatedHttpRequest, entry_uuid: uuid.UUID) -> HttpResponse:
    entry = selectors.lexicon_entry_get(request.user, entry_uuid)
    form = LexiconEntryForm(*_posted(request), initial=_entry_initial(entry))
    preview: dict[str, Any] | None = None
    previewed = request.method == "POST" and request.POST.get("action") == "preview"
    if previewed and form.is_valid():
        # "Check against the evaluation set": the figures before and after, nothing saved.
        preview = selectors.lexicon_change_preview(request.user, entry, form.cleaned_data)
        return render(
            request,
            "language/lexicon_form.html",
            {"form": form, "entry": entry, "preview": preview, "previewed": True},
        )

    def save(data: dict[str, Any]) -> HttpResponse:
        saved = services.lexicon_entry_update(actor=request.user, entry=entry, data=data)
        messages.success(request, f"“{saved.term}” saved")
        return redirect("language:lexicon_list")

    return form_page(request, form, save, "language/lexicon_form.html", {"entry": entry})


@require_POST
def lexicon_toggle(request: AuthenticatedHttpRequest, entry_uuid: uuid.UUID) -> HttpResponse:
    """Disable an entry (it stops flagging at once) or enable it again."""
    entry = selectors.lexicon_entry_get(request.user, entry_uuid)
    enable = request.POST.get("enabled") == "true"
    try:
        services.lexicon_entry_set_enabled(actor=request.user, entry=entry, enabled=enable)
    except ValidationError as error:
        messages.error(request, f"“{entry.term}” could not be enabled: {' '.join(error.messages)}")
    else:
        messages.success(request, f"“{entry.term}” {'enabled' if enable else 'disabled'}")
    return redirect("language:lexicon_list")


def lexicon_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The enabled entries as CSV, in the format the command line's --lexicon reads.

    Cells a spreadsheet would run as formulas are prefixed with an apostrophe; the import
    removes it, so the file re-imports unchanged.
    """
    if not permissions.can_manage_lexicon(request.user):
        raise Http404
    text = services.lexicon_export_csv(actor=request.user)
    stamp = timezone.localdate().isoformat()
    return attachment(text, filename=f"lexicon-{stamp}.csv", content_type=CSV_CONTENT_TYPE)


@require_http_methods(["GET", "POST"])
def lexicon_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Add or update entries from a partner's CSV. All or nothing, every error line-numbered."""
    if not permissions.can_manage_lexicon(request.user):
        raise Http404
    form = LexiconImportForm(*_posted(request, files=True))
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = services.lexicon_import_csv(actor=request.user, text=form.cleaned_data["file"])
        except LexiconError as error:
            errors = error.errors
        else:
            messages.success(
                request,
                f"Lexicon imported: {result.added} added, {result.updated} updated, "
                f"{result.unchanged} unchanged",
            )
            return redirect("language:lexicon_list")
    return render(
        request,
        "language/lexicon_import.html",
        {"form": form, "import_errors": errors[:200], "error_count": len(errors)},
    )


# --- Language leads ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def leads(request: AuthenticatedHttpRequest) -> HttpResponse:
    current = list(selectors.language_leads(request.user))
    form = LeadForm(*_posted(request))
    if request.method == "POST" and form.is_valid():
        staff = Staff.objects.filter(email__iexact=form.cleaned_data["email"]).first()
        if staff is None:
            form.add_error("email", "There is no member of staff with that email address")
        else:
            try:
                services.language_lead_appoint(actor=request.user, staff=staff)
            except ValidationError as error:
                apply_service_errors(form, ValidationError({"email": error.messages}))
            else:
                messages.success(request, f"{staff.display_name} is now a language lead")
                return redirect("language:leads")
    return render(request, "language/leads.html", {"form": form, "leads": current})


@require_POST
def lead_remove(request: AuthenticatedHttpRequest, lead_uuid: uuid.UUID) -> HttpResponse:
    lead = selectors.language_leads(request.user).filter(uuid=lead_uuid).first()
    if lead is None:
        raise Http404
    services.language_lead_remove(actor=request.user, lead=lead)
    messages.success(request, f"{lead.staff.display_name} is no longer a language lead")
    return redirect("language:leads")


# --- A child's preferred words ----------------------------------------------------------------


def family_preferences(request: AuthenticatedHttpRequest, family_uuid: uuid.UUID) -> HttpResponse:
    """The words each member of a family prefers. Part of the record: recorded in the trail."""
    family = selectors.family_with_preferences(request.user, family_uuid)
    people_services.family_record_view(actor=request.user, family=family, request=request)
    return render(
        request,
        "language/family_preferences.html",
        {
            "family": family,
            "members": family._language_members,  # type: ignore[attr-defined]
            "can_edit": permissions.can_edit_child_preferences(request.user, family),
        },
    )


def _member_for_edit(
    request: AuthenticatedHttpRequest, family_uuid: uuid.UUID, member_uuid: uuid.UUID
) -> tuple[Family, FamilyMember]:
    from restorative.people import selectors as people_selectors

    family = people_selectors.family_get(request.user, family_uuid, for_edit=True)
    member = people_selectors.family_member_get(request.user, family, member_uuid)
    member.family = family
    return family, member


@require_http_methods(["GET", "POST"])
def preference_add(
    request: AuthenticatedHttpRequest, family_uuid: uuid.UUID, member_uuid: uuid.UUID
) -> HttpResponse:
    family, member = _member_for_edit(request, family_uuid, member_uuid)
    if request.method == "GET":
        people_services.family_record_view(
            actor=request.user, family=family, request=request, subject=member
        )
    form = PreferenceForm(*_posted(request))

    def save(data: dict[str, Any]) -> HttpResponse:
        services.child_preference_add(
            actor=request.user, member=member, term=data["term"], note=data["note"], request=request
        )
        messages.success(request, f"Preferred word saved for {member.display_name}")
        return redirect("language:family_preferences", family_uuid=family.uuid)

    return form_page(
        request, form, save, "language/preference_form.html", {"family": family, "member": member}
    )


@require_POST
def preference_remove(
    request: AuthenticatedHttpRequest, family_uuid: uuid.UUID, preference_uuid: uuid.UUID
) -> HttpResponse:
    from restorative.people import selectors as people_selectors

    family = people_selectors.family_get(request.user, family_uuid, for_edit=True)
    preference = (
        ChildLanguagePreference.objects.select_related("member")
        .filter(uuid=preference_uuid, member__family=family)
        .first()
    )
    if preference is None:
        raise Http404
    preference.member.family = family
    services.child_preference_remove(actor=request.user, preference=preference, request=request)
    messages.success(request, f"“{preference.term}” removed")
    return redirect("language:family_preferences", family_uuid=family.uuid)


# --- The checker -----------------------------------------------------------------------------


def _finding_rows(findings: list[Finding], prefix: str, text: str) -> list[dict[str, Any]]:
    """Each finding with its replacements (buttons) and advice (text), for the templates."""
    offered = selectors.finding_suggestions(text, findings)
    return [
        {
            "finding": finding,
            "id": f"{prefix}-{index}",
            "category": Category(finding.category).label,
            "replacements": [s for s in suggestions if s.insert],
            "advice": [s for s in suggestions if not s.insert],
        }
        for index, (finding, suggestions) in enumerate(zip(findings, offered, strict=True), 1)
    ]


@require_http_methods(["GET", "POST"])
def try_checker(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A demonstration record with one checked field. Saving shows the suggestions for the
    saved text (the path without JavaScript); nothing written here is stored."""
    form = TryForm(*_posted(request))
    saved_text = ""
    rows: list[dict[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        saved_text = form.cleaned_data["text"]
        findings = selectors.language_findings(request.user, saved_text)
        services.language_usage_shown(actor=request.user, findings=findings)
        rows = _finding_rows(findings, "saved", saved_text)
    return render(
        request,
        "language/try.html",
        {"form": form, "saved": bool(saved_text), "saved_text": saved_text, "rows": rows},
    )


@gzip_page  # no secret in the answer, so compressing it cannot leak one (BREACH)
@require_POST
def suggest(request: AuthenticatedHttpRequest) -> JsonResponse:
    """The live suggestions for a field's text, as JSON for checker.mjs as people type.

    Findings come grouped (one group per term as written, with every place it stands); a
    group whose id is in `have` (the script shows it already) comes back as its id alone, so
    an answer carries only what changed. Terms in `keep` (the writer chose to keep them) are
    not suggested again; terms in `shown` were already shown for this field, so they are not
    counted again. Each term's category and reason come once per page from `suggest_terms`.
    """
    form = SuggestForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    member = None
    if form.cleaned_data["member"]:
        member = selectors.member_for_checking(request.user, form.cleaned_data["member"])
    keep = request.POST.getlist("keep")[:200]
    text = form.cleaned_data["text"]
    findings = selectors.language_findings(request.user, text, member=member, keep=keep)
    shown = {term.casefold() for term in request.POST.getlist("shown")[:500]}
    services.language_usage_shown(
        actor=request.user, findings=[f for f in findings if f.term.casefold() not in shown]
    )
    have = set(request.POST.getlist("have")[:1000])
    groups = selectors.suggestion_groups(text, findings)
    return JsonResponse(
        {"groups": [group["id"] if group["id"] in have else group for group in groups]},
        json_dumps_params={"separators": (",", ":"), "ensure_ascii": False},
    )


@require_GET
def suggest_terms(request: AuthenticatedHttpRequest) -> JsonResponse:
    """Each term's category and reason, and the reasons a writer may give for keeping their
    words or reporting a suggestion: what the live suggestions show beside the words."""
    data = selectors.suggestion_terms()
    data["keep_reasons"] = KeptReason.choices
    data["report_reasons"] = ReportReason.choices
    return JsonResponse(data)


def _report_context(page: str, field: str) -> str:
    """Where a suggestion appeared, as the page's name and the field's (no record, no text)."""
    try:
        view = resolve(page.split("?", 1)[0]).view_name if page.startswith("/") else ""
    except Resolver404:
        view = ""
    field = "".join(c for c in field.removeprefix("id_") if c.isalpha() or c == "_")
    return f"{view or 'unknown page'} {field.strip('_') or 'text'}"[:150]


@require_POST
def report(request: AuthenticatedHttpRequest) -> HttpResponse:
    """ "This isn't right here": count a report for the entry, the page and field, and the
    sentence's masked shape. The text is read to find the shape and is not stored."""
    if not permissions.can_use_checker(request.user):
        raise Http404
    form = ReportForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    data = form.cleaned_data
    text, start, end = data["text"], data["start"], data["end"]
    member = None
    if data["member"]:
        member = selectors.member_for_checking(request.user, data["member"])
    finding = next(
        (
            f
            for f in selectors.language_findings(request.user, text, member=member)
            if f.start == start and f.end == end and f.term.casefold() == data["term"].casefold()
        ),
        None,
    )
    if finding is None:  # only a suggestion the checker makes there can be reported
        return HttpResponse(status=400)
    services.language_report_record(
        actor=request.user,
        term=finding.term,
        category=finding.category,
        context=_report_context(data["page"], data["field"]),
        shape=sentence_shape(text, start, end),
        reason=data["reason"],
    )
    return HttpResponse(status=204)


def reports(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The entries people most often said were wrong where they appeared, for the lead."""
    return render(
        request,
        "language/reports.html",
        {"terms": selectors.language_reports(request.user), "reasons": dict(ReportReason.choices)},
    )


@require_POST
def feedback(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Count a one-click replacement or a "keep my wording". Stores counts, never text."""
    if not permissions.can_use_checker(request.user):
        raise Http404
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    entry = current_checker().lexicon.get(form.cleaned_data["term"])
    if entry is None:
        return HttpResponse(status=400)
    services.language_usage_count(
        actor=request.user,
        term=entry.term,
        category=entry.category,
        outcome=form.cleaned_data["outcome"],
        reason=form.cleaned_data["reason"],
    )
    return HttpResponse(status=204)


# --- Analytics -------------------------------------------------------------------------------


def analytics(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Suggestions shown, accepted and kept by month and category, for the teams in scope."""
    teams = selectors.analytics_teams(request.user)
    team_id: int | None = None
    chosen = request.GET.get("team", "")
    team_by_uuid = {str(team.uuid): team for team in teams}
    if chosen in team_by_uuid:
        team_id = team_by_uuid[chosen].pk
    today = timezone.localdate()
    months = selectors.usage_months(today)
    trend = selectors.language_usage_trend(request.user, since=months[0], team_id=team_id)
    table: dict[Any, dict[str, Any]] = {
        month: {
            "month": month,
            "cells": dict.fromkeys(Category.values),
            "shown": 0,
            "accepted": 0,
            "kept": 0,
        }
        for month in months
    }
    for row in trend["by_month"]:
        line = table[row["month"]]
        line["cells"][row["category"]] = row
        for key in ("shown", "accepted", "kept"):
            line[key] += row[key] or 0
    rows = [
        {**line, "cells": [line["cells"][c] for c in Category.values]} for line in table.values()
    ]
    labels = dict(Category.choices)
    return render(
        request,
        "language/analytics.html",
        {
            "teams": teams,
            "chosen": chosen if team_id else "",
            "rows": rows,
            "categories": [labels[c] for c in Category.values],
            "top_terms": [
                {**t, "category_label": labels.get(t["category"], "")} for t in trend["top_terms"]
            ],
            "totals": trend["totals"],
        },
    )
