"""Feedback results benchmark: p50/p95 and SQL query count of the results page, CSV and API
with 200,000 responses (issue 11's large scale), against the same page with 2,000.

Why: DESIGN.md sets 200 ms at p95 for dashboards with the `large` data, with a constant
number of queries. The results are computed live by grouped queries on the response and answer
tables (surveys/selectors.py), so this measures how those grow with the data.

It builds its own data in a throwaway database (never point it at real data): 12 teams in 3
services, 2,400 families with a held meeting each, then `--responses` responses (about 7
answers each) with bulk_create, and times the pages as quality assurance (everything) and as
one team manager (one team). Run twice to compare sizes:

    export DATABASE_URL=sqlite:////tmp/feedback-bench.sqlite3
    rm -f /tmp/feedback-bench.sqlite3*
    .venv/bin/python bench/feedback_results.py --responses 2000
    rm -f /tmp/feedback-bench.sqlite3*
    .venv/bin/python bench/feedback_results.py --responses 200000
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

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from signin import sign_in  # noqa: E402 - bench/signin.py

from restorative.evaluation.models import (  # noqa: E402
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyResponse,
)
from restorative.evaluation.surveys.rollup import survey_results_rebuild  # noqa: E402
from restorative.evaluation.surveys.services import survey_defaults_install  # noqa: E402
from restorative.people.models import (  # noqa: E402
    Family,
    FamilyMember,
    Organisation,
    Service,
    Staff,
    Team,
)
from restorative.practice.models import Meeting  # noqa: E402

BATCH = 5000
PAGES = {
    "results page": "/evaluation/feedback/results/",
    "results CSV": "/evaluation/feedback/results.csv",
    "results API": "/api/evaluation/feedback/results/",
}


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


@transaction.atomic
def build(responses: int) -> tuple[Staff, Staff]:
    rng = random.Random(11)
    org = Organisation.objects.create(name="Bench Borough")
    teams = []
    for s in range(3):
        service = Service.objects.create(organisation=org, name=f"Service {s}")
        for t in range(4):
            teams.append(
                Team.objects.create(service=service, name=f"Team {s}-{t}", code=f"B{s}{t}")
            )
    staff = Staff.objects.bulk_create(
        Staff(
            email=f"worker{t}@bench.example",
            first_name="W",
            last_name=str(t),
            role="practitioner",
            team=team,
            organisation=org,
        )
        for t, team in enumerate(teams)
    )
    manager = Staff.objects.create(
        email="manager@bench.example",
        first_name="M",
        last_name="M",
        role="team_manager",
        team=teams[0],
        organisation=org,
    )
    quality = Staff.objects.create(
        email="qa@bench.example", first_name="Q", last_name="A", role="quality", organisation=org
    )
    families = Family.objects.bulk_create(
        Family(
            case_reference=f"BF{i:06d}",
            name="Bench",
            team=teams[i % 12],
            allocated_worker=staff[i % 12],
        )
        for i in range(2400)
    )
    members = FamilyMember.objects.bulk_create(
        FamilyMember(family=f, kind="adult", first_name="P", last_name="B", relationship="mother")
        for f in families
    )
    today = timezone.localdate()
    meetings = Meeting.objects.bulk_create(
        Meeting(
            family=f,
            meeting_type="core_group",
            status="held",
            held_on=today - datetime.timedelta(days=i % 365),
            created_by=staff[i % 12],
        )
        for i, f in enumerate(families)
    )
    survey = Survey.objects.get(code="parent-carer")
    version = survey.versions.get(is_current=True)
    questions = list(version.questions.all())
    expires = timezone.now() + datetime.timedelta(days=28)
    made = 0
    while made < responses:
        size = min(BATCH, responses - made)
        invitations = SurveyInvitation.objects.bulk_create(
            SurveyInvitation(
                version=version,
                token_hash=f"{made + i:064x}",
                family=families[(made + i) % 2400],
                team_id=families[(made + i) % 2400].team_id,
                meeting=meetings[(made + i) % 2400],
                respondent_kind="parent_carer",
                member=members[(made + i) % 2400],
                practitioner=staff[(made + i) % 12],
                channel="screen",
                expires_at=expires,
                month=today.replace(day=1),
                created_by=staff[(made + i) % 12],
            )
            for i in range(size)
        )
        rows = SurveyResponse.objects.bulk_create(
            SurveyResponse(
                invitation=inv,
                version=version,
                survey=survey,
                family_id=inv.family_id,
                team_id=inv.team_id,
                service_id=teams[(made + i) % 12].service_id,
                meeting_type="core_group",
                respondent_kind="parent_carer",
                practitioner_id=inv.practitioner_id,
                month=(today - datetime.timedelta(days=rng.randint(0, 364))).replace(day=1),
                experience=rng.choice(["with", "with", "to", "for", "not"]),
            )
            for i, inv in enumerate(invitations)
        )
        answers = []
        for row in rows:
            for q in questions:
                if q.kind == "scale_0_10":
                    answers.append(
                        SurveyAnswer(response=row, question=q, number=rng.randint(0, 10))
                    )
                elif q.kind == "yes_no_unsure":
                    answers.append(SurveyAnswer(response=row, question=q, number=rng.randint(0, 1)))
                elif q.kind == "choose_one":
                    answers.append(SurveyAnswer(response=row, question=q, choice=row.experience))
        SurveyAnswer.objects.bulk_create(answers, batch_size=BATCH)
        made += size
    survey_results_rebuild()
    return quality, manager


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=15)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        print("Set DATABASE_URL to a throwaway database.")
        return 2
    call_command("migrate", verbosity=0)
    if SurveyResponse.objects.exists():
        print("The database already holds feedback responses: use a fresh one.")
        return 2
    survey_defaults_install()
    started = time.perf_counter()
    quality, manager = build(args.responses)
    print(f"Built {args.responses:,} responses in {time.perf_counter() - started:.1f} s")
    for who in (quality, manager):
        client = Client()
        sign_in(client, who)
        for name, path in PAGES.items():
            client.get(path)  # warm
            times = []
            for _ in range(args.requests):
                with CaptureQueriesContext(connection) as queries:
                    begun = time.perf_counter()
                    response = client.get(path)
                    times.append((time.perf_counter() - begun) * 1000)
                assert response.status_code == 200, (name, response.status_code)
            print(
                f"{who.get_role_display():20} {name:13} p50 {statistics.median(times):7.1f} ms"
                f"  p95 {percentile(times, 0.95):7.1f} ms  queries {len(queries)}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
