"""Language suggestions after saving, for people whose browser does not run the script.

Every checked field (``forms.LanguageCheckedTextarea``) posts a hidden ``language-checked``
value naming itself. When a POST succeeds (the view answers with a redirect, as every record
form does after saving), this middleware checks the saved text of those fields and shows the
suggestions on the next page as a message: the record is saved as written, and the suggestions
are advice for next time. When the script runs it shows suggestions as people type and removes
the hidden values, so nothing is shown twice. A failed save (the form shown again with errors)
shows nothing: the text was not saved.

No view has to do anything. The counts of suggestions shown are kept as for the script's.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse

from . import selectors, services

MAX_FIELDS = 50
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class SavedTextSuggestionsMiddleware:
    """Shows language suggestions for the text just saved (place after MessageMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.method == "POST"
            and 300 <= response.status_code < 400
            and getattr(request, "user", None) is not None
            and request.user.is_authenticated
            and request.content_type in FORM_TYPES
            and "language-checked" in request.POST
        ):
            lines = self._suggestions(request)
            if lines:
                messages.info(
                    request,
                    "Saved as written. Language suggestions for next time: " + " ".join(lines),
                    extra_tags="language",
                )
        return response

    def _suggestions(self, request: HttpRequest) -> list[str]:
        user = request.user
        lines: list[str] = []
        for name in dict.fromkeys(request.POST.getlist("language-checked")[:MAX_FIELDS]):
            text = request.POST.get(name, "")
            if not isinstance(text, str) or not text.strip():
                continue
            member = None
            member_uuid = request.POST.get(f"language-member-{name}", "")
            if member_uuid:
                try:
                    member = selectors.member_for_checking(user, member_uuid)
                except Http404:
                    member = None
            findings = selectors.language_findings(user, text, member=member)
            if not findings:
                continue
            services.language_usage_shown(actor=user, findings=findings)  # type: ignore[arg-type]
            for finding, offered in zip(
                findings, selectors.finding_suggestions(text, findings), strict=True
            ):
                options = [f"“{s.text}”" if s.insert else s.text for s in offered]
                lines.append(f"“{finding.text}”: {'; or '.join(options)}.")
        return lines
