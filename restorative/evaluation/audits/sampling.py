"""Drawing a sample and assigning auditors: pure rules on plain values.

The draw is reproducible: the eligible families' ids are sorted and sampled with
`random.Random(seed)`, so the same population, size and seed always give the same families,
and anyone holding the recorded population and seed can check a programme's sample.

Assignment spreads the work across auditors, never giving one a family they may not audit
(their own team's, or one allocated to a person they supervise: `conflicts`), each family to
the eligible auditor with the fewest so far (ties by the order given), so it too is
reproducible.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass


class SampleTooLarge(ValueError):
    """More families asked for than can be audited."""


def choose(population: Sequence[int], size: int, seed: int) -> list[int]:
    """The deterministic sample of `size` ids from `population`, sorted.

    Raises SampleTooLarge when `size` is larger than the population: a smaller sample than
    asked for is a different audit, so the person asking decides, not the code.
    """
    ordered = sorted(set(population))
    if size > len(ordered):
        raise SampleTooLarge(size, len(ordered))
    return sorted(random.Random(seed).sample(ordered, size))


def choose_share(ids: Sequence[int], percent: int, seed: int) -> list[int]:
    """A reproducible `percent` share of `ids` (rounded up, so 20% of 1 is 1), sorted."""
    ordered = sorted(set(ids))
    count = -(-len(ordered) * percent // 100)
    return sorted(random.Random(seed + 1).sample(ordered, min(count, len(ordered))))


@dataclass(frozen=True)
class Unassignable:
    """A family no auditor given may audit."""

    family_id: int


def assign(
    family_ids: Sequence[int],
    auditor_ids: Sequence[int],
    conflicts: Callable[[int, int], bool],
) -> dict[int, int] | Unassignable:
    """Each family's auditor (family id -> auditor id), or the first family nobody may audit.

    `conflicts(auditor_id, family_id)` says an auditor may not audit that family.
    """
    load = dict.fromkeys(auditor_ids, 0)
    result: dict[int, int] = {}
    for family in family_ids:
        eligible = [a for a in auditor_ids if not conflicts(a, family)]
        if not eligible:
            return Unassignable(family)
        chosen = min(eligible, key=lambda a: load[a])
        load[chosen] += 1
        result[family] = chosen
    return result
