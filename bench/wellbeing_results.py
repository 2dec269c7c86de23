"""Staff survey benchmark: p50/p95 and SQL queries of the results page, CSV and API.

Why: DESIGN.md sets 200 ms at p95 for reports with the `large` demo data, with a constant
number of queries whatever the data size. The staff survey's results are computed live from
one grouped query per page (not from stored snapshots), so this measures that query at the
large scale: 3 rounds for 5,000 staff (about 10,000 responses) and compares the number of
queries with the small scale (150 staff) in the same run.

It builds its own organisation in a throwaway database (services, teams, staff with unusable
passwords, then the demo module's three rounds of answers with bulk_create), so it needs no
full demo seed. Never point it at a database holding real data: it refuses one with staff.

    rm -f /tmp/wellbeing-bench.sqlite3*
    DATABASE_URL=sqlite:////tmp/wellbeing-bench.sqlite3 .venv/bin/python manage.py migrate -v0
    DATABASE_URL=sqlite:////tmp/wellbeing-bench.sqlite3 .venv/bin/python bench/wellbeing_results.py
    rm -f /tmp/wellbeing-bench.sqlite3*

`--requests N` (default 30) per page and scale; `--strict` exits 1 over budget.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
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

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from signin import sign_in  # noqa: E402 - bench/signin.py

from restorative.evaluation.demo import wellbeing as demo  # noqa: E402
from restorative.evaluation.models import WellbeingResponse, WellbeingRound  # noqa: E402
from restorative.people.models import Organisation, Service, Staff, Team  # noqa: E402

BUDGET_MS = 200.0
Role = Staff.Role


def build(*, staff: int, label: str) -> Staff:
    """An organisation of `staff` people (10 per team, 10 teams per service) and three
    rounds of answers; returns its director."""
    rng = random.Random(label)
    demo.reset()
    with transaction.atomic():
        organisation = Organisation.objects.create(name=f"Bench {label}")
        teams_needed = max(1, staff // 10)
        services = Service.objects.bulk_create(
            Service(organisation=organisation, name=f"{label} service {n}")
            for n in range(max(1, teams_needed // 10))
        )
        teams = Team.objects.bulk_create(
            Team(service=services[n % len(services)], name=f"{label} team {n}", code=f"{label}{n}")
            for n in range(teams_needed)
        )
        password = make_password(None)
        people = [
            Staff(
                email=f"{label}-{n}@bench.test",
                first_name="Bench",
                last_name=f"Person {n}",
                role=Role.PRACTITIONER if n % 10 else Role.TEAM_MANAGER,
                organisation=organisation,
                team=teams[n % len(teams)],
                password=password,
            )
            for n in range(staff)
        ]
        people.append(
            Staff(
                email=f"{label}-workforce@bench.test", first_name="W", last_name="F",
                role=Role.WORKFORCE, organisation=organisation, password=password,
            )
        )  # fmt: skip
        people.append(
            Staff(
                email=f"{label}-director@bench.test", first_name="D", last_name="R",
                role=Role.DIRECTOR, organisation=organisation, password=password,
            )
        )  # fmt: skip
        Staff.objects.bulk_create(people, batch_size=2000)
    demo._seed_survey(rng, today=timezone.localdate())
    return Staff.objects.get(email=f"{label}-director@bench.test")


def measure(client: Client, url: str, requests: int) -> tuple[float, float, int]:
    client.get(url)
    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[max(0, round(0.95 * len(timings) + 0.5) - 1)]
    return statistics.median(timings), p95, len(queries)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args()
    if Staff.objects.exists():
        print("Refusing: this database already holds staff. Use a throwaway database.")
        return 2
    results: dict[str, dict[str, tuple[float, float, int]]] = {}
    for label, size in (("small", 150), ("large", 5000)):
        started = time.perf_counter()
        director = build(staff=size, label=label)
        built = time.perf_counter() - started
        rounds = list(WellbeingRound.objects.order_by("opens_on"))
        latest = rounds[-1]
        print(
            f"{label}: {size} staff, {len(rounds)} rounds, "
            f"{WellbeingResponse.objects.count():,} responses (built in {built:.1f} s)"
        )
        client = Client()
        sign_in(client, director)
        pages = {
            "results page": reverse("evaluation:wellbeing_results", args=[latest.uuid]),
            "results CSV": reverse("evaluation:wellbeing_results_csv", args=[latest.uuid]),
            "results API": reverse(
                "api-evaluation-wellbeing-round-results", kwargs={"round_uuid": latest.uuid}
            ),
        }
        results[label] = {name: measure(client, url, args.requests) for name, url in pages.items()}
        Staff.objects.filter(email__endswith="@bench.test").update(is_active=False)
        demo.reset()
        Staff.objects.filter(email__endswith="@bench.test").delete()
        Team.objects.filter(name__startswith=f"{label} team").delete()
        Service.objects.filter(name__startswith=f"{label} service").delete()
        Organisation.objects.filter(name=f"Bench {label}").delete()
    failed = False
    print(f"{'page':<14} {'scale':<6} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for name in results["small"]:
        for label in ("small", "large"):
            p50, p95, queries = results[label][name]
            print(f"{name:<14} {label:<6} {p50:>8.1f} {p95:>8.1f} {queries:>8}")
        if results["small"][name][2] != results["large"][name][2]:
            print(f"  {name}: the number of queries grows with the data")
            failed = True
        if results["large"][name][1] > BUDGET_MS:
            print(f"  {name}: p95 over the {BUDGET_MS:.0f} ms budget")
            failed = True
    print(f"measured {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC")
    return 1 if failed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
