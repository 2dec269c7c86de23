"""What a respondent and an inviter may type. The rules are the services'; these only ask."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from restorative.people.models import FamilyMember

from ..models import Survey, SurveyInvitation, SurveyQuestion
from ..models.surveys import Audience, RespondentKind
from .answers import YES_NO_UNSURE
from .selectors import Invitable

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
