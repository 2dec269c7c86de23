"""Links from a family's page to what other apps hold about the family.

An app that keeps records about families (meetings and plans, language preferences,
supervision decisions) registers a link here from its `AppConfig.ready()`, with the check of
who may follow it; the family page lists the links this person may use.
"""

from __future__ import annotations

from .models import Family
from .record_links import LinkRegistry

_REGISTRY: LinkRegistry[Family] = LinkRegistry("family_uuid")

register = _REGISTRY.register
links_for = _REGISTRY.links_for
