"""Demo barriers (§6.5): what gets in the way, raised by the demo staff, some triaged with
the outcome the person who raised it reads ("you said, we did")."""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from restorative.people.demo_data import DEMO_EMAIL_DOMAIN
from restorative.people.models import Staff

from ..models import Barrier

SEED = 1305

# theme, what gets in the way, hidden name, status, action (for triaged ones)
STORIES: tuple[tuple[str, str, bool, str, str], ...] = (
    (
        "time",
        "Preparing a family properly for a family group conference takes two visits, but our "
        "caseloads leave time for one.",
        False,
        "accepted",
        "Two hours of protected preparation time per conference agreed with team managers; "
        "reviewed after a quarter.",
    ),
    (
        "resources",
        "There is no room at the area office big enough for a family circle with children.",
        False,
        "resolved",
        "The community centre on Mill Lane is booked for circles on Tuesdays and Thursdays.",
    ),
    (
        "systems",
        "The case system makes me type the child's views twice, so they get shortened.",
        True,
        "accepted",
        "Raised with the case system supplier; a single views field is in the next release.",
    ),
    (
        "training",
        "Agency social workers cannot book the restorative foundations course.",
        False,
        "resolved",
        "Agency staff can now book every course; the workforce team emails them the dates.",
    ),
    (
        "culture",
        "Some panel members still talk about families as non-compliant in front of them.",
        True,
        "raised",
        "",
    ),
    (
        "partners",
        "Police colleagues are invited to circles at a day's notice and cannot come.",
        False,
        "accepted",
        "Invitations to partners go out ten working days before a circle.",
    ),
    (
        "process",
        "The child protection conference template has no space for the family's own plan.",
        False,
        "raised",
        "",
    ),
    (
        "resources",
        "No budget for interpreters at family meetings out of hours.",
        False,
        "not_actioned",
        "Out-of-hours interpreting stays with the emergency duty team's contract this year; "
        "we will look again at the budget in April.",
    ),
)


def seed(*, scale: str, today: datetime.date) -> dict[str, int]:
    rng = random.Random(SEED)
    staff = list(
        Staff.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}", is_active=True)
        .exclude(team__isnull=True)
        .exclude(role=Staff.Role.PARTNER)
        .select_related("team")
        .order_by("pk")[:200]
    )
    leaders = {
        s.email.split("@")[0]: s
        for s in Staff.objects.filter(
            email__in=[f"{who}@{DEMO_EMAIL_DOMAIN}" for who in ("head", "director", "manager")]
        )
    }
    if not staff or not leaders:
        return {"barriers": 0}
    named = {s.email.split("@")[0]: s for s in staff}
    made = []
    with transaction.atomic():
        for index, (theme, text, hidden, status, action) in enumerate(STORIES):
            raiser = named.get("practitioner") if index in (0, 2) else rng.choice(staff)
            raiser = raiser or rng.choice(staff)
            barrier = Barrier(
                theme=theme if theme in Barrier.Theme.values else "resources",
                description=text,
                team=raiser.team,
                service_id=raiser.team.service_id if raiser.team else None,
                raised_by=raiser,
                name_hidden=hidden,
                status=status,
                action=action,
            )
            if status != "raised":
                barrier.owner = leaders.get("manager") or leaders.get("head")
                barrier.triaged_at = timezone.now() - datetime.timedelta(days=rng.randint(3, 40))
            if status == "accepted":
                barrier.review_on = today + datetime.timedelta(days=rng.randint(14, 90))
            made.append(barrier)
        Barrier.objects.bulk_create(made)
    return {"barriers": len(made)}


def reset() -> None:
    Barrier.objects.all().delete()
