"""Forms shared by every app: sign in, the one date field, and a service's errors on a form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError


class SignInForm(AuthenticationForm):
    """Email and password. The messages say what to do, as GOV.UK error messages should.

    The inputs carry the GOV.UK input classes, so they have the Design System's 19px text and
    its yellow-and-black focus ring rather than the browser's own small text and thin outline.
    """

    username = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(
            attrs={
                "class": "govuk-input govuk-!-width-two-thirds",
                "autocomplete": "username",
                "spellcheck": "false",
            }
        ),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(
            attrs={
                "class": "govuk-input govuk-input--width-20",
                "autocomplete": "current-password",
                "spellcheck": "false",
            }
        ),
        error_messages={"required": "Enter your password"},
    )

    def clean_username(self) -> str:
        # Accounts are stored with lower-case emails; people type capitals.
        return str(self.cleaned_data.get("username") or "").strip().lower()

    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account has been deactivated. Ask your system administrator.",
    }


def search_field(label: str) -> forms.CharField:
    """The optional search box of a list page (the browser stops typing at 100 characters)."""
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.TextInput(
            attrs={"class": "govuk-input", "type": "search", "maxlength": "100"}
        ),
    )


def filter_field(label: str, choices: list[tuple[str, str]]) -> forms.ChoiceField:
    """An optional drop-down that narrows a list page; the first choice shows everything."""
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=choices,
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )


DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%Y-%m-%d", "%d-%m-%Y"]


def date_field(
    label: str,
    *,
    name: str = "",
    required: bool = True,
    example: str = "27/03/2026",
    help_text: str = "",
    required_message: str = "",
) -> forms.DateField:
    """The one date field every app's forms use: a text input that takes 27/03/2026,
    27 3 2026 or 2026-03-27, with GOV.UK-style messages.

    `name` is how the messages refer to the field when the label says more (or "(optional)");
    `required_message` replaces "Enter the <name>" where that reads badly.
    """
    name = name or label
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text or f"For example, {example}",
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"class": "govuk-input govuk-input--width-10"}
        ),
        error_messages={
            "invalid": f"{name[0].upper()}{name[1:]} must be a real date, like {example}",
            "required": required_message or f"Enter the {name.lower()}",
        },
    )


class CsvUploadForm(forms.Form):
    """A CSV file to import: here only its name and size are checked, before it is read; the
    import service checks what is in it. Each import sets its own size limit."""

    max_bytes: ClassVar[int]
    max_label: ClassVar[str]  # the limit as people read it, "10 MB"

    file = forms.FileField(
        label="Upload a CSV file",
        error_messages={
            "required": "Select a CSV file",
            "empty": "The selected file is empty",
            "invalid": "Select a CSV file",
        },
        widget=forms.ClearableFileInput(attrs={"class": "govuk-file-upload", "accept": ".csv"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"A CSV file saved as UTF-8, smaller than {self.max_label}"

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The selected file must be a CSV")
        if upload.size > self.max_bytes:
            raise forms.ValidationError(f"The selected file must be smaller than {self.max_label}")
        return upload


def apply_service_errors(
    form: forms.BaseForm,
    error: ValidationError,
    *,
    field_names: Mapping[str, str] | None = None,
) -> None:
    """Show a service's refusal on the form the person filled in (DESIGN.md privacy rule 5).

    Services check with `full_clean()` and raise Django's ValidationError, keyed by the
    model's field names. A message about a field the form has goes beside that field; every
    other message (about a field the form does not show, or about no field at all) goes in
    the error summary as a non-field error, so nothing a service refuses is lost.
    `field_names` maps a service's name to the form's where they differ, such as a
    `scheduled_at` the form asks for as `date`.
    """
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    renamed = field_names or {}
    for name, messages in error.message_dict.items():
        target = renamed.get(name, name)
        for message in messages:
            form.add_error(target if target in form.fields else None, message)
