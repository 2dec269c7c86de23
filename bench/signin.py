"""Sign a demo account in for an in-process benchmark, second factor included.

Why: since the second factor (docs/decisions/0022) a session signed in with `force_login`
alone is sent to give it, so a benchmark measured the redirect (a few ms) instead of the page
for the head of service, the director and QA. This marks the session verified with the
person's confirmed device, as giving a code does (people.mfa.session.mark_verified), without
typing one. A person who must give one but has no device (a bench database seeded without the
demo's authenticators) gets a confirmed authenticator named "bench" first, so every benchmark
times the page and never the redirect to the code page. Accounts with no device and no need of
one are only signed in.
"""

from __future__ import annotations

from typing import Any

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from restorative.people.mfa.permissions import must_give_second_factor
from restorative.people.mfa.session import HAS_DEVICE_KEY


def sign_in(client: Client, user: Any) -> None:
    """`force_login`, then the second factor as given with the person's device, if any."""
    client.force_login(user)
    device = next(iter(devices_for_user(user, confirmed=True)), None)
    if device is None and must_give_second_factor(user, has_device=False):
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    if device is None:
        return
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[HAS_DEVICE_KEY] = True
    session.save()
