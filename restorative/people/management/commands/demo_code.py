"""`manage.py demo_code`: the current code for the demo accounts' second factor.

The demo administrator, quality assurance, head of service and director share a published
authenticator key (restorative/people/mfa/demo.py); this prints its code for now, so the demo
can be tried without an authenticator app. A code changes every 30 seconds and each account
takes it once.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from restorative.people.mfa.demo import DEMO_AUTHENTICATOR_KEY, demo_code


class Command(BaseCommand):
    help = "Print the current second-factor code of the demo accounts (demo data only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if str(getattr(settings, "SETTINGS_MODULE", "")).endswith(".production"):
            raise CommandError("The demo key is never used with production settings.")
        self.stdout.write(demo_code())
        self.stderr.write(f"(demo key {DEMO_AUTHENTICATOR_KEY}; the code changes every 30 seconds)")
