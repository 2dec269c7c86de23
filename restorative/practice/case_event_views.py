"""The page for a CSV file of case-system events (README "Case-system events"): for an
account that may send them (`permissions.can_submit_case_events`), 404 for anyone else. The
file is applied at once, all or nothing; the command `import_case_events` does the same."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from restorative.core.csv_import import ImportFileError
from restorative.people.types import AuthenticatedHttpRequest

from . import case_events, permissions
from .models import CaseEvent

ERRORS_SHOWN = 200


class CaseEventsUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload the events file",
        help_text=f"A CSV file smaller than {case_events.MAX_FILE_LABEL}",
        error_messages={"required": "Select a CSV file of events"},
    )


def case_events_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload a CSV file of events: applied in one go, or every problem listed by line."""
    if not permissions.can_submit_case_events(request.user):
        raise Http404
    form = CaseEventsUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = case_events.case_events_import(
                actor=request.user,
                data=form.cleaned_data["file"].read(),
                channel=CaseEvent.Channel.CSV,
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            if not result.errors:
                messages.success(
                    request,
                    f"{result.applied} event{'s' if result.applied != 1 else ''} applied; "
                    f"{result.repeated} already received, unchanged",
                )
                return redirect("practice:case_events_import")
    errors = result.errors if result else []
    return render(
        request,
        "practice/case_events_import.html",
        {
            "form": form,
            "columns": case_events.COLUMN_GUIDE,
            "errors": errors[:ERRORS_SHOWN],
            "error_count": len(errors),
            "more_errors": max(0, len(errors) - ERRORS_SHOWN),
        },
    )
