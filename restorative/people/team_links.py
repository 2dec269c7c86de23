"""Links from a team's page to what other apps hold about the team.

A head of service or the director reaches a team through the organisation pages; the team's
meetings and voice figures, its training compliance, champions and team circles live in
other apps, which register their links here from `AppConfig.ready()` with the check of who
may follow them.
"""

from __future__ import annotations

from .models import Team
from .record_links import LinkRegistry

_REGISTRY: LinkRegistry[Team] = LinkRegistry("team_uuid")

register = _REGISTRY.register
links_for = _REGISTRY.links_for
