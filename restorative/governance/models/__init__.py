"""The governance app's tables, one module per area; each is imported here so Django finds it."""

from .barriers import Barrier
from .measures import Snapshot, Target
from .policies import Acknowledgement, Policy, PolicyVersion, ReviewTrigger

__all__ = [
    "Acknowledgement",
    "Barrier",
    "Policy",
    "PolicyVersion",
    "ReviewTrigger",
    "Snapshot",
    "Target",
]
