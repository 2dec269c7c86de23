"""Restorative practice training (policy §6.1): the catalogue, sessions, bookings, completions.

The rules the workforce development team changes (which roles must complete a course, how
soon induction is due, how early "due soon" starts) are rows, not constants: they are set
locally and guidance changes (shared/reference/timescales.md).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from restorative.core.models import TimeStampedModel
from restorative.core.submission import OnceOnlySubmission
from restorative.people.models import Family, PartnerAgency, Staff

CHAMPION_GROUP = "restorative_champion"
REQUIREMENT_GROUP_CHOICES = [
    *[(value, label) for value, label in Staff.Role.choices if value != Staff.Role.PARTNER],
    (CHAMPION_GROUP, "Restorative champions (whatever their role)"),
]

# What the course form and the API say when a course's length in hours is not usable.
LENGTH_HOURS_ERRORS = {
    "required": "Enter the length in hours",
    "invalid": "Length must be a number of hours, like 3 or 6.5",
    "min_value": "Length must be at least half an hour",
    "max_value": "Length must be 999 hours or fewer",
    "max_decimal_places": "Length can have one decimal place, like 6.5",
    "max_digits": "Length must be 999 hours or fewer",
}


class TrainingSettings(TimeStampedModel):
    """The organisation's adjustable training rules. One row; see `training_settings_get`."""

    induction_due_days = models.PositiveSmallIntegerField(
        default=28,
        validators=[MinValueValidator(1)],
        help_text="Induction (including restorative practice) is due this many days after "
        "a person's start date.",
    )
    due_soon_days = models.PositiveSmallIntegerField(
        default=60,
        help_text="A completed course shows as due soon this many days before it expires.",
    )

    class Meta:
        verbose_name = "training settings"
        verbose_name_plural = "training settings"

    def __str__(self) -> str:
        return "Training settings"


class Course(TimeStampedModel):
    """One course in the catalogue. `validity_months` empty means it never needs a refresher."""

    class Kind(models.TextChoices):
        INDUCTION = "induction", "Induction"
        FOUNDATION = "foundation", "Foundation"
        ADVANCED = "advanced", "Advanced"
        CHAMPION = "champion", "Champion"
        REFRESHER = "refresher", "Refresher"
        MULTI_AGENCY = "multi_agency", "Joint multi-agency"

    class Level(models.TextChoices):
        INTRODUCTORY = "introductory", "Introductory"
        INTERMEDIATE = "intermediate", "Intermediate"
        ADVANCED = "advanced", "Advanced"

    class Delivery(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online"
        BLENDED = "blended", "Blended"

    title = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    level = models.CharField(max_length=20, choices=Level.choices)
    description = models.TextField(blank=True)
    length_hours = models.DecimalField(
        max_digits=5, decimal_places=1, validators=[MinValueValidator(0.5)]
    )
    delivery = models.CharField(max_length=20, choices=Delivery.choices)
    validity_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Months before a refresher is due. Leave empty if it never expires.",
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class CourseRequirement(TimeStampedModel):
    """A group of staff (a role, or restorative champions) who must complete a course."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="requirements")
    group = models.CharField(max_length=30, choices=REQUIREMENT_GROUP_CHOICES)

    class Meta:
        ordering = ["course", "group"]
        constraints = [
            models.UniqueConstraint(fields=["course", "group"], name="course_requirement_unique")
        ]

    def __str__(self) -> str:
        return f"{self.course}: {self.get_group_display()}"


class Session(OnceOnlySubmission, TimeStampedModel):
    """One running of a course. Partner agencies invited may see and book it (joint training)."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField()
    place = models.CharField(max_length=300, blank=True)
    online_link = models.URLField(max_length=500, blank=True)
    capacity = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    facilitators = models.ManyToManyField(Staff, related_name="facilitated_sessions", blank=True)
    partner_agencies = models.ManyToManyField(
        PartnerAgency, related_name="training_sessions", blank=True
    )
    attendance_taken_at = models.DateTimeField(null=True, blank=True)
    # The once-only token (core.submission), in the column it had before the mixin. Empty
    # for sessions made before it existed and for those made without one.
    submission_token = models.UUIDField(
        null=True, blank=True, unique=True, editable=False, db_column="submission_key"
    )

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["course", "starts_at"], name="session_course_start_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="session_capacity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.course} on {self.starts_at:%d %B %Y}"


class Booking(TimeStampedModel):
    """A person's place on a session, or on its waiting list (ordered by `created_at`)."""

    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        WAITING = "waiting", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"
        ATTENDED = "attended", "Attended"
        DID_NOT_ATTEND = "did_not_attend", "Did not attend"

    ACTIVE = (Status.BOOKED, Status.WAITING, Status.ATTENDED, Status.DID_NOT_ATTEND)
    HOLDS_PLACE = (Status.BOOKED, Status.ATTENDED, Status.DID_NOT_ATTEND)

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="bookings")
    person = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="training_bookings")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.BOOKED)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["person", "status"], name="booking_person_status_idx")]
        constraints = [
            # One live booking per person per session: a double click books once. A
            # cancelled booking stays as history and does not block booking again.
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=~Q(status="cancelled"),
                name="booking_one_active_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.session} ({self.get_status_display()})"


class Completion(TimeStampedModel):
    """Proof that a person completed a course: from a session's attendance, or imported."""

    class Source(models.TextChoices):
        SESSION = "session", "Attended a session"
        IMPORTED = "imported", "Imported record"

    person = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="training_completions")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="completions")
    completed_on = models.DateField()
    valid_until = models.DateField(
        null=True, blank=True, help_text="Last day it counts. Empty: it never expires."
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.SESSION)
    session = models.ForeignKey(
        Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="completions"
    )

    class Meta:
        ordering = ["-completed_on", "-id"]
        indexes = [
            models.Index(fields=["person", "course", "-completed_on"], name="completion_person_idx")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "session"],
                condition=Q(session__isnull=False),
                name="completion_once_per_session",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_until__gte=models.F("completed_on")),
                name="completion_valid_after_completed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} completed {self.course} on {self.completed_on}"


# --- Reflective supervision (policy §6.4) --------------------------------------------------


class SupervisionAgreement(TimeStampedModel):
    """Who supervises whom, how often, from when. One open agreement per supervisee.

    The standard (`supervision.standard_on`) is computed from the supervisee's role and start
    date; `agreed_frequency` may only make supervision more frequent than that.
    """

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", "Weekly"
        FORTNIGHTLY = "fortnightly", "Fortnightly"
        MONTHLY = "monthly", "Monthly"

    supervisor = models.ForeignKey(
        Staff, on_delete=models.PROTECT, related_name="supervision_agreements_given"
    )
    supervisee = models.ForeignKey(
        Staff, on_delete=models.PROTECT, related_name="supervision_agreements"
    )
    agreed_frequency = models.CharField(
        max_length=12, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(supervisor=models.F("supervisee")),
                name="supervision_not_self",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="supervision_agreement_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["supervisee"],
                condition=Q(ended_on__isnull=True),
                name="supervision_one_open_agreement",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supervisor} supervises {self.supervisee}"


class SupervisionStandard(TimeStampedModel):
    """One step of the organisation's supervision standard: for whom, how often at least,
    and until how long after their start date (no end: from then on).

    Seeded with the LGA Standards for Employers (migration 0007): ASYE weekly for 6 weeks,
    fortnightly to 6 months, then monthly; everyone else monthly. The workforce development
    team changes the frequencies and periods (`services.supervision_standard_update`); the
    supervision dates read them (`supervision.standard_on`). Each group keeps one open step,
    so everyone always has a standard.
    """

    class AppliesTo(models.TextChoices):
        ASYE = "asye", "Newly qualified social workers (ASYE)"
        EVERYONE = "everyone", "Everyone else"

    class Unit(models.TextChoices):
        WEEKS = "weeks", "weeks"
        MONTHS = "months", "months"

    applies_to = models.CharField(max_length=10, choices=AppliesTo.choices)
    frequency = models.CharField(max_length=12, choices=SupervisionAgreement.Frequency.choices)
    until_amount = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="How long after the start date this step lasts; empty: from then on.",
    )
    until_unit = models.CharField(max_length=6, choices=Unit.choices, blank=True)

    class Meta:
        ordering = ["applies_to", "until_unit", "until_amount", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(until_amount__isnull=True) & Q(until_unit=""))
                | (Q(until_amount__isnull=False) & ~Q(until_unit="")),
                name="supervision_standard_until_complete",
            ),
            models.UniqueConstraint(
                fields=["applies_to"],
                condition=Q(until_amount__isnull=True),
                name="supervision_standard_one_open_step",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_applies_to_display()}: {self.get_frequency_display().lower()}"


class SupervisionSession(OnceOnlySubmission, TimeStampedModel):
    """One restorative supervision session. The personal parts are for the two people only.

    `submission_token` is a token from the form: a repeated POST of the same form finds the
    session it already saved instead of saving another.
    """

    agreement = models.ForeignKey(
        SupervisionAgreement, on_delete=models.PROTECT, related_name="sessions"
    )
    held_on = models.DateField()
    duration_minutes = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    # Optional (issue 10, point 8): the supervisee may prefer not to give a number. Seen only
    # by the supervisor and the supervisee, like the rest of the session; never rolled up.
    wellbeing_score = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
        help_text="How the supervisee rates their wellbeing, 0 (very low) to 10 (very good), "
        "if they choose to give a score.",
    )
    wellbeing_words = models.TextField(blank=True)
    reflection = models.TextField(blank=True)
    went_well = models.TextField(blank=True)
    learning = models.TextField(
        blank=True, help_text="What was learned from mistakes, without blame."
    )
    emotional_impact = models.TextField(blank=True)
    support_agreed = models.TextField(blank=True)
    actions = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, related_name="supervision_sessions_recorded"
    )
    # The once-only token (core.submission), in the column it had before the mixin; always
    # set, as these records are only ever made from a form.
    submission_token = models.UUIDField(unique=True, editable=False, db_column="submission_key")

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["agreement", "-held_on"], name="supervision_agreement_held_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(wellbeing_score__isnull=True)
                | (Q(wellbeing_score__gte=0) & Q(wellbeing_score__lte=10)),
                name="supervision_wellbeing_0_to_10",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1), name="supervision_duration_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"Supervision on {self.held_on:%d %B %Y}"

    @property
    def is_short(self) -> bool:
        from .supervision import is_short

        return is_short(self.duration_minutes)


class SupervisionCaseDecision(TimeStampedModel):
    """A case discussed in supervision and the decision made: this part is on the family's
    record."""

    session = models.ForeignKey(
        SupervisionSession, on_delete=models.CASCADE, related_name="case_decisions"
    )
    family = models.ForeignKey(
        Family, on_delete=models.PROTECT, related_name="supervision_decisions"
    )
    decision = models.TextField()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["family", "-created_at"], name="supervision_family_idx")]

    def __str__(self) -> str:
        return f"Supervision decision for {self.family}"


# --- Reflective learning log (policy §6.1, issue 5 point 5) --------------------------------


class LearningLogEntry(TimeStampedModel):
    """What a person learnt from a course they completed: private to them and their supervisor.

    One entry per completion (the one-to-one is the double-submission guard). It goes with its
    completion: if attendance is corrected to "did not attend", the completion and its log go.
    Not in the Django admin, which would show it to administrators (decision 0009).
    """

    completion = models.OneToOneField(
        Completion, on_delete=models.CASCADE, related_name="learning_log"
    )
    learnt = models.TextField()
    do_differently = models.TextField()
    support_needed = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "learning log entries"

    def __str__(self) -> str:
        return f"Learning log for {self.completion}"


# --- Supervision audits (policy §6.4, §8) --------------------------------------------------


class SupervisionAuditSample(OnceOnlySubmission, TimeStampedModel):
    """A sample of a team's supervision sessions in a period, chosen for audit.

    The choice is deterministic and recorded: the eligible sessions' ids, sorted, are sampled
    with `random.Random(seed)`; the sessions chosen are the sample's audits.
    """

    team = models.ForeignKey(
        "people.Team", on_delete=models.PROTECT, related_name="supervision_audit_samples"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    requested_size = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    seed = models.PositiveBigIntegerField()
    eligible_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, related_name="supervision_audit_samples"
    )
    # The once-only token (core.submission), in the column it had before the mixin; always
    # set, as these records are only ever made from a form.
    submission_token = models.UUIDField(unique=True, editable=False, db_column="submission_key")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="audit_sample_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(requested_size__gte=1), name="audit_sample_size_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"Supervision audit sample for {self.team} ({self.period_start}–{self.period_end})"


class SupervisionAudit(TimeStampedModel):
    """One sampled supervision session rated against the §6.4 criteria.

    The auditor never reads the session's personal parts (decision 0009): they rate from the
    record's shape (sections completed, length, frequency), its case decisions and the
    conversation they have with the supervisor and supervisee.
    """

    class Grade(models.TextChoices):
        OUTSTANDING = "outstanding", "Outstanding"
        GOOD = "good", "Good"
        REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
        INADEQUATE = "inadequate", "Inadequate"

    class Rating(models.TextChoices):
        MET = "met", "Met"
        PARTLY = "partly", "Partly met"
        NOT_MET = "not_met", "Not met"

    sample = models.ForeignKey(
        SupervisionAuditSample, on_delete=models.CASCADE, related_name="audits"
    )
    session = models.ForeignKey(SupervisionSession, on_delete=models.PROTECT, related_name="audits")
    grade = models.CharField(max_length=24, choices=Grade.choices, blank=True)
    reflective = models.CharField(max_length=10, choices=Rating.choices, blank=True)
    relational = models.CharField(max_length=10, choices=Rating.choices, blank=True)
    supportive = models.CharField(max_length=10, choices=Rating.choices, blank=True)
    regulation_and_thinking = models.CharField(max_length=10, choices=Rating.choices, blank=True)
    mistakes_without_blame = models.CharField(max_length=10, choices=Rating.choices, blank=True)
    wellbeing_promoted = models.CharField(max_length=10, choices=Rating.choices, blank=True)
    feedback = models.TextField(blank=True)
    rated_by = models.ForeignKey(
        Staff,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervision_audits_rated",
    )
    rated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["session__held_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["sample", "session"], name="audit_session_once"),
        ]

    def __str__(self) -> str:
        return f"Audit of {self.session}"

    @property
    def is_rated(self) -> bool:
        return bool(self.grade)


# --- Team circles (policy §6.4, issue 5 point 11) ------------------------------------------


class TeamCircle(OnceOnlySubmission, TimeStampedModel):
    """A restorative circle a team held about itself. No personal content is recorded."""

    class Purpose(models.TextChoices):
        COHESION = "cohesion", "Building cohesion"
        CONFLICT = "conflict", "Addressing conflict"
        REFLECTIVE_LEARNING = "reflective_learning", "Reflective learning"

    team = models.ForeignKey("people.Team", on_delete=models.PROTECT, related_name="circles")
    purpose = models.CharField(max_length=24, choices=Purpose.choices)
    held_on = models.DateField()
    facilitator = models.ForeignKey(
        Staff, on_delete=models.PROTECT, related_name="team_circles_facilitated"
    )
    participant_count = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    themes = models.TextField()
    agreed_actions = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, related_name="team_circles_recorded"
    )
    # The once-only token (core.submission), in the column it had before the mixin; always
    # set, as these records are only ever made from a form.
    submission_token = models.UUIDField(unique=True, editable=False, db_column="submission_key")

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["team", "-held_on"], name="team_circle_team_held_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(participant_count__gte=1), name="team_circle_participants_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} circle on {self.held_on:%d %B %Y}"
