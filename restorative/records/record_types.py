"""The kinds of record a retention rule can govern, each with the date its period runs from.

Why as code and not data: the trigger and what disposal does are facts about how a record is
stored and used, so they are written once here. A case record is anonymised, not deleted:
the organisation's counts (meetings held on time, plans reviewed) stay true, while every name,
date of birth and word written about the family goes. An access event is deleted. The period
is the organisation's decision and lives in a `RetentionRule` row, changed on the rules page.
Defaults follow shared/reference/timescales.md: children in care records until the 75th
birthday; other records are set locally.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RecordType:
    key: str
    label: str
    trigger: str  # the date the period runs from, in words
    default_years: int
    default_basis: str
    action: str  # what disposal does to it, in words (fixed by how the record is used)


LOOKED_AFTER_CASE = "looked_after_case"
CHILDREN_CASE = "children_case"
ACCESS_EVENTS = "access_events"
ANONYMISE = "Anonymised: names, dates of birth and every word written are removed; counts stay"

RECORD_TYPES: dict[str, RecordType] = {
    LOOKED_AFTER_CASE: RecordType(
        LOOKED_AFTER_CASE,
        "A closed family's case record, where a child was looked after",
        "the youngest child's date of birth (the closing date if no child's birth date is known)",
        75,
        "Children in care records are kept until the 75th birthday (shared/reference/"
        "timescales.md); kept for the youngest child, so every child's record is kept as long.",
        ANONYMISE,
    ),
    CHILDREN_CASE: RecordType(
        CHILDREN_CASE,
        "A closed family's case record, where no child was looked after",
        "the youngest child's date of birth (the closing date if no child's birth date is known)",
        25,
        "A local decision: until the youngest child's 25th birthday.",
        ANONYMISE,
    ),
    ACCESS_EVENTS: RecordType(
        ACCESS_EVENTS,
        "Access events (who opened, changed, exported or printed a record)",
        "the date of the event",
        7,
        "A local decision: long enough to answer a complaint or a subject access request "
        "about who saw a record.",
        "Deleted",
    ),
}

CHOICES = [(record_type.key, record_type.label) for record_type in RECORD_TYPES.values()]
