"""Each access event says, in plain words, what was opened (issue 14 point 8).

The words are made once, in `core.audit.describe`, from the kind of record, the action, the
channel and the record's own fields; these stand-ins carry the fields the real records have.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest

from restorative.core.audit import describe, subject_label
from restorative.core.models import AccessEvent

Action = AccessEvent.Action

MEETING = SimpleNamespace(
    get_meeting_type_display=lambda: "Initial child protection conference",
    held_on=None,
    scheduled_at=datetime.datetime(2026, 3, 3, 10, 0, tzinfo=datetime.UTC),
)
PLAN = SimpleNamespace(title="Keeping Sam safe at home", started_on=datetime.date(2026, 2, 1))
CONVERSATION = SimpleNamespace(
    get_setting_display=lambda: "Home visit", held_on=datetime.date(2026, 1, 9)
)
MEMBER = SimpleNamespace(first_name="Amara", last_name="Okafor")


@pytest.mark.parametrize(
    ("action", "subject_type", "channel", "subject", "words"),
    [
        (
            Action.VIEW,
            "meeting",
            "web",
            MEETING,
            "Opened the meeting: Initial child protection conference, 3 March 2026",
        ),
        (
            Action.EXPORT,
            "plan",
            "pdf",
            PLAN,
            "Downloaded the plan as PDF: Keeping Sam safe at home, 1 February 2026",
        ),
        (Action.PRINT, "meeting", "web", None, "Opened the meeting to print"),
        (Action.EXPORT, "family", "web", None, "Exported the family record as CSV"),
        (Action.VIEW, "family", "web", None, "Opened the family record"),
        (Action.VIEW, "family", "api", None, "Opened the family record through the API"),
        (
            Action.CREATE,
            "family",
            "import",
            None,
            "Created the family record by import from the case management system",
        ),
        (
            Action.VIEW,
            "restorativeconversation",
            "web",
            CONVERSATION,
            "Opened the restorative conversation: Home visit, 9 January 2026",
        ),
        (
            Action.VIEW,
            "familymember",
            "web",
            MEMBER,
            "Opened a family member's details: Amara Okafor",
        ),
        (
            Action.CHANGE,
            "plan",
            "web",
            PLAN,
            "Changed the plan: Keeping Sam safe at home, 1 February 2026",
        ),
        (
            Action.CHANGE,
            "languagepreference",
            "web",
            MEMBER,
            "Changed a child's preferred words: Amara Okafor",
        ),
        (
            Action.CREATE,
            "supervisioncasedecision",
            "web",
            None,
            "Created a supervision decision about the family",
        ),
        (Action.VIEW, "somethingnew", "web", None, "Opened a somethingnew record"),
    ],
)
def test_each_kind_of_event_is_described_in_plain_words(
    action: str, subject_type: str, channel: str, subject: object, words: str
) -> None:
    assert (
        describe(action=action, subject_type=subject_type, channel=channel, subject=subject)
        == words
    )


def test_a_record_may_name_itself() -> None:
    assert subject_label(SimpleNamespace(audit_label="Review of plan 3")) == "Review of plan 3"


def test_a_family_is_not_named_in_its_own_trail() -> None:
    family = SimpleNamespace(name="Okafor", opened_on=datetime.date(2025, 1, 1))
    assert subject_label(family) == ""


def test_events_written_without_words_read_from_their_kind(db: None) -> None:
    event = AccessEvent(action=Action.CHANGE, subject_type="family", channel="import")
    assert event.what == "Changed the family record by import from the case management system"
    event.description = "Opened the plan: Keeping Sam safe at home"
    assert event.what == "Opened the plan: Keeping Sam safe at home"
