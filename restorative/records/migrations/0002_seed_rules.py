"""Seed one retention rule per kind of record with the defaults in records/record_types.py
(children in care records to the 75th birthday; the others local decisions the organisation
changes on the rules page). Idempotent: the test suite runs `seed` again after a flush."""

from django.db import migrations

DEFAULTS = {
    "looked_after_case": (
        75,
        "Children in care records are kept until the 75th birthday (shared/reference/"
        "timescales.md); kept for the youngest child, so every child's record is kept as long.",
    ),
    "children_case": (25, "A local decision: until the youngest child's 25th birthday."),
    "access_events": (
        7,
        "A local decision: long enough to answer a complaint or a subject access request "
        "about who saw a record.",
    ),
}


def seed(apps, schema_editor):
    rule = apps.get_model("records", "RetentionRule")
    for record_type, (years, basis) in DEFAULTS.items():
        rule.objects.get_or_create(
            record_type=record_type, defaults={"years": years, "basis": basis}
        )


def unseed(apps, schema_editor):
    apps.get_model("records", "RetentionRule").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
