"""The staff wellbeing survey's tables (§6.4, §6.5, §8; DESIGN.md privacy rules 4 and 7).

Who took part and what they answered are two tables with nothing in common but the round:
`WellbeingParticipation` (who, so nobody answers twice) and `WellbeingResponse` (what, with
only the team and service needed for results). Neither has a timestamp, an IP address or a
sequential key: both use `RandomKeyField`, so neither the keys nor (on SQLite, where the key
is the row id) the order rows are stored in says when a row was written. See
docs/decisions/0012-staff-wellbeing-survey.md for what this does and does not protect.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from restorative.core.models import TimeStampedModel
from restorative.people.models import Service, Staff, Team

from ..wellbeing.items import (
    ITEMS,
    SCALE_MAX,
    SCALE_MIN,
    SWEMWBS_KEYS,
    SWEMWBS_MAX,
    SWEMWBS_MIN,
)


def random_key() -> int:
    """A random 62-bit key: never repeats in practice, says nothing about when it was made."""
    return secrets.randbits(62) + 1


class RandomKeyField(models.BigIntegerField):  # type: ignore[type-arg]
    """A primary key chosen at random, not counted up.

    On SQLite the column is declared `integer`, which makes it the table's row id: rows are
    then stored in key order, a random order, so not even the file's layout keeps the order
    they were written in. Elsewhere it is a 64-bit integer.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("primary_key", True)
        kwargs.setdefault("default", random_key)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def db_type(self, connection: Any) -> str | None:
        if connection.vendor == "sqlite":
            return "integer"
        return super().db_type(connection)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        for key in ("primary_key", "default", "editable"):
            kwargs.pop(key, None)
        return name, path, args, kwargs


def _scale(low: int, high: int) -> list[Any]:
    return [MinValueValidator(low), MaxValueValidator(high)]


def _answer() -> models.PositiveSmallIntegerField:
    """One of the survey's own questions: required, 0 to 10."""
    return models.PositiveSmallIntegerField(validators=_scale(SCALE_MIN, SCALE_MAX))


def _swemwbs_answer() -> models.PositiveSmallIntegerField:
    """One SWEMWBS item, 1 to 5; empty when the organisation has no licence loaded."""
    return models.PositiveSmallIntegerField(
        null=True, blank=True, validators=_scale(SWEMWBS_MIN, SWEMWBS_MAX)
    )


class SwemwbsLicence(TimeStampedModel):
    """The organisation's own SWEMWBS licence and the seven items it loaded under it.

    One row at most. The platform ships no item wording (Warwick's licence forbids public
    sharing): whoever enables it confirms the organisation holds a licence and types the
    items in. New rounds ask them while `enabled`.
    """

    licence_holder = models.CharField(
        max_length=200, help_text="The organisation named on the licence from Warwick."
    )
    licence_reference = models.CharField(max_length=100, blank=True)
    items = models.JSONField(default=list, help_text="The seven items, in order.")
    enabled = models.BooleanField(default=False)
    confirmed_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "SWEMWBS licence"

    def __str__(self) -> str:
        return f"SWEMWBS licence held by {self.licence_holder}"


class WellbeingRound(TimeStampedModel):
    """One round of the staff survey for the whole organisation, open between two dates.

    `eligible` holds how many staff could answer, per group key ("organisation",
    "service:<id>", "team:<id>"), counted when the round is opened: response rates compare
    with who was asked, not with today's staff list. `swemwbs_items` is a copy of the
    licensed items the round asks (empty when it asks none), so a later change to the
    licence page does not change what earlier answers meant.
    """

    title = models.CharField(max_length=120)
    opens_on = models.DateField()
    closes_on = models.DateField()
    swemwbs_items = models.JSONField(default=list, blank=True)
    eligible = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="wellbeing_round_closes_after_open"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def asks_swemwbs(self) -> bool:
        return bool(self.swemwbs_items)


class WellbeingParticipation(models.Model):
    """That a person has answered a round: nothing else (no time, no link to the answer)."""

    id = RandomKeyField()
    round = models.ForeignKey(WellbeingRound, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="wellbeing_answer_once"),
        ]

    def __str__(self) -> str:
        return "Took part"


class WellbeingLink(models.Model):
    """A one-time link to answer a round without signing in (on a personal phone, say).

    Only a hash of the token is kept. Using it records the person's participation, exactly
    as answering in the product does, and is then deleted: the answer keeps nothing of it.
    """

    id = RandomKeyField()
    round = models.ForeignKey(WellbeingRound, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="wellbeing_one_link_each"),
        ]

    def __str__(self) -> str:
        return "One-time link"


class WellbeingResponse(models.Model):
    """One person's answers to one round, with no way back to the person.

    No created time, no updated time, no uuid, a random key; `team` and `service` are the
    only grouping (the respondent's when they answered), as results need them.
    """

    id = RandomKeyField()
    round = models.ForeignKey(WellbeingRound, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    life_satisfaction = _answer()
    worthwhile = _answer()
    happy_yesterday = _answer()
    anxious_yesterday = _answer()
    safe_to_speak_up = _answer()
    mistakes_learned_from = _answer()
    views_listened_to = _answer()
    supervision_as_agreed = _answer()
    supervision_reflective = _answer()
    circles_help = _answer()
    circles_safe = _answer()
    swemwbs_1 = _swemwbs_answer()
    swemwbs_2 = _swemwbs_answer()
    swemwbs_3 = _swemwbs_answer()
    swemwbs_4 = _swemwbs_answer()
    swemwbs_5 = _swemwbs_answer()
    swemwbs_6 = _swemwbs_answer()
    swemwbs_7 = _swemwbs_answer()
    swemwbs_raw = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="7 to 35; the metric score is read off the table."
    )
    comment = models.TextField(blank=True, max_length=2000)

    class Meta:
        indexes = [models.Index(fields=["round", "team"], name="wellbeing_round_team_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    **{f"{item.key}__gte": SCALE_MIN for item in ITEMS},
                    **{f"{item.key}__lte": SCALE_MAX for item in ITEMS},
                ),
                name="wellbeing_answers_0_to_10",
            ),
            models.CheckConstraint(
                condition=Q(swemwbs_raw__isnull=True) | Q(swemwbs_raw__gte=7, swemwbs_raw__lte=35),
                name="wellbeing_swemwbs_raw_7_to_35",
            ),
        ]

    def __str__(self) -> str:
        return "Anonymous answer"


__all__ = [
    "SWEMWBS_KEYS",
    "RandomKeyField",
    "SwemwbsLicence",
    "WellbeingLink",
    "WellbeingParticipation",
    "WellbeingResponse",
    "WellbeingRound",
]
