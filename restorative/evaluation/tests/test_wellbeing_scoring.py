"""SWEMWBS scoring (pure): the conversion table at every raw score, and refusals."""

from __future__ import annotations

import pytest

from restorative.evaluation.wellbeing.scoring import (
    METRIC,
    RAW_MAX,
    RAW_MIN,
    metric_mean,
    swemwbs_metric,
    swemwbs_raw,
)

PUBLISHED = {
    7: 7.00, 8: 9.51, 9: 11.25, 10: 12.40, 11: 13.33, 12: 14.08, 13: 14.75, 14: 15.32,
    15: 15.84, 16: 16.36, 17: 16.88, 18: 17.43, 19: 17.98, 20: 18.59, 21: 19.25, 22: 19.98,
    23: 20.73, 24: 21.54, 25: 22.35, 26: 23.21, 27: 24.11, 28: 25.03, 29: 26.02, 30: 27.03,
    31: 28.13, 32: 29.31, 33: 30.70, 34: 32.55, 35: 35.00,
}  # fmt: skip


@pytest.mark.parametrize(("raw", "metric"), sorted(PUBLISHED.items()))
def test_every_raw_score_converts_as_published(raw: int, metric: float) -> None:
    assert swemwbs_metric(raw) == metric


def test_the_table_covers_7_to_35_and_rises() -> None:
    assert (RAW_MIN, RAW_MAX) == (7, 35)
    assert sorted(METRIC) == list(range(7, 36))
    values = [METRIC[raw] for raw in range(7, 36)]
    assert values == sorted(values)


@pytest.mark.parametrize("raw", [6, 36, 0, -7, 7.0, "20", True, None])
def test_a_raw_score_off_the_table_is_refused(raw: object) -> None:
    with pytest.raises(ValueError):
        swemwbs_metric(raw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("answers", "raw"),
    [([1] * 7, 7), ([5] * 7, 35), ([1, 2, 3, 4, 5, 1, 2], 18), ([5, 5, 5, 5, 5, 5, 4], 34)],
)
def test_raw_is_the_sum_of_seven_answers(answers: list[int], raw: int) -> None:
    assert swemwbs_raw(answers) == raw


@pytest.mark.parametrize(
    "answers",
    [[1] * 6, [1] * 8, [0, 1, 1, 1, 1, 1, 1], [6, 1, 1, 1, 1, 1, 1], [1.5, 1, 1, 1, 1, 1, 1]],
)
def test_bad_answers_are_refused(answers: list[object]) -> None:
    with pytest.raises(ValueError):
        swemwbs_raw(answers)  # type: ignore[arg-type]


def test_the_mean_is_of_metric_scores_not_of_raw_scores() -> None:
    # Raw 7 and 35 average 21 raw (19.25 metric), but the metric mean is (7 + 35) / 2 = 21.
    assert metric_mean([(7, 1), (35, 1)]) == 21.0
    assert metric_mean([(20, 3)]) == 18.59
    assert metric_mean([]) is None
