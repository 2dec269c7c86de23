"""Seed the timescale rules the meeting chain was missing (issue 10 point 3; editable
afterwards in the admin, like the first ones).

Sources: reference/timescales.md. Where guidance sets no national timescale (placement
stability, the family group decision-making offer, a final panel's lead time, an FGC review)
the value seeded is a starting point for the organisation to change.
"""

from django.db import migrations

WT = "Working Together to Safeguard Children 2023, as set out in local procedures"
RULES = [
    # Later core groups: every 4 weeks (Newcastle, Sefton; monthly or 6-weekly elsewhere).
    ("core_group", "core_group", 28, "calendar_days", False, WT + "; frequency set locally"),
    # Unborn baby: first review within 10 working days of birth (or 3 months of the initial
    # conference, whichever is sooner: the chain keeps the sooner date).
    ("birth", "review_conference", 10, "working_days", False, WT + " (unborn baby, Tees)"),
    (
        "home_at_risk",
        "placement_stability",
        5,
        "working_days",
        False,
        "No national timescale: held locally when a child's home is at risk of ending "
        "(Care Planning, Placement and Case Review (England) Regulations 2010, reg 14)",
    ),
    (
        "youth_justice_panel",
        "youth_justice_panel",
        3,
        "calendar_months",
        False,
        "Youth justice referral orders: progress meetings at least every 3 months",
    ),
    (
        "referral_order_end",
        "youth_justice_panel",
        10,
        "working_days",
        True,
        "Youth justice referral orders: a final meeting before the order ends (lead time "
        "set locally)",
    ),
    (
        "family_group_conference",
        "fgc_review",
        3,
        "calendar_months",
        False,
        "Family group conference plans drift afterwards: every plan carries a review date "
        "(set locally)",
    ),
    (
        "care_proceedings",
        "family_group_conference",
        15,
        "working_days",
        False,
        "Children's Wellbeing and Schools Act 2026 s.1 (new s.31ZA Children Act 1989): a "
        "family group decision-making meeting offered before applying for a care or "
        "supervision order (timescale set locally)",
    ),
]


def seed(apps, schema_editor):
    TimescaleRule = apps.get_model("practice", "TimescaleRule")
    for trigger, meeting_type, amount, unit, before, source in RULES:
        TimescaleRule.objects.get_or_create(
            trigger=trigger,
            meeting_type=meeting_type,
            is_active=True,
            defaults={"amount": amount, "unit": unit, "before": before, "source": source},
        )


def unseed(apps, schema_editor):
    TimescaleRule = apps.get_model("practice", "TimescaleRule")
    for trigger, meeting_type, *_ in RULES:
        TimescaleRule.objects.filter(trigger=trigger, meeting_type=meeting_type).delete()


class Migration(migrations.Migration):
    dependencies = [("practice", "0007_conference_outcome_chain_case_events")]

    operations = [migrations.RunPython(seed, unseed)]
