"""Voices benchmark on a seeded demo database: p50/p95 and SQL queries of the results pages.

Why: issue 11 asks that the results pages hold the DESIGN.md budget (200 ms at p95) with the
large demo data (200,000 feedback responses, three staff-survey rounds for 5,000 staff, the
course evaluations) with a constant number of queries. feedback_results.py and
wellbeing_results.py build synthetic data of their own; this one reads the demo data that
`seed_demo --scale large` (or `--only voices`) writes, comments included, as the demo logins
see it, so the same command on the small and the large database shows whether the number of
queries stays the same. Pages a login may not open (403 or 404) are listed as such, not timed.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/restorative_load   # seeded large
    .venv/bin/python bench/voices_pages.py                # --requests 20 --warmup 2 --strict
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_DEBUG", "false")

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from pages import measure, percentile  # noqa: E402 - bench/pages.py sets Django up
from signin import sign_in  # noqa: E402 - bench/signin.py

from restorative.evaluation.models import WellbeingRound  # noqa: E402
from restorative.people.models import Staff  # noqa: E402

USERS = ("quality", "director", "head", "manager", "workforce")
DOMAIN = "demo.restorative.test"


def pages() -> list[tuple[str, str]]:
    """(label, URL) of every results page, for the newest staff-survey round with answers."""
    found = [
        ("feedback results", reverse("evaluation:feedback_results")),
        ("feedback results CSV", reverse("evaluation:feedback_results_csv")),
        ("feedback results API", "/api/evaluation/feedback/results/"),
        ("feedback comments API", "/api/evaluation/feedback/results/comments/"),
        ("course evaluations", reverse("evaluation:training_evaluations")),
    ]
    newest = WellbeingRound.objects.order_by("-opens_on").first()
    if newest is not None:
        found += [
            ("staff survey results", reverse("evaluation:wellbeing_results", args=[newest.uuid])),
            (
                "staff survey CSV",
                reverse("evaluation:wellbeing_results_csv", args=[newest.uuid]),
            ),
            ("staff survey API", f"/api/evaluation/wellbeing/rounds/{newest.uuid}/results/"),
        ]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=2, help="untimed requests first")
    parser.add_argument("--budget-ms", type=float, default=200.0, help="p95 budget")
    parser.add_argument("--users", default=",".join(USERS), help="demo logins to measure")
    parser.add_argument("--strict", action="store_true", help="exit 1 when over budget")
    args = parser.parse_args()
    print(f"Database: {connection.vendor} {connection.settings_dict.get('NAME')}")
    print(f"{'user':10} {'page':24} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    over = []
    for key in args.users.split(","):
        user = Staff.objects.get(email=f"{key}@{DOMAIN}")
        client = Client()
        sign_in(client, user)
        for label, url in pages():
            status = client.get(url).status_code
            if status != 200:
                print(f"{key:10} {label:24} {'(answers ' + str(status) + ')':>26}")
                continue
            timings, queries = measure(client, url, requests=args.requests, warmup=args.warmup)
            p95 = percentile(timings, 0.95)
            verdict = "" if p95 < args.budget_ms else "  OVER"
            if verdict:
                over.append((key, label))
            print(
                f"{key:10} {label:24} {statistics.median(timings):8.1f} {p95:8.1f}"
                f" {queries:8}{verdict}"
            )
    print(f"{len(over)} page(s) over {args.budget_ms:.0f} ms at p95")
    return 1 if (over and args.strict) else 0


if __name__ == "__main__":
    raise SystemExit(main())
