"""Simple English inflection, enough to turn a lexicon lemma into the forms people write.

The lexicon lists a lemma once ("abscond", "fail to engage", "challenging behaviour") and says
how it inflects; this module generates "absconded", "absconding", "fails to engage",
"challenging behaviours" and so on. Rules are the regular spelling rules of English plus a
small table of irregular words that the lexicon actually uses; anything else unusual can be
written out as a variant in the lexicon.

Pure Python, no dependencies: the engine must import without Django.
"""

from __future__ import annotations

from collections.abc import Iterable

VOWELS = frozenset("aeiou")

# Verbs whose forms do not follow the regular rules (third person, past, past participle, -ing).
IRREGULAR_VERBS: dict[str, tuple[str, ...]] = {
    "admit": ("admits", "admitted", "admitting"),
    "be": ("is", "are", "was", "were", "been", "being"),
    "break": ("breaks", "broke", "broken", "breaking"),
    "choose": ("chooses", "chose", "chosen", "choosing"),
    "commit": ("commits", "committed", "committing"),
    "do": ("does", "did", "done", "doing"),
    "get": ("gets", "got", "gotten", "getting"),
    "give": ("gives", "gave", "given", "giving"),
    "go": ("goes", "went", "gone", "going"),
    "have": ("has", "had", "having"),
    "make": ("makes", "made", "making"),
    "put": ("puts", "putting"),
    "run": ("runs", "ran", "running"),
    "seek": ("seeks", "sought", "seeking"),
    "sell": ("sells", "sold", "selling"),
    "deal": ("deals", "dealt", "dealing"),
    "hold": ("holds", "held", "holding"),
    "keep": ("keeps", "kept", "keeping"),
    "leave": ("leaves", "left", "leaving"),
    "meet": ("meets", "met", "meeting"),
    "sleep": ("sleeps", "slept", "sleeping"),
    "spend": ("spends", "spent", "spending"),
    "swear": ("swears", "swore", "sworn", "swearing"),
    "tell": ("tells", "told", "telling"),
    "take": ("takes", "took", "taken", "taking"),
    "throw": ("throws", "threw", "thrown", "throwing"),
}

IRREGULAR_NOUNS: dict[str, tuple[str, ...]] = {
    "child": ("children",),
    "person": ("people", "persons"),
    "man": ("men",),
    "woman": ("women",),
    "life": ("lives",),
    "wife": ("wives",),
    "foot": ("feet",),
    "kid": ("kids",),
}

INFLECTIONS = ("noun", "verb", "none")


def _ends_consonant_y(word: str) -> bool:
    return len(word) > 1 and word[-1] == "y" and word[-2] not in VOWELS


def _sibilant(word: str) -> bool:
    return word.endswith(("s", "x", "z", "ch", "sh"))


def _syllables(word: str) -> int:
    groups, previous = 0, False
    for char in word:
        vowel = char in VOWELS or char == "y"
        if vowel and not previous:
            groups += 1
        previous = vowel
    return groups


def _doubles_final(word: str) -> bool:
    """True for one-syllable consonant-vowel-consonant verbs: stop -> stopped, kid -> kidding."""
    if len(word) < 3 or _syllables(word) != 1:
        return False
    last, middle, first = word[-1], word[-2], word[-3]
    return last not in VOWELS and last not in "wxy" and middle in VOWELS and first not in VOWELS


def plural(word: str) -> list[str]:
    """The plural forms of a noun (an acronym takes a lower-case s: LAC -> LACs)."""
    if word in IRREGULAR_NOUNS:
        return list(IRREGULAR_NOUNS[word])
    if word.isupper():
        return [word + "s"]
    if _ends_consonant_y(word):
        return [word[:-1] + "ies"]
    if _sibilant(word):
        return [word + "es"]
    return [word + "s"]


def verb_forms(word: str) -> list[str]:
    """Third person, past and -ing forms of a verb."""
    if word in IRREGULAR_VERBS:
        return list(IRREGULAR_VERBS[word])
    if word.isupper():  # an acronym used as a verb: DNA -> DNAs, DNA'd
        return [word + "s", word + "'d", word + "'ed", word + "ed", word + "ing"]
    if _ends_consonant_y(word):
        third, past, ing = word[:-1] + "ies", word[:-1] + "ied", word + "ing"
    else:
        third = word + "es" if _sibilant(word) else word + "s"
        if word.endswith("e"):
            past = word + "d"
            if word.endswith("ie"):
                ing = word[:-2] + "ying"
            elif word.endswith(("ee", "ye", "oe")):
                ing = word + "ing"
            else:
                ing = word[:-1] + "ing"
        elif _doubles_final(word):
            past, ing = word + word[-1] + "ed", word + word[-1] + "ing"
        else:
            past, ing = word + "ed", word + "ing"
    return [third, past, ing]


def inflect(phrase: str, how: str) -> list[str]:
    """Every form of a phrase: nouns inflect their last word, verbs their first.

    >>> inflect("fail to engage", "verb")
    ['fail to engage', 'fails to engage', 'failed to engage', 'failing to engage']
    >>> inflect("challenging behaviour", "noun")
    ['challenging behaviour', 'challenging behaviours']
    """
    if how not in INFLECTIONS:
        raise ValueError(f"inflection must be one of {', '.join(INFLECTIONS)}, not {how!r}")
    forms = [phrase]
    if how == "none":
        return forms
    words = phrase.split(" ")
    if how == "noun":
        head = words[-1]
        forms += [" ".join([*words[:-1], form]) for form in plural(head)]
    else:
        head = words[0]
        forms += [" ".join([form, *words[1:]]) for form in verb_forms(head)]
    return _unique(forms)


def _unique(forms: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for form in forms:
        seen.setdefault(form, None)
    return list(seen)


# Auxiliaries that negate a verb, with the form of the verb each takes: base ("did not
# engage"), third person ("never engages"), past participle ("has not engaged") or -ing
# ("was not engaging").
_NEGATIONS: tuple[tuple[str, str], ...] = (
    *((aux, "base") for aux in ("did not", "didn't", "does not", "doesn't", "do not", "don't")),
    *((aux, "base") for aux in ("will not", "won't", "would not", "wouldn't", "cannot", "can't")),
    *((aux, "base") for aux in ("could not", "couldn't", "not", "never")),
    *((aux, "past") for aux in ("has not", "hasn't", "have not", "haven't", "had not", "hadn't")),
    *((aux, "past") for aux in ("has never", "have never", "had never", "never", "not")),
    *((aux, "third") for aux in ("never",)),
    *((aux, "ing") for aux in ("is not", "isn't", "was not", "wasn't", "are not", "aren't")),
    *((aux, "ing") for aux in ("were not", "weren't", "not", "stopped", "stops", "has stopped")),
    *((aux, "ing") for aux in ("had stopped", "have stopped")),
)

REFLEXIVES = ("herself", "himself", "themselves", "themself")


def negated(phrase: str) -> list[str]:
    """Every tense of a negated verb phrase written as ``not <verb> …``.

    >>> negated("not engage")[:3]
    ['did not engage', "didn't engage", 'does not engage']
    """
    words = phrase.split(" ")
    if len(words) < 2 or words[0] != "not":
        return [phrase]
    verb, rest = words[1], words[2:]
    third, past, ing = _principal_parts(verb)
    parts = {"base": verb, "third": third, "past": past, "ing": ing}
    return _unique(" ".join([aux, parts[kind], *rest]) for aux, kind in _NEGATIONS)


def _principal_parts(verb: str) -> tuple[str, str, str]:
    """(third person, past participle, -ing) of a verb."""
    forms = verb_forms(verb)
    if verb in IRREGULAR_VERBS:
        third = next((f for f in forms if f.endswith("s")), forms[0])
        ing = next((f for f in forms if f.endswith("ing")), forms[-1])
        past = next((f for f in reversed(forms) if f not in (third, ing)), forms[-1])
        return third, past, ing
    return forms[0], forms[1], forms[2]


def reflexives(phrase: str) -> list[str]:
    """A phrase written with one reflexive pronoun, in every person: "put herself at risk"
    also gives "put himself at risk" and "put themselves at risk"."""
    words = phrase.split(" ")
    if not any(word in REFLEXIVES for word in words):
        return [phrase]
    return _unique(
        " ".join(pronoun if word in REFLEXIVES else word for word in words)
        for pronoun in (next(w for w in words if w in REFLEXIVES), *REFLEXIVES)
    )
