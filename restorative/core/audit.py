"""Writing and reading the access audit trail (privacy rule 3; security.md item 14).

Fail-closed: callers write the event *before* they show or change anything, and any error
here propagates, so the request fails rather than showing a record nobody can account for.

The trail is read by people (a team manager, quality assurance), so each event says what was
opened in plain words ("Opened the meeting: Initial child protection conference, 3 March
2026") and why the person could (`reason`, the permission basis). The words are made here,
once, from the kind of record and its fields, so no app words its own; they are stored with
the event because the record may change or go later. Links back to the records are not
stored: whether the *reader* of the trail may follow one is decided when the trail is read,
by the app that owns the record (`trail_link_register`), since core knows no app.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from .models import AccessEvent
from .scope import Actor

Action = AccessEvent.Action

# What each kind of record is called in a sentence, with its article.
SUBJECT_NOUNS: dict[str, str] = {
    "family": "the family record",
    "familymember": "a family member's details",
    "meeting": "the meeting",
    "plan": "the plan",
    "restorativeconversation": "the restorative conversation",
    "supervisioncasedecision": "a supervision decision about the family",
    "languagepreference": "a child's preferred words",
    "accesstrail": "the access trail",
    "caseaudit": "a case-file audit of the family's record",
    "surveyresponse": "feedback the family gave",
    "subjectaccessrequest": "a subject access request",
}

_VERBS: dict[str, str] = {
    Action.VIEW: "Opened",
    Action.CHANGE: "Changed",
    Action.CREATE: "Created",
    Action.EXPORT: "Exported",
    Action.PRINT: "Opened",
}

# How a download left: by its channel (documents are PDFs), else by the kind of record.
_EXPORT_FORMAT_BY_CHANNEL = {"pdf": "PDF"}
_EXPORT_FORMAT_BY_SUBJECT = {"family": "CSV", "accesstrail": "CSV"}

_CHANNEL_WORDS = {
    "api": "through the API",
    "import": "by import from the case management system",
}

# The fields that say which record it was, looked for in this order.
_KIND_DISPLAYS = ("get_meeting_type_display", "get_setting_display")
_DATE_FIELDS = ("held_on", "scheduled_at", "started_on", "due_date")

DESCRIPTION_LENGTH = 300


class AuditWriteError(Exception):
    """The access event could not be written, so the access must not happen."""


def _long_date(value: datetime.date | datetime.datetime) -> str:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return f"{value.day} {value:%B %Y}"


def subject_label(subject: object) -> str:
    """Which record it was, in words a reader recognises: its type or title and its date.

    A model may say it itself with an `audit_label` attribute. A family has no label (its
    case reference is shown beside every event), so its name is not repeated in the trail.
    """
    custom = getattr(subject, "audit_label", None)
    if custom is not None:
        return str(custom() if callable(custom) else custom)
    parts: list[str] = []
    for display in _KIND_DISPLAYS:
        method = getattr(subject, display, None)
        if callable(method):
            parts.append(str(method()))
            break
    title = getattr(subject, "title", None)
    if isinstance(title, str) and title:
        parts.append(title)
    first, last = getattr(subject, "first_name", None), getattr(subject, "last_name", None)
    if isinstance(first, str) and isinstance(last, str):
        parts.append(f"{first} {last}".strip())
    for field in _DATE_FIELDS:
        value = getattr(subject, field, None)
        if isinstance(value, datetime.date):
            parts.append(_long_date(value))
            break
    return ", ".join(part for part in parts if part)


def describe(
    *, action: str, subject_type: str, channel: str = "web", subject: object | None = None
) -> str:
    """One event in plain words: "Downloaded the plan as PDF: Keeping Sam safe".

    Without the record (events written in bulk, or before descriptions were kept) the words
    name the kind of record only.
    """
    noun = SUBJECT_NOUNS.get(subject_type, f"a {subject_type} record")
    words = f"{_VERBS.get(action, 'Opened')} {noun}"
    if action == Action.EXPORT:
        file_format = _EXPORT_FORMAT_BY_CHANNEL.get(channel) or _EXPORT_FORMAT_BY_SUBJECT.get(
            subject_type
        )
        if file_format == "PDF":
            words = f"Downloaded {noun} as PDF"
        elif file_format:
            words = f"{words} as {file_format}"
    elif action == Action.PRINT:
        words = f"{words} to print"
    if channel in _CHANNEL_WORDS:
        words = f"{words} {_CHANNEL_WORDS[channel]}"
    label = subject_label(subject) if subject is not None else ""
    if label:
        words = f"{words}: {label}"
    return words[:DESCRIPTION_LENGTH]


def _event_fields(
    actor: Actor,
    action: str,
    subject_type: str,
    reason: str,
    channel: str,
    request: HttpRequest | None,
    description: str,
) -> dict[str, Any]:
    """An event's columns but its subject and family, its texts cut to their lengths. Worked
    out once for a bulk write: the actor is often the request's lazy user, whose every
    attribute read goes through a proxy (a thousand comments cost 13,000 reads)."""
    return {
        "actor_id": actor.pk,
        "actor_role": getattr(actor, "role", ""),
        "action": action,
        "subject_type": subject_type,
        "reason": reason[:200],
        "channel": channel,
        "path": request.path[:300] if request is not None else "",
        "description": description[:DESCRIPTION_LENGTH],
    }


def access_event_record(
    *,
    actor: Actor,
    action: str,
    subject_type: str,
    subject_uuid: uuid.UUID,
    family_uuid: uuid.UUID,
    reason: str,
    request: HttpRequest | None = None,
    channel: str = "web",
    subject: object | None = None,
    description: str = "",
) -> AccessEvent:
    """Append one access event. Raises AuditWriteError if it cannot be stored.

    `subject`, the record itself when the caller has it, lets the event say which one it
    was; without it the event names only the kind of record. `description` replaces the
    words `describe` would make, for a step its verbs do not name (releasing a subject
    access bundle to the person who asked).
    """
    try:
        return AccessEvent.objects.create(
            subject_uuid=subject_uuid,
            family_uuid=family_uuid,
            **_event_fields(
                actor,
                action,
                subject_type,
                reason,
                channel,
                request,
                description
                or describe(
                    action=action, subject_type=subject_type, channel=channel, subject=subject
                ),
            ),
        )
    except Exception as exc:  # noqa: BLE001 - any failure must stop the access
        raise AuditWriteError("The access audit trail could not be written.") from exc


def access_events_record_many(
    *,
    actor: Actor,
    action: str,
    subject_type: str,
    family_uuids: Iterable[uuid.UUID],
    reason: str,
    description: str,
    request: HttpRequest | None = None,
    channel: str = "web",
) -> int:
    """Append the same event to each family's trail (one read that spans many families,
    such as a search of the trail itself). The subject of each is the family. Raises
    AuditWriteError if they cannot all be stored."""
    return access_events_record_each(
        actor=actor,
        action=action,
        subject_type=subject_type,
        subjects=((family_uuid, family_uuid) for family_uuid in family_uuids),
        reason=reason,
        description=description,
        request=request,
        channel=channel,
    )


def access_events_record_each(
    *,
    actor: Actor,
    action: str,
    subject_type: str,
    subjects: Iterable[tuple[uuid.UUID, uuid.UUID]],
    reason: str,
    description: str,
    request: HttpRequest | None = None,
    channel: str = "web",
) -> int:
    """Append one event per record shown, in one insert: `subjects` holds each record's
    (uuid, family uuid). For a page that shows many families' records at once (the families'
    comments on the feedback results), where each record read must be on its family's trail.
    Raises AuditWriteError if they cannot all be stored."""
    try:
        common = _event_fields(actor, action, subject_type, reason, channel, request, description)
        events = [
            AccessEvent(subject_uuid=subject_uuid, family_uuid=family_uuid, **common)
            for subject_uuid, family_uuid in dict.fromkeys(subjects)
        ]
        return len(AccessEvent.objects.bulk_create(events, batch_size=1000))
    except Exception as exc:  # noqa: BLE001 - any failure must stop the access
        raise AuditWriteError("The access audit trail could not be written.") from exc


# --- Links from the trail back to the records ------------------------------------------------

# Given the reader and some records' UUIDs, the pages of those the reader may open (others
# are left out). One query per kind of record, whatever the number of events.
TrailLinker = Callable[[Actor, Collection[uuid.UUID]], Mapping[uuid.UUID, str]]

_TRAIL_LINKERS: dict[str, TrailLinker] = {}


def trail_link_register(subject_type: str, linker: TrailLinker) -> None:
    """An app says how to link to its kind of record from the trail (from `AppConfig.ready`)."""
    _TRAIL_LINKERS[subject_type] = linker


def trail_links(reader: Actor, events: Iterable[AccessEvent]) -> dict[int, str]:
    """For each event whose record `reader` may open, the record's page, by event id.

    The owning app's linker applies its own permission rule, so a link is offered only where
    following it would not answer "Page not found".
    """
    wanted: dict[str, set[uuid.UUID]] = {}
    events = list(events)
    for event in events:
        if event.subject_type in _TRAIL_LINKERS:
            wanted.setdefault(event.subject_type, set()).add(event.subject_uuid)
    found = {
        subject_type: _TRAIL_LINKERS[subject_type](reader, uuids)
        for subject_type, uuids in wanted.items()
    }
    return {
        event.pk: found[event.subject_type][event.subject_uuid]
        for event in events
        if event.subject_uuid in found.get(event.subject_type, {})
    }
