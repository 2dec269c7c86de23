"""API tokens: issued with an expiry and a read-only scope, refused when either says so, and
rate-limited per token and per address (issue 15, point 7; security.md items 7 and 13).

- `api_token_issue` makes (or replaces) a person's one token with its limits: the account page
  and the operator's `create_api_token` command both call it.
- `ApiTokenAuthentication`: DRF's token authentication, refusing an expired token with 401.
- `ReadOnlyTokenScope`: a read-only token may GET, HEAD and OPTIONS; anything else is 403 with
  a message that says why.
- `TokenRateThrottle` and `TokenAddressRateThrottle`: requests made with a token are counted per
  token and per client address (the one the lockout uses, proxies allowed for), on the shared
  cache. Rates come from settings.API_THROTTLE_RATES at each request. With several app
  servers the cache must be shared (REDIS_URL): a per-process cache counts per process.
  Requests signed in by session (the product's own pages) are not counted.
"""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiTokenLimits
from .security import client_ip_address

EXPIRED_MESSAGE = "This API token has expired. Make a new one on your account page."
READ_ONLY_MESSAGE = (
    "This API token is read-only: it can read, but not add, change or delete. Use a token "
    "with write access for this."
)
#: The account page's expiry when none is chosen: a token nobody remembers stops by itself.
DEFAULT_EXPIRY = "90"
#: Expiry choices offered on the account page, in days ("never": no expiry).
EXPIRY_CHOICES: tuple[tuple[str, str], ...] = (
    ("30", "In 30 days"),
    ("90", "In 90 days"),
    ("365", "In a year"),
    ("never", "Never"),
)


def _token_model() -> Any:
    from rest_framework.authtoken.models import Token

    return Token


def token_limits(token: Any) -> ApiTokenLimits | None:
    """The limits of a DRF token, or None for a token without any (no expiry, may write)."""
    try:
        limits = token.limits
    except (AttributeError, ApiTokenLimits.DoesNotExist):
        return None
    return limits if isinstance(limits, ApiTokenLimits) else None


def api_token_issue(
    *, user: Any, read_only: bool = False, expires_in_days: int | None = None
) -> Any:
    """Make `user`'s API token, ending the one they had (a person has at most one).

    `expires_in_days` None: it never expires. The caller logs the security event (it knows
    the channel: the account page or the operator's command).
    """
    if expires_in_days is not None and expires_in_days < 1:
        raise ValueError("A token must last at least one day")
    token_model = _token_model()
    with transaction.atomic():
        token_model.objects.select_for_update().filter(user=user).delete()
        token = token_model.objects.create(user=user)
        expires_at = (
            timezone.now() + datetime.timedelta(days=expires_in_days)
            if expires_in_days is not None
            else None
        )
        if read_only or expires_at is not None:
            ApiTokenLimits.objects.create(token=token, read_only=read_only, expires_at=expires_at)
    return token


def describe_limits(token: Any) -> dict[str, str]:
    """The limits as words for a security event or a page (nothing secret)."""
    limits = token_limits(token)
    expires = limits.expires_at if limits is not None else None
    return {
        "scope": "read-only" if limits is not None and limits.read_only else "read and write",
        "expires": expires.isoformat(timespec="seconds") if expires is not None else "never",
    }


class ApiTokenAuthentication(TokenAuthentication):
    """DRF's token authentication (`Authorization: Token <key>`), refusing expired tokens."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user, token = super().authenticate_credentials(key)
        limits = token_limits(token)
        if (
            limits is not None
            and limits.expires_at is not None
            and limits.expires_at <= timezone.now()
        ):
            raise AuthenticationFailed(EXPIRED_MESSAGE)
        return user, token


def _is_token_request(request: Request) -> bool:
    return isinstance(getattr(request, "auth", None), _token_model())


class ReadOnlyTokenScope(BasePermission):
    """A read-only token may only read: every other method is refused with 403."""

    message = READ_ONLY_MESSAGE

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS or not _is_token_request(request):
            return True
        limits = token_limits(request.auth)
        return not (limits is not None and limits.read_only)


class _TokenThrottle(SimpleRateThrottle):
    """Counts only requests made with a token; the rate is read from settings each time."""

    def get_rate(self) -> str | None:
        rates: dict[str, str | None] = getattr(settings, "API_THROTTLE_RATES", {})
        return rates.get(str(self.scope)) or None

    def identity(self, request: Request) -> str:
        raise NotImplementedError

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if not _is_token_request(request):
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.identity(request)}


class TokenRateThrottle(_TokenThrottle):
    """Requests per token (the cache key holds a hash of the key, never the key)."""

    scope = "api_token"

    def identity(self, request: Request) -> str:
        return hashlib.sha256(str(request.auth.key).encode()).hexdigest()[:32]


class TokenAddressRateThrottle(_TokenThrottle):
    """Requests with any token from one client address (many tokens from one place)."""

    scope = "api_address"

    def identity(self, request: Request) -> str:
        return client_ip_address(request) or "unknown"
