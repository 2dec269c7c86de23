"""The shape of a sentence around a flagged term, with what could identify anyone masked.

When someone says a suggestion "isn't right here", the language lead needs to see the kind of
sentence that set it off ("the child [absconded] from [name] on [number]") to refine the rules,
but nothing anyone wrote about a family may be kept. So only a few words either side of the
term are kept, and every word that could carry a name (a capitalised word that is not a common
word), a number, a date, an email address or a link is replaced by a placeholder.

Pure Python, no Django.
"""

from __future__ import annotations

import re

WINDOW = 5
_WORD = re.compile(r"\S+")
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")
# Capitalised words that cannot identify anyone and help the lead read the shape.
COMMON = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "so",
        "then",
        "when",
        "while",
        "because",
        "after",
        "before",
        "at",
        "on",
        "in",
        "to",
        "of",
        "for",
        "with",
        "by",
        "from",
        "about",
        "into",
        "over",
        "under",
        "he",
        "she",
        "they",
        "it",
        "we",
        "i",
        "you",
        "his",
        "her",
        "their",
        "its",
        "our",
        "my",
        "your",
        "him",
        "them",
        "us",
        "me",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "who",
        "what",
        "where",
        "why",
        "how",
        "which",
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "has",
        "have",
        "had",
        "do",
        "did",
        "does",
        "not",
        "no",
        "yes",
        "mum",
        "dad",
        "mother",
        "father",
        "parent",
        "parents",
        "carer",
        "carers",
        "child",
        "children",
        "baby",
        "brother",
        "sister",
        "gran",
        "grandma",
        "grandad",
        "nan",
        "aunt",
        "uncle",
        "family",
        "school",
        "police",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "today",
        "yesterday",
        "tomorrow",
        "later",
        "also",
        "she's",
        "he's",
        "they're",
        "i'm",
        "it's",
        "we're",
        "don't",
        "didn't",
        "can't",
        "won't",
    ]
)


def _mask(word: str) -> str:
    core = word.strip(".,;:!?()\"'“”‘’")
    if not core:
        return word
    if "@" in core or "://" in core or core.lower().startswith("www."):
        return "[link]"
    if any(ch.isdigit() for ch in core):
        return "[number]"
    if core[0].isupper() and core.lower() not in COMMON:
        return "[name]"
    return core.lower()


def sentence_shape(text: str, start: int, end: int, *, window: int = WINDOW) -> str:
    """Up to `window` words either side of text[start:end], within its sentence, masked; the
    matched words are kept in brackets."""
    ends_before = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    sentence_start = ends_before[-1] if ends_before else 0
    after = _SENTENCE_END.search(text, end)
    sentence_end = after.start() if after else len(text)
    before_words = [_mask(w) for w in _WORD.findall(text[sentence_start:start])][-window:]
    after_words = [_mask(w) for w in _WORD.findall(text[end:sentence_end])][:window]
    matched = " ".join(text[start:end].split()).lower()
    shape = " ".join([*before_words, f"[{matched}]", *after_words])
    return shape[:300]
