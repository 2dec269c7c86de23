"""Demo data for the evaluation app: each area's module in `demo/`, seeded in the order of
AREAS by the shared loader (`core.demo_areas`)."""

from __future__ import annotations

from django.db import transaction

from restorative.core.demo_areas import DemoAreas

# Area modules under restorative/evaluation/demo/, in the order they are seeded.
AREAS: tuple[str, ...] = ("complaints", "wellbeing", "audits", "surveys")

seed, reset = DemoAreas(f"{__package__}.demo", AREAS).loaders()

# The voices (issue 11): the staff survey rounds and course evaluations, and the feedback from
# children, families and partners. Neither is pointed at by another area's demo rows.
VOICE_AREAS: tuple[str, ...] = ("wellbeing", "surveys")


def reseed_voices(*, scale: str) -> dict[str, int]:
    """Replace only the voices' demo data on a database already seeded (`seed_demo --only
    voices`): delete them and seed them again, in one transaction, so running it twice leaves
    the same data as running it once and a failure leaves the old data in place."""
    areas = DemoAreas(f"{__package__}.demo", VOICE_AREAS)
    with transaction.atomic():
        areas.reset()
        return areas.seed(scale=scale)


# Parts of the demo data `seed_demo --only <part>` can replace, found by the command in each
# app's demo_data module (people's command may not import the apps after it).
RESEED_PARTS = {"voices": reseed_voices}
