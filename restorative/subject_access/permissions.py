"""Who may log and handle subject access requests (decision 0024). One rule.

Quality assurance handles them: it already reads every family's record, read-only, across the
organisation (people.permissions.FAMILY_VIEW_RULE) and reads the access trail, which is what
answering a request needs, and it holds no case of its own, so it is not judging its own work.
Nobody else may see a request or its bundle:
- practitioners, managers and heads of service hold the cases the request is about;
- the director owns the policy, not individual records (read-only strategic view);
- the system administrator sees no family record anywhere (DESIGN.md), so cannot be the one
  who gathers a whole family's file;
- partners, workforce development, business support, the complaints manager, chairs and
  coordinators hold no organisation-wide role over records.

The same function answers every step (the list, logging, the bundle, extending, releasing):
a request is handled end to end by the information governance role, and a page, a download
and a write can never disagree about who that is. Refusal is "Page not found" (404).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from restorative.core.scope import is_active_user
from restorative.people.models import Staff

HANDLER_ROLES = frozenset({Staff.Role.QUALITY})

# Written on the access trail as why the handler could see the family's record.
BASIS = "information governance: subject access request"


def can_handle_subject_access(user: Any) -> bool:
    """True for an active member of quality assurance: they log, gather, extend and release."""
    return is_active_user(user) and getattr(user, "role", None) in HANDLER_ROLES


def requests_visible_q(user: Any) -> Q:
    """The list filter read off the same rule: every request, or none."""
    return Q() if can_handle_subject_access(user) else Q(pk__in=[])
