"""The loader of an app's demo data split into one module per area.

`seed_demo` calls each app's `demo_data.seed(scale=...)` after the people and the earlier
apps, and `demo_data.reset()` before a fresh load. An app whose demo data has several areas
keeps one module per area in its `demo/` package, each with
`seed(*, scale: str, today: datetime.date) -> dict[str, int]` (counts by label) and
`reset() -> None`, and lists them here once, in the order they are seeded:

    AREAS = ("barriers", "policies", "measures")
    seed, reset = DemoAreas(f"{__package__}.demo", AREAS).loaders()
"""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

from django.utils import timezone


@dataclass(frozen=True)
class DemoAreas:
    """The area modules of one app's demo data: `package` is the dotted name of its `demo/`."""

    package: str
    areas: tuple[str, ...]

    def modules(self) -> list[ModuleType]:
        return [importlib.import_module(f"{self.package}.{name}") for name in self.areas]

    def seed(self, *, scale: str) -> dict[str, int]:
        """Seed every area in order, all on the same day; the counts of what was made."""
        today: datetime.date = timezone.localdate()
        counts: dict[str, int] = {}
        for module in self.modules():
            counts.update(module.seed(scale=scale, today=today))
        return counts

    def reset(self) -> None:
        """Delete every area's demo rows, the last seeded first (it may point at earlier ones)."""
        for module in reversed(self.modules()):
            module.reset()

    def loaders(
        self,
    ) -> tuple[Callable[..., dict[str, int]], Callable[[], None]]:
        """The app's `seed` and `reset`, as `seed_demo` calls them."""
        return self.seed, self.reset
