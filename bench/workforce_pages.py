"""Workforce benchmark: p50/p95 and SQL query count of the training compliance pages.

Why: DESIGN.md sets 200 ms at p95 for every list and dashboard page with the `large` demo
data (5,000 staff). The organisation-wide compliance pages (overview, drill-down, champions
register) cover every member of staff, so they are the ones that grow with the organisation.
Measured in-process with Django's test Client (whole middleware stack, no network), as
bench/pages.py does. Compliance pages write no access events (training records are not case
data), so this can run on any database holding the large demo staff.

Usage (PostgreSQL, a database of its own):

    createdb -h 127.0.0.1 -U postgres workforce_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/workforce_bench
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py seed_demo --scale large   # or --seed-staff below (seconds)
    .venv/bin/python bench/workforce_pages.py          # --requests 30 --warmup 3

`--seed-staff` loads only what these pages read into an empty database: the large scale's
5,000 staff, services and teams (with 500 families instead of 50,000) and the workforce demo
data (courses, completions, champions), in a few seconds instead of the full seed.
Exit code 1 with --strict when a budgeted page misses the budget (the exports are reported
but not budgeted: they are downloads, not pages).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "restorative.settings.local")
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from signin import sign_in  # noqa: E402 - bench/signin.py

from restorative.people.models import Staff, Team  # noqa: E402

USERS = ("director", "workforce", "head", "manager")
DOMAIN = "demo.restorative.test"


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile (as bench/pages.py)."""
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


def seed_staff() -> None:
    """The large scale's staff with few families, then the workforce demo data only."""
    from restorative.people.demo_data import SCALES, seed_demo_data
    from restorative.workforce import demo_data

    if Staff.objects.exists():
        raise SystemExit("--seed-staff needs an empty (migrated) database.")
    started = time.perf_counter()
    result = seed_demo_data(scale=dataclasses.replace(SCALES["large"], families=500))
    counts = {**result.counts, **demo_data.seed(scale="large")}
    print(f"Seeded in {time.perf_counter() - started:.1f} s: {counts}")


def pages_for(user: Staff) -> list[tuple[str, str, bool]]:
    """(label, URL, budgeted) for one user."""
    people = reverse("workforce:compliance_people")
    pages = [
        ("compliance overview", reverse("workforce:compliance"), True),
        ("drill-down: overdue, everyone", f"{people}?status=overdue", True),
        ("drill-down: not started, everyone, page 5", f"{people}?status=not_started&page=5", True),
        ("drill-down: completed, everyone", f"{people}?status=completed", True),
        ("champions register", reverse("workforce:champions"), True),
    ]
    team = (
        user.team
        or (Team.objects.filter(service=user.service) if user.service_id else Team.objects.all())
        .annotate(n=Count("members"))
        .order_by("-n", "pk")
        .first()
    )
    if team is not None:
        pages += [
            ("team compliance page", reverse("workforce:team_compliance", args=[team.uuid]), True),
            (
                "team champions",
                reverse("workforce:team_champions", args=[team.uuid]),
                True,
            ),
            (
                "team export CSV",
                reverse("workforce:team_compliance_csv", args=[team.uuid]),
                False,
            ),
            (
                "team export XLSX",
                reverse("workforce:team_compliance_xlsx", args=[team.uuid]),
                False,
            ),
        ]
    return pages


def measure(client: Client, url: str, *, requests: int, warmup: int) -> tuple[list[float], int]:
    for _ in range(warmup):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}; is the data seeded?")
    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return timings, len(queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests first")
    parser.add_argument("--budget-ms", type=float, default=200.0, help="p95 budget")
    parser.add_argument("--users", default=",".join(USERS), help="demo logins to measure")
    parser.add_argument("--only", default="", help="measure only pages whose label has this")
    parser.add_argument("--strict", action="store_true", help="exit 1 when over budget")
    parser.add_argument("--seed-staff", action="store_true", help="seed an empty database")
    args = parser.parse_args()

    if args.seed_staff:
        seed_staff()
        return 0
    if settings.DEBUG:
        print("Warning: DEBUG is on; figures will be slower than in production.")
    print(
        f"Database: {connection.vendor} {connection.settings_dict.get('NAME')}; "
        f"{Staff.objects.filter(is_active=True).count():,} active staff"
    )
    rows: list[tuple[str, ...]] = []
    over = []
    for key in args.users.split(","):
        try:
            user = Staff.objects.select_related("team").get(email=f"{key}@{DOMAIN}")
        except Staff.DoesNotExist:
            raise SystemExit(f"No demo account '{key}'. Seed the large demo data.") from None
        client = Client()
        sign_in(client, user)
        for label, url, budgeted in pages_for(user):
            if args.only and args.only not in label:
                continue
            timings, queries = measure(client, url, requests=args.requests, warmup=args.warmup)
            p95 = percentile(timings, 0.95)
            verdict = ("ok" if p95 < args.budget_ms else "OVER") if budgeted else "-"
            if verdict == "OVER":
                over.append((key, label, url, p95))
            rows.append(
                (
                    key,
                    label,
                    f"{statistics.median(timings):.1f}",
                    f"{p95:.1f}",
                    f"{max(timings):.1f}",
                    str(queries),
                    verdict,
                )
            )
            print(f"  measured {key}: {label}", file=sys.stderr)
    header = ("user", "page", "p50 ms", "p95 ms", "max ms", "queries", "budget")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    print(
        f"\n{args.requests} requests per page after {args.warmup} warm-up; "
        f"p95 < {args.budget_ms:.0f} ms"
    )
    for index, row in enumerate([header, *rows]):
        print(
            "  ".join(
                cell.ljust(width) if i < 2 else cell.rjust(width)
                for i, (cell, width) in enumerate(zip(row, widths, strict=True))
            )
        )
        if index == 0:
            print("  ".join("-" * width for width in widths))
    print()
    for key, label, url, p95 in over:
        print(f"OVER: {key}: {label} ({url}) p95 {p95:.1f} ms")
    if not over:
        print("Every budgeted page is within budget.")
    return 1 if over and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
