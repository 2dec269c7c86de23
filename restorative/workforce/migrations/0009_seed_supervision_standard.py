"""Seed the supervision standard with the LGA Standards for Employers of Social Workers in
England (shared/reference/timescales.md): newly qualified social workers (ASYE) at least
weekly for the first 6 weeks, at least fortnightly to 6 months, then at least monthly; everyone
else at least monthly. The workforce development team may change them afterwards."""

from django.db import migrations

LGA_STANDARD = [
    ("asye", "weekly", 6, "weeks"),
    ("asye", "fortnightly", 6, "months"),
    ("asye", "monthly", None, ""),
    ("everyone", "monthly", None, ""),
]


def seed(apps, schema_editor):
    standard = apps.get_model("workforce", "SupervisionStandard")
    if standard.objects.exists():
        return
    for applies_to, frequency, amount, unit in LGA_STANDARD:
        standard.objects.create(
            applies_to=applies_to, frequency=frequency, until_amount=amount, until_unit=unit
        )


def unseed(apps, schema_editor):
    apps.get_model("workforce", "SupervisionStandard").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("workforce", "0008_supervision_standard")]

    operations = [migrations.RunPython(seed, unseed)]
