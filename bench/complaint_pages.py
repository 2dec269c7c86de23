"""Complaint, compliment and learning pages: p50/p95 and SQL query count (issue 12 point 9).

Why: DESIGN.md sets 200 ms at p95 for reports and lists with the `large` demo data, with a
constant number of queries whatever the data size. The complaint reports and the annual report
count a whole year of complaints; the lists show the newest 200. Measured in-process with
Django's test Client, as bench/workforce_pages.py does.

Usage (a database of its own; SQLite shown, PostgreSQL the same with its DATABASE_URL):

    export DATABASE_URL=sqlite:////tmp/complaints_bench_large.sqlite3
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/complaint_pages.py --seed large   # staff, courses, complaints
    .venv/bin/python bench/complaint_pages.py                # --requests 30 --warmup 3

`--seed small|large` loads into an empty database only what these pages read: the scale's
staff, services and teams (500 families), the workforce courses and the evaluation app's
complaints demo data. Run it once per scale (two databases) to compare query counts.
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

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from signin import sign_in  # noqa: E402 - bench/signin.py

from restorative.evaluation.models import Complaint, Compliment  # noqa: E402
from restorative.people.models import Staff  # noqa: E402

DOMAIN = "demo.restorative.test"
PAGES = {
    "complaints": [
        ("complaint list", "/evaluation/complaints/?status=all", True),
        ("complaint reports (charts)", "/evaluation/complaints/reports/", True),
        ("annual report page", "/evaluation/complaints/annual-report/", True),
        ("annual report XLSX", "/evaluation/complaints/annual-report.xlsx", False),
        ("compliments", "/evaluation/compliments/", True),
        ("learning", "/evaluation/learning/", True),
    ],
    "manager": [
        ("complaint list", "/evaluation/complaints/?status=all", True),
        ("compliments", "/evaluation/compliments/", True),
        ("learning", "/evaluation/learning/", True),
    ],
    "workforce": [("catalogue with training needs", "/workforce/", True)],
}


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


def seed(scale: str) -> None:
    from restorative.evaluation.demo import complaints
    from restorative.people.demo_data import SCALES, seed_demo_data
    from restorative.workforce import demo_data

    if Staff.objects.exists():
        raise SystemExit("--seed needs an empty (migrated) database.")
    started = time.perf_counter()
    result = seed_demo_data(scale=dataclasses.replace(SCALES[scale], families=500))
    counts = {**result.counts, **demo_data.seed(scale=scale)}
    counts.update(complaints.seed(scale=scale, today=timezone.localdate()))
    print(f"Seeded in {time.perf_counter() - started:.1f} s: {counts}")


def measure(
    client: Client, url: str, *, requests: int, warmup: int
) -> tuple[list[float], list[float], int]:
    """Wall-clock and CPU milliseconds per request, and the queries of one request. The CPU
    time (this process: Django and SQLite both run in it) barely moves with other programs'
    load on a shared machine, where the wall clock can be several times longer."""
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
    timings, cpu = [], []
    for _ in range(requests):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return timings, cpu, len(queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--budget-ms", type=float, default=200.0)
    parser.add_argument("--seed", choices=["small", "large"], default="")
    parser.add_argument("--strict", action="store_true", help="exit 1 when over budget")
    args = parser.parse_args()
    if args.seed:
        seed(args.seed)
        return 0
    print(
        f"Database: {connection.vendor}; {Complaint.objects.count():,} complaints, "
        f"{Compliment.objects.count():,} compliments, "
        f"{Staff.objects.filter(is_active=True).count():,} staff"
    )
    over = 0
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(
        f"{'user':<11}{'page':<32}{'p50 ms':>8}{'p95 ms':>8}{'cpu p50':>8}{'cpu p95':>8}"
        f"{'queries':>9}  budget"
    )
    for key, pages in PAGES.items():
        client = Client()
        sign_in(client, Staff.objects.get(email=f"{key}@{DOMAIN}"))
        for label, url, budgeted in pages:
            timings, cpu, queries = measure(client, url, requests=args.requests, warmup=args.warmup)
            p95 = percentile(timings, 0.95)
            verdict = ("ok" if p95 < args.budget_ms else "OVER") if budgeted else "-"
            over += verdict == "OVER"
            print(
                f"{key:<11}{label:<32}{statistics.median(timings):>8.1f}{p95:>8.1f}"
                f"{statistics.median(cpu):>8.1f}{percentile(cpu, 0.95):>8.1f}"
                f"{queries:>9}  {verdict}"
            )
    return 1 if (over and args.strict) else 0


if __name__ == "__main__":
    raise SystemExit(main())
