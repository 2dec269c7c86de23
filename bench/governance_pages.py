"""Governance benchmark: p50/p95 and SQL query count of the implementation picture, the
outcome measures, the board report (page, PDF, XLSX) and leaders' "Meetings due".

Why: DESIGN.md sets 200 ms at p95 for every dashboard and report page with the `large` demo
data, from stored monthly snapshots where a live count would grow with the data. The picture
reads past months from the snapshots and counts the current month live, one grouped query per
measure; this measures what that costs at 5,000 staff, 50,000 families and 1,000,000 meetings.
Measured in-process with Django's test Client (whole middleware stack, no network), as
bench/pages.py does. These pages write no access events.

Usage (PostgreSQL, a database of its own):

    createdb -h 127.0.0.1 -U postgres restorative_gov_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/restorative_gov_bench
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py seed_demo --scale large   # stores 11 months of snapshots too
    .venv/bin/python bench/governance_pages.py           # --requests 20 --warmup 2 --strict
"""

from __future__ import annotations

import argparse
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
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from restorative.people.models import Staff  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from signin import sign_in  # noqa: E402 - bench/signin.py

USERS = ("director", "head", "manager")
DOMAIN = "demo.restorative.test"


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile (as bench/pages.py)."""
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


def pages_for(user: Staff) -> list[tuple[str, str, bool]]:
    """(label, URL, budgeted) for one user."""
    pages = [
        ("implementation picture", reverse("governance:picture"), True),
        ("outcome measures", reverse("governance:outcomes"), True),
        ("meetings due (roll-up)", reverse("practice:meetings_due"), True),
        ("measure CSV", reverse("governance:measure_csv", args=["meetings_on_time"]), False),
    ]
    if user.role == Staff.Role.DIRECTOR:
        pages += [
            ("board report", reverse("governance:board_report"), True),
            ("board report XLSX", reverse("governance:board_report_xlsx"), False),
            ("board report PDF", reverse("governance:board_report_pdf"), False),
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
    return timings, len(queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=2, help="untimed requests first")
    parser.add_argument("--budget-ms", type=float, default=200.0, help="p95 budget")
    parser.add_argument("--users", default=",".join(USERS), help="demo logins to measure")
    parser.add_argument("--only", default="", help="measure only pages whose label has this")
    parser.add_argument("--strict", action="store_true", help="exit 1 when over budget")
    args = parser.parse_args()
    if settings.DEBUG:
        print("Warning: DEBUG is on; figures will be slower than in production.")
    print(f"Database: {connection.vendor} {connection.settings_dict.get('NAME')}")
    rows: list[tuple[str, ...]] = []
    over = []
    for key in args.users.split(","):
        user = Staff.objects.get(email=f"{key}@{DOMAIN}")
        client = Client()
        sign_in(client, user)
        for label, url, budgeted in pages_for(user):
            if args.only and args.only not in label:
                continue
            timings, queries = measure(client, url, requests=args.requests, warmup=args.warmup)
            p95 = percentile(timings, 0.95)
            verdict = ("ok" if p95 < args.budget_ms else "OVER") if budgeted else "-"
            if verdict == "OVER":
                over.append((key, label, p95))
            rows.append(
                (
                    key,
                    label,
                    f"{statistics.median(timings):.1f}",
                    f"{p95:.1f}",
                    str(queries),
                    verdict,
                )
            )
            print(f"  measured {key}: {label}", file=sys.stderr)
    header = ("user", "page", "p50 ms", "p95 ms", "queries", "budget")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    return 1 if over and args.strict else 0


if __name__ == "__main__":
    raise SystemExit(main())
