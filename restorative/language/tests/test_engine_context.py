"""Issue 17 and issue 14 point 12: who a phrase describes, which sense a word has, and the
forms people write. Each class is tested both ways: flagged, and left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from restorative.language.engine import Checker, check
from restorative.language.lexicon import EngineEntry, Lexicon
from restorative.language.morphology import negated, reflexives
from restorative.language.subjects import (
    FAMILY,
    OTHER,
    UNKNOWN,
    ExtraRule,
    load_extra_rules,
    load_subjects,
    subject_of,
)


def flagged(text: str) -> list[str]:
    return [finding.text for finding in check(text)]


# --- 1. Who is doing it ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The nearest noun or pronoun before the phrase is a family member, a child or a name.
        ("Mum refused to let the health visitor in.", ["refused"]),
        ("When asked, Kayla denied being in the car.", ["denied"]),
        ("Gran insisted that the children were fed.", ["insisted"]),
        ("Dad's refusal to sign the plan was discussed.", ["refusal"]),
        ("Ryan's father failed to engage with the assessment.", ["failed to engage"]),
        ("We asked Mum and Dad but they refused the offer.", ["refused"]),
        # A passive whose agent is a family member.
        ("The offer of a family group conference was refused by Mum.", ["refused"]),
        # Nobody named: unknown subjects are flagged.
        ("Refused to attend the meeting on Monday.", ["Refused"]),
    ],
)
def test_flagged_when_it_describes_a_child_or_family_member(text: str, expected: list[str]) -> None:
    assert flagged(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We refused the request for a second transfer.",
        "I refused to close the case until the school had called.",
        "The interpreter refused to translate the word.",
        "The school's refusal to take Jayden back was challenged.",
        "The application for funding was refused by the panel.",
        "The council claimed the flat was suitable.",
        "The headteacher insisted that the uniform policy applied to everyone.",
        "The housing officer denied that repairs had been requested.",
        "The social worker was aggressive on the phone, according to the complaint.",
        "Our service has failed to engage fathers.",
        "The venue was hard to reach by public transport.",
        "Police refused to give Mum a crime reference number.",
        "I rang the school and they refused to share the report.",
        "Two health visitors refused to visit without a colleague.",
        "Dr Patel refused to prescribe more sleeping tablets.",
    ],
)
def test_left_alone_when_it_describes_the_writer_a_professional_or_a_service(text: str) -> None:
    assert flagged(text) == []


def test_subject_detection_reads_possessives_passives_and_names() -> None:
    text = "The school's refusal upset Tia."
    start = text.index("refusal")
    assert subject_of(text, start, start + 7) == OTHER
    text = "The plan was refused by Dad."
    start = text.index("refused")
    assert subject_of(text, start, start + 7) == FAMILY
    text = "Tyler refused."
    assert subject_of(text, 6, 13) == FAMILY
    text = "Refused."
    assert subject_of(text, 0, 7) == UNKNOWN


def test_subject_word_lists_are_data_the_lead_can_edit(tmp_path: Path) -> None:
    words = tmp_path / "subjects.csv"
    words.write_text("word,kind\n# a comment\nchaplain,other\n")
    assert load_subjects(words) == {"chaplain": "other"}
    text = "The chaplain refused."
    start = text.index("refused")
    assert subject_of(text, start, start + 7, words=load_subjects(words)) == OTHER
    words.write_text("word,kind\nchaplain,colleague\n")
    with pytest.raises(ValueError, match="chaplain"):
        load_subjects(words)


def test_extra_rules_are_keyed_by_term_and_apply_to_an_organisations_copy(
    tmp_path: Path,
) -> None:
    rules = tmp_path / "rules.csv"
    rules.write_text("term,described,predicative\nGrumpy,adjective,yes\n")
    assert set(load_extra_rules(rules)) == {"grumpy"}
    entry = EngineEntry(
        term="grumpy",
        category="labelling",
        alternatives=("upset",),
        reason="It labels.",
        only_before=("@person",),
    )
    with_rules = Checker(Lexicon([entry]), extra_rules=load_extra_rules(rules))
    without = Checker(Lexicon([entry]), extra_rules={})
    text = "Dad was grumpy. The weather was grumpy. The grumpy teacher left."
    assert [f.start for f in with_rules.check(text)] == [8]
    assert without.check(text) == []
    with pytest.raises(ValueError):
        ExtraRule("nobody")


# --- 2. Which sense of the word ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # Named orders and documents.
        "The Placement Order was granted on Tuesday.",
        "The contact order from 2019 has been replaced.",
        # (Not "The Permanence Report": the labelling conventions flag permanence even as a
        # document's name; see test_conventions.py.)
        # The position of an object.
        "The placement of the stair gate was checked on the home safety visit.",
        # A place or service open to the public.
        "Mum works in a contact centre for an energy company.",
        "The retail unit next to the family centre is empty.",
        "The housing office is hard to reach without a car.",
        # An illness.
        "Dad has an aggressive form of cancer.",
        "The infection was resistant to antibiotics.",
        # A material or a thing.
        "The door is fire resistant.",
        "The kitchen was badly damaged by the fire.",
        "The heating engineer said the boiler was non-compliant.",
        "The letter purports to come from the council.",
        "Dad's engagement party is on Saturday.",
    ],
)
def test_other_senses_are_left_alone(text: str) -> None:
    assert flagged(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jack has been in his current placement for a year.", ["placement"]),
        ("Contact with Mum went well.", ["Contact"]),
        ("The local authority is considering permanence.", ["permanence"]),
        ("The Permanence Report was presented to the panel.", ["Permanence"]),
        ("Staff at the unit said Callum had a good week.", ["unit"]),
        ("Dad was aggressive towards the reception staff.", ["aggressive"]),
        ("Mum remains resistant to the plan.", ["resistant"]),
    ],
)
def test_the_labelling_sense_is_still_flagged(text: str, expected: list[str]) -> None:
    assert flagged(text) == expected


# --- 3. The forms people write ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Doubt verbs in every tense, and their nouns.
        ("Mum claims the bruise happened at nursery.", ["claims"]),
        ("Dad is claiming that he was at work.", ["claiming"]),
        ("Mum alleged that the neighbour threatened her.", ["alleged"]),
        ("Dad maintains that he has stopped drinking.", ["maintains"]),
        ("Dad confessed that he had been drinking.", ["confessed"]),
        ("Lucy continues to deny that anything happened.", ["deny"]),
        ("Dad's denial of the injuries was recorded.", ["denial"]),
        ("Gran's insistence that nothing happened worried the nurse.", ["insistence"]),
        # (Dis)engagement and compliance, as verbs in every negated tense and as nouns.
        ("Mum is not engaging with the plan.", ["is not engaging with"]),
        ("Mum hasn't engaged since the last visit.", ["hasn't engaged"]),
        ("Dad stopped engaging after the hearing.", ["stopped engaging"]),
        ("Mum has not complied with the agreement.", ["has not complied with"]),
        ("Gran has disengaged from the service.", ["disengaged"]),
        ("There has been limited engagement from Dad.", ["limited engagement"]),
        ("Mum's engagement with the health visitor has been poor.", ["engagement"]),
        ("The parents failed to cooperate with the assessment.", ["failed to cooperate"]),
        ("Jack is a compliant child who does what adults say.", ["compliant"]),
        # Labelling adjectives before a noun after an article, and at the end of a clause.
        ("She is an aggressive mother when she has been drinking.", ["aggressive"]),
        ("Dad is a resistant father.", ["resistant"]),
        ("The home is chaotic.", ["chaotic"]),
        ("Mum was difficult during the visit.", ["difficult"]),
        ("Jack can be challenging at bedtime.", ["challenging"]),
        ("Dad, who had been drinking, was hostile.", ["hostile"]),
        ("Jack was described as aggressive by staff.", ["aggressive"]),
        ("Mum came across as hostile in the meeting.", ["hostile"]),
        ("Jack's behaviour at school is manipulative.", ["manipulative"]),
        ("Mum has been avoiding the social worker.", ["avoiding the social worker"]),
        ("Jack's compliance with the plan has improved.", ["compliance"]),
        ("Mum claims Jack fell off the sofa.", ["claims"]),
        ("Life at home is chaotic.", ["chaotic"]),
        ("Dad was evasive when asked about the money.", ["evasive"]),
        # Disability labels.
        ("Her brother is an epileptic.", ["an epileptic"]),
        ("He is an ADHD child.", ["ADHD child"]),
        ("Services for the blind are in the library.", ["the blind"]),
        # Agency or choice put on a child who is being exploited, in any tense.
        ("Leah chose to go missing again.", ["chose to go missing"]),
        ("Amy is putting herself in risky situations.", ["putting herself in risky situations"]),
        ("Ben sold drugs for the line.", ["sold drugs"]),
        ("Chloe chose to associate with adults who gave her alcohol.", ["chose to associate with"]),
        ("Sophie is sexually active with older men.", ["sexually active with"]),
    ],
)
def test_forms_are_flagged(text: str, expected: list[str]) -> None:
    assert flagged(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "It was a difficult meeting but we agreed a plan.",
        "The meeting was difficult because the room was too small.",
        "Mum said the move was challenging but worth it.",
        "The weather was challenging for the school trip.",
        "The atmosphere was hostile.",
        "We spent the visit challenging Dad's view of the bruise.",
        "Mum is demanding answers from the school.",
        "Mum wasn't difficult at all.",
        "Ruby was vulnerable to exploitation because of her age.",
        "Mum has a diagnosis of epilepsy and Dad has diabetes.",
        "The epileptic seizure lasted three minutes.",
        "Mum chose to move to be nearer her sister.",
        "The man was dealing drugs from the flat next door.",
        "The team's community engagement work continues.",
        "The car played up on the way to the family centre.",
        "The dog was described as aggressive by the neighbour.",
        "The driver took evasive action to avoid the cyclist.",
        "Mum is involved with the school's parent group.",
        "The school's compliance with the guidance was checked.",
        "Mum claimed Housing Benefit in May.",
    ],
)
def test_ordinary_forms_are_left_alone(text: str) -> None:
    assert flagged(text) == []


def test_negated_lemma_covers_every_tense_without_listing_them() -> None:
    forms = negated("not engage")
    for form in ("did not engage", "won't engage", "hadn't engaged", "was not engaging"):
        assert form in forms
    assert negated("engage") == ["engage"]
    assert reflexives("put herself at risk")[:3] == [
        "put herself at risk",
        "put himself at risk",
        "put themselves at risk",
    ]


# --- The classes found when the first held-out set was read (it is now development data) ----


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A passive's agent after a name with a title, or after a describing word.
        ("The home visit was refused by Mrs Kowalczyk.", ["refused"]),
        ("The school place was refused by her older sister.", ["refused"]),
        ("The visit was refused by Grandad on Sunday.", ["refused"]),
        # A family member refusing something a service usually refuses.
        ("Mr Adebayo refused access to the back bedroom.", ["refused"]),
        # Verbs that cast doubt on what a person says, in every tense and after an adverbial.
        ("Dad asserted that he had never left them alone.", ["asserted"]),
        ("Aunt Grace contends that the bruise came from football.", ["contends"]),
        ("Mum protested that nobody had told her about the review.", ["protested"]),
        ("Mum would have us believe that the flat is always tidy.", ["would have us believe"]),
        ("Mr Lee has claimed on several occasions that the dog is gentle.", ["claimed"]),
        ("Mum is alleging that her neighbour took the pram.", ["alleging"]),
        ("Grandad's claims about the noise were not followed up.", ["claims"]),
        # An adjective after "and is/was", whose subject is the first verb's.
        ("Tyler threw his bag and was defiant in the car.", ["defiant"]),
        # Engagement and compliance describing a person.
        ("Mr Ward's lack of engagement was raised by the nursery.", ["lack of engagement"]),
        ("Dad tends to avoid engagement with the family support worker.", ["engagement"]),
        ("Mum has complied with the safety plan since March.", ["complied"]),
        # "Hard to reach" said of a family, with who said it named after "by".
        ("The Boateng family were called hard to reach by two agencies.", ["hard to reach"]),
    ],
)
def test_held_out_classes_flagged(text: str, expected: list[str]) -> None:
    assert flagged(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The home visit was refused by Dr Okonkwo because of the infection risk.",
        "The housing officer refused access to the empty flat.",
        "The school asserted that the exclusion was lawful.",
        "The local authority contends that the assessment was fair.",
        "It is alleged that the car was parked outside all night.",
        "The meeting overran and was difficult for everyone in the room.",
        "The referrer claims the boys were out late but gave no dates.",
        "Kacper's paediatrician did not attend the review and sent a letter.",
        "The service complied with the court's directions on time.",
        'Keira said she "chose to go" with them because she was scared to say no.',
    ],
)
def test_held_out_classes_left_alone(text: str) -> None:
    assert flagged(text) == []
