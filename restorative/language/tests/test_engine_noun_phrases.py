"""The classes of error read from held-out set 6 (heldout_6.txt) and development sets 7a
and 7b (dev_7a.txt, dev_7b.txt), fixed in general: the noun that heads a phrase ("the old
lawnmower", "two adult men", "Jade's new job") is the subject and, being no family word,
someone or something else; a phrase after a preposition is passed over even with describing
words in it ("at the nursing home"); a name after a noun that says what it names ("our dog
Pepper"); a lower-case word written with a capital in the middle of a sentence is part of a
name or a title ("the Defiance Campaign"); a verb made from a label noun, and a label after
"be" or "as", read their subject; a phrase that names a person ("basket case") reads who it
names; a person in a film or a series; a describing word right before a thing; someone else's
relative ("another father"); a reflexive after a noun; history topics and decades; blaming
and deficit words read who they describe; the one a label names after "calls ... a"; the
system's words inside a name; and everyday senses as data. Sets 7c and 7d (dev_7c.txt,
dev_7d.txt) added the last of these classes. Each class is tested both ways with sentences of
our own, none from any evaluation set."""

from __future__ import annotations

import pytest

from restorative.language.engine import check
from restorative.language.reading import in_title


def flagged(text: str) -> list[str]:
    return [finding.text for finding in check(text)]


# Each case: (class, text, expected findings). An empty list means "left alone".
CASES = [
    # 1. A noun introduced by an article, a number or a possessive, past describing words.
    ("noun phrase", "The old boiler has been playing up all winter.", []),
    ("noun phrase", "Kai has been playing up all winter.", ["playing up"]),
    ("noun phrase", "His two older sisters had been troublemakers at school.", ["troublemakers"]),
    ("noun phrase", "Two retired dockers had been troublemakers at the rally.", []),
    ("noun phrase", "Dad's new shift pattern is demanding.", []),
    ("noun phrase", "Dad's new partner is demanding.", ["demanding"]),
    ("noun phrase", "Mia's behaviour at the new school is challenging.", ["challenging"]),
    ("noun phrase", "A persistent absconder, staff called him.", ["absconder"]),
    ("noun phrase", "Nan says the foxes were scrounging scraps from the bins.", []),
    ("noun phrase", "Nan says Kyle was scrounging money off his friends.", ["scrounging"]),
    # 2. A phrase after a preposition is not the subject, with describing words in it too.
    ("preposition", "Ava's job at the residential special school is demanding.", []),
    ("preposition", "Ava's mum at the residential special school is demanding.", ["demanding"]),
    ("preposition", "At the new respite unit Ava was demanding.", ["respite", "demanding"]),
    ("noun phrase", "The lads had been troublemakers at the bus stop.", ["troublemakers"]),
    # 3. A name after a noun that says what it names, when that noun is no family word.
    ("named thing", "Our cat Biscuit was naughty and knocked over the tea.", []),
    ("named thing", "Our son Biscuit was naughty and knocked over the tea.", ["naughty"]),
    ("named thing", "Their pony Star is aggressive with strangers.", []),
    ("named thing", "Since the spring holidays Kai has been aggressive at home.", ["aggressive"]),
    ("named thing", "Staff said that Leah was aggressive at tea.", ["aggressive"]),
    # 4. A lower-case word written with a capital mid-sentence: a name or a title.
    ("title", "Grandad and Kai played Liar's Poker after tea.", []),
    ("title", "Kai told me his brother is a liar.", ["liar"]),
    ("title", "The children watched Naughty Nora at the library.", []),
    ("title", "Naughty again at school, the note from Kai's nan says.", ["Naughty"]),
    ("title", "12/04: Aggressive at the door when we arrived, Dad shouted.", ["Aggressive"]),
    # Jargon and system words in a document's title are still system words.
    ("title", "The Pathway Plan was signed by Kai.", ["Pathway Plan"]),
    # 5. A phrase that names a person reads who it names, like a one-word label; one that
    # names a home, a family or a test does not.
    ("phrase label", "The locksmith is a basket case, Gran joked.", []),
    ("phrase label", "Gran says Dad is a basket case.", ["basket case"]),
    ("phrase label", "The new bus driver is a slow learner, Kai says.", []),
    ("phrase label", "Kai is a slow learner.", ["slow learner"]),
    ("phrase label", "Lola comes from a broken home.", ["broken home"]),
    # 6. Someone in a film, a series or a show, with words before what it is.
    ("fiction", "The thug in the Batman film was played by a local actor.", []),
    ("fiction", "The liar in her favourite Netflix series gets caught.", []),
    ("fiction", "Kai said his uncle is a thug in the games room.", ["thug"]),
    # 7. A describing word right before a noun that names no person, and nothing a person
    # says or does, describes that thing.
    ("thing after", "Grandad once worked with volatile glues at the boatyard.", []),
    ("thing after", "Grandad is a volatile man when he drinks.", ["volatile"]),
    ("thing after", "Dad sent aggressive texts to Mum all night.", ["aggressive"]),
    ("thing after", "Mia is a defiant six-year-old at bath time.", ["defiant"]),
    ("thing after", "Nan says Kai is an unmotivated young man.", ["unmotivated"]),
    # 8. Someone else's relative, and a reflexive that only stresses the noun before it.
    ("another", "The nurse said another mother on the ward was hostile to staff.", []),
    ("another", "Kai's mother was hostile to staff on the ward.", ["hostile"]),
    ("another", "His other sister was hostile to staff.", ["hostile"]),
    ("reflexive", "Neighbours described the taxi driver himself as devious.", []),
    ("reflexive", "Neighbours described Kai himself as devious.", ["devious"]),
    # 9. A label after "be" or "as" without an article; a history topic; a decade.
    ("be or as", "The bank marked the old loan as delinquent last year.", []),
    ("be or as", "The youth worker marked Kai as delinquent last year.", ["delinquent"]),
    ("history", "Kai's class read about the defiance of the Tudors at Bosworth.", []),
    ("history", "Kai's film was about a gang member in 1970s Glasgow.", []),
    ("history", "Kai's defiance at school worries his nan.", ["defiance"]),
    # 10. A noun heading its phrase, with a phrase after a preposition before the verb.
    ("noun phrase", "The bar charts in the annual report exaggerate the rise.", []),
    ("noun phrase", "Kai's uncle in the annual report exaggerates the rise.", ["exaggerates"]),
    # 11. Blaming and deficit words read who they describe, like labels.
    ("blaming", "The sergeant was a willing participant in the charity quiz.", []),
    ("blaming", "Police wrote that Kai was a willing participant.", ["willing participant"]),
    ("blaming", "The sniffer dog was trained in drug-seeking work.", []),
    # 12. The one a label names after "calls ... a"; a noun named by a noun ("phone account").
    ("object", "Grandad calls the terrier a spoilt brat.", []),
    ("object", "Grandad calls Kai a spoilt brat.", ["spoilt brat"]),
    ("object", "Kai's phone account is delinquent, the network wrote.", []),
    ("named thing", "The police log says Kai went AWOL on Friday.", ["went AWOL"]),
    ("named thing", "At her school the other girls call Mia a cutter.", ["cutter"]),
    # 13. A system word inside a name: before a number, after a capital, in apposition.
    ("name", "Kai has a work trial at the Unit 9 bowling alley.", []),
    ("name", "Mum watched a drama called The Siblings.", []),
    ("name", "Mum got advice from Contact, the charity, about benefits.", []),
    ("name", "The Care Quality Commission's compliance report came out.", []),
    ("name", "Mum's compliance with the plan was discussed.", ["compliance"]),
    # 15. Read from set 7 after its one held-out run: a noun right before a verb is its
    # subject; "its"; things in -er; a possessive name after an honorific in a phrase.
    ("set 7", "A national paper claims the nursery is closing.", []),
    ("set 7", "Kai's nan claims the nursery is closing.", ["claims"]),
    ("set 7", "The scan will check its placement at 30 weeks.", []),
    ("set 7", "Mia scored a defiant header in the cup final.", []),
    ("set 7", "Mia is a defiant toddler at bedtime.", ["defiant"]),
    ("set 7", "The bin lorry outside Mr Lee's flat is chaotic on Mondays.", []),
    ("set 7", "The bin day at Mr Lee's flat is calm but Mr Lee is chaotic.", ["chaotic"]),
    ("set 7", "Kai boxes with aggressive sparring partners.", []),
    ("set 7", "Please minimise the case record window when you leave.", []),
    ("set 7", "Contact, the charity for families, helped Mum with the form.", []),
    ("set 7", "Staff took back the Resident Evil game.", []),
    # 17. From sets 7e and 7f: clipped notes without "be"; the other one's relative; a
    # name after a possessive and a noun; a child made to carry drugs; adults' events.
    ("clipped", "Tue 4/3: Very demanding at teatime.", ["demanding"]),
    ("clipped", "Tue 4/3: Traffic very heavy, then the weather turned.", []),
    ("another", "The other boy's dad claimed that Kai started it.", []),
    ("another", "Kai's dad claimed that the other boy started it.", ["claimed"]),
    ("named thing", "Mum's friend Jez is a heroin addict, not family.", []),
    ("named thing", "Mum's partner Jez is a heroin addict.", ["heroin addict"]),
    ("senses", "Men who made him carry drugs were arrested.", []),
    ("senses", "Police say Kai was carrying drugs for older boys.", ["carrying drugs"]),
    ("senses", "Dear Mrs Ali, you did not attend the parents' evening.", []),
    # 16. Everyday senses, kept as data beside the entries.
    ("senses", "Mum rang the council tax contact centre about her bill.", []),
    ("senses", "Family time is at the contact centre on Fridays.", ["contact centre"]),
    ("senses", "The town's cycle pathway plan adds a lane by the school.", []),
    ("senses", "We reviewed Kai's pathway plan with him.", ["pathway plan"]),
    ("senses", "The nursery's CLA licence lets staff copy the songbooks.", []),
    ("senses", "At the CLA review Kai chose the music.", ["CLA review"]),
    ("senses", "Grandad gives Kai a five-point handicap at draughts.", []),
    ("senses", "Uncle Ray says Kai is handicapped and cannot go.", ["handicapped"]),
    ("senses", "Aunt Jo is the main contact for the nursery.", []),
    ("senses", "Kai has contact with his dad on Saturdays.", ["contact"]),
    ("senses", "Kai's school band was playing down the corridor.", []),
    ("senses", "Grandad won the raffle and claimed the prize for Kai.", []),
    ("senses", "Grandad claimed Kai had been out all night.", ["claimed"]),
    ("senses", "Nan's broken home phone has been mended.", []),
    ("senses", "We watched the kick-off of the cup final at the home.", []),
    ("senses", "Grandad drinks alcoholic cider at the club.", []),
    ("senses", "The children were in hysterics at the clown's show.", []),
    ("senses", "Baby Ava shows object permanence with her rattle.", []),
    ("senses", "The walk had rain all day with barely an hour's respite.", []),
    ("senses", "The nit check came back clean.", []),
    ("senses", "Mum's residents' permit arrived.", []),
    ("senses", "Kai's uncle is an alcoholic, Nan says.", ["alcoholic"]),
    ("title", "Kai finished the Streetwise cycling course on Saturday.", []),
]


@pytest.mark.parametrize(("kind", "text", "expected"), CASES, ids=[c[1][:40] for c in CASES])
def test_class(kind: str, text: str, expected: list[str]) -> None:
    assert flagged(text) == expected, kind


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("We watched Psycho on Friday.", "Psycho", True),
        ("Psycho was the word he used.", "Psycho", False),
        ("Risk: Volatile when drinking.", "Volatile", False),
        ("21:00 Aggressive at the door.", "Aggressive", False),
        ("He was AGGRESSIVE at the door.", "AGGRESSIVE", False),
        ("He was aggressive at the door.", "aggressive", False),
    ],
)
def test_in_title(text: str, word: str, expected: bool) -> None:
    start = text.index(word)
    assert in_title(text, start, start + len(word)) is expected
