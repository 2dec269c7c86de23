"""Page benchmark: p50/p95 response time and SQL query count of the main pages, per role.

Why: DESIGN.md sets a budget of 200 ms at p95 for every list page with the `large` demo
data (5,000 staff, 50,000 families), with a constant number of queries whatever the size.
This measures it in-process with Django's test Client (the whole middleware stack, no
network), so the figures are the application's and the database's, not a web server's.

Usage (PostgreSQL, a database of its own):

    createdb -h 127.0.0.1 -U postgres restorative_bench_pages
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/restorative_bench_pages
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py seed_demo --scale large
    .venv/bin/python bench/pages.py            # --requests 50 --warmup 5 --budget-ms 200

With the practice data of the large scale (400,000 meetings, 600,000 plan actions) it also
measures the busiest family's pages, "Meetings due" and the team meetings page (issue 3).

Settings default to restorative.settings.local with DJANGO_DEBUG=false and
DJANGO_ALLOWED_HOSTS=testserver,127.0.0.1 (set them yourself to override). Every family page
request writes an access event (as in real use), so run it on a database kept for benchmarks.
Exit code 1 with --strict when any page misses the budget. `--json FILE` also writes the
figures for `bench/compare.py`, which measures a small and a large database in one run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from dataclasses import dataclass
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
from signin import sign_in  # noqa: E402 - bench/signin.py

from restorative.people import selectors  # noqa: E402
from restorative.people.demo_data import SEARCHABLE_FAMILY_NAME  # noqa: E402
from restorative.people.models import Family, Staff  # noqa: E402
from restorative.people.permissions import families_visible_q  # noqa: E402

USERS = ("practitioner", "manager", "head", "director")


@dataclass
class Result:
    login: str
    user: str
    page: str
    url: str
    p50: float
    p95: float
    worst: float
    queries: int
    rows: int


def page_key(label: str) -> str:
    """The page's label without its figures, the same at every size ("family list, page N
    (last)"), so bench/compare.py can pair the small and the large measurement."""
    return re.sub(r"\d[\d,]*", "N", label)


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile: the value below which `fraction` of samples fall."""
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


def pages_for(user: Staff, search: str) -> list[tuple[str, str]]:
    """The pages measured for one user: (label, URL)."""
    families = reverse("people:family_list")
    family = Family.objects.get(name=SEARCHABLE_FAMILY_NAME)
    return [
        ("family list, page 1", families),
        (f"family search '{search}'", f"{families}?q={search}"),
        ("family list, last page", f"{families}?at=last"),
        ("family page (Okafor)", reverse("people:family_detail", args=[family.uuid])),
        ("staff directory", reverse("people:staff_list")),
        ("staff directory, last page", reverse("people:staff_list") + "?at=last"),
        ("organisation", reverse("people:organisation")),
        ("service page", reverse("people:service_detail", args=[family.team.service.uuid])),
        ("team page", reverse("people:team_detail", args=[family.team.uuid])),
        *practice_pages_for(user),
    ]


def practice_pages_for(user: Staff) -> list[tuple[str, str]]:
    """Restorative practice pages (issue 3): the busiest family this person can see (people's
    family page and its practice page), "Meetings due" (the team's, for a manager), and the
    team meetings page of the busiest team they oversee (their own, for a manager)."""
    from django.db.models import Count

    from restorative.people.models import Team
    from restorative.practice import permissions as practice_permissions
    from restorative.practice.models import Meeting
    from restorative.practice.views import LEADER_ROLES

    pages: list[tuple[str, str]] = []
    busiest = (
        Meeting.objects.filter(
            family__in=Family.objects.filter(families_visible_q(user)).values("pk")
        )
        .values("family_id")
        .annotate(n=Count("id"))
        .order_by("-n", "family_id")
        .first()
    )
    if busiest:
        family = Family.objects.get(pk=busiest["family_id"])
        label = f"family with {busiest['n']} meetings"
        pages += [
            (f"family page ({label})", reverse("people:family_detail", args=[family.uuid])),
            (
                f"practice family page ({label})",
                reverse("practice:family_practice", args=[family.uuid]),
            ),
        ]
    due = reverse("practice:meetings_due")
    if user.role == Staff.Role.TEAM_MANAGER:
        pages.append(("meetings due, team", f"{due}?scope=team"))
    elif user.role in LEADER_ROLES:
        # Leaders open on their teams rolled up (stored counts, decision 0028).
        pages += [
            ("meetings due, teams rolled up", due),
            ("meetings due, mine", f"{due}?scope=mine"),
        ]
    else:
        pages.append(("meetings due, mine", due))
    teams = [
        t
        for t in Team.objects.annotate(n=Count("families__meetings")).order_by("-n", "pk")[:400]
        if practice_permissions.can_view_team_practice(user, t)
    ]
    if user.role == Staff.Role.TEAM_MANAGER:
        teams = [t for t in teams if t.pk == user.team_id]
    if teams:
        team = teams[0]
        url = reverse("practice:team_meetings", args=[team.uuid])
        label = f"team meetings ({team.code}, {team.n:,} meetings)"
        pages += [
            (f"{label}, overdue", url),
            (f"{label}, held in 12 months", f"{url}?show=recent&months=12"),
            (f"{label}, held, last page", f"{url}?show=recent&months=12&at=last"),
        ]
    return pages


def measure(client: Client, url: str, *, requests: int, warmup: int) -> tuple[list[float], int]:
    """Time `requests` GETs of `url` after `warmup` untimed ones; count one request's queries."""
    for _ in range(warmup):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}; is the data seeded?")
    # Count with an execute wrapper: the Client's request_started signal resets the
    # connection's query log, which would make CaptureQueriesContext read zero.
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
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests first")
    parser.add_argument("--budget-ms", type=float, default=200.0, help="p95 budget")
    parser.add_argument("--search", default="Khan", help="the family search term")
    parser.add_argument("--users", default=",".join(USERS), help="demo logins to measure")
    parser.add_argument("--strict", action="store_true", help="exit 1 when over budget")
    parser.add_argument("--json", type=Path, help="also write the figures here (bench/compare.py)")
    args = parser.parse_args()

    if settings.DEBUG:
        print("Warning: DEBUG is on; figures will be slower than in production.")
    vendor = connection.vendor
    print(
        f"Database: {vendor} {connection.settings_dict.get('NAME')}; "
        f"{Family.objects.count():,} families, {Staff.objects.count():,} staff"
    )
    if vendor != "postgresql":
        print("Warning: the budget is set for PostgreSQL; this is not PostgreSQL.")

    results: list[Result] = []
    for key in args.users.split(","):
        try:
            user = Staff.objects.get(email=f"{key}@demo.restorative.test")
        except Staff.DoesNotExist:
            raise SystemExit(
                f"No demo account '{key}'. Run: manage.py seed_demo --scale large"
            ) from None
        client = Client()
        sign_in(client, user)
        visible = selectors.families_for(user).count()
        for label, url in pages_for(user, args.search):
            timings, queries = measure(client, url, requests=args.requests, warmup=args.warmup)
            results.append(
                Result(
                    login=key,
                    user=f"{key} ({visible:,} families)",
                    page=label,
                    url=url,
                    p50=statistics.median(timings),
                    p95=percentile(timings, 0.95),
                    worst=max(timings),
                    queries=queries,
                    rows=visible,
                )
            )
            print(f"  measured {key}: {label}", file=sys.stderr)

    header = ("user", "page", "p50 ms", "p95 ms", "max ms", "queries", "budget")
    rows = [
        (
            r.user,
            r.page,
            f"{r.p50:.1f}",
            f"{r.p95:.1f}",
            f"{r.worst:.1f}",
            str(r.queries),
            "ok" if r.p95 < args.budget_ms else "OVER",
        )
        for r in results
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    print()
    print(
        f"{args.requests} requests per page after {args.warmup} warm-up; "
        f"budget p95 < {args.budget_ms:.0f} ms"
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
    if args.json:
        figures = [
            {
                "login": r.login,
                "page": page_key(r.page),
                "label": r.page,
                "p50": r.p50,
                "p95": r.p95,
                "queries": r.queries,
            }
            for r in results
        ]
        args.json.write_text(json.dumps({"families": Family.objects.count(), "pages": figures}))
    over = [r for r in results if r.p95 >= args.budget_ms]
    print()
    if over:
        print(f"{len(over)} page(s) over budget:")
        for r in over:
            print(f"  {r.user}: {r.page} ({r.url}) p95 {r.p95:.1f} ms")
    else:
        print("Every page is within budget.")
    return 1 if over and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
