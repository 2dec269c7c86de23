"""Every change to a person's second factor, and every try at giving one.

Each outcome is a security event (security.md item 13) on the `restorative.security` logger,
with the account's id and never a code: `second_factor_set_up`, `second_factor_verified`
(with the method), `second_factor_failed`, `second_factor_locked` (too many wrong codes),
`second_factor_refused_locked` (a try while locked), `recovery_codes_issued`,
`second_factor_reset` (by an administrator or the operator, naming both).

A code works once: an authenticator app's code is refused at or before the last time step
accepted (django-otp's `last_t`), and a recovery code is deleted when it is used.
"""

from __future__ import annotations

import re
import secrets
from base64 import b32encode
from dataclasses import dataclass
from importlib import import_module
from typing import Any, NoReturn

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from restorative.core.security import log_security_event

from . import permissions

AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_CODES_NAME = "Recovery codes"
TOTP_CODE = re.compile(r"^\d{6}$")
RECOVERY_CODE_LENGTH = 10
RECOVERY_CODE_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"

WRONG_CODE = "The code is not right, or it has already been used. Enter a new code"
LOCKED = (
    "Too many wrong codes. Wait {minutes} minutes and try again, or ask your system "
    "administrator to reset your second factor"
)


class SecondFactorLocked(Exception):
    """Too many wrong codes for this person: every code is refused until the cool-off ends."""


@dataclass(frozen=True)
class Verified:
    """A second factor given: the device, how, and how many recovery codes are left."""

    device: Any
    method: str
    recovery_codes_left: int


def _failure_key(user: Any) -> str:
    return f"second-factor-failures:{user.pk}"


def _cooloff_seconds() -> int:
    return int(settings.SECOND_FACTOR_COOLOFF.total_seconds())


def locked_message() -> str:
    return LOCKED.format(minutes=_cooloff_seconds() // 60)


def is_locked(user: Any) -> bool:
    """Whether this person has used up their wrong codes for the cool-off window."""
    return int(cache.get(_failure_key(user)) or 0) >= settings.SECOND_FACTOR_FAILURE_LIMIT


def _count_failure(user: Any) -> int:
    """One more wrong code for this person; the window starts at the first one."""
    key = _failure_key(user)
    if cache.add(key, 1, timeout=_cooloff_seconds()):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # the window ended between add and incr
        cache.add(key, 1, timeout=_cooloff_seconds())
        return 1


def _refuse_if_locked(user: Any, request: HttpRequest | None) -> None:
    """Refuse every code, even the right one, while the person is locked out."""
    if is_locked(user):
        log_security_event("second_factor_refused_locked", request=request, user=user)
        raise SecondFactorLocked(locked_message())


def _refuse_wrong_code(user: Any, request: HttpRequest | None, *, method: str) -> NoReturn:
    """Count a wrong code and refuse it; the one that reaches the limit locks the person out.

    Signing in and setting up an app share the count, so switching pages gains no guesses.
    """
    failures = _count_failure(user)
    log_security_event(
        "second_factor_failed", request=request, user=user, method=method, failures=str(failures)
    )
    if failures >= settings.SECOND_FACTOR_FAILURE_LIMIT:
        log_security_event("second_factor_locked", request=request, user=user)
        raise SecondFactorLocked(locked_message())
    raise ValidationError({"code": WRONG_CODE})


def normalise_code(code: str) -> str:
    """What a person typed, as stored: no spaces or dashes, lower case."""
    return re.sub(r"[\s-]", "", str(code or "")).lower()


def recovery_codes_left(user: Any) -> int:
    """How many unused recovery codes the person has."""
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def second_factor_verify(*, user: Any, code: str, request: HttpRequest | None = None) -> Verified:
    """Check a code from the person's authenticator app, or one of their recovery codes.

    Six digits are an authenticator code, anything else a recovery code. Raises
    ValidationError for a wrong (or already used) code, and SecondFactorLocked once the
    person has given SECOND_FACTOR_FAILURE_LIMIT wrong codes in the cool-off window: then
    even the right code is refused, so guessing cannot outpace the limit.
    """
    _refuse_if_locked(user, request)
    typed = normalise_code(code)
    device = None
    method = "totp" if TOTP_CODE.match(typed) else "recovery_code"
    with transaction.atomic():
        if method == "totp":
            devices: Any = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True)
        else:
            devices = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True)
        for candidate in devices:
            if typed and candidate.verify_token(typed):
                device = candidate
                break
    if device is None:
        _refuse_wrong_code(user, request, method=method)
    cache.delete(_failure_key(user))
    left = recovery_codes_left(user)
    log_security_event(
        "second_factor_verified",
        request=request,
        user=user,
        method=method,
        **({"recovery_codes_left": str(left)} if method == "recovery_code" else {}),
    )
    return Verified(device=device, method=method, recovery_codes_left=left)


def authenticator_pending(*, user: Any) -> TOTPDevice:
    """The authenticator being set up: a new secret, not yet confirmed, kept until it is.

    The same secret is shown each time the set-up page is opened, so a person who scanned it
    and came back is not given a different one.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def authenticator_secret(device: TOTPDevice) -> str:
    """The secret as a person types it into an app: base32, in groups of four."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def authenticator_confirm(
    *, user: Any, code: str, request: HttpRequest | None = None
) -> tuple[TOTPDevice, list[str]]:
    """Finish setting up an authenticator app with its first code; issue recovery codes.

    The new app replaces any earlier one (a new phone). Wrong codes count towards the same
    limit as at sign-in. Returns the device and the new recovery codes, shown once.
    """
    _refuse_if_locked(user, request)
    typed = normalise_code(code)
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("-id")
            .first()
        )
        if device is None or not TOTP_CODE.match(typed) or not device.verify_token(typed):
            device = None
        else:
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _replace_recovery_codes(user)
    if device is None:
        _refuse_wrong_code(user, request, method="totp_set_up")
    cache.delete(_failure_key(user))
    log_security_event("second_factor_set_up", request=request, user=user, method="totp")
    return device, codes


def _new_recovery_code() -> str:
    return "".join(secrets.choice(RECOVERY_CODE_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))


def format_recovery_code(code: str) -> str:
    """A recovery code as shown: two groups of five, easier to copy by hand."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def _replace_recovery_codes(user: Any) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_CODES_NAME, confirmed=True)
    codes = [_new_recovery_code() for _ in range(settings.SECOND_FACTOR_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return [format_recovery_code(code) for code in codes]


def recovery_codes_issue(*, user: Any, request: HttpRequest | None = None) -> list[str]:
    """New recovery codes for a person, replacing (and so ending) every earlier one.

    Only for someone with an authenticator app: the codes stand in for it.
    """
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError("Set up an authenticator app first")
    with transaction.atomic():
        codes = _replace_recovery_codes(user)
    log_security_event("recovery_codes_issued", request=request, user=user)
    return codes


def _end_sessions_of(person: Any) -> int:
    """End every session the person has, in the database and in the cache in front of it."""
    engine = import_module(settings.SESSION_ENGINE)
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(person.pk):
            engine.SessionStore(session_key=session.session_key).delete()
            ended += 1
    return ended


def second_factor_reset(*, person: Any, by: Any | None, request: HttpRequest | None = None) -> int:
    """Remove every second factor a person has (a lost phone) and end their sessions.

    `by` is the administrator doing it, who must be allowed (`can_reset_second_factor`), or
    None for the operator's command on the server. The person sets a new factor up at their
    next sign-in. Returns how many devices were removed.
    """
    if by is not None and not permissions.can_reset_second_factor(by, person):
        raise PermissionDenied("Only a system administrator may reset another person's")
    from django_otp_webauthn.models import WebAuthnCredential

    with transaction.atomic():
        removed = 0
        for model in (TOTPDevice, StaticDevice, WebAuthnCredential):
            removed += model.objects.filter(user=person).delete()[1].get(model._meta.label, 0)
        sessions = _end_sessions_of(person)
    cache.delete(_failure_key(person))
    log_security_event(
        "second_factor_reset",
        request=request,
        user=by,
        account_id=str(person.pk),
        by="administrator" if by is not None else "operator",
        devices_removed=str(removed),
        sessions_ended=str(sessions),
    )
    return removed
