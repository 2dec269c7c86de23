"""Who a flagged phrase is about: a child or family member, or someone (or something) else.

The same words are a label when they describe a child, a parent or a carer ("Mum refused",
"an aggressive father", "the home is chaotic") and an ordinary description when they describe
the writer, a professional, a service or a thing ("we refused the request", "the school's
refusal", "the interpreter was late and the meeting was difficult"). Issue 17 asks the engine
to tell these apart without a parser, so this module looks at the few words around a match:

- a passive with an agent ("was refused by Mum"): the agent after "by";
- an adjective directly before a noun it describes ("an aggressive father"): that noun;
- otherwise the nearest noun or pronoun before the match in the same sentence, read
  backwards, including possessives ("the school's refusal") and names (a capitalised word).

The word lists live in data/subjects.csv so the language lead can edit them. Family members
are a closed class (kinship words, names and pronouns), so a noun that heads its own phrase
("the old lawnmower", "two adult men", "Jade's new job") and is in neither list is someone or
something else. A subject that cannot be read at all is "unknown", and an unknown subject is
flagged: the checker suggests, the practitioner decides.

Pure Python, no Django; only called for the rare candidate matches of entries that ask for it.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Mapping
from pathlib import Path

FAMILY = "family"
OTHER = "other"
UNKNOWN = "unknown"
KINDS = (FAMILY, OTHER)

DATA_DIR = Path(__file__).resolve().parent / "data"
SUBJECTS_PATH = DATA_DIR / "subjects.csv"


# Words skipped when looking back for the subject: articles, auxiliaries, adverbs, negation,
# conjunctions and the small verbs that come between a subject and what it did.
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_SKIP = _words(
    """a an the and or but also then again still now just only even really very so quite too
    has have had having is was are were be been being am do does did not never no n't
    will would can could should may might must shall to repeatedly continually constantly
    always often sometimes previously initially later subsequently immediately again once
    who which whom whose that all both each either neither then when while as if because
    reportedly apparently clearly strongly firmly flatly completely totally
    has've i'd he'd she'd they'd we'd it's he's she's they're we're i'm
    extremely increasingly particularly highly rather more most bit little somewhat
    incredibly seem seems seemed appear appears appeared became become becomes remains remained
    got gets getting felt feels looked looks sounded sounds described seen regarded viewed
    perceived considered known presented presents portrayed labelled found came comes across
    recovering former convicted reformed self confessed proper"""
)
# Sentence starters written with a capital that are not names.
_NOT_NAMES = _words(
    """the a an when while after before during at on in on following since although though
    if as this that these those there today yesterday later earlier mr mrs ms miss dr
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december"""
)
_PROFESSIONAL_TITLES = _words(
    "dr doctor pc ps dc sgt sergeant inspector judge professor prof nurse officer councillor"
)
_HONORIFICS = _words("mr mrs ms miss mx")
# Endings of the names of professions, so a profession missing from subjects.csv is still
# read as a professional ("the audiologist did not attend", "the dentist refused", "the
# assessor insisted"). No word for a relative ends like these; the verbs that end in "-ist"
# (insist, resist, assist, exist) are left out by the rule in _is_profession.
_PROFESSION_ENDINGS = (
    "ologist",
    "iatrist",
    "ician",
    "therapist",
    "ographer",
    "ometrist",
    "ist",
    "ator",
    "itor",
    "ctor",
    "ssor",
    "isor",
    "ntor",
    "utor",
    "llor",
    "eyor",
    "opath",
)
_NOT_PROFESSION_ENDINGS = ("sist", "xist")
_PLURAL_PRONOUNS = _words("they them their")
_PRONOUNS = _words("i we you he she they it me us him her them my our your his its their")
_DETERMINERS = _words("the a an her his their my our your its this that these those")
_DEFINITE = _words("the this that these those")
# Roles a parent or a child may be named by in a record ("the patient denies drinking", "the
# student refused"): neither family nor other, so they stay unknown.
_MAY_BE_FAMILY = _words(
    """patient patients client clients student students claimant claimants applicant
    applicants learner learners individual individuals subject tenant tenants occupant
    occupants caller callers"""
)
_PREPOSITIONS = _words(
    "at in on with from for of by during towards toward to around about after before without"
    " up down over across through into onto along past under near round inside outside"
)
# Short lower-case words inside a place's name ("Pen y Fan", "Stratford upon Avon").
_NAME_JOINERS = _words("y de la le du upon")
# Prepositions whose noun is never the subject; "after" and "before" also join clauses
# ("after Kai kicked off"), so only the reading right before an adjective skips them.
_PLAIN_PREPOSITIONS = _PREPOSITIONS - _words("after before")
_SUBJECT_PRONOUNS = _words("she he")
_TOKEN_RE = re.compile(r"[A-Za-z][\w’']*")
_CLAUSE_END_RE = re.compile(r"[.!?;:\n]\s")
_BY_AGENT_RE = re.compile(
    r"\s+(by|from)\s+(?:(?:the|her|his|their|our|a|an|my|its|several|some|two|three|many|other)\s+)?"
    r"([A-Za-z][\w’']*)((?:\s+[A-Za-z][\w’']*){0,3})"
)
_LOOK_BACK = 200
_MAX_WORDS = 12


def load_subjects(path: Path = SUBJECTS_PATH) -> dict[str, str]:
    """word -> kind from a CSV with columns word,kind (lines starting with # are comments)."""
    lines = [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    words: dict[str, str] = {}
    for row in csv.DictReader(lines):
        word = (row.get("word") or "").strip().lower()
        kind = (row.get("kind") or "").strip().lower()
        if not word:
            continue
        if kind not in KINDS:
            raise ValueError(f"{path.name}: “{word}” has kind “{kind}”, not one of {KINDS}")
        words[word] = kind
    return words


@functools.cache
def default_subjects() -> Mapping[str, str]:
    return load_subjects()


@functools.lru_cache(maxsize=8192)
def _head(word: str) -> str:
    """The word in small letters without a possessive ending (cached: a page of text repeats
    the same few hundred words)."""
    low = word.lower().replace("’", "'")
    if low.endswith("'s") or low.endswith("s'"):
        low = low[:-2] if low.endswith("'s") else low[:-1]
    return low


def _kind_of(
    word: str, words: Mapping[str, str], *, capital_is_name: bool, capitals: bool = False
) -> str | None:
    """family/other for a known word or a name; None for a word to look past."""
    head = _head(word)
    if head in words:
        return words[head]
    if len(head) > 3 and head.endswith("s") and head[:-1] in words:  # "health visitors"
        return words[head[:-1]]
    if head in _SKIP:
        return None
    if _is_profession(head) or _is_profession(head[:-1] if head.endswith("s") else ""):
        return OTHER  # "audiologist", "paediatrician", "physiotherapist", "the assessors"
    if not capitals and 2 <= len(word) <= 6 and word.isupper() and word.isalpha():
        return OTHER  # an acronym: a service or a role ("the PCSO", "CAMHS", "the DSL")
    if capital_is_name and word[:1].isupper() and head not in _NOT_NAMES:
        return FAMILY  # a name: in a case record, almost always the child or a relative
    return None


def _is_profession(head: str) -> bool:
    """True for a word that names a profession by its ending ("dentist", "assessor")."""
    return (
        len(head) > 5
        and head.endswith(_PROFESSION_ENDINGS)
        and not head.endswith(_NOT_PROFESSION_ENDINGS)
    )


def is_participle(phrase: str) -> bool:
    """True for a phrase ending in a past participle ("refused", "denied", "recruited")."""
    return phrase.lower().endswith(("ed", "en", "wn", "ght"))


# Nouns after which "from" names what was left, not who did it.
_FROM_IS_PLACE = ("disengagement", "withdrawal", "absence", "exclusion", "separation")


def is_action_noun(phrase: str) -> bool:
    """True for a noun of action whose doer may follow "by" or "from" ("non-engagement by
    the probation service", "refusal by the school", "compliance from Dad")."""
    return phrase.lower().endswith(("ment", "ance", "ence", "al", "sion", "tion"))


def agent_after(text: str, end: int, words: Mapping[str, str] | None = None) -> str | None:
    """The kind of the agent of a passive ("was refused by the school"), or of a noun of
    action ("non-engagement by the probation service", "engagement from partner agencies"),
    or None."""
    words = default_subjects() if words is None else words
    found = _BY_AGENT_RE.match(text, end)
    if not found:
        return None
    # The agent is the last known noun of the words after "by" ("by partner agencies", "by
    # the youth offending service", "by Jack's teacher"), up to a small word ("by Dad on
    # Saturday"); else the first word when it is a name, else the word after it, which a
    # describing word may stand before ("by his elder brother").
    if found.group(1) == "from" and (
        is_participle(text[max(0, end - 16) : end])
        or text[max(0, end - 16) : end].lower().endswith(_FROM_IS_PLACE)
    ):
        return None  # "disengaged from school", "disengagement from CAMHS": not an agent
    word, rest = found.group(2), found.group(3).split()
    following = rest[0] if rest else None
    if _head(word) in _PROFESSIONAL_TITLES:
        return OTHER  # "by Dr Patel"
    if _head(word) in _HONORIFICS and following:
        return _kind_of(following, words, capital_is_name=True) or UNKNOWN  # "by Mr Petrovic"
    if _head(word) not in _PRONOUNS:
        compound = None
        for later in rest:
            head = _head(later)
            if head in _SKIP or head in _PREPOSITIONS or head in _PRONOUNS:
                break
            compound = words.get(head, compound)
        if compound is not None:
            return compound
    first = _kind_of(word, words, capital_is_name=True)
    if first is not None or not following:
        return first or UNKNOWN
    return _kind_of(following, words, capital_is_name=False) or UNKNOWN


def _word_after(text: str, end: int, joiners: str = " ") -> re.Match[str] | None:
    """The word right after a match, when one space (or a joiner) stands between them."""
    if text[end : end + 1] and text[end : end + 1] in joiners:
        return _TOKEN_RE.match(text, end + 1)
    return None


def noun_after(text: str, end: int, words: Mapping[str, str] | None = None) -> str | None:
    """The kind of a known noun directly after an adjective ("an aggressive father"), or None."""
    words = default_subjects() if words is None else words
    found = _word_after(text, end, joiners=" -")
    if not found:
        return None
    return words.get(_head(found.group()))


def subject_before(
    text: str,
    start: int,
    words: Mapping[str, str] | None = None,
    *,
    immediate: bool = False,
    verb: bool = False,
) -> str:
    """FAMILY, OTHER or UNKNOWN: the nearest noun or pronoun before ``start`` in its clause.

    ``immediate=True`` looks only at the first word that is not an auxiliary or an adverb
    (the subject of "the move was challenging" is "move", not the "Mum" who said it).
    ``verb=True`` says the match is a verb, so a noun right before it is its subject ("a
    local paper claims"), where before a noun or an adjective it might describe the match.
    """
    words = default_subjects() if words is None else words
    left = max(0, start - _LOOK_BACK)
    head = text[left:start]
    ends = list(_CLAUSE_END_RE.finditer(head))
    if ends:
        head = head[ends[-1].end() :]
    found = list(_TOKEN_RE.finditer(head))
    tokens = [match.group() for match in found]
    skip_to = len(tokens)
    # Text written in capitals ("JACK ABSCONDED") has no acronyms to tell apart.
    following = _TOKEN_RE.match(text, start)
    capitals = bool(following and following.group().isupper())
    for index in range(len(tokens) - 1, max(-1, len(tokens) - 1 - _MAX_WORDS), -1):
        if index >= skip_to:
            continue
        token = tokens[index]
        # The noun of a phrase such as "at school", "on time", "at the nursing home" or "up
        # Pen y Fan" is not the subject ("Mum arrived on time but refused"); a place's name
        # is read as one word.
        before = index - 1
        while before >= 0 and (
            _head(tokens[before]) in _DETERMINERS
            or _head(tokens[before]) in _NAME_JOINERS
            or (token[:1].isupper() and tokens[before][:1].isupper())
        ):
            before -= 1
        if (
            before >= 0
            and _head(tokens[before]) not in _PREPOSITIONS
            and token.islower()
            and _head(token) not in _PRONOUNS
        ):
            before = _past_modifiers(tokens, index, words) - 1
        if before >= 0 and _head(tokens[before]) in (
            _PREPOSITIONS if immediate else _PLAIN_PREPOSITIONS
        ):
            skip_to = before
            continue
        if index > 0:
            first, second = _head(tokens[index - 1]), _head(token)
            pair = (
                words.get(f"{first}'s {second}")
                or words.get(f"{first} {second}")
                or words.get(f"{first}-{second}")
            )
            if pair is not None:
                return pair  # "the children's guardian", a title of two words
        if index > 0 and token[:1].isupper() and _head(tokens[index - 1]) in _PROFESSIONAL_TITLES:
            return OTHER  # "Dr Patel", "PC Jones", "Judge Clarke"
        if index > 0 and token[:1].isupper() and _head(tokens[index - 1]) in _HONORIFICS:
            # "Ms Ward", "Mr Bell": a surname, even one that is also a noun; but "her social
            # worker, Ms Khan," is the professional named before it.
            return _apposition(head, found[index - 1].start(), found[index].end(), words) or FAMILY
        # A capital at the start of a sentence is weaker evidence of a name.
        kind = _kind_of(
            token,
            words,
            capital_is_name=index > 0 or not token.lower().endswith(("ly", "ing")),
            capitals=capitals,
        )
        if kind == OTHER and _family_conjunct(tokens[:index], words):
            return FAMILY  # "Jack and his friends refused": the family member counts too
        if kind == FAMILY and _another(tokens, index):
            return OTHER  # "another father on the ward", "the other parents at the gate"
        if (
            kind == FAMILY
            and _head(token) in _REFLEXIVES
            and index > 0
            and tokens[index - 1].islower()
            and _kind_of(tokens[index - 1], words, capital_is_name=False) == OTHER
        ):
            return OTHER  # "the bus driver himself": the noun before the reflexive
        if kind is not None:
            if _head(token) in _PLURAL_PRONOUNS:
                return _antecedent(tokens[:index], words) or kind
            if kind == FAMILY and token[:1].isupper() and _head(token) not in words:
                kind = _apposition(head, found[index].start(), found[index].end(), words) or kind
                if _named_thing(found, index, words):
                    return OTHER  # "our dog Pepper", "her friend Tom", "the horse Bluebell"
            if (
                _head(token) in _SUBJECT_PRONOUNS
                and index > 0
                and head[: found[index].start()].rstrip().endswith(",")
                and _only_others(tokens[:index], words)
            ):
                return OTHER  # "When I asked the ward manager for it, she refused"
            return kind
        if (
            token.islower()
            and token.isalpha()
            and _head(token) not in _MAY_BE_FAMILY
            and _head(token) not in _SKIP
            and _head(token) not in _PREPOSITIONS
            and _heads_phrase(tokens, index, skip_to, words, verb=verb)
        ):
            # "The hotel claims", "the old lawnmower has been playing up", "Jade's new job is
            # demanding", "two adult men had been": a noun in neither list, introduced by an
            # article, a number or a possessive, right before the verb. Family members are
            # named by the closed list of kinship words, by name or by pronoun; any other
            # noun is someone or something else.
            return OTHER
        if immediate and _head(token) not in _SKIP:
            return UNKNOWN
    return UNKNOWN


# Words that introduce a noun phrase: articles, possessive pronouns, numbers and quantities.
_INTRODUCERS = _DETERMINERS | _words(
    """our some several many few two three four five six seven eight nine ten both all any
    no every each another other"""
)


# Prepositions and the words that open a clause ("since the summer holidays Taye ...").
_CLAUSE_OPENERS = _PREPOSITIONS | _words(
    "since when while until till as because although though if unless once whereas"
)


def _past_modifiers(tokens: list[str], index: int, words: Mapping[str, str]) -> int:
    """The index of the word that introduces the noun phrase ending at tokens[index] ("the",
    "two", "Jade's", "our"), past at most two describing words ("the old lawnmower", "two
    adult men"); ``index + 1`` when no such word stands there, so the noun is not known to
    head a phrase of its own."""
    at = index - 1
    for _ in range(3):
        if at < 0:
            return index + 1
        word = tokens[at]
        head = word.lower().replace("’", "'")
        if head in _INTRODUCERS or (head.endswith(("'s", "s'")) and len(head) > 2):
            if at > 0 and word[:1].isupper() and _head(tokens[at - 1]) in _HONORIFICS:
                return at - 1  # "outside Ms Ince's flat"
            return at
        if (
            not word.islower()
            or not word.isalpha()
            or len(word) < 2
            or head in _SKIP
            or head in _PREPOSITIONS
            or head in _PRONOUNS
            or words.get(head) == FAMILY
            or (head.endswith("s") and words.get(head[:-1]) == FAMILY)
        ):
            return index + 1
        at -= 1
    return index + 1


_REFLEXIVES = _words("himself herself themselves")


def _another(tokens: list[str], index: int) -> bool:
    """True when a family word is someone else's: "another father", "the other parents"
    (but "his other sister" is the family's own)."""
    if index < 1:
        return False
    before = _head(tokens[index - 1])
    if before == "another":
        return True
    if tokens[index - 1].lower().replace("’", "'").endswith("'s") and index >= 2:
        # "the other pupil's mother", "another girl's dad": the other one's relative
        return _another(tokens, index - 1)
    return before == "other" and (index < 2 or _head(tokens[index - 2]) in ("the", "some"))


def _heads_phrase(
    tokens: list[str], index: int, skip_to: int, words: Mapping[str, str], *, verb: bool = False
) -> bool:
    """True when tokens[index] is the noun of its own phrase and only auxiliaries, adverbs or
    a phrase after a preposition stand between it and the match: "the hotel claims", "two
    adult men had been", "the centile lines on the chart exaggerate". A word right before the
    match may instead describe it ("a persistent absconder", "a known heroin addict"), so
    there only "the" (or "this", "that") right before counts."""
    between = tokens[index + 1 : skip_to]
    if index == len(tokens) - 1 and not verb:
        return index > 0 and _head(tokens[index - 1]) in _DEFINITE
    return _past_modifiers(tokens, index, words) < index and all(
        _head(later) in _SKIP or later.endswith("ly") for later in between
    )


def _named_thing(found: list[re.Match[str]], index: int, words: Mapping[str, str]) -> bool:
    """True when the name at found[index] follows, with only a space between, a noun that
    says what it names and that noun is not a family word: "our dog Pepper", "her friend
    Tom", "Dad's friend Gaz" (but not "the teacher), Aiyana" or "said that Leah")."""
    if index < 2 or found[index - 1].end() + 1 != found[index].start():
        return False
    tokens = [match.group() for match in found[: index + 1]]
    noun = tokens[index - 1]
    head = _head(noun)
    if (
        not noun.islower()
        or not noun.isalpha()
        or head in _SKIP
        or head in _DETERMINERS
        or head in _PRONOUNS
        or head in _PREPOSITIONS
        or head in _MAY_BE_FAMILY
        or words.get(head) == FAMILY
    ):
        return False
    # The noun comes straight after "our", "the" or "her" ("our dog Pepper"), so that a verb
    # is not read as one ("the police log says Tiernan"); a phrase after a preposition or a
    # word that opens a clause is not the one the name stands beside ("since the summer
    # holidays Taye ...").
    introducer = index - 2
    word = tokens[introducer].lower().replace("’", "'")
    return (_head(word) in _INTRODUCERS or word.endswith("'s")) and (
        introducer == 0 or _head(tokens[introducer - 1]) not in _CLAUSE_OPENERS
    )


def _family_conjunct(tokens: list[str], words: Mapping[str, str]) -> bool:
    """True when the words before a noun end in "<family member> and (the/his...)": the two
    share the verb ("Jack and his friends refused", "Mum and her boss insisted")."""
    index = len(tokens) - 1
    while index >= 0 and _head(tokens[index]) in _DETERMINERS:
        index -= 1
    if index < 1 or _head(tokens[index]) not in ("and", "or"):
        return False
    index -= 1
    return _kind_of(tokens[index], words, capital_is_name=True) == FAMILY


_APPOSITION_RE = re.compile(r"([A-Za-z][\w’']*)\s*,\s*$")


def _apposition(text: str, start: int, end: int, words: Mapping[str, str]) -> str | None:
    """OTHER when the name at text[start:end] stands between commas after a professional,
    a service or a thing ("her social worker, Ms Khan, refused"); else None."""
    if not text[end:].lstrip().startswith(","):
        return None
    before = _APPOSITION_RE.search(text, max(0, start - 40), start)
    if before and words.get(_head(before.group(1))) == OTHER:
        return OTHER
    return None


def clause_subject(text: str, position: int, words: Mapping[str, str] | None = None) -> str:
    """FAMILY, OTHER or UNKNOWN: the first noun, pronoun or name of the sentence before
    ``position``, read forwards: the subject two coordinated verbs share ("Ravi refused his
    breakfast and was defiant")."""
    words = default_subjects() if words is None else words
    head = text[max(0, position - _LOOK_BACK) : position]
    ends = list(_CLAUSE_END_RE.finditer(head))
    if ends:
        head = head[ends[-1].end() :]
    tokens = _TOKEN_RE.findall(head)
    for index, token in enumerate(tokens):
        if _head(token) in _PROFESSIONAL_TITLES and index + 1 < len(tokens):
            return OTHER
        kind = _kind_of(token, words, capital_is_name=True)
        if kind is not None:
            return kind
    return UNKNOWN


def _only_others(tokens: list[str], words: Mapping[str, str]) -> bool:
    """True when the words before a "she" or "he" name someone, and only professionals,
    services or things: no family word and no name, so the pronoun stands for one of them."""
    seen = False
    for token in tokens:
        head = _head(token)
        if head in _PRONOUNS:
            continue
        kind = _kind_of(token, words, capital_is_name=True)
        if kind == FAMILY:
            return False
        seen = seen or kind == OTHER
    return seen


def _antecedent(tokens: list[str], words: Mapping[str, str]) -> str | None:
    """What "they" most likely stands for: the nearest listed noun before it in the sentence
    ("I rang the school and they refused" is the school), or None."""
    for token in reversed(tokens):
        head = _head(token)
        if head in _PRONOUNS:
            continue
        kind = _kind_of(token, words, capital_is_name=False)
        if kind is not None:
            return kind
    return None


def subject_of(
    text: str,
    start: int,
    end: int,
    *,
    adjective: bool = False,
    immediate: bool = False,
    verb: bool = False,
    words: Mapping[str, str] | None = None,
) -> str:
    """Who the phrase text[start:end] is about: FAMILY, OTHER or UNKNOWN."""
    words = default_subjects() if words is None else words
    phrase = text[start:end]
    if is_action_noun(phrase):
        owner = possessive_before(text, start, words)
        if owner is not None:
            return owner  # "Kelsey's disengagement", "the school's refusal"
    agent = (
        agent_after(text, end, words) if is_participle(phrase) or is_action_noun(phrase) else None
    )
    if agent is not None and agent != UNKNOWN:
        return agent
    if adjective:
        described = noun_after(text, end, words)
        if described is not None:
            return described
        if thing_noun_after(text, end, words):
            return OTHER  # "volatile solvents", "an aggressive form of arthritis"
    return subject_before(text, start, words, immediate=immediate, verb=verb)


# What a person says or does, named by a noun: a describing word before one of these is
# about the person who said or did it ("aggressive texts", "evasive answers").
_ACTS = _words(
    """outburst outbursts comment comments remark remarks language tone texts text messages
    message emails email calls call answers answer responses response reaction reactions
    words voice manner stance posture gestures gesture shouting swearing conduct actions
    action approach demands demand behaviours behaviors episodes episode moods ways way
    personality nature streak side character traits trait tendencies tendency style
    phase spells spell drinking drug use self image presentation views view outlook
    replies reply letters letter notes note posts post threats threat insults insult
    account accounts story stories version versions explanation explanations statement
    statements excuse excuses lies lie description descriptions evidence claims claim"""
)
# Words after an adjective that are not a noun it describes.
_NOT_DESCRIBED = _words(
    """today tonight yesterday tomorrow now again lately recently yet too enough towards
    toward and or but nor than then with without at in on to of for about around
    by from into onto over under since until during after before throughout
    whenever when while whilst if because though although unless once as so
    one two three four five six seven eight nine ten several many times"""
)


# Nouns in -er that name a person by what they do ("an aggressive drinker") and are in neither
# list of data/subjects.csv (the words there, "carer" or "offender", are read from it); other
# nouns in -er after a describing word are things ("a defiant equaliser", "a volatile heater").
_PERSON_ER = _words(
    """drinker smoker gambler user sleeper eater talker learner mover fighter biter hitter
    kicker screamer shouter spender runner abuser seeker taker maker keeper lover liar
    parenter leaver"""
)


def thing_noun_after(text: str, end: int, words: Mapping[str, str] | None = None) -> bool:
    """True when an adjective stands right before a noun that names no person and nothing a
    person says or does: then it describes that thing ("volatile solvents", "alcoholic ginger
    beer", "an aggressive form of arthritis"), not a family member."""
    words = default_subjects() if words is None else words
    found = _word_after(text, end)
    if not found:
        return False
    word = found.group()
    head = _head(word)
    # "an unmotivated young man", "a defiant eight-year-old", "an aggressive drinker": the
    # noun a few words on, or a noun that names someone by what they do, is a person.
    phrase = re.split(r"[,.;:!?()]", text[found.start() : found.start() + 40], maxsplit=1)[0]
    ahead = _TOKEN_RE.findall(phrase.replace("-", " "))[:4]
    for later, after in zip(ahead, [*ahead[1:], ""], strict=True):
        pair = words.get(f"{_head(later)} {_head(after)}")
        if pair is not None:
            return pair == OTHER  # "aggressive sparring partners", "a hostile young man"
        if _kind_of(later, words, capital_is_name=False) == FAMILY:
            return False
    return (
        head.rstrip("s") not in _PERSON_ER
        and word.islower()
        and word.isalpha()
        and len(word) > 2
        and not word.endswith("ly")
        and head not in words
        and not (head.endswith("s") and head[:-1] in words)
        and head not in _SKIP
        and head not in _NOT_DESCRIBED
        and head not in _PRONOUNS
        and head not in _DETERMINERS
        and head not in _MAY_BE_FAMILY
        and head not in _ACTS
        and not _is_profession(head)
    )


RULES_PATH = DATA_DIR / "rules.csv"
DESCRIBED = ("", "person", "adjective", "holder", "label", "of_thing", "referent")


class ExtraRule:
    """Rules for one lexicon term kept beside the lexicon (data/rules.csv): who it must
    describe to be flagged, and whether it also counts at the end of a clause."""

    __slots__ = ("described", "predicative")

    def __init__(self, described: str = "", predicative: bool = False) -> None:
        if described not in DESCRIBED:
            raise ValueError(f"described must be one of {DESCRIBED}, not “{described}”")
        self.described = described
        self.predicative = predicative

    def __repr__(self) -> str:
        return f"ExtraRule(described={self.described!r}, predicative={self.predicative!r})"


def load_extra_rules(path: Path = RULES_PATH) -> dict[str, ExtraRule]:
    """term (case-folded) -> ExtraRule from a CSV with columns term,described,predicative."""
    lines = [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    rules: dict[str, ExtraRule] = {}
    for number, row in enumerate(csv.DictReader(lines), start=2):
        term = " ".join((row.get("term") or "").split()).casefold()
        if not term:
            continue
        described = (row.get("described") or "").strip().lower()
        predicative = (row.get("predicative") or "").strip().lower() in ("yes", "true", "1")
        try:
            rules[term] = ExtraRule(described, predicative)
        except ValueError as error:
            raise ValueError(f"{path.name}, row {number}: {error}") from None
    return rules


@functools.cache
def default_extra_rules() -> Mapping[str, ExtraRule]:
    return load_extra_rules()


def possessive_before(text: str, start: int, words: Mapping[str, str] | None = None) -> str | None:
    """The kind of a possessive right before a match ("Jack's refusal", "Mum's compliance"),
    or None."""
    words = default_subjects() if words is None else words
    found = _POSSESSIVE_RE.search(text, max(0, start - 40), start)
    if not found:
        return None
    before = _TOKEN_RE.findall(text[max(0, found.start() - 12) : found.start()])
    if before and found.group(1)[:1].isupper():
        if _head(before[-1]) in _HONORIFICS:
            return FAMILY  # "Ms Ward's"
        if _head(before[-1]) in _PROFESSIONAL_TITLES:
            return OTHER  # "Dr Bell's"
    return _kind_of(found.group(1), words, capital_is_name=True)


_OF_RE = re.compile(r"\s+of\s+")


def thing_after_of(text: str, end: int, words: Mapping[str, str] | None = None) -> bool:
    """True when "of" and a thing follow a noun ("the placement of grab rails", "of smoke
    alarms"): the first known word or name within three words after "of" is a thing, a
    place or a service, not a child or a family member ("the placement of Kai")."""
    words = default_subjects() if words is None else words
    found = _OF_RE.match(text, end)
    if not found:
        return False
    for token in _TOKEN_RE.findall(text[found.end() : found.end() + 60])[:4]:
        if _head(token) in _DETERMINERS:
            continue
        kind = _kind_of(token, words, capital_is_name=True)
        if kind is not None:
            return kind == OTHER
    return False


def person_after(text: str, end: int, words: Mapping[str, str] | None = None) -> bool:
    """True when a family word or a name follows ("claims Jack fell", "insists Mum knew")."""
    words = default_subjects() if words is None else words
    found = _word_after(text, end)
    if not found:
        return False
    token = found.group()
    head = _head(token)
    if head in words:
        return words[head] == FAMILY and head not in _PRONOUNS
    return token[:1].isupper() and head not in _NOT_NAMES and head not in _SKIP


_POSSESSIVE_RE = re.compile(r"(?<![\w'’])([A-Za-z][\w]*(?:'s|’s|s'|s’))\s+(?:own\s+)?$")
