"""Reading the barriers register, scoped to the person asking (permissions: one's own, and the
barriers of the place one leads)."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from .. import permissions
from ..models import Barrier


def barriers_for(user: Any, *, status: str = "", theme: str = "") -> QuerySet[Barrier]:
    """The barriers `user` may see, newest first, optionally by status and theme."""
    rows = Barrier.objects.filter(permissions.barriers_visible_q(user)).select_related(
        "team", "service", "raised_by", "owner"
    )
    if status in Barrier.Status.values:
        rows = rows.filter(status=status)
    if theme in Barrier.Theme.values:
        rows = rows.filter(theme=theme)
    return rows.order_by("-created_at", "-id")


def my_barriers(user: Any) -> QuerySet[Barrier]:
    """The barriers `user` raised, with their outcome ("you said, we did")."""
    return (
        Barrier.objects.filter(raised_by_id=user.pk)
        .select_related("team", "owner")
        .order_by("-created_at", "-id")
    )


def barrier_get(user: Any, barrier_uuid: uuid.UUID | str) -> Barrier:
    """A barrier `user` may see, or 404."""
    try:
        barrier = Barrier.objects.select_related("team", "service", "raised_by", "owner").get(
            uuid=barrier_uuid
        )
    except (Barrier.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such barrier") from exc
    if not permissions.can_view_barrier(user, barrier):
        raise Http404("No such barrier")
    return barrier


@dataclass(frozen=True)
class BarrierCounts:
    """Barriers by theme and status for one place, for the picture."""

    rows: list[tuple[str, dict[str, int], int]]  # theme label, counts by status, total
    statuses: list[tuple[str, str]]
    total: int
    open_past_review: int


def barrier_counts(user: Any, place: Any, *, today: datetime.date | None = None) -> BarrierCounts:
    """Barriers of `place` (organisation: all; a service; a team) that `user` may see, counted
    by theme and status in one grouped query."""
    today = today or datetime.date.today()
    rows = Barrier.objects.filter(permissions.barriers_visible_q(user))
    if place.level == "service":
        rows = rows.filter(service=place.service)
    elif place.level == "team":
        rows = rows.filter(team=place.team)
    grouped = (
        rows.values("theme", "status")
        .annotate(
            n=Count("id"),
            late=Count(
                "id",
                filter=Q(review_on__lt=today)
                & Q(status__in=[Barrier.Status.RAISED, Barrier.Status.ACCEPTED]),
            ),
        )
        .order_by()
    )
    table: dict[str, dict[str, int]] = {}
    late = 0
    for row in grouped:
        table.setdefault(row["theme"], {})[row["status"]] = row["n"]
        late += row["late"]
    out = []
    for theme, label in Barrier.Theme.choices:
        if theme in table:
            counts = {status: table[theme].get(status, 0) for status in Barrier.Status.values}
            out.append((label, counts, sum(counts.values())))
    return BarrierCounts(
        rows=out,
        statuses=list(Barrier.Status.choices),
        total=sum(total for _, _, total in out),
        open_past_review=late,
    )


def owner_choices(barrier: Barrier) -> QuerySet[Any]:
    """Who may own a barrier's action: leaders and managers of our staff, by name."""
    from restorative.people.models import Staff

    roles = [
        Staff.Role.TEAM_MANAGER,
        Staff.Role.HEAD_OF_SERVICE,
        Staff.Role.DIRECTOR,
        Staff.Role.QUALITY,
        Staff.Role.WORKFORCE,
    ]
    return Staff.objects.filter(is_active=True, role__in=roles).order_by("last_name", "first_name")
