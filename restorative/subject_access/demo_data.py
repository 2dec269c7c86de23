"""Demo data: none is seeded (a request is made by hand in the walk-through). `reset` deletes
requests so the people app can delete the demo families; it is only reached when the access
trail is empty, which no logged request leaves it."""

from __future__ import annotations

from .models import SubjectAccessRequest


def reset() -> None:
    SubjectAccessRequest.objects.all().delete()


def seed(*, scale: str) -> dict[str, int]:
    """Nothing to seed: requests are logged by hand (every one is on the access trail)."""
    return {}
