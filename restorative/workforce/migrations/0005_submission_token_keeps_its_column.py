"""The once-only token is called `submission_token` everywhere now (core.submission).

Only the name the code uses changes: each field keeps its `submission_key` column
(`db_column`), so no data moves and the database is not touched.
"""

from django.db import migrations, models

REQUIRED = ("supervisionsession", "supervisionauditsample", "teamcircle")


def _state_operations() -> list[migrations.operations.base.Operation]:
    operations: list[migrations.operations.base.Operation] = []
    for model in ("session", *REQUIRED):
        operations.append(
            migrations.RenameField(
                model_name=model, old_name="submission_key", new_name="submission_token"
            )
        )
    operations.append(
        migrations.AlterField(
            model_name="session",
            name="submission_token",
            field=models.UUIDField(
                blank=True, db_column="submission_key", editable=False, null=True, unique=True
            ),
        )
    )
    for model in REQUIRED:
        operations.append(
            migrations.AlterField(
                model_name=model,
                name="submission_token",
                field=models.UUIDField(db_column="submission_key", editable=False, unique=True),
            )
        )
    return operations


class Migration(migrations.Migration):
    dependencies = [
        ("workforce", "0004_session_submission_key"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=_state_operations(), database_operations=[]
        )
    ]
