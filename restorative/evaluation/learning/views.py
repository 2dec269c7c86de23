"""Learning pages, under /evaluation/learning/: the loop from a finding to training.

One page per finding shows the finding (as its own area shows it, and only to whoever may
see it there), the learning actions it raised, the training needs, and the course or session
the workforce team linked to each need.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from restorative.core.forms import apply_service_errors
from restorative.people.models import Team
from restorative.people.types import AuthenticatedHttpRequest

from .. import learning_sources
from . import forms as learning_forms
from . import permissions, selectors, services


@require_GET
def learning_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Learning actions this person may see (open first) and the training needs."""
    if not permissions.can_use_learning(request.user):
        raise Http404
    page = Paginator(selectors.learning_actions_for(request.user), 50).get_page(
        request.GET.get("page", 1)
    )
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


@require_http_methods(["GET", "POST"])
def learning_action_create(
    request: AuthenticatedHttpRequest, kind: str, source_uuid: uuid.UUID
) -> HttpResponse:
    source = _finding(request, kind, source_uuid)
    if not permissions.can_raise_learning(request.user):
        raise Http404
    form = learning_forms.LearningActionForm(
        request.POST or None, owners=selectors.owner_choices(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.learning_action_raise(
                actor=request.user,
                source_kind=kind,
                source_uuid=source_uuid,
                what=form.cleaned_data["what"],
                owner=form.cleaned_data["owner"],
                due_on=form.cleaned_data["due_on"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Learning action raised")
            return redirect(learning_sources.finding_url(kind, source_uuid))
    return render(
        request,
        "evaluation/learning/form.html",
        {
            "form": form,
            "heading": "Raise a learning action",
            "source": source,
            "back_url": learning_sources.finding_url(kind, source_uuid),
        },
    )


@require_http_methods(["GET", "POST"])
def training_need_create(
    request: AuthenticatedHttpRequest, kind: str, source_uuid: uuid.UUID
) -> HttpResponse:
    source = _finding(request, kind, source_uuid)
    if not permissions.can_raise_learning(request.user):
        raise Http404
    form = learning_forms.TrainingNeedForm(
        request.POST or None, teams=Team.objects.order_by("name")
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.training_need_raise(
                actor=request.user,
                source_kind=kind,
                source_uuid=source_uuid,
                theme=form.cleaned_data["theme"],
                roles=form.cleaned_data["roles"],
                teams=list(form.cleaned_data["teams"]),
                people_count=form.cleaned_data["people_count"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Training need raised: the workforce team will see it")
            return redirect(learning_sources.finding_url(kind, source_uuid))
    return render(
        request,
        "evaluation/learning/form.html",
        {
            "form": form,
            "heading": "Raise a training need",
            "source": source,
            "back_url": learning_sources.finding_url(kind, source_uuid),
        },
    )


@require_http_methods(["GET", "POST"])
def learning_action_done(request: AuthenticatedHttpRequest, action_uuid: uuid.UUID) -> HttpResponse:
    action = selectors.learning_action_get(request.user, action_uuid)
    if not permissions.can_complete_learning_action(request.user, action):
        raise Http404
    form = learning_forms.LearningActionDoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.learning_action_complete(
                actor=request.user,
                action=action,
                done_on=form.cleaned_data["done_on"],
                evidence=form.cleaned_data["evidence"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Learning action recorded as done")
            return redirect("evaluation:learning_home")
    return render(
        request,
        "evaluation/learning/form.html",
        {
            "form": form,
            "heading": "Record the action done",
            "action": action,
            "back_url": "/evaluation/learning/",
        },
    )


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
    if request.method == "POST" and form.is_valid():
        try:
            services.training_need_link(
                actor=request.user,
                need=need,
                course=form.cleaned_data["course"],
                session=form.cleaned_data["session"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Training linked to the need: {need.theme}")
            return redirect("evaluation:learning_home")
    return render(
        request,
        "evaluation/learning/form.html",
        {
            "form": form,
            "heading": f"Link training to: {need.theme}",
            "need": need,
            "back_url": "/evaluation/learning/",
        },
    )


# --- Feedback themes: findings from what families and partners said --------------------------


@require_GET
def feedback_themes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The themes quality assurance drew from feedback, each a finding that raises learning."""
    if not permissions.can_view_training_needs(request.user):
        raise Http404
    page = Paginator(selectors.feedback_themes_for(request.user), 50).get_page(
        request.GET.get("page", 1)
    )
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
    if request.method == "POST" and form.is_valid():
        try:
            finding = services.feedback_theme_record(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Feedback theme recorded: raise learning from it below")
            return redirect(learning_sources.finding_url("feedback_theme", finding.uuid))
    return render(
        request,
        "evaluation/learning/form.html",
        {
            "form": form,
            "heading": "Record a theme from feedback",
            "back_url": "/evaluation/learning/feedback-themes/",
        },
    )


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
