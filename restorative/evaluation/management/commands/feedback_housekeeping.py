"""`manage.py feedback_housekeeping`: one reminder before feedback links close, and closing the
links past their date. For cron where Celery beat is not running (the same tasks beat runs)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from restorative.evaluation.surveys.tasks import close_expired, send_reminders


class Command(BaseCommand):
    help = "Send one reminder for feedback links about to close, and close links past their date."

    def handle(self, *args: Any, **options: Any) -> None:
        reminded = send_reminders.apply().get()
        closed = close_expired.apply().get()
        self.stdout.write(f"Reminders queued: {reminded}. Links closed: {closed}.")
