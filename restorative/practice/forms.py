"""Forms for restorative practice. They read and check input; services do the writing."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django import forms
from django.db.models import Q

from restorative.core.forms import date_field
from restorative.language.forms import LanguageCheckedTextarea, OwnWordsTextarea
from restorative.people.models import Family, FamilyMember, Staff

from .models import (
    EVENT_TRIGGERS,
    Action,
    Decision,
    Meeting,
    MeetingParticipant,
    MeetingType,
    PlanReview,
    Question,
    RestorativeConversation,
    SocialDiscipline,
)

INPUT = "govuk-input"
SELECT = {"class": "govuk-select"}
OTHER_PEOPLE = 3


def _all_uuids(values: Any) -> bool:
    try:
        for value in values:
            uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        return False
    return True


class UUIDChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A choice by UUID: anything that is not a UUID is simply not one of the choices."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and not _all_uuids([value]):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


def _chair_label(staff: Staff) -> str:
    """A chair's name, marked if they may lead a circle or conference (`may_lead`, from
    `selectors.meeting_chairs_and_professionals`)."""
    if getattr(staff, "may_lead", False):
        return f"{staff.display_name} (current advanced training)"
    return staff.display_name


class UUIDMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Several choices by UUID; a value that is not a UUID gets the field's own message."""

    def _check_values(self, value: Any) -> Any:
        if not _all_uuids(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super()._check_values(value)  # type: ignore[misc]


def free_text(rows: int = 5, member: Any = None) -> forms.Textarea:
    """A free-text box with the restorative language checker (docs/decisions/0007).

    Suggestions appear as people type when JavaScript runs; without it the box is a plain
    GOV.UK textarea. `member` is the person the words are about (their preferred words are
    never flagged). Form pages load the script with language/checker_script.html.
    """
    return LanguageCheckedTextarea(attrs={"rows": str(rows)}, member=member)


def own_words(rows: int = 5) -> forms.Textarea:
    """A free-text box for a person's own words (quotations): the language checker does not
    run on it, as nobody's own words are ours to correct (docs/decisions/0007)."""
    return OwnWordsTextarea(attrs={"rows": str(rows)})


def token_field() -> forms.UUIDField:
    return forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "Reload the page and try again",
            "invalid": "Reload the page and try again",
        },
    )


class _OtherPeopleMixin:
    """Up to three people without an account (name and role) typed in."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def _add_other_people(self) -> None:
        for index in range(1, OTHER_PEOPLE + 1):
            self.fields[f"other_name_{index}"] = forms.CharField(
                label=f"Name of other person {index} (optional)",
                required=False,
                max_length=200,
                widget=forms.TextInput(attrs={"class": INPUT, "autocomplete": "off"}),
                error_messages={"max_length": "Name must be 200 characters or fewer"},
            )
            self.fields[f"other_role_{index}"] = forms.CharField(
                label=f"Who other person {index} is (optional)",
                required=False,
                max_length=200,
                help_text="For example, 'Family friend' or 'School nurse, Hilltop Primary'",
                widget=forms.TextInput(attrs={"class": INPUT, "autocomplete": "off"}),
                error_messages={"max_length": "Role must be 200 characters or fewer"},
            )

    def other_people(self) -> list[tuple[str, str]]:
        return [
            (
                self.cleaned_data.get(f"other_name_{i}", ""),
                self.cleaned_data.get(f"other_role_{i}", ""),
            )
            for i in range(1, OTHER_PEOPLE + 1)
            if self.cleaned_data.get(f"other_name_{i}", "").strip()
        ]

    def other_people_fields(self) -> list[tuple[Any, Any]]:
        form: Any = self
        return [
            (form[f"other_name_{i}"], form[f"other_role_{i}"]) for i in range(1, OTHER_PEOPLE + 1)
        ]


def _members_field(family: Family, label: str) -> UUIDMultipleChoiceField:
    return UUIDMultipleChoiceField(
        label=label,
        required=False,
        queryset=FamilyMember.objects.filter(family=family),
        to_field_name="uuid",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Choose people from this family",
            "invalid_pk_value": "Choose people from this family",
        },
    )


class ConversationForm(_OtherPeopleMixin, forms.Form):
    held_on = date_field("Date of the conversation")
    setting = forms.ChoiceField(
        label="Where the conversation took place",
        choices=RestorativeConversation.Setting.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose where the conversation took place",
            "invalid_choice": "Choose where the conversation took place",
        },
    )
    setting_detail = forms.CharField(
        label="What the other contact was",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": INPUT}),
        error_messages={"max_length": "Keep this to 200 characters or fewer"},
    )
    questions = UUIDMultipleChoiceField(
        label="Questions you asked",
        queryset=Question.objects.filter(is_active=True, question_set__is_active=True),
        to_field_name="uuid",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose the questions you asked",
            "invalid_choice": "Choose questions from the list",
            "invalid_pk_value": "Choose questions from the list",
        },
    )
    submission_token = token_field()

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"] = _members_field(family, "Family members who took part")
        self._add_other_people()

    def clean_held_on(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["held_on"]
        if value > datetime.date.today():
            raise forms.ValidationError("Date of the conversation must be today or in the past")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("setting") == RestorativeConversation.Setting.OTHER
            and not str(data.get("setting_detail", "")).strip()
        ):
            self.add_error("setting_detail", "Say what the other contact was")
        if "members" in data and not data["members"] and not self.other_people():
            self.add_error("members", "Choose who took part in the conversation")
        return data


class AnswersForm(forms.Form):
    """One box per participant and question asked, and what was agreed next."""

    agreed_next = forms.CharField(
        label="What was agreed would happen next",
        required=False,
        widget=free_text(),
    )

    def __init__(self, *args: Any, conversation: RestorativeConversation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.grid: list[tuple[Any, list[tuple[Question, str]]]] = []
        questions = list(conversation.questions.all())
        for participant in conversation.participants.all():
            existing = {a.question_id: a.answer for a in participant.answers.all()}
            names = []
            for question in questions:
                name = f"answer_{participant.pk}_{question.pk}"
                self.fields[name] = forms.CharField(
                    label=question.text,
                    required=False,
                    initial=existing.get(question.pk, ""),
                    widget=own_words(3),
                )
                names.append((question, name))
            self.grid.append((participant, names))

    def participant_sections(self) -> list[tuple[Any, list[Any]]]:
        return [
            (participant, [self[name] for _, name in names]) for participant, names in self.grid
        ]

    def answers(self) -> dict[tuple[int, int], str]:
        return {
            (participant.pk, question.pk): self.cleaned_data.get(name, "")
            for participant, names in self.grid
            for question, name in names
        }


class FamilyChoiceForm(forms.Form):
    case_reference = forms.CharField(
        label="Case reference of the family",
        max_length=40,
        widget=forms.TextInput(
            attrs={"class": f"{INPUT} govuk-input--width-20", "spellcheck": "false"}
        ),
        error_messages={
            "required": "Enter the case reference of the family",
            "max_length": "Case reference must be 40 characters or fewer",
        },
    )


class MeetingScheduleForm(_OtherPeopleMixin, forms.Form):
    meeting_type = forms.ChoiceField(
        label="Type of meeting",
        choices=[("", "Choose the type of meeting"), *MeetingType.choices],
        widget=forms.Select(attrs=SELECT),
        error_messages={
            "required": "Choose the type of meeting",
            "invalid_choice": "Choose the type of meeting from the list",
        },
    )
    trigger = forms.ChoiceField(
        label="What started the timescale (optional)",
        required=False,
        choices=[("", "Nothing, or not known"), *[(t.value, t.label) for t in EVENT_TRIGGERS]],
        help_text=(
            "For an initial conference, the strategy discussion; "
            "for a youth justice panel, the referral order"
        ),
        widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": "Choose what started the timescale from the list"},
    )
    trigger_date = date_field(
        "Date it happened (optional)", name="Date it happened", required=False
    )
    date = date_field("Date of the meeting")
    time = forms.TimeField(
        label="Time of the meeting",
        help_text="For example, 14:30",
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        widget=forms.TimeInput(format="%H:%M", attrs={"class": f"{INPUT} govuk-input--width-5"}),
        error_messages={
            "required": "Enter the time of the meeting",
            "invalid": "Time of the meeting must be a real time, like 14:30",
        },
    )
    venue = forms.ChoiceField(
        label="In person or online",
        choices=[("", "Choose one"), *Meeting.Venue.choices],
        widget=forms.Select(attrs=SELECT),
        error_messages={
            "required": "Choose in person or online",
            "invalid_choice": "Choose in person or online",
        },
    )
    place = forms.CharField(
        label="Place or link (optional)",
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"class": INPUT}),
        error_messages={"max_length": "Place must be 300 characters or fewer"},
    )
    chair_name = forms.CharField(
        label="Independent chair or coordinator (optional)",
        required=False,
        max_length=200,
        help_text="If the chair has no account here, for example an independent conference "
        "chair. Not for a family group conference or restorative circle: choose a member of "
        "staff with current advanced restorative training from the list",
        widget=forms.TextInput(attrs={"class": INPUT}),
        error_messages={"max_length": "Name must be 200 characters or fewer"},
    )
    submission_token = token_field()

    def __init__(
        self, *args: Any, family: Family, chairs: Any, professionals: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"] = UUIDChoiceField(
            label="Chair or facilitator (optional)",
            required=False,
            queryset=chairs,
            to_field_name="uuid",
            empty_label="Not yet chosen",
            help_text="A restorative circle or family group conference needs someone with "
            "current advanced restorative training (marked in the list)",
            widget=forms.Select(attrs=SELECT),
            error_messages={"invalid_choice": "Choose the chair from the list"},
        )
        self.fields["chair"].label_from_instance = _chair_label  # type: ignore[attr-defined]
        self.fields["members"] = _members_field(family, "Family members and carers invited")
        self.fields["staff"] = UUIDMultipleChoiceField(
            label="Professionals invited",
            required=False,
            queryset=professionals,
            to_field_name="uuid",
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "invalid_choice": "Choose professionals from the list",
                "invalid_pk_value": "Choose professionals from the list",
            },
        )
        self._add_other_people()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("trigger")
            and not data.get("trigger_date")
            and "trigger_date" not in self.errors
        ):
            self.add_error("trigger_date", "Enter the date it happened")
        if data.get("trigger_date") and data["trigger_date"] > datetime.date.today():
            self.add_error("trigger_date", "Date it happened must be today or in the past")
        return data


class MeetingRecordForm(forms.Form):
    held_on = date_field("Date the meeting was held")
    what_happened = forms.CharField(label="What has happened", required=False, widget=free_text())
    who_affected = forms.CharField(
        label="Who has been affected and how", required=False, widget=free_text()
    )
    working_well = forms.CharField(label="What is working well", required=False, widget=free_text())
    worries = forms.CharField(label="What we are worried about", required=False, widget=free_text())
    next_steps = forms.CharField(
        label="What needs to happen next", required=False, widget=free_text()
    )
    experience = forms.ChoiceField(
        label="How did the meeting feel to the family? (optional)",
        required=False,
        choices=[("", "Not recorded"), *SocialDiscipline.choices],
        widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": "Choose from the list"},
    )
    experience_given_by = forms.ChoiceField(
        label="Who said so",
        required=False,
        choices=[("", "Not recorded"), *Meeting.ExperienceGivenBy.choices],
        widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": "Choose from the list"},
    )

    FGC_SECTIONS = ("information_giving", "private_family_time", "family_plan")

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        if meeting.is_family_group_conference:
            self.fields["information_giving"] = forms.CharField(
                label="Information giving", required=False, widget=free_text()
            )
            self.fields["private_family_time"] = forms.CharField(
                label="Private family time", required=False, widget=free_text()
            )
            self.fields["family_plan"] = forms.CharField(
                label="The family's plan", required=False, widget=free_text()
            )
            self.fields["plan_agreed"] = forms.TypedChoiceField(
                label="Was the family's plan agreed?",
                required=False,
                choices=[("", "Not yet"), ("yes", "Yes"), ("no", "No")],
                coerce=lambda v: {"yes": True, "no": False}.get(v),
                empty_value=None,
                widget=forms.Select(attrs=SELECT),
            )
        self.participant_rows: list[tuple[MeetingParticipant, dict[str, str]]] = []
        for participant in meeting.participants.all():
            prefix = f"p_{participant.uuid.hex}"
            is_child = participant.kind == MeetingParticipant.Kind.CHILD
            names = {
                "attendance": f"{prefix}_attendance",
                "view_given_by": f"{prefix}_given_by",
                "view_not_given_reason": f"{prefix}_reason",
                "view": f"{prefix}_view",
            }
            self.fields[names["attendance"]] = forms.ChoiceField(
                label="Attendance",
                choices=MeetingParticipant.Attendance.choices,
                initial=participant.attendance,
                widget=forms.Select(attrs=SELECT),
                error_messages={
                    "invalid_choice": "Choose from the list",
                    "required": "Choose from the list",
                },
            )
            self.fields[names["view_given_by"]] = forms.ChoiceField(
                label="How their view was given",
                required=False,
                choices=MeetingParticipant.ViewGivenBy.choices,
                initial=participant.view_given_by,
                widget=forms.Select(attrs=SELECT),
                error_messages={"invalid_choice": "Choose from the list"},
            )
            self.fields[names["view_not_given_reason"]] = forms.CharField(
                label="If not given, why not",
                required=False,
                max_length=300,
                initial=participant.view_not_given_reason,
                widget=forms.TextInput(attrs={"class": INPUT}),
                error_messages={"max_length": "Reason must be 300 characters or fewer"},
            )
            self.fields[names["view"]] = forms.CharField(
                label="Wishes and feelings, in their own words"
                if is_child
                else "Their view, in their own words",
                required=False,
                initial=participant.view,
                widget=own_words(),
            )
            self.participant_rows.append((participant, names))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("held_on") and data["held_on"] > datetime.date.today():
            self.add_error("held_on", "Date the meeting was held must be today or in the past")
        if data.get("experience") and not data.get("experience_given_by"):
            self.add_error("experience_given_by", "Say who said how the meeting felt")
        for participant, names in self.participant_rows:
            given_by = data.get(names["view_given_by"])
            if (
                given_by == MeetingParticipant.ViewGivenBy.NOT_GIVEN
                and not str(data.get(names["view_not_given_reason"], "")).strip()
            ):
                self.add_error(
                    names["view_not_given_reason"],
                    f"Say why {participant.display_name}'s view was not given",
                )
            if (
                given_by
                and given_by != MeetingParticipant.ViewGivenBy.NOT_GIVEN
                and not str(data.get(names["view"], "")).strip()
            ):
                self.add_error(
                    names["view"], f"Write {participant.display_name}'s view, in their own words"
                )
        return data

    def sections(self) -> dict[str, str]:
        names = ["what_happened", "who_affected", "working_well", "worries", "next_steps"]
        if self.meeting.is_family_group_conference:
            names += list(self.FGC_SECTIONS)
        return {name: self.cleaned_data.get(name, "") for name in names}

    def participant_fields(self) -> list[tuple[MeetingParticipant, list[Any]]]:
        return [
            (
                participant,
                [
                    self[names[key]]
                    for key in ("attendance", "view_given_by", "view_not_given_reason", "view")
                ],
            )
            for participant, names in self.participant_rows
        ]

    def participant_records(self) -> dict[uuid.UUID, dict[str, str]]:
        return {
            participant.uuid: {
                key: self.cleaned_data.get(name, "") or "" for key, name in names.items()
            }
            for participant, names in self.participant_rows
        }


class DecisionForm(forms.Form):
    decision = forms.CharField(
        label="The decision",
        widget=free_text(3),
        error_messages={"required": "Enter the decision"},
    )
    family_position = forms.ChoiceField(
        label="Did the family agree?",
        choices=Decision.FamilyPosition.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether the family agreed",
            "invalid_choice": "Choose whether the family agreed",
        },
    )
    family_view = forms.CharField(
        label="The family's view, in their own words",
        required=False,
        help_text="Needed when the family had reservations or disagreed",
        widget=own_words(3),
    )
    submission_token = token_field()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        position = data.get("family_position")
        if (
            position
            and position != Decision.FamilyPosition.AGREED
            and not str(data.get("family_view", "")).strip()
        ):
            self.add_error("family_view", "Write the family's view in their own words")
        return data


def new_token() -> str:
    return str(uuid.uuid4())


# --- Plans --------------------------------------------------------------------------------

LEVEL_CHOICES = [
    ("", "Not using scaling"),
    ("-2", "-2"),
    ("-1", "-1"),
    ("0", "0"),
    ("1", "+1"),
    ("2", "+2"),
]
SCALE_CHOICES = [("", "Choose a number"), *[(str(n), str(n)) for n in range(11)]]


class PlanForm(forms.Form):
    title = forms.CharField(
        label="Name of the plan",
        max_length=200,
        help_text="In words the family use, for example 'Calmer mornings'",
        widget=forms.TextInput(attrs={"class": INPUT}),
        error_messages={
            "required": "Enter a name for the plan",
            "max_length": "Name must be 200 characters or fewer",
        },
    )
    started_on = date_field("Date the plan started")
    review_date = date_field(
        "Date of the first review (optional)", name="Review date", required=False
    )
    meeting = forms.UUIDField(required=False, widget=forms.HiddenInput)
    submission_token = token_field()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        started, review = data.get("started_on"), data.get("review_date")
        if started and review and review < started:
            self.add_error(
                "review_date", "Review date must be on or after the date the plan started"
            )
        return data


class GoalForm(forms.Form):
    goal = forms.CharField(
        label="The goal, in the family's own words",
        widget=own_words(3),
        error_messages={"required": "Enter the goal in the family's own words"},
    )
    whose = forms.CharField(
        label="Whose goal is this?",
        max_length=200,
        help_text="For example, 'Mum and Dad' or 'Jay'",
        widget=forms.TextInput(attrs={"class": INPUT}),
        error_messages={
            "required": "Enter whose goal this is",
            "max_length": "Keep this to 200 characters or fewer",
        },
    )
    baseline_level = forms.TypedChoiceField(
        label="Where things are now (optional)",
        choices=LEVEL_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        help_text="Goal Attainment Scaling: -2 (much less than expected) to +2 (much more)",
        widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": "Choose a level from -2 to +2"},
    )
    expected_level = forms.TypedChoiceField(
        label="Where the family expect to get to (optional)",
        choices=LEVEL_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": "Choose a level from -2 to +2"},
    )
    submission_token = token_field()

    LEVELS = (
        (-2, "minus_2", "-2"),
        (-1, "minus_1", "-1"),
        (0, "0", "0"),
        (1, "plus_1", "+1"),
        (2, "plus_2", "+2"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for _, suffix, shown in self.LEVELS:
            self.fields[f"level_{suffix}"] = forms.CharField(
                label=f"What {shown} would look like (optional)",
                required=False,
                max_length=300,
                widget=forms.TextInput(attrs={"class": INPUT}),
                error_messages={"max_length": "Keep this to 300 characters or fewer"},
            )

    def level_fields(self) -> list[Any]:
        return [self[f"level_{suffix}"] for _, suffix, _ in self.LEVELS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        baseline, expected = data.get("baseline_level"), data.get("expected_level")
        if (
            (baseline is None) != (expected is None)
            and "baseline_level" in data
            and "expected_level" in data
        ):
            target = "expected_level" if expected is None else "baseline_level"
            self.add_error(
                target,
                "To use scaling, choose both where things are now "
                "and where the family expect to get to",
            )
        return data

    def descriptions(self) -> dict[int, str]:
        return {
            level: self.cleaned_data.get(f"level_{suffix}", "") for level, suffix, _ in self.LEVELS
        }


def _family_member_choice(family: Family) -> UUIDChoiceField:
    """One of this family's members, chosen from a list (an action's owner, a new invitee)."""
    return UUIDChoiceField(
        label="Family member (if a family member)",
        required=False,
        queryset=FamilyMember.objects.filter(family=family),
        to_field_name="uuid",
        empty_label="Choose a family member",
        widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": "Choose someone from this family"},
    )


class ActionForm(forms.Form):
    OWNER_CHOICES = [
        ("family", "A family member"),
        ("staff", "A member of staff"),
        ("professional", "Another professional or agency"),
    ]

    what = forms.CharField(
        label="What will be done",
        widget=free_text(3),
        error_messages={"required": "Enter what will be done"},
    )
    owner = forms.ChoiceField(
        label="Who will do it",
        choices=OWNER_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": (
                "Choose who will do this: a family member, a member of staff or a professional"
            ),
            "invalid_choice": "Choose who will do this from the list",
        },
    )
    owner_name = forms.CharField(
        label="Name of the professional (if another professional)",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": INPUT}),
        error_messages={"max_length": "Name must be 200 characters or fewer"},
    )
    owner_agency = forms.CharField(
        label="Their agency (if another professional)",
        required=False,
        max_length=200,
        help_text="For example, 'Hilltop Primary School'",
        widget=forms.TextInput(attrs={"class": INPUT}),
        error_messages={"max_length": "Agency must be 200 characters or fewer"},
    )
    due_date = date_field("Date it is due by", name="Due date")
    submission_token = token_field()

    def __init__(self, *args: Any, family: Family, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_member"] = _family_member_choice(family)
        self.fields["owner_staff"] = UUIDChoiceField(
            label="Member of staff (if a member of staff)",
            required=False,
            queryset=staff,
            to_field_name="uuid",
            empty_label="Choose a member of staff",
            widget=forms.Select(attrs=SELECT),
            error_messages={"invalid_choice": "Choose a member of staff from the list"},
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("owner")
        if kind == "family" and not data.get("owner_member") and "owner_member" not in self.errors:
            self.add_error("owner_member", "Choose the family member who will do this")
        elif kind == "staff" and not data.get("owner_staff") and "owner_staff" not in self.errors:
            self.add_error("owner_staff", "Choose the member of staff who will do this")
        elif kind == "professional" and not (
            str(data.get("owner_name", "")).strip() or str(data.get("owner_agency", "")).strip()
        ):
            self.add_error("owner_name", "Enter the name of the professional or their agency")
        return data

    def owner_parts(self) -> dict[str, Any]:
        """Only the parts of the owner the chosen kind uses (the rest are ignored)."""
        data = self.cleaned_data
        kind = data.get("owner")
        return {
            "member": data.get("owner_member") if kind == "family" else None,
            "staff": data.get("owner_staff") if kind == "staff" else None,
            "name": data.get("owner_name", "") if kind == "professional" else "",
            "agency": data.get("owner_agency", "") if kind == "professional" else "",
        }


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Where has this got to?",
        choices=Action.Status.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose where the action has got to",
            "invalid_choice": "Choose where the action has got to",
        },
    )
    note = forms.CharField(label="Note (optional)", required=False, widget=free_text(3))


def _scale_field(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=SCALE_CHOICES,
        coerce=int,
        empty_value=None,
        help_text=(
            "0 means things are as bad as they have ever been; 10 means the plan's goals are met"
        ),
        widget=forms.Select(attrs=SELECT),
        error_messages={
            "required": "Choose a number from 0 to 10",
            "invalid_choice": "Choose a number from 0 to 10",
        },
    )


class PlanReviewForm(forms.Form):
    reviewed_on = date_field("Date of the review")
    others_present = forms.CharField(
        label="Anyone else who took part (optional)",
        required=False,
        max_length=500,
        help_text="Names and who they are, for example 'Ms Okafor, Hilltop Primary'",
        widget=forms.TextInput(attrs={"class": INPUT}),
        error_messages={"max_length": "Keep this to 500 characters or fewer"},
    )
    family_scaling = _scale_field("The family's scaling, 0 to 10")
    professional_scaling = _scale_field("The professionals' scaling, 0 to 10")
    holding = forms.ChoiceField(
        label="Is the plan holding?",
        choices=PlanReview.Holding.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Say whether the plan is holding",
            "invalid_choice": "Say whether the plan is holding",
        },
    )
    holding_words = forms.CharField(
        label="Is the plan holding? In their own words (optional)",
        required=False,
        widget=own_words(3),
    )
    submission_token = token_field()

    def __init__(self, *args: Any, plan: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"] = _members_field(plan.family, "Family members who took part")
        self.action_rows: list[tuple[Action, str, str]] = []
        for action in plan.actions.all():
            status_name, progress_name = f"status_{action.uuid}", f"progress_{action.uuid}"
            self.fields[status_name] = forms.ChoiceField(
                label="Where it has got to",
                choices=Action.Status.choices,
                initial=action.status,
                widget=forms.Select(attrs=SELECT),
                error_messages={
                    "required": "Choose where the action has got to",
                    "invalid_choice": "Choose where the action has got to",
                },
            )
            self.fields[progress_name] = forms.CharField(
                label="Progress (optional)",
                required=False,
                widget=free_text(2, member=action.owner_member),
            )
            self.action_rows.append((action, status_name, progress_name))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            "members" in data
            and not data["members"]
            and not str(data.get("others_present", "")).strip()
        ):
            self.add_error("members", "Choose who took part in the review")
        return data

    def action_fields(self) -> list[tuple[Action, Any, Any]]:
        return [(action, self[s], self[p]) for action, s, p in self.action_rows]

    def action_records(self) -> dict[Any, tuple[str, str]]:
        return {
            action.uuid: (self.cleaned_data.get(s, ""), self.cleaned_data.get(p, "") or "")
            for action, s, p in self.action_rows
        }


def staff_for_actions(family: Family) -> Any:
    """Staff who can own an action: the family's team, and partner agency staff."""
    return (
        Staff.objects.filter(is_active=True)
        .filter(Q(team_id=family.team_id) | Q(role=Staff.Role.PARTNER))
        .order_by("last_name", "first_name")
    )


# --- Changing plans and meetings after they were made -------------------------------------


class PlanEditForm(forms.Form):
    title = PlanForm.base_fields["title"]
    review_date = PlanForm.base_fields["review_date"]


class GoalEditForm(GoalForm):
    """The goal form, filled in with the goal as it is (no submission token: it changes one
    existing goal, so sending it twice changes nothing more)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["submission_token"]

    @staticmethod
    def initial_for(goal: Any) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "goal": goal.goal,
            "whose": goal.whose,
            "baseline_level": goal.baseline_level,
            "expected_level": goal.expected_level,
        }
        for level, suffix, _ in GoalForm.LEVELS:
            initial[f"level_{suffix}"] = dict(goal.level_descriptions()).get(level, "")
        return initial


class ActionEditForm(ActionForm):
    """The action form plus where it has got to and a note, filled in with the action."""

    status = forms.ChoiceField(
        label="Where has this got to?",
        choices=Action.Status.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose where the action has got to",
            "invalid_choice": "Choose where the action has got to",
        },
    )
    note = forms.CharField(label="Note (optional)", required=False, widget=free_text(3))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["submission_token"]

    @staticmethod
    def initial_for(action: Action) -> dict[str, Any]:
        return {
            "what": action.what,
            "owner": action.owner_kind,
            "owner_member": action.owner_member.uuid if action.owner_member else None,
            "owner_staff": action.owner_staff.uuid if action.owner_staff else None,
            "owner_name": action.owner_name,
            "owner_agency": action.owner_agency,
            "due_date": action.due_date,
            "status": action.status,
            "note": action.note,
        }


class PlanEndForm(forms.Form):
    ended_on = date_field("Date the plan ended")
    outcome = forms.CharField(
        label="Why the plan ended and how it went",
        help_text="In words the family would recognise, for example 'Mornings are calm now; "
        "Jay gets to school on time most days'",
        widget=free_text(4),
        error_messages={"required": "Say why the plan ended and how it went, in words"},
    )


class ParticipantAddForm(forms.Form):
    """Invite one more person: a family member, a professional, or someone without an account."""

    WHO_CHOICES = [
        ("member", "A family member"),
        ("staff", "A professional with an account (our staff or a partner agency)"),
        ("other", "Someone else"),
    ]

    who = forms.ChoiceField(
        label="Who are you inviting?",
        choices=WHO_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a family member or a professional, or enter the name of "
            "someone else",
            "invalid_choice": "Choose who you are inviting from the list",
        },
    )
    name = forms.CharField(
        label="Their name (if someone else)",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": INPUT, "autocomplete": "off"}),
        error_messages={"max_length": "Name must be 200 characters or fewer"},
    )
    role = forms.CharField(
        label="Who they are (if someone else, optional)",
        required=False,
        max_length=200,
        help_text="For example, 'Family friend' or 'Advocate'",
        widget=forms.TextInput(attrs={"class": INPUT, "autocomplete": "off"}),
        error_messages={"max_length": "Role must be 200 characters or fewer"},
    )

    def __init__(self, *args: Any, family: Family, professionals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"] = _family_member_choice(family)
        self.fields["staff"] = UUIDChoiceField(
            label="Professional (if a professional)",
            required=False,
            queryset=professionals,
            to_field_name="uuid",
            empty_label="Choose a professional",
            widget=forms.Select(attrs=SELECT),
            error_messages={
                "invalid_choice": "Choose a professional from the family's team or a partner agency"
            },
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        who = data.get("who")
        if who == "member" and not data.get("member") and "member" not in self.errors:
            self.add_error("member", "Choose the family member you are inviting")
        elif who == "staff" and not data.get("staff") and "staff" not in self.errors:
            self.add_error("staff", "Choose the professional you are inviting")
        elif who == "other" and not str(data.get("name", "")).strip():
            self.add_error("name", "Enter the name of the person you are inviting")
        return data

    def person(self) -> dict[str, Any]:
        """Only the part the chosen kind uses, ready for services.participant_add."""
        from .services import OtherPerson

        data = self.cleaned_data
        who = data.get("who")
        return {
            "member": data.get("member") if who == "member" else None,
            "staff": data.get("staff") if who == "staff" else None,
            "other": OtherPerson(data.get("name", ""), data.get("role", ""))
            if who == "other"
            else None,
        }


# --- Arranging, moving and cancelling a meeting (practice/arranging.py) -------------------


class MeetingArrangeForm(_OtherPeopleMixin, forms.Form):
    """When and where a meeting is, and who chairs it; when arranging, who else to invite.

    The meeting's type and due date are fixed (the due date is a statutory commitment), so
    only what the arranging changes is asked.
    """

    date = date_field("Date of the meeting")
    time = MeetingScheduleForm.base_fields["time"]
    venue = MeetingScheduleForm.base_fields["venue"]
    place = MeetingScheduleForm.base_fields["place"]
    chair_name = MeetingScheduleForm.base_fields["chair_name"]

    def __init__(
        self,
        *args: Any,
        meeting: Meeting,
        chairs: Any,
        professionals: Any,
        with_invitations: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.with_invitations = with_invitations
        needs_lead = meeting.meeting_type in (
            MeetingType.RESTORATIVE_CIRCLE,
            MeetingType.COMMUNITY_CIRCLE,
            MeetingType.FAMILY_GROUP_CONFERENCE,
        )
        self.fields["chair"] = UUIDChoiceField(
            label="Chair or facilitator" if needs_lead else "Chair or facilitator (optional)",
            required=False,
            queryset=chairs,
            to_field_name="uuid",
            empty_label="Not yet chosen",
            help_text=(
                "Only people with current advanced restorative training may lead this meeting"
                if needs_lead
                else ""
            ),
            widget=forms.Select(attrs=SELECT),
            error_messages={"invalid_choice": "Choose the chair from the list"},
        )
        self.fields["chair"].label_from_instance = _chair_label  # type: ignore[attr-defined]
        if needs_lead:
            # A typed-in name cannot be checked for training (the service refuses it too).
            del self.fields["chair_name"]
        if with_invitations:
            invited = {p.member_id for p in meeting.participants.all() if p.member_id}
            invited_staff = {p.staff_id for p in meeting.participants.all() if p.staff_id}
            self.fields["members"] = _members_field(
                meeting.family, "Family members and carers to invite (optional)"
            )
            self.fields["members"].queryset = (  # type: ignore[attr-defined]
                FamilyMember.objects.filter(family=meeting.family).exclude(pk__in=invited)
            )
            self.fields["staff"] = UUIDMultipleChoiceField(
                label="Professionals to invite (optional)",
                required=False,
                queryset=professionals.exclude(pk__in=invited_staff),
                to_field_name="uuid",
                widget=forms.CheckboxSelectMultiple,
                error_messages={
                    "invalid_choice": "Choose professionals from the list",
                    "invalid_pk_value": "Choose professionals from the list",
                },
            )
            self._add_other_people()

    def clean_date(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["date"]
        if day < datetime.date.today():
            raise forms.ValidationError(
                "Date of the meeting must be today or in the future. If it has already been "
                "held, arrange it for today and then record it, with the day it was held"
            )
        return day


class MeetingCancelForm(forms.Form):
    reason = forms.CharField(
        label="Why is the meeting cancelled?",
        help_text="The reason stays on the family's record with the meeting",
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": "4"}),
        error_messages={
            "required": "Say why the meeting is cancelled",
            "max_length": "Reason must be 2000 characters or fewer",
        },
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Say why the meeting is cancelled")
        return reason
