"""Documents: a printable meeting record and the plan written for the family (issue 3 item 8).

Each document is one template rendered twice: as a page (the GOV.UK layout on screen, and a
print stylesheet that drops the navigation on paper) and as a PDF made by WeasyPrint from the
same template with a bare layout. So what is printed, downloaded and seen is the same record.

Privacy (DESIGN.md rules 2 and 3; decision 0008 "Documents"):
- The same selectors as the meeting and plan pages decide who may open a document (invited
  partners included, everyone else 404): there is no second rule to drift.
- Every document writes its access event before anything is shown or rendered: "print" for
  the page, "export" on channel "pdf" for the download. If that write fails: 503, nothing.
- A PDF's file name holds no personal data: the document, a date and the first characters of
  the record's UUID (already in its URL), never a name or the case reference, because file
  names end up in download folders, e-mail subjects and browser histories.
- WeasyPrint never goes to the network: it is given a fetcher that serves only our own static
  files (the print stylesheet) and refuses every other URL.
"""

from __future__ import annotations

import datetime
import mimetypes
import posixpath
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET

from restorative.core.downloads import attachment
from restorative.core.models import AccessEvent
from restorative.people.types import AuthenticatedHttpRequest

from . import permissions, readability, selectors, services
from .models import Action, Meeting, MeetingParticipant, Plan, PlanReview

SCREEN_LAYOUT = "core/base.html"
PDF_LAYOUT = "practice/documents/pdf_base.html"
MEETING_TEMPLATE = "practice/documents/meeting_record.html"
PLAN_TEMPLATE = "practice/documents/family_plan.html"
PDF_UNAVAILABLE_TEMPLATE = "practice/documents/pdf_unavailable.html"
PDF_CHANNEL = "pdf"

# The origin WeasyPrint resolves relative URLs against. ".invalid" can never resolve (RFC
# 6761), so even a mistake in the fetcher could not reach a real host.
DOCUMENT_ORIGIN = "https://documents.invalid"
# What the fetcher will serve from our static files: the stylesheet and what it may use.
SERVABLE_SUFFIXES = {".css", ".png", ".svg", ".woff", ".woff2"}

# Action status in plain words, for the family.
PLAIN_STATUS: dict[str, str] = {
    Action.Status.NOT_STARTED: "Not started yet",
    Action.Status.IN_PROGRESS: "Started",
    Action.Status.DONE: "Done",
    Action.Status.NOT_DONE: "Did not happen",
}
PLAIN_HOLDING: dict[str, str] = {
    PlanReview.Holding.YES: "Yes, it is working",
    PlanReview.Holding.PARTLY: "Partly",
    PlanReview.Holding.NO: "No, it is not working yet",
}


# --- Rendering the PDF, offline ---------------------------------------------------------


def pdf_engine() -> Any | None:
    """WeasyPrint, or None when it cannot be loaded here.

    WeasyPrint needs system libraries (Pango, HarfBuzz) that a machine may lack; importing it
    then fails with ImportError or OSError. The PDF link then answers with a page that says
    so and points to the print version, instead of a server error.
    """
    try:
        import weasyprint
    except (ImportError, OSError):
        return None
    return weasyprint


def static_file_for(url: str) -> Path | None:
    """The file behind one of our own static URLs as the document sees it, or None.

    Accepts only `DOCUMENT_ORIGIN` + STATIC_URL (or STATIC_URL itself when it is absolute,
    as behind a CDN), no parent-directory steps, and the suffixes in SERVABLE_SUFFIXES.
    """
    parts = urlsplit(url)
    static = urlsplit(settings.STATIC_URL)
    origins = {urlsplit(DOCUMENT_ORIGIN)[:2]}
    if static.scheme and static.netloc:
        origins.add((static.scheme, static.netloc))
    if (parts.scheme, parts.netloc) not in origins or not parts.path.startswith(static.path):
        return None
    name = unquote(parts.path[len(static.path) :])
    normal = posixpath.normpath(name)
    if not name or normal != name or normal.startswith(("/", "..")) or "\\" in name:
        return None
    if posixpath.splitext(normal)[1].lower() not in SERVABLE_SUFFIXES:
        return None
    try:
        found = finders.find(normal)
        if found:
            return Path(found if isinstance(found, str) else found[0])
        if staticfiles_storage.exists(normal):
            return Path(staticfiles_storage.path(normal))
    except (SuspiciousFileOperation, NotImplementedError, ValueError):
        return None
    return None


def offline_fetcher(weasyprint: Any) -> Any:
    """A WeasyPrint URL fetcher that serves our static files and refuses everything else.

    Made from the loaded module because its base class lives in WeasyPrint. A refusal raises,
    which WeasyPrint logs as a warning and carries on without that resource.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            path = static_file_for(url)
            if path is None:
                raise ValueError(f"Documents fetch only our own static files, not {url[:100]}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, body=path.read_bytes(), headers={"Content-Type": content_type}
            )

    return StaticOnlyFetcher(fail_on_errors=False)


def render_pdf(weasyprint: Any, html: str) -> bytes:
    """The PDF of `html`, tagged for screen readers, with nothing fetched from outside."""
    document = weasyprint.HTML(
        string=html, base_url=f"{DOCUMENT_ORIGIN}/", url_fetcher=offline_fetcher(weasyprint)
    )
    return bytes(document.write_pdf(pdf_tags=True))


def pdf_filename(kind: str, day: datetime.date | None, record_uuid: uuid.UUID) -> str:
    """`<kind>-<yyyy-mm-dd>-<8 hex>.pdf`: no name, no case reference (see the module note)."""
    stamp = day.isoformat() if day else "undated"
    return f"{kind}-{stamp}-{record_uuid.hex[:8]}.pdf"


def _pdf_unavailable(request: AuthenticatedHttpRequest, print_url: str) -> HttpResponse:
    return render(request, PDF_UNAVAILABLE_TEMPLATE, {"print_url": print_url}, status=503)


def _audited(request: AuthenticatedHttpRequest, subject: Meeting | Plan, *, pdf: bool) -> None:
    """Write the print (page) or export (PDF) to the access trail; if it cannot be written the
    error goes through and the answer is 503 with nothing (AuditUnavailableMiddleware)."""
    services.practice_record_view(
        actor=request.user,
        subject=subject,
        request=request,
        action=AccessEvent.Action.EXPORT if pdf else AccessEvent.Action.PRINT,
        channel=PDF_CHANNEL if pdf else "web",
    )


# --- The meeting record -----------------------------------------------------------------


def _meeting_for_document(request: AuthenticatedHttpRequest, meeting_uuid: uuid.UUID) -> Meeting:
    """The meeting, if this person may read its whole record: the document is the record
    (views and discussion), so an invited partner who was not there gets 404
    (permissions.can_see_meeting_discussion) and uses the meeting's page instead."""
    meeting = selectors.meeting_get(request.user, meeting_uuid)
    if not permissions.can_see_meeting_discussion(request.user, meeting):
        raise Http404
    return meeting


def _meeting_context(request: AuthenticatedHttpRequest, meeting: Meeting, *, pdf: bool) -> dict:
    participants = list(meeting.participants.all())
    return {
        "layout": PDF_LAYOUT if pdf else SCREEN_LAYOUT,
        "pdf": pdf,
        "meeting": meeting,
        "family": meeting.family,
        "children": [p for p in participants if p.kind == MeetingParticipant.Kind.CHILD],
        "participants": [p for p in participants if p.kind != MeetingParticipant.Kind.CHILD],
        "decisions": list(meeting.decisions.all()),
        "plans": selectors.meeting_plans(request.user, meeting),
        "voice": selectors.voice_completeness(meeting),
        "printed_by": request.user.display_name,
        "printed_on": datetime.date.today(),
    }


@require_GET
def meeting_document(request: AuthenticatedHttpRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    """The meeting record to print: everything the record holds, without the navigation."""
    meeting = _meeting_for_document(request, meeting_uuid)
    _audited(request, meeting, pdf=False)
    return render(request, MEETING_TEMPLATE, _meeting_context(request, meeting, pdf=False))


@require_GET
def meeting_document_pdf(
    request: AuthenticatedHttpRequest, meeting_uuid: uuid.UUID
) -> HttpResponse:
    """The meeting record as a PDF, from the same template."""
    meeting = _meeting_for_document(request, meeting_uuid)
    engine = pdf_engine()
    if engine is None:
        return _pdf_unavailable(request, reverse("practice:meeting_document", args=[meeting.uuid]))
    _audited(request, meeting, pdf=True)
    html = render_to_string(
        MEETING_TEMPLATE, _meeting_context(request, meeting, pdf=True), request=request
    )
    day = meeting.held_on or (meeting.scheduled_at.date() if meeting.scheduled_at else None)
    return attachment(
        render_pdf(engine, html),
        filename=pdf_filename("meeting-record", day, meeting.uuid),
        content_type="application/pdf",
    )


# --- The plan, for the family -----------------------------------------------------------


def plan_reading_text(plan: Plan) -> str:
    """The words of the plan that people wrote (its name, the goals, the actions), one per
    line: what the reading age measures. The document's own wording is fixed and plain."""
    lines = [plan.title]
    lines += [goal.goal for goal in plan.goals.all()]
    lines += [action.what for action in plan.actions.all()]
    return "\n".join(line.strip() for line in lines if line.strip())


def _plan_context(request: AuthenticatedHttpRequest, plan: Plan, *, pdf: bool) -> dict:
    today = datetime.date.today()
    actions = [
        (action, PLAIN_STATUS.get(action.status, action.get_status_display()))
        for action in plan.actions.all()
    ]
    reviews = [
        (review, PLAIN_HOLDING.get(review.holding, review.get_holding_display()))
        for review in plan.reviews.all()
    ]
    return {
        "layout": PDF_LAYOUT if pdf else SCREEN_LAYOUT,
        "pdf": pdf,
        "plan": plan,
        "family": plan.family,
        "worker": plan.family.allocated_worker,
        "goals": list(plan.goals.all()),
        "actions": [(action, status, action.is_overdue(today)) for action, status in actions],
        "reviews": reviews,
        "next_review": plan.review_date if plan.review_date and plan.review_date >= today else None,
        "reading_age": None if pdf else readability.reading_age(plan_reading_text(plan)),
        "reading_age_target": readability.READING_AGE_TARGET,
        "printed_on": today,
    }


@require_GET
def plan_document(request: AuthenticatedHttpRequest, plan_uuid: uuid.UUID) -> HttpResponse:
    """The plan in plain language, written to the family, with its reading age on screen."""
    plan = selectors.plan_get(request.user, plan_uuid)
    _audited(request, plan, pdf=False)
    return render(request, PLAN_TEMPLATE, _plan_context(request, plan, pdf=False))


@require_GET
def plan_document_pdf(request: AuthenticatedHttpRequest, plan_uuid: uuid.UUID) -> HttpResponse:
    """The family's plan as a PDF, from the same template (without the reading-age panel)."""
    plan = selectors.plan_get(request.user, plan_uuid)
    engine = pdf_engine()
    if engine is None:
        return _pdf_unavailable(request, reverse("practice:plan_document", args=[plan.uuid]))
    _audited(request, plan, pdf=True)
    html = render_to_string(PLAN_TEMPLATE, _plan_context(request, plan, pdf=True), request=request)
    return attachment(
        render_pdf(engine, html),
        filename=pdf_filename("family-plan", plan.started_on, plan.uuid),
        content_type="application/pdf",
    )
