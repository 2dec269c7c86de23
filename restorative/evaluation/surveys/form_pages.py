"""The signed-in feedback pages' forms (a partner's contribution and feedback, a follow-up
recorded done): `core.views.form_page`, answering 400 when the form comes back with errors,
as the public feedback page does, so a script or a test can tell a refused form from a page."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse

from restorative.core.views import form_page


def form_page_or_400(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], HttpResponse],
    template: str,
    context: Mapping[str, Any],
) -> HttpResponse:
    response = form_page(request, form, save, template, context)
    if form.is_bound and form.errors and response.status_code == 200:
        response.status_code = 400
    return response
