"""Feedback from children, families, carers and partners (policy §5, §8): surveys as data.

Design notes (docs/decisions/0016-feedback-from-families.md):
- A survey is a row, its wording lives in versions (`SurveyVersion`) and questions. Changing a
  survey that has been sent makes a new version; an invitation and its response keep the
  version they were given, so last year's answers are read against last year's questions.
- An invitation is one link for one person. The link's token is never stored: only its
  SHA-256 (`token_hash`), so a copy of the database opens no survey. A reminder carries a
  second token of its own (`reminder_token_hash`) for the same invitation, because the first
  token cannot be recovered to send again.
- A response is unique per invitation (the database refuses a second one), which is what makes
  "one response each" hold even when two submissions race.
- Who reads a response, and what it was about (team, service, meeting type, respondent kind,
  month), are copied onto the response when it is made, so the results page groups and
  filters one table with indexed columns instead of walking meetings and families.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q

from restorative.core.models import TimeStampedModel
from restorative.people.models import Family, FamilyMember, Service, Staff, Team
from restorative.practice.models import Meeting, PlanReview, RestorativeConversation


class Audience(models.TextChoices):
    """Who a survey is written for."""

    CHILD_UNDER_8 = "child_under_8", "Child under 8"
    CHILD_8_12 = "child_8_12", "Child aged 8 to 12"
    CHILD_13_PLUS = "child_13_plus", "Young person aged 13 or over"
    PARENT_CARER = "parent_carer", "Parent or carer"
    PARTNER = "partner", "Partner professional"


CHILD_AUDIENCES = (Audience.CHILD_UNDER_8, Audience.CHILD_8_12, Audience.CHILD_13_PLUS)


class RespondentKind(models.TextChoices):
    """Who answered, for the results: a child, a parent or carer, or a partner."""

    CHILD = "child", "Child or young person"
    PARENT_CARER = "parent_carer", "Parent or carer"
    PARTNER = "partner", "Partner professional"


class QuestionKind(models.TextChoices):
    SCALE_0_10 = "scale_0_10", "Scale from 0 to 10"
    FACES_1_5 = "faces_1_5", "Faces from 1 to 5, with words"
    YES_NO_UNSURE = "yes_no_unsure", "Yes, no or not sure"
    CHOOSE_ONE = "choose_one", "Choose one"
    FREE_TEXT = "free_text", "Their own words"


class Theme(models.TextChoices):
    """What a question is about (engagement themes after Yatchmenoff, 2005, and the social
    discipline window)."""

    LISTENED_TO = "listened_to", "Being listened to"
    UNDERSTANDING = "understanding", "Understanding what is happening"
    SAY_IN_PLAN = "say_in_plan", "Having a say in the plan"
    RESPECT = "respect", "Being treated with respect"
    TRUST = "trust", "Trust in the worker"
    WITH_TO_FOR_NOT = "with_to_for_not", "Done WITH, TO, FOR or NOT"
    OTHER = "other", "Anything else"


class Survey(TimeStampedModel):
    """A survey for one audience; its questions are in its versions."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    audience = models.CharField(max_length=20, choices=Audience.choices)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SurveyVersion(TimeStampedModel):
    """One wording of a survey. Sent versions are never changed: a change makes a new one."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    introduction = models.TextField(blank=True)
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["survey", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="survey_version_once"),
            models.UniqueConstraint(
                fields=["survey"], condition=Q(is_current=True), name="survey_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey.name}, version {self.number}"


class SurveyQuestion(TimeStampedModel):
    """One question of one version. `choices` holds [value, words] pairs for choose-one."""

    version = models.ForeignKey(SurveyVersion, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=QuestionKind.choices)
    theme = models.CharField(max_length=20, choices=Theme.choices)
    text = models.CharField(max_length=300)
    hint = models.CharField(max_length=300, blank=True)
    choices = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=False)

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="survey_question_order_once")
        ]

    def __str__(self) -> str:
        return self.text


class SurveyInvitation(TimeStampedModel):
    """One link for one person, after a meeting, a plan review or a conversation, or from a
    case-file audit (how the work as a whole felt to the family).

    Exactly one of `meeting`, `plan_review`, `conversation`, `case_audit` says what it was
    about. The person
    is a family member, a partner's account, or a named person (a carer not on the record).
    """

    class Channel(models.TextChoices):
        SCREEN = "screen", "Show on screen"
        PRINT = "print", "Print with a QR code"
        EMAIL = "email", "E-mail"
        SMS = "sms", "Text message"
        ACCOUNT = "account", "Their own account"

    class SendStatus(models.TextChoices):
        NOT_SENT = "", "Not sent by us"
        QUEUED = "queued", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Could not be sent"

    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    reminder_token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    family = models.ForeignKey(
        Family, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    plan_review = models.ForeignKey(
        PlanReview, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    conversation = models.ForeignKey(
        RestorativeConversation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Issue 12 point 3: the family asked, from a case-file audit, how the work felt to them.
    # The audit page lists these links and shows their answers beside the findings.
    case_audit = models.ForeignKey(
        "evaluation.CaseAudit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="family_invitations",
    )
    respondent_kind = models.CharField(max_length=20, choices=RespondentKind.choices)
    member = models.ForeignKey(
        FamilyMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    staff = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="survey_invitations"
    )
    name = models.CharField(max_length=200, blank=True)
    practitioner = models.ForeignKey(
        Staff,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The worker who reads the answers if the person agrees.",
    )
    chair = models.ForeignKey(
        Staff,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="A partner's answers are read by the meeting's chair and their manager.",
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    send_to = models.CharField(max_length=254, blank=True)
    send_status = models.CharField(
        max_length=10, choices=SendStatus.choices, blank=True, default=SendStatus.NOT_SENT
    )
    send_error = models.CharField(max_length=500, blank=True)
    month = models.DateField(help_text="The first day of the month it was given (for results).")
    expires_at = models.DateTimeField()
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["expires_at"], name="survey_invitation_expiry_idx"),
            models.Index(fields=["meeting"], name="survey_invitation_meeting_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        meeting__isnull=False,
                        plan_review__isnull=True,
                        conversation__isnull=True,
                        case_audit__isnull=True,
                    )
                    | Q(
                        meeting__isnull=True,
                        plan_review__isnull=False,
                        conversation__isnull=True,
                        case_audit__isnull=True,
                    )
                    | Q(
                        meeting__isnull=True,
                        plan_review__isnull=True,
                        conversation__isnull=False,
                        case_audit__isnull=True,
                    )
                    | Q(
                        meeting__isnull=True,
                        plan_review__isnull=True,
                        conversation__isnull=True,
                        case_audit__isnull=False,
                    )
                ),
                name="survey_invitation_about_one_thing",
            ),
            models.CheckConstraint(
                condition=(Q(member__isnull=False) & Q(staff__isnull=True) & Q(name=""))
                | (Q(member__isnull=True) & Q(staff__isnull=False) & Q(name=""))
                | (Q(member__isnull=True) & Q(staff__isnull=True) & ~Q(name="")),
                name="survey_invitation_one_person",
            ),
            # A partner gives one feedback per meeting, by link or through their account.
            models.UniqueConstraint(
                fields=["meeting", "staff"],
                condition=Q(meeting__isnull=False, staff__isnull=False),
                name="survey_invitation_partner_once",
            ),
        ]

    def __str__(self) -> str:
        return f"Feedback invitation for {self.display_name}"

    @property
    def display_name(self) -> str:
        if self.member_id and self.member:
            return self.member.display_name
        if self.staff_id and self.staff:
            return self.staff.display_name
        return self.name

    def is_expired(self, now: datetime.datetime) -> bool:
        return self.closed_at is not None or self.expires_at <= now


class SurveySend(TimeStampedModel):
    """One message sent through GOV.UK Notify: the record that makes a retried send a no-op."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", "Invitation"
        REMINDER = "reminder", "Reminder"

    class Status(models.TextChoices):
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    invitation = models.ForeignKey(SurveyInvitation, on_delete=models.CASCADE, related_name="sends")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENDING)
    notify_id = models.CharField(max_length=64, blank=True)
    error = models.CharField(max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["invitation", "kind"], name="survey_send_once")
        ]


class SurveyResponse(TimeStampedModel):
    """The answers one person gave through one invitation (at most one per invitation)."""

    invitation = models.OneToOneField(
        SurveyInvitation, on_delete=models.PROTECT, related_name="response"
    )
    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="+")
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="+")
    # Copied from the invitation so the results group one table (see the module docstring).
    family = models.ForeignKey(
        Family, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    meeting_type = models.CharField(max_length=40, blank=True)
    respondent_kind = models.CharField(max_length=20, choices=RespondentKind.choices)
    practitioner = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    chair = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    chair_team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    month = models.DateField(help_text="The first day of the month it was given.")
    shared_with_practitioner = models.BooleanField(default=False)
    contact_requested = models.BooleanField(default=False)
    experience = models.CharField(max_length=4, blank=True, help_text="WITH, TO, FOR or NOT.")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["survey", "month"], name="survey_response_month_idx"),
            models.Index(fields=["team", "month"], name="survey_response_team_idx"),
        ]

    def __str__(self) -> str:
        return f"Response to {self.survey.name}"


class SurveyAnswer(models.Model):
    """One answer: a number (scales and faces; yes=1, no=0, not sure=null with choice
    'not_sure'), a choice, or the person's own words (never run through the language checker)."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.PROTECT, related_name="+")
    number = models.SmallIntegerField(null=True, blank=True)
    choice = models.CharField(max_length=40, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="survey_answer_once"),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gte=0, number__lte=10),
                name="survey_answer_number_in_range",
            ),
        ]
        # The comments list reads the newest answers with words first, a page at a time
        # (surveys/selectors.comments). Only free-text answers hold words (one in about 24
        # answers), so a partial index of their ids lets the page walk back from the newest
        # without sorting every answer the reader may see.
        indexes = [
            models.Index(fields=["id"], condition=~Q(text=""), name="survey_answer_words_idx")
        ]

    def __str__(self) -> str:
        return f"Answer to {self.question_id}"


class SurveyFollowUp(TimeStampedModel):
    """A respondent asked to be contacted: on the team manager's list, due in 5 working days."""

    response = models.OneToOneField(
        SurveyResponse, on_delete=models.CASCADE, related_name="follow_up"
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True, help_text="What was done.")

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["team", "due_on"], name="survey_follow_up_due_idx")]


class SurveyResultMonth(models.Model):
    """The results rolled up by month and by every way they are read (team, service, meeting
    type, who answered), kept up to date as invitations are made and answers arrive.

    Why: the results page, downloads and API must answer within the page budget with 200,000
    responses and more (DESIGN.md "Reports ... from stored monthly snapshots"). Summing these
    rows grows with months, teams and meeting types, never with the number of responses.
    `survey_results_rebuild` recomputes them from the responses (demo data, repairs).
    """

    month = models.DateField()
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    meeting_type = models.CharField(max_length=40, blank=True)
    respondent_kind = models.CharField(max_length=20, choices=RespondentKind.choices)
    invited = models.PositiveIntegerField(default=0)
    responses = models.PositiveIntegerField(default=0)
    with_count = models.PositiveIntegerField(default=0)
    to_count = models.PositiveIntegerField(default=0)
    for_count = models.PositiveIntegerField(default=0)
    not_count = models.PositiveIntegerField(default=0)
    # Every scored answer of the row's responses, whatever the question: the mean score by
    # month, team, service, meeting type or who answered is read here, in the same grouped
    # query as the counts, and not summed again from the (many more) question rows.
    answers = models.PositiveIntegerField(default=0)
    score_sum = models.FloatField(default=0.0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "survey", "team", "meeting_type", "respondent_kind"],
                name="survey_result_month_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey_id} {self.team_id} {self.month}"


class SurveyResultQuestion(models.Model):
    """Answers to one question rolled up like `SurveyResultMonth`: how many, and the sum of
    their scores out of 100 (a mean is the sum over the count, for any grouping)."""

    month = models.DateField()
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    meeting_type = models.CharField(max_length=40, blank=True)
    respondent_kind = models.CharField(max_length=20, choices=RespondentKind.choices)
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="+")
    answers = models.PositiveIntegerField(default=0)
    score_sum = models.FloatField(default=0.0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "survey", "team", "meeting_type", "respondent_kind", "question"],
                name="survey_result_question_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id} {self.team_id} {self.month}"
