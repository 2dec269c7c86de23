"""Training evaluated by those who took it (§6.1).

As with the staff survey, who has evaluated a session (`TrainingEvaluationDone`, one per
booking) and what they said (`TrainingEvaluation`, grouped by session only) are kept apart,
with random keys and no time: the workforce team reads figures per course and session, and a
facilitator reads their own only for groups of five or more (evaluation.anonymity).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from restorative.workforce.models import Booking, Session

from .wellbeing import RandomKeyField

AGREE_MIN = 1
AGREE_MAX = 5
CONFIDENCE_MIN = 0
CONFIDENCE_MAX = 10


class TrainingEvaluationDone(models.Model):
    """That the person on this booking has evaluated the session (so the task goes away)."""

    id = RandomKeyField()
    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return "Evaluated"


class TrainingEvaluation(models.Model):
    """One attendee's evaluation of one session, with nothing that leads back to them."""

    id = RandomKeyField()
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="+")
    experiential = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(AGREE_MIN), MaxValueValidator(AGREE_MAX)]
    )
    reflective = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(AGREE_MIN), MaxValueValidator(AGREE_MAX)]
    )
    trauma_informed = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(AGREE_MIN), MaxValueValidator(AGREE_MAX)]
    )
    confidence_before = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(CONFIDENCE_MIN), MaxValueValidator(CONFIDENCE_MAX)]
    )
    confidence_after = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(CONFIDENCE_MIN), MaxValueValidator(CONFIDENCE_MAX)]
    )
    will_do_differently = models.TextField(max_length=2000)

    class Meta:
        indexes = [models.Index(fields=["session"], name="training_eval_session_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    experiential__gte=AGREE_MIN,
                    experiential__lte=AGREE_MAX,
                    reflective__gte=AGREE_MIN,
                    reflective__lte=AGREE_MAX,
                    trauma_informed__gte=AGREE_MIN,
                    trauma_informed__lte=AGREE_MAX,
                    confidence_before__gte=CONFIDENCE_MIN,
                    confidence_before__lte=CONFIDENCE_MAX,
                    confidence_after__gte=CONFIDENCE_MIN,
                    confidence_after__lte=CONFIDENCE_MAX,
                ),
                name="training_evaluation_in_range",
            ),
        ]

    def __str__(self) -> str:
        return "Anonymous evaluation"
