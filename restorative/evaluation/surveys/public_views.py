"""The feedback pages people open from a link, without an account (security.md rule 4).

No sign-in, but CSRF-protected (Django's cookie-based check works for anonymous visitors) and
rate-limited per address (`core.throttle`). Unknown, closed and used links each get a kind
page, never an error: unknown answers 404 and closed 410, while a used link answers 200, since
it did what it was for (and a browser shows no error for it).

The token is only in the path; the pages tell the browser not to pass it to any other
site (`Referrer-Policy: same-origin`; not `no-referrer`, with which browsers send
`Origin: null` on the form's own POST and Django's CSRF check refuses it).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from restorative.core.forms import apply_service_errors

from ..link_throttle import slowed_down
from ..models import SurveyResponse
from ..models.surveys import RespondentKind
from . import services
from .forms import FeedbackForm

TEMPLATES = "evaluation/surveys/public/"


def _page(
    request: HttpRequest, name: str, context: dict[str, object], status: int = 200
) -> HttpResponse:
    response = render(request, TEMPLATES + name, context, status=status)
    response["Referrer-Policy"] = "same-origin"
    return response


def _slowed(request: HttpRequest) -> HttpResponse | None:
    response = slowed_down(request, "feedback", limit=settings.FEEDBACK_TRIES_PER_MINUTE)
    if response is not None:
        response["Referrer-Policy"] = "same-origin"
    return response


@login_not_required
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, token: str) -> HttpResponse:
    """Answer a survey from a link: one response per link."""
    slowed = _slowed(request)
    if slowed is not None:
        return slowed
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return _page(request, "unknown.html", {}, status=404)
    if SurveyResponse.objects.filter(invitation=invitation).exists():
        return _page(request, "used.html", {"invitation": invitation})
    now = timezone.now()
    if invitation.is_expired(now):
        return _page(request, "expired.html", {"invitation": invitation}, status=410)
    form = FeedbackForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_response_submit(
                invitation=invitation,
                answers=form.answers(),
                shared_with_practitioner=form.cleaned_data.get("share") == "yes",
                contact_requested=form.cleaned_data.get("contact") == "yes",
                now=now,
            )
        except ValidationError as error:
            codes = (
                {e.code for e in error.error_list} if not hasattr(error, "error_dict") else set()
            )
            if "used" in codes:
                return _page(request, "used.html", {"invitation": invitation})
            if "expired" in codes:
                return _page(request, "expired.html", {"invitation": invitation}, status=410)
            apply_service_errors(form, error)
        else:
            return redirect("evaluation:feedback_thanks")
    return _page(
        request,
        "survey.html",
        {
            "invitation": invitation,
            "version": invitation.version,
            "form": form,
            "is_partner": invitation.respondent_kind == RespondentKind.PARTNER,
            "faces": invitation.version.survey.audience == "child_under_8",
        },
        status=400 if form.errors else 200,
    )


@login_not_required
@require_http_methods(["GET"])
def feedback_thanks(request: HttpRequest) -> HttpResponse:
    return _page(request, "thanks.html", {})
