"""The supervision standard as the organisation keeps it (issue 10, point 8): everyone who
oversees supervision reads it; the workforce development team changes it. The rules are
`services.supervision_standard_update`'s; the dates use it through
`selectors.supervision_standard_steps`."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from restorative.core.views import form_page
from restorative.people.types import AuthenticatedHttpRequest

from . import permissions, selectors, services
from .forms import SupervisionStandardForm


def supervision_standard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The standard's steps, with a change link for the workforce development team."""
    if not permissions.can_view_supervision_overview(request.user):
        raise Http404
    return render(
        request,
        "workforce/supervision_standard.html",
        {
            "rows": selectors.supervision_standard_rows(),
            "can_change": permissions.can_change_supervision_standard(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def supervision_standard_edit(
    request: AuthenticatedHttpRequest, standard_uuid: uuid.UUID
) -> HttpResponse:
    """Change how often one step asks for supervision, and for how long it lasts."""
    if not permissions.can_change_supervision_standard(request.user):
        raise Http404
    standard = selectors.supervision_standard_get(standard_uuid)
    open_step = standard.until_amount is None
    form = SupervisionStandardForm(
        request.POST if request.method == "POST" else None,
        open_step=open_step,
        initial={
            "frequency": standard.frequency,
            "until_amount": standard.until_amount,
            "until_unit": standard.until_unit,
        },
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        services.supervision_standard_update(
            actor=request.user,
            standard=standard,
            frequency=data["frequency"],
            until_amount=data.get("until_amount"),
            until_unit=data.get("until_unit", ""),
        )
        messages.success(request, "Supervision standard changed")
        return redirect("workforce:supervision_standard")

    return form_page(
        request,
        form,
        save,
        "workforce/supervision_standard_edit.html",
        {"standard": standard, "open_step": open_step},
    )
