"""Authentication backends for single sign-on (decision 0023).

`StaffOIDCBackend` is mozilla-django-oidc's backend (code exchange, the ID token's signature
checked against the provider's published keys, the nonce, the user info), with what a
council needs added: the issuer and audience checked too, staff matched and never created
(`services.staff_match_provider_account`), and a deactivated person's session ending at
their next request. `PasswordsOffBackend` refuses passwords when the organisation has
switched them off, except for the named break-glass administrator.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from restorative.core.account import password_sign_in_allowed
from restorative.core.security import log_security_event
from restorative.people.models import Staff

from . import config
from .services import ProviderMatch, staff_match_provider_account

BACKEND_PATH = "restorative.people.sso.backends.StaffOIDCBackend"
# What the last provider sign-in on this request found, for the callback page to explain.
MATCH_ATTRIBUTE = "sso_match"


class StaffOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """Sign in a known, active staff member whom the council's provider has authenticated."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Django builds every backend for every sign-in, passwords included: read the
        # provider only when it is used (`authenticate`), never here.
        self.UserModel = Staff
        self.id_token = ""
        self.claims: dict[str, Any] = {}

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Staff | None:
        """Only the callback of a code flow we started (it passes the nonce); never a password."""
        if request is None or "nonce" not in kwargs or "password" in kwargs:
            return None
        if not config.sso_enabled():
            return None
        provider = config.provider()
        self.provider = provider
        self.OIDC_OP_TOKEN_ENDPOINT = provider.token_endpoint
        self.OIDC_OP_USER_ENDPOINT = provider.userinfo_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = provider.jwks_uri
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        user = super().authenticate(request, **kwargs)
        return user if isinstance(user, Staff) else None

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """The library checks the signature, expiry and nonce; we add issuer and audience.

        Without them a token the same provider issued to another application (another
        council service using the same tenant) would be accepted here (OpenID Connect Core
        3.1.3.7, steps 2 to 5).
        """
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        if payload.get("iss") != self.provider.issuer:
            raise SuspiciousOperation("ID token from another issuer")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token for another client")
        if len(audiences) > 1 and payload.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("ID token authorised for another client")
        if not payload.get("sub"):
            raise SuspiciousOperation("ID token without a subject")
        return payload

    def store_tokens(self, access_token: str, id_token: str) -> None:
        # Kept on the backend, not in the session: the callback uses the ID token once, as
        # the hint for ending the provider's session at sign-out.
        self.id_token = id_token

    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> Staff | None:
        """Match the person to a staff record; never create one (the library would)."""
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload["sub"]:
            # OpenID Connect Core 5.3.2: user info for another subject must not be used.
            raise SuspiciousOperation("user info for another subject")
        self.claims = {**userinfo, **payload}
        email_verified = userinfo.get("email_verified", payload.get("email_verified"))
        match = staff_match_provider_account(
            issuer=self.provider.issuer,
            subject=str(payload["sub"]),
            email=str(userinfo.get("email") or payload.get("email") or ""),
            email_verified=None if email_verified is None else bool(email_verified),
        )
        setattr(self.request, MATCH_ATTRIBUTE, match)
        return match.staff if match.allowed else None

    def get_user(self, user_id: Any) -> Staff | None:
        """The signed-in person for each request, and nobody once deactivated.

        The library's own version returns deactivated people too, so a person switched off
        in the product would have stayed signed in; Django's (used here) does not.
        """
        user = ModelBackend.get_user(self, user_id)
        return user if isinstance(user, Staff) else None


def last_match(request: HttpRequest) -> ProviderMatch | None:
    """What `StaffOIDCBackend.authenticate` found for this request, if it got that far."""
    match = getattr(request, MATCH_ATTRIBUTE, None)
    return match if isinstance(match, ProviderMatch) else None


class PasswordsOffBackend:
    """Stops a password sign-in before the password is checked, when passwords are off.

    Placed before Django's ModelBackend: raising PermissionDenied ends `authenticate` for
    every backend, and the sign-in page says "Enter a correct email address and password",
    so the answer never tells anyone whether the password was right. It is a security event.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if username is None or password is None:
            return None
        if not password_sign_in_allowed(username):
            log_security_event("password_sign_in_refused", request=request, username=username)
            raise PermissionDenied("passwords are switched off")
        if config.sso_enabled() and settings.SSO_PASSWORDS_OFF:
            # The break-glass address: only while it is a system administrator's.
            is_admin = Staff.objects.filter(
                email__iexact=username.strip(), role=Staff.Role.SYSTEM_ADMIN
            ).exists()
            if not is_admin:
                log_security_event("password_sign_in_refused", request=request, username=username)
                raise PermissionDenied("break-glass account is not a system administrator")
            log_security_event("break_glass_password_attempt", request=request, username=username)
        return None
