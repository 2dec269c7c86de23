from django.db import migrations, models


class Migration(migrations.Migration):
    """A nullable unique submission key on Session: a double submission schedules once."""

    dependencies = [
        ("workforce", "0003_learning_log_audits_circles"),
    ]

    operations = [
        migrations.AddField(
            model_name="session",
            name="submission_key",
            field=models.UUIDField(blank=True, editable=False, null=True, unique=True),
        ),
    ]
