"""The engine as a practitioner meets it: which words are flagged, where, and why not."""

from __future__ import annotations

import subprocess
import sys

import pytest

from restorative.language.engine import Checker, Finding, check, default_checker
from restorative.language.lexicon import EngineEntry, Lexicon


def flagged(text: str, **kwargs) -> list[str]:  # type: ignore[no-untyped-def]
    return [finding.text for finding in check(text, **kwargs)]


def terms(text: str) -> list[str]:
    return [finding.term for finding in check(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jack absconded on Friday.", ["absconded"]),
        ("Jack absconds most weekends.", ["absconds"]),
        ("He has been absconding since May.", ["absconding"]),
        ("She did not abscond this week.", ["abscond"]),
        ("Mum is refusing the offer.", ["refusing"]),
        ("Dad fails to engage with the group.", ["fails to engage"]),
        ("Mum failed to engage with the group.", ["failed to engage"]),
        ("The school reports challenging behaviours.", ["challenging behaviours"]),
        ("Both LACs were at the event.", ["LACs"]),
        ("She is putting herself at risk.", ["putting herself at risk"]),
        ("Jack puts himself at risk.", ["puts himself at risk"]),
    ],
)
def test_inflected_forms_are_flagged_without_listing_them(text: str, expected: list[str]) -> None:
    assert flagged(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Mia was attention-seeking.",
        "Mia was attention seeking.",
        "Mia was attention\nseeking.",
        "Mia was attention - seeking.",
        "Mia was attention‑seeking.",  # non-breaking hyphen
    ],
)
def test_hyphen_and_space_variants(text: str) -> None:
    assert terms(text) == ["attention seeking"]


def test_closed_spelling_of_non_prefix() -> None:
    assert (
        terms("Dad was noncompliant and non compliant and non-compliant.") == ["non-compliant"] * 3
    )


@pytest.mark.parametrize("text", ["JACK ABSCONDED.", "Absconded again.", "jack absconded."])
def test_case_does_not_matter_for_words(text: str) -> None:
    assert terms(text) == ["abscond"]


def test_multi_word_phrase_is_one_finding_and_longest_wins() -> None:
    assert terms("They met at the contact centre with Mum.") == ["contact centre"]
    assert terms("The LAC review is on Monday.") == ["LAC review"]
    assert terms("The placement breakdown was sudden.") == ["placement breakdown"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ava has been LAC since she was four.", ["LAC"]),
        ("Ava's LAC review is next week.", ["LAC review"]),
        ("Noah DNA'd his appointment.", ["DNA"]),
        ("Noah DNA’d his appointment.", ["DNA"]),
        ("The lac on the arm was checked.", []),
        ("The DNA test confirmed paternity.", []),
        ("The family is subject to a CP plan.", []),  # a statutory plan's name (decision 8)
        ("The CP conference is on Monday.", ["CP"]),
        ("He has CP and uses a wheelchair; physio is weekly.", []),
        ("Finn is NEET at the moment.", ["NEET"]),
        ("The neet thing is done.", []),
    ],
)
def test_acronyms_match_only_in_capitals_and_in_their_meaning(
    text: str, expected: list[str]
) -> None:
    assert terms(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        'Jack said, "I don\'t want to go to contact with Mum this week."',
        "Jack said, “I absconded because I missed my mum.”",
        "Ruby said 'the unit is my home now' and smiled.",
        "Leah wrote: ‘I hate being LAC, everyone knows.’",
        'Mum told me: "I\'m not an alcoholic, I just like a drink."',
    ],
)
def test_direct_quotations_are_not_flagged(text: str) -> None:
    assert check(text) == []


def test_words_outside_the_quotation_are_still_flagged() -> None:
    text = 'Jack absconded and said "I absconded because I was scared".'
    findings = check(text)
    assert [f.text for f in findings] == ["absconded"]
    assert findings[0].start == 5


def test_apostrophes_are_not_quotations() -> None:
    assert terms("Mum's placement was ending, and Jack's contact with Dad's family too.") == [
        "placement",
        "contact",
    ]


# The near-misses listed in shared/reference/language.md, and others like them.
@pytest.mark.parametrize(
    "text",
    [
        "Mum gave me her new contact details.",
        "Please update the contact number for Dad.",
        "I made contact with the school.",
        "Sarah is a student on her practice placement with our team.",
        "The student's placement ends in May.",
        "Mum drinks about fourteen units of alcohol a week.",
        "Dad said he had a unit of alcohol on Saturday.",
        "Local residents complained about the noise.",
        "The court refused the application.",
        "The application was refused by the magistrates.",
        "The agency must ensure compliance with the law.",
        "Gran has an aggressive tumour.",
        "It has been a challenging week for the whole family.",
        "The meeting kicked off at 10 with introductions.",
        "Mum and Dad went to Alcoholics Anonymous together.",
        "The Troubled Families programme paid for the course.",
        "The baby was admitted to hospital.",
        "Mum claimed Universal Credit last month.",
        "The household refuse is collected on Tuesdays.",
        "Dad wasn't aggressive at any point.",
    ],
)
def test_other_meanings_are_not_flagged(text: str) -> None:
    assert check(text) == []


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("Contact with Mum went well.", "contact"),
        ("Leo's placement is stable.", "placement"),
        ("Staff at the unit said he slept well.", "unit"),
        ("Mum refused to let us in.", "refused"),
        ("Mum's compliance with the plan has been partial.", "compliance"),
        ("Dad became aggressive when we arrived.", "aggressive"),
        ("He is a challenging child.", "challenging"),
    ],
)
def test_the_flagged_meaning_of_the_same_words_is_flagged(text: str, term: str) -> None:
    assert terms(text) == [term]


def test_finding_shape_and_indices() -> None:
    text = "Zoë’s 😀 note: Jack absconded."
    (finding,) = check(text)
    assert isinstance(finding, Finding)
    assert text[finding.start : finding.end] == finding.text == "absconded"
    data = finding.as_dict()
    assert list(data) == ["start", "end", "text", "term", "category", "suggestions", "reason"]
    assert data["category"] == "blaming"
    assert data["suggestions"] == ["run away", "go missing", "be specific about what happened"]
    assert data["reason"].endswith(".")


def test_indices_stay_exact_when_lower_casing_changes_length() -> None:
    text = "İstanbul trip. Jack absconded."
    (finding,) = check(text)
    assert text[finding.start : finding.end] == "absconded"


def test_long_text_is_checked_in_chunks_with_correct_offsets() -> None:
    line = "Visited the family; the children were well and happy.\n"
    text = line * 40_000 + "Jack absconded from the unit.\n" + line * 10
    assert len(text) > 2 * (1 << 20)
    findings = check(text)
    assert [f.text for f in findings] == ["absconded", "unit"]
    assert all(text[f.start : f.end] == f.text for f in findings)


def test_suppress_by_term_or_by_word_as_written() -> None:
    text = "Jack likes contact with Mum and says LAC review is fine."
    assert flagged(text) == ["contact", "LAC review"]
    assert flagged(text, suppress={"Contact"}) == ["LAC review"]
    assert flagged(text, suppress={"lac review"}) == ["contact"]
    assert flagged(text, suppress=frozenset({"contact", "LAC-review"})) == []


def test_disabled_entry_no_longer_flags() -> None:
    lexicon = default_checker().lexicon.without(["contact"])
    checker = Checker(lexicon)
    assert [f.term for f in checker.check("Contact with Mum. Jack absconded.")] == ["abscond"]


def test_added_entry_flags_with_its_own_rules() -> None:
    entry = EngineEntry(
        term="naughty step",
        category="shaming",
        alternatives=("calm-down time",),
        reason="It shames the child.",
        inflection="noun",
        not_after=("no",),
    )
    lexicon = Lexicon([entry], version="test")
    checker = Checker(lexicon)
    assert [f.text for f in checker.check("Two naughty steps. There are no naughty steps.")] == [
        "naughty steps"
    ]


def test_non_ascii_terms_in_a_custom_lexicon_work() -> None:
    entry = EngineEntry(
        term="naïve", category="labelling", alternatives=("new to this",), reason="It belittles."
    )
    checker = Checker(Lexicon([entry]))
    assert [f.text for f in checker.check("Mum is NAÏVE, Dad says.")] == ["NAÏVE"]


def test_default_checker_is_compiled_once() -> None:
    assert default_checker() is default_checker()


def test_empty_and_blank_text() -> None:
    assert check("") == []
    assert check("   \n\n ") == []


def test_engine_imports_without_django_settings() -> None:
    code = (
        "import os, sys; os.environ.pop('DJANGO_SETTINGS_MODULE', None);"
        "import restorative.language.engine as e, restorative.language.lexicon;"
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules), 'django';"
        "print(len(e.check('Jack absconded.')))"
    )
    env = {"PATH": "/usr/bin:/bin"}
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1"
