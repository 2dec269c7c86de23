"""Forms for complaints and compliments: what a person may type and its messages. The
procedure's rules (a stage 2 needs an investigating officer, an extension a reason) are the
services'; their refusals come back beside the fields through `apply_service_errors`."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from restorative.core.forms import date_field, select_field, whole_number_field
from restorative.people.models import Service, Staff, Team

from ..form_fields import optional_record_choice
from ..models import Complaint, ComplaintElement, Compliment, OmbudsmanReferral

INPUT = "govuk-input"
SELECT = forms.Select(attrs={"class": "govuk-select"})
ELEMENT_SLOTS = 3


def _use(field: forms.Field, queryset: Any) -> None:
    """Set a model choice field's choices to the records this person may choose."""
    cast(forms.ModelChoiceField, field).queryset = queryset  # type: ignore[type-arg]


def _text(
    label: str, *, required: bool = True, message: str = "", **kwargs: Any
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=200,
        widget=forms.TextInput(attrs={"class": INPUT}),
        error_messages={
            "required": message or f"Enter {label.lower()}",
            "max_length": f"{label} must be 200 characters or fewer",
        },
        **kwargs,
    )


def _area(
    label: str, *, required: bool = True, message: str = "", **kwargs: Any
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 4}),
        error_messages={"required": message or f"Enter {label.lower()}"},
        **kwargs,
    )


def _choice(label: str, choices: Any, message: str, *, radios: bool = False) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices if radios else [("", "Choose"), *choices],
        widget=forms.RadioSelect if radios else SELECT,
        error_messages={"required": message},
    )


class StaffEmailsField(forms.CharField):
    """Members of staff named by their work e-mail addresses, one a line (a list of 5,000
    names would not be usable as a drop-down)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            required=False,
            widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 3}),
            **kwargs,
        )

    def clean(self, value: Any) -> list[Staff]:  # type: ignore[override]
        text = super().clean(value) or ""
        emails = [line.strip().lower() for line in text.replace(",", "\n").splitlines()]
        emails = [email for email in emails if email]
        found = {
            person.email: person
            for person in Staff.objects.filter(email__in=emails, is_active=True).exclude(
                role__in=[Staff.Role.PARTNER, Staff.Role.SYSTEM_ADMIN]
            )
        }
        missing = [email for email in emails if email not in found]
        if missing:
            raise forms.ValidationError(
                f"No member of staff has the e-mail address {missing[0]}: check it and try again"
            )
        return [found[email] for email in dict.fromkeys(emails)]


class ComplaintForm(forms.Form):
    procedure = _choice(
        "Which procedure", Complaint.Procedure.choices, "Choose the procedure", radios=True
    )
    received_on = date_field("Date received", name="date the complaint was received")
    complainant_kind = _choice(
        "Who made the complaint",
        Complaint.Complainant.choices,
        "Choose who made the complaint",
        radios=True,
    )
    complainant_name = _text("Complainant's name", message="Enter the complainant's name")
    complainant_contact = _area(
        "How to contact them (optional)", required=False, help_text="Address, phone or e-mail"
    )
    advocate_offer = forms.ChoiceField(
        label="If a child complained: were they offered an advocate?",
        choices=Complaint.AdvocateOffer.choices,
        initial=Complaint.AdvocateOffer.NOT_APPLICABLE,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the child was offered an advocate"},
    )
    team = optional_record_choice(
        "Team it is about",
        Team,
        what="a team",
        help_text="Leave empty for a complaint about a whole service",
    )
    service = optional_record_choice("Service it is about (if no team)", Service, what="a service")
    staff = StaffEmailsField(
        label="Members of staff it is about (optional)",
        help_text="Their work e-mail addresses, one a line. They will not be able to see it.",
    )
    family_reference = _text(
        "Family's case reference (optional)", required=False, help_text="For example, NMB-000123"
    )
    summary = _area("Summary of the complaint", message="Enter a summary of the complaint")

    def __init__(self, *args: Any, teams: Any = None, services: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _use(self.fields["team"], teams if teams is not None else Team.objects.all())
        _use(self.fields["service"], services if services is not None else Service.objects.all())
        for slot in range(1, ELEMENT_SLOTS + 1):
            optional = "" if slot == 1 else " (optional)"
            self.fields[f"element_{slot}_category"] = forms.ChoiceField(
                label=f"Element {slot}: category{optional}",
                choices=[("", "Choose a category"), *ComplaintElement.Category.choices],
                required=slot == 1,
                widget=SELECT,
                error_messages={"required": "Choose the category of the first element"},
            )
            self.fields[f"element_{slot}_description"] = forms.CharField(
                label=f"Element {slot}: what is complained about{optional}",
                required=slot == 1,
                widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 2}),
                error_messages={"required": "Describe the first element complained about"},
            )

    def elements(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        return [
            (
                data.get(f"element_{slot}_category") or "",
                data.get(f"element_{slot}_description") or "",
            )
            for slot in range(1, ELEMENT_SLOTS + 1)
        ]


class StageStartForm(forms.Form):
    number = forms.TypedChoiceField(
        label="Which stage",
        choices=[(2, "Stage 2: investigation"), (3, "Stage 3: review panel")],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the stage"},
    )
    started_on = date_field("Date the complainant asked for it", name="date asked for")
    investigating_officer = _text(
        "Investigating officer (stage 2)",
        required=False,
        help_text="Name and organisation; needed for stage 2",
    )
    independent_person = _text(
        "Independent person (stage 2)",
        required=False,
        help_text="Needed for stage 2 (regulation 17)",
    )


class ExtensionForm(forms.Form):
    working_days = whole_number_field(
        "The stage's new total of working days",
        name="the number of working days",
        width=3,
        example=20,
        min_value=1,
        max_value=200,
        help_text="Stage 1 up to 20, stage 2 up to 65",
        required_message="Enter the stage's new number of working days",
    )
    reason = _area("Reason for the extension", required=False)
    complainant_told_on = date_field(
        "Date the complainant was told", name="date the complainant was told"
    )


class StageRecordForm(forms.Form):
    panel_held_on = date_field("Panel held on (stage 3)", name="panel date", required=False)
    report_sent_on = date_field(
        "Panel's report sent on (stage 3)", name="report date", required=False
    )
    responded_on = date_field("Response sent on", name="response date", required=False)

    def __init__(self, *args: Any, stage_number: int = 1, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if stage_number != 3:
            del self.fields["panel_held_on"]
            del self.fields["report_sent_on"]
        else:
            self.fields["responded_on"].label = "Authority's response sent on"


class OutcomeForm(forms.Form):
    outcome = _choice(
        "Outcome", ComplaintElement.Outcome.choices, "Choose the outcome", radios=True
    )
    decided_on = date_field("Date decided", name="date of the decision")


class RestorativeForm(forms.Form):
    offered_on = date_field("Date a restorative meeting was offered", name="date offered")
    accepted = forms.TypedChoiceField(
        label="Did the complainant accept?",
        choices=[("", "Not answered yet"), ("yes", "Yes"), ("no", "No")],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    held_on = date_field("Date the meeting was held (optional)", name="date held", required=False)
    outcome = _area("What came of it (optional)", required=False)


class OmbudsmanForm(forms.Form):
    referred_on = date_field("Date the Ombudsman was contacted", name="date referred")
    decision = _choice(
        "The Ombudsman's decision", OmbudsmanReferral.Decision.choices, "Choose the decision"
    )
    decided_on = date_field(
        "Date of the decision (optional)", name="date of the decision", required=False
    )


class CloseForm(forms.Form):
    closed_on = date_field("Date closed", name="date closed")


class ComplimentForm(forms.Form):
    received_on = date_field("Date received", name="date the compliment was received")
    from_kind = _choice(
        "Who it is from", Compliment.From.choices, "Choose who it is from", radios=True
    )
    from_name = _text("Their name (optional)", required=False)
    team = optional_record_choice(
        "Team it is about (optional if you name staff)", Team, what="a team"
    )
    staff = StaffEmailsField(
        label="Members of staff it is about (optional if you choose a team)",
        help_text="Their work e-mail addresses, one a line. They and their manager will be told.",
    )
    theme = _choice("Theme", Compliment.Theme.choices, "Choose the theme")
    words = _area("What they said", required=False)

    def __init__(self, *args: Any, teams: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _use(self.fields["team"], teams if teams is not None else Team.objects.all())


class TimescalesForm(forms.Form):
    """The organisation's complaint timescales, in working days (the service holds the rules:
    no longer than the regulations, an extension at least the stage's own days)."""

    stage1_days = whole_number_field(
        "Stage 1: response due within", width=3, example=10, help_text="Working days"
    )
    stage1_max_days = whole_number_field(
        "Stage 1: at most, with an extension", width=3, example=20, help_text="Working days"
    )
    stage2_days = whole_number_field(
        "Stage 2: investigation due within", width=3, example=25, help_text="Working days"
    )
    stage2_max_days = whole_number_field(
        "Stage 2: at most, with an extension", width=3, example=65, help_text="Working days"
    )
    stage3_panel_days = whole_number_field(
        "Stage 3: the panel meets within",
        width=3,
        example=30,
        help_text="Working days from the request",
    )
    stage3_report_days = whole_number_field(
        "Stage 3: the panel's report within",
        width=3,
        example=5,
        help_text="Working days from the panel",
    )
    stage3_response_days = whole_number_field(
        "Stage 3: the authority's response within",
        width=3,
        example=15,
        help_text="Working days from the report",
    )
    nation = select_field(
        "Whose bank holidays count",
        [("ENG", "England"), ("WLS", "Wales"), ("SCT", "Scotland"), ("NIR", "Northern Ireland")],
        message="Choose whose bank holidays count",
    )
