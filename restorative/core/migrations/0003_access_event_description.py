"""Keep what each access event was about, in plain words (issue 14 point 8).

The column is nullable with no default, so both databases add it in place
(ALTER TABLE ... ADD COLUMN) and existing rows are never rewritten: SQLite keeps its
append-only triggers (a table rebuild would drop them) and PostgreSQL fires no UPDATE trigger.
Rows written before this read their description from their action and kind.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_access_event_append_only"),
    ]

    operations = [
        migrations.AddField(
            model_name="accessevent",
            name="description",
            field=models.CharField(
                blank=True,
                help_text="What was opened, in plain words, as it was at the time (audit.describe).",
                max_length=300,
                null=True,
            ),
        ),
    ]
