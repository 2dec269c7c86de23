"""Which groups of an anonymous survey may be shown: a minimum size that cannot be subtracted.

DESIGN.md privacy rule 4 and security.md item 17: every staff-survey figure, count and comment
is shown only for a group of at least `MINIMUM_GROUP` respondents, and a group is also hidden
when taking it away from a group that contains it would leave fewer than that. This module
decides it, once, for every page, download, API answer and admin screen; it is pure (no
database, no clock), so every boundary is tested on plain numbers.

The groups form a tree (organisation, then services, then teams). A group's respondents
include everyone in its child groups and may include people in none of them (a head of
service belongs to their service but to no team; the director to the organisation only).

Why "residuals": whatever is shown, a reader can add and subtract the shown groups' figures.
In a tree, the smallest sets of people that such sums can isolate are exactly, for each
shown group, the group minus its nearest shown descendants (its *residual*). So the rule is:
every shown group has at least `minimum` respondents, and every shown group's residual is
either empty or has at least `minimum`. When a residual is too small, the smallest of the
descendants it was taken from is hidden too (it merges back into the residual, which then
has at least `minimum`), and that group's residual is checked again until it is safe, from
the top group down. Hiding the smallest loses the least, and because each residual is
re-checked until it is safe, no other combination
of siblings can reveal the group hidden for this reason: after the loop every set that sums
and differences can isolate has at least `minimum` people or none.

Comments follow the same groups, in an order that says nothing about who wrote them or
when (`shuffled`, seeded so a page and its download agree).
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

MINIMUM_GROUP = 5

T = TypeVar("T")


@dataclass(frozen=True)
class Group:
    """One group of respondents: its key, the key of the group that contains it (None for
    the top), and how many people answered in it (its child groups' people included)."""

    key: Hashable
    parent: Hashable | None
    respondents: int


def may_show(respondents: int, *, minimum: int = MINIMUM_GROUP) -> bool:
    """May a figure about this many respondents be shown on its own (no subtraction possible,
    e.g. a facilitator's own total)?"""
    return respondents >= minimum


def groups_to_show(groups: Iterable[Group], *, minimum: int = MINIMUM_GROUP) -> frozenset[Hashable]:
    """The keys of the groups whose figures may be shown (see the module's docstring).

    Raises ValueError for a tree that is not one: an unknown or cyclic parent, a negative
    count, or child groups with more respondents than their parent (the figures would be
    wrong, and the rule cannot be trusted on wrong figures).
    """
    if minimum < 1:
        raise ValueError("The minimum group size must be at least 1")
    by_key: dict[Hashable, Group] = {}
    for group in groups:
        if group.key in by_key:
            raise ValueError(f"Group {group.key!r} is given twice")
        if group.respondents < 0:
            raise ValueError(f"Group {group.key!r} has a negative number of respondents")
        by_key[group.key] = group
    children: dict[Hashable, list[Hashable]] = {key: [] for key in by_key}
    for group in by_key.values():
        if group.parent is None:
            continue
        if group.parent not in by_key:
            raise ValueError(f"Group {group.key!r} names an unknown parent {group.parent!r}")
        children[group.parent].append(group.key)
    _check_tree(by_key, children)

    shown = {key for key, group in by_key.items() if group.respondents >= minimum}
    # One pass from the top: hiding a group inside `key` changes only `key`'s residual (the
    # groups above `key` measure against `key` itself, which stays), so each group is settled
    # before the groups inside it, and a group hidden on the way is skipped. A group inside a
    # hidden group is measured against the nearest shown group above it.
    for key in _top_down(by_key, children):
        if key not in shown:
            continue
        while True:
            nearest = _nearest_shown(key, children, shown)
            residual = by_key[key].respondents - sum(by_key[d].respondents for d in nearest)
            if not 0 < residual < minimum:
                break
            smallest = min(nearest, key=lambda d: (by_key[d].respondents, repr(d)))
            shown.discard(smallest)
    return frozenset(shown)


def _check_tree(by_key: dict[Hashable, Group], children: dict[Hashable, list[Hashable]]) -> None:
    for key, group in by_key.items():
        inside = sum(by_key[child].respondents for child in children[key])
        if inside > group.respondents:
            raise ValueError(f"Group {key!r} has fewer respondents than the groups inside it")
        seen = {key}
        parent = group.parent
        while parent is not None:
            if parent in seen:
                raise ValueError(f"Group {key!r} is inside itself")
            seen.add(parent)
            parent = by_key[parent].parent


def _top_down(
    by_key: dict[Hashable, Group], children: dict[Hashable, list[Hashable]]
) -> list[Hashable]:
    order: list[Hashable] = sorted((k for k, g in by_key.items() if g.parent is None), key=repr)
    index = 0
    while index < len(order):
        order.extend(sorted(children[order[index]], key=repr))
        index += 1
    return order


def _nearest_shown(
    key: Hashable, children: dict[Hashable, list[Hashable]], shown: set[Hashable]
) -> list[Hashable]:
    """The shown groups inside `key` with no shown group between them and `key`."""
    nearest: list[Hashable] = []
    pending = list(children[key])
    while pending:
        child = pending.pop()
        if child in shown:
            nearest.append(child)
        else:
            pending.extend(children[child])
    return nearest


def shuffled(items: Sequence[T], *, seed: str) -> list[T]:
    """`items` in an order that carries nothing of the order they were written in.

    Seeded (by the round and the group, say) so the page, its download and the API list the
    same comments in the same order; a reader cannot learn anything from that order because
    the rows' own order is already random (their keys are random) and this shuffles again.
    """
    result = list(items)
    random.Random(seed).shuffle(result)
    return result
