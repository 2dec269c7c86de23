"""Private family time stays private (issue 10, point 2).

What was said in private family time is no longer recorded. Words already written are kept
(renamed to `private_family_time_earlier_note`, data unchanged) and from now on shown only to
the meeting's coordinator; what is recorded instead is whether it happened, how long, and
who was there.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("practice", "0009_goal_attainment_at_reviews")]

    operations = [
        migrations.RenameField(
            model_name="meeting",
            old_name="private_family_time",
            new_name="private_family_time_earlier_note",
        ),
        migrations.AlterField(
            model_name="meeting",
            name="private_family_time_earlier_note",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="meeting",
            name="private_family_time_held",
            field=models.BooleanField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="meeting",
            name="private_family_time_minutes",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="meetingparticipant",
            name="in_private_family_time",
            field=models.BooleanField(
                default=False, help_text="Was there for the family's private time (an FGC)."
            ),
        ),
        migrations.AddConstraint(
            model_name="meeting",
            constraint=models.CheckConstraint(
                condition=models.Q(("private_family_time_minutes__isnull", True))
                | models.Q(
                    ("private_family_time_minutes__gt", 0),
                    ("private_family_time_minutes__lte", 720),
                ),
                name="meeting_private_family_time_minutes",
            ),
        ),
        # Earlier records that had words about private family time: it happened.
        migrations.RunSQL(
            "UPDATE practice_meeting SET private_family_time_held = TRUE "
            "WHERE private_family_time_earlier_note <> ''",
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
