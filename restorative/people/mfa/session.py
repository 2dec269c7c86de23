"""What this browser session knows about the second factor, kept in the session itself.

Read on every request, so it costs no query: the session says whether a second factor was
given (django-otp's own key, the device's id, written by `django_otp.login`), and whether the
person had one set up when they signed in. A reset by an administrator ends the person's
sessions (`services.second_factor_reset`), so a session never outlives the device it
was verified with.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login

from ..sso.session import provider_asserted_mfa

HAS_DEVICE_KEY = "second_factor_set_up"


def is_verified(request: HttpRequest) -> bool:
    """Whether this session has given a second factor: here, or at the council's identity
    provider when it says so and the organisation trusts it (decision 0023)."""
    session = getattr(request, "session", None)
    if session is not None and session.get(DEVICE_ID_SESSION_KEY):
        return True
    return provider_asserted_mfa(request)


def has_device(request: HttpRequest) -> bool:
    """Whether the person had a second factor set up when this session signed in."""
    session = getattr(request, "session", None)
    return bool(session is not None and session.get(HAS_DEVICE_KEY))


def mark_verified(request: HttpRequest, device: Any) -> None:
    """Record that this session gave a second factor with `device`.

    A new session key, as at sign-in: the session has just gained what it may do, so an
    id seen before (a fixation attempt) is worth nothing.
    """
    request.session.cycle_key()
    otp_login(request, device)
    request.session[HAS_DEVICE_KEY] = True


def user_has_device(user: Any) -> bool:
    """Whether the person has a confirmed second factor of any kind."""
    from django_otp import user_has_device as otp_user_has_device

    return bool(otp_user_has_device(user, confirmed=True))


@receiver(user_logged_in)
def _note_device_at_sign_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[HAS_DEVICE_KEY] = user_has_device(user)
