"""The shipped lexicon and the CSV format partners import and export."""

from __future__ import annotations

import pytest

from restorative.language.lexicon import (
    CATEGORIES,
    COLUMNS,
    DATA_DIR,
    Lexicon,
    LexiconError,
    default_lexicon,
)

HEADER = ",".join(COLUMNS)


def test_shipped_lexicon_is_versioned_and_large_enough() -> None:
    lexicon = default_lexicon()
    assert len(lexicon) >= 150
    assert lexicon.version == (DATA_DIR / "VERSION").read_text().strip()
    for entry in lexicon:
        assert entry.category in CATEGORIES
        assert 1 <= len(entry.alternatives) <= 3
        assert entry.reason and entry.source


def test_export_reimports_unchanged() -> None:
    lexicon = default_lexicon()
    again = Lexicon.from_csv_text(lexicon.to_csv(), version=lexicon.version)
    assert again == lexicon
    assert again.to_csv() == lexicon.to_csv()
    assert again.fingerprint == lexicon.fingerprint


def test_minimal_csv_needs_only_four_columns() -> None:
    text = "term,category,alternatives,reason\nservice user,labelling,person|the family,Why.\n"
    lexicon = Lexicon.from_csv_text(text)
    (entry,) = lexicon
    assert entry.alternatives == ("person", "the family")
    assert entry.inflection == "none"


def test_bad_csv_lists_every_problem_by_line() -> None:
    text = (
        "term,category,alternatives,reason,inflection,not_before\n"
        "good,blaming,better,Fine.,none,\n"
        "bad,cruel,better,Fine.,none,\n"
        ",blaming,,,none,\n"
        "worse,blaming,a|b|c|d,Fine.,plural,\n"
        "rule,blaming,better,Fine.,none,@nobody\n"
        "Good,blaming,better,Fine.,none,\n"
    )
    with pytest.raises(LexiconError) as raised:
        Lexicon.from_csv_text(text)
    errors = raised.value.errors
    assert any(e.startswith("Line 3: Category “cruel”") for e in errors)
    assert any(e.startswith("Line 4: Enter the term") for e in errors)
    assert any(e.startswith("Line 4: Give between 1 and 3 alternatives") for e in errors)
    assert any(e.startswith("Line 5: Give between 1 and 3") for e in errors)
    assert any(e.startswith("Line 5: Inflection must be one of") for e in errors)
    assert any(e.startswith("Line 6: not_before:") and "@nobody" in e for e in errors)
    assert any(e.startswith("Line 7: the term “Good” is already at Line 2") for e in errors)


def test_header_problems_are_reported() -> None:
    with pytest.raises(LexiconError, match="Line 1: the header must include"):
        Lexicon.from_csv_text("term,category\nx,blaming\n")
    with pytest.raises(LexiconError, match="Line 1: unknown columns colour"):
        Lexicon.from_csv_text("term,category,alternatives,reason,colour\n")
    with pytest.raises(LexiconError, match="no entries"):
        Lexicon.from_csv_text("term,category,alternatives,reason\n")


def test_a_form_claimed_by_two_entries_is_refused() -> None:
    text = (
        "term,variants,category,alternatives,reason,inflection\n"
        "abscond,,blaming,ran away,Why.,verb\n"
        "absconded,,blaming,ran away,Why.,none\n"
    )
    with pytest.raises(LexiconError, match="Line 3: “absconded” is already matched"):
        Lexicon.from_csv_text(text)


def test_without_and_with_entries_return_new_lexicons() -> None:
    lexicon = default_lexicon()
    smaller = lexicon.without(["CONTACT", "placement"])
    assert "contact" not in smaller and "placement" not in smaller
    assert "contact" in lexicon
    assert len(smaller) == len(lexicon) - 2
    changed = lexicon.replace_entry("contact", alternatives=("family time",))
    assert changed.get("contact").alternatives == ("family time",)  # type: ignore[union-attr]
    assert len(changed) == len(lexicon)
