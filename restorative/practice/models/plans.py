"""Co-designed plans, their goals, actions and reviews, and Goal Attainment Scaling (§6.2, §7)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.db.models import Q

from restorative.core.models import TimeStampedModel
from restorative.core.submission import OnceOnlySubmission
from restorative.people.models import Family, FamilyMember, Staff

from .meetings import Meeting

# --- Co-designed plans (§6.2, §7) --------------------------------------------------------


class Plan(OnceOnlySubmission, TimeStampedModel):
    """A plan made with a family, from a meeting or on its own.

    Seen by whoever sees the family and, when it came from a meeting, by partner staff invited
    to that meeting (permissions.plan_view_basis): they helped make it.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ENDED = "ended", "Ended"

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="plans")
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        help_text="The meeting the plan was made at, if any.",
    )
    title = models.CharField(max_length=200)
    started_on = models.DateField()
    review_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    ended_on = models.DateField(null=True, blank=True)
    end_outcome = models.TextField(
        blank=True, help_text="Why the plan ended and how it went, in words."
    )
    ended_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-started_on", "-id"]
        indexes = [models.Index(fields=["family", "-started_on"], name="plan_family_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_date__isnull=True) | Q(review_date__gte=models.F("started_on")),
                name="plan_review_after_start",
            ),
            # An ended plan says when it ended (never before it began); an active one has not.
            models.CheckConstraint(
                condition=(Q(status="active") & Q(ended_on__isnull=True))
                | (
                    Q(status="ended")
                    & Q(ended_on__isnull=False)
                    & Q(ended_on__gte=models.F("started_on"))
                ),
                name="plan_ended_on_when_ended",
            ),
        ]

    @property
    def is_ended(self) -> bool:
        return self.status == self.Status.ENDED

    def __str__(self) -> str:
        return self.title


GAS_LEVELS = (-2, -1, 0, 1, 2)


class Goal(OnceOnlySubmission, TimeStampedModel):
    """A goal in the family's own words, with optional Goal Attainment Scaling (-2..+2).

    GAS is optional: a goal may have no levels at all. When used, the baseline and expected
    levels are both set, and each level may carry a description of what it would look like.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    goal = models.TextField(help_text="The goal, in the family's own words.")
    whose = models.CharField(max_length=200, help_text="Whose goal this is, e.g. 'Mum and Dad'.")
    baseline_level = models.SmallIntegerField(null=True, blank=True)
    expected_level = models.SmallIntegerField(null=True, blank=True)
    level_minus_2 = models.CharField("Much less than expected (-2)", max_length=300, blank=True)
    level_minus_1 = models.CharField("Less than expected (-1)", max_length=300, blank=True)
    level_0 = models.CharField("Expected outcome (0)", max_length=300, blank=True)
    level_plus_1 = models.CharField("More than expected (+1)", max_length=300, blank=True)
    level_plus_2 = models.CharField("Much more than expected (+2)", max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(baseline_level__isnull=True) & Q(expected_level__isnull=True))
                | (
                    Q(baseline_level__gte=-2)
                    & Q(baseline_level__lte=2)
                    & Q(expected_level__gte=-2)
                    & Q(expected_level__lte=2)
                ),
                name="goal_gas_levels_both_in_range",
            )
        ]

    def __str__(self) -> str:
        return self.goal[:60]

    @property
    def uses_scaling(self) -> bool:
        return self.baseline_level is not None

    def level_descriptions(self) -> list[tuple[int, str]]:
        return [
            (-2, self.level_minus_2),
            (-1, self.level_minus_1),
            (0, self.level_0),
            (1, self.level_plus_1),
            (2, self.level_plus_2),
        ]


class Action(OnceOnlySubmission, TimeStampedModel):
    """Something someone will do, by a date. The owner is exactly one of: a family member,
    a member of staff, or a named professional or agency without an account (check constraint).
    Professionals' actions are followed up like the family's: all appear on the overdue lists.
    """

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        NOT_DONE = "not_done", "Not done"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    what = models.TextField()
    owner_member = models.ForeignKey(
        FamilyMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    owner_staff = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="plan_actions"
    )
    owner_name = models.CharField(max_length=200, blank=True)
    owner_agency = models.CharField(max_length=200, blank=True)
    due_date = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(
                fields=["due_date"],
                condition=Q(status__in=["not_started", "in_progress"]),
                name="action_open_due_idx",
            ),
            models.Index(fields=["owner_staff", "due_date"], name="action_owner_staff_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(owner_member__isnull=False)
                    & Q(owner_staff__isnull=True)
                    & Q(owner_name="")
                    & Q(owner_agency="")
                )
                | (
                    Q(owner_member__isnull=True)
                    & Q(owner_staff__isnull=False)
                    & Q(owner_name="")
                    & Q(owner_agency="")
                )
                | (
                    Q(owner_member__isnull=True)
                    & Q(owner_staff__isnull=True)
                    & (~Q(owner_name="") | ~Q(owner_agency=""))
                ),
                name="action_exactly_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.what[:60]

    # Still being worked on: not done, and not given up on.
    OPEN_STATUSES = ("not_started", "in_progress")

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, today: datetime.date) -> bool:
        """The one rule for an action being overdue: open, past its due date, and on a plan
        that has not ended (an ended plan's actions are no longer followed up, so they are
        never "overdue": not on the plan page, the family's plan document or any list).

        `overdue_q` is the same rule as a query filter, for the lists and counts.
        """
        return self.is_open and self.due_date < today and not self.plan.is_ended

    @staticmethod
    def overdue_q(today: datetime.date) -> Q:
        """`is_overdue` as a filter."""
        return Q(
            plan__status=Plan.Status.ACTIVE,
            status__in=Action.OPEN_STATUSES,
            due_date__lt=today,
        )

    def current_values(self) -> dict[str, Any]:
        """What the action says now, as a change starts from it (the edit page's form and a
        partial change through the API): the owner as the member's or staff member's uuid,
        or the professional's name and agency."""
        return {
            "what": self.what,
            "owner_member": self.owner_member.uuid if self.owner_member else None,
            "owner_staff": self.owner_staff.uuid if self.owner_staff else None,
            "owner_name": self.owner_name,
            "owner_agency": self.owner_agency,
            "due_date": self.due_date,
            "status": self.status,
            "note": self.note,
        }

    @property
    def owner_kind(self) -> str:
        if self.owner_member_id:
            return "family"
        if self.owner_staff_id:
            return "staff"
        return "professional"

    @property
    def owner_display(self) -> str:
        if self.owner_member_id and self.owner_member:
            return self.owner_member.display_name
        if self.owner_staff_id and self.owner_staff:
            return self.owner_staff.display_name
        if self.owner_name and self.owner_agency:
            return f"{self.owner_name}, {self.owner_agency}"
        return self.owner_name or self.owner_agency


class PlanReview(OnceOnlySubmission, TimeStampedModel):
    """A review of the plan: who took part, progress on each action, scaling, is it holding."""

    class Holding(models.TextChoices):
        YES = "yes", "Yes"
        PARTLY = "partly", "Partly"
        NO = "no", "No"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    members = models.ManyToManyField(FamilyMember, related_name="+", blank=True)
    others_present = models.CharField(
        max_length=500, blank=True, help_text="Anyone else who took part, and who they are."
    )
    family_scaling = models.PositiveSmallIntegerField()
    professional_scaling = models.PositiveSmallIntegerField()
    holding = models.CharField(max_length=10, choices=Holding.choices)
    holding_words = models.TextField(blank=True, help_text="Is the plan holding, in their words.")
    created_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["reviewed_on", "id"]
        indexes = [models.Index(fields=["plan", "reviewed_on"], name="plan_review_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(family_scaling__lte=10) & Q(professional_scaling__lte=10),
                name="plan_review_scaling_0_10",
            )
        ]

    def __str__(self) -> str:
        return f"Review on {self.reviewed_on}"


class ActionProgress(TimeStampedModel):
    """Progress on one action, as found at one review."""

    review = models.ForeignKey(PlanReview, on_delete=models.CASCADE, related_name="progress")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="progress")
    status = models.CharField(max_length=12, choices=Action.Status.choices)
    progress = models.TextField(blank=True)

    class Meta:
        ordering = ["action__due_date", "action_id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "action"], name="progress_once_per_review")
        ]

    def __str__(self) -> str:
        return self.get_status_display()


class GoalAttainment(TimeStampedModel):
    """The Goal Attainment Scaling level a goal reached at one review (-2..+2, 0 = expected).

    Recorded for goals that use scaling; the plan's T-score at the review (practice.gas) is
    taken over the goals rated there."""

    review = models.ForeignKey(PlanReview, on_delete=models.CASCADE, related_name="attainments")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="attainments")
    level = models.SmallIntegerField()

    class Meta:
        ordering = ["goal_id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "goal"], name="attainment_once_per_review"),
            models.CheckConstraint(
                condition=Q(level__gte=-2) & Q(level__lte=2), name="attainment_level_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level:+d}"
