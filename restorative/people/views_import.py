"""Import of families and allocations from the case management system's CSV.

Upload -> preview (counts, first rows, or every error by line) -> apply -> progress and
result. System administrators only; everyone else gets 404 on every one of these pages,
and an administrator sees only their own uploads, since a file holds family names.
"""

from __future__ import annotations

import contextlib
import uuid
from typing import Any, cast

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone

from restorative.core.downloads import csv_attachment
from restorative.core.forms import CsvUploadForm

from . import imports, permissions
from .models import ImportBatch, Staff


class ImportUploadForm(CsvUploadForm):
    """The case management system's CSV export of families and their allocations."""

    max_bytes = imports.MAX_FILE_BYTES
    max_label = imports.MAX_FILE_LABEL


def _require_importer(request: HttpRequest) -> None:
    if not permissions.can_import_families(request.user):
        raise Http404


def _batch_or_404(request: HttpRequest, batch_uuid: uuid.UUID) -> ImportBatch:
    try:
        return imports.import_batch_get(request.user, batch_uuid)
    except ImportBatch.DoesNotExist:
        raise Http404 from None


def import_start(request: HttpRequest) -> HttpResponse:
    """The upload page: which columns the file needs, the file field, and recent imports."""
    _require_importer(request)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                batch = imports.import_batch_create(
                    actor=cast(Staff, request.user), file_name=upload.name, data=upload.read()
                )
            except imports.ImportFileError as error:
                form.add_error("file", str(error))
            else:
                return redirect("people:import_preview", batch_uuid=batch.uuid)
    else:
        form = ImportUploadForm()
    return render(
        request,
        "people/import_start.html",
        {
            "form": form,
            "columns": imports.COLUMNS,
            "batches": imports.import_batches_recent(request.user),
            "max_file": imports.MAX_FILE_LABEL,
            "sync_limit": imports.SYNC_ROW_LIMIT,
        },
    )


def import_preview(request: HttpRequest, batch_uuid: uuid.UUID) -> HttpResponse:
    """What the import would do, or every error by line. Nothing has changed yet."""
    _require_importer(request)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    batch = _batch_or_404(request, batch_uuid)
    if batch.status != ImportBatch.Status.PREVIEWED:
        return redirect("people:import_status", batch_uuid=batch.uuid)
    return render(request, "people/import_preview.html", _batch_context(batch))


def import_apply(request: HttpRequest, batch_uuid: uuid.UUID) -> HttpResponse:
    """Import a checked file, once; a second click finds it applied and imports nothing."""
    _require_importer(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    batch = _batch_or_404(request, batch_uuid)
    # Already applied or applying: nothing more to do, the status page says which.
    with contextlib.suppress(imports.ImportNotAllowed):
        imports.import_batch_apply(actor=cast(Staff, request.user), batch=batch)
    return redirect("people:import_status", batch_uuid=batch.uuid)


def import_status(request: HttpRequest, batch_uuid: uuid.UUID) -> HttpResponse:
    """Progress while importing ("N of M rows"), then the result.

    Without JavaScript the person reloads it with "Check progress now"; with JavaScript a
    small script updates the figure every 2 seconds. The page never refreshes by itself
    (WCAG 2.2.1), which an automatic refresh would break for screen reader users.
    """
    _require_importer(request)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    batch = _batch_or_404(request, batch_uuid)
    if batch.status == ImportBatch.Status.PREVIEWED:
        return redirect("people:import_preview", batch_uuid=batch.uuid)
    batch = imports.import_batch_expire_stale(batch=batch)
    context = _batch_context(batch)
    context["processed"] = imports.import_progress(batch)
    return render(request, "people/import_status.html", context)


def import_errors_csv(request: HttpRequest, batch_uuid: uuid.UUID) -> HttpResponse:
    """Every error of a batch as a CSV file to fix the export against."""
    _require_importer(request)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    batch = _batch_or_404(request, batch_uuid)
    if not batch.error_count:
        raise Http404
    stamp = timezone.localtime(batch.created_at).strftime("%Y-%m-%d-%H%M")
    return csv_attachment(
        imports.error_report_rows(batch),
        filename=f"import-errors-{stamp}.csv",
        spreadsheet_bom=True,
    )


def _batch_context(batch: ImportBatch) -> dict[str, Any]:
    shown = batch.errors[: imports.DISPLAYED_ERRORS]
    return {
        "batch": batch,
        "errors": shown,
        "more_errors": max(batch.error_count - len(shown), 0),
        "preview_rows": batch.preview_rows,
        "preview_limit": imports.PREVIEW_ROWS,
        "sync_limit": imports.SYNC_ROW_LIMIT,
    }
