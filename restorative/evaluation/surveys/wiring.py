"""What the feedback area registers when the app starts: the link from a family's page, and
installing the default surveys after migrations (its links on the "Quality and feedback" hub
are in `evaluation.hub`)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_migrate


def _install_defaults(sender: Any, **kwargs: Any) -> None:
    """Default surveys after `migrate` (and after a test database is flushed), so a new
    installation can invite people straight away. Idempotent; an edited default is kept."""
    if getattr(sender, "label", "") != "evaluation":
        return
    from .services import survey_defaults_install

    survey_defaults_install()


def ready() -> None:
    from restorative.core.audit import trail_link_register
    from restorative.people import family_links

    from . import permissions, selectors

    family_links.register(
        "Feedback from the family",
        "evaluation:feedback_family",
        permissions.can_invite_for_family,
        40,
    )
    trail_link_register("surveyresponse", selectors.response_trail_links)
    post_migrate.connect(_install_defaults, dispatch_uid="evaluation_surveys_defaults")
