"""Every replacement in the shipped lexicon reads right where the flagged words stood.

For each entry a sample sentence is built in each form the entry inflects to ("absconded",
"absconds", "has absconded", "placements"); every suggestion offered as a button is put in place
of the flagged words, and the result must not be flagged again nor repeat a word ("the the",
"to to"). Advice ("describe what happened") is never offered as a button.
"""

from __future__ import annotations

import re

import pytest

from restorative.language.engine import Checker
from restorative.language.evaluation import load_examples
from restorative.language.lexicon import default_lexicon
from restorative.language.replacements import _slots, inflect_replacement, suggestions_for

LEXICON = default_lexicon()
CHECKER = Checker(LEXICON)
DETERMINERS = r"(?:a|an|the|this|that|his|her|their|my|our|your)"
DOUBLED = re.compile(rf"\b(\w+)\s+\1\b|\b{DETERMINERS}\s+{DETERMINERS}\b", re.IGNORECASE)


def _samples(entry) -> list[str]:  # type: ignore[no-untyped-def]
    term = entry.term
    if entry.inflection == "verb":
        first, *rest = term.split()
        if first.isupper():
            return [f"Mum and the child {term} on Monday."]
        forms = _slots(first.lower())
        tail = " ".join(rest)

        def verb(slot: str) -> str:
            return " ".join([forms[slot], tail]).strip()

        return [
            f"Mum said the child {verb('past')} on Monday.",
            f"Mum said the child {verb('third')} at weekends.",
            f"Mum said the child has {verb('participle')} before.",
            f"Mum said the child is {verb('ing')} now.",
        ]
    if entry.inflection == "noun":
        head = term.split()[-1]
        plural = " ".join([*term.split()[:-1], head + ("es" if head.endswith("s") else "s")])
        return [
            f"Mum and the child talked about the {term} today.",
            f"Mum and the child talked about the {plural} today.",
        ]
    return [f"Mum and the child talked about {term} today."]


def _evaluation_sentences() -> dict[str, list[str]]:
    """Real sentences from the development set, by the entry they set off (three at most)."""
    found: dict[str, list[str]] = {}
    for example in load_examples():
        for finding in CHECKER.check(example.text):
            sentences = found.setdefault(finding.term, [])
            if len(sentences) < 3 and example.text not in sentences:
                sentences.append(example.text)
    return found


EVALUATION = _evaluation_sentences()


def _doubles(text: str) -> set[str]:
    return {m.group(0).lower() for m in DOUBLED.finditer(text)}


def _flagged(sentence: str, entry_term: str):  # type: ignore[no-untyped-def]
    return [f for f in CHECKER.check(sentence) if f.term == entry_term]


@pytest.mark.parametrize("entry", list(LEXICON), ids=lambda e: e.term)
def test_every_replacement_reads_right_in_a_sample_sentence(entry) -> None:  # type: ignore[no-untyped-def]
    checked = 0
    for sentence in [*_samples(entry), *EVALUATION.get(entry.term, [])]:
        for finding in _flagged(sentence, entry.term):
            before = sentence[: finding.start]
            for suggestion in suggestions_for(entry, finding.text, before):
                assert suggestion.text in entry.alternatives or suggestion.insert is not None
                if suggestion.insert is None:
                    continue
                assert suggestion.text not in entry.advice
                result = before + suggestion.insert + sentence[finding.end :]
                inserted = (finding.start, finding.start + len(suggestion.insert))
                checked += 1
                still = [
                    f
                    for f in CHECKER.check(result)
                    if f.start < inserted[1] and f.end > inserted[0]
                ]
                assert not still, f"{entry.term}: “{result}” is still flagged"
                new_doubles = _doubles(result) - _doubles(sentence)
                assert not new_doubles, f"{entry.term}: “{result}” repeats {new_doubles}"
    if entry.replacements:
        # Entries whose context rules stop every sample sentence are checked elsewhere.
        samples = [*_samples(entry), *EVALUATION.get(entry.term, [])]
        assert checked or not any(_flagged(s, entry.term) for s in samples)


def test_advice_is_never_offered_as_a_button() -> None:
    for entry in LEXICON:
        for advice in entry.advice:
            assert advice in entry.alternatives
        for sentence in _samples(entry):
            for finding in _flagged(sentence, entry.term):
                offered = suggestions_for(entry, finding.text, sentence[: finding.start])
                inserts = {s.text for s in offered if s.insert is not None}
                assert not inserts & set(entry.advice)


def test_a_verb_replacement_takes_the_form_of_the_words_written() -> None:
    abscond = LEXICON.get("abscond")
    assert abscond is not None
    assert inflect_replacement(abscond, "run away", "absconded", "the child ") == "ran away"
    assert inflect_replacement(abscond, "run away", "absconded", "she has ") == "run away"
    assert inflect_replacement(abscond, "go missing", "absconds", "") == "goes missing"
    assert inflect_replacement(abscond, "run away", "absconding", "") == "running away"
    # A variant of another kind ("absconder") cannot take a verb: shown as text, not inserted.
    assert inflect_replacement(abscond, "run away", "absconder", "") is None
    placement = LEXICON.get("placement")
    assert placement is not None
    assert inflect_replacement(placement, "home", "placements", "") == "homes"


def test_the_issue_sentence_gets_advice_for_failed_to_engage_and_a_fitting_replacement() -> None:
    text = "Mum failed to engage and the child absconded"
    findings = {f.term: f for f in CHECKER.check(text)}
    engage = suggestions_for(LEXICON.get("fail to engage"), findings["fail to engage"].text, "Mum ")
    assert engage and all(s.insert is None for s in engage)
    absconded = findings["abscond"]
    offered = suggestions_for(LEXICON.get("abscond"), absconded.text, text[: absconded.start])
    first = next(s for s in offered if s.insert)
    fixed = text[: absconded.start] + first.insert + text[absconded.end :]  # type: ignore[operator]
    assert fixed == "Mum failed to engage and the child ran away"
