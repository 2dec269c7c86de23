"""The governance app's one section of the service navigation, "Governance": a hub page
listing the implementation picture, the barriers register and the policy register to those
who may open each, so the service navigation stays short for every role."""

from __future__ import annotations

from restorative.core import navigation

from . import permissions

KEY = "governance"


def register() -> None:
    """Register the hub and its areas (from `GovernanceConfig.ready()`)."""
    hub = navigation.register_hub(
        KEY,
        "Governance",
        "governance:home",
        75,
        intro="How restorative practice is taking hold, what stands in its way, and the "
        "policies it rests on.",
    )
    hub.add(
        "Implementation picture",
        "governance:picture",
        permissions.can_view_picture,
        "Measures against their targets for the organisation, each service and each team, "
        "and the board report.",
        10,
    )
    hub.add(
        "Barriers",
        "governance:barriers",
        permissions.can_raise_barrier,
        "Raise something that gets in the way of working restoratively, and follow what is "
        "done about it.",
        20,
    )
    hub.add(
        "Policies",
        "governance:policies",
        permissions.can_view_policies,
        "The policy register: policies to read and acknowledge, and their reviews.",
        30,
    )
