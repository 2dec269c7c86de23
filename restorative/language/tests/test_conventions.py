"""Issue 17: the labelling conventions (heldout_3.txt's header) hold for sentences of our own.

Every line of conventions_sentences.txt is checked on its own, so a failure names the sentence
and what was flagged or missed. The sentences vary what the evaluation sets show (other
professionals, objects, tenses, lists, quotations), so that the rules are tested as classes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from restorative.language.engine import check
from restorative.language.evaluation import Example, load_examples, score_example

SENTENCES = Path(__file__).resolve().parent / "conventions_sentences.txt"
EXAMPLES = load_examples(SENTENCES)


def test_the_file_has_both_directions() -> None:
    flagged = [example for example in EXAMPLES if example.gold]
    assert len(EXAMPLES) >= 250
    assert len(flagged) >= 100
    assert len(EXAMPLES) - len(flagged) >= 100


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda example: f"line {example.line}")
def test_sentence(example: Example) -> None:
    found = [(finding.start, finding.end) for finding in check(example.text)]
    _hits, false_alarms, missed = score_example(example.gold, found)
    assert [example.text[s:e] for s, e in false_alarms] == [], example.text
    assert [example.text[s:e] for s, e in missed] == [], example.text
