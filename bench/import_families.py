"""Benchmark: import 100,000 family rows from CSV through the same service as the upload page.

Budget (DESIGN.md): 100,000 rows in under 20 s, all or nothing, on SQLite and PostgreSQL.
Run it against a throwaway database only (see bench/README.md): it migrates the database,
refuses to run if families are already recorded there, and leaves its data behind.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/import_families.py
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "restorative.settings.base")

TEAMS = 50
WORKERS_PER_TEAM = 10
SURNAMES = [
    "Okafor", "Smith", "Patel", "Jones", "Williams", "Brown", "Taylor", "Khan", "Davies",
    "Evans", "Wilson", "Thomas", "Roberts", "Johnson", "Lewis", "Walker", "Robinson", "Wood",
    "Thompson", "White", "Nowak", "Hughes", "Edwards", "Green", "Hall", "Ahmed", "Murphy",
]  # fmt: skip


def build_csv(rows: int, *, shift: int = 0) -> str:
    """`rows` good rows; `shift` moves each family to another worker in its team (re-import)."""
    lines = ["Case_Reference,Family_Name,Team_Code,Worker_Email,Status,Opened_On"]
    for i in range(rows):
        team = i % TEAMS
        worker = (i // TEAMS + shift) % WORKERS_PER_TEAM
        email = f"bench.worker.{team}.{worker}@bench.example" if i % 5 else ""
        status = "closed" if i % 10 == 0 else "open"
        opened = f"2024-{i % 12 + 1:02d}-{i % 28 + 1:02d}" if i % 2 else f"{i % 28 + 1:02d}/03/2025"
        name = SURNAMES[i % len(SURNAMES)]
        lines.append(f"BENCH-{i:07d},{name},BT{team:03d},{email},{status},{opened}")
    return "\r\n".join(lines) + "\r\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--reimport", action="store_true", help="Also time a re-import that reallocates every row."
    )
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        print("Set DATABASE_URL to a throwaway database (see bench/README.md).", file=sys.stderr)
        return 2

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from restorative.core.models import AccessEvent
    from restorative.people import imports
    from restorative.people.models import Family, Organisation, Service, Staff, Team

    call_command("migrate", verbosity=0)
    if Family.objects.exists():
        print("This database already has families: use a throwaway database.", file=sys.stderr)
        return 2

    org = Organisation.objects.create(name="Bench Borough")
    service = Service.objects.create(organisation=org, name="Bench service")
    teams = Team.objects.bulk_create(
        [Team(service=service, name=f"Bench team {n}", code=f"BT{n:03d}") for n in range(TEAMS)]
    )
    staff = []
    for n, team in enumerate(teams):
        for w in range(WORKERS_PER_TEAM):
            member = Staff(
                email=f"bench.worker.{n}.{w}@bench.example",
                first_name="Bench",
                last_name=f"Worker {n}.{w}",
                role=Staff.Role.PRACTITIONER,
                team=team,
                organisation=org,
            )
            member.set_unusable_password()
            staff.append(member)
    Staff.objects.bulk_create(staff)
    admin = Staff(
        email="bench.admin@bench.example",
        first_name="Bench",
        last_name="Admin",
        role=Staff.Role.SYSTEM_ADMIN,
        organisation=org,
    )
    admin.set_unusable_password()
    admin.save()

    def run(label: str, text: str) -> float:
        data = text.encode("utf-8")
        start = time.perf_counter()
        batch = imports.import_batch_create(actor=admin, file_name="bench.csv", data=data)
        checked = time.perf_counter()
        if batch.error_count:
            raise SystemExit(f"Unexpected errors: {batch.errors[:5]}")
        batch = imports.import_batch_apply(actor=admin, batch=batch, background=False)
        done = time.perf_counter()
        if batch.status != batch.Status.APPLIED:
            raise SystemExit(f"Import failed: {batch.failure_reason}")
        total = done - start
        print(
            f"{label}: {batch.total_rows:,} rows ({batch.new_count:,} new, "
            f"{batch.updated_count:,} updated), {len(data) / 1e6:.1f} MB; "
            f"check {checked - start:.2f} s + apply {done - checked:.2f} s = {total:.2f} s; "
            f"{batch.total_rows / total:,.0f} rows/s"
        )
        return total

    print(f"Database: {connection.vendor}; {options.rows:,} rows")
    total = run("import", build_csv(options.rows))
    assert Family.objects.count() == options.rows
    assert AccessEvent.objects.filter(channel="import").count() == options.rows
    if options.reimport:
        run("re-import (reallocate)", build_csv(options.rows, shift=1))
    budget = 20.0
    verdict = "within" if total < budget else "OVER"
    print(f"Budget: {total:.2f} s for the import, {verdict} the {budget:.0f} s budget")
    return 0 if total < budget else 1


if __name__ == "__main__":
    sys.exit(main())
