"""What the case-file audits register when the app starts: their navigation entry (each
person's audit tasks, so everyone who may be audited or alerted can find them)."""

from __future__ import annotations

from restorative.core import navigation

from . import permissions


def register() -> None:
    navigation.register(
        "Case-file audits", "evaluation:audits_home", permissions.can_use_audits, 75
    )
