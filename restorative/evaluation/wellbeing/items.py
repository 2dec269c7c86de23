"""The staff wellbeing survey's questions, written here (pure data, no database).

The four ONS personal wellbeing questions are Crown copyright under the Open Government
Licence (DESIGN.md privacy rule 7) and are asked in the ONS's own words. The questions on
psychological safety, supervision and team circles are written for this product, on the
same 0 to 10 scale so that they read alike and average alike. SWEMWBS is licensed by the
University of Warwick: its wording is never shipped; the organisation loads its seven items
under its own licence (`SwemwbsLicence`) and the platform only scores them (`scoring`).
"""

from __future__ import annotations

from dataclasses import dataclass

SCALE_MIN = 0
SCALE_MAX = 10
SWEMWBS_MIN = 1
SWEMWBS_MAX = 5
SWEMWBS_ITEM_COUNT = 7

THEME_ONS = "personal_wellbeing"
THEME_SAFETY = "psychological_safety"
THEME_SUPERVISION = "supervision"
THEME_CIRCLES = "team_circles"

THEMES: dict[str, str] = {
    THEME_ONS: "Personal wellbeing (ONS)",
    THEME_SAFETY: "Psychological safety",
    THEME_SUPERVISION: "Supervision",
    THEME_CIRCLES: "Team circles",
}


@dataclass(frozen=True)
class Item:
    """One 0 to 10 question. `reversed_` marks the one where a lower answer is better
    (anxiety): its theme score counts 10 minus the answer, so every theme reads "higher is
    better"; the question's own mean is shown as answered."""

    key: str
    theme: str
    text: str
    low: str
    high: str
    reversed_: bool = False


ITEMS: tuple[Item, ...] = (
    Item(
        "life_satisfaction",
        THEME_ONS,
        "Overall, how satisfied are you with your life nowadays?",
        "not at all satisfied",
        "completely satisfied",
    ),
    Item(
        "worthwhile",
        THEME_ONS,
        "Overall, to what extent do you feel that the things you do in your life are worthwhile?",
        "not at all worthwhile",
        "completely worthwhile",
    ),
    Item(
        "happy_yesterday",
        THEME_ONS,
        "Overall, how happy did you feel yesterday?",
        "not at all happy",
        "completely happy",
    ),
    Item(
        "anxious_yesterday",
        THEME_ONS,
        "Overall, how anxious did you feel yesterday?",
        "not at all anxious",
        "completely anxious",
        reversed_=True,
    ),
    Item(
        "safe_to_speak_up",
        THEME_SAFETY,
        "In my team I can raise a worry or a problem without fear of blame.",
        "never",
        "always",
    ),
    Item(
        "mistakes_learned_from",
        THEME_SAFETY,
        "When something goes wrong, my team talks about what happened and learns from it, "
        "rather than looking for someone to blame.",
        "never",
        "always",
    ),
    Item(
        "views_listened_to",
        THEME_SAFETY,
        "My manager listens to my views and ideas.",
        "never",
        "always",
    ),
    Item(
        "supervision_as_agreed",
        THEME_SUPERVISION,
        "My supervision happens as often as we agreed.",
        "never",
        "always",
    ),
    Item(
        "supervision_reflective",
        THEME_SUPERVISION,
        "My supervision gives me time to think about my practice and how the work affects me.",
        "never",
        "always",
    ),
    Item(
        "circles_help",
        THEME_CIRCLES,
        "Team circles help my team talk about what matters and sort out problems together.",
        "not at all",
        "completely",
    ),
    Item(
        "circles_safe",
        THEME_CIRCLES,
        "I feel safe to say what I think in our team circles.",
        "not at all",
        "completely",
    ),
)

ITEM_KEYS: tuple[str, ...] = tuple(item.key for item in ITEMS)
SWEMWBS_KEYS: tuple[str, ...] = tuple(f"swemwbs_{n}" for n in range(1, SWEMWBS_ITEM_COUNT + 1))
SWEMWBS_CHOICES: tuple[tuple[int, str], ...] = (
    (1, "None of the time"),
    (2, "Rarely"),
    (3, "Some of the time"),
    (4, "Often"),
    (5, "All of the time"),
)


def items_in_theme(theme: str) -> tuple[Item, ...]:
    """The questions of one theme, in the order they are asked."""
    return tuple(item for item in ITEMS if item.theme == theme)
