"""Findings become learning (issue 12 point 8; policy §8: "findings will inform continuous
improvement and future training needs").

A finding is anything another part of the evaluation app records and registers as a source
in `evaluation.learning_sources` (an audit finding, a moderation note, a complaint's
outcome, a feedback theme). Learning actions and training needs point back at it by kind and
UUID, not by a foreign key, so each area can add sources without this table changing; who may
see the finding is asked of the source itself, every time.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models

from restorative.core.models import TimeStampedModel
from restorative.people.models import Staff, Team
from restorative.workforce.models import Course, Session

from .surveys import Survey, Theme


class LearningAction(TimeStampedModel):
    """Something a named person will do because of a finding, by a date, with evidence."""

    source_kind = models.CharField(max_length=40)
    source_uuid = models.UUIDField()
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        related_name="learning_actions",
        null=True,
        blank=True,
        help_text="The finding's team, for who may see the action.",
    )
    what = models.TextField()
    owner = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="learning_actions")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    evidence = models.TextField(blank=True, help_text="What shows it was done.")
    raised_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["done_on", "due_on", "id"]
        indexes = [
            models.Index(fields=["source_kind", "source_uuid"], name="action_source_idx"),
            models.Index(fields=["done_on", "due_on"], name="action_done_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done_on__isnull=True) | ~models.Q(evidence=""),
                name="learning_action_done_has_evidence",
            )
        ]

    def __str__(self) -> str:
        return self.what[:60]


class TrainingNeed(TimeStampedModel):
    """Training a finding shows some people need; the workforce team links a course or a
    session that meets it."""

    source_kind = models.CharField(max_length=40)
    source_uuid = models.UUIDField()
    theme = models.CharField(max_length=200)
    roles = models.JSONField(default=list, blank=True, help_text="Staff roles who need it.")
    teams = models.ManyToManyField(Team, related_name="training_needs", blank=True)
    people_count = models.PositiveIntegerField(help_text="About how many people need it.")
    course = models.ForeignKey(
        Course, on_delete=models.SET_NULL, related_name="training_needs", null=True, blank=True
    )
    session = models.ForeignKey(
        Session, on_delete=models.SET_NULL, related_name="training_needs", null=True, blank=True
    )
    linked_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    linked_on = models.DateField(null=True, blank=True)
    raised_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["source_kind", "source_uuid"], name="need_source_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(people_count__gte=1), name="training_need_people_positive"
            )
        ]

    def __str__(self) -> str:
        return self.theme

    @property
    def role_labels(self) -> list[str]:
        labels = dict(Staff.Role.choices)
        return [str(labels.get(role, role)) for role in self.roles]

    @property
    def is_met(self) -> bool:
        return self.course_id is not None or self.session_id is not None


class FeedbackTheme(TimeStampedModel):
    """A theme quality assurance drew from what children, families and partners said in the
    feedback results (for example "not having a say in the plan" in one team over a quarter):
    a finding of its own, so it can raise learning actions and training needs like an audit
    finding or a complaint's outcome (issue 12 point 8). Figures only, never a respondent:
    the summary is quality assurance's reading of the results."""

    theme = models.CharField(max_length=20, choices=Theme.choices)
    survey = models.ForeignKey(
        Survey, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        related_name="feedback_themes",
        null=True,
        blank=True,
        help_text="The team the feedback was about; empty for the whole organisation.",
    )
    period_start = models.DateField()
    period_end = models.DateField()
    summary = models.TextField(help_text="What the feedback shows, in quality assurance's words.")
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)], help_text="Out of 100."
    )
    responses = models.PositiveIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-period_end", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="feedback_theme_period_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__lte=100),
                name="feedback_theme_score_out_of_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_theme_display()}: {self.summary[:60]}"
