"""Which suggestions can be inserted where the flagged words stood, and in which form.

The lexicon writes a replacement as the base form of a verb entry ("abscond" -> "run away") or
the singular of a noun entry ("placement" -> "home"), and lists advice ("describe what
happened") separately. A replacement is offered as a one-click button only when it can be put
in the same form as the words written: "absconded" -> "ran away", "has absconded" -> "has run
away", "placements" -> "homes". When the form cannot be told (a variant written differently, an
irregular word), the replacement is shown as text, like advice, rather than inserted wrongly.

Pure Python, no Django (it uses the engine's morphology); the product's suggestion fragments
and the lexicon tests both read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from restorative.language.morphology import IRREGULAR_VERBS, plural, verb_forms

# Verbs the replacements use that the engine's morphology (written for the terms) does not know:
# third person, past, past participle, -ing.
_MORE_IRREGULAR = {
    "say": ("says", "said", "said", "saying"),
    "tell": ("tells", "told", "told", "telling"),
    "become": ("becomes", "became", "become", "becoming"),
    "show": ("shows", "showed", "shown", "showing"),
    "find": ("finds", "found", "found", "finding"),
    "feel": ("feels", "felt", "felt", "feeling"),
    "leave": ("leaves", "left", "left", "leaving"),
    "keep": ("keeps", "kept", "kept", "keeping"),
}
# Past participles the morphology table does not separate from the simple past.
_PARTICIPLES = {"run": "run", "come": "come", "become": "become", "have": "had", "seek": "sought"}
_BE = {"base": "be", "third": "is", "past": "was", "participle": "been", "ing": "being"}
# Words before a verb that call for its participle ("has absconded", "had been recruited").
_AUXILIARIES = frozenset(
    {"has", "have", "had", "having", "was", "were", "been", "is", "are", "be", "being", "'s"}
)


class EngineEntry(Protocol):
    """What this module reads of a lexicon entry (the engine's immutable entry)."""

    @property
    def inflection(self) -> str: ...
    @property
    def alternatives(self) -> tuple[str, ...]: ...
    @property
    def advice(self) -> tuple[str, ...]: ...
    def lemmas(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class Suggestion:
    """One alternative as shown: `insert` is the text a button puts in (None for advice)."""

    text: str
    insert: str | None

    @property
    def is_replacement(self) -> bool:
        return self.insert is not None


def _slots(verb: str) -> dict[str, str]:
    """The forms of a verb by grammatical slot: base, third, past, participle, ing."""
    if verb == "be":
        return dict(_BE)
    forms = list(_MORE_IRREGULAR.get(verb, ())) or verb_forms(verb)
    if (verb in IRREGULAR_VERBS or verb in _MORE_IRREGULAR) and len(forms) == 4:
        third, past, participle, ing = forms
    elif verb in IRREGULAR_VERBS and len(forms) == 2:  # put: puts, putting
        third, ing = forms
        past = participle = verb
    else:
        third, past, ing = forms[:3]
        participle = _PARTICIPLES.get(verb, past)
    return {"base": verb, "third": third, "past": past, "participle": participle, "ing": ing}


def _verb_slot(entry: EngineEntry, written: str, before: str) -> str | None:
    head = written.split()[0].lower().replace("’", "'") if written.split() else ""
    # Only the term tells the form: a variant may be another kind of word ("absconder").
    lemma = entry.lemmas()[0]
    first = lemma.split()[0] if lemma.split() else ""
    rest = lemma.split()[1:]
    if first and not first.isupper() and [w.lower() for w in written.split()[1:]] == rest:
        for slot, form in _slots(first.lower()).items():
            if form == head:
                if slot in ("past", "participle"):
                    previous = before.split()[-1].lower() if before.split() else ""
                    return "participle" if previous in _AUXILIARIES else "past"
                return slot
    return None


def _noun_plural(entry: EngineEntry, written: str) -> bool | None:
    tail = written.split()[-1].lower() if written.split() else ""
    for lemma in entry.lemmas():
        last = lemma.split()[-1] if lemma.split() else ""
        if last.lower() == tail:
            return False
        if tail in {p.lower() for p in plural(last)}:
            return True
    return None


def inflect_replacement(
    entry: EngineEntry, replacement: str, written: str, before: str = ""
) -> str | None:
    """`replacement` in the form of `written` (the words matched), or None when that form
    cannot be told. `before` is the text just before the match (for "has absconded")."""
    if entry.inflection == "verb":
        slot = _verb_slot(entry, written, before)
        if slot is None:
            return None
        words = replacement.split()
        if not words:
            return None
        words[0] = _slots(words[0].lower())[slot] if slot != "base" else words[0]
        return " ".join(words)
    if entry.inflection == "noun":
        is_plural = _noun_plural(entry, written)
        if is_plural is None:
            return replacement
        if not is_plural:
            return replacement
        words = replacement.split()
        if len(words) > 2:  # "person with an alcohol problem": no single head to pluralise
            return None
        words[-1] = plural(words[-1])[0]
        return " ".join(words)
    return replacement


def match_case(written: str, replacement: str) -> str:
    """Keep a capital at the start of the words written ("Absconded" -> "Ran away")."""
    if written[:1].isupper() and not written.split()[0].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def suggestions_for(entry: EngineEntry | None, written: str, before: str = "") -> list[Suggestion]:
    """Each alternative of the entry for these written words: replacements that fit carry the
    text to insert; advice, and replacements whose form cannot be told, carry None."""
    if entry is None:
        return []
    result = []
    for alternative in entry.alternatives:
        insert = None
        if alternative not in entry.advice:
            form = inflect_replacement(entry, alternative, written, before)
            if form is not None:
                insert = match_case(written, form)
        result.append(Suggestion(text=insert or alternative, insert=insert))
    return result
