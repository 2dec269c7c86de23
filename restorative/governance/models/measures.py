"""Targets the director sets for measures, and the monthly snapshots of each measure (§9)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from restorative.core.models import TimeStampedModel


class Target(TimeStampedModel):
    """The director's target for one measure (the organisation's, applied at every scope)."""

    measure = models.CharField(max_length=60, unique=True)
    value = models.DecimalField(max_digits=7, decimal_places=2)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["measure"]

    def __str__(self) -> str:
        return f"{self.measure}: {self.value}"


class Snapshot(TimeStampedModel):
    """One measure's figures for one month and one scope, stored so history does not shift
    under later edits. `team`/`service` both empty: the organisation."""

    measure = models.CharField(max_length=60)
    month = models.DateField(help_text="The first day of the month.")
    service = models.ForeignKey(
        "people.Service", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    team = models.ForeignKey(
        "people.Team", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # "organisation", "service:<id>" or "team:<id>": one key for the one-per-scope rule that
    # works the same on SQLite and PostgreSQL (NULLs are distinct in a unique index).
    scope_key = models.CharField(max_length=40)
    numerator = models.DecimalField(max_digits=14, decimal_places=2)
    denominator = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["measure", "month"]
        indexes = [
            models.Index(fields=["month", "measure"], name="snapshot_month_measure"),
            # One place's months (the picture's trend, the board report): without it the
            # picture read every team's rows of 11 months to find the organisation's.
            models.Index(fields=["scope_key", "month"], name="snapshot_scope_month"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "month", "scope_key"], name="snapshot_one_per_scope"
            )
        ]
