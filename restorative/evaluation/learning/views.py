"""Learning pages, under /evaluation/learning/: the loop from a finding to training.

One page per finding shows the finding (as its own area shows it, and only to whoever may
see it there), the learning actions it raised, the training needs, and the course or session
the workforce team linked to each need.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from restorative.core.views import form_page
from restorative.people.models import Team
from restorative.people.types import AuthenticatedHttpRequest

from .. import learning_sources
from . import forms as learning_forms
from . import permissions, selectors, services

HOME_URL = "/evaluation/learning/"


def _page_of(request: AuthenticatedHttpRequest, rows: Any) -> Page[Any]:
    """The page of a long list the person asked for, 50 rows a page."""
    return Paginator(rows, 50).get_page(request.GET.get("page", 1))


@require_GET
def learning_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Learning actions this person may see (open first) and the training needs."""
    if not permissions.can_use_learning(request.user):
        raise Http404
    page = _page_of(request, selectors.learning_actions_for(request.user))
    return render(
        request,
        "evaluation/learning/home.html",
        {
            "page": page,
            "actions": selectors.with_sources(request.user, list(page.object_list)),
            "needs": selectors.with_sources(
                request.user, selectors.open_training_needs(request.user, limit=25)
            ),
            "can_link": permissions.can_link_training(request.user),
            "can_see_themes": permissions.can_view_training_needs(request.user),
        },
    )


def _finding(
    request: AuthenticatedHttpRequest, kind: str, source_uuid: uuid.UUID
) -> learning_sources.ResolvedSource:
    source = learning_sources.resolve(request.user, kind, source_uuid)
    if source is None:
        raise Http404
    return source


@require_GET
def learning_finding(
    request: AuthenticatedHttpRequest, kind: str, source_uuid: uuid.UUID
) -> HttpResponse:
    """The loop for one finding: finding → learning actions → training needs → training."""
    source = _finding(request, kind, source_uuid)
    actions, needs = selectors.finding_learning(request.user, kind, source_uuid)
    return render(
        request,
        "evaluation/learning/finding.html",
        {
            "source": source,
            "kind": kind,
            "kind_label": learning_sources.label(kind),
            "source_uuid": source_uuid,
            "actions": actions,
            "needs": needs,
            "can_raise": permissions.can_raise_learning(request.user),
            "can_link": permissions.can_link_training(request.user),
        },
    )


FORM_TEMPLATE = "evaluation/learning/form.html"


def _raise_from_finding(
    request: AuthenticatedHttpRequest,
    kind: str,
    source_uuid: uuid.UUID,
    *,
    make_form: Callable[[Any], forms.Form],
    service: Callable[..., Any],
    heading: str,
    done: str,
) -> HttpResponse:
    """A learning action and a training need are raised from a finding the same way: only by
    someone who may see the finding and raise learning, and back to the finding after."""
    source = _finding(request, kind, source_uuid)
    if not permissions.can_raise_learning(request.user):
        raise Http404
    back_url = learning_sources.finding_url(kind, source_uuid)

    def save(data: dict[str, Any]) -> HttpResponse:
        service(actor=request.user, source_kind=kind, source_uuid=source_uuid, **data)
        messages.success(request, done)
        return redirect(back_url)

    context = {"heading": heading, "source": source, "back_url": back_url}
    return form_page(request, make_form(request.POST or None), save, FORM_TEMPLATE, context)


@require_http_methods(["GET", "POST"])
def learning_action_create(
    request: AuthenticatedHttpRequest, kind: str, source_uuid: uuid.UUID
) -> HttpResponse:
    return _raise_from_finding(
        request,
        kind,
        source_uuid,
        make_form=lambda data: learning_forms.LearningActionForm(
            data, owners=selectors.owner_choices(request.user)
        ),
        service=services.learning_action_raise,
        heading="Raise a learning action",
        done="Learning action raised",
    )


@require_http_methods(["GET", "POST"])
def training_need_create(
    request: AuthenticatedHttpRequest, kind: str, source_uuid: uuid.UUID
) -> HttpResponse:
    return _raise_from_finding(
        request,
        kind,
        source_uuid,
        make_form=lambda data: learning_forms.TrainingNeedForm(
            data, teams=Team.objects.order_by("name")
        ),
        service=services.training_need_raise,
        heading="Raise a training need",
        done="Training need raised: the workforce team will see it",
    )


@require_http_methods(["GET", "POST"])
def learning_action_done(request: AuthenticatedHttpRequest, action_uuid: uuid.UUID) -> HttpResponse:
    action = selectors.learning_action_get(request.user, action_uuid)
    if not permissions.can_complete_learning_action(request.user, action):
        raise Http404

    def save(data: dict[str, Any]) -> HttpResponse:
        services.learning_action_complete(actor=request.user, action=action, **data)
        messages.success(request, "Learning action recorded as done")
        return redirect("evaluation:learning_home")

    form = learning_forms.LearningActionDoneForm(request.POST or None)
    context = {"heading": "Record the action done", "action": action, "back_url": HOME_URL}
    return form_page(request, form, save, FORM_TEMPLATE, context)


@require_http_methods(["GET", "POST"])
def training_need_link(request: AuthenticatedHttpRequest, need_uuid: uuid.UUID) -> HttpResponse:
    """The workforce team links a course, or a session, that meets the need."""
    if not permissions.can_link_training(request.user):
        raise Http404
    need = selectors.training_need_get(request.user, need_uuid)
    form = learning_forms.TrainingLinkForm(
        request.POST or None,
        courses=selectors.course_choices(request.user),
        sessions=selectors.session_choices(request.user),
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        services.training_need_link(actor=request.user, need=need, **data)
        messages.success(request, f"Training linked to the need: {need.theme}")
        return redirect("evaluation:learning_home")

    context = {"heading": f"Link training to: {need.theme}", "need": need, "back_url": HOME_URL}
    return form_page(request, form, save, FORM_TEMPLATE, context)


# --- Feedback themes: findings from what families and partners said --------------------------


@require_GET
def feedback_themes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The themes quality assurance drew from feedback, each a finding that raises learning."""
    if not permissions.can_view_training_needs(request.user):
        raise Http404
    page = _page_of(request, selectors.feedback_themes_for(request.user))
    return render(
        request,
        "evaluation/learning/feedback_themes.html",
        {
            "page": page,
            "findings": [
                (finding, selectors.feedback_theme_title(finding)) for finding in page.object_list
            ],
            "can_record": permissions.can_record_feedback_theme(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def feedback_theme_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Quality assurance records a theme from the feedback results as a finding."""
    if not permissions.can_record_feedback_theme(request.user):
        raise Http404
    form = learning_forms.FeedbackThemeForm(
        request.POST or None,
        teams=Team.objects.order_by("name"),
        surveys=selectors.survey_choices(request.user),
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        finding = services.feedback_theme_record(actor=request.user, **data)
        messages.success(request, "Feedback theme recorded: raise learning from it below")
        return redirect(learning_sources.finding_url("feedback_theme", finding.uuid))

    context = {
        "heading": "Record a theme from feedback",
        "back_url": "/evaluation/learning/feedback-themes/",
    }
    return form_page(request, form, save, FORM_TEMPLATE, context)


@require_GET
def feedback_theme(request: AuthenticatedHttpRequest, finding_uuid: uuid.UUID) -> HttpResponse:
    """One feedback theme: what the feedback showed, and a link to the learning it raised."""
    finding = selectors.feedback_theme_get(request.user, finding_uuid)
    return render(
        request,
        "evaluation/learning/feedback_theme.html",
        {
            "finding": finding,
            "title": selectors.feedback_theme_title(finding),
            "learning_url": learning_sources.finding_url("feedback_theme", finding.uuid),
        },
    )
