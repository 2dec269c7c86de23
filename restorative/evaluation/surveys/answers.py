"""Checking one answer against its question: pure functions, no database.

Each returns the stored form (number, choice, text) or raises `AnswerError` with the message
the person sees next to the question. An empty answer is allowed unless the question is
required: nobody has to answer anything they do not want to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

SCALE_MESSAGE = "Choose a number from 0 to 10"
FACES_MESSAGE = "Choose one of the faces"
YES_NO_MESSAGE = "Choose yes, no or not sure"
CHOOSE_MESSAGE = "Choose one of the answers"
REQUIRED_MESSAGE = "Answer this question, please"
TEXT_LIMIT = 5000
TEXT_MESSAGE = f"Write {TEXT_LIMIT} characters or fewer"

YES_NO_UNSURE = (("yes", "Yes"), ("no", "No"), ("not_sure", "Not sure"))


class AnswerError(ValueError):
    """An answer that does not fit its question; the message is for the person answering."""


@dataclass(frozen=True)
class Answer:
    number: int | None = None
    choice: str = ""
    text: str = ""

    @property
    def empty(self) -> bool:
        return self.number is None and not self.choice and not self.text


def _whole_number(raw: str, low: int, high: int, message: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise AnswerError(message) from None
    if not low <= value <= high:
        raise AnswerError(message)
    return value


def clean_answer(
    kind: str, raw: str | None, *, choices: Sequence[Sequence[Any]] = (), required: bool = False
) -> Answer:
    """The answer to one question of `kind`, checked. See the module docstring."""
    value = (raw or "").strip()
    if not value:
        if required:
            raise AnswerError(REQUIRED_MESSAGE)
        return Answer()
    if kind == "scale_0_10":
        return Answer(number=_whole_number(value, 0, 10, SCALE_MESSAGE))
    if kind == "faces_1_5":
        return Answer(number=_whole_number(value, 1, 5, FACES_MESSAGE))
    if kind == "yes_no_unsure":
        if value == "yes":
            return Answer(number=1, choice="yes")
        if value == "no":
            return Answer(number=0, choice="no")
        if value == "not_sure":
            return Answer(choice="not_sure")
        raise AnswerError(YES_NO_MESSAGE)
    if kind == "choose_one":
        if value not in {str(option[0]) for option in choices}:
            raise AnswerError(CHOOSE_MESSAGE)
        return Answer(choice=value)
    if kind == "free_text":
        if len(value) > TEXT_LIMIT:
            raise AnswerError(TEXT_MESSAGE)
        return Answer(text=value)
    raise AnswerError("This question cannot be answered")


def score_percent(kind: str, number: int | None) -> float | None:
    """An answer on a 0-100 scale, so themes asked in different ways can be read together:
    0-10 times ten, faces 1-5 as 0, 25, 50, 75, 100, yes 100 and no 0; None otherwise."""
    if number is None:
        return None
    if kind == "scale_0_10":
        return number * 10.0
    if kind == "faces_1_5":
        return (number - 1) * 25.0
    if kind == "yes_no_unsure":
        return number * 100.0
    return None
