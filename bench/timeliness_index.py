"""Timeliness figures with many meetings: the overview (every team) and one team's list.

Why: the timeliness page measured 238 ms with the large data, over the 200 ms budget. The
query counts meetings due in a period per team; migration practice 0012 adds the index it
needs (due date, family, status, day held). This seeds a synthetic set (100 teams, 50,000
families, 400,000 meetings due over two years) into an empty database of its own and times
`timeliness_overview` for the director and `team_timeliness_meetings` for one team.

Usage (PostgreSQL, a database of its own):

    createdb -h 127.0.0.1 -U postgres restorative_bench_timeliness
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/restorative_bench_timeliness
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/timeliness_index.py       # seeds once, then measures
    psql -h 127.0.0.1 -U postgres restorative_bench_timeliness -c "VACUUM ANALYZE"
    .venv/bin/python bench/timeliness_index.py
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "restorative.settings.local")
os.environ.setdefault("DJANGO_DEBUG", "false")

import django  # noqa: E402

django.setup()

from restorative.people.models import Family, Staff, Team  # noqa: E402
from restorative.practice import timeliness_selectors as ts  # noqa: E402
from restorative.practice.models import Meeting  # noqa: E402

DIRECTOR = "timeliness-bench-director@example.org"


def seed() -> None:
    from restorative.people.tests.factories import (
        OrganisationFactory,
        ServiceFactory,
        StaffFactory,
        TeamFactory,
    )

    rng = random.Random(1)
    org = OrganisationFactory()
    teams = [
        TeamFactory(
            service=ServiceFactory(organisation=org, name=f"Service {s}"),
            name=f"Team {s}-{t}",
            code=f"T{s}{t}",
        )
        for s in range(10)
        for t in range(10)
    ]
    creator = StaffFactory(email=DIRECTOR, role=Staff.Role.DIRECTOR, organisation=org)
    Family.objects.bulk_create(
        [
            Family(team=teams[i % 100], name=f"F{i}", case_reference=f"C{i:06d}")
            for i in range(50000)
        ],
        batch_size=5000,
    )
    families = list(Family.objects.values_list("id", flat=True))
    today = datetime.date.today()
    at = datetime.datetime(2026, 1, 1, 10, tzinfo=datetime.UTC)
    rows: list[Meeting] = []
    for _ in range(400000):
        due = today - datetime.timedelta(days=rng.randint(-60, 720))
        status = rng.choice(["held", "held", "held", "cancelled", "scheduled", "to_arrange"])
        held = due + datetime.timedelta(days=rng.randint(-10, 10)) if status == "held" else None
        rows.append(
            Meeting(
                family_id=rng.choice(families),
                meeting_type="core_group",
                status=status,
                due_date=due,
                held_on=held,
                scheduled_at=at,
                created_by=creator,
            )
        )
        if len(rows) == 20000:
            Meeting.objects.bulk_create(rows)
            rows = []


def timed(call: object, runs: int = 15) -> tuple[float, float]:
    times = []
    for _ in range(runs + 3):
        start = time.perf_counter()
        call()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    times = sorted(times[3:])
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> None:
    if not Staff.objects.filter(email=DIRECTOR).exists():
        seed()
        print(f"seeded {Meeting.objects.count()} meetings")
    director = Staff.objects.get(email=DIRECTOR)
    period = ts.Period.default(datetime.date.today())
    team = Team.objects.order_by("id").first()
    assert team is not None
    p50, p95 = timed(lambda: ts.timeliness_overview(director, period))
    print(f"overview (100 teams): p50 {p50:.0f} ms, p95 {p95:.0f} ms")
    p50, p95 = timed(lambda: ts.team_timeliness_meetings(team, period, outcome=None))
    print(f"one team's list: p50 {p50:.0f} ms, p95 {p95:.0f} ms")


if __name__ == "__main__":
    main()
