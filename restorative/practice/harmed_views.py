"""The page that adds a person harmed (or their supporter) to a youth justice panel or a
restorative circle (issue 10, point 7). The rules are `services.person_harmed_add`'s, the
same call the API makes; who may do it is `permissions.can_record_meeting`."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from restorative.people.types import AuthenticatedHttpRequest

from . import services
from .forms.harmed import PersonHarmedForm
from .views import meeting_for_recording, recording_page


@require_http_methods(["GET", "POST"])
def person_harmed_new(request: AuthenticatedHttpRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    """Add the person harmed or their supporter, their consent, choice and view. A meeting
    the person may not record, or of a type without people harmed, answers 404."""
    meeting = meeting_for_recording(request, meeting_uuid)
    if meeting.meeting_type not in services.MEETINGS_WITH_PEOPLE_HARMED:
        raise Http404
    form = PersonHarmedForm(request.POST if request.method == "POST" else None, meeting=meeting)

    def save(data: dict[str, Any]) -> HttpResponse:
        added = services.person_harmed_add(
            actor=request.user, meeting=meeting, request=request, **form.person()
        )
        messages.success(request, f"{added.display_name} added to the meeting")
        return redirect("practice:meeting_detail", meeting_uuid=meeting.uuid)

    return recording_page(
        request, meeting, form, save, "practice/person_harmed_form.html", {"meeting": meeting}
    )
