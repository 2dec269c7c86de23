"""Where a learning action or training need came from: the registry of finding kinds.

A finding is held by whichever area found it (an audit's finding, a moderator's note, a
complaint's outcome, a feedback theme). Learning actions and training needs store only the
finding's kind and UUID, so each area registers its kind here from `AppConfig.ready()`:

    learning_sources.register("complaint", "Complaint outcome", resolve, resolve_many)

`resolve(user, uuid)` answers with the finding's title, the URL of its page and its team
(which places the learning it raises), or None when the finding does not exist *or* this
person may not see it. The source is asked every time a finding is shown, so the finding's
own rule — a complaint about someone is hidden from them, for instance — decides, and a
learning page never shows what the finding's page would refuse. A list of learning names
many findings: `resolve_many(user, uuids)`, when a kind gives one, answers for them all in a
query or two (it defaults to asking `resolve` one at a time).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class ResolvedSource:
    title: str
    url: str
    team: Any = None  # a people.Team, or None for a finding about no one team


@dataclass(frozen=True)
class SourceKind:
    kind: str
    label: str
    resolve: Callable[[Any, uuid.UUID], ResolvedSource | None]
    resolve_many: Callable[[Any, list[uuid.UUID]], dict[uuid.UUID, ResolvedSource]] | None = None


_KINDS: dict[str, SourceKind] = {}


def register(
    kind: str,
    label: str,
    resolve: Callable[[Any, uuid.UUID], ResolvedSource | None],
    resolve_many: Callable[[Any, list[uuid.UUID]], dict[uuid.UUID, ResolvedSource]] | None = None,
) -> None:
    """Add a kind of finding (registering a kind twice keeps the first)."""
    _KINDS.setdefault(kind, SourceKind(kind, label, resolve, resolve_many))


def kinds() -> list[SourceKind]:
    return list(_KINDS.values())


def label(kind: str) -> str:
    """The kind in words ("Complaint outcome"), or the kind itself if none is registered."""
    source = _KINDS.get(kind)
    return source.label if source else kind


def resolve(user: Any, kind: str, source_uuid: uuid.UUID) -> ResolvedSource | None:
    """The finding as this person may see it, or None (unknown kind, no such finding, or
    not theirs to see)."""
    source = _KINDS.get(kind)
    if source is None:
        return None
    return source.resolve(user, source_uuid)


def resolve_all(
    user: Any, sources: Iterable[tuple[str, uuid.UUID]]
) -> dict[tuple[str, uuid.UUID], ResolvedSource]:
    """The findings of a list, as this person may see them (those they may not are left
    out): one call per kind."""
    by_kind: dict[str, list[uuid.UUID]] = {}
    for kind, source_uuid in sources:
        by_kind.setdefault(kind, []).append(source_uuid)
    found: dict[tuple[str, uuid.UUID], ResolvedSource] = {}
    for kind, uuids in by_kind.items():
        source = _KINDS.get(kind)
        if source is None:
            continue
        unique = list(dict.fromkeys(uuids))
        if source.resolve_many is not None:
            answers = source.resolve_many(user, unique)
        else:
            answers = {
                item: answer
                for item in unique
                if (answer := source.resolve(user, item)) is not None
            }
        found.update({(kind, item): answer for item, answer in answers.items()})
    return found


def finding_url(kind: str, source_uuid: uuid.UUID) -> str:
    """The finding's learning page: the loop from finding to training."""
    return reverse("evaluation:learning_finding", kwargs={"kind": kind, "source_uuid": source_uuid})
