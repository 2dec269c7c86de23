"""The access trail read by people: searched across families, exported, and linked back.

Quality assurance searches every family's trail by person, date, action and case reference
(`trail_search`) and exports what it found (`trail_export_rows`). The search pages by keyset
(the last event seen), not by OFFSET, so page 2,000 of a trail of millions costs what page 1
does. Reading or exporting the trail shows families' references and who opened their
records, so each read is itself written to the trail of every family it showed
(`trail_read_record`).

The family and member pages are linked from the trail here (`family_trail_links`,
registered from `PeopleConfig.ready`) only for a reader who may open them.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone

from restorative.core.audit import access_events_record_many
from restorative.core.models import AccessEvent
from restorative.core.scope import Actor

from . import permissions
from .models import Family, FamilyMember, Staff

TRAIL_PAGE_SIZE = 50
TRAIL_SUBJECT = "accesstrail"
TRAIL_READ_REASON = "quality assurance audit of the access trail"

EXPORT_COLUMNS = (
    "when",
    "who",
    "email",
    "role",
    "case_reference",
    "action",
    "what",
    "why",
    "channel",
)


@dataclass(frozen=True)
class TrailFilters:
    """What a search of the trail is narrowed to; empty fields narrow nothing."""

    person: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    action: str = ""
    case_reference: str = ""


@dataclass(frozen=True)
class TrailPage:
    """One page of the trail, newest first, with the cursor of the next (older) page."""

    events: list[AccessEvent]
    next_cursor: int | None
    references: dict[uuid.UUID, str]


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _require_quality(user: Staff) -> None:
    if not permissions.can_search_access_trail(user):
        raise Http404("Not available")


def trail_events(user: Staff, filters: TrailFilters) -> QuerySet[AccessEvent]:
    """Every family's access events that match `filters`, newest first (quality assurance)."""
    _require_quality(user)
    events = AccessEvent.objects.select_related("actor", "actor__team")
    person = filters.person.strip()
    if person:
        for word in person.split()[:4]:
            events = events.filter(
                Q(actor__email__icontains=word)
                | Q(actor__first_name__icontains=word)
                | Q(actor__last_name__icontains=word)
            )
    if filters.date_from:
        events = events.filter(at__gte=_day_start(filters.date_from))
    if filters.date_to:
        events = events.filter(at__lt=_day_start(filters.date_to + datetime.timedelta(days=1)))
    if filters.action:
        events = events.filter(action=filters.action)
    reference = filters.case_reference.strip()
    if reference:
        events = events.filter(
            family_uuid__in=Family.objects.filter(case_reference__iexact=reference).values("uuid")
        )
    return events.order_by("-at", "-id")


def _references(family_uuids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
    return dict(
        Family.objects.filter(uuid__in=set(family_uuids)).values_list("uuid", "case_reference")
    )


def trail_search(user: Staff, filters: TrailFilters, *, after: int | None = None) -> TrailPage:
    """One page of matching events, older than the event `after` when it is given.

    The cursor is an event id; the page continues from that event's time and id, which is
    what the trail is ordered by. An unknown cursor starts from the newest.
    """
    events = trail_events(user, filters)
    if after is not None:
        cursor_at = AccessEvent.objects.filter(pk=after).values_list("at", flat=True).first()
        if cursor_at is not None:
            events = events.filter(Q(at__lt=cursor_at) | Q(at=cursor_at, id__lt=after))
    found = list(events[: TRAIL_PAGE_SIZE + 1])
    shown = found[:TRAIL_PAGE_SIZE]
    next_cursor = shown[-1].pk if len(found) > TRAIL_PAGE_SIZE else None
    return TrailPage(
        events=shown,
        next_cursor=next_cursor,
        references=_references(event.family_uuid for event in shown),
    )


def trail_read_record(
    *,
    actor: Staff,
    family_uuids: Iterable[uuid.UUID],
    exported: bool,
    request: HttpRequest | None = None,
) -> int:
    """Write a search or export of the trail to the trail of each family it showed.

    Call before showing or sending anything; if it raises, show nothing.
    """
    _require_quality(actor)
    return access_events_record_many(
        actor=actor,
        action=AccessEvent.Action.EXPORT if exported else AccessEvent.Action.VIEW,
        subject_type=TRAIL_SUBJECT,
        family_uuids=family_uuids,
        reason=TRAIL_READ_REASON,
        description=(
            "Exported the access trail across families as CSV"
            if exported
            else "Searched the access trail across families"
        ),
        request=request,
    )


def trail_export_families(user: Staff, filters: TrailFilters) -> list[uuid.UUID]:
    """The families whose events an export of `filters` holds (to record the export)."""
    return list(
        trail_events(user, filters).order_by().values_list("family_uuid", flat=True).distinct()
    )


def trail_latest_id() -> int:
    """The newest event's id, so an export holds what was there when it was asked for and
    not the events that record the export itself."""
    return AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def trail_export_rows(user: Staff, filters: TrailFilters, *, up_to: int) -> Iterator[list[object]]:
    """The matching events up to event `up_to` as CSV rows: a header first, then newest
    first, read in chunks."""
    events = trail_events(user, filters).filter(id__lte=up_to)
    references = _references(trail_export_families(user, filters))
    role_labels = dict(Staff.Role.choices)
    yield list(EXPORT_COLUMNS)
    for event in events.iterator(chunk_size=2000):
        yield [
            timezone.localtime(event.at).isoformat(timespec="seconds"),
            event.actor.display_name,
            event.actor.email,
            role_labels.get(event.actor_role, event.actor_role),
            references.get(event.family_uuid, ""),
            event.get_action_display(),
            event.what,
            event.reason,
            event.channel,
        ]


# --- Links from the trail to people's records ------------------------------------------------


def family_trail_links(reader: Actor, uuids: Collection[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The family pages among `uuids` that `reader` may open."""
    families = Family.objects.filter(permissions.families_visible_q(reader), uuid__in=uuids)
    return {
        family_uuid: reverse("people:family_detail", kwargs={"family_uuid": family_uuid})
        for family_uuid in families.values_list("uuid", flat=True)
    }


def member_trail_links(reader: Actor, uuids: Collection[uuid.UUID]) -> dict[uuid.UUID, str]:
    """A member's details are on their family's page: linked where `reader` may open it."""
    members = FamilyMember.objects.filter(
        uuid__in=uuids, family__in=Family.objects.filter(permissions.families_visible_q(reader))
    ).values_list("uuid", "family__uuid")
    return {
        member_uuid: reverse("people:family_detail", kwargs={"family_uuid": family_uuid})
        for member_uuid, family_uuid in members
    }
