"""Family members get the once-only submission token (core.submission): adding the same
person twice from one form or one API request stores one row."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_search_trigram_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="familymember",
            name="submission_token",
            field=models.UUIDField(blank=True, editable=False, null=True, unique=True),
        ),
    ]
