"""Demo staff wellbeing survey and training evaluations (issue 11 points 6, 9, 10).

Three rounds: two past (a year ago and six months ago) and one open now, so the results show a
trend and every demo login finds the "Staff survey" link waiting (they have not answered the
open round). About seven in ten staff answer a past round, four in ten the open one so far.
Each team has its own climate (some teams feel safer to speak up than others) and things
improve a little from round to round, as the policy hopes. The latest two rounds ask SWEMWBS
with placeholder wording: the real items are licensed and never shipped (DESIGN.md rule 7).

Training: most attendees of past sessions in the demo catalogue have evaluated them; the
demo logins' own recent sessions are left for them to evaluate from "My training".

Answers and participation are bulk-inserted in independently shuffled orders, as the product
itself stores them with random keys. Deterministic (one seeded Random).
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from restorative.people.demo_data import demo_login_emails
from restorative.people.models import Staff
from restorative.people.permissions import OUR_STAFF
from restorative.workforce.models import Booking

from ..models import (
    SwemwbsLicence,
    TrainingEvaluation,
    TrainingEvaluationDone,
    WellbeingLink,
    WellbeingParticipation,
    WellbeingResponse,
    WellbeingRound,
)
from ..wellbeing.items import ITEMS, SWEMWBS_ITEM_COUNT, THEME_SAFETY
from ..wellbeing.services import eligible_counts

SEED = 20261105
BATCH = 2000
PLACEHOLDER_ITEMS = [
    f"SWEMWBS item {n} (demo placeholder: your organisation types in its licensed wording)"
    for n in range(1, SWEMWBS_ITEM_COUNT + 1)
]
COMMENTS = (
    "Supervision has been more regular since the new rota, and it feels like space to think.",
    "Caseloads are still too high to do restorative work properly.",
    "Team circles have helped us talk about the difficult weeks instead of carrying them alone.",
    "I would like more time for reflective supervision, not only case direction.",
    "My manager listens, but decisions above the team do not seem to take our views in.",
    "Training on restorative conversations was practical and I use the questions every week.",
    "After a serious incident we talked about what happened without blame. That mattered.",
    "Duty weeks are exhausting. A circle after duty would help.",
    "I feel trusted to make decisions with families.",
    "The move to the new office has made it harder to get informal support from colleagues.",
    "More joint training with health and schools, please.",
    "It is hard to raise concerns about workload without feeling you are not coping.",
)
WILL_DO = (
    "Ask families what is working well before what we are worried about.",
    "Use the restorative questions in my next child protection visit.",
    "Check in with the team after difficult visits using a short circle.",
    "Write plans with the family in the room, in their words.",
    "Slow down at the start of meetings so everyone knows why they are there.",
    "Stop saying 'non-compliant' and describe what happened instead.",
)


def _clip(value: float, low: int = 0, high: int = 10) -> int:
    return max(low, min(high, round(value)))


def _response(
    rng: random.Random,
    round_: WellbeingRound,
    person: Staff,
    climate: float,
    lift: float,
    service_of_team: dict[int, int],
) -> WellbeingResponse:
    answers: dict[str, int] = {}
    for item in ITEMS:
        base = 6.6 + lift + (climate if item.theme == THEME_SAFETY else climate / 2)
        if item.reversed_:
            base = 10 - base + 1.5  # anxiety: a little higher than the mirror of wellbeing
        answers[item.key] = _clip(rng.gauss(base, 1.8))
    response = WellbeingResponse(
        round=round_,
        team_id=person.team_id,
        service_id=(
            service_of_team.get(person.team_id) if person.team_id is not None else person.service_id
        ),
        comment=rng.choice(COMMENTS) if rng.random() < 0.22 else "",
        **answers,
    )
    if round_.asks_swemwbs:
        values = [_clip(rng.gauss(3.4 + lift / 2 + climate / 4, 0.9), 1, 5) for _ in range(7)]
        for n, value in enumerate(values, start=1):
            setattr(response, f"swemwbs_{n}", value)
        response.swemwbs_raw = sum(values)
    return response


def seed(*, scale: str, today: datetime.date) -> dict[str, int]:
    rng = random.Random(f"{SEED}-{scale}")
    with transaction.atomic():
        return {**_seed_survey(rng, today=today), **_seed_training(rng, today=today)}


def _seed_survey(rng: random.Random, *, today: datetime.date) -> dict[str, int]:
    runner = Staff.objects.filter(role=Staff.Role.WORKFORCE).order_by("pk").first()
    if runner is None:
        return {}
    SwemwbsLicence.objects.create(
        licence_holder="Demo organisation (placeholder wording, no licensed items shipped)",
        licence_reference="DEMO",
        items=PLACEHOLDER_ITEMS,
        enabled=True,
        confirmed_by=runner,
    )
    eligible = eligible_counts()
    staff = list(
        Staff.objects.filter(is_active=True, role__in=OUR_STAFF)
        .select_related("team")
        .only("pk", "email", "team_id", "service_id", "team__service_id")
        .order_by("pk")
    )
    service_of_team = {p.team.pk: p.team.service_id for p in staff if p.team is not None}
    team_ids = sorted({p.team_id for p in staff if p.team_id is not None})
    climate = {team_id: rng.gauss(0, 1.0) for team_id in team_ids}
    logins = set(demo_login_emails())
    plans = [
        (
            "Staff wellbeing survey: last autumn",
            today - datetime.timedelta(days=365),
            0.7,
            0.0,
            False,
        ),
        ("Staff wellbeing survey: spring", today - datetime.timedelta(days=182), 0.72, 0.3, True),
        ("Staff wellbeing survey: this autumn", today - datetime.timedelta(days=7), 0.4, 0.5, True),
    ]
    counts = {"wellbeing rounds": 0, "wellbeing responses": 0}
    for title, opens_on, rate, lift, asks in plans:
        is_current = opens_on + datetime.timedelta(days=21) >= today
        round_ = WellbeingRound.objects.create(
            title=title,
            opens_on=opens_on,
            closes_on=opens_on + datetime.timedelta(days=21),
            swemwbs_items=PLACEHOLDER_ITEMS if asks else [],
            eligible=eligible,
            created_by=runner,
        )
        counts["wellbeing rounds"] += 1
        takers = [
            p for p in staff if rng.random() < rate and not (is_current and p.email in logins)
        ]
        responses = [
            _response(rng, round_, p, climate.get(p.team_id or 0, 0.0), lift, service_of_team)
            for p in takers
        ]
        rng.shuffle(responses)
        WellbeingResponse.objects.bulk_create(responses, batch_size=BATCH)
        participation = [WellbeingParticipation(round=round_, person=p) for p in takers]
        rng.shuffle(participation)
        WellbeingParticipation.objects.bulk_create(participation, batch_size=BATCH)
        counts["wellbeing responses"] += len(responses)
    return counts


def _seed_training(rng: random.Random, *, today: datetime.date) -> dict[str, int]:
    now = timezone.now()
    logins = set(demo_login_emails())
    recent = now - datetime.timedelta(days=28)
    bookings = list(
        Booking.objects.filter(status=Booking.Status.ATTENDED, session__starts_at__lt=now)
        .select_related("person")
        .only("pk", "session_id", "session__starts_at", "person__email")
        .order_by("pk")
    )
    done: list[TrainingEvaluationDone] = []
    evaluations: list[TrainingEvaluation] = []
    for booking in bookings:
        if booking.person.email in logins and booking.session.starts_at >= recent:
            continue  # left for the demo login to evaluate from "My training"
        if rng.random() > 0.75:
            continue
        before = _clip(rng.gauss(4.5, 1.8))
        done.append(TrainingEvaluationDone(booking_id=booking.pk))
        evaluations.append(
            TrainingEvaluation(
                session_id=booking.session_id,
                experiential=_clip(rng.gauss(4.1, 0.8), 1, 5),
                reflective=_clip(rng.gauss(4.0, 0.8), 1, 5),
                trauma_informed=_clip(rng.gauss(4.2, 0.7), 1, 5),
                confidence_before=before,
                confidence_after=_clip(before + rng.gauss(2.2, 1.2)),
                will_do_differently=rng.choice(WILL_DO),
            )
        )
    rng.shuffle(evaluations)
    rng.shuffle(done)
    TrainingEvaluation.objects.bulk_create(evaluations, batch_size=BATCH)
    TrainingEvaluationDone.objects.bulk_create(done, batch_size=BATCH)
    return {"training evaluations": len(evaluations)}


def reset() -> None:
    with transaction.atomic():
        TrainingEvaluationDone.objects.all().delete()
        TrainingEvaluation.objects.all().delete()
        WellbeingLink.objects.all().delete()
        WellbeingParticipation.objects.all().delete()
        WellbeingResponse.objects.all().delete()
        WellbeingRound.objects.all().delete()
        SwemwbsLicence.objects.all().delete()


__all__: list[Any] = ["reset", "seed"]
