"""What single sign-on is configured to use: on or off, and the provider's endpoints.

Everything comes from settings (restorative/settings/base.py, from the environment). The
provider is named by its issuer; its endpoints are read from the issuer's discovery document
(`/.well-known/openid-configuration`, the way Microsoft Entra ID and every certified provider
publish them) unless the environment gives them one by one. The document is cached, so a
sign-in does not fetch it each time, and is only believed if it names the same issuer.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import requests
from django.conf import settings
from django.core.cache import cache


class ProviderUnavailable(Exception):
    """The provider's discovery document could not be read, or does not match its issuer."""


@dataclass(frozen=True)
class Provider:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    userinfo_endpoint: str
    jwks_uri: str
    end_session_endpoint: str  # empty when the provider has none


def sso_enabled() -> bool:
    """Single sign-on is on once an issuer, a client id and its secret are configured."""
    return bool(getattr(settings, "SSO_ENABLED", False))


def provider_name() -> str:
    """What the sign-in button calls the provider: "Sign in with <name>"."""
    return str(getattr(settings, "SSO_PROVIDER_NAME", "") or "your council account")


def _discovery_document(issuer: str) -> dict[str, object]:
    key = "sso:discovery:" + hashlib.sha256(issuer.encode()).hexdigest()[:32]
    document = cache.get(key)
    if isinstance(document, dict):
        return document
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(
            f"discovery document unreadable: {type(error).__name__}"
        ) from error
    if not isinstance(document, dict) or document.get("issuer") != issuer:
        # A document for another issuer would let its tokens in: refuse it (OpenID Connect
        # Discovery 1.0 section 4.3).
        raise ProviderUnavailable("discovery document names another issuer")
    cache.set(key, document, settings.SSO_DISCOVERY_CACHE_SECONDS)
    return document


def provider() -> Provider:
    """The configured provider's endpoints: from settings where given, else discovered."""
    issuer = settings.OIDC_OP_ISSUER
    explicit = {
        "authorization_endpoint": settings.OIDC_OP_AUTHORIZATION_ENDPOINT,
        "token_endpoint": settings.OIDC_OP_TOKEN_ENDPOINT,
        "userinfo_endpoint": settings.OIDC_OP_USER_ENDPOINT,
        "jwks_uri": settings.OIDC_OP_JWKS_ENDPOINT,
        "end_session_endpoint": settings.OIDC_OP_END_SESSION_ENDPOINT,
    }
    required = ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri")
    document: dict[str, object] = {}
    if not all(explicit[name] for name in required):
        document = _discovery_document(issuer)
    values = {name: str(explicit[name] or document.get(name) or "") for name in explicit}
    missing = [name for name in required if not values[name]]
    if missing:
        raise ProviderUnavailable("provider does not publish " + ", ".join(missing))
    return Provider(issuer=issuer, **values)
