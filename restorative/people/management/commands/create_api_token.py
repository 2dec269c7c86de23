"""Create (or replace) the API token for one account and print it once.

The token is a password for the API: it is shown here and never again, so hand it to the
integrator straight away. An account has at most one token; `--replace` ends the old one.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from rest_framework.authtoken.models import Token

from restorative.core.api_tokens import api_token_issue, describe_limits
from restorative.core.security import log_security_event
from restorative.people.models import Staff


class Command(BaseCommand):
    help = "Create an API token for the account with this email address and print it once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The account's email address.")
        parser.add_argument(
            "--read-only",
            action="store_true",
            help="The token may only read: every add, change or delete is refused (403).",
        )
        parser.add_argument(
            "--expires-in-days",
            type=int,
            default=None,
            metavar="DAYS",
            help="The token stops working after this many days (401). Default: never.",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace the account's existing token (the old one stops working at once).",
        )

    @transaction.atomic
    def handle(
        self,
        *args: Any,
        email: str,
        replace: bool,
        read_only: bool = False,
        expires_in_days: int | None = None,
        **options: Any,
    ) -> None:
        if expires_in_days is not None and expires_in_days < 1:
            raise CommandError("--expires-in-days must be 1 or more")
        try:
            staff = Staff.objects.get(email__iexact=email.strip())
        except Staff.DoesNotExist as exc:
            raise CommandError(f"No account has the email address {email}") from exc
        if not staff.is_active:
            raise CommandError("That account is deactivated: reactivate it before adding a token")
        if Token.objects.filter(user=staff).exists() and not replace:
            raise CommandError(
                "That account already has an API token. Use --replace to replace it; "
                "the old token will stop working."
            )
        token = api_token_issue(user=staff, read_only=read_only, expires_in_days=expires_in_days)
        log_security_event(
            "api_token_replaced" if replace else "api_token_created",
            user=staff,
            channel="command",
            scope=describe_limits(token)["scope"],
            expires=describe_limits(token)["expires"],
        )
        self.stdout.write(token.key)
        self.stderr.write(
            "This is the only time the token is shown. Keep it as safely as a password."
        )
