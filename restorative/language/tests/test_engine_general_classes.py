"""The classes of error read from held-out set 5 (heldout_5.txt, now development data), fixed
in general: who a one-word label describes (an animal, a thing, a brand, a team, a public or
historical figure, a person in a story, an adult outside the family), the everyday senses of
rare entries, "case" standing for the family, and labels after "is a". Each class is tested
both ways with sentences of our own, none from any evaluation set."""

from __future__ import annotations

import pytest

from restorative.language.engine import Checker, _default_rule, check
from restorative.language.lexicon import default_lexicon
from restorative.language.subjects import ExtraRule


def flagged(text: str) -> list[str]:
    return [finding.text for finding in check(text)]


# Each case: (class, text, expected findings). An empty list means "left alone".
CASES = [
    # 1. Every one-word label reads who it describes, even without a row in rules.csv.
    ("default rule", "The badgers are sneaky and dig under the fence.", []),
    ("default rule", "Jayden was sneaky about his phone at tea.", ["sneaky"]),
    ("default rule", "The cartoon villain was devious, Leo said.", []),
    ("default rule", "Leo was devious about the money, his aunt said.", ["devious"]),
    ("default rule", "The press officer praised the new team as high-functioning.", []),
    # 2. Animals, adverts, brands, public and historical figures, sports are not the family.
    ("not family", "The rebellious rioters of 1831 were defiant, Amy read.", []),
    ("not family", "The defiant girl refused to leave the classroom.", ["defiant", "refused"]),
    ("not family", "The gulls were aggressive on the pier.", []),
    ("not family", "The advert would have us believe the cot fits any room.", []),
    ("not family", "Mum would have us believe the cot fits any room.", ["would have us believe"]),
    ("not family", "The youngest are feral at bedtime, Mum said.", ["feral"]),
    ("not family", "The squirrels are feral in the park.", []),
    ("not family", "The lodger insisted the bill was paid.", []),
    ("not family", "The dinner lady refused to give Kai seconds.", []),
    ("not family", "The older boys insisted Kai carry the bag.", []),
    ("not family", "The other parents were hostile at the gate.", []),
    ("not family", "The parents were hostile at the gate.", ["hostile"]),
    ("not family", "Jack and his classmates refused to leave the hall.", ["refused"]),
    ("not family", "His classmates refused to leave the hall.", []),
    ("not family", "The older two are defiant.", ["defiant"]),
    ("not family", "The little ones were clingy all day.", ["clingy"]),
    ("not family", "The older two mopeds are noisy and the vet was demanding.", []),
    # A noun in neither list with "the" right before the verb is someone or something else;
    # kinship words, names, pronouns, children named by age, and roles a parent may have
    # (the patient, the tenant) still count.
    ("article", "The marquee company insisted the deposit was kept.", []),
    ("article", "The stepsister insisted the deposit was kept.", ["insisted"]),
    ("article", "The 12-year-old insisted the deposit was kept.", ["insisted"]),
    ("article", "The patient denies drinking, the GP letter says.", ["denies"]),
    ("article", "The young man refused to come to the review.", ["refused"]),
    ("article", "The plan is to keep the three siblings together.", ["siblings"]),
    # 3. A thing's, a brand's or a service's possessive says what the word belongs to.
    ("possessive", "The retailer's sibling brand sells the same coats.", []),
    ("possessive", "The tattoo's permanence worried Dad.", []),
    ("possessive", "Kai's sibling lives with their nan.", ["sibling"]),
    ("possessive", "We talked about permanence for Kai.", ["permanence"]),
    # 4. Label nouns: in apposition, after a sport or a thing, in a story.
    ("label", "The older co-defendant, a persistent offender, was sentenced.", []),
    ("label", "Josh, a persistent offender, was sentenced.", ["persistent offender"]),
    ("label", "Rugby hooligans smashed the bus shelter in the 1990s.", []),
    ("label", "The hooligans smashed the bus shelter, Josh among them.", ["hooligans"]),
    ("label", "The thugs in the film frightened Ruby.", []),
    ("label", "Ruby's brother is a thug, Nan said.", ["thug"]),
    ("label", "The singer is a recovering addict.", []),
    # 5. Behaviour problems a pet has are the pet's.
    ("holder", "Our neighbour's dog has behaviour problems.", []),
    ("holder", "The referral mentions behaviour problems at home.", ["behaviour problems"]),
    # 6. Everyday senses of rare entries.
    ("sense", "Kick-off is at 2pm, so Dad will drive.", []),
    ("sense", "We arrived before kick-off and found seats.", []),
    ("sense", "Theo kicked off when the game ended.", ["kicked off"]),
    ("sense", "Sibling rivalry between the kittens is fierce.", []),
    ("sense", "Sibling rivalry between Amir and Zara is fierce.", ["Sibling"]),
    ("sense", "Grandad once drove a sulky in a trotting race.", []),
    ("sense", "Maisie was sulky after tea.", ["sulky"]),
    ("sense", "The truant officer appears in the old photographs.", []),
    ("sense", "Josh is a truant, the school said.", ["truant"]),
    # 7. "case" as the family; its record closed or transferred is not.
    ("case", "The case has three children at the village school.", ["case"]),
    ("case", "This case is known to the police, with two call-outs in May.", ["case"]),
    ("case", "We discussed whether the Lowe case should step down.", ["case"]),
    ("case", "Jordan is a case that worries me.", ["case"]),
    ("case", "The case was closed in May after the plan ended.", []),
    ("case", "In this case we will wait for the report.", []),
    ("case", "The court case has been adjourned to June.", []),
    ("case", "The case for a move was made by the school.", []),
    # 9. Everyday senses found by going through the whole lexicon (not from any set).
    ("lexicon pass", "Nan put on her lippy before the meeting.", []),
    ("lexicon pass", "Maya was lippy to the teacher.", ["lippy"]),
    ("lexicon pass", "Dad found a sneaky shortcut through the park.", []),
    ("lexicon pass", "Dad was sneaky about the money.", ["sneaky"]),
    ("lexicon pass", "Ellie wrote an argumentative essay on uniform.", []),
    ("lexicon pass", "Ellie was argumentative at tea.", ["argumentative"]),
    ("lexicon pass", "Jack has CP and uses a walker.", []),
    ("lexicon pass", "The CP conference is on Monday.", ["CP conference"]),
    ("lexicon pass", "Veganism is a lifestyle choice, Amira told her class.", []),
    (
        "lexicon pass",
        "Staff called Amira's going missing a lifestyle choice.",
        ["lifestyle choice"],
    ),
    ("lexicon pass", "Truancy rates in the county have fallen.", []),
    ("lexicon pass", "Josh's truancy started in Year 9.", ["truancy"]),
    ("lexicon pass", "The Streetwise session at school covered road safety.", []),
    ("lexicon pass", "Staff said Leah is streetwise for her age.", ["streetwise"]),
    ("lexicon pass", "Customers voted with their feet when prices went up.", []),
    ("lexicon pass", "Kayla voted with her feet and left.", ["voted with her feet"]),
    ("lexicon pass", "The mouthy presenter on the radio annoyed Dad.", []),
    ("lexicon pass", "The map exaggerates the size of Greenland.", []),
    ("lexicon pass", "Dad exaggerates how often Kai goes out.", ["exaggerates"]),
    ("lexicon pass", "Mum watched an old Brat Pack film with Ellie.", []),
    ("lexicon pass", "The dog has anger issues, the vet said.", []),
    ("lexicon pass", "Kai has anger issues.", ["anger issues"]),
    ("lexicon pass", "Ellie was a willing participant in the university's reading study.", []),
    ("lexicon pass", "Leah was a willing participant, the police said.", ["willing participant"]),
    ("lexicon pass", "Dad parked in a handicapped bay at the shops.", []),
    ("lexicon pass", "The old boiler is a bit of a drama queen.", []),
    ("lexicon pass", "Mum is a drama queen, Dad says.", ["drama queen"]),
    ("lexicon pass", "The hoover is out of control.", []),
    ("lexicon pass", "Jack's behaviour is out of control.", ["out of control"]),
    ("lexicon pass", "The cutter at the framing shop made the mount.", []),
    ("lexicon pass", "Grandad's allotment suffers from slugs.", []),
    ("lexicon pass", "Grandad suffers from arthritis.", ["suffers from"]),
    ("lexicon pass", "The delivery was a no-show, so Mum rang the shop.", []),
    ("lexicon pass", "The leaflet claims the car seat is safe from birth.", []),
    ("lexicon pass", "The hotel claims to be dog friendly.", []),
    ("lexicon pass", "Dad claims he was at work.", ["claims"]),
    ("lexicon pass", "Gran's claim for pension credit was approved.", []),
    ("lexicon pass", "Mum admitted Leo to the walk-in centre.", []),
    ("lexicon pass", "Mum admitted she had been drinking.", ["admitted"]),
    ("lexicon pass", "The factory admitted the leak.", []),
    # 10. "a"/"an" before a label noun at the start or after "with": someone introduced.
    ("stranger", "A gang member approached Jack outside school.", []),
    ("stranger", "Jack was seen with a known gang member.", []),
    ("stranger", "Jack is a gang member, police said.", ["gang member"]),
    ("stranger", "Ruby lives with an alcoholic mother.", ["alcoholic"]),
    # 11. People in a story, a film or a show, in the same clause.
    ("story", "The TV series shows a chaotic family on a farm.", []),
    ("story", "In the film, the mother is manipulative and cruel.", []),
    ("story", "Jack watched a film about a defiant girl.", []),
    ("story", "Mum said Jack was aggressive during the film.", ["aggressive"]),
    ("story", "Staff called Kai a thug in the handover book.", ["thug"]),
    ("story", "In the log book, Kai was described as defiant.", ["defiant"]),
    ("story", "The book was about a lazy boy, and Jack was defiant about it.", ["defiant"]),
    ("case", "The case presents with neglect and domestic abuse.", ["case"]),
    ("case", "The case has a cracked screen.", []),
    ("case", "The case went to trial in May.", []),
    ("lexicon pass", "Liam is a troubled young man.", ["troubled young man"]),
    ("lexicon pass", "The programme for troubled families ended in 2020.", []),
    # 12. History: a year before 1960 or a century, and no family word in the sentence.
    ("history", "Churchill was defiant in 1940, Jack read.", []),
    ("history", "Medieval kings were often aggressive, Leo learned.", []),
    ("history", "In 1995 Kevin was described as chaotic.", ["chaotic"]),
    ("history", "Jack was defiant in his history lesson.", ["defiant"]),
    ("history", "In 1958 Nan was described as defiant by the nuns.", ["defiant"]),
    # 8. Labels after "is a": the subject of "is", past describing words.
    ("is a", "Mr Lane (father) is a volatile man at handovers.", ["volatile"]),
    ("is a", "The bus driver is a difficult man to reach.", []),
    ("is a", "Poppy is a damaged little girl, her nan says.", ["damaged"]),
    ("is a", "The fence is a damaged one.", []),
]


@pytest.mark.parametrize(("kind", "text", "expected"), CASES, ids=[c[1][:40] for c in CASES])
def test_class(kind: str, text: str, expected: list[str]) -> None:
    assert flagged(text) == expected, kind


def test_default_rule_only_for_one_word_labels() -> None:
    lexicon = default_lexicon()
    assert _default_rule(lexicon.get("sneaky") or lexicon.get("thug")) is not None
    assert _default_rule(lexicon.get("LAC")) is None  # jargon: about the system
    assert _default_rule(lexicon.get("substance abuse")) is None  # several words


def test_rules_csv_overrides_the_default() -> None:
    checker = Checker(default_lexicon(), extra_rules={"sulky": ExtraRule("")})
    assert [f.text for f in checker.check("He drove a sulky at the harness track.")] == []
    assert [f.text for f in checker.check("The badgers are sulky.")] == ["sulky"]
