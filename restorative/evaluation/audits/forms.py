"""Forms for case-file audits. They read and check input; `services` decides what is stored
(a sample larger than the families, an auditor of their own team, a grade outside the scale)."""

from __future__ import annotations

from typing import Any

from django import forms

from restorative.core.forms import date_field, text_field, whole_number_field
from restorative.core.submission_forms import SubmissionTokenForm
from restorative.people.models import Service

from ..models import AuditProgramme, AuditQuestion, AuditSection, Compliance, Criterion, Grade
from .services import GRADE_MESSAGE

INPUT = "govuk-input"


def _text(label: str, *, required: bool = True, missing: str = "", help_text: str = "") -> Any:
    return forms.CharField(
        label=label,
        required=required,
        max_length=10000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": "4"}),
        error_messages={
            "required": missing or f"Enter {label.lower()}",
            "max_length": f"{label} must be 10,000 characters or fewer",
        },
    )


def _radios(label: str, choices: Any, *, missing: str, invalid: str, help_text: str = "") -> Any:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        help_text=help_text,
        widget=forms.RadioSelect,
        error_messages={"required": missing, "invalid_choice": invalid},
    )


def grade_field(label: str = "Overall grade", *, help_text: str = "") -> Any:
    return _radios(
        label, Grade.choices, missing=GRADE_MESSAGE, invalid=GRADE_MESSAGE, help_text=help_text
    )


class _StaffChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        where = obj.team.name if obj.team_id else obj.get_role_display()
        return f"{obj.display_name} ({where})"


class ProgrammeForm(SubmissionTokenForm):
    theme = forms.CharField(
        label="Theme",
        max_length=200,
        help_text="For example, the child's voice in child protection plans",
        widget=forms.TextInput(attrs={"class": INPUT}),
        error_messages={"required": "Enter the programme's theme"},
    )
    period_start = date_field("Start of the period", name="start of the period")
    period_end = date_field("End of the period", name="end of the period")
    method = _radios(
        "How to choose the families",
        AuditProgramme.Method.choices,
        missing="Choose a random sample or a targeted rule",
        invalid="Choose a random sample or a targeted rule",
    )
    rule = forms.ChoiceField(
        label="Targeting rule (for a targeted sample)",
        required=False,
        choices=[("", "Choose a rule"), *AuditProgramme.Rule.choices],
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={"invalid_choice": "Choose a rule from the list"},
    )
    service = forms.ModelChoiceField(
        label="Service (optional)",
        queryset=Service.objects.order_by("name"),
        required=False,
        to_field_name="uuid",
        empty_label="The whole organisation",
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={"invalid_choice": "Choose a service from the list"},
    )
    requested_size = whole_number_field(
        "How many families to audit",
        name="how many families",
        width=4,
        example=10,
        min_value=1,
        max_value=1000,
        help_text="Families audited in the last 12 months are left out.",
        required_message="Enter how many families to audit",
        error_messages={
            "min_value": "Sample at least 1 family",
            "max_value": "Sample 1,000 families or fewer",
        },
    )
    seed = forms.IntegerField(
        label="Seed (optional)",
        required=False,
        min_value=0,
        max_value=2**48,
        help_text="Leave empty for a new random draw. Enter a programme's seed to draw the "
        "same families again and check it.",
        widget=forms.TextInput(
            attrs={"class": f"{INPUT} govuk-input--width-20", "inputmode": "numeric"}
        ),
        error_messages={
            "invalid": "The seed must be a whole number",
            "min_value": "The seed must be 0 or more",
            "max_value": "The seed is too large",
        },
    )
    auditors = _StaffChoice(
        label="Auditors",
        queryset=None,
        to_field_name="uuid",
        widget=forms.CheckboxSelectMultiple,
        help_text="Nobody is given a family of their own team or of a person they supervise.",
        error_messages={
            "required": "Choose at least one auditor",
            "invalid_choice": "Choose auditors from the list",
        },
    )
    moderators = _StaffChoice(
        label="Moderators (optional)",
        queryset=None,
        required=False,
        to_field_name="uuid",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose moderators from the list"},
    )
    moderation_percent = forms.IntegerField(
        label="Share of audits to moderate, in per cent",
        initial=20,
        min_value=0,
        max_value=100,
        help_text="Every audit graded inadequate is moderated as well.",
        widget=forms.TextInput(
            attrs={"class": f"{INPUT} govuk-input--width-3", "inputmode": "numeric"}
        ),
        error_messages={
            "required": "Enter the share to moderate",
            "invalid": "The share must be a whole number, like 20",
            "min_value": "The share must be 0 or more",
            "max_value": "The share must be 100 or less",
        },
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("auditors", "moderators"):
            field: Any = self.fields[name]
            field.queryset = candidates

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("method") == AuditProgramme.Method.TARGETED and not data.get("rule"):
            self.add_error("rule", "Choose the rule that finds the families to audit")
        return data


class AuditForm(forms.Form):
    """One field per active question (`q_<uuid>`, with a note `n_<uuid>`), then the overall
    grade, its rationale and the strengths found."""

    def __init__(self, *args: Any, sections: list[AuditSection], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sections: list[tuple[AuditSection, list[tuple[str, str]]]] = []
        for section in sections:
            names = []
            for question in section.questions.all():
                key = str(question.uuid)
                if question.kind == AuditQuestion.Kind.COMPLIANCE:
                    field = _radios(
                        question.text,
                        Compliance.choices,
                        missing=f"Answer: {question.text}",
                        invalid="Answer yes, no or not applicable",
                        help_text=question.hint,
                    )
                else:
                    label = question.text
                    if question.criterion:
                        label = f"{question.text} ({Criterion(question.criterion).label})"
                    field = _radios(
                        label,
                        Grade.choices,
                        missing=f"Grade: {question.text}",
                        invalid=GRADE_MESSAGE,
                        help_text=question.hint,
                    )
                self.fields[f"q_{key}"] = field
                self.fields[f"n_{key}"] = forms.CharField(
                    label="Note on this answer (optional)",
                    required=False,
                    max_length=5000,
                    widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": "2"}),
                )
                names.append((f"q_{key}", f"n_{key}"))
            self.sections.append((section, names))
        self.fields["strengths"] = _text(
            "Strengths found", required=False, help_text="What is working well in the work."
        )
        self.fields["grade"] = grade_field()
        self.fields["rationale"] = _text(
            "Why this grade", missing="Write why you gave this overall grade"
        )

    def section_fields(self) -> list[tuple[AuditSection, list[tuple[Any, Any]]]]:
        return [
            (section, [(self[q], self[n]) for q, n in names]) for section, names in self.sections
        ]

    def answers(self) -> tuple[dict[str, str], dict[str, str]]:
        data = self.cleaned_data
        answers = {k[2:]: v for k, v in data.items() if k.startswith("q_")}
        notes = {k[2:]: v for k, v in data.items() if k.startswith("n_")}
        return answers, notes


class ReflectionForm(forms.Form):
    reflection = _text(
        "Your reflection on the findings",
        missing="Write your reflection on the findings",
        help_text="What you recognise, what you see differently, and what would help.",
    )


class ModerationForm(forms.Form):
    grade = grade_field(
        "Moderated grade",
        help_text="Choose the auditor's grade to agree with it, or another to change it.",
    )
    reason = _text("Your reason", missing="Write the reason you agree with or change the grade")


class AlertForm(SubmissionTokenForm):
    concern = _text(
        "Why the child may be at risk",
        missing="Describe why the child may be at risk",
        help_text="The team manager and the head of service see this at once.",
    )


class AcknowledgeForm(forms.Form):
    action_taken = _text("What you have done", missing="Say what you have done about the concern")


# A question's words and hint, and a section's title: the same fields whether quality
# assurance adds them or rewords them in place.
def _question_text() -> forms.CharField:
    return text_field(
        "Question",
        max_length=300,
        too_long_message="The question must be 300 characters or fewer",
    )


def _question_hint() -> forms.CharField:
    return text_field(
        "Hint for the auditor (optional)",
        max_length=300,
        required=False,
        too_long_message="The hint must be 300 characters or fewer",
    )


def _section_title(label: str) -> forms.CharField:
    return text_field(
        label,
        max_length=200,
        required_message="Enter the section's title",
        too_long_message="The title must be 200 characters or fewer",
    )


class QuestionForm(forms.Form):
    section = forms.ModelChoiceField(
        label="Section",
        queryset=AuditSection.objects.order_by("position", "id"),
        to_field_name="uuid",
        empty_label="Choose a section",
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={"required": "Choose the section", "invalid_choice": "Choose a section"},
    )
    text = _question_text()
    kind = _radios(
        "Kind of question",
        AuditQuestion.Kind.choices,
        missing="Choose compliance or quality",
        invalid="Choose compliance or quality",
    )
    criterion = forms.ChoiceField(
        label="Restorative criterion (optional, quality questions only)",
        required=False,
        choices=[("", "None"), *Criterion.choices],
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    hint = _question_hint()


class SectionForm(forms.Form):
    title = _section_title("Title of the new section")


class RewordQuestionForm(forms.Form):
    """Quality assurance rewords a question in place (answered audits keep their words)."""

    text = _question_text()
    hint = _question_hint()


class RewordSectionForm(forms.Form):
    """Quality assurance retitles a section in place."""

    title = _section_title("Title of the section")
