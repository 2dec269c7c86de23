"""What a respondent and an inviter may type. The rules are the services'; these only ask."""

from __future__ import annotations

import contextlib
import datetime
import re
from typing import Any

from django import forms
from django.utils.text import slugify

from restorative.core.forms import select_field, text_field, whole_number_field
from restorative.people.models import FamilyMember

from ..models import Survey, SurveyInvitation, SurveyQuestion, SurveyVersion
from ..models.surveys import Audience, QuestionKind, RespondentKind, Theme
from .answers import YES_NO_UNSURE
from .selectors import Invitable
from .services import NO_QUESTIONS

YES_NO = (("yes", "Yes"), ("no", "No"))


class FeedbackForm(forms.Form):
    """The survey as a form: one field per question (checked again by the service), and the
    two choices every respondent has: whether the worker reads it, and whether to be
    contacted."""

    def __init__(self, *args: Any, invitation: SurveyInvitation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions: list[SurveyQuestion] = list(invitation.version.questions.all())
        for question in self.questions:
            name = f"q{question.pk}"
            if question.kind == "free_text":
                field: forms.Field = forms.CharField(
                    label=question.text, required=False, widget=forms.Textarea(attrs={"rows": 4})
                )
            elif question.kind == "scale_0_10":
                field = forms.ChoiceField(
                    label=question.text,
                    required=False,
                    choices=[(str(n), str(n)) for n in range(11)],
                    widget=forms.RadioSelect,
                )
            elif question.kind == "faces_1_5":
                field = forms.ChoiceField(
                    label=question.text,
                    required=False,
                    choices=[(str(v), words) for v, words in question.choices],
                    widget=forms.RadioSelect,
                )
            elif question.kind == "yes_no_unsure":
                field = forms.ChoiceField(
                    label=question.text,
                    required=False,
                    choices=YES_NO_UNSURE,
                    widget=forms.RadioSelect,
                )
            else:
                field = forms.ChoiceField(
                    label=question.text,
                    required=False,
                    choices=[(str(v), words) for v, words in question.choices],
                    widget=forms.RadioSelect,
                )
            field.help_text = question.hint
            # The service decides what is allowed; the form passes any value through to it,
            # so an answer of 11 gets the service's message, not the form's.
            field.validate = lambda value: None  # type: ignore[method-assign]
            field.question = question  # type: ignore[attr-defined]
            self.fields[name] = field
        worker = invitation.practitioner.first_name if invitation.practitioner else "Your worker"
        if invitation.respondent_kind != RespondentKind.PARTNER:
            self.fields["share"] = forms.ChoiceField(
                label=f"Can {worker}, your worker, read your answers too?",
                choices=YES_NO,
                initial="no",
                widget=forms.RadioSelect,
                required=False,
            )
        self.fields["contact"] = forms.ChoiceField(
            label="Would you like someone to get in touch with you about this?",
            choices=YES_NO,
            initial="no",
            widget=forms.RadioSelect,
            required=False,
        )

    def answers(self) -> dict[str, str]:
        data = self.data
        return {f"q{q.pk}": str(data.get(f"q{q.pk}", "")) for q in self.questions}

    def question_fields(self) -> list[forms.BoundField]:
        return [self[f"q{q.pk}"] for q in self.questions]


def _age(member: FamilyMember, today: datetime.date) -> int | None:
    born = member.date_of_birth
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def audience_for(person: Invitable, today: datetime.date) -> str:
    """The survey a person is offered first: by age for a child, the partners' for a partner,
    the parents' and carers' for everyone else."""
    if person.staff is not None:
        return Audience.PARTNER
    member = person.member
    if member is not None and member.kind == FamilyMember.Kind.CHILD:
        age = _age(member, today)
        if age is not None and age < 8:
            return Audience.CHILD_UNDER_8
        if age is not None and age < 13:
            return Audience.CHILD_8_12
        return Audience.CHILD_13_PLUS
    return Audience.PARENT_CARER


class InviteForm(forms.Form):
    """Who to invite of the people who took part, which survey each gets, and how."""

    channel = forms.ChoiceField(
        label="How will they get their link?",
        choices=[
            (c.value, c.label)
            for c in SurveyInvitation.Channel
            if c != SurveyInvitation.Channel.ACCOUNT
        ],
        initial=SurveyInvitation.Channel.SCREEN,
        widget=forms.RadioSelect,
        help_text="You can show the link on your screen or tablet, print it with a QR code, "
        "or send it by e-mail or text message.",
    )

    def __init__(
        self, *args: Any, people: list[Invitable], today: datetime.date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        surveys = list(Survey.objects.filter(is_active=True).order_by("name"))
        by_audience = {s.audience: s for s in surveys}
        self.rows: list[dict[str, Any]] = []
        for person in people:
            key = person.key
            self.fields[f"invite_{key}"] = forms.BooleanField(
                label=f"Invite {person.display_name}", required=False
            )
            default = by_audience.get(audience_for(person, today))
            self.fields[f"survey_{key}"] = forms.ChoiceField(
                label=f"Survey for {person.display_name}",
                choices=[(s.code, s.name) for s in surveys],
                initial=default.code if default else None,
                required=False,
            )
            self.fields[f"send_to_{key}"] = forms.CharField(
                label=f"E-mail address or mobile number for {person.display_name}",
                required=False,
                max_length=254,
                help_text="Only if you are sending the link.",
            )
            self.rows.append(
                {
                    "person": person,
                    "invite": self[f"invite_{key}"],
                    "survey": self[f"survey_{key}"],
                    "send_to": self[f"send_to_{key}"],
                }
            )

    def chosen(self) -> list[tuple[Invitable, str, str]]:
        """(person, survey code, address) for each person ticked."""
        out = []
        for row in self.rows:
            key = row["person"].key
            if self.cleaned_data.get(f"invite_{key}"):
                out.append(
                    (
                        row["person"],
                        self.cleaned_data.get(f"survey_{key}") or "",
                        self.cleaned_data.get(f"send_to_{key}") or "",
                    )
                )
        return out


class FollowUpDoneForm(forms.Form):
    note = forms.CharField(
        label="What was done?",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="For example: 'Phoned on Tuesday and arranged a visit.'",
    )


class ResultsFilterForm(forms.Form):
    """Narrow the results; every choice comes from what the person may see."""

    survey = forms.ChoiceField(label="Survey", required=False)
    service = forms.TypedChoiceField(label="Service", required=False, coerce=int, empty_value=None)
    team = forms.TypedChoiceField(label="Team", required=False, coerce=int, empty_value=None)
    meeting_type = forms.ChoiceField(label="Meeting type", required=False)
    respondent_kind = forms.ChoiceField(label="Who answered", required=False)

    def __init__(
        self, *args: Any, options: dict[str, list[tuple[Any, str]]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        everyone: list[tuple[Any, str]] = [("", "All")]
        choices = {
            "survey": everyone + options["surveys"],
            "service": everyone + [(str(k), v) for k, v in options["services"]],
            "team": everyone + [(str(k), v) for k, v in options["teams"]],
            "meeting_type": everyone + options["meeting_types"],
            "respondent_kind": everyone + options["respondent_kinds"],
        }
        for name, offered in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = offered


# --- Changing a survey's questions (quality assurance) -----------------------------------------

QUESTION_ROWS_MAX = 40
BLANK_ROWS = 2
CODE_PATTERN = re.compile(r"^[a-z0-9_-]{1,20}$")


def choices_text(choices: list[list[Any]]) -> str:
    """A question's answers as the page shows them: one a line, "code: words"."""
    return "\n".join(f"{value}: {words}" for value, words in choices)


def choices_parse(text: str, *, faces: bool) -> list[list[Any]]:
    """One answer a line. A line may start with a short code and a colon ("with: We did it
    together"): the code is what the results count, so keeping it keeps the results
    comparable; without one, a code is made from the words. Faces are numbered 1 to 5 in
    the order written, from the saddest."""
    rows: list[list[Any]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        code, colon, words = line.partition(":")
        if colon and CODE_PATTERN.match(code.strip()) and words.strip():
            code, words = code.strip(), words.strip()
        else:
            code, words = slugify(line)[:20] or f"answer-{len(rows) + 1}", line
        rows.append([code, words])
    if faces:
        return [[number, words] for number, (_, words) in enumerate(rows, start=1)]
    return rows


class SurveyEditForm(forms.Form):
    """A survey's introduction and questions, one fieldset a question, with empty ones at
    the end to add to and a box to remove one. Works with plain HTML: "Add more questions"
    posts the page back with more empty fieldsets and saves nothing. What makes a survey
    valid is checked again by `services.survey_version_publish`."""

    introduction = forms.CharField(
        label="Introduction",
        help_text="What people read before the questions.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 3}),
        error_messages={"max_length": "Introduction must be 2,000 characters or fewer"},
    )
    row_count = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        version: SurveyVersion | None,
        more: bool = False,
        **kwargs: Any,
    ) -> None:
        questions = list(version.questions.all()) if version is not None else []
        initial: dict[str, Any] = {"introduction": version.introduction if version else ""}
        for number, question in enumerate(questions, start=1):
            initial |= {
                f"q{number}-text": question.text,
                f"q{number}-hint": question.hint,
                f"q{number}-kind": question.kind,
                f"q{number}-theme": question.theme,
                f"q{number}-choices": choices_text(question.choices)
                if question.kind in (QuestionKind.CHOOSE_ONE, QuestionKind.FACES_1_5)
                else "",
                f"q{number}-required": question.required,
                f"q{number}-position": str(number),
            }
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        rows = len(questions) + BLANK_ROWS
        if self.is_bound:
            with contextlib.suppress(ValueError):
                rows = int(str(self.data.get("row_count", "")))
        rows = max(1, min(rows + (BLANK_ROWS if more else 0), QUESTION_ROWS_MAX))
        self.initial["row_count"] = rows
        if self.is_bound:
            # The page is posted back with the new number of fieldsets.
            self.data = {**{key: self.data.get(key) for key in self.data}, "row_count": str(rows)}
        self.rows: list[dict[str, Any]] = []
        kinds = [("", "Choose the kind of answer"), *QuestionKind.choices]
        for number in range(1, rows + 1):
            prefix = f"q{number}-"
            self.fields[prefix + "text"] = text_field(
                "The question", max_length=300, required=False, name=f"question {number}"
            )
            self.fields[prefix + "hint"] = text_field(
                "Hint (optional)",
                max_length=300,
                required=False,
                name=f"the hint of question {number}",
            )
            self.fields[prefix + "kind"] = select_field(
                "Kind of answer",
                kinds,
                message=f"Choose the kind of answer to question {number}",
                required=False,
            )
            self.fields[prefix + "theme"] = select_field(
                "Theme",
                Theme.choices,
                message=f"Choose a theme for question {number}",
                required=False,
                initial=Theme.OTHER,
                help_text="What the results count this answer towards.",
            )
            self.fields[prefix + "choices"] = forms.CharField(
                label="Answers to choose from",
                help_text="Only for 'Choose one' and faces. One answer a line. Keep a code "
                "before a colon (for example 'with: We did it together') to keep the results "
                "comparable; WITH, TO, FOR or NOT questions need the codes with, to, for and "
                "not. Faces: five lines, saddest first, or leave empty for the usual words.",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 4}),
                error_messages={
                    "max_length": f"The answers of question {number} must be 2,000 "
                    "characters or fewer"
                },
            )
            self.fields[prefix + "required"] = forms.BooleanField(
                label="People must answer it", required=False
            )
            self.fields[prefix + "position"] = whole_number_field(
                "Position",
                name=f"the position of question {number}",
                width=3,
                example=2,
                min_value=1,
                max_value=999,
                required=False,
                help_text="Questions are asked in this order.",
            )
            self.fields[prefix + "remove"] = forms.BooleanField(
                label="Remove this question", required=False
            )
            self.rows.append(
                {
                    "number": number,
                    "existing": number <= len(questions),
                    **{
                        name: self[prefix + name]
                        for name in (
                            "text",
                            "hint",
                            "kind",
                            "theme",
                            "choices",
                            "required",
                            "position",
                            "remove",
                        )
                    },
                }
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        questions: list[tuple[tuple[int, int, int], dict[str, Any]]] = []
        for row in self.rows:
            prefix = f"q{row['number']}-"
            if data.get(prefix + "remove"):
                continue
            text = (data.get(prefix + "text") or "").strip()
            kind = data.get(prefix + "kind") or ""
            hint = (data.get(prefix + "hint") or "").strip()
            raw_choices = data.get(prefix + "choices") or ""
            if not (text or kind or hint or raw_choices.strip()):
                continue  # an empty fieldset: nothing to add
            number = row["number"]
            if not text:
                self.add_error(prefix + "text", f"Enter the words of question {number}")
            if not kind:
                self.add_error(prefix + "kind", f"Choose the kind of answer to question {number}")
            choices: list[list[Any]] = []
            if kind in (QuestionKind.CHOOSE_ONE, QuestionKind.FACES_1_5):
                choices = choices_parse(raw_choices, faces=kind == QuestionKind.FACES_1_5)
                if kind == QuestionKind.CHOOSE_ONE and len(choices) < 2:
                    self.add_error(
                        prefix + "choices",
                        f"Write two or more answers to question {number}, one a line",
                    )
                if kind == QuestionKind.FACES_1_5 and choices and len(choices) != 5:
                    self.add_error(
                        prefix + "choices",
                        f"Write five answers for the faces of question {number}, saddest "
                        "first, or leave this empty",
                    )
                codes = [str(code) for code, _ in choices]
                if len(set(codes)) != len(codes):
                    self.add_error(
                        prefix + "choices", f"Give each answer to question {number} its own code"
                    )
            position = data.get(prefix + "position") or number
            # A question moved to a position goes before the one already there.
            questions.append(
                (
                    (position, 0 if position != number else 1, number),
                    {
                        "kind": kind,
                        "theme": data.get(prefix + "theme") or Theme.OTHER,
                        "text": text,
                        "hint": hint,
                        "choices": choices,
                        "required": bool(data.get(prefix + "required")),
                    },
                )
            )
        if not questions and not self.errors:
            self.add_error(None, NO_QUESTIONS)
        data["questions"] = [question for _, question in sorted(questions, key=lambda q: q[0])]
        return data
