"""Demo data for the evaluation app: each area's module in `demo/`, seeded in the order of AREAS.

`seed_demo` calls `seed(scale=...)` after the people and the earlier apps, and `reset()` before
a fresh load. An area module has `seed(*, scale: str, today: datetime.date) -> dict[str, int]`
(counts by label) and `reset() -> None`.
"""

from __future__ import annotations

import datetime
import importlib
from types import ModuleType

from django.utils import timezone

# Area modules under restorative/evaluation/demo/, in the order they are seeded.
AREAS: tuple[str, ...] = ("complaints", "wellbeing", "audits", "surveys")


def _areas() -> list[ModuleType]:
    return [importlib.import_module(f"{__package__}.demo.{name}") for name in AREAS]


def seed(*, scale: str) -> dict[str, int]:
    today: datetime.date = timezone.localdate()
    counts: dict[str, int] = {}
    for module in _areas():
        counts.update(module.seed(scale=scale, today=today))
    return counts


def reset() -> None:
    for module in reversed(_areas()):
        module.reset()
