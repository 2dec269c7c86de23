"""Forms for co-designed plans: the plan, its goals, actions and reviews, and changing or
ending it. They read and check input; `practice.plans` does the writing and holds the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from restorative.core.forms import date_field, text_field
from restorative.people.models import Family

from .. import selectors
from ..models import (
    Action,
    PlanReview,
)
from .fields import (
    SELECT,
    UUIDChoiceField,
    family_member_choice,
    free_text,
    members_field,
    own_words,
    radio_choice,
    staff_label,
    token_field,
)

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
    title = text_field(
        "Name of the plan",
        name="Name",
        max_length=200,
        required_message="Enter a name for the plan",
        help_text="In words the family use, for example 'Calmer mornings'",
    )
    started_on = date_field("Date the plan started")
    review_date = date_field(
        "Date of the first review (optional)", name="Review date", required=False
    )
    meeting = forms.UUIDField(required=False, widget=forms.HiddenInput)
    submission_token = token_field()
    # A review date before the start is `plans.plan_create`'s rule.


def _level_field(label: str, help_text: str = "") -> forms.TypedChoiceField:
    """A Goal Attainment Scaling level, -2 to +2, or none: scaling is optional."""
    return forms.TypedChoiceField(
        label=label,
        choices=LEVEL_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=help_text,
        widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": "Choose a level from -2 to +2"},
    )


class GoalForm(forms.Form):
    goal = forms.CharField(
        label="The goal, in the family's own words",
        widget=own_words(3),
        error_messages={"required": "Enter the goal in the family's own words"},
    )
    whose = text_field(
        "Whose goal is this?",
        max_length=200,
        required_message="Enter whose goal this is",
        too_long_message="Keep this to 200 characters or fewer",
        help_text="For example, 'Mum and Dad' or 'Jay'",
    )
    baseline_level = _level_field(
        "Where things are now (optional)",
        "Goal Attainment Scaling: -2 (much less than expected) to +2 (much more)",
    )
    expected_level = _level_field("Where the family expect to get to (optional)")
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
            self.fields[f"level_{suffix}"] = text_field(
                f"What {shown} would look like (optional)",
                required=False,
                max_length=300,
                too_long_message="Keep this to 300 characters or fewer",
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
    owner_name = text_field(
        "Name of the professional (if another professional)",
        name="Name",
        required=False,
        max_length=200,
    )
    owner_agency = text_field(
        "Their agency (if another professional)",
        name="Agency",
        required=False,
        max_length=200,
        help_text="For example, 'Hilltop Primary School'",
    )
    due_date = date_field("Date it is due by", name="Due date")
    submission_token = token_field()

    def __init__(self, *args: Any, family: Family, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_member"] = family_member_choice(family)
        self.fields["owner_staff"] = UUIDChoiceField(
            label="Member of staff (if a member of staff)",
            required=False,
            queryset=staff,
            to_field_name="uuid",
            empty_label="Choose a member of staff",
            widget=forms.Select(attrs=SELECT),
            error_messages={"invalid_choice": "Choose a member of staff from the list"},
        )
        # Name, role and team or agency: two people may share a name.
        self.fields["owner_staff"].label_from_instance = staff_label  # type: ignore[attr-defined]

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
    status = radio_choice(
        "Where has this got to?", Action.Status.choices, "Choose where the action has got to"
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
    others_present = text_field(
        "Anyone else who took part (optional)",
        required=False,
        max_length=500,
        help_text="Names and who they are, for example 'Ms Okafor, Hilltop Primary'",
        too_long_message="Keep this to 500 characters or fewer",
    )
    family_scaling = _scale_field("The family's scaling, 0 to 10")
    professional_scaling = _scale_field("The professionals' scaling, 0 to 10")
    holding = radio_choice(
        "Is the plan holding?", PlanReview.Holding.choices, "Say whether the plan is holding"
    )
    holding_words = forms.CharField(
        label="Is the plan holding? In their own words (optional)",
        required=False,
        widget=own_words(3),
    )
    submission_token = token_field()

    def __init__(self, *args: Any, plan: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"] = members_field(plan.family, "Family members who took part")
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
        # Goal Attainment Scaling: the level each scaled goal reached, labelled with what the
        # family said each level would look like.
        self.goal_rows: list[tuple[Any, str]] = []
        for goal in plan.goals.all():
            if not goal.uses_scaling:
                continue
            name = f"level_{goal.uuid}"
            described = dict(goal.level_descriptions())
            self.fields[name] = forms.TypedChoiceField(
                label="Level reached (optional)",
                choices=[
                    ("", "Not rated at this review"),
                    *[
                        (
                            str(level),
                            f"{level:+d}" + (f": {described[level]}" if described[level] else ""),
                        )
                        for level, _, _ in GoalForm.LEVELS
                    ],
                ],
                coerce=int,
                empty_value=None,
                required=False,
                help_text="0 is the expected outcome; -2 much less, +2 much more than expected",
                widget=forms.Select(attrs=SELECT),
                error_messages={"invalid_choice": "Choose a level from -2 to +2"},
            )
            self.goal_rows.append((goal, name))

    # Who took part is `plans.plan_review_record`'s rule.

    def goal_fields(self) -> list[tuple[Any, Any]]:
        return [(goal, self[name]) for goal, name in self.goal_rows]

    def goal_levels(self) -> dict[Any, int]:
        """The levels given, by goal UUID (goals not rated are left out)."""
        levels = {goal.uuid: self.cleaned_data.get(name) for goal, name in self.goal_rows}
        return {key: level for key, level in levels.items() if level is not None}

    def action_fields(self) -> list[tuple[Action, Any, Any]]:
        return [(action, self[s], self[p]) for action, s, p in self.action_rows]

    def action_records(self) -> dict[Any, tuple[str, str]]:
        return {
            action.uuid: (self.cleaned_data.get(s, ""), self.cleaned_data.get(p, "") or "")
            for action, s, p in self.action_rows
        }


# Who may own an action is a rule of the plan service (selectors.action_owner_staff); the form
# offers the same people. The old name stays for the views and the API that import it.
staff_for_actions = selectors.action_owner_staff


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

    status = ActionStatusForm.base_fields["status"]
    note = ActionStatusForm.base_fields["note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["submission_token"]

    @staticmethod
    def initial_for(action: Action) -> dict[str, Any]:
        return {**action.current_values(), "owner": action.owner_kind}


class PlanEndForm(forms.Form):
    ended_on = date_field("Date the plan ended")
    outcome = forms.CharField(
        label="Why the plan ended and how it went",
        help_text="In words the family would recognise, for example 'Mornings are calm now; "
        "Jay gets to school on time most days'",
        widget=free_text(4),
        error_messages={"required": "Say why the plan ended and how it went, in words"},
    )
