"""The second factor's pages: give a code, set an authenticator app up, manage your factors.

The code and set-up pages are open before the second factor is given (that is what they are
for); every other page, this module's `manage` included, is closed until then by
`SecondFactorMiddleware`. Each page works without JavaScript; passkeys are offered on top,
where the browser has them and the page is served from the passkeys' host.
"""

from __future__ import annotations

from typing import Any

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn import exceptions as passkey_errors
from django_otp_webauthn import views as passkey_views

from restorative.core.forms import apply_service_errors
from restorative.core.middleware import PERMISSIONS_POLICY
from restorative.core.security import log_security_event

from . import services, session
from .forms import CodeForm
from .middleware import second_factor_not_required

# The pages that use passkeys let the browser's passkey prompt run on our own origin; every
# other page keeps it off (core.middleware.PermissionsPolicyMiddleware).
PASSKEY_PERMISSIONS_POLICY = PERMISSIONS_POLICY.replace(
    "publickey-credentials-get=()", "publickey-credentials-get=(self)"
)


def _next_url(request: HttpRequest) -> str:
    """Where to go after the second factor: the page asked for, if it is ours; else home."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return str(resolve_url(settings.LOGIN_REDIRECT_URL))


def passkeys_offered(request: HttpRequest) -> bool:
    """Passkeys work only on the host they are made for (PASSKEY_RP_ID)."""
    return request.get_host().split(":")[0] == settings.OTP_WEBAUTHN_RP_ID


def _has_passkey(user: Any) -> bool:
    from django_otp_webauthn.models import WebAuthnCredential

    return WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()


def _with_passkeys(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if passkeys_offered(request):
        response["Permissions-Policy"] = PASSKEY_PERMISSIONS_POLICY
    return response


@second_factor_not_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """After the password: a code from the authenticator app, a recovery code, or a passkey."""
    next_url = _next_url(request)
    if session.is_verified(request):
        return redirect(next_url)
    if not session.user_has_device(request.user):
        return redirect(f"{resolve_url('mfa:set_up')}?next={next_url}")
    form = CodeForm(request.POST or None)
    locked = False
    if request.method == "POST" and form.is_valid():
        try:
            verified = services.second_factor_verify(
                user=request.user, code=form.cleaned_data["code"], request=request
            )
        except services.SecondFactorLocked as refusal:
            form.add_error("code", str(refusal))
            locked = True
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            session.mark_verified(request, verified.device)
            if verified.method == "recovery_code":
                from django.contrib import messages

                messages.warning(
                    request,
                    f"You used a recovery code. You have {verified.recovery_codes_left} left: "
                    "make new ones from your account when you are running out",
                )
            return redirect(next_url)
    context = {
        "form": form,
        "next": next_url,
        "locked": locked,
        "passkeys": passkeys_offered(request) and _has_passkey(request.user),
    }
    return _with_passkeys(request, render(request, "people/mfa/verify.html", context))


@second_factor_not_required
@require_http_methods(["GET", "POST"])
def set_up(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the key), then give one code.

    Someone who already has a second factor must give it first: a password alone never
    replaces a person's factor. On success the recovery codes are shown, once.
    """
    next_url = _next_url(request)
    if not session.is_verified(request) and session.user_has_device(request.user):
        return redirect(f"{resolve_url('mfa:verify')}?next={next_url}")
    device = services.authenticator_pending(user=request.user)
    form = CodeForm(request.POST or None, recovery=False)
    if request.method == "POST" and form.is_valid():
        try:
            confirmed, codes = services.authenticator_confirm(
                user=request.user, code=form.cleaned_data["code"], request=request
            )
        except services.SecondFactorLocked as refusal:
            form.add_error("code", str(refusal))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if not session.is_verified(request):
                session.mark_verified(request, confirmed)
            return render(
                request,
                "people/mfa/recovery_codes.html",
                {"codes": codes, "next": next_url, "just_set_up": True},
            )
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "next": next_url,
        "qr_data_uri": qr.svg_data_uri(scale=5, dark="#0b0c0c"),
        "secret": services.authenticator_secret(device),
        "issuer": settings.OTP_TOTP_ISSUER,
        "account_name": request.user.get_username(),
    }
    return render(request, "people/mfa/set_up.html", context)


def manage(request: HttpRequest) -> HttpResponse:
    """Your second factor: the authenticator app, recovery codes left, your passkeys."""
    from django_otp_webauthn.models import WebAuthnCredential

    context = {
        "authenticator": TOTPDevice.objects.filter(user=request.user, confirmed=True).first(),
        "recovery_codes_left": services.recovery_codes_left(request.user),
        "passkeys": list(
            WebAuthnCredential.objects.filter(user=request.user, confirmed=True).order_by(
                "created_at"
            )
        ),
        "passkeys_offered": passkeys_offered(request),
    }
    return _with_passkeys(request, render(request, "people/mfa/manage.html", context))


@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, shown on this one response (the old ones stop working)."""
    try:
        codes = services.recovery_codes_issue(user=request.user, request=request)
    except ValidationError:
        return redirect("mfa:manage")
    return render(
        request,
        "people/mfa/recovery_codes.html",
        {"codes": codes, "next": resolve_url("mfa:manage"), "just_set_up": False},
    )


# --- Passkeys (django-otp-webauthn), with our security events ------------------------------


class PasskeyAuthenticationComplete(passkey_views.CompleteCredentialAuthenticationView):
    """A passkey given as the second factor: a new session key, and a security event."""

    def complete_auth(self, device: Any) -> Any:
        user = self.request.user
        if not user.is_authenticated or device.user_id != user.pk:
            raise passkey_errors.CredentialNotFound()
        session.mark_verified(self.request, device)
        log_security_event(
            "second_factor_verified", request=self.request, user=user, method="passkey"
        )
        return user

    def post(self, *args: Any, **kwargs: Any) -> JsonResponse:
        user = self.request.user
        if user.is_authenticated and services.is_locked(user):
            log_security_event("second_factor_refused_locked", request=self.request, user=user)
            return JsonResponse({"detail": services.locked_message()}, status=403)
        try:
            return super().post(*args, **kwargs)  # type: ignore[no-any-return]
        except passkey_errors.OTPWebAuthnApiError:
            log_security_event(
                "second_factor_failed", request=self.request, user=user, method="passkey"
            )
            raise


class _VerifiedFirst:
    """Passkeys are added on top of an authenticator app, from a session that gave it."""

    request: HttpRequest

    def check_can_register(self) -> None:
        if not session.is_verified(self.request):
            raise passkey_errors.NotVerified()


class PasskeyRegistrationBegin(_VerifiedFirst, passkey_views.BeginCredentialRegistrationView):
    """Start adding a passkey (only after the second factor is given)."""


class PasskeyRegistrationComplete(_VerifiedFirst, passkey_views.CompleteCredentialRegistrationView):
    """Finish adding a passkey: logged as a security event."""

    def post(self, *args: Any, **kwargs: Any) -> JsonResponse:
        response = super().post(*args, **kwargs)
        log_security_event("passkey_added", request=self.request, user=self.request.user)
        return response  # type: ignore[no-any-return]
