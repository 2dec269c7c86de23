"""The lexicon: which words the checker suggests alternatives for, and in which contexts.

A lexicon is an immutable list of entries, read from (and written to) the CSV format that the
organisation shares with partner agencies. Each entry gives a term, its variants, how it
inflects, a category, one to three alternatives, a one-sentence reason, its source, and
optional context rules that stop the entry matching where a word has another meaning.

CSV columns (a header row is required; only term, category, alternatives and reason must be
filled in, and every column except those four may be left out of the file):

- ``term``: the lemma, e.g. ``abscond`` or ``challenging behaviour``. Unique in a lexicon.
- ``variants``: other lemmas with the same advice, separated by ``|``.
- ``category``: one of CATEGORIES.
- ``alternatives``: one to three suggestions, separated by ``|``.
- ``reason``: one sentence saying why.
- ``source``: where the advice comes from.
- ``inflection``: ``noun`` (the last word takes plurals), ``verb`` (the first word takes
  -s, -ed, -ing) or ``none`` (the default). Irregular forms can be listed as variants.
  With ``verb``, a lemma written ``not <verb> …`` stands for every negated tense ("did not
  engage", "hasn't engaged", "was not engaging", "stopped engaging"). A lemma with a
  reflexive pronoun ("put herself at risk") also matches the other persons (himself,
  themselves).
- context rules, each a ``|``-separated list of phrases (see ``compile_phrases``):
  ``not_after`` / ``only_after``: the words just before the match;
  ``not_before`` / ``only_before``: the words just after it;
  ``unless_near`` / ``only_near``: anywhere in the same sentence, within 80 characters.
- ``advice``: which of the alternatives are advice ("describe what happened"), separated by
  ``|``; each must be one of the alternatives. The others are replacements: words of the same
  kind that can stand where the term stood (written as the base form of a verb entry, the
  singular of a noun entry), which the product offers as one-click buttons. Advice is shown as
  text and never inserted.

A word written in capitals in a term or variant (``LAC``, ``DNA``) only matches in capitals.
Spaces and hyphens in a term match each other ("attention seeking", "attention-seeking").

Pure Python, no Django: the Django app stores entries in the database and builds a Lexicon
from them with ``Lexicon(entries)``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from restorative.core.csv_safety import restore_cell, safe_cell
from restorative.language.morphology import INFLECTIONS, inflect, negated, reflexives

CATEGORIES: dict[str, str] = {
    "shaming": "Shaming: makes a child or family feel judged or a burden",
    "labelling": "Labelling: defines a person by a behaviour, condition or status",
    "blaming": "Blaming: puts responsibility on the child or family, or doubts their word",
    "institutional": "Institutional: system language where there are everyday words",
    "jargon": "Jargon or acronym: professional shorthand families may not understand",
    "deficit": "Deficit: defines a person by what they lack or suffer",
}

RULE_FIELDS = ("not_after", "not_before", "only_after", "only_before", "unless_near", "only_near")
COLUMNS = (
    "term",
    "variants",
    "category",
    "alternatives",
    "reason",
    "source",
    "inflection",
    *RULE_FIELDS,
    "advice",
)
REQUIRED_COLUMNS = ("term", "category", "alternatives", "reason")

# Word lists a rule phrase may name with @name, so the CSV stays readable.
MACROS: dict[str, tuple[str, ...]] = {
    "person": (
        "child",
        "children",
        "young person",
        "young people",
        "boy",
        "boys",
        "girl",
        "girls",
        "teenager",
        "teenagers",
        "teen",
        "teens",
        "son",
        "sons",
        "daughter",
        "daughters",
        "baby",
        "babies",
        "toddler",
        "toddlers",
        "infant",
        "infants",
        "kid",
        "kids",
        "adolescent",
        "adolescents",
        "lad",
        "lads",
        "youngster",
        "youngsters",
        "pupil",
        "pupils",
        "family",
        "families",
        "parent",
        "parents",
        "mother",
        "mothers",
        "father",
        "fathers",
        "mum",
        "mums",
        "dad",
        "dads",
        "carer",
        "carers",
        "household",
        "households",
        "man",
        "men",
        "woman",
        "women",
        "individual",
        "individuals",
        "sibling",
        "siblings",
        "young man",
        "young men",
        "young woman",
        "young women",
        "young mum",
        "young mother",
        "young mothers",
        "young parent",
        "young parents",
    ),
    "adult": (
        "mum",
        "dad",
        "mother",
        "father",
        "mum's",
        "dad's",
        "parent",
        "parents",
        "carer",
        "carers",
        "grandmother",
        "grandfather",
        "gran",
        "grandad",
        "nan",
        "stepfather",
        "stepmother",
        "aunt",
        "uncle",
        "partner",
        "guardian",
        "grandparent",
        "grandparents",
        "grandma",
        "grandpa",
        "granny",
        "nana",
        "auntie",
        "aunty",
        "stepdad",
        "stepmum",
        "step-dad",
        "step-mum",
        "uncles",
        "aunts",
    ),
    "be": (
        "is",
        "was",
        "are",
        "were",
        "be",
        "been",
        "being",
        "seems",
        "seemed",
        "appears",
        "appeared",
        "remains",
        "remained",
        "became",
        "becomes",
        "become",
        "is being",
        "was being",
        "can be",
        "could be",
        "has been",
        "had been",
        "have been",
        "very",
        "quite",
        "so",
        "really",
        "extremely",
        "increasingly",
        "often",
        "always",
        "highly",
        "particularly",
        "very much",
    ),
}

PHRASE_TOKEN = re.compile(r"^(?:_|#|@[a-z_]+|[\w'&/.+-]+\*?)$")


class LexiconError(ValueError):
    """A lexicon that cannot be used, with every problem found (line-numbered for a CSV)."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))


def split_list(value: str | None) -> tuple[str, ...]:
    """Split a ``|``-separated cell, dropping blanks and surrounding spaces."""
    if not value:
        return ()
    return tuple(part.strip() for part in value.split("|") if part.strip())


def _literal(word: str) -> str:
    return re.escape(word).replace("'", "['’]")


def _token_pattern(part: str, reverse: bool = False) -> str:
    if part == "_":
        return r"[\w'’]+"
    if part == "#":
        return r"(?:ma|mp)?[\d:.]*\d" if reverse else r"\d[\d:.]*(?:am|pm)?"
    if part.startswith("@"):
        words = sorted(MACROS[part[1:]], key=len, reverse=True)
        return "(?:" + "|".join(_words_pattern(w, reverse) for w in words) + ")"
    if part.endswith("*"):
        stem = part[:-1]
        return r"[\w'’]*" + _literal(stem[::-1]) if reverse else _literal(stem) + r"[\w'’]*"
    return _literal(part[::-1] if reverse else part)


def _words_pattern(words: str, reverse: bool = False) -> str:
    tokens = words.split()
    if reverse:
        tokens.reverse()
    return r"[\s\-]+".join(_token_pattern(token, reverse) for token in tokens)


def check_phrase(phrase: str) -> list[str]:
    """The phrase's tokens, lower case; ValueError if a rule phrase cannot be read."""
    tokens = phrase.lower().split()
    for token in tokens:
        if not PHRASE_TOKEN.match(token):
            raise ValueError(f"“{phrase}” has a word the rules cannot read: “{token}”")
        if token.startswith("@") and token[1:] not in MACROS:
            known = ", ".join("@" + name for name in MACROS)
            raise ValueError(f"“{phrase}” uses {token}, which is not one of {known}")
    return tokens


def compile_phrases(phrases: Iterable[str], *, reverse: bool = False) -> str:
    """Turn rule phrases into one regex alternation (lower case, whole words).

    In a phrase: words are matched whole and case-insensitively; ``word*`` matches any word
    starting with ``word``; ``_`` matches any one word; ``#`` matches a number or a time;
    ``@person``, ``@adult`` and ``@be`` match a word from MACROS. Spaces match any run of
    spaces or hyphens. ``reverse=True`` gives the pattern for the reversed text (used to
    test the words just before a match with one anchored match instead of a search).
    """
    parts = []
    for phrase in phrases:
        tokens = check_phrase(phrase)
        if tokens:
            parts.append(_words_pattern(" ".join(tokens), reverse))
    return "(?:" + "|".join(parts) + ")"


@dataclass(frozen=True, slots=True)
class EngineEntry:
    """One piece of advice as the engine holds it: a term (with variants), what to say instead,
    and why. Immutable; the editable row in the database is `models.LexiconEntry`."""

    term: str
    category: str
    alternatives: tuple[str, ...]
    reason: str
    variants: tuple[str, ...] = ()
    source: str = ""
    inflection: str = "none"
    not_after: tuple[str, ...] = ()
    not_before: tuple[str, ...] = ()
    only_after: tuple[str, ...] = ()
    only_before: tuple[str, ...] = ()
    unless_near: tuple[str, ...] = ()
    only_near: tuple[str, ...] = ()
    advice: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The term as the lexicon identifies it (case-insensitive)."""
        return self.term.casefold()

    @property
    def has_context(self) -> bool:
        return any(getattr(self, name) for name in RULE_FIELDS)

    def problems(self) -> list[str]:
        """What is wrong with this entry, in words an editor can act on."""
        found = []
        if not self.term.strip():
            found.append("Enter the term")
        if self.category not in CATEGORIES:
            found.append(f"Category “{self.category}” is not one of: {', '.join(CATEGORIES)}")
        if not 1 <= len(self.alternatives) <= 3:
            found.append("Give between 1 and 3 alternatives, separated by |")
        if not self.reason.strip():
            found.append("Enter a one-sentence reason")
        unknown_advice = [a for a in self.advice if a not in self.alternatives]
        if unknown_advice:
            found.append(
                "Advice must be among the alternatives: "
                + ", ".join(f"“{a}”" for a in unknown_advice)
            )
        if self.inflection not in INFLECTIONS:
            found.append(f"Inflection must be one of: {', '.join(INFLECTIONS)}")
        for name in RULE_FIELDS:
            try:
                compile_phrases(getattr(self, name))
            except ValueError as error:
                found.append(f"{name}: {error}")
        return found

    @property
    def replacements(self) -> tuple[str, ...]:
        """The alternatives that can stand where the term stood (the rest are advice)."""
        return tuple(a for a in self.alternatives if a not in self.advice)

    def lemmas(self) -> tuple[str, ...]:
        return (self.term, *self.variants)

    def surface_forms(self) -> list[str]:
        """Every written form: lemmas, their inflections, and a closed "non"/"un" spelling."""
        forms: dict[str, None] = {}
        inflection = self.inflection if self.inflection in INFLECTIONS else "none"
        for lemma in self.lemmas():
            lemma = " ".join(lemma.replace("’", "'").split())
            for written in reflexives(lemma):
                # "not engage" stands for every negated tense; other lemmas inflect.
                if written.startswith("not ") and inflection == "verb":
                    generated = negated(written)
                else:
                    generated = inflect(written, inflection)
                for form in generated:
                    forms.setdefault(form, None)
                    closed = re.sub(r"^(non|un|co)[ -]", r"\1", form)
                    forms.setdefault(closed, None)
        return list(forms)

    def as_row(self) -> dict[str, str]:
        """The entry as a CSV row (the shared export format)."""
        row = {
            "term": self.term,
            "variants": "|".join(self.variants),
            "category": self.category,
            "alternatives": "|".join(self.alternatives),
            "reason": self.reason,
            "source": self.source,
            "inflection": self.inflection,
        }
        for name in RULE_FIELDS:
            row[name] = "|".join(getattr(self, name))
        row["advice"] = "|".join(self.advice)
        return row

    @classmethod
    def from_row(cls, row: dict[str, str | None]) -> EngineEntry:
        def cell(name: str) -> str:
            return (row.get(name) or "").strip()

        return cls(
            term=" ".join(cell("term").split()),
            variants=split_list(cell("variants")),
            category=cell("category").lower(),
            alternatives=split_list(cell("alternatives")),
            reason=cell("reason"),
            source=cell("source"),
            inflection=cell("inflection").lower() or "none",
            **{name: split_list(cell(name)) for name in RULE_FIELDS},
            advice=split_list(cell("advice")),
        )


class Lexicon:
    """An immutable, validated set of entries; build a Checker from it to check text."""

    __slots__ = ("entries", "version", "_by_key")

    entries: tuple[EngineEntry, ...]
    version: str

    def __init__(self, entries: Iterable[EngineEntry], version: str = "") -> None:
        entries = tuple(entries)
        errors = _validate(entries, [f"Entry “{entry.term}”" for entry in entries])
        if errors:
            raise LexiconError(errors)
        self.entries = entries
        self.version = version
        self._by_key = {entry.key: entry for entry in entries}

    def __repr__(self) -> str:
        return f"<Lexicon version={self.version!r} entries={len(self.entries)}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Lexicon) and self.entries == other.entries

    def __hash__(self) -> int:
        return hash(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[EngineEntry]:
        return iter(self.entries)

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and term.casefold() in self._by_key

    def get(self, term: str) -> EngineEntry | None:
        return self._by_key.get(term.casefold())

    @property
    def fingerprint(self) -> str:
        """A hash of the content, for caching a compiled Checker per lexicon."""
        return hashlib.sha256(self.to_csv().encode()).hexdigest()[:16]

    def without(self, terms: Iterable[str]) -> Lexicon:
        """A copy with the given terms disabled (matched case-insensitively)."""
        drop = {term.casefold() for term in terms}
        return Lexicon((e for e in self.entries if e.key not in drop), version=self.version)

    def with_entries(self, entries: Iterable[EngineEntry]) -> Lexicon:
        """A copy with entries added, replacing any existing entry with the same term."""
        new = {entry.key: entry for entry in entries}
        kept = [e for e in self.entries if e.key not in new]
        return Lexicon([*kept, *new.values()], version=self.version)

    def replace_entry(self, term: str, **changes: object) -> Lexicon:
        entry = self.get(term)
        if entry is None:
            raise KeyError(term)
        if "alternatives" in changes and "advice" not in changes:  # keep advice that still applies
            kept = changes["alternatives"]
            changes["advice"] = tuple(a for a in entry.advice if a in kept)  # type: ignore[operator]
        return self.with_entries([replace(entry, **changes)])  # type: ignore[arg-type]

    # --- CSV -------------------------------------------------------------------------------

    @classmethod
    def from_csv_text(cls, text: str, *, version: str = "") -> Lexicon:
        """Read the CSV export format; raise LexiconError listing every bad line."""
        reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
        header = [name.strip().lower() for name in (reader.fieldnames or [])]
        missing = [name for name in REQUIRED_COLUMNS if name not in header]
        if missing:
            raise LexiconError(
                [f"Line 1: the header must include the columns {', '.join(missing)}"]
            )
        unknown = [name for name in header if name and name not in COLUMNS]
        if unknown:
            raise LexiconError([f"Line 1: unknown columns {', '.join(unknown)}"])
        reader.fieldnames = header
        entries, labels, errors = [], [], []
        for row in reader:
            line = reader.line_num
            if None in row:
                errors.append(f"Line {line}: more cells than columns in the header")
                continue
            if not any((value or "").strip() for value in row.values()):
                continue
            # A file we exported for spreadsheets has its formula-like cells (rule phrases
            # start with @) prefixed with an apostrophe: take it off again.
            entries.append(
                EngineEntry.from_row(
                    {name: restore_cell(value or "") for name, value in row.items()}
                )
            )
            labels.append(f"Line {line}")
        errors += _validate(tuple(entries), labels)
        if errors:
            raise LexiconError(errors)
        if not entries:
            raise LexiconError(["The file has no entries"])
        return cls(entries, version=version)

    @classmethod
    def from_csv(cls, path: str | Path, *, version: str | None = None) -> Lexicon:
        """Read a lexicon CSV file; the version is read from a VERSION file beside it if any."""
        path = Path(path)
        if version is None:
            version_file = path.with_name("VERSION")
            version = version_file.read_text().strip() if version_file.exists() else ""
        return cls.from_csv_text(path.read_text(encoding="utf-8"), version=version)

    def to_csv(self, *, spreadsheet_safe: bool = False) -> str:
        """The CSV export format. `spreadsheet_safe` prefixes an apostrophe to every cell a
        spreadsheet would run as a formula (security.md item 10): a download from the site is
        opened in Excel by someone. `from_csv_text` removes the apostrophes again, so the
        file re-imports unchanged. The shipped file and the version fingerprint use the
        plain form."""
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for entry in self.entries:
            row = entry.as_row()
            if spreadsheet_safe:
                row = {name: safe_cell(value) for name, value in row.items()}
            writer.writerow(row)
        return out.getvalue()


def _normal_form(form: str) -> str:
    return re.sub(r"[\s\-]+", " ", form.lower().replace("’", "'")).strip()


def _validate(entries: tuple[EngineEntry, ...], labels: list[str]) -> list[str]:
    errors: list[str] = []
    terms: dict[str, str] = {}
    forms: dict[str, str] = {}
    for entry, label in zip(entries, labels, strict=True):
        errors += [f"{label}: {problem}" for problem in entry.problems()]
        if entry.key in terms:
            errors.append(f"{label}: the term “{entry.term}” is already at {terms[entry.key]}")
            continue
        terms[entry.key] = label
        if entry.inflection not in INFLECTIONS:
            continue
        for form in entry.surface_forms():
            normal = _normal_form(form)
            owner = forms.setdefault(normal, label)
            if owner != label:
                errors.append(f"{label}: “{form}” is already matched by the entry at {owner}")
    return errors


DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_LEXICON_PATH = DATA_DIR / "lexicon.csv"


def default_lexicon() -> Lexicon:
    """The lexicon shipped with the product (data/lexicon.csv, version in data/VERSION)."""
    return Lexicon.from_csv(DEFAULT_LEXICON_PATH)
