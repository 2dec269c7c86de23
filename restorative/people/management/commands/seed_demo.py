"""`manage.py seed_demo`: load the invented demo authority, its staff and families.

`make run` calls `seed_demo --scale small --if-empty`, so a second `make run` does nothing
here. `--scale large` (5,000 staff, 50,000 families) is for the page benchmarks.
See docs/decisions/0004-demo-data.md.
"""

from __future__ import annotations

import importlib
import time
from typing import Any

from django.apps import apps as django_apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import ProtectedError

from restorative.people.demo_data import (
    DEMO_PASSWORD,
    SCALES,
    ResetRefused,
    demo_data_reset,
    seed_demo_data,
)
from restorative.people.mfa.demo import enrol_demo_second_factors
from restorative.people.models import Organisation


class Command(BaseCommand):
    help = "Load invented demo data: an authority, its teams, staff, families, and demo sign-ins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            choices=sorted(SCALES),
            default="small",
            help="small: about 150 staff and 600 families (make run). "
            "large: 5,000 staff and 50,000 families (benchmarks).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already holds an organisation.",
        )
        parser.add_argument(
            "--only",
            choices=["voices"],
            help="Replace only this part of the demo data on a database already seeded. "
            "voices: the feedback from families and partners, the staff survey rounds and the "
            "course evaluations (issue 11). Running it again replaces them again.",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the existing demo data first. Refused if the access trail has "
            "entries or the database holds anything that is not demo data.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if str(getattr(settings, "SETTINGS_MODULE", "")).endswith(".production"):
            raise CommandError(
                "Demo data is never loaded with production settings: its accounts share a "
                "published password."
            )
        if options["only"]:
            self._only(options["only"], SCALES[options["scale"]].name)
            return
        if Organisation.objects.exists():
            if options["if_empty"]:
                self.stdout.write("Demo data already present")
                return
            if not options["reset"]:
                raise CommandError(
                    "The database already holds an organisation, so demo data was not loaded. "
                    "Use --if-empty to skip quietly, or --reset to replace the demo data."
                )
            try:
                with transaction.atomic():
                    # Other apps' demo records point at people and families: clear them first.
                    # Everything rolls back if the reset is refused.
                    _reset_other_apps()
                    demo_data_reset()
            except ResetRefused as refusal:
                raise CommandError(f"Demo data was not reset. {refusal}") from refusal
            except ProtectedError as error:
                raise CommandError(
                    "Demo data was not reset: other records still point at demo staff or "
                    "families. Start from a new database instead."
                ) from error
            self.stdout.write("Existing demo data deleted")

        scale = SCALES[options["scale"]]
        self.stdout.write(f"Loading {scale.name} demo data...")
        started = time.perf_counter()
        verbose = options["verbosity"] >= 2
        result = seed_demo_data(
            scale=scale,
            progress=(lambda message: self.stdout.write(f"  {message}")) if verbose else None,
        )
        # The demo accounts whose role needs a second factor get the published demo key.
        enrol_demo_second_factors()
        counts = dict(result.counts)
        counts.update(_seed_other_apps(scale.name))
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{n:,} {label}" for label, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded in {elapsed:.1f} s: {summary}."))
        self.stdout.write(
            f"Every demo account's password is '{DEMO_PASSWORD}'. "
            "Run `manage.py demo_logins` to list the sign-ins."
        )

    def _only(self, part: str, scale: str) -> None:
        """Replace one part of the demo data on a seeded database (no people are touched)."""
        if not Organisation.objects.exists():
            raise CommandError(
                f"There is no demo data to add the {part} to: run seed_demo without --only first."
            )
        parts = {
            name: reseed
            for module in _other_app_demo_modules()
            for name, reseed in getattr(module, "RESEED_PARTS", {}).items()
        }
        if part not in parts:
            raise CommandError(f"No app offers the demo part '{part}'.")
        self.stdout.write(f"Replacing the {part} ({scale} scale)...")
        started = time.perf_counter()
        counts = parts[part](scale=scale)
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{n:,} {label}" for label, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"The {part} replaced in {elapsed:.1f} s: {summary}."))


def _other_app_demo_modules() -> list[Any]:
    """Each other app's `demo_data` module, in INSTALLED_APPS order (apps without one skipped)."""
    modules = []
    for config in django_apps.get_app_configs():
        if not config.name.startswith("restorative.") or config.name == "restorative.people":
            continue
        try:
            modules.append(importlib.import_module(f"{config.name}.demo_data"))
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.demo_data":
                raise
    return modules


def _reset_other_apps() -> None:
    """Let each app delete its own demo rows (`demo_data.reset()`), latest app first."""
    for module in reversed(_other_app_demo_modules()):
        reset = getattr(module, "reset", None)
        if reset is not None:
            reset()


def _seed_other_apps(scale: str) -> dict[str, int]:
    """Let each other app add its own demo data on top of the people and families.

    An app takes part by having a `demo_data` module with `seed(*, scale: str) -> dict[str,
    int]` (counts by label); it runs after the people, in INSTALLED_APPS order.
    """
    counts: dict[str, int] = {}
    for module in _other_app_demo_modules():
        counts.update(module.seed(scale=scale))
    return counts
