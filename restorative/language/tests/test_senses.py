"""Every-day senses of rare entries and who a phrase describes (decision 0006, 2026-12-05).

Every line of senses_sentences.txt is checked on its own, in both directions: the sense of a
word that names a thing, an animal, a sport, food, history, commerce or medicine is left
alone, and the labelling sense beside it is still flagged; so are professionals, tradespeople
and adults at meetings (left alone) beside a child or a parent (flagged).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from restorative.language.engine import check
from restorative.language.evaluation import Example, load_examples, score_example

SENTENCES = Path(__file__).resolve().parent / "senses_sentences.txt"
EXAMPLES = load_examples(SENTENCES)


def test_the_file_has_both_directions() -> None:
    flagged = [example for example in EXAMPLES if example.gold]
    assert len(flagged) >= 30
    assert len(EXAMPLES) - len(flagged) >= 50


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda example: f"line {example.line}")
def test_sentence(example: Example) -> None:
    found = [(finding.start, finding.end) for finding in check(example.text)]
    _hits, false_alarms, missed = score_example(example.gold, found)
    assert [example.text[s:e] for s, e in false_alarms] == [], example.text
    assert [example.text[s:e] for s, e in missed] == [], example.text
