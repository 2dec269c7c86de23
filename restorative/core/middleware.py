"""Request-wide rules: login everywhere but an allowlist, session limits, no caching of pages,
and the fail-closed answer when the access trail cannot be written."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils import timezone

from .audit import AuditWriteError
from .security import SESSION_STARTED_KEY, log_security_event
from .views import audit_unavailable, audit_unavailable_json

__all__ = [
    "SESSION_STARTED_KEY",
    "AbsoluteSessionLimitMiddleware",
    "AuditUnavailableMiddleware",
    "LoginRequiredMiddleware",
    "NoStoreMiddleware",
    "PermissionsPolicyMiddleware",
    "RefusedAccessLogMiddleware",
]


logger = logging.getLogger(__name__)


def is_api_view(view_func: Callable[..., Any] | None) -> bool:
    """Whether a resolved view is a REST API view (it answers in JSON, not with pages)."""
    view_class = getattr(view_func, "cls", None)
    if view_class is None or not hasattr(view_func, "initkwargs"):
        return False
    from rest_framework.views import APIView

    return issubclass(view_class, APIView)


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Django's login-required default, with the API answering for itself.

    Pages not marked `@login_not_required` redirect anonymous visitors to sign in. REST API
    views authenticate by session or token inside Django REST Framework and answer 401, which
    is what an API client expects; they are still closed to anonymous callers.
    """

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponseBase | None:
        if is_api_view(view_func):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class AbsoluteSessionLimitMiddleware:
    """End a session 12 hours after sign-in, however active (security.md item 8).

    The 30-minute idle limit is the cookie age renewed on every request; this is the cap.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            now = timezone.now().timestamp()
            if started is None:
                request.session[SESSION_STARTED_KEY] = now
            elif now - float(started) > settings.SESSION_ABSOLUTE_LIMIT.total_seconds():
                log_security_event("session_expired", request=request, user=user)
                auth.logout(request)
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


class NoStoreMiddleware:
    """Tell browsers and proxies not to keep pages that may hold personal data (item 9)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(settings.STATIC_URL):
            response["Cache-Control"] = "no-store"
        return response


class AuditUnavailableMiddleware:
    """Fail closed when the access trail cannot be written (DESIGN.md privacy rule 3).

    A view writes the access event before it shows or changes anything, and lets the
    service's `AuditWriteError` through; this answers it once for every view: 503 with
    the "cannot be shown right now" page, or for an API view the JSON an API client gets
    for every error. Nothing of the record was rendered, and a change the service was making
    is already rolled back: its `transaction.atomic` block saw the error go through.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, AuditWriteError):
            return None
        match = getattr(request, "resolver_match", None)
        # The cause's type only: a database message may quote the values it could not store.
        logger.error(
            "Access trail could not be written (%s) in %s",
            type(exception.__cause__).__name__,
            match.view_name if match is not None else request.path,
        )
        if match is not None and is_api_view(match.func):
            return audit_unavailable_json(request)
        return audit_unavailable(request)


class RefusedAccessLogMiddleware:
    """Log a signed-in person being refused a record (security.md item 13).

    Views answer 404 both when a record does not exist and when the person may not see it
    (DESIGN.md: the two must look the same), so every 404 or 403 raised by a view for a
    signed-in person is logged as `access_refused`. Only the path (UUIDs, never names) and
    the view's name are logged, so nothing about the family appears in the log. URLs that
    match no pattern at all never reach a view and are not logged.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if not isinstance(exception, Http404 | PermissionDenied):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        match = getattr(request, "resolver_match", None)
        log_security_event(
            "access_refused",
            request=request,
            user=user,
            view=match.view_name if match is not None else "",
            status="404" if isinstance(exception, Http404) else "403",
        )
        return None


# Browser features no page of ours uses. Turning them off means a script that slipped past
# the Content Security Policy still cannot reach the camera, microphone or location.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
)


class PermissionsPolicyMiddleware:
    """Send a `Permissions-Policy` header that turns off every powerful browser feature."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
