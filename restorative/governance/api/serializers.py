"""The governance API's shapes: measures with their definitions, and each measure's series."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class MeasureSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(help_text="The measure's key, used in its series' URL.")
    name = serializers.CharField()
    definition = serializers.CharField(help_text="What it counts.")
    source = serializers.CharField(help_text="Where the figures come from.")  # type: ignore[assignment]
    accountable = serializers.CharField(help_text="Who is accountable for it (policy §9).")
    caveats = serializers.CharField()
    kind = serializers.ChoiceField(
        choices=["percent", "count", "score"],
        help_text="percent: numerator of denominator; count: how many in the month; score: "
        "a mean score out of 100 (the sum of the scores over how many there are).",
    )
    range = serializers.CharField(source="range_label", help_text="The values a target may take.")
    target = serializers.DecimalField(
        max_digits=7, decimal_places=2, allow_null=True, help_text="The director's target."
    )


class SeriesPointSerializer(serializers.Serializer[Any]):
    month = serializers.CharField(help_text="YYYY-MM")
    level = serializers.ChoiceField(choices=["organisation", "service", "team"])
    place = serializers.CharField(help_text="The service's or team's name.")
    place_uuid = serializers.UUIDField(allow_null=True, help_text="Null for the organisation.")
    numerator = serializers.DecimalField(max_digits=14, decimal_places=2)
    denominator = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, help_text="Null for counts."
    )
    value = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        allow_null=True,
        help_text="Per cent (one decimal place) or the count; null when nothing was counted.",
    )
    too_few_to_read = serializers.BooleanField(
        help_text="A percentage over fewer than 10: shown, but too few to read."
    )
