"""Each team's count of meetings overdue and due soon, stored for the leaders' roll-up.

Why (issue 16): the director's "Meetings due" rolled up every team by counting every open
meeting in the county on each visit (760 ms median at 384 teams against 62 at 12). The
counts are shared by everyone who oversees the team, so they are counted once, here, every
few minutes (`practice.count_meetings_due`), and the page reads a row per team, saying when
they were counted. A team's own list (the team meetings page) is always counted live: that
is where a person acts on a meeting.
"""

from __future__ import annotations

from django.db import models

from restorative.people.models import Team


class TeamDueCount(models.Model):
    """How many of a team's open meetings were overdue and due soon when last counted."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="due_count")
    overdue = models.PositiveIntegerField(default=0)
    due_soon = models.PositiveIntegerField(default=0)
    counted_at = models.DateTimeField()

    class Meta:
        indexes = [
            # The roll-up lists teams most overdue first.
            models.Index(fields=["-overdue", "-due_soon"], name="team_due_count_overdue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.team}: {self.overdue} overdue, {self.due_soon} due soon"
