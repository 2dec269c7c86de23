"""Case-file audits (policy §8; issue 12 points 1-5): programmes, the audit tool as data, the
audits of families' records with the practitioner's reflection, moderation and safeguarding
alerts.

Design notes:
- The audit tool (sections and questions) is data, seeded by `audit_tool.tool_seed_if_empty`
  and editable by quality assurance, so an authority can word its own framework.
- A programme's sample is recorded: the eligible families' ids (the population, sorted) and
  the seed, so anyone can re-run `random.Random(seed).sample(population, size)` and check it.
- An audit stores the family's team and practitioner as they were when it was drawn, so the
  reports and the "own team" rule read what was true at the time.
- The final grade is the moderator's when they changed it, else the auditor's
  (`final_grade`), kept in a column so the reports count it in the database.
"""

from __future__ import annotations

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from restorative.core.models import TimeStampedModel
from restorative.core.submission import OnceOnlySubmission
from restorative.people.models import Family, Staff, Team


class Grade(models.TextChoices):
    """The Ofsted ILACS four-point scale (instruments.md, "Quality grades")."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement to be good"
    INADEQUATE = "inadequate", "Inadequate"


class Compliance(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_APPLICABLE = "na", "Not applicable"


class Criterion(models.TextChoices):
    """The restorative criteria a quality question may measure (issue 12 point 2)."""

    CHILD_VOICE = "child_voice", "The child's voice in their own words"
    FAMILY_PART = "family_part", "The family's part in the plan"
    DECISIONS_WITH = "decisions_with", "Decisions made with the family"
    LANGUAGE = "language", "Language that does not shame or label"
    STRENGTHS = "strengths", "Strengths recorded"
    SUSTAINABILITY = "sustainability", "The plan's sustainability reviewed"


class AuditSection(TimeStampedModel):
    """A section of the audit tool, e.g. "The child's voice"."""

    title = models.CharField(max_length=200, unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class AuditQuestion(TimeStampedModel):
    """One question: compliance (yes / no / not applicable) or quality (graded on the scale)."""

    class Kind(models.TextChoices):
        COMPLIANCE = "compliance", "Compliance (yes, no or not applicable)"
        QUALITY = "quality", "Quality (graded outstanding to inadequate)"

    section = models.ForeignKey(AuditSection, on_delete=models.PROTECT, related_name="questions")
    text = models.CharField(max_length=300)
    hint = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    criterion = models.CharField(max_length=20, choices=Criterion.choices, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["section__position", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["section", "text"], name="audit_question_unique"),
        ]

    def __str__(self) -> str:
        return self.text


class AuditProgramme(OnceOnlySubmission, TimeStampedModel):
    """A themed round of case-file audits over a period, with its recorded sample."""

    class Method(models.TextChoices):
        RANDOM = "random", "Random sample"
        TARGETED = "targeted", "Targeted by a rule"

    class Rule(models.TextChoices):
        LONG_PLAN = "long_plan", "On a child protection plan for more than 15 months"
        SECOND_PLAN = "second_plan", "A second child protection plan within 2 years"
        LATE_MEETINGS = "late_meetings", "A meeting held late in the period"
        NOT_HOLDING = "not_holding", "A plan not holding at 6 months"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    theme = models.CharField(max_length=200)
    period_start = models.DateField()
    period_end = models.DateField()
    method = models.CharField(max_length=10, choices=Method.choices)
    rule = models.CharField(max_length=20, choices=Rule.choices, blank=True)
    service = models.ForeignKey(
        "people.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Only this service's families; empty for the whole organisation.",
    )
    requested_size = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    seed = models.PositiveBigIntegerField()
    drawn_on = models.DateField()
    population = models.JSONField(
        default=list, help_text="The eligible families' ids, sorted, as they were drawn from."
    )
    population_size = models.PositiveIntegerField(default=0)
    moderation_percent = models.PositiveSmallIntegerField(
        default=20, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    auditors = models.ManyToManyField(Staff, related_name="audit_programmes")
    moderators = models.ManyToManyField(Staff, related_name="moderated_programmes", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-drawn_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="audit_programme_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(method="random", rule="") | Q(method="targeted") & ~Q(rule=""),
                name="audit_programme_rule_if_targeted",
            ),
        ]

    def __str__(self) -> str:
        return self.theme

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class CaseAudit(TimeStampedModel):
    """One family's record audited in a programme, with the practitioner, not to them."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        SHARED = "shared", "Draft shared with the practitioner"
        REFLECTED = "reflected", "Practitioner's reflection added"
        FINISHED = "finished", "Finished"

    programme = models.ForeignKey(AuditProgramme, on_delete=models.CASCADE, related_name="audits")
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="case_audits")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="case_audits")
    practitioner = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="case_audits_of"
    )
    auditor = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="case_audits_by")
    drawn_on = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ASSIGNED)
    grade = models.CharField(max_length=24, choices=Grade.choices, blank=True)
    rationale = models.TextField(blank=True)
    strengths = models.TextField(blank=True, help_text="Strengths the auditor found.")
    language_findings = models.PositiveIntegerField(default=0)
    shared_at = models.DateTimeField(null=True, blank=True)
    reflection = models.TextField(blank=True)
    reflection_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reflected_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Kept with the finish so the reports filter and group by plain columns (an index, no
    # date functions per row): the local date, and its quarter as "2026 Q3".
    finished_on = models.DateField(null=True, blank=True)
    finished_quarter = models.CharField(max_length=7, blank=True)
    for_moderation = models.BooleanField(default=False)
    moderator = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    moderated_grade = models.CharField(max_length=24, choices=Grade.choices, blank=True)
    moderation_reason = models.TextField(blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    final_grade = models.CharField(max_length=24, choices=Grade.choices, blank=True)

    class Meta:
        ordering = ["programme", "id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "family"], name="case_audit_family_once"),
            models.CheckConstraint(
                condition=~Q(status="finished") | ~Q(reflection=""),
                name="case_audit_finished_with_reflection",
            ),
        ]
        indexes = [
            models.Index(fields=["family", "drawn_on"], name="case_audit_family_drawn_idx"),
            models.Index(fields=["auditor", "status"], name="case_audit_auditor_idx"),
            models.Index(fields=["practitioner", "status"], name="case_audit_practitioner_idx"),
            models.Index(fields=["finished_on"], name="case_audit_finished_idx"),
            # Holds every column the reports read, so they count from the index alone.
            models.Index(
                fields=[
                    "status",
                    "finished_on",
                    "team",
                    "programme",
                    "final_grade",
                    "finished_quarter",
                ],
                name="case_audit_report_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Audit of {self.family} in {self.programme}"

    @property
    def audit_label(self) -> str:
        """How the access trail names it: the programme's theme (never the findings)."""
        return self.programme.theme

    @property
    def is_open(self) -> bool:
        """Open while not finished and its programme is open: the auditor's access lasts
        this long."""
        return self.status != self.Status.FINISHED and self.programme.is_open

    @property
    def moderation_due(self) -> bool:
        return self.for_moderation and self.status == self.Status.FINISHED and not self.moderated_at


def quarter_label(day: datetime.date) -> str:
    """A date's quarter as the reports show it: "2026 Q3"."""
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


class AuditAnswer(TimeStampedModel):
    """The auditor's answer to one question, with a note.

    The question's words and its section's title are stored with the answer (decision 0026):
    quality assurance may reword the tool in place, and an audit already answered is read,
    exported and served by the API in the words it was answered under.
    """

    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(AuditQuestion, on_delete=models.PROTECT, related_name="+")
    question_text = models.CharField(max_length=300, blank=True)
    section_title = models.CharField(max_length=200, blank=True)
    answer = models.CharField(max_length=24)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["question__section__position", "question__position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "question"], name="audit_answer_once"),
        ]


class SafeguardingAlert(OnceOnlySubmission, TimeStampedModel):
    """A child may be at risk: raised by the auditor, acknowledged by the team manager or the
    head of service. The programme cannot close while one is open (issue 12 point 5)."""

    audit = models.ForeignKey(CaseAudit, on_delete=models.PROTECT, related_name="alerts")
    concern = models.TextField()
    raised_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    acknowledged_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    action_taken = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["acknowledged_at"], name="safeguarding_alert_open_idx")]

    def __str__(self) -> str:
        return f"Safeguarding alert on {self.audit}"

    @property
    def is_open(self) -> bool:
        return self.acknowledged_at is None
