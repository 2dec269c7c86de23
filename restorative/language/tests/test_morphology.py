from __future__ import annotations

import pytest

from restorative.language.morphology import inflect, plural, verb_forms


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("abscond", ["absconds", "absconded", "absconding"]),
        ("refuse", ["refuses", "refused", "refusing"]),
        ("deny", ["denies", "denied", "denying"]),
        ("stop", ["stops", "stopped", "stopping"]),
        ("play", ["plays", "played", "playing"]),
        ("choose", ["chooses", "chose", "chosen", "choosing"]),
        ("DNA", ["DNAs", "DNA'd", "DNA'ed", "DNAed", "DNAing"]),
    ],
)
def test_verb_forms(word: str, forms: list[str]) -> None:
    assert verb_forms(word) == forms


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("placement", ["placements"]),
        ("family", ["families"]),
        ("child", ["children"]),
        ("LAC", ["LACs"]),
        ("sanction", ["sanctions"]),
        ("batch", ["batches"]),
    ],
)
def test_plurals(word: str, forms: list[str]) -> None:
    assert plural(word) == forms


def test_phrases_inflect_their_head() -> None:
    assert inflect("kick off", "verb") == ["kick off", "kicks off", "kicked off", "kicking off"]
    assert inflect("foster child", "noun") == ["foster child", "foster children"]
    assert inflect("in denial", "none") == ["in denial"]
    with pytest.raises(ValueError):
        inflect("x", "adverb")
