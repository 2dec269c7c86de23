"""Pages for changing the feedback surveys' questions (quality assurance; decision 0016).

The same service as the API (`services.survey_version_publish`): a survey already sent to
anyone gets a new version, answers keep the version they were given, and a version nobody has
been sent yet is changed in place. Plain HTML forms: adding questions posts the page back with
more empty fieldsets, so nothing needs JavaScript.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from restorative.core.forms import apply_service_errors
from restorative.people.types import AuthenticatedHttpRequest
from restorative.practice.readability import reading_age

from ..models.surveys import CHILD_AUDIENCES, QuestionKind
from . import selectors, services
from .forms import SurveyEditForm

TEMPLATES = "evaluation/surveys/editor/"
CHILD_READING_AGE = 9


def _child_reading_age(audience: str, introduction: str, questions: list[dict[str, Any]]) -> str:
    """For a children's survey, what reads above age 9 (the defaults are written at 9 or
    below, checked in a test): a sentence in words, or "". A warning, not a rule: the person
    changing the words decides."""
    if audience not in CHILD_AUDIENCES:
        return ""
    texts = [introduction]
    for question in questions:
        texts.append(str(question["text"]))
        texts.extend(str(words) for _, words in question.get("choices", []))
    age = reading_age("\n".join(t for t in texts if t), target=CHILD_READING_AGE)
    if age is None or (age.years <= CHILD_READING_AGE and not age.hardest):
        return ""
    hardest = f' The hardest to read: "{age.hardest[0]}"' if age.hardest else ""
    return f"Altogether the words have a reading age of about {age.years}.{hardest}"


@require_http_methods(["GET"])
def surveys(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The feedback surveys, their current version and how often it was sent."""
    return render(
        request,
        TEMPLATES + "list.html",
        {"surveys": selectors.surveys_for_editing(request.user)},
    )


@require_http_methods(["GET", "POST"])
def survey_edit(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """Change a survey's introduction and questions."""
    about = selectors.survey_for_editing(request.user, code)
    more = request.method == "POST" and request.POST.get("action") == "more"
    form = SurveyEditForm(request.POST or None, version=about.current, more=more)
    if request.method == "POST" and not more and form.is_valid():
        questions = form.cleaned_data["questions"]
        introduction = form.cleaned_data["introduction"]
        before = about.current
        try:
            version = services.survey_version_publish(
                survey=about.survey, questions=questions, introduction=introduction
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if (
                before is not None
                and version.pk == before.pk
                and version.updated_at == (before.updated_at)
            ):
                messages.info(request, f"Nothing changed in {about.survey.name}")
            elif before is not None and version.pk == before.pk:
                messages.success(
                    request,
                    f"{about.survey.name}: version {version.number} changed "
                    "(nobody had been sent it yet)",
                )
            else:
                messages.success(
                    request,
                    f"{about.survey.name}: saved as version {version.number}. People already "
                    "invited answer the version they were sent, and their answers keep it.",
                )
            found = _child_reading_age(about.survey.audience, introduction, questions)
            if found:
                messages.warning(
                    request,
                    f"The children's surveys are written for a reading age of "
                    f"{CHILD_READING_AGE} or below: make {about.survey.name} plainer if you "
                    f"can. {found}",
                )
            return redirect("evaluation:feedback_surveys")
    return render(
        request,
        TEMPLATES + "edit.html",
        {
            "about": about,
            "form": form,
            "kinds_with_choices": (QuestionKind.CHOOSE_ONE, QuestionKind.FACES_1_5),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET"])
def survey_version(request: AuthenticatedHttpRequest, code: str, number: int) -> HttpResponse:
    """One version's questions as they were sent: what earlier answers were answers to."""
    version = selectors.survey_version_get(request.user, code, number)
    return render(request, TEMPLATES + "version.html", {"version": version})
