"""The default surveys, written here (not licensed instruments: DESIGN.md privacy rule 7).

Themes after Yatchmenoff's family engagement dimensions (2005) and the social discipline
window (IIRP): being listened to, understanding what is happening, having a say in the plan,
respect, trust in the worker, and whether the meeting felt done WITH, TO, FOR or NOT.

The children's wording is for a reading age of 9 or below, checked in a test with the
product's own reading-age function (`practice.readability.reading_age`). The under-8 survey
uses faces with words, short enough to read aloud.
"""

from __future__ import annotations

from typing import Any

FACES = [
    [1, "Very sad"],
    [2, "Sad"],
    [3, "In the middle"],
    [4, "Happy"],
    [5, "Very happy"],
]

# The social discipline window as choices, in words a child can read.
WITH_TO_FOR_NOT_CHILD = [
    ["with", "We did it together"],
    ["to", "Grown-ups told me what to do"],
    ["for", "Grown-ups did it all for me"],
    ["not", "Nobody really helped"],
]
WITH_TO_FOR_NOT_ADULT = [
    ["with", "It was done with us: we worked it out together"],
    ["to", "It was done to us: we were told what would happen"],
    ["for", "It was done for us: things were sorted out without us"],
    ["not", "Not much was done at all"],
]
WITH_TO_FOR_NOT_PARTNER = [
    ["with", "WITH the family: high support and high challenge"],
    ["to", "TO the family: high challenge, low support"],
    ["for", "FOR the family: high support, low challenge"],
    ["not", "NOT at all: low support, low challenge"],
]


def _q(
    kind: str,
    theme: str,
    text: str,
    *,
    hint: str = "",
    choices: list[list[Any]] | None = None,
    required: bool = False,
) -> dict[str, Any]:
    return {
        "kind": kind,
        "theme": theme,
        "text": text,
        "hint": hint,
        "choices": choices or (FACES if kind == "faces_1_5" else []),
        "required": required,
    }


def _child_trust_and_feel() -> list[dict[str, Any]]:
    """Trust in the worker and how the meeting felt, asked in the same words of children from
    8 and of young people from 13."""
    return [
        _q(
            "scale_0_10",
            "trust",
            "How much do you trust your worker? 0 is not at all, 10 is a lot.",
        ),
        _q(
            "choose_one",
            "with_to_for_not",
            "Which is most like how the meeting felt?",
            choices=WITH_TO_FOR_NOT_CHILD,
        ),
    ]


def _say_and_respect() -> list[dict[str, Any]]:
    """A say in the plan and respect, asked in the same words of young people from 13 and of
    parents and carers."""
    return [
        _q(
            "scale_0_10",
            "say_in_plan",
            "How much of a say did you have in the plan? 0 is none, 10 is a lot.",
        ),
        _q("yes_no_unsure", "respect", "Were you treated with respect?"),
    ]


DEFAULT_SURVEYS: list[dict[str, Any]] = [
    {
        "code": "child-under-8",
        "name": "Your meeting (for children under 8)",
        "audience": "child_under_8",
        "introduction": "We want to know how the meeting felt for you. "
        "You can ask a grown-up to read this with you. Pick a face for each one.",
        "questions": [
            _q("faces_1_5", "listened_to", "Did people listen to you?", required=True),
            _q("faces_1_5", "understanding", "Did you know what the meeting was for?"),
            _q("faces_1_5", "say_in_plan", "Did you help make the plan?"),
            _q("faces_1_5", "respect", "Were people kind to you?"),
            _q("faces_1_5", "trust", "Do you feel OK to talk to your worker?"),
            _q(
                "choose_one",
                "with_to_for_not",
                "How did the meeting feel?",
                choices=WITH_TO_FOR_NOT_CHILD,
            ),
            _q("free_text", "other", "Is there anything else you want to tell us?"),
        ],
    },
    {
        "code": "child-8-12",
        "name": "Your meeting (for children aged 8 to 12)",
        "audience": "child_8_12",
        "introduction": "We want to know what you think about the meeting. "
        "There are no right or wrong answers. You can skip any question.",
        "questions": [
            _q("faces_1_5", "listened_to", "Did people listen to what you said?", required=True),
            _q("faces_1_5", "understanding", "Do you know what is going to happen next?"),
            _q("faces_1_5", "say_in_plan", "Did you get a say in the plan?"),
            _q("faces_1_5", "respect", "Were you treated in a fair and kind way?"),
            *_child_trust_and_feel(),
            _q("free_text", "other", "What could we do better next time?"),
        ],
    },
    {
        "code": "child-13-plus",
        "name": "Your meeting (for young people aged 13 and over)",
        "audience": "child_13_plus",
        "introduction": "Tell us what the meeting was like for you. "
        "You can skip any question you do not want to answer.",
        "questions": [
            _q(
                "scale_0_10",
                "listened_to",
                "How well did people listen to you? 0 is not at all, 10 is very well.",
                required=True,
            ),
            _q("yes_no_unsure", "understanding", "Do you know what will happen next and why?"),
            *_say_and_respect(),
            *_child_trust_and_feel(),
            _q("free_text", "other", "What could we do better?"),
        ],
    },
    {
        "code": "parent-carer",
        "name": "Your meeting (for parents and carers)",
        "audience": "parent_carer",
        "introduction": "We would like to know how the meeting went for you, so we can get "
        "better at working with families. It takes about three minutes.",
        "questions": [
            _q(
                "scale_0_10",
                "listened_to",
                "How well were you listened to? 0 is not at all, 10 is completely.",
                required=True,
            ),
            _q(
                "scale_0_10",
                "understanding",
                "How well do you understand what is happening and why? "
                "0 is not at all, 10 is completely.",
            ),
            *_say_and_respect(),
            _q(
                "scale_0_10",
                "trust",
                "How much do you trust your worker to do what they say? "
                "0 is not at all, 10 is completely.",
            ),
            _q(
                "choose_one",
                "with_to_for_not",
                "Which is closest to how the meeting felt?",
                choices=WITH_TO_FOR_NOT_ADULT,
            ),
            _q("free_text", "other", "Is there anything you would like us to know?"),
        ],
    },
    {
        "code": "partner-meeting",
        "name": "Multi-agency meeting (for partner professionals)",
        "audience": "partner",
        "introduction": "Your view of the meeting helps us work better together with families "
        "and with your agency.",
        "questions": [
            _q(
                "scale_0_10",
                "listened_to",
                "How well was your agency's view heard? 0 is not at all, 10 is fully.",
                required=True,
            ),
            _q(
                "scale_0_10",
                "understanding",
                "How clear is the plan and your part in it? 0 is not at all, 10 is completely.",
            ),
            _q(
                "scale_0_10",
                "say_in_plan",
                "How well was the family involved in making the plan? "
                "0 is not at all, 10 is fully.",
            ),
            _q("yes_no_unsure", "respect", "Was the family treated with respect?"),
            _q(
                "scale_0_10",
                "trust",
                "How confident are you in the lead worker's follow-through? "
                "0 is not at all, 10 is fully.",
            ),
            _q(
                "choose_one",
                "with_to_for_not",
                "How was the meeting done, in the social discipline window?",
                choices=WITH_TO_FOR_NOT_PARTNER,
            ),
            _q("free_text", "other", "What would make these meetings work better?"),
        ],
    },
]
