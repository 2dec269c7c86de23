"""Agreement between auditors and moderators: the agreement rate and Cohen's kappa.

Pure functions on plain values (no database), so every boundary is testable by hand.

Cohen's kappa (Cohen 1960) corrects the observed agreement for the agreement two raters would
reach by chance from how often each used each grade:

    kappa = (p_o - p_e) / (1 - p_e)
    p_o = share of items both raters graded the same
    p_e = sum over grades of (share rater A gave it) * (share rater B gave it)

1 is perfect agreement, 0 is what chance alone gives, below 0 worse than chance. It is
undefined (None here) with no pairs, and when chance agreement is already certain (p_e = 1:
both raters gave every item the same single grade), since 0/0 says nothing; the agreement
rate still says they agreed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence


def agreement_rate(pairs: Sequence[tuple[str, str]]) -> float | None:
    """The share of pairs (auditor's grade, moderator's grade) that agree; None for none."""
    if not pairs:
        return None
    return sum(1 for a, b in pairs if a == b) / len(pairs)


def cohens_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Cohen's kappa for two raters' grades of the same items; None when undefined."""
    n = len(pairs)
    if n == 0:
        return None
    observed = sum(1 for a, b in pairs if a == b) / n
    first = Counter(a for a, _ in pairs)
    second = Counter(b for _, b in pairs)
    expected = sum(first[grade] * second[grade] for grade in first) / (n * n)
    if expected >= 1:
        return None
    return (observed - expected) / (1 - expected)
