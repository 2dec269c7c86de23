"""Complaints and compliments (issue 12 points 6 and 7; policy §8, §5, §6.5).

A complaint is made under the Children Act 1989 representations procedure (the statutory
one, for children in need, in care and care leavers, and those acting for them) or under
the authority's corporate procedure. It holds who made it, what it is about (team, staff,
optionally a family), its elements (one per matter complained of, each with a category and,
once decided, an outcome) and its stages with their working-day due dates. The due dates
are worked out by the pure rules in `evaluation.complaints.timescales` when a stage starts
or is extended and stored, so lists and the annual report read them without recounting.

The complainant's name and contact details live only on the complaint's own page: lists,
exports and the API's lists leave them out (issue 12 point 10).
"""

from __future__ import annotations

import datetime

from django.db import models

from restorative.core.models import TimeStampedModel
from restorative.people.models import Family, Service, Staff, Team

from ..complaints.timescales import STATUTORY, Timescales


class ComplaintTimescales(TimeStampedModel):
    """The organisation's complaint timescales in working days (reference/timescales.md:
    "store these as data"). Without a row the regulations' numbers apply."""

    stage1_days = models.PositiveSmallIntegerField(default=STATUTORY.stage1_days)
    stage1_max_days = models.PositiveSmallIntegerField(default=STATUTORY.stage1_max_days)
    stage2_days = models.PositiveSmallIntegerField(default=STATUTORY.stage2_days)
    stage2_max_days = models.PositiveSmallIntegerField(default=STATUTORY.stage2_max_days)
    stage3_panel_days = models.PositiveSmallIntegerField(default=STATUTORY.stage3_panel_days)
    stage3_report_days = models.PositiveSmallIntegerField(default=STATUTORY.stage3_report_days)
    stage3_response_days = models.PositiveSmallIntegerField(default=STATUTORY.stage3_response_days)
    nation = models.CharField(
        max_length=3,
        default="ENG",
        help_text="Whose bank holidays count: ENG (England and Wales), WLS, SCT or NIR.",
    )
    changed_by = models.ForeignKey(
        "people.Staff", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name_plural = "complaint timescales"

    def __str__(self) -> str:
        return "Complaint timescales"

    def as_rules(self) -> Timescales:
        return Timescales(
            stage1_days=self.stage1_days,
            stage1_max_days=self.stage1_max_days,
            stage2_days=self.stage2_days,
            stage2_max_days=self.stage2_max_days,
            stage3_panel_days=self.stage3_panel_days,
            stage3_report_days=self.stage3_report_days,
            stage3_response_days=self.stage3_response_days,
        )


class Complaint(TimeStampedModel):
    class Procedure(models.TextChoices):
        STATUTORY = "statutory", "Children Act 1989 representations procedure"
        CORPORATE = "corporate", "Corporate complaints procedure"

    class Complainant(models.TextChoices):
        CHILD = "child", "Child or young person"
        PARENT = "parent", "Parent"
        CARER = "carer", "Carer"
        ADVOCATE = "advocate", "Advocate"
        OTHER = "other", "Someone else"

    class AdvocateOffer(models.TextChoices):
        NOT_APPLICABLE = "not_applicable", "Not applicable (the complainant is not a child)"
        NOT_YET = "not_yet", "Not offered yet"
        ACCEPTED = "accepted", "Offered and accepted"
        DECLINED = "declined", "Offered and declined"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    reference = models.CharField(max_length=20, unique=True)
    procedure = models.CharField(max_length=10, choices=Procedure.choices)
    received_on = models.DateField()
    complainant_kind = models.CharField(max_length=10, choices=Complainant.choices)
    complainant_name = models.CharField(max_length=200)
    complainant_contact = models.TextField(
        blank=True, help_text="How to reach the complainant: address, phone or e-mail."
    )
    advocate_offer = models.CharField(
        max_length=20, choices=AdvocateOffer.choices, default=AdvocateOffer.NOT_APPLICABLE
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="complaints", null=True, blank=True
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="complaints")
    staff = models.ManyToManyField(
        Staff,
        related_name="complaints_about",
        blank=True,
        help_text="Members of staff the complaint is about: none of them may see it.",
    )
    family = models.ForeignKey(
        Family, on_delete=models.PROTECT, related_name="complaints", null=True, blank=True
    )
    summary = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(null=True, blank=True)
    # The offer to resolve it restoratively (policy §6.5): a restorative meeting.
    restorative_offered_on = models.DateField(null=True, blank=True)
    restorative_accepted = models.BooleanField(null=True, blank=True)
    restorative_held_on = models.DateField(null=True, blank=True)
    restorative_outcome = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, related_name="complaints_recorded"
    )

    class Meta:
        ordering = ["-received_on", "-reference"]
        indexes = [
            models.Index(fields=["received_on"], name="complaint_received_idx"),
            models.Index(fields=["team", "received_on"], name="complaint_team_received_idx"),
            models.Index(fields=["service", "received_on"], name="complaint_service_received_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="closed") | models.Q(closed_on__isnull=False),
                name="complaint_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class ComplaintElement(TimeStampedModel):
    """One matter complained of, with its category and (once decided) its outcome."""

    class Category(models.TextChoices):
        QUALITY = "quality", "Quality of service"
        COMMUNICATION = "communication", "Communication"
        STAFF_CONDUCT = "staff_conduct", "Staff attitude or conduct"
        DELAY = "delay", "Delay"
        INACCURATE = "inaccurate", "Inaccurate information in assessments"
        AVAILABILITY = "availability", "Worker availability"
        DECISION = "decision", "Disagreement with decisions"
        FAMILY_TIME = "family_time", "Family time arrangements"
        CARE_LEAVERS = "care_leavers", "Support for care leavers"
        OTHER = "other", "Other"

    class Outcome(models.TextChoices):
        UPHELD = "upheld", "Upheld"
        PARTLY_UPHELD = "partly_upheld", "Partly upheld"
        NOT_UPHELD = "not_upheld", "Not upheld"

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="elements")
    category = models.CharField(max_length=20, choices=Category.choices)
    description = models.TextField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_at_stage = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.description[:40]}"


class ComplaintStage(TimeStampedModel):
    """One stage of the procedure. `base_due_on` is the deadline without extensions,
    `due_on` with them; at stage 3 `due_on` is the panel's deadline and the report's and
    response's follow once the step before is done."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="stages")
    number = models.PositiveSmallIntegerField(
        choices=[(1, "Stage 1"), (2, "Stage 2"), (3, "Stage 3")]
    )
    started_on = models.DateField(help_text="Received, or the date the next stage was asked for.")
    working_days = models.PositiveSmallIntegerField()
    base_due_on = models.DateField()
    due_on = models.DateField()
    responded_on = models.DateField(
        null=True, blank=True, help_text="Stage 1 and 2: the response sent; stage 3: the response."
    )
    investigating_officer = models.CharField(max_length=200, blank=True)
    independent_person = models.CharField(max_length=200, blank=True)
    panel_held_on = models.DateField(null=True, blank=True)
    report_due_on = models.DateField(null=True, blank=True)
    report_sent_on = models.DateField(null=True, blank=True)
    response_due_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "number"], name="complaint_stage_once"),
            models.CheckConstraint(
                condition=~models.Q(number=2)
                | (~models.Q(investigating_officer="") & ~models.Q(independent_person="")),
                name="stage2_has_officer_and_independent_person",
            ),
        ]
        indexes = [models.Index(fields=["number", "started_on"], name="stage_number_started_idx")]

    def __str__(self) -> str:
        return f"{self.complaint.reference} stage {self.number}"

    @property
    def final_due_on(self) -> datetime.date:
        """The date the stage's last step is due: the response at stage 3 once known."""
        if self.number == 3:
            return self.response_due_on or self.report_due_on or self.due_on
        return self.due_on


class StageExtension(TimeStampedModel):
    """More time for stage 1 or 2, with the reason and when the complainant was told."""

    stage = models.ForeignKey(ComplaintStage, on_delete=models.CASCADE, related_name="extensions")
    reason = models.TextField()
    complainant_told_on = models.DateField()
    working_days = models.PositiveSmallIntegerField(help_text="The stage's new total.")
    due_on = models.DateField()
    recorded_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="extension_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.stage} extended to {self.working_days} working days"


class OmbudsmanReferral(TimeStampedModel):
    """The complainant took it to the Local Government and Social Care Ombudsman."""

    class Decision(models.TextChoices):
        PENDING = "pending", "Not decided yet"
        NOT_INVESTIGATED = "not_investigated", "Not investigated"
        FAULT = "fault", "Fault found"
        NO_FAULT = "no_fault", "No fault found"

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="ombudsman_referrals"
    )
    referred_on = models.DateField()
    decision = models.CharField(max_length=20, choices=Decision.choices, default=Decision.PENDING)
    decided_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["referred_on"]

    def __str__(self) -> str:
        return f"{self.complaint.reference} to the Ombudsman"


class Compliment(TimeStampedModel):
    """Thanks received about a member of staff or a team (counted and themed, §8)."""

    class From(models.TextChoices):
        CHILD = "child", "Child or young person"
        PARENT = "parent", "Parent"
        CARER = "carer", "Carer"
        PARTNER = "partner", "Partner agency"
        COLLEAGUE = "colleague", "Colleague"
        OTHER = "other", "Someone else"

    class Theme(models.TextChoices):
        LISTENING = "listening", "Listened and understood"
        WORKING_WITH = "working_with", "Worked with us, not to us"
        COMMUNICATION = "communication", "Kept us informed"
        RELIABILITY = "reliability", "Reliable and on time"
        SUPPORT = "support", "Practical help and support"
        OUTCOME = "outcome", "Made a difference"
        OTHER = "other", "Other"

    received_on = models.DateField()
    from_kind = models.CharField(max_length=10, choices=From.choices)
    from_name = models.CharField(max_length=200, blank=True)
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="compliments", null=True, blank=True
    )
    staff = models.ManyToManyField(Staff, related_name="compliments_about", blank=True)
    theme = models.CharField(max_length=20, choices=Theme.choices)
    words = models.TextField(help_text="What they said, as they said it.")
    recorded_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, related_name="compliments_recorded"
    )

    class Meta:
        ordering = ["-received_on", "-created_at"]
        indexes = [models.Index(fields=["received_on"], name="compliment_received_idx")]

    def __str__(self) -> str:
        return f"Compliment of {self.received_on}"


class ComplimentNotice(TimeStampedModel):
    """Telling a member of staff, or their manager, about a compliment. The product sends
    staff no e-mail, so the notice is shown on the person's "Compliments for you" list until
    they mark it read (decision in docs/decisions/0013-complaints-and-learning.md)."""

    class Reason(models.TextChoices):
        ABOUT_YOU = "about_you", "About you"
        YOUR_TEAM = "your_team", "About someone in your team, or your team"

    compliment = models.ForeignKey(Compliment, on_delete=models.CASCADE, related_name="notices")
    recipient = models.ForeignKey(
        Staff, on_delete=models.CASCADE, related_name="compliment_notices"
    )
    reason = models.CharField(max_length=10, choices=Reason.choices)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["compliment", "recipient"], name="compliment_notice_once"
            )
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notice_recipient_idx")]

    def __str__(self) -> str:
        return f"Notice to {self.recipient_id}"
