"""Import of historical training records: upload -> preview (or every error by line) -> import.

The workforce development team only; everyone else gets 404 on every one of these pages.
There is no stored batch (see `imports`): the preview page carries the checked file back in
a signed, compressed token bound to the person who uploaded it and valid for a day. The
import is idempotent, so a second click or a replayed token records nothing new.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.db import DatabaseError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.views.decorators.http import require_http_methods, require_POST

from restorative.core.downloads import csv_attachment
from restorative.core.forms import CsvUploadForm
from restorative.people.models import Staff
from restorative.people.types import AuthenticatedHttpRequest

from . import imports

TOKEN_SALT = "restorative.workforce.training-import"  # noqa: S105 - a namespace, not a secret
TOKEN_MAX_AGE = 24 * 60 * 60
# The token comes back in a form field, which Django caps at DATA_UPLOAD_MAX_MEMORY_SIZE.
TOKEN_MARGIN = 64 * 1024
EXPIRED = "This check has expired. Upload the file again"
FAILED = "The import could not be completed. Nothing was imported. Upload the file again"

logger = logging.getLogger(__name__)


class TrainingImportUploadForm(CsvUploadForm):
    """A CSV file of training completed before this system, from the old records."""

    max_bytes = imports.MAX_FILE_BYTES
    max_label = imports.MAX_FILE_LABEL


def _form_with_error(message: str) -> TrainingImportUploadForm:
    """An upload form showing `message` beside the file field (the file must be chosen again)."""
    form = TrainingImportUploadForm(data={}, files=MultiValueDict())
    form.is_valid()
    form.errors["file"] = form.error_class([message])
    return form


def _require_importer(request: AuthenticatedHttpRequest) -> Staff:
    if not imports.can_import_training(request.user):
        raise Http404
    return cast(Staff, request.user)


def _today() -> datetime.date:
    return timezone.localdate()


def _token_limit() -> int:
    limit = getattr(settings, "DATA_UPLOAD_MAX_MEMORY_SIZE", None) or 2_621_440
    return int(limit) - TOKEN_MARGIN


def _make_token(actor: Staff, text: str, file_name: str) -> str:
    return signing.dumps(
        {"user": actor.pk, "file": file_name, "text": text}, salt=TOKEN_SALT, compress=True
    )


def _read_token(request: AuthenticatedHttpRequest) -> dict[str, Any] | None:
    """The checked file from the preview page, if the token is genuine, recent and theirs."""
    try:
        data = signing.loads(request.POST.get("token", ""), salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("user") != request.user.pk:
        return None
    return data


def _file_name(name: str) -> str:
    return name.replace("\\", "/").rsplit("/", 1)[-1][:255] or "upload.csv"


def _start_page(
    request: AuthenticatedHttpRequest, form: TrainingImportUploadForm, *, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "workforce/training_import_start.html",
        {"form": form, "columns": imports.COLUMNS},
        status=status,
    )


def _preview_page(
    request: AuthenticatedHttpRequest,
    plan: imports.ImportPlan,
    *,
    file_name: str,
    token: str,
    failure: str = "",
) -> HttpResponse:
    shown = plan.errors[: imports.DISPLAYED_ERRORS]
    return render(
        request,
        "workforce/training_import_preview.html",
        {
            "plan": plan,
            "file_name": file_name,
            "token": token,
            "errors": shown,
            "error_count": len(plan.errors),
            "more_errors": max(len(plan.errors) - len(shown), 0),
            "preview_limit": imports.PREVIEW_ROWS,
            "failure": failure,
        },
    )


@require_http_methods(["GET", "POST"])
def import_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The upload page (which columns the file needs); a valid upload shows its preview."""
    actor = _require_importer(request)
    if request.method == "GET":
        return _start_page(request, TrainingImportUploadForm())
    form = TrainingImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _start_page(request, form)
    upload = form.cleaned_data["file"]
    file_name = _file_name(upload.name)
    try:
        text = imports.decode_csv_bytes(upload.read())
        plan = imports.import_check(actor=actor, text=text, today=_today())
    except imports.ImportFileError as error:
        form.add_error("file", str(error))
        return _start_page(request, form)
    token = _make_token(actor, text, file_name)
    if len(token) > _token_limit():
        form.add_error(
            "file",
            "The file has too many different values to check on this page: split it into "
            "smaller files, or ask for it to be imported with the import_training command",
        )
        return _start_page(request, form)
    return _preview_page(request, plan, file_name=file_name, token=token)


@require_POST
def import_apply(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Import a checked file, all or nothing. A second click records nothing new."""
    actor = _require_importer(request)
    data = _read_token(request)
    if data is None:
        return _start_page(request, _form_with_error(EXPIRED), status=400)
    file_name, text = str(data["file"]), str(data["text"])
    try:
        result = imports.import_apply(actor=actor, text=text, today=_today())
    except imports.ImportChanged as changed:
        return _preview_page(
            request,
            changed.plan,
            file_name=file_name,
            token=request.POST["token"],
            failure="Since the file was checked, staff accounts or courses changed and some rows "
            "are no longer valid. Nothing was imported.",
        )
    except imports.ImportFileError as error:
        return _start_page(request, _form_with_error(str(error)), status=400)
    except DatabaseError as error:  # the transaction was rolled back: nothing was imported
        logger.error("Training import failed: %s", type(error).__name__)  # no file contents
        return _start_page(request, _form_with_error(FAILED), status=503)
    if result.created:
        text_created = f"{result.created:,} training record{'s' if result.created != 1 else ''}"
        message = f"{text_created} imported from {file_name}"
        if result.already_recorded:
            message += f". {result.already_recorded:,} already recorded were left as they were"
        messages.success(request, message)
    else:
        messages.info(
            request,
            f"Nothing new was imported: every record in {file_name} is already recorded",
        )
    return redirect("workforce:training_import")


@require_POST
def import_errors_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every problem of a checked file as CSV (cells neutralised against formulas)."""
    _require_importer(request)
    data = _read_token(request)
    if data is None:
        raise Http404
    try:
        plan = imports.plan_import(str(data["text"]), today=_today())
    except imports.ImportFileError:
        raise Http404 from None
    if not plan.errors:
        raise Http404
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    return csv_attachment(
        imports.error_report_rows(plan.errors),
        filename=f"training-import-errors-{stamp}.csv",
        spreadsheet_bom=True,
    )
