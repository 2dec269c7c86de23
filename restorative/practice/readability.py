"""How hard is this text to read? A reading age from the Flesch–Kincaid grade level.

Why our own and not a library: the family's plan only needs one well-known formula, and a
dependency for twenty lines of arithmetic is not worth its upkeep. Pure Python, no Django.

Flesch–Kincaid grade level (Kincaid et al., 1975):

    0.39 × (words per sentence) + 11.8 × (syllables per word) − 15.59

It gives a US school grade; a child in grade N is about N + 5 years old, so the reading age
is grade + 5. It is an estimate: it knows nothing of how familiar the words are, only how
long the sentences and words are. It is good at one thing the plan needs: telling the
practitioner that a sentence is long or full of long words, and so harder than it need be.

The target (READING_AGE_TARGET = 11): UK public-information guidance aims at a reading age
of about 9 to 11 (GOV.UK content design writes for a reading age of 9; the average UK adult
reads at about 9 to 11). A family's plan quotes the family's own goals and names people and
services, which score higher than everyday words, so 11 is a target that plain writing can
meet while still flagging the jargon and long sentences the hint is for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

READING_AGE_TARGET = 11
YOUNGEST = 5  # grade 0 (reception / kindergarten)
OLDEST = 18  # past school age the number says little more than "hard"

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
# A sentence ends at . ! ? (one or more), or at a line break: goals and actions are often
# written as lines without a full stop, and each is read as a sentence.
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n+")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")

# Common words the rules below get wrong.
_SYLLABLE_EXCEPTIONS = {
    "every": 2,
    "everyone": 3,
    "everything": 3,
    "different": 3,
    "business": 2,
    "people": 2,
    "create": 2,
    "created": 3,
    "idea": 3,
    "ideas": 3,
    "area": 3,
    "being": 2,
    "doing": 2,
    "going": 2,
    "seeing": 2,
    "agreeing": 3,
    "really": 2,
    "poem": 2,
    "quiet": 2,
    "science": 2,
    "police": 2,
    "engagement": 3,
    "statement": 2,
    "achievement": 3,
    "management": 3,
    "safely": 2,
    "lonely": 2,
    "lately": 2,
    "sometimes": 2,
    "someone": 2,
    "something": 2,
    "somewhere": 2,
    "whenever": 3,
    "wherever": 3,
    "homework": 2,
    "everyday": 3,
    "wellbeing": 3,
    "appropriate": 4,
}


def count_syllables(word: str) -> int:
    """Roughly how many syllables `word` has (0 for no letters, else at least 1).

    Counts groups of vowels, with the English silent endings taken off first: a final "e"
    ("make"; but not "-le" after a consonant, as in "table"), "-ed" except after t or d
    ("played" but "wanted"), and "-es" except after s, x, z, ch, sh, ce, ge ("makes" but
    "boxes"). A final "y" after a consonant is a vowel ("happy"). About nine words in ten
    come out right, which is plenty for an average over a whole text.
    """
    letters = re.sub(r"[^a-z]", "", word.lower())
    if not letters:
        return 0
    if letters in _SYLLABLE_EXCEPTIONS:
        return _SYLLABLE_EXCEPTIONS[letters]
    if len(letters) <= 3:
        return 1
    stem = letters
    if stem.endswith("ed") and not stem.endswith(("ted", "ded")) and len(stem) > 3:
        stem = stem[:-2]
    elif stem.endswith("es") and not stem.endswith(
        ("ses", "xes", "zes", "ches", "shes", "ces", "ges")
    ):
        stem = stem[:-2] if stem[-3] not in "aeiouy" else stem[:-1]
    elif (
        stem.endswith("e")
        and not stem.endswith(("ee", "ye"))
        and not (stem.endswith("le") and len(stem) > 2 and stem[-3] not in "aeiouy")
    ):
        stem = stem[:-1]
    if stem.startswith("y"):
        stem = stem[1:]
    return max(1, len(_VOWEL_GROUP.findall(stem)))


def sentences(text: str) -> list[str]:
    """The sentences of `text` that have at least one word."""
    return [part.strip() for part in _SENTENCE_END.split(text) if _WORD.search(part)]


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def grade_level(text: str) -> float | None:
    """The Flesch–Kincaid grade level of `text`, or None when it has no words."""
    found = sentences(text)
    word_list = [w for s in found for w in words(s)]
    if not word_list:
        return None
    syllables = sum(count_syllables(w) for w in word_list)
    return 0.39 * (len(word_list) / len(found)) + 11.8 * (syllables / len(word_list)) - 15.59


def _age_from_grade(grade: float) -> int:
    return min(OLDEST, max(YOUNGEST, round(grade + 5)))


@dataclass(frozen=True)
class ReadingAge:
    """The estimate, and what a practitioner needs to act on it."""

    years: int
    grade: float
    words: int
    sentences: int
    target: int
    hardest: tuple[str, ...]  # up to three sentences above the target, hardest first

    @property
    def above_target(self) -> bool:
        return self.years > self.target

    @property
    def label(self) -> str:
        if self.years >= OLDEST:
            return f"Reading age {OLDEST} years or more"
        if self.years <= YOUNGEST:
            return f"Reading age about {YOUNGEST} years or under"
        return f"Reading age about {self.years} years"


def reading_age(text: str, *, target: int = READING_AGE_TARGET) -> ReadingAge | None:
    """The reading age of `text` (grade + 5, between 5 and 18), or None when it has no words.

    Also picks out the sentences that on their own score above the target, so the hint can
    say which ones to make plainer.
    """
    grade = grade_level(text)
    if grade is None:
        return None
    found = sentences(text)
    scored = []
    for sentence in found:
        sentence_grade = grade_level(sentence)
        if sentence_grade is not None and _age_from_grade(sentence_grade) > target:
            scored.append((sentence_grade, sentence))
    scored.sort(key=lambda pair: -pair[0])
    return ReadingAge(
        years=_age_from_grade(grade),
        grade=grade,
        words=len(words(text)),
        sentences=len(found),
        target=target,
        hardest=tuple(sentence for _, sentence in scored[:3]),
    )
