"""API shape of the timeliness figures: the same numbers as the page and the downloads."""

from __future__ import annotations

from rest_framework import serializers


class TimelinessFiguresSerializer(serializers.Serializer):
    due = serializers.IntegerField(help_text="Every meeting due in the period.")
    on_time = serializers.IntegerField(help_text="Held on or before the due date.")
    late = serializers.IntegerField(help_text="Held after the due date.")
    not_held = serializers.IntegerField(help_text="Not held and past the due date.")
    not_yet_due = serializers.IntegerField(help_text="Not held, due today or later.")
    cancelled = serializers.IntegerField(help_text="Cancelled, with a reason recorded.")
    on_time_percent = serializers.IntegerField(
        allow_null=True,
        help_text="Of on time, late and not held together; null when there are none.",
    )
    late_percent = serializers.IntegerField(allow_null=True)
    not_held_percent = serializers.IntegerField(allow_null=True)


class TimelinessTeamSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(source="team.uuid")
    name = serializers.CharField(source="team.name")
    code = serializers.CharField(source="team.code")
    figures = TimelinessFiguresSerializer()


class TimelinessServiceSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(source="service.uuid")
    name = serializers.CharField(source="service.name")
    figures = TimelinessFiguresSerializer()
    teams = TimelinessTeamSerializer(many=True)


class TimelinessSerializer(serializers.Serializer):
    start = serializers.DateField(source="period.start")
    end = serializers.DateField(source="period.end")
    today = serializers.DateField(source="period.today", help_text="The day the figures are for.")
    organisation = serializers.BooleanField(
        help_text="Whether the total covers the whole organisation."
    )
    figures = TimelinessFiguresSerializer(help_text="The total of every team shown.")
    services = TimelinessServiceSerializer(many=True)
