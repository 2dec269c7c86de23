"""Retention rules, legal holds and disposal runs with their certificates (issue 15, point 4).

Why a run is a row: disposal is irreversible, so it is done in two steps by two people. A run
first records what it *would* remove (kind, how many, which rule, which records), then a
named person other than the one who asked approves it, and only then is it carried out, in
one transaction. The row, with its counts and approver, is the disposal certificate; it keeps
no names or free text of what was removed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from restorative.core.models import TimeStampedModel
from restorative.people.models import Family, Organisation

from .record_types import CHOICES


class RetentionRule(TimeStampedModel):
    """How long one kind of record is kept after its trigger date, and what happens then."""

    record_type = models.CharField(max_length=30, choices=CHOICES, unique=True)
    years = models.PositiveSmallIntegerField(
        help_text="Kept for this many years after the trigger."
    )
    basis = models.TextField(help_text="Why this period: the law, guidance or local decision.")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["record_type"]

    def __str__(self) -> str:
        return f"{self.get_record_type_display()}: {self.years} years"


class LegalHold(TimeStampedModel):
    """Nothing under a hold is disposed of, whatever its rule says (litigation, an inquiry,
    a complaint to the Ombudsman). A hold covers one family, or every record of one kind."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    family = models.ForeignKey(
        Family, on_delete=models.PROTECT, null=True, blank=True, related_name="legal_holds"
    )
    record_type = models.CharField(max_length=30, choices=CHOICES, blank=True)
    reason = models.TextField()
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(family__isnull=False) & models.Q(record_type=""))
                | (models.Q(family__isnull=True) & ~models.Q(record_type="")),
                name="legal_hold_one_family_or_one_kind",
            )
        ]

    def __str__(self) -> str:
        return f"Hold {self.uuid}"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


class DisposalRun(TimeStampedModel):
    """One disposal: what it would remove, who asked, who approved, when it was carried out."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Waiting for approval"
        APPROVED = "approved", "Approved, not yet carried out"
        DONE = "done", "Carried out"
        CANCELLED = "cancelled", "Cancelled"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    as_of = models.DateField(help_text="The day the periods were counted to.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    carried_out_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # [{"record_type", "label", "rule_years", "action", "basis", "count", "held"}], as reported.
    summary = models.JSONField(default=list)
    # {"record_type": [primary keys]} for families; access events by cut-off (ISO date).
    selected = models.JSONField(default=dict)
    # After carrying out: {"record_type": how many were anonymised or deleted}.
    disposed = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Disposal run {self.uuid}"

    @property
    def total(self) -> int:
        return sum(int(line["count"]) for line in self.summary)


class DisposedFamily(models.Model):
    """A family whose case record a run anonymised, so no later run selects it again. Keeps
    only the link: the family row itself now holds no name."""

    family = models.OneToOneField(Family, on_delete=models.PROTECT, related_name="+")
    run = models.ForeignKey(DisposalRun, on_delete=models.PROTECT, related_name="families")

    def __str__(self) -> str:
        return f"Family {self.family_id} anonymised by run {self.run_id}"
