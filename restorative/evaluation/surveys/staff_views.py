"""Pages for staff: inviting people after a meeting, reading answers, acting on requests to
be contacted, and the results. Read the input, call one selector or service, render."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from typing import Any

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_http_methods

from restorative.core import audit
from restorative.core.charts import Bar, count_bars, horizontal_bars
from restorative.core.downloads import XLSX_CONTENT_TYPE, attachment, csv_attachment, xlsx_bytes
from restorative.core.forms import apply_service_errors
from restorative.core.models import AccessEvent
from restorative.people.models import Family
from restorative.people.types import AuthenticatedHttpRequest
from restorative.practice.models import Meeting, PlanReview, RestorativeConversation

from ..models import Survey
from . import permissions, selectors, services
from .exports import HEADERS, results_rows
from .form_pages import form_page_or_400
from .forms import FollowUpDoneForm, InviteForm, ResultsFilterForm
from .notify import feedback_link

TEMPLATES = "evaluation/surveys/"


def _family(user: Any, family_uuid: uuid.UUID) -> Family:
    family = Family.objects.select_related("team").filter(uuid=family_uuid).first()
    if family is None or not permissions.can_invite_for_family(user, family):
        raise Http404
    return family


@require_http_methods(["GET"])
def family_feedback(request: AuthenticatedHttpRequest, family_uuid: uuid.UUID) -> HttpResponse:
    """A family's meetings, with who was asked for feedback and whether they answered."""
    family = _family(request.user, family_uuid)
    audit.access_event_record(
        actor=request.user,
        action=AccessEvent.Action.VIEW,
        subject_type="family",
        subject_uuid=family.uuid,
        family_uuid=family.uuid,
        reason="feedback from the family",
        request=request,
        subject=family,
    )
    meetings = list(
        Meeting.objects.filter(family=family)
        .exclude(status="cancelled")
        .order_by("-held_on", "-scheduled_at")[:30]
    )
    reviews = list(
        PlanReview.objects.filter(plan__family=family).order_by("-reviewed_on", "-id")[:30]
    )
    conversations = list(
        RestorativeConversation.objects.filter(family=family).order_by("-held_on", "-id")[:30]
    )
    given: dict[tuple[str, int], list[Any]] = {}
    for invitation in selectors.family_invitations(family):
        for field in ("meeting_id", "plan_review_id", "conversation_id"):
            if getattr(invitation, field):
                given.setdefault((field, getattr(invitation, field)), []).append(invitation)
    return render(
        request,
        TEMPLATES + "family.html",
        {
            "family": family,
            "meetings": [(m, given.get(("meeting_id", m.pk), [])) for m in meetings],
            "reviews": [(r, given.get(("plan_review_id", r.pk), [])) for r in reviews],
            "conversations": [(c, given.get(("conversation_id", c.pk), [])) for c in conversations],
        },
    )


def _qr_svg(url: str) -> str:
    return str(segno.make(url, error="m").svg_inline(scale=4, title="QR code for the link"))


def _invite(request: AuthenticatedHttpRequest, about: selectors.InviteAbout) -> HttpResponse:
    """Invite the people who took part: one link each, shown, printed or sent once."""
    form = InviteForm(request.POST or None, people=about.people, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        surveys = {s.code: s for s in Survey.objects.filter(is_active=True)}
        invitees = []
        for person, code, send_to in form.chosen():
            if code not in surveys:
                form.add_error(None, f"Choose a survey for {person.display_name}")
                continue
            invitees.append(
                services.Invitee(
                    survey=surveys[code],
                    member=person.member,
                    staff=person.staff,
                    name=person.name if person.member is None and person.staff is None else "",
                    send_to=send_to,
                )
            )
        if not form.errors:
            try:
                issued = services.survey_invitations_create(
                    actor=request.user,
                    invitees=invitees,
                    channel=form.cleaned_data["channel"],
                    **about.record_kwargs,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                base_url = request.build_absolute_uri("/")
                links = []
                for link in issued:
                    address = feedback_link(link.token, base_url=base_url)
                    links.append(
                        {
                            "invitation": link.invitation,
                            "url": address,
                            "qr": mark_safe(_qr_svg(address)),  # noqa: S308 - segno's own SVG
                        }
                    )
                return render(
                    request,
                    TEMPLATES + "links.html",
                    {"about": about, "links": links, "channel": form.cleaned_data["channel"]},
                )
    return render(
        request,
        TEMPLATES + "invite.html",
        {"about": about, "form": form, "invitations": about.invitations},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def meeting_invite(request: AuthenticatedHttpRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    return _invite(request, selectors.meeting_for_inviting(request.user, meeting_uuid))


@require_http_methods(["GET", "POST"])
def review_invite(request: AuthenticatedHttpRequest, review_uuid: uuid.UUID) -> HttpResponse:
    return _invite(request, selectors.review_for_inviting(request.user, review_uuid))


@require_http_methods(["GET", "POST"])
def conversation_invite(
    request: AuthenticatedHttpRequest, conversation_uuid: uuid.UUID
) -> HttpResponse:
    return _invite(request, selectors.conversation_for_inviting(request.user, conversation_uuid))


@require_http_methods(["GET", "POST"])
def audit_invite(request: AuthenticatedHttpRequest, audit_uuid: uuid.UUID) -> HttpResponse:
    """From a case-file audit, ask the family how the work felt to them (issue 12 point 3)."""
    return _invite(request, selectors.audit_for_inviting(request.user, audit_uuid))


@require_http_methods(["GET"])
def responses_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The latest answers this person may read."""
    return render(
        request,
        TEMPLATES + "responses.html",
        {"responses": selectors.responses_list(request.user)},
    )


@require_http_methods(["GET"])
def response_detail(request: AuthenticatedHttpRequest, response_uuid: uuid.UUID) -> HttpResponse:
    """One person's answers, in their own words (written to the family's access trail)."""
    response = selectors.response_get(request.user, response_uuid)
    if response.family is not None:
        audit.access_event_record(
            actor=request.user,
            action=AccessEvent.Action.VIEW,
            subject_type="surveyresponse",
            subject_uuid=response.uuid,
            family_uuid=response.family.uuid,
            reason="read feedback",
            request=request,
        )
    return render(request, TEMPLATES + "response.html", {"response": response})


@require_http_methods(["GET"])
def follow_ups(request: AuthenticatedHttpRequest) -> HttpResponse:
    """People who asked to be contacted, due within 5 working days of asking."""
    if not permissions.can_view_follow_ups(request.user):
        raise Http404
    return render(
        request,
        TEMPLATES + "follow_ups.html",
        {"follow_ups": selectors.follow_ups_due(request.user), "today": timezone.localdate()},
    )


@require_http_methods(["GET", "POST"])
def follow_up_done(request: AuthenticatedHttpRequest, follow_up_uuid: uuid.UUID) -> HttpResponse:
    follow_up = selectors.follow_up_get(request.user, follow_up_uuid)
    form = FollowUpDoneForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        services.survey_follow_up_complete(actor=request.user, follow_up=follow_up, **data)
        messages.success(request, "Follow-up recorded as done")
        return redirect("evaluation:feedback_follow_ups")

    context = {"follow_up": follow_up}
    return form_page_or_400(request, form, save, TEMPLATES + "follow_up_done.html", context)


def _results_filter(
    request: AuthenticatedHttpRequest,
) -> tuple[ResultsFilterForm, selectors.ResultsFilter]:
    if not permissions.can_view_results(request.user):
        raise Http404
    form = ResultsFilterForm(
        request.GET or None, options=selectors.results_filter_options(request.user)
    )
    f = selectors.ResultsFilter()
    if form.is_valid():
        data = form.cleaned_data
        f = selectors.ResultsFilter(
            survey=data.get("survey") or "",
            team=data.get("team"),
            service=data.get("service"),
            meeting_type=data.get("meeting_type") or "",
            respondent_kind=data.get("respondent_kind") or "",
        )
    return form, f


def _score_chart(title: str, figures: Sequence[selectors.Figure]) -> SafeString:
    """Bars of each figure's score out of 100 ("no answers" where there is none)."""
    bars = [
        Bar(fig.label, fig.score, "no answers" if fig.score is None else f"{fig.score:.0f}")
        for fig in figures
    ]
    return horizontal_bars(title, bars, scale_max=100)


def _counts(figures: Sequence[selectors.Figure]) -> list[tuple[str, int]]:
    return [(fig.label, fig.count) for fig in figures]


def _cursor(request: AuthenticatedHttpRequest) -> int | None:
    """The comments page's keyset cursor; anything but a whole number means the first page."""
    raw = request.GET.get("after", "")
    return int(raw) if raw.isdigit() and len(raw) < 19 else None


@require_http_methods(["GET"])
def results(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What children, families and partners said: figures for the teams in reach, and the
    comments (their own words) this person may read, each written to the family's trail."""
    form, f = _results_filter(request)
    data = selectors.results(request.user, f)
    comments = selectors.comments(request.user, f, after=_cursor(request))
    services.survey_comments_read_record(
        actor=request.user, comments=comments.comments, request=request
    )
    next_query = ""
    if comments.next_cursor is not None:
        params = request.GET.copy()
        params["after"] = str(comments.next_cursor)
        next_query = params.urlencode()
    first_query = request.GET.copy()
    first_query.pop("after", None)
    charts = {
        "themes": _score_chart("Score by theme, out of 100", data.themes),
        "experience": count_bars("How the meeting felt", _counts(data.experience)),
        "months": count_bars("Responses by month", _counts(data.by_month)),
    }
    return render(
        request,
        TEMPLATES + "results.html",
        {
            "form": form,
            "data": data,
            "charts": charts,
            "query": first_query.urlencode(),
            "comments": comments,
            "comments_next_query": next_query,
            "comments_later": _cursor(request) is not None,
            "can_change_surveys": permissions.can_change_surveys(request.user),
        },
    )


def _filename(extension: str) -> str:
    return f"feedback-results-{datetime.date.today():%Y-%m-%d}.{extension}"


def _comments_for_download(
    request: AuthenticatedHttpRequest, f: selectors.ResultsFilter
) -> list[selectors.Comment]:
    """The newest comments this person may read (up to COMMENTS_EXPORT_LIMIT), written to
    each family's trail as downloaded before the file is made."""
    found = selectors.comments(request.user, f, limit=selectors.COMMENTS_EXPORT_LIMIT).comments
    services.survey_comments_read_record(
        actor=request.user, comments=found, exported=True, request=request
    )
    return found


@require_http_methods(["GET"])
def results_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    _, f = _results_filter(request)
    data = selectors.results(request.user, f)
    comments = _comments_for_download(request, f)
    return csv_attachment(
        [HEADERS, *results_rows(data, comments)], filename=_filename("csv"), spreadsheet_bom=True
    )


@require_http_methods(["GET"])
def results_xlsx(request: AuthenticatedHttpRequest) -> HttpResponse:
    _, f = _results_filter(request)
    data = selectors.results(request.user, f)
    comments = _comments_for_download(request, f)
    content, _count = xlsx_bytes(
        results_rows(data, comments),
        sheet_title="Feedback",
        headers=HEADERS,
        widths=(22, 44, 20, 16),
    )
    return attachment(content, filename=_filename("xlsx"), content_type=XLSX_CONTENT_TYPE)
