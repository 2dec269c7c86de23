"""Nothing before the second factor, for a person who must give one.

A signed-in session that has not given its second factor, for a person who must
(`permissions.must_give_second_factor`), is sent from every page to give it (or to set one
up), except the pages it needs to get there: sign-in, set-up, the code page, sign-out and the
public pages that need no sign-in at all. API views answer for themselves: the session counts
there only once verified (`api_auth`), and an API token is a factor of its own.

It also gives `request.user` django-otp's `is_verified()`, read from the session, which the
passkey views ask; unlike django-otp's own middleware it costs no query.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from restorative.core.context_processors import NAVIGATION_HIDDEN
from restorative.core.middleware import is_api_view

from . import permissions, session

# Views of other apps a person who has only given their password may open: sign-in and
# sign-out, and giving a passkey as the second factor (never adding one: `views`).
OPEN_VIEW_NAMES = frozenset(
    {
        "core:login",
        "core:logout",
        "otp_webauthn:credential-authentication-begin",
        "otp_webauthn:credential-authentication-complete",
        "otp_webauthn:js-i18n-catalog",
    }
)


def second_factor_not_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view as reachable before the second factor (the set-up and code pages)."""
    view.second_factor_required = False  # type: ignore[attr-defined]
    return view


def is_open(request: HttpRequest, view_func: Callable[..., Any]) -> bool:
    """Whether the view may be opened before the second factor is given."""
    if getattr(view_func, "second_factor_required", True) is False:
        return True
    # Public pages (sign-in, health, feedback links) show nothing a password alone should not.
    if getattr(view_func, "login_required", True) is False:
        return True
    match = getattr(request, "resolver_match", None)
    if match is None:
        return False
    return match.view_name in OPEN_VIEW_NAMES


def needs_second_factor(request: HttpRequest) -> bool:
    """Whether this request's person must still give a second factor in this session."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or session.is_verified(request):
        return False
    return permissions.must_give_second_factor(user, has_device=session.has_device(request))


def _with_is_verified(request: HttpRequest, user: Any) -> Any:
    user.is_verified = functools.partial(session.is_verified, request)
    return user


class SecondFactorMiddleware:
    """Send a session that still owes its second factor to give it (see the module)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None:
            request.user = SimpleLazyObject(  # type: ignore[assignment]
                functools.partial(_with_is_verified, request, user)
            )
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponseBase | None:
        if is_api_view(view_func):
            return None
        if is_open(request, view_func):
            if needs_second_factor(request):
                # The menu and "Your account" would only lead back here.
                setattr(request, NAVIGATION_HIDDEN, True)
            return None
        if not needs_second_factor(request):
            return None
        target = "mfa:verify" if session.has_device(request) else "mfa:set_up"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
