"""Forms shared by every app: sign in, and the GOV.UK error-summary helpers."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    """Email and password. The messages say what to do, as GOV.UK error messages should."""

    username = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )

    def clean_username(self) -> str:
        # Accounts are stored with lower-case emails; people type capitals.
        return str(self.cleaned_data.get("username") or "").strip().lower()

    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account has been deactivated. Ask your system administrator.",
    }
