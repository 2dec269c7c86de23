"""Language demo data: the shipped lexicon, a language lead, one child's own word (Okafor
family) and a year of suggestion counts for the analytics page. Deterministic and idempotent.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from restorative.people.models import FamilyMember, Staff, Team

from .checking import lexicon_seed_if_empty
from .models import ChildLanguagePreference, LanguageLead, LanguageUsage, LexiconEntry

DOMAIN = "demo.restorative.test"
TERMS = [
    ("contact", "institutional"),
    ("placement", "institutional"),
    ("abscond", "blaming"),
    ("refuse", "blaming"),
    ("challenging behaviour", "labelling"),
    ("attention seeking", "shaming"),
    ("LAC", "jargon"),
    ("suffer from", "deficit"),
]


def _months_back(today: datetime.date, count: int) -> list[datetime.date]:
    months, year, month = [], today.year, today.month
    for _ in range(count):
        months.append(datetime.date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months


@transaction.atomic
def seed(*, scale: str) -> dict[str, int]:
    entries = lexicon_seed_if_empty() or LexiconEntry.objects.count()
    admin = Staff.objects.filter(email=f"admin@{DOMAIN}").first()
    lead_staff = Staff.objects.filter(email=f"workforce@{DOMAIN}").first()
    leads = 0
    if admin and lead_staff:
        LanguageLead.objects.get_or_create(staff=lead_staff, defaults={"appointed_by": admin})
        leads = 1
    practitioner = Staff.objects.filter(email=f"practitioner@{DOMAIN}").first()
    amara = (
        FamilyMember.objects.filter(first_name="Amara", family__name="Okafor")
        .order_by("pk")
        .first()
    )
    preferences = 0
    if practitioner and amara:
        ChildLanguagePreference.objects.get_or_create(
            member=amara,
            term="contact",
            defaults={
                "note": "Amara calls seeing her dad “contact” and asked us to use her word.",
                "created_by": practitioner,
            },
        )
        preferences = 1
    usage = 0
    if not LanguageUsage.objects.exists():
        rng = random.Random(4)  # noqa: S311 - demo figures, not security
        teams = list(Team.objects.order_by("code")[:12])
        rows = []
        for index, month in enumerate(reversed(_months_back(timezone.localdate(), 12))):
            for team in teams:
                for term, category in TERMS:
                    shown = rng.randint(5, 40)
                    accepted = int(shown * min(0.85, 0.3 + index * 0.04) * rng.uniform(0.8, 1))
                    kept = rng.randint(0, shown - accepted)
                    rows.append(
                        LanguageUsage(
                            team=team,
                            month=month,
                            category=category,
                            term=term,
                            shown=shown,
                            accepted=accepted,
                            kept=kept,
                            kept_own_words=kept // 3,
                            kept_quotation=kept // 4,
                        )
                    )
        LanguageUsage.objects.bulk_create(rows, batch_size=1000)
        usage = len(rows)
    return {
        "lexicon entries": entries,
        "language leads": leads,
        "preferred words": preferences,
        "language usage rows": usage,
    }
