"""The Goal Attainment Scaling T-score against examples worked by hand (rho = 0.3)."""

from __future__ import annotations

import pytest

from restorative.practice.gas import t_score


@pytest.mark.parametrize(
    ("levels", "weights", "expected"),
    [
        # Every goal as expected: 50, whatever the number of goals.
        ([0], None, 50.0),
        ([0, 0, 0], None, 50.0),
        # One goal at +1: 50 + 10 * 1 / sqrt(0.7 + 0.3) = 60.
        ([1], None, 60.0),
        # Two goals at +1: 50 + 10 * 2 / sqrt(0.7 * 2 + 0.3 * 4) = 50 + 20 / 1.61245 = 62.40.
        ([1, 1], None, 62.40),
        # -1, 0, +2: 50 + 10 * 1 / sqrt(0.7 * 3 + 0.3 * 9) = 50 + 10 / 2.19089 = 54.56.
        ([-1, 0, 2], None, 54.56),
        # Three goals at -2: 50 - 60 / 2.19089 = 22.61.
        ([-2, -2, -2], None, 22.61),
        # Weights 2 and 1, levels +1 and -1: 50 + 10 * 1 / sqrt(0.7 * 5 + 0.3 * 9) = 54.02.
        ([1, -1], [2, 1], 54.02),
    ],
)
def test_hand_worked_examples(
    levels: list[int], weights: list[float] | None, expected: float
) -> None:
    score = t_score(levels, weights)
    assert score is not None
    assert round(score, 2) == expected


def test_no_goal_rated_has_no_score() -> None:
    assert t_score([]) is None


@pytest.mark.parametrize(("levels", "weights"), [([3], None), ([1], [0]), ([1, 1], [1])])
def test_bad_input_is_refused(levels: list[int], weights: list[float] | None) -> None:
    with pytest.raises(ValueError):
        t_score(levels, weights)
