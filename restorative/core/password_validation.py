"""Password rules beyond Django's own (security.md item 7; NCSC password guidance).

No composition rules and no expiry: length (12 or more), Django's list of 20,000 common
passwords, and the check here, which refuses what a guessing attack tries first and the
common list cannot hold in every length: one character or a short pattern repeated
(`aaaaaaaaaaaa`, `abcabcabcabc`) and a plain run (`abcdefghijklm`, `123456789012`).

A council with its own list of breached passwords points `PASSWORD_BREACHED_LIST_FILE` at it
(settings/base.py): Django's CommonPasswordValidator then checks that file as well, offline.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

# The longest unit that, repeated, makes a password a pattern rather than a phrase.
LONGEST_REPEATED_UNIT = 4
# Digits run on from 9 to 0, as on a keyboard: 1234567890 is one run.
_DIGIT_NEXT = {str(n): str((n + 1) % 10) for n in range(10)}


def is_repeated_pattern(password: str) -> bool:
    """True when the password is one short unit (up to 4 characters) written again and again."""
    text = password.lower()
    for size in range(1, LONGEST_REPEATED_UNIT + 1):
        if (
            len(text) >= size * 2
            and len(text) % size == 0
            and text == text[:size] * (len(text) // size)
        ):
            return True
    return False


def _steps(text: str) -> set[int]:
    """The differences between neighbouring characters, with 9 → 0 counted as one step up."""
    steps = set()
    for before, after in zip(text, text[1:], strict=False):
        if _DIGIT_NEXT.get(before) == after:
            steps.add(1)
        elif _DIGIT_NEXT.get(after) == before:
            steps.add(-1)
        else:
            steps.add(ord(after) - ord(before))
    return steps


def is_plain_run(password: str) -> bool:
    """True for a run of neighbouring letters or digits, up or down (abcdef…, 98765…)."""
    text = password.lower()
    return len(text) > 2 and _steps(text) in ({1}, {-1})


class RepetitionValidator:
    """Refuse a password that is a short pattern repeated or a plain run of characters."""

    message = (
        "Your password cannot be one character or a short pattern repeated, or a run like "
        "abcdef or 123456. Use three or four unrelated words instead"
    )

    def validate(self, password: str, user: Any = None) -> None:
        if is_repeated_pattern(password) or is_plain_run(password):
            raise ValidationError(self.message, code="password_repeated")

    def get_help_text(self) -> str:
        return "Your password cannot be one character or a short pattern repeated."
