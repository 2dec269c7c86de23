"""Evaluation of the language engine against a labelled set of case-record sentences.

``sentences.txt`` holds one sentence per line; spans the checker should flag are in
{braces}. A finding counts as correct when it overlaps a labelled span (each span can be
matched once); precision, recall and F1 are computed over all spans in the set.

Run ``python -m restorative.language.evaluation`` (add ``--errors`` to list every miss and
false alarm). It compares the engine with two baselines built from the same lexicon:

- keyword: every term and variant exactly as listed, matched as whole words, ignoring case;
- keyword + inflections: every generated form, with no context, quotation or capitals rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from restorative.language.engine import Checker
from restorative.language.lexicon import Lexicon

SENTENCES_PATH = Path(__file__).resolve().parent / "sentences.txt"

Span = tuple[int, int]


@dataclass(frozen=True)
class Example:
    text: str
    gold: tuple[Span, ...]
    line: int
    section: str = ""


@dataclass
class Score:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def parse_line(line: str) -> tuple[str, tuple[Span, ...]]:
    """Strip the {braces} from a labelled sentence and return the text and gold spans."""
    text, spans, position = [], [], 0
    for part in re.split(r"(\{[^{}]*\})", line):
        if part.startswith("{") and part.endswith("}"):
            inner = part[1:-1]
            spans.append((position, position + len(inner)))
            part = inner
        text.append(part)
        position += len(part)
    return "".join(text), tuple(spans)


def load_examples(path: Path = SENTENCES_PATH) -> list[Example]:
    examples, section = [], ""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if line.startswith("## "):
            section = line[3:].strip()
        if not line or line.startswith("#"):
            continue
        text, gold = parse_line(line)
        examples.append(Example(text=text, gold=gold, line=number, section=section))
    return examples


def score_example(gold: Iterable[Span], predicted: Iterable[Span]) -> tuple[int, list, list]:
    """(true positives, false positive spans, false negative spans) by one-to-one overlap."""
    unmatched = list(gold)
    false_positives = []
    hits = 0
    for start, end in sorted(predicted):
        for index, (g_start, g_end) in enumerate(unmatched):
            if start < g_end and g_start < end:
                del unmatched[index]
                hits += 1
                break
        else:
            false_positives.append((start, end))
    return hits, false_positives, unmatched


Predictor = Callable[[str], list[Span]]


def evaluate(predict: Predictor, examples: list[Example]) -> tuple[Score, list[str]]:
    score, errors = Score(), []
    for example in examples:
        hits, false_pos, false_neg = score_example(example.gold, predict(example.text))
        score.true_positives += hits
        score.false_positives += len(false_pos)
        score.false_negatives += len(false_neg)
        for start, end in false_pos:
            errors.append(
                f"line {example.line}: false alarm “{example.text[start:end]}”: {example.text}"
            )
        for start, end in false_neg:
            errors.append(
                f"line {example.line}: missed “{example.text[start:end]}”: {example.text}"
            )
    return score, errors


def engine_predictor(checker: Checker) -> Predictor:
    return lambda text: [(f.start, f.end) for f in checker.check(text)]


def keyword_predictor(lexicon: Lexicon) -> Predictor:
    """The plain keyword baseline: terms and variants as written, whole words, any case."""
    phrases = sorted({p for entry in lexicon for p in entry.lemmas()}, key=len, reverse=True)
    regex = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b", re.IGNORECASE)
    return lambda text: [m.span() for m in regex.finditer(text)]


def run(lexicon: Lexicon, examples: list[Example]) -> dict[str, tuple[Score, list[str]]]:
    return {
        "engine": evaluate(engine_predictor(Checker(lexicon)), examples),
        "keyword baseline": evaluate(keyword_predictor(lexicon), examples),
        "keyword + inflections": evaluate(
            engine_predictor(Checker(lexicon, use_context=False)), examples
        ),
    }
