"""The measures registry (§9): each measure once, with its definition, its source, who is
accountable for it, its caveats, its range and the function that counts it.

A measure's `compute(team_ids, start, end)` returns, for each team, (numerator, denominator)
for the month from `start` to `end`; a service's and the organisation's figures are the sums
of their teams'. Counting by team in one grouped query per measure keeps every picture at a
fixed number of queries, whatever the number of teams. A measure from another app (a survey,
a case-file audit, complaints: the evaluation app) is added as one more `Measure` in
`registry.MEASURES`.
"""

from .registry import MEASURES, Measure, measure_get

__all__ = ["MEASURES", "Measure", "measure_get"]
