"""Goal Attainment Scaling: the summary T-score of a plan's goals at one review. Pure.

Each goal is rated at a review on the five-point scale -2..+2, where 0 is the expected
outcome (the goal's level descriptions say what each level looks like). The summary score
(Kiresuk & Sherman 1968; Turner-Stokes 2009; reference/instruments.md) is

    T = 50 + 10 * sum(w_i * x_i) / sqrt((1 - rho) * sum(w_i ** 2) + rho * sum(w_i) ** 2)

with x_i the level reached, w_i the goal's weight (1 each unless weights are given) and rho
the assumed correlation between goals, usually 0.3. T is 50 when every goal is met exactly
as expected; above 50 is better than expected, below is worse. Only the goals rated at that
review count.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

RHO = 0.3
LEVELS = (-2, -1, 0, 1, 2)


def t_score(
    levels: Sequence[int], weights: Sequence[float] | None = None, *, rho: float = RHO
) -> float | None:
    """The GAS T-score of `levels` (each -2..+2), or None when no goal was rated."""
    if not levels:
        return None
    if any(level not in LEVELS for level in levels):
        raise ValueError("Each level must be -2, -1, 0, +1 or +2")
    weights = list(weights) if weights is not None else [1.0] * len(levels)
    if len(weights) != len(levels) or any(w <= 0 for w in weights):
        raise ValueError("Give one positive weight per goal")
    total = sum(w * x for w, x in zip(weights, levels, strict=True))
    spread = (1 - rho) * sum(w * w for w in weights) + rho * sum(weights) ** 2
    return 50 + 10 * total / math.sqrt(spread)
