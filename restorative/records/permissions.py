"""Who may keep the organisation's records rules (issue 15, point 4; docs/decisions/0025).

Retention is information governance: quality assurance (who answer for records), the system
administrator (who runs the service) and the director (the senior officer accountable for
information risk) may see the rules, change a period, place or lift a legal hold and ask for
a disposal run. Disposal is irreversible, so a run is approved by one of them *other than*
the person who asked for it: two named people for every disposal.
"""

from __future__ import annotations

from typing import Any

from restorative.core.scope import is_active_user
from restorative.people.models import Staff

from .models import DisposalRun

Role = Staff.Role
RECORDS_KEEPERS = frozenset({Role.QUALITY, Role.SYSTEM_ADMIN, Role.DIRECTOR})


def can_manage_records(user: Any) -> bool:
    """Rules, holds and disposal runs: records keepers of an organisation."""
    return (
        is_active_user(user)
        and user.role in RECORDS_KEEPERS
        and getattr(user, "organisation_id", None) is not None
    )


def can_see_run(user: Any, run: DisposalRun) -> bool:
    return can_manage_records(user) and run.organisation_id == user.organisation_id


def can_approve_run(user: Any, run: DisposalRun) -> bool:
    """A second records keeper of the same organisation, while the run waits."""
    return (
        can_see_run(user, run)
        and run.status == DisposalRun.Status.PROPOSED
        and run.proposed_by_id != user.pk
    )


def can_cancel_run(user: Any, run: DisposalRun) -> bool:
    return can_see_run(user, run) and run.status in (
        DisposalRun.Status.PROPOSED,
        DisposalRun.Status.APPROVED,
    )
