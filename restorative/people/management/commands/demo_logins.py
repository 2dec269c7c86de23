"""`manage.py demo_logins`: the demo sign-ins, one per role, and what each can see.

`make run` prints this just before starting the server, so a person knows how to sign in.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from restorative.people import permissions
from restorative.people.demo_data import DEMO_LOGINS, DEMO_PASSWORD, demo_login_emails
from restorative.people.mfa.demo import (
    DEMO_AUTHENTICATOR_KEY,
    demo_code,
    demo_second_factor_emails,
    enrol_demo_second_factors,
)
from restorative.people.models import Family, Staff


def _where(person: Staff) -> str:
    for place in (person.team, person.service, person.partner_agency):
        if place is not None:
            return place.name
    return "Whole organisation"


class Command(BaseCommand):
    help = "List the demo sign-ins (email, role, what they can see) and where to open the site."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="Where the site runs.")

    def handle(self, *args: Any, **options: Any) -> None:
        accounts = {
            person.email: person
            for person in Staff.objects.filter(email__in=demo_login_emails()).select_related(
                "team", "service", "partner_agency"
            )
        }
        if not accounts:
            self.stdout.write(
                "No demo accounts in this database. Load them with "
                "`manage.py seed_demo --scale small` (make run does this on an empty database)."
            )
            return

        rows = [("Email", "Role", "Works in", "Families")]
        can_see = [""]
        missing = []
        for login in DEMO_LOGINS:
            person = accounts.get(login.email)
            if person is None:
                missing.append(login.email)
                continue
            if permissions.can_list_families(person):
                visible = Family.objects.filter(permissions.families_visible_q(person)).count()
                families = f"{visible:,}"
            else:
                families = "none"
            rows.append((login.email, person.get_role_display(), _where(person), families))
            can_see.append(login.can_see)
        widths = [max(len(row[i]) for row in rows) for i in range(4)]

        self.stdout.write("")
        self.stdout.write(
            self.style.MIGRATE_HEADING("Demo sign-ins (invented people and families)")
        )
        for index, row in enumerate(rows):
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=True)]
            self.stdout.write(("  " + "  ".join(cells)).rstrip())
            if index == 0:
                self.stdout.write("  " + "  ".join("-" * width for width in widths))
            else:
                self.stdout.write(f"      Can see: {can_see[index]}")
        self.stdout.write("")
        self.stdout.write(f"  Password for every demo account: {DEMO_PASSWORD}")
        # A demo database made before the second factor existed gets the demo key now.
        enrol_demo_second_factors()
        second_factor = [email.split("@")[0] for email in demo_second_factor_emails()]
        self.stdout.write(
            f"  Second factor ({', '.join(second_factor)}): after the password, enter the code "
            f"from an authenticator app given the demo key {DEMO_AUTHENTICATOR_KEY}, or run "
            f"`manage.py demo_code` for the current one (now {demo_code()}; it changes every "
            "30 seconds, and each account takes a code once)."
        )
        self.stdout.write(f"  Open {options['url']} and sign in.")
        if missing:
            self.stdout.write(
                self.style.WARNING(
                    "  Missing demo accounts (deactivated or deleted): " + ", ".join(missing)
                )
            )
        self.stdout.write("")
