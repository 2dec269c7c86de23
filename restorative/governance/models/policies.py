"""The policy register and its review cycle (§10), and staff acknowledgements."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from restorative.core.models import TimeStampedModel


class Policy(TimeStampedModel):
    """A policy or procedure the organisation keeps under review."""

    class Kind(models.TextChoices):
        POLICY = "policy", "Policy"
        PROCEDURE = "procedure", "Procedure"

    title = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.POLICY)
    summary = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "policies"

    def __str__(self) -> str:
        return self.title


class PolicyVersion(TimeStampedModel):
    """One approved version: who approved it, when, its text, and when it is next reviewed.

    `review_due_on` is two years after approval by default (§10), or the date the approver set.
    """

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="versions")
    number = models.CharField(max_length=20)
    approved_by = models.CharField(max_length=200)
    approved_on = models.DateField()
    review_due_on = models.DateField()
    text = models.TextField(blank=True)
    source_name = models.CharField(max_length=200, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["policy", "-approved_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "number"], name="policy_version_unique"),
            models.CheckConstraint(
                condition=models.Q(review_due_on__gt=models.F("approved_on")),
                name="policy_review_after_approval",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy.title} v{self.number}"


class ReviewTrigger(TimeStampedModel):
    """Something that calls for a review (§10), linked to its evidence; it may bring the
    review forward to `review_by`."""

    class Kind(models.TextChoices):
        LEGISLATION = "legislation", "Legislation or statutory guidance changed"
        EVIDENCE = "evidence", "New evidence or research"
        PRIORITIES = "priorities", "Organisational priorities changed"
        FEEDBACK = "feedback", "Feedback (families, staff, partners, complaints, barriers)"

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="triggers")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    evidence = models.CharField(
        max_length=300, help_text="Where the evidence is, e.g. a barrier, an audit finding."
    )
    # The evidence itself, when it is in this product: the barrier's page, the audit report,
    # the complaints report or the survey results (a path here, never another site's).
    evidence_link = models.CharField(max_length=300, blank=True)
    review_by = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.policy.title}: {self.get_kind_display()}"


class Acknowledgement(TimeStampedModel):
    """A member of staff has read this version."""

    version = models.ForeignKey(
        PolicyVersion, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "staff"], name="acknowledgement_once")
        ]
