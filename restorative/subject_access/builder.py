"""The subject access bundle, built from gathered records: pure, no database, no clock.

The same bundle is sent as JSON and rendered as the PDF, so the two never differ. Each record
keeps every stored field; a field holding someone else's words or details is listed under the
record's `redaction_review` with the reason, for the handler to review before release (UK
GDPR Art. 15(4), DPA 2018 Sch. 2 para 16: another person's information is disclosed only with
their consent or where it is reasonable). Nothing is removed here: deciding what to withhold
is the handler's judgement, and the marks say where to look.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# Whose words or details a field holds, for the reasons in REVIEW_REASONS.
SUBJECT = "subject"
FAMILY = "family"  # another family member
FAMILY_GROUP = "family_group"  # the family's words together, possibly several people's
PROFESSIONAL = "professional"  # written by staff, may say things about other people
OUTSIDER = "outsider"  # someone outside the family and not on staff (a named participant)
COMPLAINANT = "complainant"  # who complained is not linked to a member: check who it was


@dataclass(frozen=True)
class GatheredRecord:
    """One row, as plain values: what the builder needs and nothing from the database."""

    kind: str  # the model's label, "practice.Meeting"
    ident: str  # its UUID, or its key where it has none
    values: dict[str, Any]
    labels: dict[str, str]
    whose: dict[str, str] = field(default_factory=dict)  # field -> SUBJECT, FAMILY, ...
    title: str = ""  # the kind in words, "Meeting participant"


BUNDLE_FORMAT = "restorative-subject-access/1"

REVIEW_REASONS: dict[str, str] = {
    FAMILY: "Another family member's words or details",
    FAMILY_GROUP: "The family's words together: may hold other family members' views",
    PROFESSIONAL: "A professional's words: check for information about other people",
    OUTSIDER: "Someone outside the family: their words or details",
    COMPLAINANT: "The complainant's words: check whether the complainant is the person asking",
}


@dataclass(frozen=True)
class Subject:
    """Who the bundle is for, as plain values."""

    name: str
    kind: str
    relationship: str
    date_of_birth: datetime.date | None
    family_name: str
    case_reference: str


@dataclass(frozen=True)
class RequestFacts:
    """The request the bundle answers, as plain values."""

    reference: str
    received_on: datetime.date
    due_on: datetime.date
    requester: str


def _review(record: GatheredRecord) -> list[dict[str, str]]:
    """The fields to review, in the record's field order, each with its reason. A field left
    empty holds nobody's words, so it is not marked."""
    return [
        {"field": name, "reason": REVIEW_REASONS[record.whose[name]]}
        for name in record.values
        if name in record.whose and record.values[name] not in (None, "", [])
    ]


def build_bundle(
    *,
    subject: Subject,
    request: RequestFacts,
    sections: Mapping[str, Sequence[GatheredRecord]],
    generated_at: datetime.datetime,
    generated_by: str,
) -> dict[str, Any]:
    """The whole bundle as JSON-ready data: who it is for, the request, a count of each kind
    of record, and every record by section with its marks for redaction review."""
    out_sections = []
    counts: dict[str, int] = {}
    marked = 0
    for title, records in sections.items():
        if not records:
            continue
        items = []
        for record in records:
            review = _review(record)
            marked += bool(review)
            counts[record.kind] = counts.get(record.kind, 0) + 1
            items.append(
                {
                    "record": record.kind,
                    "title": record.title or record.kind,
                    "id": record.ident,
                    "fields": dict(record.values),
                    "labels": dict(record.labels),
                    "redaction_review": review,
                }
            )
        out_sections.append({"title": title, "records": items})
    return {
        "format": BUNDLE_FORMAT,
        "generated_at": generated_at.isoformat(),
        "generated_by": generated_by,
        "subject": {
            "name": subject.name,
            "kind": subject.kind,
            "relationship": subject.relationship,
            "date_of_birth": subject.date_of_birth.isoformat() if subject.date_of_birth else None,
            "family": subject.family_name,
            "case_reference": subject.case_reference,
        },
        "request": {
            "reference": request.reference,
            "received_on": request.received_on.isoformat(),
            "due_on": request.due_on.isoformat(),
            "requester": request.requester,
        },
        "counts": dict(sorted(counts.items())),
        "records_total": sum(counts.values()),
        "records_marked_for_review": marked,
        "sections": out_sections,
    }


# Shown in each record's heading already, so not repeated as a row on paper.
NOT_PRINTED = frozenset({"uuid"})


def _long_date(value: str) -> str:
    """An ISO date or time from the bundle as people read it ("5 December 2026, 14:05");
    any other text as it is."""
    try:
        if len(value) == 10:
            day = datetime.date.fromisoformat(value)
            return f"{day.day} {day:%B %Y}"
        if len(value) >= 19 and value[10] == "T":
            moment = datetime.datetime.fromisoformat(value)
            return f"{moment.day} {moment:%B %Y, %H:%M}"
    except ValueError:
        pass
    return value


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "—"
    return _long_date(value) if isinstance(value, str) else str(value)


def printable(bundle: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The bundle's sections as the PDF shows them: each record a list of (label, value,
    reason for review or "") rows, in the record's field order."""
    sections = []
    for section in bundle["sections"]:
        records = []
        for record in section["records"]:
            reasons = {mark["field"]: mark["reason"] for mark in record["redaction_review"]}
            rows = [
                (record["labels"].get(name, name), _shown(value), reasons.get(name, ""))
                for name, value in record["fields"].items()
                if name not in NOT_PRINTED
            ]
            records.append({"title": record["title"], "id": record["id"], "rows": rows})
        sections.append({"title": section["title"], "records": records})
    return sections
