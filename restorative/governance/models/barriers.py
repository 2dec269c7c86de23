"""The barriers register (§6.5: monitor implementation and remove barriers)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from restorative.core.models import TimeStampedModel
from restorative.core.submission import OnceOnlySubmission


class Barrier(OnceOnlySubmission, TimeStampedModel):
    """Something that gets in the way of restorative practice, raised by anyone, triaged by
    leaders (owner, action, status, review date), with the outcome shown to whoever raised it.

    `service` is always set (the team's, when a team is named) so a head of service finds
    every barrier in their service by one column; neither set means the whole organisation.
    """

    class Theme(models.TextChoices):
        TIME = "time", "Time and workload"
        TRAINING = "training", "Training and skills"
        SYSTEMS = "systems", "Systems and recording"
        PROCESS = "process", "Processes and procedures"
        CULTURE = "culture", "Culture and leadership"
        PARTNERS = "partners", "Working with partners"
        RESOURCES = "resources", "Rooms, resources and budget"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        RAISED = "raised", "Raised, not yet looked at"
        ACCEPTED = "accepted", "Accepted: action under way"
        RESOLVED = "resolved", "Resolved"
        NOT_ACTIONED = "not_actioned", "Looked at: no action"

    theme = models.CharField(max_length=20, choices=Theme.choices)
    team = models.ForeignKey(
        "people.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    service = models.ForeignKey(
        "people.Service", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    description = models.TextField("What gets in the way", max_length=4000)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="barriers_raised"
    )
    name_hidden = models.BooleanField(
        default=False, help_text="Not shown to anyone but the person who raised it."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RAISED)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="barriers_owned",
    )
    action = models.TextField("What we are doing", max_length=4000, blank=True)
    review_on = models.DateField(null=True, blank=True)
    triaged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["service", "status"], name="barrier_service_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(team__isnull=True) | models.Q(service__isnull=False),
                name="barrier_team_has_service",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_theme_display()}: {self.description[:40]}"
