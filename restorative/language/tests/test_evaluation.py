"""The acceptance figures: precision and recall on the labelled set, against the baseline."""

from __future__ import annotations

from restorative.language.evaluation import (
    keyword_predictor,
    load_examples,
    parse_line,
    run,
    score_example,
)
from restorative.language.lexicon import default_lexicon


def test_labelled_set_shape() -> None:
    examples = load_examples()
    assert len(examples) >= 300
    clean = [example for example in examples if not example.gold]
    assert len(clean) * 3 >= len(examples)
    assert sum(1 for example in examples if '"' in example.text or "“" in example.text) >= 20


def test_parse_and_score() -> None:
    text, gold = parse_line("Jack {absconded} from the {unit}.")
    assert text == "Jack absconded from the unit."
    assert [text[s:e] for s, e in gold] == ["absconded", "unit"]
    assert score_example(gold, [(5, 14), (0, 4)]) == (1, [(0, 4)], [(24, 28)])


def test_engine_meets_the_acceptance_figures_and_beats_the_keyword_baseline() -> None:
    lexicon = default_lexicon()
    results = run(lexicon, load_examples())
    engine, _ = results["engine"]
    baseline, _ = results["keyword baseline"]
    assert engine.precision >= 0.90
    assert engine.recall >= 0.85
    assert engine.precision > baseline.precision
    assert engine.f1 > baseline.f1


def test_keyword_baseline_is_a_plain_match() -> None:
    predict = keyword_predictor(default_lexicon())
    text = "Mum gave her contact details."
    assert [text[s:e] for s, e in predict(text)] == ["contact"]
