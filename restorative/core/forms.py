"""Forms shared by every app: sign in, the one date, text, drop-down and UUID choice fields,
and a service's errors on a form."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Mapping, Sequence
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


def _named(name: str) -> str:
    return f"{name[0].upper()}{name[1:]}"


def text_field(
    label: str,
    *,
    max_length: int,
    name: str = "",
    required: bool = True,
    help_text: str = "",
    required_message: str = "",
    too_long_message: str = "",
    width: int | None = None,
    attrs: Mapping[str, str] | None = None,
    initial: str | None = None,
) -> forms.CharField:
    """The one-line text box every app's forms use: the GOV.UK input, with GOV.UK messages.

    Empty and required: "Enter the <name>"; too long: "<Name> must be 200 characters or
    fewer". `name` is how the messages refer to the field when the label says more, as in
    `date_field`; the two `_message` arguments replace a message where it reads badly.
    `width` is the GOV.UK fixed width (`govuk-input--width-<width>`); `attrs` adds to the
    input's attributes (`autocomplete`, `spellcheck`).
    """
    named = _named(name or label)
    messages = {
        "max_length": too_long_message or f"{named} must be {max_length:,} characters or fewer"
    }
    if required:
        messages["required"] = required_message or f"Enter the {(name or label).lower()}"
    css = f"govuk-input govuk-input--width-{width}" if width else "govuk-input"
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        initial=initial,
        widget=forms.TextInput(attrs={"class": css, **(attrs or {})}),
        error_messages=messages,
    )


def whole_number_field(
    label: str,
    *,
    width: int,
    example: int,
    name: str = "",
    required: bool = True,
    required_message: str = "",
    min_value: int | None = None,
    max_value: int | None = None,
    help_text: str = "",
    validators: Sequence[Callable[[Any], None]] = (),
    error_messages: Mapping[str, str] | None = None,
) -> forms.IntegerField:
    """A whole number typed in a GOV.UK text input with `inputmode="numeric"` (the Design
    System's advice: a number input's spinner and scrolling change values by accident), with
    GOV.UK messages: "<Name> must be a whole number, like 12", "... must be 1 or more",
    "... must be 120 or fewer". `error_messages` replaces any of them where it reads badly."""
    named = _named(name or label)
    messages = {"invalid": f"{named} must be a whole number, like {example}"}
    if min_value is not None:
        messages["min_value"] = f"{named} must be {min_value} or more"
    if max_value is not None:
        messages["max_value"] = f"{named} must be {max_value} or fewer"
    if required:
        messages["required"] = required_message or f"Enter the {(name or label).lower()}"
    messages.update(error_messages or {})
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=min_value,
        max_value=max_value,
        help_text=help_text,
        validators=list(validators),
        widget=forms.TextInput(
            attrs={"class": f"govuk-input govuk-input--width-{width}", "inputmode": "numeric"}
        ),
        error_messages=messages,
    )


def radio_choice(label: str, choices: Any, message: str) -> forms.ChoiceField:
    """A required choice shown as radios, with one message for nothing chosen and for a value
    that is not one of the choices (both mean: choose one of these)."""
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


def select_field(
    label: str,
    choices: Any,
    *,
    message: str = "",
    required_message: str = "",
    required: bool = True,
    help_text: str = "",
    initial: Any = None,
) -> forms.ChoiceField:
    """A drop-down (the GOV.UK select). `message` answers both nothing chosen and a value
    that is not one of the choices (both mean: choose one from the list);
    `required_message` replaces it for nothing chosen."""
    messages = {}
    if message:
        messages["invalid_choice"] = message
    if required_message or message:
        messages["required"] = required_message or message
    return forms.ChoiceField(
        label=label,
        required=required,
        choices=choices,
        help_text=help_text,
        initial=initial,
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages=messages,
    )


class _UUIDModelChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A choice posted by UUID: a value that is not a UUID is simply not one of the choices
    (the field's own message, not the model field's "is not a valid UUID")."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values:
            try:
                uuid.UUID(str(value))
            except ValueError:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                ) from None
        return super().to_python(value)


def uuid_choice_field(
    label: str,
    *,
    queryset: Any = None,
    empty_label: str,
    message: str,
    required_message: str = "",
    required: bool = True,
    help_text: str = "",
) -> forms.ModelChoiceField[Any]:
    """A drop-down of records, posted by their UUID (never a sequential key). `message`
    answers a value that is not one of them, `required_message` nothing chosen. The view or
    the form's `__init__` sets the `queryset` when it depends on the person."""
    messages = {"invalid_choice": message}
    if required_message:
        messages["required"] = required_message
    return _UUIDModelChoiceField(
        label=label,
        required=required,
        queryset=queryset,
        to_field_name="uuid",
        empty_label=empty_label,
        help_text=help_text,
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages=messages,
    )


DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%Y-%m-%d", "%d-%m-%Y"]
_DATE_PARTS = ("day", "month", "year")


class GovukDateWidget(forms.MultiWidget):
    """The GOV.UK date input: three text boxes, day, month and year, in one fieldset.

    People type the numbers they know rather than a format they must guess. The parts are
    posted as `<name>_day`, `<name>_month` and `<name>_year`; a request that sends the date
    as one `<name>` value (27/03/2026 or 2026-03-27, as scripts and older forms do) is still
    read. An error summary link goes to the day box (`id_for_label`, `id_<name>_0`).
    """

    template_name = "core/widgets/date_input.html"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        def part(width: int) -> forms.TextInput:
            return forms.TextInput(
                attrs={
                    "class": f"govuk-input govuk-date-input__input govuk-input--width-{width}",
                    "inputmode": "numeric",
                }
            )

        super().__init__({"day": part(2), "month": part(2), "year": part(4)}, attrs)

    def decompress(self, value: object) -> list[object]:
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value.strip():
            for fmt in DATE_INPUT_FORMATS:
                try:
                    parsed = datetime.datetime.strptime(value.strip(), fmt).date()
                except ValueError:
                    continue
                return [parsed.day, parsed.month, parsed.year]
        return [None, None, None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        parts = super().value_from_datadict(data, files, name)
        if all(part in (None, "") for part in parts) and data.get(name):
            return data.get(name)
        return parts

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and super().value_omitted_from_data(data, files, name)

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_0" if id_ else ""

    def get_context(self, name: str, value: object, attrs: dict[str, Any] | None) -> Any:
        context = super().get_context(name, value, attrs)
        for label, subwidget in zip(
            ("Day", "Month", "Year"), context["widget"]["subwidgets"], strict=True
        ):
            subwidget["label"] = label
            sub_attrs = subwidget["attrs"]
            sub_attrs.pop("aria-describedby", None)  # the fieldset carries hint and error
            if sub_attrs.get("aria-invalid"):
                sub_attrs["class"] += " govuk-input--error"
        return context


class GovukDateField(forms.DateField):
    """A date from the GOV.UK date input, with the Design System's messages: "… must include
    a month" when a part is missing, "… must be a real date" when the parts make no date."""

    widget = GovukDateWidget

    def to_python(self, value: Any) -> datetime.date | None:
        if not isinstance(value, list | tuple):
            return super().to_python(value)
        day, month, year = (str(part or "").strip() for part in value)
        if not (day or month or year):
            return None
        missing = [
            name for name, part in zip(_DATE_PARTS, (day, month, year), strict=True) if not part
        ]
        if missing:
            raise ValidationError(
                self.error_messages["incomplete"].format(parts=" and a ".join(missing)),
                code="incomplete",
            )
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


def date_field(
    label: str,
    *,
    name: str = "",
    required: bool = True,
    example: str = "27 3 2026",
    help_text: str = "",
    required_message: str = "",
) -> forms.DateField:
    """The one date field every app's forms use: the GOV.UK date input (day, month, year),
    with GOV.UK messages.

    `name` is how the messages refer to the field when the label says more (or "(optional)");
    `required_message` replaces "Enter the <name>" where that reads badly.
    """
    name = name or label
    named = _named(name)
    return GovukDateField(
        label=label,
        required=required,
        help_text=help_text or f"For example, {example}",
        input_formats=DATE_INPUT_FORMATS,
        error_messages={
            "invalid": f"{named} must be a real date",
            "incomplete": f"{named} must include a {{parts}}",
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


def group_choices(field: forms.Field, group: Callable[[Any], str]) -> None:
    """Show a long choice of people (or anything) as checkboxes in headed groups, such as
    people by team or agency, with a box to filter them by name when scripts run
    (`core/includes/grouped_checkboxes.html`, picked by `field.html`). Order the field's
    queryset by the group first. Without scripts every group is listed: nothing depends on
    the filter. `group` gives an option's group from its record."""
    field.group_from_instance = group  # type: ignore[attr-defined]
    if not isinstance(field.widget, forms.CheckboxSelectMultiple):
        widget = forms.CheckboxSelectMultiple()
        widget.choices = field.choices  # type: ignore[attr-defined]
        field.widget = widget
