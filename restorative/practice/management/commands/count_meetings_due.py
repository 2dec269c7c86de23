"""Count every team's overdue and due-soon meetings for the leaders' roll-up (issue 16).

    manage.py count_meetings_due

What beat runs every 5 minutes (`practice.count_meetings_due`), for cron where there is no
Redis, and after loading data so that the first leader to open "Meetings due" does not wait
for the count.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from restorative.practice.services.due_counts import due_counts_refresh


class Command(BaseCommand):
    help = "Count every team's overdue and due-soon meetings for the leaders' 'Meetings due'."

    def handle(self, *args: Any, **options: Any) -> None:
        teams = due_counts_refresh()
        self.stdout.write(f"Counted the meetings due of {teams} teams.")
