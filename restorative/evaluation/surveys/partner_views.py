"""Partners' pages: their meetings, a written contribution before, feedback after."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from restorative.people.types import AuthenticatedHttpRequest

from ..models import SurveyInvitation, SurveyResponse
from . import partners, permissions, services
from .form_pages import form_page_or_400
from .forms import FeedbackForm

TEMPLATES = "evaluation/surveys/partner/"


class ContributionForm(forms.Form):
    text = forms.CharField(
        label="Your contribution",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="What your agency knows, what is working well, what you are worried about, "
        "and what you think needs to happen next.",
    )


@require_http_methods(["GET"])
def partner_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_give_partner_feedback(request.user):
        raise Http404
    meetings = list(partners.partner_meetings(request.user)[:100])
    answered = set(
        SurveyResponse.objects.filter(
            invitation__staff=request.user, invitation__meeting__in=meetings
        ).values_list("invitation__meeting_id", flat=True)
    )
    rows = [
        {
            "meeting": m,
            "contribute": partners.can_contribute(request.user, m),
            "feedback": m.status == "held" and m.pk not in answered,
            "answered": m.pk in answered,
        }
        for m in meetings
    ]
    return render(request, TEMPLATES + "home.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
def partner_contribution(
    request: AuthenticatedHttpRequest, meeting_uuid: uuid.UUID
) -> HttpResponse:
    meeting = partners.partner_meeting_get(request.user, meeting_uuid)
    if not partners.can_contribute(request.user, meeting):
        raise Http404
    mine = meeting.participants.filter(staff_id=request.user.pk).first()
    form = ContributionForm(request.POST or None, initial={"text": mine.view if mine else ""})

    def save(data: dict[str, Any]) -> HttpResponse:
        partners.partner_contribution_give(actor=request.user, meeting=meeting, text=data["text"])
        messages.success(request, "Your contribution has been saved")
        return redirect("evaluation:feedback_partner_home")

    context = {"meeting": meeting}
    return form_page_or_400(request, form, save, TEMPLATES + "contribution.html", context)


@require_http_methods(["GET", "POST"])
def partner_feedback(request: AuthenticatedHttpRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    meeting = partners.partner_meeting_get(request.user, meeting_uuid)
    if not partners.can_give_feedback(request.user, meeting):
        raise Http404
    existing = SurveyInvitation.objects.filter(meeting=meeting, staff=request.user).first()
    if existing is not None and SurveyResponse.objects.filter(invitation=existing).exists():
        messages.success(request, "You have already given feedback on this meeting. Thank you.")
        return redirect("evaluation:feedback_partner_home")
    invitation = existing or (
        partners.partner_feedback_invitation(actor=request.user, meeting=meeting)
        if request.method == "POST"
        else None
    )
    shown = invitation or partners.partner_feedback_preview(meeting)
    form = FeedbackForm(request.POST or None, invitation=shown)

    def save(data: dict[str, Any]) -> HttpResponse:
        # A POST always has its invitation: it is made above on the partner's first answer.
        assert invitation is not None
        services.survey_response_submit(
            invitation=invitation,
            answers=form.answers(),
            contact_requested=data.get("contact") == "yes",
        )
        messages.success(request, "Thank you: your feedback has been saved")
        return redirect("evaluation:feedback_partner_home")

    context = {"meeting": meeting, "version": shown.version, "invitation": shown}
    return form_page_or_400(request, form, save, TEMPLATES + "feedback.html", context)
