"""The API by browser session: only a session that has given its second factor, if it owes one.

API tokens are a factor of their own (docs/decisions/0022): a token is made on the account
page, which a person who needs a second factor reaches only after giving it, or by the
operator on the server; it can be read-only and expire, and is rate-limited. A request with a
token never reads the session, so this check does not apply to it.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.authentication import SessionScheme
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request

from .middleware import needs_second_factor


class SecondFactorSessionAuthentication(SessionAuthentication):
    """DRF's session authentication, refusing a session that still owes its second factor.

    Such a request is treated as not signed in (401), as the pages send it to give the code.
    """

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        if needs_second_factor(request._request):
            return None
        return result


class SecondFactorSessionScheme(SessionScheme):
    """The OpenAPI schema describes it as the session cookie it is."""

    target_class = "restorative.people.mfa.api_auth.SecondFactorSessionAuthentication"
