"""The two steps of signing in through the council's provider, and the refusal page.

`start` sends the person to the provider (mozilla-django-oidc's request view: a fresh state,
nonce and PKCE verifier kept in the session). `callback` is where the provider sends them
back: the state must be one this session started, then `StaffOIDCBackend` checks the tokens
and matches the person. It calls the backend itself rather than `authenticate()`, so a
refused provider sign-in is not counted by the password lockout (django-axes) as a wrong
password: a whole office behind one address would be locked out by five unknown people.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.generic import View
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from restorative.core.security import SIGN_OUT_REDIRECT_KEY, log_security_event

from . import config
from .backends import BACKEND_PATH, StaffOIDCBackend, last_match
from .services import Refusal
from .session import provider_asserted_mfa, session_remember

# What mozilla-django-oidc keeps in the session between the two steps.
STATES_SESSION_KEY = "oidc_states"
NEXT_SESSION_KEY = "oidc_login_next"

PROVIDER_FAILED = "provider"
EXPIRED = "expired"
UNAVAILABLE = "unavailable"


class AuthenticationRequest(OIDCAuthenticationRequestView):  # type: ignore[misc]
    """The library's request view, told the endpoint of the provider discovered for it."""

    provider: config.Provider | None = None

    def __init__(self, **kwargs: Any) -> None:
        View.__init__(self, **kwargs)
        assert self.provider is not None
        self.OIDC_OP_AUTH_ENDPOINT = self.provider.authorization_endpoint
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID


@login_not_required
@require_GET
def start(request: HttpRequest) -> HttpResponseBase:
    """Send the person to the council's provider to sign in (a link: works without JS)."""
    if not config.sso_enabled():
        raise Http404
    try:
        provider = config.provider()
    except config.ProviderUnavailable as error:
        log_security_event("sso_provider_unavailable", request=request, reason=str(error))
        return refused(request, UNAVAILABLE, status=503)
    response: HttpResponseBase = AuthenticationRequest.as_view(provider=provider)(request)
    return response


@login_not_required
@require_GET
def callback(request: HttpRequest) -> HttpResponseBase:
    """Where the provider sends the person back: let a known, active staff member in."""
    if not config.sso_enabled():
        raise Http404
    states = request.session.get(STATES_SESSION_KEY)
    state = request.GET.get("state", "")
    entry = states.pop(state, None) if isinstance(states, dict) and state else None
    if entry is not None:
        # Used once: saved before the (slow) token exchange, so a replay finds it gone.
        request.session[STATES_SESSION_KEY] = states
        request.session.save()
    if request.GET.get("error"):
        log_security_event("sso_provider_error", request=request, error=request.GET["error"][:60])
        return refused(request, PROVIDER_FAILED, status=403)
    if entry is None or not request.GET.get("code"):
        log_security_event("sso_state_mismatch", request=request)
        return refused(request, EXPIRED, status=400)

    backend = StaffOIDCBackend()
    try:
        staff = backend.authenticate(
            request, nonce=entry.get("nonce"), code_verifier=entry.get("code_verifier")
        )
    except (
        config.ProviderUnavailable,
        SuspiciousOperation,
        requests.RequestException,
        jwt.PyJWTError,
        KeyError,
        ValueError,
    ) as error:
        log_security_event("sso_failed", request=request, reason=type(error).__name__)
        return refused(request, PROVIDER_FAILED, status=502)
    match = last_match(request)
    email = str(backend.claims.get("email") or "")
    if staff is None or match is None:
        reason = match.refusal if match is not None else PROVIDER_FAILED
        log_security_event("sso_sign_in_refused", request=request, username=email, reason=reason)
        return refused(request, reason, status=403, email=email)

    next_url = request.session.pop(NEXT_SESSION_KEY, None) or resolve_url(
        settings.LOGIN_REDIRECT_URL
    )
    login(request, staff, backend=BACKEND_PATH)
    session_remember(
        request,
        issuer=backend.provider.issuer,
        amr=backend.claims.get("amr"),
        acr=backend.claims.get("acr"),
    )
    end_session = provider_sign_out_url(request, backend.provider, id_token=backend.id_token)
    if end_session:
        request.session[SIGN_OUT_REDIRECT_KEY] = end_session
    log_security_event(
        "sso_sign_in",
        request=request,
        user=staff,
        matched_by=match.matched_by,
        provider_mfa="yes" if provider_asserted_mfa(request) else "no",
    )
    return redirect(next_url)


def provider_sign_out_url(
    request: HttpRequest, provider: config.Provider, *, id_token: str = ""
) -> str:
    """The provider's end-session page (RP-Initiated Logout 1.0), coming back to sign-in.

    Empty when the provider publishes no `end_session_endpoint`: then signing out ends the
    product's session only.
    """
    if not provider.end_session_endpoint:
        return ""
    query = {
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("core:login")),
    }
    if id_token:
        query["id_token_hint"] = id_token
    joiner = "&" if "?" in provider.end_session_endpoint else "?"
    return provider.end_session_endpoint + joiner + urlencode(query)


def refused(request: HttpRequest, reason: str, *, status: int, email: str = "") -> HttpResponse:
    """Say plainly why the person is not signed in, and what to do about it."""
    sign_out_url = ""
    if reason in (Refusal.UNKNOWN, Refusal.MISMATCH, Refusal.UNVERIFIED, Refusal.DEACTIVATED):
        try:
            sign_out_url = provider_sign_out_url(request, config.provider())
        except config.ProviderUnavailable:
            sign_out_url = ""
    return render(
        request,
        "people/sso/refused.html",
        {
            "reason": reason,
            "email": email,
            "provider_name": config.provider_name(),
            "provider_sign_out_url": sign_out_url,
        },
        status=status,
    )
