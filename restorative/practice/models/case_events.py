"""Events from the case management system, and what each did (issue 10 point 5)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from restorative.core.models import TimeStampedModel
from restorative.people.models import Family, Staff

from .meetings import ConferenceOutcome, Meeting, MeetingType, PlanCategory

# --- Events from the case management system (issue 10 point 5) ---------------------------


class CaseEvent(TimeStampedModel):
    """An event the case management system (Mosaic, LCS, Eclipse...) sent, and what it did.

    Keyed by the sending system's own event id within the organisation, so an event sent twice
    (a retry, a re-sent file) is recognised and changes nothing the second time. Stored only
    once applied: an event refused (unknown family, a date in the future) leaves no row.
    `practice.case_events.case_event_apply` is the one way in, for the API, the CSV page and
    the command.
    """

    class Kind(models.TextChoices):
        STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion held"
        SECTION_47 = "section_47", "Section 47 enquiry started"
        CONFERENCE_OUTCOME = "conference_outcome", "Child protection conference outcome"
        PLAN_STARTED = "plan_started", "Child protection plan started"
        PLAN_ENDED = "plan_ended", "Child protection plan ended"
        LOOKED_AFTER = "looked_after", "Child became looked after"
        LOOKED_AFTER_ENDED = "looked_after_ended", "Child stopped being looked after"
        YOUTH_JUSTICE_ORDER = "youth_justice_order", "Referral order made"
        # Counted by governance's conflict reduction (issue 13 item 3); changes no meeting.
        INCIDENT = "incident", "Incident recorded (harm, conflict or a police call-out)"

    class Channel(models.TextChoices):
        API = "api", "API"
        CSV = "csv", "CSV file"
        COMMAND = "command", "Command"

    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    source_event_id = models.CharField(max_length=100)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    case_reference = models.CharField(max_length=40)
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="case_events")
    occurred_on = models.DateField()
    # What some kinds carry: the conference and its outcome, the plan's category, the order's end.
    conference = models.CharField(max_length=40, choices=MeetingType.choices, blank=True)
    conference_outcome = models.CharField(
        max_length=20, choices=ConferenceOutcome.choices, blank=True
    )
    plan_category = models.CharField(max_length=20, choices=PlanCategory.choices, blank=True)
    order_ends_on = models.DateField(null=True, blank=True)
    received_at = models.DateTimeField(default=timezone.now)
    received_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    outcome = models.TextField(help_text="What the event did to the family's meetings, in words.")
    meetings = models.ManyToManyField(Meeting, related_name="case_events", blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "source_event_id"], name="case_event_once"
            )
        ]
        indexes = [models.Index(fields=["family", "-occurred_on"], name="case_event_family_idx")]
        permissions = [("submit_case_events", "Can send events from the case management system")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.source_event_id})"
