"""A subject access request: a child or an adult family member asks for their records (UK
GDPR Art. 15; issue 15 point 3; decision 0024).

The request keeps its own dates (received, due, extended) and who did what to it (logged,
extended, released), so the request is its own record of how it was handled; every one of
those steps, and every download of the bundle, is also on the family's access trail.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from restorative.core.models import TimeStampedModel
from restorative.core.submission import OnceOnlySubmission
from restorative.people.models import Family, FamilyMember, Staff


class SubjectAccessRequest(OnceOnlySubmission, TimeStampedModel):
    """One request for everything held about one person (a family member)."""

    class Requester(models.TextChoices):
        SUBJECT = "subject", "The person themself"
        PARENT = "parent", "A parent or carer, for a child"
        REPRESENTATIVE = "representative", "A solicitor, advocate or other representative"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RELEASED = "released", "Released"

    member = models.ForeignKey(FamilyMember, on_delete=models.PROTECT, related_name="+")
    # Copied from the member when the request is logged, so requests list and filter by family.
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="+")
    requester = models.CharField(max_length=20, choices=Requester.choices)
    requester_name = models.CharField(
        max_length=200, blank=True, help_text="Who asked, when it was not the person themself."
    )
    received_on = models.DateField(help_text="The day the request reached the organisation.")
    due_on = models.DateField(help_text="The last day to answer (extended, if it was).")
    extended_on = models.DateField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    extended_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    logged_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    release_method = models.CharField(
        max_length=200, blank=True, help_text="How the bundle went to the requester."
    )

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(extended_on__isnull=True) | ~Q(extension_reason=""),
                name="sar_extension_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="released")
                | (Q(released_at__isnull=False) & ~Q(release_method="")),
                name="sar_released_has_when_and_how",
            ),
            models.CheckConstraint(
                condition=Q(requester="subject") | ~Q(requester_name=""),
                name="sar_requester_named",
            ),
        ]

    def __str__(self) -> str:
        return f"Subject access request received {self.received_on}"

    def audit_label(self) -> str:
        """How the access trail names the request: whose it is and when it arrived."""
        day = self.received_on
        return f"for {self.member.display_name}, received {day.day} {day:%B %Y}"
