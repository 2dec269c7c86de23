"""Security events (security.md item 13): who, what, when (UTC), where; no personal content.

"Who" is the account's id and role (or the attempted username's length-limited hash for
failures, since a mistyped username can be a password). Nothing about families is logged.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import UTC, datetime
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

logger = logging.getLogger("restorative.security")

# When the session began, for the 12-hour absolute limit (AbsoluteSessionLimitMiddleware).
SESSION_STARTED_KEY = "restorative_session_started"
# Where sign-out sends the person once this session has ended, set at sign-in by whatever
# signed them in (single sign-on: the provider's end-session page). Only ever server-written.
SIGN_OUT_REDIRECT_KEY = "restorative_sign_out_redirect"


def client_ip_address(request: HttpRequest) -> str:
    """The client's address, for the lockout (AXES_CLIENT_IP_CALLABLE) and the log.

    Behind N trusted proxies (AXES_IPWARE_PROXY_COUNT) each proxy appends the address it
    received from to X-Forwarded-For, so the client's is the Nth from the end; anything
    further left was written by the client and is ignored. With no proxies: REMOTE_ADDR.
    Without this, every sign-in behind a load balancer shares its address, and one person's
    wrong passwords would lock an account for everyone.
    """
    from django.conf import settings

    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies = int(getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0) or 0)
    if proxies <= 0:
        return remote
    header = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    forwarded = [part.strip() for part in header.split(",") if part.strip()]
    if len(forwarded) >= proxies:
        return forwarded[-proxies]
    return remote


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """The username the lockout counts (AXES_USERNAME_CALLABLE): trimmed and lower-cased,
    as accounts are stored, so "Pat@…" and "pat@…" share one count of failures."""
    from django.conf import settings

    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        raw = credentials.get(field) or ""
    else:
        raw = getattr(request, "POST", {}).get(field) or ""
    return str(raw).strip().lower()


def _client_ip(request: HttpRequest | None) -> str:
    """The address the lockout counts (axes honours AXES_IPWARE_PROXY_COUNT behind a proxy),
    so a log line and a lockout name the same client."""
    if request is None:
        return ""
    return str(getattr(request, "axes_ip_address", None) or client_ip_address(request))


def _username_fingerprint(username: str | None) -> str:
    """A short one-way fingerprint, so repeated failures can be correlated without the text."""
    if not username:
        return ""
    return hashlib.sha256(username.strip().lower().encode()).hexdigest()[:12]


def log_security_event(
    event: str,
    *,
    request: HttpRequest | None = None,
    user: Any = None,
    username: str | None = None,
    **detail: str,
) -> dict[str, str]:
    """Log one security event as a single JSON line on the `restorative.security` logger."""
    record = {
        "event": event,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "user_id": str(getattr(user, "pk", "") or ""),
        "role": str(getattr(user, "role", "") or ""),
        "username_fp": _username_fingerprint(username),
        "ip": _client_ip(request),
        "path": request.path if request is not None else "",
        **detail,
    }
    logger.info(json.dumps(record, sort_keys=True))
    return record


@receiver(user_logged_in)
def _on_login(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    # The absolute limit counts from sign-in itself, not from the next page the person opens.
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_STARTED_KEY] = datetime.now(UTC).timestamp()
    log_security_event("sign_in", request=request, user=user)


@receiver(user_logged_out)
def _on_logout(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    log_security_event("sign_out", request=request, user=user)


@receiver(user_login_failed)
def _on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    log_security_event("sign_in_failed", request=request, username=credentials.get("username"))


def _connect_axes() -> None:
    from axes.signals import user_locked_out

    @receiver(user_locked_out, weak=False)
    def _on_locked_out(
        sender: Any, request: HttpRequest, username: str | None = None, **kwargs: Any
    ) -> None:
        log_security_event("lockout", request=request, username=username)


_connect_axes()
