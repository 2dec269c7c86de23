"""What a session signed in through the provider remembers (decision 0023).

`SSO_SESSION_KEY` holds the issuer, the authentication methods and context the ID token
asserted (`amr`, `acr`), and whether those count as a second factor here. The second factor
(restorative/people/mfa) asks `provider_asserted_mfa(request)`: when it is true the council's
provider has done the second factor and ours is not asked for again; otherwise ours applies
as it does to a password sign-in.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.http import HttpRequest

SSO_SESSION_KEY = "restorative_sso"


def asserts_mfa(amr: Iterable[Any] | None, acr: Any) -> bool:
    """Whether an ID token's `amr` or `acr` is one the organisation counts as multi-factor.

    `SSO_MFA_AMR_VALUES` (default `mfa`, RFC 8176's "multiple-factor authentication") and
    `SSO_MFA_ACR_VALUES` (empty by default: a provider's own level names, such as an Entra ID
    authentication context, are the organisation's to list).
    """
    amr_values = {str(value) for value in (amr or []) if value}
    if amr_values & set(settings.SSO_MFA_AMR_VALUES):
        return True
    return bool(acr) and str(acr) in set(settings.SSO_MFA_ACR_VALUES)


def session_remember(
    request: HttpRequest, *, issuer: str, amr: Iterable[Any] | None, acr: Any
) -> None:
    """Keep what the provider asserted at sign-in, for the second-factor check."""
    request.session[SSO_SESSION_KEY] = {
        "issuer": issuer,
        "amr": [str(value) for value in (amr or [])],
        "acr": str(acr or ""),
        "mfa": asserts_mfa(amr, acr),
    }


def signed_in_through_provider(request: HttpRequest) -> bool:
    """Whether this session began with a sign-in through the council's provider."""
    session = getattr(request, "session", None)
    return bool(session is not None and session.get(SSO_SESSION_KEY))


def provider_asserted_mfa(request: HttpRequest) -> bool:
    """Whether the provider said this sign-in used a second factor the organisation trusts."""
    session = getattr(request, "session", None)
    if session is None:
        return False
    remembered = session.get(SSO_SESSION_KEY) or {}
    return bool(remembered.get("mfa"))
