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
    # A child in care's review, chaired by their Independent Reviewing Officer (Care Planning,
    # Placement and Case Review (England) Regulations 2010, reg 33).
    LOOKED_AFTER_REVIEW = "looked_after_review", "Looked-after child review"


# The circles, family and community: either may be about conflict (`Meeting.about_conflict`).
CIRCLES = (MeetingType.RESTORATIVE_CIRCLE, MeetingType.COMMUNITY_CIRCLE)


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
    LOOKED_AFTER = "looked_after", "Child became looked after"
    # The looked-after review chain: the second review follows the first by one rule (3
    # months), every later one follows the one before by another (6 months).
    FIRST_LOOKED_AFTER_REVIEW = "first_looked_after_review", "First looked-after child review"
    LOOKED_AFTER_REVIEW = "looked_after_review", "Looked-after child review"


# Triggers a practitioner enters as a date when scheduling (the rest follow held meetings).
EVENT_TRIGGERS = (
    Trigger.STRATEGY_DISCUSSION,
    Trigger.REFERRAL_ORDER,
    Trigger.HOME_AT_RISK,
    Trigger.BIRTH,
    Trigger.REFERRAL_ORDER_END,
    Trigger.CARE_PROCEEDINGS,
    Trigger.LOOKED_AFTER,
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
    # A restorative circle held because of conflict (issue 13 item 3: governance counts
    # circles about conflict as conflict-triggered meetings).
    about_conflict = models.BooleanField("This circle is about conflict", default=False)
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
            # Timeliness (timeliness_selectors): meetings due in a period, by team, counted
            # by status and the day held. Due date first for the period's range; the family
            # (its team), status and day held in the index, so the count reads no table rows.
            models.Index(
                fields=["due_date", "family", "status", "held_on"],
                name="meeting_due_timeliness_idx",
            ),
            # Leaders' "Meetings due" roll-up (team_selectors.due_rollup): every open
            # meeting's family, due date and arranged time in one small index, so counting
            # overdue and due-soon meetings by team reads no table rows (issue 13: the
            # director's roll-up read 18,000 table pages for 42,000 open meetings).
            models.Index(
                fields=["family", "due_date", "scheduled_at", "status", "id"],
                condition=Q(status__in=["to_arrange", "scheduled"]),
                name="meeting_open_family_due_idx",
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
    # A supporter is there for one person harmed at this meeting (issue 10, point 7). They
    # are a participant like the person they support, so they are seen by exactly those who
    # may see the meeting. The service refuses to remove a person harmed while their
    # supporter stays; a deletion in bulk (the demo data's reset) leaves the supporter unlinked.
    supports = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supporters",
        help_text="A supporter of a person harmed: the person harmed they support.",
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
            models.CheckConstraint(
                condition=Q(supports__isnull=True) | Q(kind="harmed_supporter"),
                name="participant_only_supporters_support",
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
