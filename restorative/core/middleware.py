"""Request-wide rules: login everywhere but an allowlist, session limits, no caching of pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from .security import log_security_event

SESSION_STARTED_KEY = "restorative_session_started"


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
    ) -> HttpResponse | None:
        if getattr(view_func, "cls", None) is not None and hasattr(view_func, "initkwargs"):
            from rest_framework.views import APIView

            if issubclass(view_func.cls, APIView):
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
