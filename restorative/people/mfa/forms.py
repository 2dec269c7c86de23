"""The one field a person fills in to give or set up a second factor."""

from __future__ import annotations

from django import forms

from restorative.core.forms import text_field


class CodeForm(forms.Form):
    """A code from an authenticator app, or (when `recovery` is allowed) a recovery code."""

    code = text_field(
        "Code",
        max_length=40,
        width=10,
        required_message="Enter the code from your authenticator app",
        attrs={"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "none"},
    )

    def __init__(self, *args: object, recovery: bool = True, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["code"]
        if recovery:
            field.help_text = (
                "The 6-digit code your authenticator app shows now, or one of your recovery "
                "codes if you do not have your app"
            )
        else:
            field.label = "Code from the app"
            field.help_text = "The 6-digit code your authenticator app shows now"
            field.widget.attrs["inputmode"] = "numeric"
