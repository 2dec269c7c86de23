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


def _client_ip(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    return str(request.META.get("REMOTE_ADDR", ""))


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
