"""The anonymity rule on plain numbers (no database): every boundary of the minimum and of
subtraction from a parent, and the bad trees it refuses."""

from __future__ import annotations

import itertools

import pytest

from restorative.evaluation.anonymity import (
    MINIMUM_GROUP,
    Group,
    groups_to_show,
    may_show,
    shuffled,
)


def _tree(org: int, services: dict[str, tuple[int, dict[str, int]]]) -> list[Group]:
    groups = [Group("org", None, org)]
    for service, (count, teams) in services.items():
        groups.append(Group(service, "org", count))
        groups.extend(Group(team, service, n) for team, n in teams.items())
    return groups


def test_the_minimum_is_five() -> None:
    assert MINIMUM_GROUP == 5
    assert not may_show(4)
    assert may_show(5)
    assert not may_show(0)


@pytest.mark.parametrize(
    ("count", "shown"), [(0, False), (1, False), (4, False), (5, True), (6, True)]
)
def test_a_single_group_is_shown_from_five(count: int, shown: bool) -> None:
    assert ("org" in groups_to_show([Group("org", None, count)])) is shown


def test_a_team_of_four_is_hidden_and_so_is_what_would_reveal_it() -> None:
    # Service of 20: teams of 4 and 16. The team of 4 is too small; the service minus the
    # team of 16 would show those 4, so the team of 16 is hidden too.
    shown = groups_to_show(_tree(30, {"s": (20, {"t4": 4, "t16": 16}), "s2": (10, {})}))
    assert "t4" not in shown
    assert "t16" not in shown
    assert {"org", "s", "s2"} <= shown


def test_a_service_of_nine_with_a_team_of_six_hides_that_team() -> None:
    shown = groups_to_show(_tree(40, {"s": (9, {"t6": 6, "t3": 3}), "other": (31, {})}))
    assert "t6" not in shown
    assert "t3" not in shown
    assert "s" in shown


@pytest.mark.parametrize(("rest", "team_shown"), [(0, True), (1, False), (4, False), (5, True)])
def test_the_rest_of_the_parent_at_each_boundary(rest: int, team_shown: bool) -> None:
    # The service is the team plus `rest` people in no team (a head of service, say).
    shown = groups_to_show(_tree(100, {"s": (6 + rest, {"t": 6}), "o": (94 - rest, {})}))
    assert ("t" in shown) is team_shown


def test_organisation_minus_a_service() -> None:
    # Organisation of 12: services of 9 and 3. The 3 are hidden, and the 9 with them, or the
    # organisation minus the 9 would show the 3.
    shown = groups_to_show(_tree(12, {"a": (9, {}), "b": (3, {})}))
    assert shown == frozenset({"org"})


def test_the_smallest_sibling_is_hidden_and_the_rest_is_then_safe() -> None:
    # Teams of 6, 12 and 2 in a service of 20: hiding the 2 leaves a residual of 2, so the
    # next smallest (6) goes too; then the residual is 8.
    shown = groups_to_show(_tree(20, {"s": (20, {"a": 6, "b": 12, "c": 2})}))
    assert "c" not in shown and "a" not in shown
    assert {"org", "s", "b"} <= shown


def test_teams_under_a_hidden_service_are_measured_against_the_organisation() -> None:
    # Org 100: service A of 97 (teams 50 and 47), service B of 3. Showing A would reveal B.
    shown = groups_to_show(_tree(100, {"A": (97, {"a1": 50, "a2": 47}), "B": (3, {})}))
    assert "A" not in shown and "B" not in shown
    assert "org" in shown
    assert "a1" in shown and "a2" not in shown


def test_an_organisation_under_five_shows_nothing() -> None:
    assert groups_to_show(_tree(4, {"s": (4, {"t": 4})})) == frozenset()


def _isolatable_sizes(groups: list[Group], shown: frozenset[object]) -> set[int]:
    """Brute force: the sizes of every non-empty difference a reader could form between a
    shown group and any set of disjoint shown groups inside it."""
    by_key = {g.key: g for g in groups}

    def inside(key: object, parent: object) -> bool:
        node = by_key[key].parent
        while node is not None:
            if node == parent:
                return True
            node = by_key[node].parent
        return False

    sizes = set()
    for top in shown:
        below = [k for k in shown if inside(k, top)]
        for r in range(1, len(below) + 1):
            for combo in itertools.combinations(below, r):
                if any(inside(a, b) or inside(b, a) for a, b in itertools.combinations(combo, 2)):
                    continue
                rest = by_key[top].respondents - sum(by_key[k].respondents for k in combo)
                if rest:
                    sizes.add(rest)
    return sizes


@pytest.mark.parametrize("seed", range(300))
def test_no_combination_of_shown_groups_isolates_fewer_than_five(seed: int) -> None:
    import random

    rng = random.Random(seed)
    services: dict[str, tuple[int, dict[str, int]]] = {}
    total = rng.randint(0, 4)  # organisation-wide people in no service
    for s in range(rng.randint(1, 4)):
        teams = {f"t{s}.{t}": rng.randint(0, 12) for t in range(rng.randint(0, 4))}
        count = sum(teams.values()) + rng.randint(0, 3)
        services[f"s{s}"] = (count, teams)
        total += count
    groups = _tree(total, services)
    shown = groups_to_show(groups)
    by_key = {g.key: g for g in groups}
    assert all(by_key[k].respondents >= 5 for k in shown)
    assert all(size >= 5 for size in _isolatable_sizes(groups, shown))


@pytest.mark.parametrize(
    "groups",
    [
        [Group("a", None, 5), Group("a", None, 5)],
        [Group("a", None, -1)],
        [Group("a", "missing", 5)],
        [Group("a", None, 5), Group("b", "a", 6)],
        [Group("a", "b", 5), Group("b", "a", 5)],
    ],
)
def test_a_tree_that_is_not_one_is_refused(groups: list[Group]) -> None:
    with pytest.raises(ValueError):
        groups_to_show(groups)


def test_shuffled_is_stable_for_a_seed_and_keeps_every_item() -> None:
    items = [f"comment {n}" for n in range(30)]
    first = shuffled(items, seed="round-1:org")
    assert first == shuffled(items, seed="round-1:org")
    assert sorted(first) == sorted(items)
    assert first != items
