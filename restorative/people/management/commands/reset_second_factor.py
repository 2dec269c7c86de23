"""`manage.py reset_second_factor EMAIL`: the operator's reset, on the server (break glass).

For when no administrator can use the admin site's reset: the last administrator lost their
phone and their recovery codes. It removes the person's authenticator app, recovery codes and
passkeys, ends their sessions, and is logged as a security event (by "operator").
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from restorative.people.mfa.services import second_factor_reset
from restorative.people.models import Staff


class Command(BaseCommand):
    help = "Remove a person's second factor so they set it up again at their next sign-in."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The person's email address.")

    def handle(self, *args: Any, **options: Any) -> None:
        email = str(options["email"]).strip().lower()
        person = Staff.objects.filter(email=email).first()
        if person is None:
            raise CommandError(f"No account with the email address {email}")
        removed = second_factor_reset(person=person, by=None)
        self.stdout.write(
            f"Removed {removed} second factor device(s) of {email} and ended their sessions. "
            "They set up a new one at their next sign-in."
        )
