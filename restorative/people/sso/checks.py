"""`manage.py check` catches a half-configured single sign-on before anyone tries to sign in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register


@register()
def sso_configuration(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """A partial configuration leaves SSO off without saying so; passwords off needs an
    administrator who can still get in when the provider cannot be reached."""
    found: list[CheckMessage] = []
    given = {
        "OIDC_ISSUER": settings.OIDC_OP_ISSUER,
        "OIDC_CLIENT_ID": settings.OIDC_RP_CLIENT_ID,
        "OIDC_CLIENT_SECRET": settings.OIDC_RP_CLIENT_SECRET,
    }
    if any(given.values()) and not all(given.values()):
        missing = ", ".join(name for name, value in given.items() if not value)
        found.append(
            Error(
                f"Single sign-on is half configured: {missing} missing, so it is off.",
                hint="Give OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET, or none of them.",
                id="restorative.sso.E001",
            )
        )
    if settings.SSO_PASSWORDS_OFF and not settings.SSO_ENABLED:
        found.append(
            Warning(
                "SSO_PASSWORDS_OFF is set but single sign-on is not configured: passwords stay on.",
                id="restorative.sso.W001",
            )
        )
    if settings.SSO_ENABLED and settings.SSO_PASSWORDS_OFF and not settings.SSO_BREAK_GLASS_EMAIL:
        found.append(
            Warning(
                "Passwords are switched off and no break-glass administrator is named: nobody "
                "can sign in while the identity provider is down.",
                hint="Set SSO_BREAK_GLASS_EMAIL to a system administrator's address.",
                id="restorative.sso.W002",
            )
        )
    return found
