"""The demo's second factor: one published authenticator key for the demo accounts that need one.

The demo organisation leaves "second factor for everyone" off, so most demo accounts sign in
with the password alone. The administrator, quality assurance, head of service and director
must give a second factor, as in real use: each has an authenticator app set up with the key
below, published like the demo password (demo data is never loaded with production settings).
Add the key to any authenticator app, or print the current code with `manage.py demo_code`;
`manage.py demo_logins` prints both.
"""

from __future__ import annotations

from base64 import b32decode

from django.conf import settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..demo_data import DEMO_LOGINS
from ..models import Staff
from .permissions import ROLES_THAT_NEED_A_SECOND_FACTOR

DEMO_AUTHENTICATOR_KEY = "RESTORATIVEDEMOSECONDFACTORKEYAA"  # a published demo key, by design
DEMO_DEVICE_NAME = "Authenticator app (demo key)"


def _hex_key() -> str:
    return b32decode(DEMO_AUTHENTICATOR_KEY).hex()


def demo_second_factor_emails() -> list[str]:
    """The demo sign-ins whose role needs a second factor."""
    return [login.email for login in DEMO_LOGINS if login.role in ROLES_THAT_NEED_A_SECOND_FACTOR]


def enrol_demo_second_factors() -> int:
    """Give each demo account that needs a second factor the demo key (if it has none yet).

    Refused with production settings, as the demo data itself is. Returns how many were set up.
    """
    if str(getattr(settings, "SETTINGS_MODULE", "")).endswith(".production"):
        return 0
    enrolled = 0
    for person in Staff.objects.filter(email__in=demo_second_factor_emails()):
        if TOTPDevice.objects.filter(user=person, confirmed=True).exists():
            continue
        TOTPDevice.objects.create(
            user=person, name=DEMO_DEVICE_NAME, key=_hex_key(), confirmed=True
        )
        enrolled += 1
    return enrolled


def demo_code() -> str:
    """The demo key's code for now (each account takes it once: a code works once)."""
    return f"{totp(b32decode(DEMO_AUTHENTICATOR_KEY)):06d}"
