"""Small parts of existing workforce pages for the learning log, audits and team circles.

They let "My training", a supervision session's page and the training page show these
features with a one-line include, each part calling the same selectors and permission
functions as the features' own pages.
"""

from __future__ import annotations

from typing import Any

from django import template

from .. import audits, circles, learning

register = template.Library()


@register.inclusion_tag("workforce/includes/learning_log_table.html", takes_context=True)
def learning_log_table(context: Any, person: Any = None) -> dict[str, Any]:
    """Each of `person`'s completed courses with a link to write or read its learning log."""
    user = context["request"].user
    person = person or user
    return {"rows": learning.learning_log_rows(user, person), "is_self": person.pk == user.pk}


@register.inclusion_tag("workforce/includes/audit_feedback.html", takes_context=True)
def audit_feedback(context: Any, session: Any) -> dict[str, Any]:
    """The grade and feedback of audits of this session, for its supervisor and supervisee."""
    return {"audits": audits.session_feedback(context["request"].user, session), "session": session}


@register.inclusion_tag("workforce/includes/reflective_links.html", takes_context=True)
def reflective_links(context: Any) -> dict[str, Any]:
    """Links to team circles and supervision audits for those who may use them."""
    user = context["request"].user
    return {
        "can_view_circles": circles.can_use_team_circles(user),
        "can_view_audits": audits.can_view_audit_results(user),
    }
