"""Forms for conversations and meetings: recording them, inviting people, arranging, moving and
cancelling. They read and check input; the services do the writing and hold the rules."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django import forms

from restorative.core.forms import date_field, select_field, text_field
from restorative.people.models import Family, FamilyMember

from ..models import (
    CONFERENCE_OUTCOMES,
    EVENT_TRIGGERS,
    ConferenceOutcome,
    Decision,
    Meeting,
    MeetingParticipant,
    MeetingType,
    PlanCategory,
    Question,
    RestorativeConversation,
    SocialDiscipline,
)
from .fields import (
    INPUT,
    NO_AUTOCOMPLETE,
    SELECT,
    OtherPeopleMixin,
    UUIDChoiceField,
    UUIDMultipleChoiceField,
    chair_field,
    chair_label,
    family_member_choice,
    free_text,
    members_field,
    own_words,
    professionals_field,
    radio_choice,
    staff_label,
    token_field,
    yes_no_field,
)


class ConversationForm(OtherPeopleMixin, forms.Form):
    held_on = date_field("Date of the conversation")
    setting = radio_choice(
        "Where the conversation took place",
        RestorativeConversation.Setting.choices,
        "Choose where the conversation took place",
    )
    setting_detail = text_field(
        "What the other contact was",
        required=False,
        max_length=200,
        too_long_message="Keep this to 200 characters or fewer",
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
        self.fields["members"] = members_field(family, "Family members who took part")
        self._add_other_people()

    # The date, the other contact's detail and who took part are checked by
    # `services.conversation_create`; the view shows its errors on these fields.


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
    case_reference = text_field(
        "Case reference of the family",
        name="Case reference",
        max_length=40,
        width=20,
        attrs={"spellcheck": "false"},
        required_message="Enter the case reference of the family",
    )


class MeetingScheduleForm(OtherPeopleMixin, forms.Form):
    meeting_type = select_field(
        "Type of meeting",
        [("", "Choose the type of meeting"), *MeetingType.choices],
        message="Choose the type of meeting from the list",
        required_message="Choose the type of meeting",
    )
    trigger = select_field(
        "What started the timescale (optional)",
        [("", "Nothing, or not known"), *[(t.value, t.label) for t in EVENT_TRIGGERS]],
        required=False,
        message="Choose what started the timescale from the list",
        help_text=(
            "For an initial conference, the strategy discussion; "
            "for a youth justice panel, the referral order"
        ),
    )
    trigger_date = date_field(
        "Date it happened (optional)", name="Date it happened", required=False
    )
    about_conflict = forms.BooleanField(
        label="This circle is about conflict",
        required=False,
        help_text="For a restorative circle held because of conflict in the family, the "
        "placement or the community (counted in the outcome measures)",
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
    venue = select_field(
        "In person or online",
        [("", "Choose one"), *Meeting.Venue.choices],
        message="Choose in person or online",
    )
    place = text_field("Place or link (optional)", name="Place", required=False, max_length=300)
    chair_name = text_field(
        "Independent chair or coordinator (optional)",
        name="Name",
        required=False,
        max_length=200,
        help_text="If the chair has no account here, for example an independent conference "
        "chair. Not for a family group conference or restorative circle: choose a member of "
        "staff with current advanced restorative training from the list",
    )
    submission_token = token_field()

    def __init__(
        self,
        *args: Any,
        family: Family,
        chairs: Any,
        professionals: Any,
        offered_chairs: Any = None,
        **kwargs: Any,
    ) -> None:
        """`chairs`: everyone who may chair some meeting of the family (the form accepts
        them; the meeting service refuses one who may not chair the type chosen, saying
        why). `offered_chairs`: those listed, the ones who may chair the type chosen; None
        before a type is chosen, when nobody is listed yet."""
        super().__init__(*args, **kwargs)
        self.fields["chair"] = chair_field(
            chairs,
            label="Chair or facilitator (optional)",
            help_text="A restorative circle or family group conference needs someone with "
            "current advanced restorative training (marked in the list)",
        )
        chair_widget: Any = self.fields["chair"].widget
        if offered_chairs is None:
            chair_widget.choices = [("", "Choose the type of meeting first")]
            self.fields["chair"].help_text = (
                "Choose the type of meeting, then select 'Show who can chair': only the people "
                "who may chair that type of meeting are listed"
            )
        else:
            chair_widget.choices = [
                ("", "Not yet chosen"),
                *[(str(chair.uuid), chair_label(chair)) for chair in offered_chairs],
            ]
        self.fields["members"] = members_field(family, "Family members and carers invited")
        self.fields["staff"] = professionals_field(professionals, "Professionals invited")
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
    experience = select_field(
        "How did the meeting feel to the family? (optional)",
        [("", "Not recorded"), *SocialDiscipline.choices],
        required=False,
        message="Choose from the list",
    )
    experience_given_by = select_field(
        "Who said so",
        [("", "Not recorded"), *Meeting.ExperienceGivenBy.choices],
        required=False,
        message="Choose from the list",
    )

    FGC_SECTIONS = ("information_giving", "family_plan")

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        if meeting.is_family_group_conference:
            self.fields["information_giving"] = forms.CharField(
                label="Information giving", required=False, widget=free_text()
            )
            self._add_private_family_time_fields(meeting)
            self.fields["family_plan"] = forms.CharField(
                label="The family's plan", required=False, widget=free_text()
            )
            self.fields["plan_agreed"] = yes_no_field("Was the family's plan agreed?", "Not yet")
        self.add_outcome_fields(meeting)
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
            self.fields[names["attendance"]] = select_field(
                "Attendance",
                MeetingParticipant.Attendance.choices,
                initial=participant.attendance,
                message="Choose from the list",
            )
            self.fields[names["view_given_by"]] = select_field(
                "How their view was given",
                MeetingParticipant.ViewGivenBy.choices,
                required=False,
                initial=participant.view_given_by,
                message="Choose from the list",
            )
            self.fields[names["view_not_given_reason"]] = text_field(
                "If not given, why not",
                name="Reason",
                required=False,
                max_length=300,
                initial=participant.view_not_given_reason,
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
        # The date and who gave the experience are `services.meeting_record`'s rules; each
        # participant's view is checked here too, as the service names them by UUID, not by
        # this form's fields.
        data = super().clean() or {}
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

    # --- A child protection conference's outcome (it drives the chain) ---------------------

    def add_outcome_fields(self, meeting: Meeting) -> None:
        """An initial conference: was a plan made, and under which category; a review: does
        the plan continue or end. Required: the chain of meetings depends on it."""
        outcomes = CONFERENCE_OUTCOMES.get(meeting.meeting_type)
        self.has_outcome = outcomes is not None
        if outcomes is None:
            return
        initial = meeting.meeting_type == MeetingType.INITIAL_CONFERENCE
        self.fields["conference_outcome"] = radio_choice(
            "Was a child protection plan made?"
            if initial
            else "Does the child protection plan continue?",
            [(value, ConferenceOutcome(value).label) for value in outcomes],
            "Choose whether a child protection plan was made"
            if initial
            else "Choose whether the child protection plan continues",
        )
        self.fields["conference_outcome"].initial = meeting.conference_outcome or None
        if initial:
            self.fields["plan_category"] = select_field(
                "Category of the plan (if a plan was made)",
                [("", "Choose a category"), *PlanCategory.choices],
                required=False,
                initial=meeting.plan_category,
                message="Choose the category from the list",
            )

    def outcome(self) -> dict[str, Any]:
        """The outcome as `services.meeting_record` takes it (nothing for other meetings)."""
        if not self.has_outcome:
            return {}
        return {
            "conference_outcome": self.cleaned_data.get("conference_outcome", ""),
            "plan_category": self.cleaned_data.get("plan_category", ""),
        }

    def _add_private_family_time_fields(self, meeting: Meeting) -> None:
        """Private family time belongs to the family: only whether it happened, how long and
        who was there are asked, never what was said (DESIGN.md privacy rule 6)."""
        self.fields["private_family_time_held"] = yes_no_field(
            "Did the family have private time?",
            "Not recorded",
            initial=meeting.private_family_time_held,
            help_text="What was said in private family time belongs to the family: it is not "
            "recorded here",
        )
        self.fields["private_family_time_minutes"] = forms.IntegerField(
            label="How long it lasted, in minutes (optional)",
            required=False,
            min_value=1,
            max_value=720,
            initial=meeting.private_family_time_minutes,
            widget=forms.NumberInput(attrs={"class": f"{INPUT} govuk-input--width-4"}),
            error_messages={
                "invalid": "How long it lasted must be a number of minutes, like 60",
                "min_value": "How long it lasted must be between 1 and 720 minutes",
                "max_value": "How long it lasted must be between 1 and 720 minutes",
            },
        )
        family_side = [
            p for p in meeting.participants.all() if p.kind != MeetingParticipant.Kind.PROFESSIONAL
        ]
        self.fields["private_family_time_present"] = forms.MultipleChoiceField(
            label="Who was there (optional)",
            required=False,
            choices=[(p.uuid.hex, p.display_name) for p in family_side],
            initial=[p.uuid.hex for p in family_side if p.in_private_family_time],
            widget=forms.CheckboxSelectMultiple,
            error_messages={"invalid_choice": "Choose people invited to this meeting"},
        )

    def private_family_time(self) -> Any:
        """The private family time record for `services.meeting_record` (None if not an FGC)."""
        from ..services import PrivateFamilyTime

        if not self.meeting.is_family_group_conference:
            return None
        data = self.cleaned_data
        return PrivateFamilyTime(
            held=data.get("private_family_time_held"),
            minutes=data.get("private_family_time_minutes"),
            present=tuple(uuid.UUID(v) for v in data.get("private_family_time_present") or ()),
        )

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
    family_position = radio_choice(
        "Did the family agree?", Decision.FamilyPosition.choices, "Choose whether the family agreed"
    )
    family_view = forms.CharField(
        label="The family's view, in their own words",
        required=False,
        help_text="Needed when the family had reservations or disagreed",
        widget=own_words(3),
    )
    submission_token = token_field()
    # The family's view when they did not agree is `services.decision_add`'s rule.


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
    name = text_field(
        "Their name (if someone else)",
        name="Name",
        required=False,
        max_length=200,
        attrs=NO_AUTOCOMPLETE,
    )
    role = text_field(
        "Who they are (if someone else, optional)",
        name="Role",
        required=False,
        max_length=200,
        help_text="For example, 'Family friend' or 'Advocate'",
        attrs=NO_AUTOCOMPLETE,
    )

    def __init__(self, *args: Any, family: Family, professionals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"] = family_member_choice(family)
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
        self.fields["staff"].label_from_instance = staff_label  # type: ignore[attr-defined]

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
        from ..services import OtherPerson

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


class MeetingArrangeForm(OtherPeopleMixin, forms.Form):
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
        self.fields["chair"] = chair_field(
            chairs,
            label="Chair or facilitator" if needs_lead else "Chair or facilitator (optional)",
            help_text=(
                "Only people with current advanced restorative training may lead this meeting"
                if needs_lead
                else ""
            ),
        )
        if needs_lead:
            # A typed-in name cannot be checked for training (the service refuses it too).
            del self.fields["chair_name"]
        if with_invitations:
            invited = {p.member_id for p in meeting.participants.all() if p.member_id}
            invited_staff = {p.staff_id for p in meeting.participants.all() if p.staff_id}
            self.fields["members"] = members_field(
                meeting.family, "Family members and carers to invite (optional)"
            )
            self.fields["members"].queryset = (  # type: ignore[attr-defined]
                FamilyMember.objects.filter(family=meeting.family).exclude(pk__in=invited)
            )
            self.fields["staff"] = professionals_field(
                professionals.exclude(pk__in=invited_staff), "Professionals to invite (optional)"
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
