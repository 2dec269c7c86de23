"""Pages for training evaluation: the attendee's form, the workforce team's results and a
facilitator's own results."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from restorative.core.views import form_page
from restorative.people.types import AuthenticatedHttpRequest

from ..anonymity import MINIMUM_GROUP
from ..form_fields import number_radios
from . import permissions, training

AGREE = [
    ("1", "Strongly disagree"),
    ("2", "Disagree"),
    ("3", "Neither agree nor disagree"),
    ("4", "Agree"),
    ("5", "Strongly agree"),
]
SCALE = [(str(n), str(n)) for n in range(0, 11)]


def _agree(label: str) -> forms.TypedChoiceField:
    return number_radios(label, AGREE, message="Choose how much you agree")


def _scale(label: str, hint: str) -> forms.TypedChoiceField:
    return number_radios(label, SCALE, message="Choose a number from 0 to 10", help_text=hint)


class EvaluationForm(forms.Form):
    experiential = _agree("The training was experiential: we practised, not only listened")
    reflective = _agree("The training gave me time to reflect on my own practice")
    trauma_informed = _agree("The training was trauma-informed")
    confidence_before = _scale(
        "Before the training, how confident did you feel using restorative questions?",
        "0 means not at all confident, 10 means completely confident",
    )
    confidence_after = _scale(
        "Now, how confident do you feel using restorative questions?",
        "0 means not at all confident, 10 means completely confident",
    )
    will_do_differently = forms.CharField(
        label="What will you do differently after this training?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Say what you will do differently after this training",
            "max_length": "Your answer must be 2,000 characters or fewer",
        },
    )


@require_http_methods(["GET", "POST"])
def evaluate(request: AuthenticatedHttpRequest, session_uuid: UUID) -> HttpResponse:
    """Evaluate a session you attended (once, within 28 days)."""
    booking = training.booking_to_evaluate(request.user, session_uuid)
    form = EvaluationForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        training.training_evaluation_submit(person=request.user, booking=booking, answers=data)
        messages.success(request, "Thank you: your evaluation has been saved")
        return redirect("workforce:my_training")

    context = {"session": booking.session}
    return form_page(request, form, save, "evaluation/wellbeing/training_evaluate.html", context)


def results(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Evaluations per course and session, and per facilitator (5 or more), for the
    workforce development team."""
    if not permissions.can_view_training_evaluations(request.user):
        raise Http404
    courses = training.course_results(request.user)
    chosen = next((r for r in courses if str(r.course.uuid) == request.GET.get("course")), None)
    return render(
        request,
        "evaluation/wellbeing/training_results.html",
        {
            "courses": courses,
            "facilitators": training.facilitator_results(request.user),
            "chosen": chosen,
            "comments": (training.course_comments(request.user, chosen.course) if chosen else []),
            "minimum": MINIMUM_GROUP,
        },
    )


def my_facilitation(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A facilitator's own results, when 5 or more people evaluated their sessions."""
    rows = training.facilitator_results(request.user, only=request.user)
    return render(
        request, "evaluation/wellbeing/training_mine.html", {"row": rows[0] if rows else None}
    )
