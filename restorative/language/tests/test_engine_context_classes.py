"""Issue 17: the classes of error read from the second held-out set (heldout_2.txt, now
development data). Each class is tested both ways with sentences of our own: flagged when
it describes a child or family member in the labelling sense, left alone otherwise."""

from __future__ import annotations

import pytest

from restorative.language.engine import check


def flagged(text: str) -> list[str]:
    return [finding.text for finding in check(text)]


# Each case: (class, text, expected findings). An empty list means "left alone".
CASES = [
    # 1. A noun of action whose doer follows "by" or "from": an agency is not the family;
    #    after "disengagement" or "withdrawal", "from" names what was left, not the doer.
    ("noun agent", "Non-engagement by the youth offending service held up the report.", []),
    ("noun agent", "Engagement from the other agencies has been poor since June.", []),
    ("noun agent", "Non-engagement by Dad held up the report.", ["Non-engagement"]),
    ("noun agent", "Engagement from Mum has been poor since June.", ["Engagement"]),
    ("noun agent", "Leon's disengagement from the youth club began in May.", ["disengagement"]),
    # 2. "she" or "he" starting a clause after a comma, when the sentence names only
    #    professionals or services, stands for one of them.
    ("pronoun", "When I rang the pharmacist about the repeat, she refused.", []),
    ("pronoun", "When I rang Mum about the repeat, she refused.", ["refused"]),
    ("pronoun", "Staff thought that he was attention seeking on the trip.", ["attention seeking"]),
    ("pronoun", "The teacher describes him as defiant in lessons.", ["defiant"]),
    # 3. The noun after a preposition ("on time", "up Snowdon") is not the subject;
    #    "after" and "before" also join clauses, so their noun still counts.
    ("preposition", "Dad came to the review on time but refused to sign the plan.", ["refused"]),
    ("preposition", "The climb up Snowdon was challenging for everyone.", []),
    ("preposition", "The walk along the Thames Path was challenging.", []),
    ("preposition", "Staff stepped in after Tommy kicked off at tea.", ["kicked off"]),
    # 4. A relative clause between a subject and "was": the subject is the noun before "who".
    ("relative", "The man who exploited Leah was manipulative and cruel.", []),
    ("relative", "The girl who moved in with her aunt was defiant at school.", ["defiant"]),
    # 5. Titles of two words: the children's guardian is a professional.
    ("title", "The children's guardian maintained that the plan was sound.", []),
    ("title", "The children maintained that they had been asleep.", ["maintained"]),
    # 6. Things and people in other roles: machines, rooms, officers of a club.
    ("things", "The gears failed to engage on the steep hill.", []),
    ("things", "The secretary of the tenants' committee absconded with the funds.", []),
    ("things", "The firefighter put himself at risk to reach the flat.", []),
    ("things", "Jake absconded from his foster home overnight.", ["absconded"]),
    ("things", "Leah put herself at risk by going to the flat.", ["put herself at risk"]),
    # 7. A child made to carry or sell drugs is exploited, not choosing it; the active form
    #    and the job-like "working a county line" are still flagged.
    ("exploitation", "The boys were groomed to deliver drugs in Reading.", []),
    ("exploitation", "Kyle was forced to carry drugs across the county.", []),
    ("exploitation", "Jayden delivers drugs in the town centre.", ["delivers drugs"]),
    ("exploitation", "Kyle has been working a county line in Kent.", ["working a county line"]),
    ("exploitation", "Leah is sleeping with a 30-year-old man.", ["sleeping with"]),
    ("exploitation", "The baby was sleeping with Mum in the big bed.", []),
    # 8. Word senses: money claimed, a student's placement, the permanence of a thing,
    #    a building's damp or a team's turnover, the service's own contact, the writer's rest.
    ("sense", "Gran claimed the travel costs back from the school.", []),
    ("sense", "Gran claimed that nobody had told her.", ["claimed"]),
    ("sense", "Amira starts her midwifery placement in March.", []),
    ("sense", "The placement with Aunt Jo has lasted a year.", ["placement"]),
    ("sense", "Dad worried about the permanence of the piercing.", []),
    ("sense", "The plan talks about permanence for the twins.", ["permanence"]),
    ("sense", "The kitchen suffers from damp in winter.", []),
    ("sense", "Our service suffers from staff shortages.", []),
    ("sense", "Mum suffers from anxiety.", ["suffers from"]),
    ("sense", "Our contact with the family has been fortnightly.", []),
    ("sense", "Contact made with Mum by phone on Tuesday.", []),
    ("sense", "Contact with Mum has been fortnightly.", ["Contact"]),
    ("sense", "The team talked about contact arrangements for professionals at Easter.", []),
    ("sense", "The respite I took in August helped.", []),
    ("sense", "Jack's respite weekend was cancelled.", ["respite"]),
    # 9. "seem" before an adjective at the end of a clause, like "seems" and "seemed".
    ("seem", "Both parents seem unmotivated to change the routine.", ["unmotivated"]),
    ("seem", "The plans seem unmotivated by any evidence.", []),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [(text, expected) for _, text, expected in CASES],
    ids=[
        f"{kind}-{'flagged' if expected else 'left'}-{n}"
        for n, (kind, _, expected) in enumerate(CASES)
    ],
)
def test_class(text: str, expected: list[str]) -> None:
    assert flagged(text) == expected


def test_every_class_is_tested_both_ways() -> None:
    kinds = {kind for kind, _, _ in CASES}
    for kind in kinds:
        outcomes = {bool(expected) for k, _, expected in CASES if k == kind}
        assert outcomes == {True, False}, kind


def test_who_right_before_the_verb_is_the_subject_of_that_verb() -> None:
    """ "The mother who is manipulative": "who" is the mother, so the word is about her (a
    relative clause with words of its own, "the man who groomed Aisha was", is not)."""
    from restorative.language.engine import check

    assert [f.term for f in check("Staff must challenge the mother who is manipulative.")] == [
        "manipulative"
    ]
    assert check("We met the worker who is manipulative.") == []
