"""Demo targets set by the director, and the stored monthly figures for the last 11 months
(computed from the other apps' demo records by the same service the schedule runs)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from restorative.people.demo_data import DEMO_EMAIL_DOMAIN
from restorative.people.models import Staff

from ..models import Snapshot, Target
from ..periods import months_to
from ..services.measures import snapshot_month

TARGETS = {
    "training_mandatory": Decimal(90),
    "training_advanced": Decimal(40),
    "supervision_standard": Decimal(85),
    "supervision_audit_grades": Decimal(70),
    "team_circles": Decimal(4),
    "meetings_on_time": Decimal(90),
    "voice_heard": Decimal(80),
    "child_words": Decimal(75),
    "decisions_agreed": Decimal(70),
}


def seed(*, scale: str, today: datetime.date) -> dict[str, int]:
    director = Staff.objects.filter(email=f"director@{DEMO_EMAIL_DOMAIN}").first()
    if director is None:
        return {"targets": 0, "snapshots": 0}
    with transaction.atomic():
        Target.objects.bulk_create(
            [Target(measure=key, value=value, set_by=director) for key, value in TARGETS.items()]
        )
    stored = 0
    for month in months_to(today)[:-1]:
        stored += snapshot_month(month=month, today=today)
    return {"targets": len(TARGETS), "snapshots": stored}


def reset() -> None:
    Snapshot.objects.all().delete()
    Target.objects.all().delete()
