"""Pages every user meets (sign in, sign out, the home page; the health and readiness checks
are in `probes`), and `form_page`, the shape of every page whose form goes to a service."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import render

from . import navigation, page_sections
from .forms import SignInForm, apply_service_errors
from .security import SIGN_OUT_REDIRECT_KEY


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], HttpResponse],
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    field_names: Mapping[str, str] | None = None,
    before_showing: Callable[[], None] | None = None,
) -> HttpResponse:
    """A page whose form goes to a service (function views; no business logic here).

    A valid POST goes to `save`, which calls the service and answers with where to go next
    (a redirect, after a success message). A service's refusal, a ValidationError, is shown
    on the form (`apply_service_errors`, with `field_names`). Otherwise (the first view, or
    back with errors) the page shows the form: `template` with the form and `context`, as
    `render` takes them, after `before_showing` (a page that shows a family's record writes
    its access-trail line there).
    """
    if request.method == "POST" and form.is_valid():
        try:
            return save(form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error, field_names=field_names)
    if before_showing is not None:
        before_showing()
    return render(request, template, {"form": form, **(context or {})})


@login_not_required
def sign_in(request: HttpRequest) -> HttpResponseBase:
    """Sign in with email and password.

    The place for two-factor authentication (a later issue) is after the password is
    verified: Django's LoginView calls `form.get_user()` and logs in; a TOTP step will
    replace that with a redirect to a verification page before `login()`.
    """
    return auth_views.LoginView.as_view(
        template_name="core/sign_in.html",
        authentication_form=SignInForm,
        redirect_authenticated_user=True,
        # Single sign-on (restorative/people/sso, decision 0023) adds its button here.
        extra_context={
            "sso_enabled": settings.SSO_ENABLED,
            "sso_provider_name": settings.SSO_PROVIDER_NAME,
            "passwords_off": settings.SSO_ENABLED and settings.SSO_PASSWORDS_OFF,
        },
    )(request)


def sign_out(request: HttpRequest) -> HttpResponseBase:
    """Sign out (POST only, so a link in an email cannot sign anyone out).

    The session ends here first; then, if the sign-in named somewhere to go next (the
    council's provider, to end its session too: decision 0023), the person is sent there.
    """
    next_page = None
    if request.method == "POST":
        next_page = request.session.get(SIGN_OUT_REDIRECT_KEY) or None
    return auth_views.LogoutView.as_view(template_name="core/signed_out.html", next_page=next_page)(
        request
    )


def home(request: HttpRequest) -> HttpResponse:
    """The start page: what later apps have to tell this person (an open staff survey), then
    the sections they can use."""
    return render(
        request, "core/home.html", {"sections": page_sections.sections_for("home", request.user)}
    )


def hub_page(request: HttpRequest, hub: str) -> HttpResponse:
    """A navigation hub's page: the areas behind one section of the service navigation that
    this person may open, each with what it is for. Someone who may open none of them gets
    404, as for any page they may not see."""
    found = navigation.hub(hub)
    links = found.links_for(request.user)
    if not links:
        raise Http404
    return render(request, "core/hub.html", {"hub": found, "links": links})


# What an API client is told when the access trail cannot be written.
AUDIT_UNAVAILABLE_DETAIL = (
    "The record cannot be shown or changed at the moment because the access log is not "
    "available. Try again later."
)


def audit_unavailable(request: HttpRequest) -> HttpResponse:
    """Fail closed when the access trail cannot be written: 503, and nothing of the record.

    Every page answers this way (DESIGN.md privacy rule 3), so it lives here once; views do
    not call it themselves: `AuditUnavailableMiddleware` does, for any `AuditWriteError`
    a view lets through.
    """
    return render(request, "core/audit_unavailable.html", status=503)


def audit_unavailable_json(request: HttpRequest) -> JsonResponse:
    """The same answer for an API client: 503 and `{"detail": ...}`, as every API error."""
    return JsonResponse({"detail": AUDIT_UNAVAILABLE_DETAIL}, status=503)
