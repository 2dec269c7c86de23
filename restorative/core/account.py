"""A signed-in person's own account: change their password, and their own API token.

Only ever the person's own: the views act on `request.user` and read no account from the
request, so nobody can change another person's password or make a token in their name (the
admin site has no token page either; the operator's `manage.py create_api_token` is the one
other way, on the server). Every change is a security event (security.md item 13).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from .api_tokens import (
    DEFAULT_EXPIRY,
    EXPIRY_CHOICES,
    api_token_issue,
    describe_limits,
    token_limits,
)
from .security import log_security_event

CHOOSING_ADVICE = (
    "At least 12 characters. Three or four unrelated words make a strong password that is "
    "easy to remember. Do not use a password you use anywhere else."
)


def password_sign_in_allowed(email: str) -> bool:
    """Whether a password may be used to sign in as this address.

    Always, unless single sign-on is on and the organisation has switched passwords off
    (`SSO_PASSWORDS_OFF`); then only for the break-glass administrator it names
    (`SSO_BREAK_GLASS_EMAIL`), who can still sign in if the provider is down. That person
    must also be a system administrator (people.sso.backends.PasswordsOffBackend). Written
    here, beside the password page, because both the sign-in and this page obey it.
    """
    if not (getattr(settings, "SSO_ENABLED", False) and settings.SSO_PASSWORDS_OFF):
        return True
    break_glass = str(settings.SSO_BREAK_GLASS_EMAIL or "").strip().lower()
    return bool(break_glass) and email.strip().lower() == break_glass


def _email(request: HttpRequest) -> str:
    """The signed-in person's email address (these pages are never open to anyone else)."""
    return str(getattr(request.user, "email", ""))


class ChangePasswordForm(PasswordChangeForm):
    """Django's password change, with GOV.UK labels and messages that say what to do."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "Your current password is wrong. Enter it again",
        "password_mismatch": "The new passwords do not match. Enter the same password twice",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {
            "old_password": ("Current password", "Enter your current password"),
            "new_password1": ("New password", "Enter a new password"),
            "new_password2": ("Confirm new password", "Enter the new password again"),
        }
        for name, (label, required) in labels.items():
            field = self.fields[name]
            field.label = label
            field.error_messages["required"] = required
            field.widget.attrs.pop("autofocus", None)
        self.fields["new_password1"].help_text = CHOOSING_ADVICE

    def clean_new_password1(self) -> str:
        password = str(self.cleaned_data.get("new_password1") or "")
        if password and password == self.data.get("old_password"):
            raise forms.ValidationError("Your new password must be different from your current one")
        return password

    def clean(self) -> dict[str, Any]:
        # Django puts the password rules' messages on the confirmation; GOV.UK puts them by
        # the field the person chose the password in.
        self.validate_passwords("new_password1", "new_password2")
        if "new_password1" in self.cleaned_data:
            self.validate_password_for_user(self.user, "new_password1")
        return self.cleaned_data


@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    """Change your own password. Your other sessions end; this one carries on.

    Not there (404) when passwords are switched off for you: you sign in through your
    council's account, and a password nobody can use would only be a way in to guard."""
    if not password_sign_in_allowed(_email(request)):
        raise Http404
    form = ChangePasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        # The session's hash follows the new password, so this browser stays signed in and
        # every other session (another browser, a stolen cookie) is signed out.
        update_session_auth_hash(request, form.user)
        log_security_event("password_changed", request=request, user=request.user)
        messages.success(request, "Your password has been changed")
        return redirect("core:account")
    return render(request, "core/password_change.html", {"form": form})


def _token_model() -> Any:
    from rest_framework.authtoken.models import Token

    return Token


def _account_page(request: HttpRequest, token: Any, new_key: str = "") -> HttpResponse:
    context = {
        "token": token,
        "has_password": password_sign_in_allowed(_email(request)),
        "sso_provider_name": settings.SSO_PROVIDER_NAME,
        "token_limits": token_limits(token) if token is not None else None,
        "new_key": new_key,
        "expiry_choices": EXPIRY_CHOICES,
        "default_expiry": DEFAULT_EXPIRY,
    }
    return render(request, "core/account.html", context)


def account(request: HttpRequest) -> HttpResponse:
    """Your account: change your password; make, replace or end your own API token."""
    token = _token_model().objects.filter(user=request.user).first()
    return _account_page(request, token)


@require_POST
def api_token(request: HttpRequest) -> HttpResponse:
    """Make (or replace) your own API token and show it once, or end it.

    The page is the answer to the POST rather than a redirect, so the key is shown on this
    one response and kept nowhere else (pages are never cached). Any account named in the
    form is ignored: the token is always the signed-in person's.
    """
    token_model = _token_model()
    action = request.POST.get("action", "")
    with transaction.atomic():
        existing = token_model.objects.select_for_update().filter(user=request.user)
        had_token = existing.exists()
        if action == "revoke":
            existing.delete()
            if had_token:
                log_security_event("api_token_revoked", request=request, user=request.user)
            messages.success(request, "Your API token has been ended. It no longer works")
            return redirect("core:account")
        if action != "create":
            return redirect("core:account")
        expires = request.POST.get("expires", DEFAULT_EXPIRY)
        if expires not in dict(EXPIRY_CHOICES):
            messages.error(request, "Choose when the token should stop working")
            return redirect("core:account")
        token = api_token_issue(
            user=request.user,
            read_only=request.POST.get("read_only") == "yes",
            expires_in_days=None if expires == "never" else int(expires),
        )
    log_security_event(
        "api_token_replaced" if had_token else "api_token_created",
        request=request,
        user=request.user,
        scope=describe_limits(token)["scope"],
        expires=describe_limits(token)["expires"],
    )
    return _account_page(request, token, new_key=token.key)
