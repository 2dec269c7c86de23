"""The restorative language engine: find words a guide suggests replacing, and say why.

How it works, and why it is fast in pure Python:

1. Every surface form of every lexicon entry (inflections, hyphen/space and closed spellings)
   is compiled into ONE regular expression shaped as a prefix trie, so the scan of the whole
   text runs inside the C regex engine; no Python code runs per word.
2. The scan runs over a working copy with one byte per character (so every index stays
   where it was): lower-cased, with every character that can precede a word turned into a
   space. The pattern then starts with a literal space, the cheapest thing for the regex
   engine to skip ahead to, and needs no case-insensitive matching. Words written in
   capitals in the lexicon (acronyms such as LAC or DNA) are checked against the original
   text afterwards. (A lexicon with non-ASCII terms uses the same trie over lower-cased text
   instead.) Long texts are scanned a megabyte at a time, so memory stays flat.
3. Only the rare candidate matches reach Python: each is looked up in a dictionary of forms,
   then skipped if it sits inside a direct quotation (a person's own words are their voice)
   or if its entry's context rules say the word has another meaning here ("contact
   details", "a unit of alcohol", "the court refused the application"), or if the rules
   about who it describes (data/rules.csv, subjects.py) show it is about the writer, a
   professional, a service or a thing ("we refused", "the meeting was difficult").

The engine never changes text and never blocks anything: it returns findings, and the
practitioner decides. No Django imports: this module must import without settings.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from restorative.language.lexicon import (
    EngineEntry,
    Lexicon,
    check_phrase,
    compile_phrases,
    default_lexicon,
)
from restorative.language.reading import (
    ADVERBIAL_RE,
    AFTER_BE_A_RE,
    AFTER_BE_RE,
    APPOSITION_A_RE,
    BE_REVERSED_RE,
    CLAUSE_GOES_ON_RE,
    DESCRIBING_RE,
    IN_FICTION_RE,
    PERSON_NOUN_RE,
    STRANGER_RE,
    WORD_RE,
    fragment_subject,
    holder,
    in_history,
    in_story,
    in_title,
    modifier_before,
    names_family,
    noun_after_to,
    predicate_subject,
    sentence_window,
)
from restorative.language.subjects import (
    FAMILY,
    OTHER,
    UNKNOWN,
    ExtraRule,
    agent_after,
    default_extra_rules,
    default_subjects,
    is_participle,
    noun_after,
    person_after,
    possessive_before,
    subject_before,
    subject_of,
    thing_after_of,
)

__all__ = ["Checker", "Finding", "check", "default_checker"]

# Spaces, line breaks and hyphens (including the Unicode hyphens) between words of a term.
SEPARATOR = r"[\s\-\u2010\u2011]+"
_SEPARATOR_RE = re.compile(SEPARATOR)
# Characters after which a word can start: whitespace and punctuation, listed explicitly (a
# category such as \W makes the regex engine's skip-ahead loop several times slower).
WORD_START = (
    "[ \t\n\r\f\v\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000"
    "!-/:-@\\[-^`{-~\u00ab\u00bb\u00b7\u2010-\u2027\u2039\u203a]"
)
_WORD_CHARS = r"\w'’"

# Direct quotation: straight or curly double quotes, curly single quotes, and straight single
# quotes that open after a non-word character and close before one (so "Mum's" is not a quote).
# Quotes do not run across a line break. The lookbehinds come after the quote character so
# that the regex engine can still skip quickly to the next quote character.
_QUOTE_RE = re.compile(
    r'"[^"\n]{1,2000}"'
    r"|“[^”\n]{1,2000}”"
    r"|‘(?<!\w‘)[^\n]{1,2000}?’(?!\w)"
    r"|'(?<!\w')(?=\S)[^\n]{0,2000}?(?<=\S)'(?!\w)"
)
# Byte translation for the ASCII fast path: letters, digits, "_" and "'" stay, the rest
# (whitespace, punctuation, and "?" standing for any non-ASCII character) become spaces.
_SPACES = bytes(
    b if (chr(b).isascii() and (chr(b).isalnum() or chr(b) in "_'")) else 0x20 for b in range(256)
)
_ADJACENT_WINDOW = 60


@dataclass(slots=True)
class Finding:
    """One suggestion: where it is (Python string indices) and what to consider instead.

    (Not frozen: a frozen dataclass is several times slower to build, and a dense text can
    produce tens of thousands of findings.)
    """

    start: int
    end: int
    text: str
    term: str
    category: str
    suggestions: tuple[str, ...]
    reason: str

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape used by the command line and the API."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "term": self.term,
            "category": self.category,
            "suggestions": list(self.suggestions),
            "reason": self.reason,
        }


class _Near:
    """Words or phrases anywhere in the sentence window, checked as sets, not by searching."""

    __slots__ = ("words", "phrases", "regex")

    def __init__(self, phrases: tuple[str, ...]) -> None:
        words, multi, special = set(), [], []
        for phrase in phrases:
            tokens = check_phrase(phrase)
            if any(t in ("_", "#") or t.startswith("@") or t.endswith("*") for t in tokens):
                special.append(phrase)
                continue
            parts = WORD_RE.findall(" ".join(tokens).replace("’", "'"))
            if len(parts) == 1:
                words.add(parts[0])
            elif parts:
                multi.append(" " + " ".join(parts) + " ")
        self.words = frozenset(words)
        self.phrases = tuple(multi)
        self.regex = (
            re.compile(rf"(?<![{_WORD_CHARS}]){compile_phrases(special)}(?![{_WORD_CHARS}])")
            if special
            else None
        )

    def found_in(self, window: str, words: list[str]) -> bool:
        if not self.words.isdisjoint(words):
            return True
        # A possessive counts as its word ("the smoke alarm's placement").
        if any(word.endswith("'s") and word[:-2] in self.words for word in words):
            return True
        if self.phrases:
            joined = " " + " ".join(words) + " "
            if any(phrase in joined for phrase in self.phrases):
                return True
        return bool(self.regex and self.regex.search(window))


class _Rules:
    """An entry's context rules, compiled; only consulted for candidate matches.

    The words before a match are tested by matching reversed phrases against the reversed
    preceding text (one anchored attempt instead of a search), the words after it by an
    anchored match, and "near" words as a set lookup over the words of the sentence.
    """

    __slots__ = (
        "not_after",
        "only_after",
        "not_before",
        "only_before",
        "unless_near",
        "only_near",
        "described",
        "predicative",
        "term_is_verb_form",
        "about_person",
        "verb",
    )

    def __init__(self, entry: EngineEntry, extra: ExtraRule | None = None) -> None:
        def after(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
            if not phrases:
                return None
            reverse = compile_phrases(phrases, reverse=True)
            return re.compile(rf"[\s\-]*{reverse}(?![{_WORD_CHARS}])")

        def before(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
            if not phrases:
                return None
            return re.compile(rf"[\s\-]*{compile_phrases(phrases)}(?![{_WORD_CHARS}])")

        self.not_after = after(entry.not_after)
        self.only_after = after(entry.only_after)
        self.not_before = before(entry.not_before)
        self.only_before = before(entry.only_before)
        self.unless_near = _Near(entry.unless_near) if entry.unless_near else None
        self.only_near = _Near(entry.only_near) if entry.only_near else None
        self.described = extra.described if extra else ""
        self.predicative = bool(extra and extra.predicative and self.only_before)
        self.term_is_verb_form = entry.term.lower().endswith(("ing", "ed"))
        # Words about a person (not the system's jargon): a story or history is not the family.
        self.about_person = entry.category not in _SYSTEM_CATEGORIES
        self.verb = entry.inflection == "verb"

    def allow(self, text: str, start: int, end: int) -> bool:
        """False when the context shows another meaning of the word, or shows that it
        describes the writer, a professional, a service or a thing (issue 17)."""
        if not self._allow(text, start, end):
            return False
        # "In the film, the chaotic family ...", "Churchill was defiant in 1940": people in
        # a story or in history, not the family in the record. Checked last, and only for
        # a match that would be flagged, because it reads the whole sentence.
        if not (self.described in ("person", "adjective", "label") or self.about_person):
            return True
        if self.about_person and IN_FICTION_RE.match(text, end):
            return False  # "the absent father in the novel", "a spoilt brat in the film"
        return not (in_story(text, start) or in_history(text, start, end))

    def _allow(self, text: str, start: int, end: int) -> bool:
        if self.described in ("person", "adjective") and is_participle(text[start:end]):
            # A passive with its agent named: "was refused by Mum" / "by the court".
            agent = agent_after(text, end)
            if agent == FAMILY:
                return True
            if agent == OTHER:
                return False
        if self.described == "referent" and names_family(text, start, end):
            # "The case has moved to Bristol", "the Barker case should step down", "Reuben is
            # a case": a noun that stands for the family, whatever the words after it.
            preceding = text[max(0, start - _ADJACENT_WINDOW) : start].lower()[::-1]
            if not (self.not_after and self.not_after.match(preceding)) and not (
                self.unless_near
                and self.unless_near.found_in(
                    window := sentence_window(text, start, end).lower().replace("’", "'"),
                    WORD_RE.findall(window),
                )
            ):
                return True
        predicative = False
        if self.not_after or self.only_after:
            # A role in brackets after a name is read as the word before the match
            # ("Mrs Farah (mother) did not attend" is an adult, like "Mum did not attend").
            preceding = (
                text[max(0, start - _ADJACENT_WINDOW) : start].lower().replace(")", " ")[::-1]
            )
            # "is alleging that": a form of "be" before an -ing form is active, not the
            # passive ("was alleged") that an entry's not_after words usually rule out.
            progressive = text[start:end].lower().endswith("ing") and bool(
                BE_REVERSED_RE.match(preceding)
            )
            if (
                self.not_after
                and not progressive
                and self.not_after.match(preceding)
                and not noun_after_to(preceding, text, end)
            ):
                return False
            # An adjective right before a family noun also counts ("a resistant mother"), and
            # so does a family member's or a child's possessive ("Jack's compliance").
            if (
                self.only_after
                and not self.only_after.match(preceding)
                and not (self.described == "adjective" and noun_after(text, end) == FAMILY)
                and not (self.described and possessive_before(text, start) == FAMILY)
            ):
                return False
        if self.not_before or self.only_before:
            following = text[end : end + _ADJACENT_WINDOW].lower()
            if self.not_before and self.not_before.match(following):
                return False
            if (
                self.only_before
                and not self.only_before.match(following)
                and not (
                    self.described == "adjective" and self._only_before_past_describing(following)
                )
                and not (self.described == "person" and person_after(text, end))
                and not (self.described == "person" and self._only_before_past_adverb(following))
                and not (self.described == "person" and possessive_before(text, start) == FAMILY)
            ):
                # "The home is chaotic", "Dad was difficult": the end of a clause after "be".
                # ("Mum claims Jack fell": a verb followed by a name or a family word.)
                be = bool(self.predicative and AFTER_BE_RE.search(text, max(0, start - 60), start))
                fragment = None if be or not self.predicative else fragment_subject(text, start)
                if not ((be or fragment is not None) and CLAUSE_GOES_ON_RE.match(following)):
                    return False
                if fragment is not None:
                    # A clipped note without "be": "08:10 Deshawn compliant after breakfast".
                    return fragment in (FAMILY, UNKNOWN)
                predicative = True
        if self.unless_near or self.only_near:
            window = sentence_window(text, start, end).lower().replace("’", "'")
            words = WORD_RE.findall(window)
            if self.unless_near and self.unless_near.found_in(window, words):
                return False
            if self.only_near and not self.only_near.found_in(window, words):
                return False
        if predicative:
            return predicate_subject(text, start, end) == FAMILY
        if text[max(0, start - 4) : start].lower() == "its ":
            return False  # "check its placement", "the boiler and its compliance"
        if self.described and possessive_before(text, start) == OTHER:
            # Whatever the kind of rule, a thing's, a brand's or a service's possessive right
            # before the word says what it belongs to ("the brand's sibling label", "the
            # ink's permanence", "the school's refusal").
            return False
        if self.described == "holder":
            return holder(text, start) != OTHER
        if self.described == "of_thing":
            # "the placement of grab rails" is where a thing goes; "the placement of Kai" is not.
            return not thing_after_of(text, end)
        if self.described == "label":
            # A noun that names a person: "the plumber was a no-show" describes the plumber,
            # "Kai was a no-show" and "several no-shows at the clinic" are flagged.
            if AFTER_BE_A_RE.search(text, max(0, start - 60), start):
                return predicate_subject(text, start, end) != OTHER
            matched = text[start:end].lower()
            if matched.endswith(("ing", "ed")) and not self.term_is_verb_form:
                # "The seagulls were scrounging chips": a verb made from the label noun
                # describes its subject, like any other verb.
                return subject_of(text, start, end) != OTHER
            if AFTER_BE_RE.search(text, max(0, start - 60), start):
                # "Two adult men had been troublemakers", "marked the old account as
                # delinquent": a label after "be" or "as" without an article.
                return predicate_subject(text, start, end) != OTHER
            # In apposition it names the noun before the comma ("the adult co-defendant, a
            # persistent offender,"); a sport, a place or a thing right before it says what
            # kind ("football hooligans", "the film's villain").
            if (
                STRANGER_RE.search(text, max(0, start - 30), start)
                and noun_after(text, end) != FAMILY
            ):
                return False  # "A gang member approached Jack", "seen with a thug"
            apposition = APPOSITION_A_RE.search(text, max(0, start - 8), start)
            if apposition:
                return subject_before(text, apposition.start()) != OTHER
            if IN_FICTION_RE.match(text, end):
                return False  # "the thugs in the film", "the troublemaker in the story"
            article = _ARTICLE_BEFORE_RE.search(text, max(0, start - 4), start)
            if article and subject_before(text, article.start(), immediate=True) == OTHER:
                return False  # "Nana calls the spaniel a spoilt brat": the one it names
            return modifier_before(text, start) != OTHER
        if self.described:
            adjective = self.described == "adjective"
            if adjective and AFTER_BE_RE.search(text, max(0, start - 60), start):
                if text[start:end].lower().endswith("ing"):
                    # "We were challenging Dad's view": a verb with an object.
                    adjective = False
                else:
                    # "Dad was hostile" but not "the atmosphere was hostile": at the end of
                    # a clause an adjective needs a child, family member or carer before it.
                    return predicate_subject(text, start, end) == FAMILY
            if adjective and AFTER_BE_A_RE.search(text, max(0, start - 60), start):
                describing = DESCRIBING_RE.match(text, end)
                if PERSON_NOUN_RE.match(text, describing.end() if describing else end):
                    # "Mr Pryor is a difficult man": the man is the subject of "is", so the
                    # subject decides, not the noun (which alone would be a stranger).
                    return predicate_subject(text, start, end) != OTHER
            # A verb's noun forms ("absconder", "refusal") may be described by the word
            # before them, like any noun; its verb forms have that word as their subject.
            verb = self.verb and not text[start:end].lower().endswith(_NOUN_ENDINGS)
            return subject_of(text, start, end, adjective=adjective, verb=verb) != OTHER
        return True

    def _only_before_past_describing(self, following: str) -> bool:
        """ "a damaged little girl", "a difficult young man": the words an adjective must
        stand before may come after other describing words."""
        describing = DESCRIBING_RE.match(following)
        return bool(
            describing and self.only_before and self.only_before.match(following, describing.end())
        )

    def _only_before_past_adverb(self, following: str) -> bool:
        """ "Mum has claimed several times that ...", "Dad insisted to me that ...": the words
        an entry must stand before may come after a short adverbial."""
        adverb = ADVERBIAL_RE.match(following)
        return bool(adverb and self.only_before and self.only_before.match(following, adverb.end()))


def _char_pattern(char: str, separator: str = SEPARATOR, apostrophe: str = "['’]") -> str:
    if char == " ":
        return separator
    if char == "'":
        return apostrophe
    return re.escape(char)


def _trie_pattern(
    forms: Iterable[str], separator: str = SEPARATOR, apostrophe: str = "['’]"
) -> str:
    """One regex for many words, factored as a prefix trie: ``con(?:tact|cern)``.

    Longer forms are tried before shorter ones at every branch, so the longest form wins
    ("contact centre" before "contact"), with backtracking if the longer one is cut short.
    """
    trie: dict[str, Any] = {}
    for form in forms:
        node = trie
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = []
        for char in sorted(c for c in node if c):
            chain, child = [char], node[char]
            while len(child) == 1 and "" not in child:
                (next_char, child), *_ = child.items()
                chain.append(next_char)
            literal = "".join(_char_pattern(c, separator, apostrophe) for c in chain)
            branches.append(literal + emit(child))
        if not branches:
            return ""
        singles = [b for b in branches if len(b) == 1 and b.isalnum()]
        if len(singles) > 1:
            others = [b for b in branches if b not in singles]
            branches = [*others, "[" + "".join(singles) + "]"]
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"
        return body

    return emit(trie)


def _normal(matched: str) -> str:
    """A matched form as the forms table spells it: lower case, single spaces, straight '."""
    if matched.isalpha():
        return matched
    return _SEPARATOR_RE.sub(" ", matched).replace("’", "'")


def _case_pattern(forms: Iterable[str]) -> re.Pattern[str]:
    """Exact-case check for forms with capitals: capitalised words must match as written."""
    alternatives = []
    for form in forms:
        words = []
        for word in form.split(" "):
            body = "".join(_char_pattern(c) for c in word)
            words.append(body if any(c.isupper() for c in word) else f"(?i:{body})")
        alternatives.append(SEPARATOR.join(words))
    return re.compile("|".join(alternatives))


class _Compiled:
    __slots__ = ("entry", "rules", "case", "case_keys")

    def __init__(
        self, entry: EngineEntry, use_context: bool, extra: ExtraRule | None = None
    ) -> None:
        self.entry = entry
        needs_rules = (
            entry.has_context
            or (extra is not None and extra.described)
            or entry.category not in _SYSTEM_CATEGORIES
        )
        self.rules = _Rules(entry, extra) if use_context and needs_rules else None
        forms = entry.surface_forms()
        capitalised = [f for f in forms if any(c.isupper() for c in f)]
        self.case = _case_pattern(capitalised) if use_context and capitalised else None
        # Only forms written with capitals need the capitals check ("involved in CSE" does,
        # "involved in county lines" does not).
        self.case_keys = frozenset(_normal(f.lower()) for f in capitalised)


# Endings of the noun forms of a verb entry ("absconder", "refusal", "engagement").
_NOUN_ENDINGS = ("er", "ers", "or", "ors", "al", "als", "ion", "ions", "ment", "ance", "ence")
# "a " or "an " right before a label noun.
_ARTICLE_BEFORE_RE = re.compile(r"(?<![\w'’])an?\s+$", re.IGNORECASE)
# Last words of a phrase that names a person without an agent ending ("basket case").
_PERSON_HEADS = frozenset(
    ("case", "queen", "kid", "user", "member", "immigrant", "prostitute", "participant")
)
# Categories of words about the system, not a person: still flagged in a document's title.
_SYSTEM_CATEGORIES = frozenset(("jargon", "institutional"))
# Categories whose words describe a person: a label, a doubt, a deficit or a blame.
_PERSON_CATEGORIES = frozenset(("labelling", "shaming", "blaming", "deficit"))


def _default_rule(entry: EngineEntry) -> ExtraRule | None:
    """Who an entry must describe when rules.csv says nothing: every word that labels,
    shames, blames or describes a deficit is about a person, so it is left alone when what
    it clearly describes is an animal, a thing, a team, a service, a professional or a public
    figure ("the foxes are sneaky things", "football hooligans in 1985", "Harvey's puppy has
    behaviour problems"). Jargon and institutional words are about the system, not a person,
    and keep no such rule. A noun names the person ("label"; a phrase too, when its last word
    names a person: "basket case"), a one-word adjective reads the noun after it
    ("adjective"); verbs keep only the rules rules.csv gives them."""
    if entry.category not in _PERSON_CATEGORIES:
        return None
    words = entry.term.lower().split()
    if len(words) > 1:
        # "basket case", "drug runner", "problem drinker": a phrase that names a person who
        # is not named by a family word reads like a one-word label ("the plumber is a basket
        # case"); "broken home", "problem child" and "clean sample" keep no such rule.
        last = words[-1]
        names_person = last in _PERSON_HEADS or last.endswith(("er", "or", "ist"))
        family_word = last in default_subjects() and last not in _PERSON_HEADS
        if entry.inflection != "noun" or not names_person or family_word:
            return None
    if entry.inflection == "noun":
        return ExtraRule("label")
    if entry.inflection == "none":
        return ExtraRule("adjective")
    return None


class Checker:
    """A compiled lexicon. Build once per lexicon and reuse: compiling takes milliseconds,
    checking a page of text takes microseconds.

    ``use_context=False`` turns off the context rules, the quotation rule and the capitals rule
    (a plain inflected keyword match; the evaluation uses it as a second baseline).
    ``extra_rules`` (term -> ExtraRule) adds the rules about who a phrase describes; by
    default they are read from data/rules.csv and apply to entries with the same term, so an
    organisation's own copy of a shipped entry keeps them.
    """

    def __init__(
        self,
        lexicon: Lexicon,
        *,
        use_context: bool = True,
        extra_rules: Mapping[str, ExtraRule] | None = None,
    ) -> None:
        self.lexicon = lexicon
        self.use_context = use_context
        extra_rules = default_extra_rules() if extra_rules is None else extra_rules
        self._forms: dict[str, _Compiled] = {}
        for entry in lexicon:
            extra = extra_rules.get(entry.key) or _default_rule(entry)
            compiled = _Compiled(entry, use_context, extra)
            for form in entry.surface_forms():
                self._forms.setdefault(_normal(form.lower()), compiled)
        forms = sorted(self._forms)
        trie = _trie_pattern(forms)
        # A term starts right after one of the characters in WORD_START (or at the start of
        # the text). That explicit character class lets the regex engine skip ahead in C to
        # the next candidate position; ``\b`` would make it try every position.
        self.pattern = rf"{WORD_START}({trie})(?!\w)" if trie else r"(?!x)x"
        self.start_pattern = rf"({trie})(?!\w)" if trie else r"(?!x)x"
        self._regex = re.compile(self.pattern)
        self._start_regex = re.compile(self.start_pattern)
        self._ignorecase: tuple[re.Pattern[str], re.Pattern[str]] | None = None
        # Fast path when every form is ASCII (the shipped lexicon): scan a one-byte-a-character
        # copy in which every character that can come before a word is a space, so the
        # pattern starts with a single literal space (the cheapest prefix for the regex engine).
        self._bytes_regex: re.Pattern[bytes] | None = None
        if trie and all(form.isascii() for form in forms):
            ascii_trie = _trie_pattern(forms, separator=" +", apostrophe="'")
            self._bytes_regex = re.compile(rf" ({ascii_trie})(?!\w)".encode("ascii"))

    @property
    def version(self) -> str:
        return self.lexicon.version

    def _candidates(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, lower-case form) of every match of a lexicon form, in order.

        Long texts are scanned in chunks of about 1 MB, cut at a line break, so that the
        working copies never hold more than a chunk.
        """
        bytes_regex = self._bytes_regex
        for offset, chunk in _chunks(text):
            if bytes_regex is not None:
                if "’" in chunk:
                    chunk = chunk.replace("’", "'")
                # One byte per character: anything outside ASCII becomes "?", then a space.
                scan = b" " + chunk.encode("ascii", "replace").lower().translate(_SPACES)
                for found in bytes_regex.finditer(scan):
                    start, end = found.span(1)
                    yield offset + start - 1, offset + end - 1, found.group(1).decode("ascii")
                continue
            low = chunk.lower()
            regex, start_regex = self._regex, self._start_regex
            if len(low) != len(chunk):
                # Rare: a character changes length when lower-cased ("İ"); keep indices exact.
                if self._ignorecase is None:
                    self._ignorecase = (
                        re.compile(self.pattern, re.IGNORECASE),
                        re.compile(self.start_pattern, re.IGNORECASE),
                    )
                regex, start_regex = self._ignorecase
                low = chunk
            position = 0
            first = start_regex.match(low)
            if first:
                position = first.end()
                yield offset, offset + position, first.group(1)
            for match in regex.finditer(low, position):
                start, end = match.span(1)
                yield offset + start, offset + end, match.group(1)

    def check(self, text: str, *, suppress: Iterable[str] = frozenset()) -> list[Finding]:
        """Findings in the order they appear.

        ``suppress`` holds terms (lexicon terms, or words as written) not to flag here, e.g. a
        child's own preferred words; matching ignores case, spaces and hyphens.
        """
        suppressed = {_normal(word.lower()) for word in suppress} if suppress else None
        use_context = self.use_context
        forms = self._forms
        findings: list[Finding] = []
        quotes = _Quotes(text)
        for start, end, matched in self._candidates(text):
            key = _normal(matched.lower())
            compiled = forms.get(key)
            if compiled is None:  # pragma: no cover - the pattern only matches known forms
                continue
            entry = compiled.entry
            original = text[start:end]
            if suppressed and (entry.key in suppressed or key in suppressed):
                continue
            if use_context:
                if (
                    compiled.case is not None
                    and key in compiled.case_keys
                    and not compiled.case.fullmatch(original)
                ):
                    continue
                if quotes.inside(start, end):
                    continue
                if key not in compiled.case_keys and in_title(
                    text, start, end, inside_name=entry.category in _SYSTEM_CATEGORIES
                ):
                    continue
                if compiled.rules is not None and not compiled.rules.allow(text, start, end):
                    continue
            findings.append(
                Finding(
                    start=start,
                    end=end,
                    text=original,
                    term=entry.term,
                    category=entry.category,
                    suggestions=entry.alternatives,
                    reason=entry.reason,
                )
            )
        return findings


_CHUNK = 1 << 20


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """Split a long text after a line break (or, failing that, a space) every ~1 MB."""
    if len(text) <= _CHUNK:
        yield 0, text
        return
    start = 0
    while start < len(text):
        stop = start + _CHUNK
        if stop >= len(text):
            yield start, text[start:]
            return
        cut = text.rfind("\n", stop - _CHUNK // 4, stop)
        if cut < 0:
            cut = text.rfind(" ", stop - _CHUNK // 4, stop)
        stop = cut + 1 if cut >= 0 else stop
        yield start, text[start:stop]
        start = stop


class _Quotes:
    """Direct quotations in a text, found paragraph by paragraph only when a candidate
    needs them (quotes never run across a line break)."""

    __slots__ = ("text", "line_start", "line_end", "spans")

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_start = -1
        self.line_end = -1
        self.spans: list[tuple[int, int]] = []

    def inside(self, start: int, end: int) -> bool:
        if not (self.line_start <= start < self.line_end):
            text = self.text
            line_start = text.rfind("\n", 0, start) + 1
            line_end = text.find("\n", start)
            if line_end < 0:
                line_end = len(text)
            self.line_start, self.line_end = line_start, line_end
            self.spans = [m.span() for m in _QUOTE_RE.finditer(text, line_start, line_end)]
        # A match that starts inside a quotation is the person's own words, even where the
        # lexicon's phrase runs on past the closing mark ("chose to go" with them).
        return any(q_start < start < q_end for q_start, q_end in self.spans)


@functools.cache
def default_checker() -> Checker:
    """The shipped lexicon, compiled once per process."""
    return Checker(default_lexicon())


def check(text: str, *, suppress: Iterable[str] = frozenset()) -> list[Finding]:
    """Check text against the shipped lexicon."""
    return default_checker().check(text, suppress=suppress)
