"""The organisation's lexicon, children's own words, language leads and language analytics.

The engine (engine.py, lexicon.py) is pure Python; these models hold what the organisation
changes at run time. Analytics hold counts only: never the text anyone wrote.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from restorative.core.models import TimeStampedModel

from .lexicon import CATEGORIES
from .morphology import INFLECTIONS


class Category(models.TextChoices):
    SHAMING = "shaming", "Shaming"
    LABELLING = "labelling", "Labelling"
    BLAMING = "blaming", "Blaming"
    INSTITUTIONAL = "institutional", "Institutional"
    JARGON = "jargon", "Jargon or acronym"
    DEFICIT = "deficit", "Deficit"


assert set(Category.values) == set(CATEGORIES), "Category choices must match the engine's"


class Inflection(models.TextChoices):
    NONE = "none", "None: match the term and variants as written"
    NOUN = "noun", "Noun: the last word takes plurals"
    VERB = "verb", "Verb: the first word takes -s, -ed and -ing"


assert set(Inflection.values) == set(INFLECTIONS), "Inflection choices must match the engine's"


class LexiconEntry(TimeStampedModel):
    """One row of the organisation's lexicon, in the CSV export format's columns.

    List cells (variants, alternatives, context rules) are stored as the CSV writes them,
    ``|``-separated, so an export and a re-import are the same text. Entries are disabled,
    never deleted, so who changed what stays visible. Seeded from data/lexicon.csv on first use.
    """

    term = models.CharField(max_length=200)
    variants = models.TextField(blank=True, help_text="Other forms, separated by |")
    category = models.CharField(max_length=20, choices=Category.choices)
    alternatives = models.CharField(max_length=500, help_text="1 to 3, separated by |")
    reason = models.TextField()
    source = models.CharField(max_length=300, blank=True)
    inflection = models.CharField(max_length=10, choices=Inflection.choices, default="none")
    not_after = models.TextField(blank=True)
    not_before = models.TextField(blank=True)
    only_after = models.TextField(blank=True)
    only_before = models.TextField(blank=True)
    unless_near = models.TextField(blank=True)
    only_near = models.TextField(blank=True)
    advice = models.CharField(
        max_length=500,
        blank=True,
        help_text="Which alternatives are advice (shown, never inserted), separated by |",
    )
    enabled = models.BooleanField(default=True)
    position = models.PositiveIntegerField(
        default=0, help_text="Order in the export, so an export re-imports unchanged."
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who last changed the entry; empty for the shipped lexicon.",
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "lexicon entries"
        constraints = [
            models.UniqueConstraint(Lower("term"), name="language_entry_term_unique"),
        ]
        indexes = [models.Index(fields=["enabled", "position"], name="language_entry_enabled_idx")]

    def __str__(self) -> str:
        return self.term

    @property
    def alternatives_list(self) -> list[str]:
        return [part.strip() for part in self.alternatives.split("|") if part.strip()]


class ChildLanguagePreference(TimeStampedModel):
    """A word a child (or adult) in a family prefers, not to be flagged on their records."""

    member = models.ForeignKey(
        "people.FamilyMember", on_delete=models.CASCADE, related_name="language_preferences"
    )
    term = models.CharField(max_length=100)
    note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(
                "member", Lower("term"), name="language_preference_member_term_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.term


class LanguageLead(TimeStampedModel):
    """A member of staff who looks after the lexicon (appointed by a system administrator).

    Kept here rather than as a role on Staff: it is a duty some staff hold alongside their
    role, and only this app cares about it.
    """

    staff = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="language_lead"
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["staff__last_name", "staff__first_name"]

    def __str__(self) -> str:
        return str(self.staff)


class KeptReason(models.TextChoices):
    OWN_WORDS = "own_words", "It is the person's own word"
    QUOTATION = "quotation", "I am quoting someone"
    ACCURATE = "accurate", "It is the accurate or legal term here"
    OTHER = "other", "Another reason"


class LanguageUsage(TimeStampedModel):
    """How often a term was suggested, accepted and kept, per team and month. Counts only.

    `team` is the writer's team (empty for staff without one, such as a director). No text,
    no record and no person is stored: the figures cannot lead back to what was written.
    """

    team = models.ForeignKey(
        "people.Team", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    month = models.DateField(help_text="The first day of the month.")
    category = models.CharField(max_length=20, choices=Category.choices)
    term = models.CharField(max_length=200)
    shown = models.PositiveIntegerField(default=0)
    accepted = models.PositiveIntegerField(default=0)
    kept = models.PositiveIntegerField(default=0)
    kept_own_words = models.PositiveIntegerField(default=0)
    kept_quotation = models.PositiveIntegerField(default=0)
    kept_accurate = models.PositiveIntegerField(default=0)
    kept_other = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-month", "category", "term"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "month", "category", "term"],
                condition=Q(team__isnull=False),
                name="language_usage_team_unique",
            ),
            models.UniqueConstraint(
                fields=["month", "category", "term"],
                condition=Q(team__isnull=True),
                name="language_usage_no_team_unique",
            ),
        ]
        indexes = [models.Index(fields=["month", "team"], name="language_usage_month_idx")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.term}"


class ReportReason(models.TextChoices):
    OTHER_MEANING = "other_meaning", "The word means something else here"
    QUOTATION = "quotation", "It is a quotation or the person's own words"
    DOES_NOT_FIT = "does_not_fit", "The suggestions do not fit"
    OTHER = "other", "Another reason"


class LanguageReport(TimeStampedModel):
    """ "This isn't right here": how often a suggestion was reported wrong, per entry, context
    and sentence shape. Counts only.

    `context` is the page and field the suggestion appeared on (e.g.
    ``practice:conversation_answers agreed_next``), never a record. `shape` is the few words
    around the term with names, numbers and links masked ("the child [absconded] on [number]"),
    so the language lead can refine the rules; the sentence itself is not stored.
    """

    term = models.CharField(max_length=200)
    category = models.CharField(max_length=20, choices=Category.choices)
    context = models.CharField(max_length=150)
    shape = models.CharField(max_length=300)
    reason = models.CharField(max_length=20, choices=ReportReason.choices, blank=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-count", "term"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "context", "shape", "reason"], name="language_report_unique"
            ),
        ]
        indexes = [models.Index(fields=["term"], name="language_report_term_idx")]

    def __str__(self) -> str:
        return f"{self.term}: {self.count}"
