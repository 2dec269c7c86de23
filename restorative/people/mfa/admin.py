"""The second factor in the admin site: a reset action on staff, the organisation's switch, and
no device pages.

django-otp's and django-otp-webauthn's own admin pages list every device and would show an
authenticator's secret: they are taken off the site. An administrator resets a person's
factor with the "Reset second factor" action on the staff list, which is logged; the
organisation's "second factor for everyone" switch is changed on its page, also logged.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest

from . import permissions, services


@admin.action(description="Reset second factor (they set it up again at their next sign-in)")
def reset_second_factor(modeladmin: Any, request: HttpRequest, queryset: QuerySet[Any]) -> None:
    """Remove the chosen people's authenticator apps, recovery codes and passkeys."""
    done, refused = [], []
    for person in queryset:
        if not permissions.can_reset_second_factor(request.user, person):
            refused.append(person)
            continue
        try:
            services.second_factor_reset(person=person, by=request.user, request=request)
        except PermissionDenied:
            refused.append(person)
        else:
            done.append(person)
    if done:
        modeladmin.message_user(
            request,
            f"Second factor reset for {len(done)} "
            f"{'person' if len(done) == 1 else 'people'}: "
            "they set it up again at their next sign-in, and their sessions have ended.",
            messages.SUCCESS,
        )
    if refused:
        modeladmin.message_user(
            request,
            "Not reset (you cannot reset your own; use a recovery code, or ask another "
            "administrator): " + ", ".join(person.email for person in refused),
            messages.ERROR,
        )


def record_switch_change(request: HttpRequest, organisation: Any, *, changed: bool) -> None:
    """After the organisation is saved in the admin: forget the cached switch, log a change."""
    permissions.forget_organisation_switch(organisation.pk)
    if changed:
        from restorative.core.security import log_security_event

        log_security_event(
            "second_factor_for_everyone_on"
            if organisation.second_factor_for_everyone
            else "second_factor_for_everyone_off",
            request=request,
            user=request.user,
            organisation_id=str(organisation.pk),
        )


def unregister_device_admins() -> None:
    """Take the device pages of django-otp and django-otp-webauthn off the admin site."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_otp_webauthn.models import WebAuthnAttestation, WebAuthnCredential

    for model in (TOTPDevice, StaticDevice, WebAuthnCredential, WebAuthnAttestation):
        if admin.site.is_registered(model):
            admin.site.unregister(model)
