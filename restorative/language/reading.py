"""How the engine reads the sentence around a match: who a word describes and where it stands.

Pure functions and patterns over the text (no Django, no lexicon): the subject of "is" or
"was described as", a holder ("has anger issues"), whether a noun names the family, a label
set in a story or in history, the describing word before a match, and the sentence a match
stands in. `engine._Rules` asks these questions only for the rare candidate matches, so none
of this runs per word. Split from engine.py to keep each module readable (issue 9 point 5).
"""

from __future__ import annotations

import re

from restorative.language.subjects import (
    FAMILY,
    OTHER,
    UNKNOWN,
    clause_subject,
    default_subjects,
    subject_before,
    subject_of,
)

# Where a sentence ends; how far either side of a match its context is read; a word.
SENTENCE_END_RE = re.compile(r"[.!?](?=\s|$)|\n")
NEAR_WINDOW = 80
WORD_RE = re.compile(r"[\w']+")

# "and" or "but" right before a form of "be": the clause shares the earlier subject.
_SHARED_SUBJECT_RE = re.compile(r"(?<![\w'’])(?:and|but)\s+$", re.IGNORECASE)

# A relative clause between a subject and its verb ("the man who groomed Aisha was ..."): at
# least one word after "who", so "the mother who is manipulative" is not one (its "who" is
# the subject of that "is").
_RELATIVE_RE = re.compile(r"[A-Za-z]\s+(?:who|whom|whose)\s+[^,.;:!?]*\S\s*$", re.IGNORECASE)

# "is", "was", "are", "were", "been" right before a match, read in the reversed text.
BE_REVERSED_RE = re.compile(r"\s+(?:si|saw|era|erew|neeb)(?![\w'’])")

# A short adverbial between a verb and what it introduces ("claimed several times that").
ADVERBIAL_RE = re.compile(
    r"\s*(?:(?:several|many|a\s+few|numerous|two|three|four)\s+times|repeatedly|again|still"
    r"|more\s+than\s+once|on\s+(?:several|many|a\s+number\s+of|two|three)\s+occasions"
    r"|(?:to|at)\s+(?:me|us|staff|professionals|the\s+[a-z]+(?:\s+worker)?))(?=[\s,])"
)


def predicate_subject(text: str, start: int, end: int) -> str:
    """The subject of "<subject> was <adjective>", looking past a clause between commas
    ("Dad, who had been drinking, was hostile")."""
    be = AFTER_BE_RE.search(text, max(0, start - 60), start)
    if be and text[be.start() : be.start() + 2].lower() == "as":
        described = _DESCRIBED_AS_RE.search(text, max(0, be.start() - 100), be.start())
        if described:
            # "Dad was described by school staff as uncooperative": the one described is
            # the subject of "was described", not the staff who described him.
            be, start, end = described, described.start(), described.start()
    if be and _SHARED_SUBJECT_RE.search(text, max(0, be.start() - 6), be.start()):
        # "Mum suffers from anxiety and is avoidant": the subject of the first verb.
        return clause_subject(text, be.start())
    if be and _RELATIVE_RE.search(text, max(0, be.start() - 60), be.start()):
        # "The man who groomed Aisha was manipulative": the noun before "who", not Aisha.
        return clause_subject(text, be.start())
    kind = subject_of(text, start, end, immediate=True)
    if kind == UNKNOWN and be and text[max(0, be.start() - 2) : be.start()].strip() == ",":
        comma = text.rfind(",", 0, be.start() - 2)
        if comma >= 0:
            kind = subject_of(text, comma, comma, immediate=True)
    return kind


# "was described (by school staff) as", "is seen at school as": the passive of a verb that
# describes someone, up to the "as" before the adjective.
_DESCRIBED_AS_RE = re.compile(
    r"(?<![\w'’])(?:is|was|are|were|been|being|be)\s+(?:\w+ly\s+)?(?:described|seen|regarded"
    r"|viewed|perceived|considered|labelled|labeled|portrayed|referred\s+to|presented"
    r"|characterised|characterized|thought\s+of|talked\s+about|spoken\s+of)"
    r"(?![\w'’])[^.;:!?\n]*\s$",
    re.IGNORECASE,
)

# "to" right before a match, read in the reversed text, and what may follow a noun at the end
# of a clause: "drove the children to contact." is the noun, "to contact Mum" the verb.
_TO_REVERSED_RE = re.compile(r"\s+ot(?![\w'’])")
_NOUN_AT_END_RE = re.compile(
    r"\s*(?:$|[.,;:!?)\-–—]|(?:on|at|every|each|this|next|last|today|tomorrow|tonight|and|but"
    r"|because|as|since|so|twice|once|after|before|in|with|was|is|went|goes|has|had|will"
    r"|sessions?|visits?)(?![\w'’]))"
)


def noun_after_to(preceding: str, text: str, end: int) -> bool:
    """True for a word after "to" that ends its clause, so it is a noun, not a verb: an
    entry that rules out "to" (the verb "to contact") still matches "took the boys to
    contact" or "looks forward to contact every week"."""
    return bool(_TO_REVERSED_RE.match(preceding) and _NOUN_AT_END_RE.match(text, end))


# A verb of having right before a noun, with the words that may stand between them: "has had
# regular contact", "took some respite", "need a bit of respite".
_HAVE_RE = re.compile(
    r"(?<![\w'’])(?:has|have|had|having|get|gets|got|getting|take|takes|took|taken|taking"
    r"|need|needs|needed|needing|enjoy|enjoys|enjoyed|keep|keeps|kept|keeping|maintain"
    r"|maintains|maintained|maintaining)"
    r"(?:\s+(?:some|a|an|the|regular|weekly|daily|monthly|frequent|little|more|much|good|no|any"
    r"|limited|further|recent|email|written|close|positive|virtual|video|face-to-face"
    r"|two|three|four|five|six|several|many|older|younger|[0-9]+"
    r"|brief|ongoing|telephone|phone|bit|of|lot|proper|short|real|well-earned|well\s+earned))*"
    r"\s+$",
    re.IGNORECASE,
)


def holder(text: str, start: int) -> str | None:
    """Who has, gets, takes or needs the noun at ``start`` ("the school has had regular
    contact with the family", "I took some respite"), or None when no such verb stands
    before it. Whoever arranges a child's respite or contact does not count: "the social
    worker arranged respite for Ellie" is still about Ellie."""
    have = _HAVE_RE.search(text, max(0, start - 60), start)
    if not have:
        return None
    if text[have.start() : have.start() + 4].lower() == "keep" and text[
        max(0, have.start() - 4) : have.start()
    ].lower().endswith("to "):
        return None  # "the plan is to keep the siblings together": no one holds them
    return subject_before(text, have.start())


# What may follow an adjective at the end of a clause: punctuation, the end, a preposition
# or a conjunction ("difficult to engage", "chaotic and", "hostile towards staff") - not an
# object ("Mum is demanding answers").
CLAUSE_GOES_ON_RE = re.compile(
    r"\s*(?:$|[.,;:!?)\-–—]|(?:to|and|but|or|with|towards|toward|during|at|in|when|because"
    r"|on|of|for|about|throughout|around|if|as|since|after|before|while|whenever|so|until"
    r"|again|too|now|today|at\s+times|sometimes)(?![\w'’]))"
)

# A determiner (and a family's surname) right before a noun that stands for the family, not
# after a preposition ("in this case", "the facts of the case"), and a verb right after it
# ("The case has moved", "the Barker case should step down", "the Nowak case have three
# children").
_REFERENT_BEFORE_RE = re.compile(
    r"(?<![\w'’])(?:(?<!in )(?<!of )(?<!on )(?<!to )(?<!for )(?<!with )(?<!about )(?<!from )"
    r"(?<!at )(?<!by )(?<!into )(?<!onto )(?:the|this|that|our|my)\s+"
    r"(?P<name>[A-Z][a-z’'-]+\s+)?)$",
    re.IGNORECASE,
)
_REFERENT_VERB_RE = re.compile(
    r"\s+(?:(?:has|have|had|is|are|was|were|will|would|should|could|can|may|might|must"
    r"|remains?|remained|needs?|needed|continues?|continued|moved|moves|came|comes|went|goes"
    r"|stepped|steps|lives?|lived|includes?|included|presents?|presented|involves?|involved|concerns?)(?![\w'’])(?!\s+(?:that|not\s+that|one|"
    r"for|against|made|heard|adjourned|dismissed|listed|being|(?:been\s+|be\s+)?(?:closed|opened"
    r"|open|reopened|allocated|reallocated|transferred|audited|reviewed|held)|move\s+into|moved\s+into)"
    r"(?![\w'’])))"
)


def names_family(text: str, start: int, end: int) -> bool:
    """True when "case" (or another noun that stands for a family) is used as the family:
    the subject of a verb after "the/this" ("The case has moved", "This case is known to the
    police"), after a family's surname ("the Barker case"), or what a family member is
    ("Reuben is a case", "her family is still a case")."""
    before = _REFERENT_BEFORE_RE.search(text, max(0, start - 40), start)
    if before:
        name = before.group("name")
        if name and name[:1].isupper() and default_subjects().get(name.strip().lower()) is None:
            return True  # "the Barker case", "the Hussain case"
        if not name and _REFERENT_VERB_RE.match(text, end):
            return True
    if AFTER_BE_A_RE.search(text, max(0, start - 60), start):
        return predicate_subject(text, start, end) == FAMILY
    return False


# Describing words that may stand between an adjective and the person it describes.
DESCRIBING_RE = re.compile(
    r"(?:[\s,]+(?:little|young|old|small|tiny|big|teenage|older|younger|elder|very|sweet"
    r"|lovely|bright|quiet|kind|lonely|sad|frightened|scared|unhappy|angry))+(?=\s)",
    re.IGNORECASE,
)
# A noun that names a person without saying who ("a difficult man", "a damaged girl").
PERSON_NOUN_RE = re.compile(
    r"[\s-]+(?:man|men|woman|women|person|people|individual|lady|gentleman|guy|bloke|chap"
    r"|boy|girl|lad|lass|child|kid|teenager|character|soul)(?![\w'’])",
    re.IGNORECASE,
)


# "a" or "an" opening a sentence, or after "with", "near", "towards", "against" or "from",
# right before a label noun: someone the note introduces, not a member of the family ("A gang
# member approached Jack", "Kai was seen with a thug"). After "of" or "by" the person may be a
# parent ("the son of an alcoholic"), so those still count.
STRANGER_RE = re.compile(
    r"(?:^|[.!?;:]\s+|\n|(?<![\w'’])(?:with|near|towards|toward|against|from)\s+)an?"
    r"(?:\s+(?:known|local|older|adult|suspected|alleged|rival|male|female))?\s+$",
    re.IGNORECASE,
)

# ", a " or ", an " right before a noun in apposition ("the co-defendant, a persistent offender").
APPOSITION_A_RE = re.compile(r",\s+an?\s+$")

# A story, a film or a game that the people described belong to: "In the film, ...", "The
# series follows a ...", "a book about a ...".
_STORY = (
    r"(?:film|films|movie|movies|novel|novels|story|stories|book|books|series|programme|show"
    r"|cartoon|cartoons|play|comic|documentary|soap|sitcom|panto|pantomime|musical|fairy\s+tale)"
)
# Cheap tests that rule out most sentences before the clause is cut out and searched.
_STORY_HINTS = (
    "film",
    "movie",
    "novel",
    "stor",
    "book",
    "series",
    "programme",
    "show",
    "cartoon",
    "play",
    "comic",
    "documentar",
    "soap",
    "sitcom",
    "panto",
    "musical",
    "fairy",
)
_FICTION_RE = re.compile(
    rf"(?:^|[.!?;:]\s+|\n)\s*(?:in|on)\s+(?:the|a|an|this|that|his|her|their)\s+(?:(?:new|old|latest|first|last|same)\s+)?"
    rf"{_STORY}(?![\w'’])"
    rf"|(?<![\w'’]){_STORY}\s+(?:shows?|showed|depicts?|depicted|features?|featured|follows?"
    rf"|followed|tells|told|is\s+about|was\s+about|about|where|in\s+which)(?![\w'’])",
    re.IGNORECASE,
)

# A year before 1960, a decade, a century or a people from school history lessons: the past of
# the world, not of a family in the record (a decade names the family only beside a family
# word, which in_history looks for).
_HISTORY_RE = re.compile(
    r"(?<![\w/-])1(?:[0-8][0-9]|9[0-5])[0-9]s?(?![\w/-])|(?<![\w/-])19[0-9]0s(?![\w/-])"
    r"|(?<![\w'’])(?:centuries|century|medieval|ancient|romans|tudors|vikings|victorians"
    r"|saxons|normans|celts|aztecs|suffragettes|chartists)(?![\w'’])",
    re.IGNORECASE,
)
_HISTORY_HINTS = (
    "centur",
    "medieval",
    "ancient",
    "romans",
    "tudors",
    "vikings",
    "victorians",
    "saxons",
    "normans",
    "celts",
    "aztecs",
    "suffragettes",
    "chartists",
)
_PRONOUN_WORDS = frozenset(
    ["he", "she", "they", "him", "her", "them", "his", "their", "i", "we", "you", "it"]
)


# The hints as one pattern over the lower-cased text: one scan instead of one per hint.
_HISTORY_HINT_RE = re.compile("|".join(_HISTORY_HINTS))
_STORY_HINT_RE = re.compile("|".join(_STORY_HINTS))


def in_history(text: str, start: int, end: int) -> bool:
    """True when the sentence is about history ("the suffragettes of 1913", "Churchill was
    defiant, Jack read for his history homework") and names no family member by a family
    word: a name or a pronoun there is more likely a historical figure. "In 1995 Mum was
    placed in foster care" still names Mum."""
    near = text[max(0, start - NEAR_WINDOW) : end + NEAR_WINDOW]
    if "1" not in near and not _HISTORY_HINT_RE.search(near.lower()):
        return False  # the common case, decided without cutting out the sentence
    window = sentence_window(text, start, end)
    if not _HISTORY_RE.search(window):
        return False
    words = default_subjects()
    for word in WORD_RE.findall(window.lower().replace("’", "'")):
        head = word[:-2] if word.endswith("'s") else word
        if head not in _PRONOUN_WORDS and words.get(head) == FAMILY:
            return False
    return True


# Where a new clause begins inside a sentence ("..., and Jack was defiant").
_NEW_CLAUSE_RE = re.compile(r"(?:,\s+(?:and|but|so|while|although|though|when|then)|;)\s", re.I)


def in_story(text: str, start: int) -> bool:
    """True when the clause before ``start`` sets the words in a story, a film or a show."""
    head = text[max(0, start - NEAR_WINDOW) : start]
    if not _STORY_HINT_RE.search(head.lower()):
        return False  # the common case: no story word before the match
    cut = max(head.rfind(". "), head.rfind("? "), head.rfind("! "), head.rfind("\n"))
    if cut >= 0:
        head = head[cut + 1 :]
    clauses = list(_NEW_CLAUSE_RE.finditer(head))
    if clauses:
        head = head[clauses[-1].end() :]
    return bool(_FICTION_RE.search(head))


# A person in a story, a film or a game, not in the family ("the thugs in the film").
IN_FICTION_RE = re.compile(
    r"\s+(?:in|from|on)\s+(?:the|a|an|that|this|his|her|their)\s+"
    r"(?:(?:(?-i:[A-Z][\w'’-]*)|new|old|latest|first|last|same|favourite|favorite|horror"
    r"|action|animated|comedy|crime|detective|superhero|war|bedtime|computer|online|radio"
    r"|TV|television|kids'|children's)\s+){0,2}(?:film|films|movie"
    r"|movies|novel|novels|story|stories|book|books|game|games|show|series|cartoon"
    r"|play|comic|comics|video|documentary|song|poem|fairy\s+tale|drama|soap|sitcom|musical"
    r"|pantomime|panto|episode|podcast)(?![\w'’])"
    r"(?!\s+(?:room|rooms|call|calls|console|consoles|area|night|nights|evening|time))",
    re.IGNORECASE,
)

# The word right before a noun that it modifies ("football hooligans", "street thugs").
_MODIFIER_RE = re.compile(r"(?<![\w'’-])([A-Za-z]+)[\s-]+$")


def modifier_before(text: str, start: int) -> str | None:
    """The kind of a noun right before a label noun that says what kind of person it is
    ("Football hooligans", "the cartoon villains"), or None."""
    found = _MODIFIER_RE.search(text, max(0, start - 24), start)
    if not found:
        return None
    return default_subjects().get(found.group(1).lower())


# A form of "be" and "a" or "an" right before a noun ("the plumber was a no-show").
AFTER_BE_A_RE = re.compile(
    r"(?<![\w'’])(?:is|was|are|were|be|been|being|seems?|seemed|became|becomes?)"
    r"(?:\s+(?:always|often|also|still|now|again|sometimes|just|really))*\s+an?"
    r"(?:\s+(?:recovering|former|known|convicted|reformed|self-confessed|real|proper|bit\s+of\s+a))?\s+$",
    re.IGNORECASE,
)

# A form of "be" (or a verb like it) and any adverbs, right before an adjective.
AFTER_BE_RE = re.compile(
    r"(?<![\w'’])(?:is|was|are|were|be|been|being|seems?|seemed|appears?|appeared|remains?"
    r"|remained|became|becomes?|gets?|got|getting|looked|looks|sounded|sounds|as)"
    r"(?:\s+(?:very|so|quite|really|extremely|increasingly|often|always|particularly|highly"
    r"|rather|more|most|sometimes|too|also|still|now|again|a\s+bit|a\s+little|incredibly"
    r"|somewhat|at\s+times|becoming|getting))*\s+$",
    re.IGNORECASE,
)


def sentence_window(text: str, start: int, end: int) -> str:
    """The text around a match, up to 80 characters each side, within its sentence."""
    left = max(0, start - NEAR_WINDOW)
    head = text[left:start]
    cut = max(head.rfind(". "), head.rfind("? "), head.rfind("! "), head.rfind("\n"))
    if cut >= 0:
        head = head[cut + 1 :]
    tail = text[end : end + NEAR_WINDOW]
    stop = SENTENCE_END_RE.search(tail)
    if stop:
        tail = tail[: stop.start()]
    return f"{head}{text[start:end]}{tail}"


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# What may stand right before the first word of a sentence, a heading or a list item.
_OPENERS = frozenset(".!?:;\n\"“‘'([–—-•*")
_NUMBER_RE = re.compile(r"[\d/.:\-–]+\s*$")


def in_title(text: str, start: int, end: int, *, inside_name: bool = False) -> bool:
    """True when a word the lexicon writes in small letters stands here with a capital in the
    middle of a sentence: part of a name or a title ("the Mongol Rally", "a DVD of Psycho",
    "Liar's Dice", "the Defiance Campaign"), not a word about the family. Words written all
    in capitals ("JACK ABSCONDED") and the first word of a sentence, heading or list item
    (after a date or a time too: "21:00 Aggressive") are read as usual. ``inside_name`` asks
    for more, for the system's own words, which stay flagged in a document's title ("the
    Pathway Plan"): a capitalised word right before ("a drama called The Siblings"), a
    number right after ("Unit 4"), a capital right after one word ("Resident Evil"); and for
    every word, what it is in apposition ("Contact, the charity", first in a sentence too)."""
    word = text[start:end]
    if not word[:1].isupper() or word.isupper():
        return False
    following = text[end : end + 40]
    if _NAMED_APPOSITION_RE.match(following):
        return True  # "Contact, the charity for families, ..." even first in a sentence
    before = text[max(0, start - 40) : start].rstrip()
    if not before or before[-1] in _OPENERS or _NUMBER_RE.search(before):
        return False
    if not inside_name:
        return True
    previous = WORD_RE.findall(before)
    next_word = WORD_RE.match(following.lstrip())
    return bool(
        (previous and previous[-1][:1].isupper() and not _starts_sentence(before, previous[-1]))
        or following.lstrip()[:1].isdigit()
        or (
            " " not in word
            and next_word is not None
            and next_word.group()[:1].isupper()
            and next_word.group().lower() not in _DOCUMENT_WORDS
        )
    )


# Capitalised words after a system word that make it a document's or a meeting's title, still
# flagged ("the Permanence Report", "the Placement Panel").
_DOCUMENT_WORDS = _word_set(
    """report reports plan plans review reviews meeting meetings panel panels order orders
    policy policies team teams hearing hearings service services form forms assessment
    assessments agreement agreements record records conference conferences"""
)


# ", the charity", ", a company": a name followed by what it is.
_NAMED_APPOSITION_RE = re.compile(
    r",\s+(?:the|a|an)\s+(?:[\w'’-]+\s+){0,2}(?:charity|charities|organisation|organization"
    r"|company|firm|service|app|website|helpline|club|group|programme|scheme|project|shop"
    r"|band|film|game|show|magazine|campaign|trust|network)(?![\w'’])",
    re.IGNORECASE,
)


def _starts_sentence(before: str, word: str) -> bool:
    """True when ``word``, the last word of ``before``, opens its sentence."""
    rest = before[: before.rfind(word)].rstrip()
    return not rest or rest[-1] in _OPENERS


# Where a clipped note's clause starts: a sentence end, a colon, a dash, a bracket, a line.
_FRAGMENT_START_RE = re.compile(r"[.!?;:\n(–—]|\s-\s")
_TIME_RE = re.compile(
    r"^(?:\s*(?:[\d/:.\-]+|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b)*", re.I
)
_ADVERBS = _word_set(
    """very so quite really extremely rather too increasingly still more most bit little a
    somewhat fairly pretty"""
)


def fragment_subject(text: str, start: int) -> str | None:
    """Who a clipped note without a verb is about ("Wed 5/11: Very demanding at bedtime",
    "08:10 Deshawn compliant after breakfast", "Handover: Evie challenging on the phone"):
    UNKNOWN when nothing but adverbs stands before the word in its clause (the note is about
    the record's child), FAMILY when one family word or one name does ("Nan insistent"),
    None when the clause is not such a fragment."""
    head = text[max(0, start - 80) : start]
    cut = list(_FRAGMENT_START_RE.finditer(head))
    if cut:
        head = head[cut[-1].end() :]
    elif start > 80:
        return None
    stamp = _TIME_RE.match(head)
    head = head[stamp.end() if stamp else 0 :]
    words = [word for word in WORD_RE.findall(head) if word.lower() not in _ADVERBS]
    if not words:
        return UNKNOWN
    if len(words) > 2:
        return None
    known = default_subjects()
    kinds = [known.get(word.lower()) for word in words]
    if OTHER in kinds:
        return None
    if len(words) == 2 and kinds[0] != FAMILY:
        return None  # "Sister Evie", "Nan Jean": a family word and a name; not two names
    last = words[-1]
    if kinds[-1] == FAMILY or (last[:1].isupper() and last.lower() not in _NOT_A_NAME):
        return FAMILY
    return None


# Capitalised words that start a note but are not names.
_NOT_A_NAME = _word_set(
    """risks risk presenting issue issues outcome action actions note notes update handover
    weekly daily plan review summary concerns concern strengths worries today tonight
    overall contact visit"""
)
