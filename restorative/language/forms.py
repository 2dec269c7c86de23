"""Forms for the language pages, and the checked textarea every app's free-text fields use.

Integration (docs/decisions/0007-language-in-the-product.md):

    from restorative.language.forms import LanguageCheckedTextarea

    class NoteForm(forms.Form):
        summary = forms.CharField(widget=LanguageCheckedTextarea(member=child))

and in the page template::

    {% block scripts %}{% include "language/checker_script.html" %}{% endblock %}

The widget renders a GOV.UK textarea marked ``data-language-check``, an empty, polite live
region for the suggestions and a hidden ``language-checked`` field naming the field. Without
JavaScript nothing happens while typing; after a successful save (a redirect) the middleware
(middleware.py) shows the suggestions for the saved text on the next page. The script removes
the hidden field, as it has shown them already. Never blocks saving.

Fields that hold a person's own words use ``OwnWordsTextarea``: no checker.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse

from restorative.core.forms import filter_field, search_field

from .lexicon import RULE_FIELDS
from .models import Category, Inflection, KeptReason, ReportReason

INPUT = "govuk-input"
TEXTAREA = "govuk-textarea"


class OwnWordsTextarea(forms.Textarea):
    """A GOV.UK textarea for a person's own words (a child's wishes and feelings, answers in
    the person's own words, a family's view): quotations, so the language checker never runs
    on them. Nothing here should be "corrected" into our words."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"class": TEXTAREA, "rows": "5", **(attrs or {})})


class LanguageCheckedTextarea(forms.Textarea):
    """A GOV.UK textarea that offers restorative language suggestions as people type.

    `member` (a FamilyMember, or its UUID) is the person the record is about: the words they
    prefer are never flagged on their records.
    """

    template_name = "language/widgets/checked_textarea.html"

    def __init__(self, attrs: dict[str, Any] | None = None, *, member: Any = None) -> None:
        base = {"class": TEXTAREA, "rows": "5", "data-language-check": ""}
        super().__init__({**base, **(attrs or {})})
        self.member = member

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["data-language-url"] = reverse("language:suggest")
        widget_attrs["data-language-terms-url"] = reverse("language:suggest_terms")
        widget_attrs["data-language-feedback-url"] = reverse("language:feedback")
        widget_attrs["data-language-report-url"] = reverse("language:report")
        member = getattr(self.member, "uuid", self.member)
        if member:
            widget_attrs["data-language-member"] = str(member)
            context["widget"]["member"] = str(member)
        widget_attrs.setdefault("id", f"id_{name}")
        context["widget"]["suggestions_id"] = f"{widget_attrs['id']}-language"
        return context


def _text(label: str, *, required: bool = False, help_text: str = "", max_length: int = 0) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=max_length or None,
        widget=forms.TextInput(attrs={"class": INPUT}),
        error_messages={
            "required": f"Enter the {label.lower()}",
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
    )


class GlossarySearchForm(forms.Form):
    q = search_field("Search the glossary")
    category = filter_field("Category", [("", "All categories"), *Category.choices])


class LexiconSearchForm(forms.Form):
    q = search_field("Search entries")
    status = filter_field(
        "Show", [("", "Enabled and disabled"), ("enabled", "Enabled"), ("disabled", "Disabled")]
    )


RULE_LABELS = {
    "not_after": "Not after these words (optional)",
    "not_before": "Not before these words (optional)",
    "only_after": "Only after these words (optional)",
    "only_before": "Only before these words (optional)",
    "unless_near": "Not when these words are in the same sentence (optional)",
    "only_near": "Only when these words are in the same sentence (optional)",
}


class LexiconEntryForm(forms.Form):
    """One lexicon entry, in the same cells as the CSV (lists separated by |)."""

    term = _text("Term", required=True, max_length=200, help_text="For example, abscond")
    variants = _text(
        "Other forms (optional)",
        help_text="Separate them with |, for example: went missing from care|absconder",
    )
    category = forms.ChoiceField(
        label="Category",
        choices=[("", "Choose a category"), *Category.choices],
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={"required": "Choose a category"},
    )
    alternatives = _text(
        "Say instead",
        required=True,
        max_length=500,
        help_text="One to three alternatives, separated by |",
    )
    advice = _text(
        "Which of these are advice (optional)",
        max_length=500,
        help_text=(
            "Alternatives that are instructions, such as describe what happened, separated by |."
            " They are shown as text and never put into anyone's writing. The others must fit"
            " where the term stood: write a verb's base form (run away) and a noun's singular"
        ),
    )
    reason = forms.CharField(
        label="Why",
        help_text="One sentence",
        widget=forms.Textarea(attrs={"class": TEXTAREA, "rows": "2"}),
        error_messages={"required": "Enter why the term is flagged"},
    )
    source = _text("Source (optional)", max_length=300)
    inflection = forms.ChoiceField(
        label="Inflection",
        required=False,
        choices=Inflection.choices,
        initial="none",
        help_text="Which forms are generated from the term",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in RULE_FIELDS:
            self.fields[name] = _text(
                RULE_LABELS[name], help_text="Words or phrases separated by |"
            )


class LexiconImportForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        help_text=(
            "The same columns as the export: term, category, alternatives and reason at least"
        ),
        widget=forms.ClearableFileInput(attrs={"class": "govuk-file-upload", "accept": ".csv"}),
        error_messages={"required": "Select a CSV file"},
    )

    MAX_BYTES = 2 * 1024 * 1024

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("The file must be smaller than 2 MB")
        try:
            return str(upload.read().decode("utf-8"))
        except UnicodeDecodeError as error:
            raise forms.ValidationError("The file must be a CSV saved as UTF-8") from error


class PreferenceForm(forms.Form):
    term = _text(
        "Word or phrase they prefer",
        required=True,
        max_length=100,
        help_text=(
            "For example, care leaver. The checker will not suggest changing it on their records."
        ),
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"class": TEXTAREA, "rows": "2"}),
        error_messages={"max_length": "The note must be 500 characters or fewer"},
    )


class LeadForm(forms.Form):
    email = forms.EmailField(
        label="Email address of the member of staff",
        widget=forms.EmailInput(attrs={"class": INPUT, "autocomplete": "off"}),
        error_messages={
            "required": "Enter the email address of the member of staff",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )


class TryForm(forms.Form):
    """The demonstration record: one checked text field."""

    text = forms.CharField(
        label="Write a note",
        help_text="Nothing you write here is stored.",
        max_length=20000,
        widget=LanguageCheckedTextarea(attrs={"rows": "6"}),
        error_messages={
            "required": "Enter some text to check",
            "max_length": "The note must be 20,000 characters or fewer",
        },
    )


class SuggestForm(forms.Form):
    """What the suggestions endpoint reads (from the script, not from a person)."""

    text = forms.CharField(required=False, max_length=50000, strip=False)
    member = forms.UUIDField(required=False)
    field = forms.CharField(required=False, max_length=100)


class FeedbackForm(forms.Form):
    term = forms.CharField(max_length=200)
    outcome = forms.ChoiceField(choices=[("accepted", "accepted"), ("kept", "kept")])
    reason = forms.ChoiceField(required=False, choices=[("", ""), *KeptReason.choices])


class ReportForm(forms.Form):
    """ "This isn't right here" (from the script): the field's text and where the term is.

    The text is read to work out the sentence's masked shape and is not stored.
    """

    term = forms.CharField(max_length=200)
    text = forms.CharField(max_length=50000, strip=False)
    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=1)
    field = forms.CharField(required=False, max_length=100)
    page = forms.CharField(required=False, max_length=500)
    member = forms.UUIDField(required=False)
    reason = forms.ChoiceField(required=False, choices=[("", ""), *ReportReason.choices])
