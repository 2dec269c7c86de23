"""Pages to arrange a meeting to be arranged, move a scheduled one, or cancel either.

Read input, call `practice.arranging`, render. Only those who may record for the family get
these pages (404 for anyone else, as for the other recording pages); a held or cancelled
meeting has none. Each page writes the access event before it shows anything of the meeting
(on the first view and again when it is shown back with errors); the change itself is written
by the service. If the trail cannot be written the page answers 503 (fail-closed).
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from restorative.people.types import AuthenticatedHttpRequest

from . import arranging, selectors, services
from .forms import MeetingArrangeForm, MeetingCancelForm
from .models import Meeting
from .views import meeting_for_recording, recording_page

# A service error about the whole date and time belongs beside the date on the page.
FIELD_FOR = {"scheduled_at": "date"}


@require_http_methods(["GET", "POST"])
def meeting_arrange(request: AuthenticatedHttpRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    """Arrange a meeting to be arranged (date, place, chair, invitations), or move one."""
    meeting = meeting_for_recording(request, meeting_uuid)
    if meeting.status not in arranging.ARRANGEABLE:
        raise Http404
    arranging_now = meeting.status == Meeting.Status.TO_ARRANGE
    chairs, professionals = selectors.meeting_chairs_and_professionals(
        meeting.family, meeting_type=meeting.meeting_type
    )
    initial: dict[str, object] = {
        "venue": meeting.venue,
        "place": meeting.place,
        "chair": meeting.chair.uuid if meeting.chair else None,
        "chair_name": meeting.chair_name,
    }
    if meeting.scheduled_at:
        local = timezone.localtime(meeting.scheduled_at)
        initial.update(date=local.date(), time=local.time().replace(second=0, microsecond=0))
    form = MeetingArrangeForm(
        request.POST if request.method == "POST" else None,
        meeting=meeting,
        chairs=chairs,
        professionals=professionals,
        with_invitations=arranging_now,
        initial=initial,
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        arranging.meeting_arrange(
            actor=request.user,
            meeting=meeting,
            scheduled_at=timezone.make_aware(datetime.datetime.combine(data["date"], data["time"])),
            venue=data["venue"],
            place=data.get("place", ""),
            chair=data.get("chair"),
            chair_name=data.get("chair_name", ""),
            members=data.get("members", []),
            staff=data.get("staff", []),
            others=[services.OtherPerson(name, role) for name, role in form.other_people()]
            if arranging_now
            else [],
            request=request,
        )
        messages.success(
            request,
            f"{meeting.get_meeting_type_display()} arranged"
            if arranging_now
            else "Date and place changed",
        )
        return redirect("practice:meeting_detail", meeting_uuid=meeting.uuid)

    return recording_page(
        request,
        meeting,
        form,
        save,
        "practice/meeting_arrange.html",
        {"meeting": meeting, "arranging": arranging_now},
        field_names=FIELD_FOR,
    )


@require_http_methods(["GET", "POST"])
def meeting_cancel(request: AuthenticatedHttpRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    """Cancel a meeting not yet held, with the reason in words."""
    meeting = meeting_for_recording(request, meeting_uuid)
    if meeting.status == Meeting.Status.CANCELLED and request.method == "POST":
        # Already cancelled (a second submission of the same form): nothing more to do.
        return redirect("practice:meeting_detail", meeting_uuid=meeting.uuid)
    if meeting.status not in arranging.CANCELLABLE:
        raise Http404
    form = MeetingCancelForm(request.POST if request.method == "POST" else None)

    def save(data: dict[str, Any]) -> HttpResponse:
        arranging.meeting_cancel(
            actor=request.user, meeting=meeting, reason=data["reason"], request=request
        )
        messages.success(request, f"{meeting.get_meeting_type_display()} cancelled")
        return redirect("practice:meeting_detail", meeting_uuid=meeting.uuid)

    return recording_page(
        request,
        meeting,
        form,
        save,
        "practice/meeting_cancel.html",
        {"meeting": meeting},
        field_names=FIELD_FOR,
    )
