"""The organisation scope: how far one person reaches for one feature. Written once.

Every feature that shows records of teams or people answers the same question — whose
records may this person see? — and the answer always has the same shape: only their own,
their team's, their service's, or the whole organisation's, or a mix of those (DESIGN.md
privacy rule 2). This module holds that shape once, so each feature only declares, as data,
how far each role reaches (a `Rule`), and reads both its list filter (`Reach.q`) and its
object check (`Reach.allows`) off the same `Reach`. A page, a search, an export and the API
can then never disagree about who sees what.

Two layers:
- `Extent` is how far a *role* reaches, in words: `SELF`, `TEAM` (their own team), `SERVICE`
  (the service they lead), `ORGANISATION`, combined with `|`. A `Rule` maps roles to extents.
- `Reach` is that extent made concrete for one person: their own id, the ids of the teams and
  services they reach, or the whole organisation. `NOWHERE` reaches nothing; `Reach.oneself`,
  `Reach.teams`, `Reach.services` and `EVERYWHERE` build the others, and `|` joins them.

The records measured are found through field paths, the same for the filter and the check:
`team` is the relation that leads to the record's team ("team", "sample__team", or "" when
the record *is* a team), `person` the one that leads to the person it belongs to
("allocated_worker", or "" when the record is a person). A record's service is its team's.

One installation holds one organisation (DESIGN.md), so reaching the whole organisation
filters nothing. `core` imports no app: the acting user is described by the `Actor`
protocol, which the people app's `Staff` satisfies.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db.models import Q

__all__ = [
    "EVERYWHERE",
    "NOWHERE",
    "Actor",
    "Extent",
    "Reach",
    "Rule",
    "is_active_user",
]


class Actor(Protocol):
    """The acting user, as the scope reads them (the people app's `Staff`).

    `team_id` places people who work in a team; `service_id` is the service a head of
    service leads (people in a team reach their service only through their team).
    """

    @property
    def pk(self) -> Any: ...

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def is_active(self) -> bool: ...

    @property
    def role(self) -> str: ...

    @property
    def organisation_id(self) -> int | None: ...

    @property
    def team_id(self) -> int | None: ...

    @property
    def service_id(self) -> int | None: ...


def is_active_user(user: object) -> bool:
    """Is `user` signed in with an open account? Every rule starts here: an anonymous
    visitor, or an account that has been closed, reaches nothing."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


class Extent(enum.Flag):
    """How far a role reaches, before it is made concrete for one person."""

    NONE = 0
    SELF = enum.auto()
    TEAM = enum.auto()
    SERVICE = enum.auto()
    ORGANISATION = enum.auto()


def _path(base: str, attribute: str) -> str:
    return f"{base}__{attribute}" if base else attribute


@dataclass(frozen=True)
class Reach:
    """The records one person reaches for one feature: themselves, some teams, some
    services, or the whole organisation (any mix). Immutable; join two with `|`."""

    organisation: bool = False
    team_ids: frozenset[int] = field(default_factory=frozenset)
    service_ids: frozenset[int] = field(default_factory=frozenset)
    person_id: int | None = None

    # --- Building one --------------------------------------------------------------------

    @classmethod
    def oneself(cls, person_id: int | None) -> Reach:
        """Only oneself (or nothing, for no id)."""
        return cls(person_id=person_id)

    @classmethod
    def teams(cls, ids: Iterable[int | None]) -> Reach:
        """These teams (ids that are None are left out)."""
        return cls(team_ids=frozenset(pk for pk in ids if pk is not None))

    @classmethod
    def services(cls, ids: Iterable[int | None]) -> Reach:
        """These services, and so every team in them (ids that are None are left out)."""
        return cls(service_ids=frozenset(pk for pk in ids if pk is not None))

    def __or__(self, other: Reach) -> Reach:
        if self.person_id is not None and other.person_id not in (None, self.person_id):
            raise ValueError("A reach holds one person: the person acting")
        return Reach(
            organisation=self.organisation or other.organisation,
            team_ids=self.team_ids | other.team_ids,
            service_ids=self.service_ids | other.service_ids,
            person_id=self.person_id if self.person_id is not None else other.person_id,
        )

    # --- Reading it ----------------------------------------------------------------------

    @property
    def any(self) -> bool:
        """Does it reach anything at all (for links and navigation)?"""
        return (
            self.organisation
            or bool(self.team_ids or self.service_ids)
            or (self.person_id is not None)
        )

    @property
    def beyond_self(self) -> bool:
        """Does it reach anyone's records but one's own (teams, services, organisation)?"""
        return self.organisation or bool(self.team_ids or self.service_ids)

    def q(self, *, team: str | None = None, person: str | None = None) -> Q:
        """The reach as a filter on a model whose team is at the path `team` and whose person
        is at `person` ("" for the model itself; None when the model has no such field)."""
        if self.organisation:
            return Q()
        q = Q(pk__in=[])
        if person is not None and self.person_id is not None:
            q |= Q(**{person or "pk": self.person_id})
        if team is not None and self.team_ids:
            q |= Q(**{f"{team}__in" if team else "pk__in": self.team_ids})
        if team is not None and self.service_ids:
            q |= Q(**{_path(team, "service_id__in"): self.service_ids})
        return q

    def basis(self, obj: Any, *, team: str | None = None, person: str | None = None) -> Extent:
        """The closest reason `obj` is in reach — `SELF`, `TEAM`, `SERVICE`, then
        `ORGANISATION` — or `Extent.NONE`. The object form of `q`, with the same paths.

        The record's service is read (through its team) only when services are in reach, so
        a check that needs no service makes no query for one."""
        if (
            person is not None
            and self.person_id is not None
            and _related_id(obj, person) == self.person_id
        ):
            return Extent.SELF
        if team is not None and self.team_ids and _related_id(obj, team) in self.team_ids:
            return Extent.TEAM
        if team is not None and self.service_ids:
            record_team = _related(obj, team)
            if record_team is not None and record_team.service_id in self.service_ids:
                return Extent.SERVICE
        if self.organisation:
            return Extent.ORGANISATION
        return Extent.NONE

    def allows(self, obj: Any, *, team: str | None = None, person: str | None = None) -> bool:
        """Is `obj` in reach? Exactly when `q` with the same paths would include it."""
        return self.basis(obj, team=team, person=person) is not Extent.NONE

    def covers_team(self, team: Any) -> bool:
        """Is this team (a Team) in reach, all of it? (Oneself alone does not cover a team.)"""
        return self.allows(team, team="")


NOWHERE = Reach()
EVERYWHERE = Reach(organisation=True)


def _related(obj: Any, path: str) -> Any:
    """Follow a `__` path of relations from `obj` ("" is `obj` itself); None if broken."""
    for name in filter(None, path.split("__")):
        if obj is None:
            return None
        obj = getattr(obj, name)
    return obj


def _related_id(obj: Any, path: str) -> Any:
    """The primary key at the end of a path, read from the foreign key column when it can be
    (no query for the related row)."""
    if not path:
        return obj.pk
    *hops, last = path.split("__")
    parent = _related(obj, "__".join(hops))
    if parent is None:
        return None
    return getattr(parent, f"{last}_id")


@dataclass(frozen=True)
class Rule:
    """How far each role reaches for one feature: declared as data by the feature.

    Roles not named reach nothing, and so does anyone signed out or closed. `SELF` is the
    person's own id; `TEAM` their team, if they are in one; `SERVICE` the service they lead,
    if they lead one; `ORGANISATION` everything.
    """

    name: str
    roles: Mapping[str, Extent]

    def extent(self, role: str) -> Extent:
        """How far `role` reaches under this rule."""
        return self.roles.get(role, Extent.NONE)

    def reach(self, user: Actor) -> Reach:
        """This rule made concrete for `user`."""
        if not is_active_user(user):
            return NOWHERE
        extent = self.extent(user.role)
        if not extent:
            return NOWHERE
        team_id = user.team_id if Extent.TEAM in extent else None
        service_id = user.service_id if Extent.SERVICE in extent else None
        return Reach(
            organisation=Extent.ORGANISATION in extent,
            team_ids=frozenset({team_id}) if team_id else frozenset(),
            service_ids=frozenset({service_id}) if service_id else frozenset(),
            person_id=user.pk if Extent.SELF in extent else None,
        )
