"""Template helpers for GOV.UK Design System form fields."""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()

_ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-select": "govuk-select--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-file-upload": "govuk-file-upload--error",
}


@register.simple_tag
def govuk_widget(field: BoundField) -> SafeString:
    """Render a field's widget with the error class and `aria-describedby` for hint and error.

    Screen readers then announce the hint and the error message with the input, as the
    Design System's own components do.
    """
    attrs = dict(field.field.widget.attrs)
    classes = attrs.get("class", "").split()
    described_by = []
    if field.help_text:
        described_by.append(f"{field.id_for_label}-hint")
    if field.errors:
        described_by.append(f"{field.id_for_label}-error")
        classes += [_ERROR_CLASSES[c] for c in list(classes) if c in _ERROR_CLASSES]
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if classes:
        attrs["class"] = " ".join(dict.fromkeys(classes))
    return field.as_widget(attrs=attrs)
