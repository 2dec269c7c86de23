"""The API's request and answer shapes: a finding is the command line's JSON finding."""

from __future__ import annotations

from rest_framework import serializers

from ..models import Category


class CheckRequestSerializer(serializers.Serializer):
    text = serializers.CharField(
        allow_blank=True,
        trim_whitespace=False,
        max_length=1_000_000,
        help_text="The text to check (up to 1,000,000 characters).",
    )
    member = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="The family member the text is about: the words they prefer are not flagged.",
    )


class FindingSerializer(serializers.Serializer):
    start = serializers.IntegerField(help_text="Start index (Python string index) in the text.")
    end = serializers.IntegerField(help_text="End index (exclusive).")
    text = serializers.CharField(help_text="Exactly text[start:end].")
    term = serializers.CharField(help_text="The lexicon entry that matched.")
    category = serializers.ChoiceField(choices=Category.choices)
    suggestions = serializers.ListField(child=serializers.CharField(), min_length=1, max_length=3)
    reason = serializers.CharField()


class CheckResponseSerializer(serializers.Serializer):
    findings = FindingSerializer(many=True)
