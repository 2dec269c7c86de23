"""Demo data for the evaluation app: each area's module in `demo/`, seeded in the order of
AREAS by the shared loader (`core.demo_areas`)."""

from __future__ import annotations

from restorative.core.demo_areas import DemoAreas

# Area modules under restorative/evaluation/demo/, in the order they are seeded.
AREAS: tuple[str, ...] = ("complaints", "wellbeing", "audits", "surveys")

seed, reset = DemoAreas(f"{__package__}.demo", AREAS).loaders()
