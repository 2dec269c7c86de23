"""The implementation picture (issue 13 item 2): each measure for one place (the organisation,
a service, a team) with its target, its status and its trend, and the places inside it.

Past months are read from the stored snapshots; the current month is counted live, for the
teams of the place only, one grouped query per measure, so the page costs the same number of
queries whatever the size of the organisation. Which places a person reaches is
`permissions.PICTURE_RULE`: a head of service reaches their service and its teams only.
"""

from __future__ import annotations

import datetime
import functools
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format

from restorative.people.models import Service, Team

from .. import permissions
from ..measures import MEASURES, Measure
from ..measures.registry import COUNT
from ..models import Snapshot, Target
from ..periods import month_end, month_start, months_to
from ..services.measures import ORGANISATION_KEY, service_key, team_key

ON_TARGET = "On target"
BELOW_TARGET = "Below target"
NO_TARGET = "No target set"
NO_DATA = "Nothing to count"


@dataclass(frozen=True)
class Place:
    """Where the picture is of: the organisation, a service or a team."""

    level: str  # "organisation", "service" or "team"
    name: str
    key: str
    team_ids: tuple[int, ...]
    service: Service | None = None
    team: Team | None = None
    children: tuple[Any, ...] = ()  # services of the organisation, teams of a service


@dataclass(frozen=True)
class Point:
    month: datetime.date
    numerator: Decimal
    denominator: Decimal
    value: Decimal | None
    small: bool
    label: str = ""  # the month as the pages show it ("Dec 2026")


@functools.lru_cache(maxsize=64)
def month_label(month: datetime.date) -> str:
    """A month as the pages show it, worked out once per month: formatting a date in a
    template cost a third of the picture's time (12 months for each of 27 measures)."""
    return date_format(month, "M Y")


@dataclass
class MeasureRow:
    measure: Measure
    current: Point
    target: Decimal | None
    trend: list[Point] = field(default_factory=list)
    children: list[tuple[Any, Point]] = field(default_factory=list)
    counted_at: datetime.datetime | None = None  # this month from the snapshot task

    @property
    def status(self) -> str:
        if self.current.value is None:
            return NO_DATA
        if self.target is None:
            return NO_TARGET
        good = self.current.value >= self.target
        if not self.measure.higher_is_better:
            good = self.current.value <= self.target
        return ON_TARGET if good else BELOW_TARGET

    @property
    def below_target(self) -> bool:
        return self.status == BELOW_TARGET


def _point(measure: Measure, month: datetime.date, n: Any, d: Any) -> Point:
    numerator, denominator = Decimal(n or 0), Decimal(d or 0)
    if measure.kind == COUNT:
        denominator = Decimal(1)
    return Point(
        month,
        numerator,
        denominator,
        measure.value(numerator, denominator),
        measure.small(denominator),
        month_label(month),
    )


def plain(number: Decimal) -> Decimal:
    """A stored figure without trailing zeros (2.00 as 2, 25.50 as 25.5) for files and JSON."""
    return number.quantize(Decimal(1)) if number == number.to_integral() else number.normalize()


def organisation_place(user: Any) -> Place:
    """The whole organisation, for the director and QA; 404 for anyone else."""
    if not permissions.can_view_organisation_picture(user):
        raise Http404("No such page")
    services = tuple(Service.objects.order_by("name"))
    team_ids = tuple(Team.objects.values_list("pk", flat=True))
    return Place("organisation", "The organisation", ORGANISATION_KEY, team_ids, children=services)


def service_place(user: Any, service_uuid: uuid.UUID | str) -> Place:
    """A service whose picture `user` may see (its head, the director, QA), or 404."""
    try:
        service = Service.objects.get(uuid=service_uuid)
    except (Service.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such service") from exc
    if not permissions.can_view_service_picture(user, service):
        raise Http404("No such service")
    teams = tuple(Team.objects.filter(service=service).order_by("name"))
    return Place(
        "service",
        service.name,
        service_key(service.pk),
        tuple(t.pk for t in teams),
        service=service,
        children=teams,
    )


def team_place(user: Any, team_uuid: uuid.UUID | str) -> Place:
    """A team whose picture `user` may see (its manager, its head, the director, QA), or 404."""
    try:
        team = Team.objects.select_related("service").get(uuid=team_uuid)
    except (Team.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such team") from exc
    if not permissions.can_view_team_picture(user, team):
        raise Http404("No such team")
    return Place("team", team.name, team_key(team.pk), (team.pk,), service=team.service, team=team)


def home_place(user: Any) -> Place | None:
    """Where a person's picture opens: the organisation, their service, or their team."""
    if permissions.can_view_organisation_picture(user):
        return organisation_place(user)
    reach = permissions.picture_reach(user)
    if reach.service_ids:
        service = Service.objects.filter(pk__in=reach.service_ids).first()
        return service_place(user, service.uuid) if service else None
    if reach.team_ids:
        team = Team.objects.filter(pk__in=reach.team_ids).first()
        return team_place(user, team.uuid) if team else None
    return None


def _child_key(place: Place, child: Any) -> str:
    return service_key(child.pk) if place.level == "organisation" else team_key(child.pk)


def _place_of(place: Place) -> tuple[int | None, int | None]:
    """A place as `Measure.places` keys it: (service id, team id)."""
    if place.level == "team" and place.team is not None:
        return (place.team.service_id, place.team.pk)
    if place.level == "service" and place.service is not None:
        return (place.service.pk, None)
    return (None, None)


def _place_of_child(place: Place, child: Any) -> tuple[int | None, int | None]:
    return (child.pk, None) if place.level == "organisation" else (child.service_id, child.pk)


def targets() -> dict[str, Decimal]:
    return dict(Target.objects.values_list("measure", "value"))


def _stored_this_month(
    place: Place, today: datetime.date, measures: tuple[Measure, ...]
) -> tuple[dict[tuple[str, str], tuple[Decimal, Decimal]] | None, datetime.datetime | None]:
    """This month's figures as the snapshot task last stored them, or (None, None) when none
    are stored yet, and for a team also when they were not counted today.

    Counting a whole service or organisation live grows with the data (about 2 s for the
    organisation with the large demo data). A team's figures are cheaper live but still
    about 25 queries (the whole organisation's complaints and staff survey among them), so a
    team reads the nightly figures while they are today's and is counted live otherwise;
    the page says when they were counted, and the names behind each figure are live."""
    keys = [place.key, *(_child_key(place, child) for child in place.children)]
    found: dict[tuple[str, str], tuple[Decimal, Decimal]] = {}
    counted_at = None
    for measure, key, n, d, created in Snapshot.objects.filter(
        month=month_start(today), scope_key__in=keys, measure__in=[m.key for m in measures]
    ).values_list("measure", "scope_key", "numerator", "denominator", "created_at"):
        found[(measure, key)] = (n, d)
        counted_at = created if counted_at is None else max(counted_at, created)
    if not any(key == place.key for _, key in found):
        return None, None
    if place.level == "team" and (
        counted_at is None or timezone.localtime(counted_at).date() != today
    ):
        return None, None
    return found, counted_at


def picture(
    place: Place, *, today: datetime.date, measures: tuple[Measure, ...] = MEASURES
) -> list[MeasureRow]:
    """Every measure for `place`: this month live, the 11 months before from snapshots, and
    this month for each service (of the organisation) or team (of a service)."""
    this_month = month_start(today)
    months = months_to(today)
    stored: dict[tuple[str, datetime.date], tuple[Decimal, Decimal]] = {
        (m, month): (n, d)
        for m, month, n, d in Snapshot.objects.filter(
            scope_key=place.key, month__gte=months[0], month__lt=this_month
        ).values_list("measure", "month", "numerator", "denominator")
    }
    team_to_child: dict[int, Any] = {}
    if place.level == "organisation":
        service_of = dict(Team.objects.values_list("pk", "service_id"))
        by_pk = {child.pk: child for child in place.children}
        team_to_child = {t: by_pk[s] for t, s in service_of.items() if s in by_pk}
    elif place.level == "service":
        team_to_child = {child.pk: child for child in place.children}
    goals = targets()
    end = min(month_end(this_month), today)
    stored_now, counted_at = _stored_this_month(place, today, measures)
    rows = []
    for measure in measures:
        total = [Decimal(0), Decimal(0)]
        per_child: dict[int, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
        if stored_now is not None:
            total = list(stored_now.get((measure.key, place.key), total))
            for child in place.children:
                found = stored_now.get((measure.key, _child_key(place, child)))
                if found is not None:
                    per_child[child.pk] = list(found)
        elif measure.places is not None:
            counted = measure.places(this_month, end)
            total = list(counted.get(_place_of(place), total))
            for child in place.children:
                found = counted.get(_place_of_child(place, child))
                if found is not None:
                    per_child[child.pk] = list(found)
        else:
            live = measure.compute(list(place.team_ids), this_month, end) if place.team_ids else {}
            for team_id, (n, d) in live.items():
                total[0] += n
                total[1] += d
                child = team_to_child.get(team_id)
                if child is not None:
                    per_child[child.pk][0] += n
                    per_child[child.pk][1] += d
        trend = [
            _point(measure, month, *stored.get((measure.key, month), (0, 0)))
            for month in months[:-1]
        ]
        current = _point(measure, this_month, *total)
        trend.append(current)
        rows.append(
            MeasureRow(
                measure=measure,
                current=current,
                target=goals.get(measure.key),
                trend=trend,
                children=[
                    (child, _point(measure, this_month, *per_child.get(child.pk, (0, 0))))
                    for child in place.children
                ],
                counted_at=counted_at,
            )
        )
    return rows


def measure_series(user: Any, measure: Measure) -> list[dict[str, Any]]:
    """Every stored month of `measure` for every place `user` reaches: the organisation (for
    the director and QA), their services, their teams. For the CSV and the API."""
    reach = permissions.picture_reach(user)
    rows = Snapshot.objects.filter(measure=measure.key).select_related("service", "team")
    if not reach.organisation:
        teams = Team.objects.filter(permissions.picture_teams_q(user)).values("pk")
        rows = rows.filter(
            Q(team_id__in=teams) | Q(team__isnull=True, service_id__in=reach.service_ids)
        )
    out = []
    for row in rows.order_by("month", "scope_key"):
        point = _point(measure, row.month, row.numerator, row.denominator)
        if row.team is not None:
            level, name, place_uuid = "team", row.team.name, row.team.uuid
        elif row.service is not None:
            level, name, place_uuid = "service", row.service.name, row.service.uuid
        else:
            level, name, place_uuid = "organisation", "The organisation", None
        out.append(
            {
                "month": row.month.strftime("%Y-%m"),
                "level": level,
                "place": name,
                "place_uuid": place_uuid,
                "numerator": plain(point.numerator),
                "denominator": plain(point.denominator) if measure.kind != COUNT else None,
                "value": None if point.value is None else plain(point.value),
                "too_few_to_read": point.small,
            }
        )
    return out
