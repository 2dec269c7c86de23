"""The barriers register: raise one, see one's own and their outcome, triage (leaders)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from restorative.core.forms import apply_service_errors
from restorative.people.types import AuthenticatedHttpRequest

from .. import permissions
from ..forms import BarrierRaiseForm, BarrierTriageForm
from ..models import Barrier
from ..selectors import barriers as selectors
from ..services import barriers as services


@require_GET
def barrier_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """One's own barriers with their outcome; for leaders, every barrier of their place."""
    user = request.user
    if not permissions.can_raise_barrier(user):
        raise Http404
    status = request.GET.get("status", "")
    theme = request.GET.get("theme", "")
    leads = permissions.BARRIER_VIEW_RULE.reach(user).beyond_self
    rows = list(selectors.barriers_for(user, status=status, theme=theme)[:500]) if leads else []
    return render(
        request,
        "governance/barriers.html",
        {
            "mine": selectors.my_barriers(user),
            "leads": leads,
            "rows": [(b, permissions.can_see_barrier_raiser(user, b)) for b in rows],
            "status": status,
            "theme": theme,
            "statuses": Barrier.Status.choices,
            "themes": Barrier.Theme.choices,
        },
    )


@require_http_methods(["GET", "POST"])
def barrier_raise(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_raise_barrier(request.user):
        raise Http404
    form = BarrierRaiseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.barrier_raise(
                actor=request.user,
                theme=form.cleaned_data["theme"],
                description=form.cleaned_data["description"],
                team=form.cleaned_data["team"],
                name_hidden=form.cleaned_data["name_hidden"],
                submission_token=form.cleaned_data["submission_token"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Barrier raised. You will see here what is done about it.")
            return redirect("governance:barriers")
    return render(request, "governance/barrier_raise.html", {"form": form})


@require_http_methods(["GET", "POST"])
def barrier_detail(request: AuthenticatedHttpRequest, barrier_uuid: uuid.UUID) -> HttpResponse:
    """A barrier and its outcome; leaders who may triage it see the triage form."""
    barrier = selectors.barrier_get(request.user, barrier_uuid)
    can_triage = permissions.can_triage_barrier(request.user, barrier)
    form = None
    if can_triage:
        initial = {
            "status": barrier.status,
            "owner": barrier.owner.uuid if barrier.owner else None,
            "action": barrier.action,
            "review_on": barrier.review_on,
        }
        form = BarrierTriageForm(
            request.POST if request.method == "POST" else None,
            initial=initial,
            owners=selectors.owner_choices(barrier),
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.barrier_triage(
                    actor=request.user,
                    barrier=barrier,
                    status=form.cleaned_data["status"],
                    owner=form.cleaned_data["owner"],
                    action=form.cleaned_data["action"],
                    review_on=form.cleaned_data["review_on"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            except PermissionDenied as exc:
                raise Http404 from exc
            else:
                messages.success(request, "Barrier updated")
                return redirect("governance:barrier_detail", barrier_uuid=barrier.uuid)
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "governance/barrier_detail.html",
        {
            "barrier": barrier,
            "form": form,
            "show_raiser": permissions.can_see_barrier_raiser(request.user, barrier),
            "is_mine": barrier.raised_by_id == request.user.pk,
        },
    )
