"""Learning log pages: read and write a course's log; a supervisor's view of a supervisee's.

Everything goes through `learning.py`: a page anyone else asks for answers 404.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from restorative.core.views import form_page
from restorative.people.types import AuthenticatedHttpRequest

from . import learning
from .reflective_forms import LearningLogForm


def learning_log(request: AuthenticatedHttpRequest, completion_uuid: uuid.UUID) -> HttpResponse:
    """Read the learning log of a completed course: the person, or their current supervisor."""
    completion = learning.learning_completion_get(request.user, completion_uuid)
    entry = learning.entry_for(completion)
    is_self = completion.person_id == request.user.pk
    if entry is None and is_self:
        return redirect("workforce:learning_log_write", completion_uuid=completion.uuid)
    return render(
        request,
        "workforce/learning_log.html",
        {"completion": completion, "entry": entry, "is_self": is_self},
    )


@require_http_methods(["GET", "POST"])
def learning_log_write(
    request: AuthenticatedHttpRequest, completion_uuid: uuid.UUID
) -> HttpResponse:
    """Write or change your own learning log for a completed course."""
    completion = learning.learning_completion_get(request.user, completion_uuid)
    if not learning.can_write_learning_log(request.user, completion):
        raise Http404
    entry = learning.entry_for(completion)
    initial = (
        {name: getattr(entry, name) for name in learning.TEXT_FIELDS} if entry is not None else None
    )
    form = LearningLogForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> HttpResponse:
        learning.learning_log_save(actor=request.user, completion=completion, **data)
        messages.success(request, "Learning log saved")
        return redirect("workforce:learning_log", completion_uuid=completion.uuid)

    return form_page(
        request,
        form,
        save,
        "workforce/learning_log_form.html",
        {"completion": completion, "entry": entry},
    )


def supervisee_learning(request: AuthenticatedHttpRequest, person_uuid: uuid.UUID) -> HttpResponse:
    """A supervisor's view of the learning log of someone they supervise now."""
    person = learning.learning_supervisee_get(request.user, person_uuid)
    return render(request, "workforce/supervisee_learning.html", {"person": person})
