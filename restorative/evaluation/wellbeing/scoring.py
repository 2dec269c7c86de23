"""Scoring the licensed SWEMWBS (pure; no database, no clock).

The Short Warwick-Edinburgh Mental Wellbeing Scale is seven items answered 1 to 5; their sum
(the raw score, 7 to 35) is not on an interval scale, so Warwick publishes a conversion to a
"metric" score, which is what is averaged and compared (instruments.md, with the population
mean of about 23.5 from the Health Survey for England 2010-13). A mean is taken of metric
scores, never converted from a mean raw score.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from .items import SWEMWBS_ITEM_COUNT, SWEMWBS_MAX, SWEMWBS_MIN

RAW_MIN = SWEMWBS_ITEM_COUNT * SWEMWBS_MIN
RAW_MAX = SWEMWBS_ITEM_COUNT * SWEMWBS_MAX
POPULATION_MEAN = 23.5

# Raw score to metric score, as published (instruments.md).
METRIC: Mapping[int, float] = {
    7: 7.00,
    8: 9.51,
    9: 11.25,
    10: 12.40,
    11: 13.33,
    12: 14.08,
    13: 14.75,
    14: 15.32,
    15: 15.84,
    16: 16.36,
    17: 16.88,
    18: 17.43,
    19: 17.98,
    20: 18.59,
    21: 19.25,
    22: 19.98,
    23: 20.73,
    24: 21.54,
    25: 22.35,
    26: 23.21,
    27: 24.11,
    28: 25.03,
    29: 26.02,
    30: 27.03,
    31: 28.13,
    32: 29.31,
    33: 30.70,
    34: 32.55,
    35: 35.00,
}


def swemwbs_raw(answers: Sequence[int]) -> int:
    """The raw score of seven answers, each 1 to 5. Anything else is refused: a score from
    six answers, or from an answer of 6, would look like a real one."""
    if len(answers) != SWEMWBS_ITEM_COUNT:
        raise ValueError(f"SWEMWBS needs {SWEMWBS_ITEM_COUNT} answers, not {len(answers)}")
    for answer in answers:
        if isinstance(answer, bool) or not isinstance(answer, int):
            raise ValueError("Each SWEMWBS answer is a whole number from 1 to 5")
        if not SWEMWBS_MIN <= answer <= SWEMWBS_MAX:
            raise ValueError(f"Each SWEMWBS answer is from 1 to 5, not {answer}")
    return sum(answers)


def swemwbs_metric(raw: int) -> float:
    """The metric score for a raw score of 7 to 35 (the published conversion table)."""
    if isinstance(raw, bool) or not isinstance(raw, int) or raw not in METRIC:
        raise ValueError(f"A SWEMWBS raw score is a whole number from {RAW_MIN} to {RAW_MAX}")
    return METRIC[raw]


def metric_mean(raw_counts: Iterable[tuple[int, int]]) -> float | None:
    """The mean metric score of respondents given as (raw score, how many) pairs, or None
    when there are none. Results are counted by raw score in the database and converted
    here, so the mean is of metric scores whatever the data size."""
    total = 0.0
    count = 0
    for raw, how_many in raw_counts:
        total += swemwbs_metric(raw) * how_many
        count += how_many
    return round(total / count, 2) if count else None
