"""Pure rules of the case-file audits: Cohen's kappa and the agreement rate against worked
examples, the reproducible draw and the assignment of auditors."""

from __future__ import annotations

import pytest

from restorative.evaluation.audits.kappa import agreement_rate, cohens_kappa
from restorative.evaluation.audits.sampling import (
    SampleTooLarge,
    Unassignable,
    assign,
    choose,
    choose_share,
)

G, R, BAD, TOP = "good", "requires_improvement", "inadequate", "outstanding"


def _pairs(*groups: tuple[str, str, int]) -> list[tuple[str, str]]:
    return [(a, b) for a, b, n in groups for _ in range(n)]


def test_kappa_worked_example_two_grades() -> None:
    # 50 audits: both good 20, auditor good / moderator RI 5, auditor RI / moderator good 10,
    # both RI 15. p_o = 35/50 = 0.7; auditor good 25/50, moderator good 30/50:
    # p_e = 0.5*0.6 + 0.5*0.4 = 0.5; kappa = (0.7-0.5)/(1-0.5) = 0.4.
    pairs = _pairs((G, G, 20), (G, R, 5), (R, G, 10), (R, R, 15))
    assert agreement_rate(pairs) == pytest.approx(0.7)
    assert cohens_kappa(pairs) == pytest.approx(0.4)


def test_kappa_worked_example_three_grades() -> None:
    # 10 audits. Agreements: G-G 4, R-R 2, I-I 1 (p_o = 0.7). Disagreements: G-R 1, R-G 1, R-I 1.
    # Auditor: G 5, R 4, I 1. Moderator: G 5, R 3, I 2.
    # p_e = (5*5 + 4*3 + 1*2)/100 = 0.39; kappa = (0.7-0.39)/0.61 = 0.508196...
    pairs = _pairs((G, G, 4), (R, R, 2), (BAD, BAD, 1), (G, R, 1), (R, G, 1), (R, BAD, 1))
    assert cohens_kappa(pairs) == pytest.approx(0.31 / 0.61)


def test_kappa_perfect_agreement_is_one() -> None:
    pairs = _pairs((G, G, 3), (BAD, BAD, 2), (TOP, TOP, 1))
    assert agreement_rate(pairs) == 1
    assert cohens_kappa(pairs) == pytest.approx(1.0)


def test_kappa_chance_agreement_is_zero() -> None:
    # Each rater half good, half RI, independent: p_o = 0.5 = p_e.
    pairs = _pairs((G, G, 1), (G, R, 1), (R, G, 1), (R, R, 1))
    assert agreement_rate(pairs) == 0.5
    assert cohens_kappa(pairs) == pytest.approx(0.0)


def test_kappa_worse_than_chance_is_negative() -> None:
    pairs = _pairs((G, R, 2), (R, G, 2))
    assert cohens_kappa(pairs) == pytest.approx(-1.0)


def test_kappa_degenerate_cases_are_undefined() -> None:
    assert cohens_kappa([]) is None
    assert agreement_rate([]) is None
    # Both raters gave every audit the same single grade: p_e = 1, kappa is 0/0.
    same = _pairs((G, G, 5))
    assert agreement_rate(same) == 1
    assert cohens_kappa(same) is None


def test_kappa_one_audit_disagreeing() -> None:
    # p_o = 0; p_e = 0 (auditor only G, moderator only R): kappa = 0.
    assert cohens_kappa([(G, R)]) == pytest.approx(0.0)


def test_same_seed_same_sample_and_order_does_not_matter() -> None:
    population = list(range(1, 101))
    first = choose(population, 10, seed=7)
    assert first == choose(list(reversed(population)), 10, seed=7)
    assert first == sorted(first) and len(set(first)) == 10
    assert choose(population, 10, seed=8) != first


def test_sample_boundaries() -> None:
    assert choose([3, 1, 2], 3, seed=1) == [1, 2, 3]  # the whole population
    with pytest.raises(SampleTooLarge):
        choose([1, 2, 3], 4, seed=1)
    with pytest.raises(SampleTooLarge):
        choose([], 1, seed=1)


def test_moderation_share_rounds_up() -> None:
    assert choose_share([], 20, seed=1) == []
    assert len(choose_share([1], 20, seed=1)) == 1
    assert len(choose_share(list(range(10)), 20, seed=1)) == 2
    assert len(choose_share(list(range(11)), 20, seed=1)) == 3
    assert choose_share(list(range(10)), 0, seed=1) == []
    assert choose_share(list(range(5)), 100, seed=1) == [0, 1, 2, 3, 4]


def test_assign_spreads_work_and_respects_conflicts() -> None:
    # Auditor 1 may not audit even families; auditor 2 may audit any.
    result = assign([1, 2, 3, 4], [1, 2], lambda a, f: a == 1 and f % 2 == 0)
    assert isinstance(result, dict)
    assert result[2] == 2 and result[4] == 2
    assert set(result.values()) == {1, 2}
    nobody = assign([1, 2], [1], lambda a, f: f == 2)
    assert nobody == Unassignable(2)
