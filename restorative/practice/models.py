"""Restorative practice: conversations, meetings, every voice, decisions (§6.2, §6.3, §7).

Design notes (docs/decisions/0008-practice.md):
- The restorative questions and the statutory timescales are *data* (QuestionSet/Question,
  TimescaleRule), seeded by data migrations and editable in the admin: wording varies between
  copies and timescales are set locally.
- A meeting's due date is computed once, when it is scheduled or becomes due, and stored, so
  "overdue and due soon" is one indexed query rather than a calculation per row.
- A meeting that is due but not yet arranged (a first core group after an initial conference)
  is a Meeting with status TO_ARRANGE and no time: it shows on the overdue list like any other.
- Each participant is exactly one of: a family member, a staff member (our own or a partner
  agency's, which is what lets an invited partner see that meeting), or a named other person.
- A child's wishes and feelings are that child's participant view: the record shows them in
  their own section and voice completeness asks whether a child was heard.
- `submission_token` (core.submission) makes a double submission of a create form store one
  record.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from restorative.core.models import TimeStampedModel
from restorative.core.submission import OnceOnlySubmission
from restorative.people.models import Family, FamilyMember, PartnerAgency, Staff


class MeetingType(models.TextChoices):
    """Every meeting in policy §6.3."""

    INITIAL_CONFERENCE = "initial_conference", "Initial child protection conference"
    REVIEW_CONFERENCE = "review_conference", "Review child protection conference"
    CORE_GROUP = "core_group", "Core group meeting"
    FAMILY_GROUP_CONFERENCE = "family_group_conference", "Family group conference"
    PLACEMENT_STABILITY = "placement_stability", "Placement stability meeting"
    YOUTH_JUSTICE_PANEL = "youth_justice_panel", "Youth justice panel (referral order)"
    MULTI_AGENCY_PLANNING = "multi_agency_planning", "Multi-agency planning meeting"
    RESTORATIVE_CIRCLE = "restorative_circle", "Restorative circle (family)"
    COMMUNITY_CIRCLE = "community_circle", "Restorative circle (community)"
    FGC_REVIEW = "fgc_review", "Family group conference review"


class Trigger(models.TextChoices):
    """What starts a timescale: an event outside this app, or a meeting held here."""

    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion"
    REFERRAL_ORDER = "referral_order", "Referral order made"
    HOME_AT_RISK = "home_at_risk", "Child's home at risk of ending"
    INITIAL_CONFERENCE = "initial_conference", "Initial child protection conference"
    REVIEW_CONFERENCE = "review_conference", "Review child protection conference"
    CORE_GROUP = "core_group", "Core group meeting"
    FAMILY_GROUP_CONFERENCE = "family_group_conference", "Family group conference"
    YOUTH_JUSTICE_PANEL = "youth_justice_panel", "Youth justice panel"
    BIRTH = "birth", "Birth of a baby on a child protection plan before birth"
    REFERRAL_ORDER_END = "referral_order_end", "Referral order ends"
    CARE_PROCEEDINGS = "care_proceedings", "Care proceedings being considered"


# Triggers a practitioner enters as a date when scheduling (the rest follow held meetings).
EVENT_TRIGGERS = (
    Trigger.STRATEGY_DISCUSSION,
    Trigger.REFERRAL_ORDER,
    Trigger.HOME_AT_RISK,
    Trigger.BIRTH,
    Trigger.REFERRAL_ORDER_END,
    Trigger.CARE_PROCEEDINGS,
)


class ConferenceOutcome(models.TextChoices):
    """What a child protection conference decided about the plan (issue 10 point 3): the
    outcome decides whether the chain of core groups and reviews goes on."""

    PLAN_MADE = "plan_made", "Child protection plan made"
    NO_PLAN = "no_plan", "No child protection plan"
    PLAN_CONTINUES = "plan_continues", "Child protection plan continues"
    PLAN_ENDED = "plan_ended", "Child protection plan ended"


# The outcomes each conference may record.
CONFERENCE_OUTCOMES: dict[str, tuple[str, ...]] = {
    "initial_conference": (ConferenceOutcome.PLAN_MADE, ConferenceOutcome.NO_PLAN),
    "review_conference": (ConferenceOutcome.PLAN_CONTINUES, ConferenceOutcome.PLAN_ENDED),
}


class PlanCategory(models.TextChoices):
    """The category of abuse or neglect a child protection plan is made under (Working
    Together 2023)."""

    NEGLECT = "neglect", "Neglect"
    PHYSICAL = "physical_abuse", "Physical abuse"
    EMOTIONAL = "emotional_abuse", "Emotional abuse"
    SEXUAL = "sexual_abuse", "Sexual abuse"
    MULTIPLE = "multiple", "Multiple categories"


class TimescaleRule(TimeStampedModel):
    """ "A <meeting_type> is due <amount> <unit> after a <trigger>" (timescales.md).

    Seeded with the national ones; the organisation can change them or add local ones (core
    group frequency, placement stability meetings). Only active rules are applied.
    """

    class Unit(models.TextChoices):
        WORKING_DAYS = "working_days", "working days"
        CALENDAR_DAYS = "calendar_days", "calendar days"
        CALENDAR_MONTHS = "calendar_months", "calendar months"

    trigger = models.CharField(max_length=40, choices=Trigger.choices)
    meeting_type = models.CharField(max_length=40, choices=MeetingType.choices)
    amount = models.PositiveSmallIntegerField()
    unit = models.CharField(max_length=20, choices=Unit.choices)
    before = models.BooleanField(
        default=False,
        help_text=(
            "Due this long before the trigger's date rather than after it (a final youth "
            "justice panel before the referral order ends)."
        ),
    )
    nation = models.CharField(
        max_length=3,
        default="ENG",
        choices=[
            ("ENG", "England"),
            ("WLS", "Wales"),
            ("SCT", "Scotland"),
            ("NIR", "Northern Ireland"),
        ],
        help_text="Whose bank holidays count when the unit is working days.",
    )
    source = models.CharField(max_length=300, blank=True, help_text="Guidance the rule comes from.")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["trigger", "meeting_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["trigger", "meeting_type"],
                condition=Q(is_active=True),
                name="timescale_one_active_rule",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="timescale_amount_positive"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_meeting_type_display()}: {self.amount} {self.get_unit_display()} "
            f"{'before' if self.before else 'after'} {self.get_trigger_display().lower()}"
        )


class QuestionSet(TimeStampedModel):
    """A published set of restorative questions (IIRP's two sets, the policy's short form)."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    description = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Question(TimeStampedModel):
    """One restorative question, worded as it is asked."""

    question_set = models.ForeignKey(
        QuestionSet, on_delete=models.PROTECT, related_name="questions"
    )
    text = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["question_set__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["question_set", "order"], name="question_order_unique")
        ]

    def __str__(self) -> str:
        return self.text


class RestorativeConversation(OnceOnlySubmission, TimeStampedModel):
    """A restorative conversation held during an assessment, a home visit or another contact."""

    class Setting(models.TextChoices):
        ASSESSMENT = "assessment", "Assessment"
        HOME_VISIT = "home_visit", "Home visit"
        PLANNING_MEETING = "planning_meeting", "Planning meeting"
        OTHER = "other", "Other contact"

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="conversations")
    held_on = models.DateField()
    setting = models.CharField(max_length=20, choices=Setting.choices)
    setting_detail = models.CharField(
        max_length=200, blank=True, help_text="What the other contact was."
    )
    practitioner = models.ForeignKey(
        Staff, on_delete=models.PROTECT, related_name="restorative_conversations"
    )
    questions = models.ManyToManyField(Question, related_name="conversations", blank=True)
    agreed_next = models.TextField(blank=True, help_text="What was agreed would happen next.")
    created_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["family", "-held_on"], name="conversation_family_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(setting="other") | ~Q(setting_detail=""),
                name="conversation_other_has_detail",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_setting_display()} conversation on {self.held_on}"


class ConversationParticipant(TimeStampedModel):
    """Someone who took part in a conversation: a family member or another named person."""

    conversation = models.ForeignKey(
        RestorativeConversation, on_delete=models.CASCADE, related_name="participants"
    )
    member = models.ForeignKey(
        FamilyMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=200, blank=True)
    relationship = models.CharField(
        max_length=200, blank=True, help_text="For someone outside the family: who they are."
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(member__isnull=False) & Q(name=""))
                | (Q(member__isnull=True) & ~Q(name="")),
                name="conversation_participant_member_xor_name",
            ),
            models.UniqueConstraint(
                fields=["conversation", "member"],
                condition=Q(member__isnull=False),
                name="conversation_participant_once",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.member.display_name if self.member_id and self.member else self.name


class ConversationAnswer(TimeStampedModel):
    """One participant's answer to one question, in their own words."""

    participant = models.ForeignKey(
        ConversationParticipant, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    answer = models.TextField()

    class Meta:
        ordering = ["question__question_set__order", "question__order"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "question"], name="answer_once")
        ]

    def __str__(self) -> str:
        return self.answer[:50]


class SocialDiscipline(models.TextChoices):
    """The social discipline window (IIRP): how the family experienced the work."""

    WITH = "with", "WITH them (high support, high challenge)"
    TO = "to", "TO them (high challenge, low support)"
    FOR = "for", "FOR them (high support, low challenge)"
    NOT = "not", "NOT at all (low support, low challenge)"


class Meeting(OnceOnlySubmission, TimeStampedModel):
    """A meeting of any type in §6.3, with its restorative record.

    `due_date` is when the meeting must happen by, from its trigger and the timescale rule;
    `scheduled_at` is when it is arranged for (empty while it is still to be arranged).
    """

    class Status(models.TextChoices):
        TO_ARRANGE = "to_arrange", "To be arranged"
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    class Venue(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online"
        HYBRID = "hybrid", "In person and online"

    class ExperienceGivenBy(models.TextChoices):
        FAMILY = "family", "The family"
        CHAIR = "chair", "The chair or facilitator"

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="meetings")
    meeting_type = models.CharField(max_length=40, choices=MeetingType.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    scheduled_at = models.DateTimeField(null=True, blank=True)
    venue = models.CharField(max_length=12, choices=Venue.choices, blank=True)
    place = models.CharField(max_length=300, blank=True, help_text="Address or room.")
    chair = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="chaired_meetings"
    )
    chair_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="An independent chair or coordinator without an account.",
    )
    # Timescale
    trigger = models.CharField(max_length=40, choices=Trigger.choices, blank=True)
    trigger_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    timescale_rule = models.ForeignKey(
        TimescaleRule, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    follows = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ons",
        help_text="The held meeting that made this one due.",
    )
    # The restorative record (§6.2)
    held_on = models.DateField(null=True, blank=True)
    what_happened = models.TextField("What has happened", blank=True)
    who_affected = models.TextField("Who has been affected and how", blank=True)
    working_well = models.TextField("What is working well", blank=True)
    worries = models.TextField("What we are worried about", blank=True)
    next_steps = models.TextField("What needs to happen next", blank=True)
    # Family group conference stages
    information_giving = models.TextField(blank=True)
    # Private family time belongs to the family (DESIGN.md privacy rule 6): only that it
    # happened, how long, and who was there (MeetingParticipant.in_private_family_time).
    private_family_time_held = models.BooleanField(null=True, blank=True)
    private_family_time_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    # Words about private family time written before it was kept private (migration
    # 0010_private_family_time_out_of_view). Kept, never asked for again, shown only to the
    # meeting's coordinator, and never printed, exported or given through the API.
    private_family_time_earlier_note = models.TextField(blank=True, editable=False)
    family_plan = models.TextField("The family's plan", blank=True)
    plan_agreed = models.BooleanField(null=True, blank=True)
    # The social discipline window
    experience = models.CharField(max_length=4, choices=SocialDiscipline.choices, blank=True)
    experience_given_by = models.CharField(
        max_length=10, choices=ExperienceGivenBy.choices, blank=True
    )
    # A child protection conference's outcome, which drives the chain (services.meetings)
    conference_outcome = models.CharField(
        max_length=20, choices=ConferenceOutcome.choices, blank=True
    )
    plan_category = models.CharField(
        "Category of the child protection plan",
        max_length=20,
        choices=PlanCategory.choices,
        blank=True,
    )
    # Why a meeting did not happen (status CANCELLED): it stays on the record, with the reason
    # in words, rather than being deleted (practice/arranging.py).
    cancelled_reason = models.TextField("Why the meeting was cancelled", blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-scheduled_at", "-id"]
        indexes = [
            models.Index(fields=["family", "-scheduled_at"], name="meeting_family_idx"),
            models.Index(
                fields=["due_date"],
                condition=Q(status__in=["to_arrange", "scheduled"]),
                name="meeting_open_due_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="scheduled") | Q(scheduled_at__isnull=False),
                name="meeting_scheduled_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="held") | Q(held_on__isnull=False),
                name="meeting_held_has_date",
            ),
            models.CheckConstraint(
                condition=Q(trigger="") | Q(trigger_date__isnull=False),
                name="meeting_trigger_has_date",
            ),
            models.CheckConstraint(
                condition=Q(experience="") | ~Q(experience_given_by=""),
                name="meeting_experience_says_who",
            ),
            # A plan made says under which category; no other outcome has one.
            models.CheckConstraint(
                condition=(Q(conference_outcome="plan_made") & ~Q(plan_category=""))
                | (~Q(conference_outcome="plan_made") & Q(plan_category="")),
                name="meeting_plan_made_has_category",
            ),
            models.CheckConstraint(
                condition=Q(private_family_time_minutes__isnull=True)
                | Q(private_family_time_minutes__gt=0, private_family_time_minutes__lte=720),
                name="meeting_private_family_time_minutes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_meeting_type_display()} ({self.get_status_display().lower()})"

    # Not yet held and not cancelled: still to be arranged, or arranged and waiting to happen.
    OPEN_STATUSES = ("to_arrange", "scheduled")

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, today: datetime.date) -> bool:
        """The one rule for a meeting being overdue: open, with a due date that has passed or
        that it is arranged to happen after (the statutory time is missed either way).

        `overdue_q` is the same rule as a query filter; the due lists, the team's meetings
        page, the meeting page and the API all use one or the other.
        """
        if not self.is_open or self.due_date is None:
            return False
        if self.due_date < today:
            return True
        return (
            self.scheduled_at is not None and timezone.localdate(self.scheduled_at) > self.due_date
        )

    @staticmethod
    def overdue_q(today: datetime.date) -> Q:
        """`is_overdue` as a filter (`scheduled_at__date` is the local date, as there)."""
        return Q(status__in=Meeting.OPEN_STATUSES, due_date__isnull=False) & (
            Q(due_date__lt=today)
            | Q(scheduled_at__isnull=False, scheduled_at__date__gt=F("due_date"))
        )

    @property
    def is_family_group_conference(self) -> bool:
        return self.meeting_type == MeetingType.FAMILY_GROUP_CONFERENCE

    @property
    def private_family_time_present(self) -> list[str]:
        """Who was there for private family time, by name (reads the prefetched participants)."""
        return [p.display_name for p in self.participants.all() if p.in_private_family_time]

    @property
    def chair_display(self) -> str:
        if self.chair_id and self.chair:
            return self.chair.display_name
        return self.chair_name


class MeetingParticipant(TimeStampedModel):
    """Someone invited to (or present at) a meeting, and how their view was given."""

    class Kind(models.TextChoices):
        CHILD = "child", "Child or young person"
        FAMILY_MEMBER = "family_member", "Family member"
        CARER = "carer", "Carer"
        PROFESSIONAL = "professional", "Professional"
        # Youth justice panels and restorative circles (issue 10, point 7): the person harmed
        # and the person supporting them, seen only by those who may see the meeting.
        PERSON_HARMED = "person_harmed", "Person harmed"
        HARMED_SUPPORTER = "harmed_supporter", "Supporter of the person harmed"
        OTHER = "other", "Other"

    class Attendance(models.TextChoices):
        NOT_KNOWN = "not_known", "Not yet known"
        ATTENDED = "attended", "Attended"
        PART = "part", "Attended part"
        APOLOGIES = "apologies", "Sent apologies"
        DID_NOT_ATTEND = "did_not_attend", "Did not attend"

    class ViewGivenBy(models.TextChoices):
        NOT_YET = "", "Not yet recorded"
        IN_PERSON = "in_person", "In person"
        ADVOCATE = "advocate", "Through an advocate"
        WRITING = "writing", "In writing"
        APP = "app", "Through an app"
        NOT_GIVEN = "not_given", "Not given"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    member = models.ForeignKey(
        FamilyMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    staff = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="meeting_invitations"
    )
    name = models.CharField(max_length=200, blank=True)
    role = models.CharField(
        max_length=200, blank=True, help_text="Their role, e.g. 'Health visitor'."
    )
    agency = models.ForeignKey(
        PartnerAgency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    invited = models.BooleanField(default=True)
    attendance = models.CharField(
        max_length=20, choices=Attendance.choices, default=Attendance.NOT_KNOWN
    )
    view_given_by = models.CharField(max_length=20, choices=ViewGivenBy.choices, blank=True)
    view_not_given_reason = models.CharField(max_length=300, blank=True)
    view = models.TextField(blank=True, help_text="Their view, in their own words.")
    consent_to_take_part = models.BooleanField(
        null=True, blank=True, help_text="A person harmed: did they consent to take part?"
    )
    chose_to_meet = models.BooleanField(
        null=True,
        blank=True,
        help_text="A person harmed: did they choose to meet (rather than take part another way)?",
    )
    in_private_family_time = models.BooleanField(
        default=False, help_text="Was there for the family's private time (an FGC)."
    )

    class Meta:
        ordering = ["kind", "id"]
        indexes = [models.Index(fields=["staff", "meeting"], name="participant_staff_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(member__isnull=False) & Q(staff__isnull=True) & Q(name=""))
                | (Q(member__isnull=True) & Q(staff__isnull=False) & Q(name=""))
                | (Q(member__isnull=True) & Q(staff__isnull=True) & ~Q(name="")),
                name="participant_exactly_one_identity",
            ),
            models.UniqueConstraint(
                fields=["meeting", "member"],
                condition=Q(member__isnull=False),
                name="participant_member_once",
            ),
            models.UniqueConstraint(
                fields=["meeting", "staff"],
                condition=Q(staff__isnull=False),
                name="participant_staff_once",
            ),
            models.CheckConstraint(
                condition=~Q(view_given_by="not_given") | ~Q(view_not_given_reason=""),
                name="participant_not_given_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.member_id and self.member:
            return self.member.display_name
        if self.staff_id and self.staff:
            return self.staff.display_name
        return self.name

    @property
    def view_recorded(self) -> bool:
        """Their view is on the record: given in any way, and written down."""
        return self.view_given_by not in ("", self.ViewGivenBy.NOT_GIVEN) and bool(
            self.view.strip()
        )


class Decision(OnceOnlySubmission, TimeStampedModel):
    """A decision made at a meeting, with the family: did they agree, in their own words."""

    class FamilyPosition(models.TextChoices):
        AGREED = "agreed", "Agreed"
        RESERVATIONS = "reservations", "Agreed with reservations"
        DISAGREED = "disagreed", "Disagreed"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    decision = models.TextField()
    family_position = models.CharField(max_length=20, choices=FamilyPosition.choices)
    family_view = models.TextField(blank=True, help_text="The family's view, in their words.")
    created_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(family_position="agreed") | ~Q(family_view=""),
                name="decision_disagreement_in_their_words",
            )
        ]

    def __str__(self) -> str:
        return self.decision[:60]


# --- Co-designed plans (§6.2, §7) --------------------------------------------------------


class Plan(OnceOnlySubmission, TimeStampedModel):
    """A plan made with a family, from a meeting or on its own.

    Seen by whoever sees the family and, when it came from a meeting, by partner staff invited
    to that meeting (permissions.plan_view_basis): they helped make it.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ENDED = "ended", "Ended"

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="plans")
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        help_text="The meeting the plan was made at, if any.",
    )
    title = models.CharField(max_length=200)
    started_on = models.DateField()
    review_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    ended_on = models.DateField(null=True, blank=True)
    end_outcome = models.TextField(
        blank=True, help_text="Why the plan ended and how it went, in words."
    )
    ended_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-started_on", "-id"]
        indexes = [models.Index(fields=["family", "-started_on"], name="plan_family_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_date__isnull=True) | Q(review_date__gte=models.F("started_on")),
                name="plan_review_after_start",
            ),
            # An ended plan says when it ended (never before it began); an active one has not.
            models.CheckConstraint(
                condition=(Q(status="active") & Q(ended_on__isnull=True))
                | (
                    Q(status="ended")
                    & Q(ended_on__isnull=False)
                    & Q(ended_on__gte=models.F("started_on"))
                ),
                name="plan_ended_on_when_ended",
            ),
        ]

    @property
    def is_ended(self) -> bool:
        return self.status == self.Status.ENDED

    def __str__(self) -> str:
        return self.title


GAS_LEVELS = (-2, -1, 0, 1, 2)


class Goal(OnceOnlySubmission, TimeStampedModel):
    """A goal in the family's own words, with optional Goal Attainment Scaling (-2..+2).

    GAS is optional: a goal may have no levels at all. When used, the baseline and expected
    levels are both set, and each level may carry a description of what it would look like.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    goal = models.TextField(help_text="The goal, in the family's own words.")
    whose = models.CharField(max_length=200, help_text="Whose goal this is, e.g. 'Mum and Dad'.")
    baseline_level = models.SmallIntegerField(null=True, blank=True)
    expected_level = models.SmallIntegerField(null=True, blank=True)
    level_minus_2 = models.CharField("Much less than expected (-2)", max_length=300, blank=True)
    level_minus_1 = models.CharField("Less than expected (-1)", max_length=300, blank=True)
    level_0 = models.CharField("Expected outcome (0)", max_length=300, blank=True)
    level_plus_1 = models.CharField("More than expected (+1)", max_length=300, blank=True)
    level_plus_2 = models.CharField("Much more than expected (+2)", max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(baseline_level__isnull=True) & Q(expected_level__isnull=True))
                | (
                    Q(baseline_level__gte=-2)
                    & Q(baseline_level__lte=2)
                    & Q(expected_level__gte=-2)
                    & Q(expected_level__lte=2)
                ),
                name="goal_gas_levels_both_in_range",
            )
        ]

    def __str__(self) -> str:
        return self.goal[:60]

    @property
    def uses_scaling(self) -> bool:
        return self.baseline_level is not None

    def level_descriptions(self) -> list[tuple[int, str]]:
        return [
            (-2, self.level_minus_2),
            (-1, self.level_minus_1),
            (0, self.level_0),
            (1, self.level_plus_1),
            (2, self.level_plus_2),
        ]


class Action(OnceOnlySubmission, TimeStampedModel):
    """Something someone will do, by a date. The owner is exactly one of: a family member,
    a member of staff, or a named professional or agency without an account (check constraint).
    Professionals' actions are followed up like the family's: all appear on the overdue lists.
    """

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        NOT_DONE = "not_done", "Not done"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    what = models.TextField()
    owner_member = models.ForeignKey(
        FamilyMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    owner_staff = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="plan_actions"
    )
    owner_name = models.CharField(max_length=200, blank=True)
    owner_agency = models.CharField(max_length=200, blank=True)
    due_date = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(
                fields=["due_date"],
                condition=Q(status__in=["not_started", "in_progress"]),
                name="action_open_due_idx",
            ),
            models.Index(fields=["owner_staff", "due_date"], name="action_owner_staff_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(owner_member__isnull=False)
                    & Q(owner_staff__isnull=True)
                    & Q(owner_name="")
                    & Q(owner_agency="")
                )
                | (
                    Q(owner_member__isnull=True)
                    & Q(owner_staff__isnull=False)
                    & Q(owner_name="")
                    & Q(owner_agency="")
                )
                | (
                    Q(owner_member__isnull=True)
                    & Q(owner_staff__isnull=True)
                    & (~Q(owner_name="") | ~Q(owner_agency=""))
                ),
                name="action_exactly_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.what[:60]

    # Still being worked on: not done, and not given up on.
    OPEN_STATUSES = ("not_started", "in_progress")

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, today: datetime.date) -> bool:
        """The one rule for an action being overdue: open, past its due date, and on a plan
        that has not ended (an ended plan's actions are no longer followed up, so they are
        never "overdue": not on the plan page, the family's plan document or any list).

        `overdue_q` is the same rule as a query filter, for the lists and counts.
        """
        return self.is_open and self.due_date < today and not self.plan.is_ended

    @staticmethod
    def overdue_q(today: datetime.date) -> Q:
        """`is_overdue` as a filter."""
        return Q(
            plan__status=Plan.Status.ACTIVE,
            status__in=Action.OPEN_STATUSES,
            due_date__lt=today,
        )

    @property
    def owner_kind(self) -> str:
        if self.owner_member_id:
            return "family"
        if self.owner_staff_id:
            return "staff"
        return "professional"

    @property
    def owner_display(self) -> str:
        if self.owner_member_id and self.owner_member:
            return self.owner_member.display_name
        if self.owner_staff_id and self.owner_staff:
            return self.owner_staff.display_name
        if self.owner_name and self.owner_agency:
            return f"{self.owner_name}, {self.owner_agency}"
        return self.owner_name or self.owner_agency


class PlanReview(OnceOnlySubmission, TimeStampedModel):
    """A review of the plan: who took part, progress on each action, scaling, is it holding."""

    class Holding(models.TextChoices):
        YES = "yes", "Yes"
        PARTLY = "partly", "Partly"
        NO = "no", "No"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    members = models.ManyToManyField(FamilyMember, related_name="+", blank=True)
    others_present = models.CharField(
        max_length=500, blank=True, help_text="Anyone else who took part, and who they are."
    )
    family_scaling = models.PositiveSmallIntegerField()
    professional_scaling = models.PositiveSmallIntegerField()
    holding = models.CharField(max_length=10, choices=Holding.choices)
    holding_words = models.TextField(blank=True, help_text="Is the plan holding, in their words.")
    created_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["reviewed_on", "id"]
        indexes = [models.Index(fields=["plan", "reviewed_on"], name="plan_review_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(family_scaling__lte=10) & Q(professional_scaling__lte=10),
                name="plan_review_scaling_0_10",
            )
        ]

    def __str__(self) -> str:
        return f"Review on {self.reviewed_on}"


class ActionProgress(TimeStampedModel):
    """Progress on one action, as found at one review."""

    review = models.ForeignKey(PlanReview, on_delete=models.CASCADE, related_name="progress")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="progress")
    status = models.CharField(max_length=12, choices=Action.Status.choices)
    progress = models.TextField(blank=True)

    class Meta:
        ordering = ["action__due_date", "action_id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "action"], name="progress_once_per_review")
        ]

    def __str__(self) -> str:
        return self.get_status_display()


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
        YOUTH_JUSTICE_ORDER = "youth_justice_order", "Referral order made"

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


class GoalAttainment(TimeStampedModel):
    """The Goal Attainment Scaling level a goal reached at one review (-2..+2, 0 = expected).

    Recorded for goals that use scaling; the plan's T-score at the review (practice.gas) is
    taken over the goals rated there."""

    review = models.ForeignKey(PlanReview, on_delete=models.CASCADE, related_name="attainments")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="attainments")
    level = models.SmallIntegerField()

    class Meta:
        ordering = ["goal_id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "goal"], name="attainment_once_per_review"),
            models.CheckConstraint(
                condition=Q(level__gte=-2) & Q(level__lte=2), name="attainment_level_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level:+d}"
