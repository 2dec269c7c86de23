"""Targets for measures, and the monthly snapshots (§9; issue 13 items 2 and 4)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from restorative.people.models import Staff, Team

from .. import permissions
from ..measures import MEASURES, measure_get
from ..models import Snapshot, Target
from ..periods import month_end, month_start
from ..selectors import outcomes as outcome_selectors

ORGANISATION_KEY = "organisation"


def service_key(service_id: int) -> str:
    return f"service:{service_id}"


def team_key(team_id: int) -> str:
    return f"team:{team_id}"


@transaction.atomic
def target_set(*, actor: Staff, measure_key: str, value: str | Decimal | None) -> Target | None:
    """The director sets (or, with an empty value, removes) a measure's target. A value
    outside the measure's range is refused and nothing changes."""
    if not permissions.can_set_targets(actor):
        raise PermissionDenied
    measure = measure_get(measure_key)
    if value is None or str(value).strip() == "":
        Target.objects.filter(measure=measure.key).delete()
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ValidationError({"value": "Target must be a number"}) from exc
    low, high = measure.range
    if not number.is_finite() or number < low or (high is not None and number > high):
        raise ValidationError({"value": f"Target must be between {measure.range_label}"})
    if number != number.quantize(Decimal("0.01")):
        raise ValidationError({"value": "Target can have at most 2 decimal places"})
    target, _ = Target.objects.update_or_create(
        measure=measure.key, defaults={"value": number, "set_by": actor}
    )
    return target


def _outcome_rows(
    start: datetime.date, end: datetime.date, team_ids: list[int], service_of: dict[int, int]
) -> list[Snapshot]:
    """The outcome measures' counts (§8) as they stood on `end`, for each team, service and
    the organisation, stored as "outcome:<name>" with the count as the numerator."""
    by_team = outcome_selectors.counts_by_team(team_ids, today=end)
    places: dict[tuple[str, int | None, int | None], dict[str, float]] = defaultdict(
        lambda: defaultdict(float)
    )
    # The organisation and every service get a row of each count, zeros included, so their
    # pages read "nothing yet" from the store instead of counting live.
    for name in outcome_selectors.COUNT_NAMES:
        places[(ORGANISATION_KEY, None, None)][name] += 0
        for service_id in set(service_of.values()):
            places[(service_key(service_id), service_id, None)][name] += 0
    for team_id, counts in by_team.items():
        service_id = service_of[team_id]
        for name, value in counts.items():
            places[(team_key(team_id), service_id, team_id)][name] += value
            places[(service_key(service_id), service_id, None)][name] += value
            places[(ORGANISATION_KEY, None, None)][name] += value
    return [
        Snapshot(
            measure=f"{outcome_selectors.PREFIX}{name}",
            month=start,
            scope_key=key,
            service_id=service_id,
            team_id=team_id,
            numerator=Decimal(str(value)),
            denominator=1,
        )
        for (key, service_id, team_id), counts in places.items()
        for name, value in counts.items()
    ]


def place_key(service_id: int | None, team_id: int | None) -> str:
    """The scope key of a place given as (service id, team id)."""
    if team_id is not None:
        return team_key(team_id)
    return service_key(service_id) if service_id is not None else ORGANISATION_KEY


def _place_rows(
    key: str,
    start: datetime.date,
    figures: Mapping[tuple[int | None, int | None], tuple[Any, Any]],
    service_of: dict[int, int],
) -> list[Snapshot]:
    """A measure counted for every place at once (`Measure.places`), stored as it came: a
    place it leaves out (nothing to count, or hidden by the anonymity rule) has no row. A
    team is stored under its service of today."""
    rows = []
    for (service_id, team_id), (numerator, denominator) in figures.items():
        if team_id is not None:
            if team_id not in service_of:
                continue
            service_id = service_of[team_id]
        rows.append(
            Snapshot(
                measure=key,
                month=start,
                service_id=service_id,
                team_id=team_id,
                scope_key=place_key(service_id, team_id),
                numerator=numerator,
                denominator=denominator,
            )
        )
    return rows


def snapshot_month(*, month: datetime.date, today: datetime.date) -> int:
    """Count every measure for the month, for each team, each service and the organisation,
    and store the figures, replacing any stored for that month before (so a re-run after a
    late correction makes the month right, and nothing is counted twice). A month still
    running is counted up to today. Returns how many rows were stored."""
    start = month_start(month)
    if start > today:
        raise ValidationError({"month": "That month has not started yet"})
    end = min(month_end(start), today)
    teams = list(Team.objects.values_list("pk", "service_id"))
    team_ids = [pk for pk, _ in teams]
    service_of = dict(teams)
    rows: list[Snapshot] = []
    for measure in MEASURES:
        if measure.places is not None:
            rows += _place_rows(measure.key, start, measure.places(start, end), service_of)
            continue
        figures = measure.compute(team_ids, start, end)
        by_service: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        total = [0, 0]
        for team_id, (numerator, denominator) in figures.items():
            service_id = service_of[team_id]
            rows.append(
                Snapshot(
                    measure=measure.key,
                    month=start,
                    team_id=team_id,
                    service_id=service_id,
                    scope_key=team_key(team_id),
                    numerator=numerator,
                    denominator=denominator,
                )
            )
            by_service[service_id][0] += numerator
            by_service[service_id][1] += denominator
            total[0] += numerator
            total[1] += denominator
        for service_id, (numerator, denominator) in by_service.items():
            rows.append(
                Snapshot(
                    measure=measure.key,
                    month=start,
                    service_id=service_id,
                    scope_key=service_key(service_id),
                    numerator=numerator,
                    denominator=denominator,
                )
            )
        rows.append(
            Snapshot(
                measure=measure.key,
                month=start,
                scope_key=ORGANISATION_KEY,
                numerator=total[0],
                denominator=total[1],
            )
        )
    rows += _outcome_rows(start, end, team_ids, service_of)
    with transaction.atomic():
        Snapshot.objects.filter(month=start).delete()
        Snapshot.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def snapshot_recent_months(*, today: datetime.date) -> list[tuple[datetime.date, int]]:
    """Store last month (again, so late corrections land once it has ended) and this month
    so far: what the nightly beat task and the cron command do by default."""
    this = month_start(today)
    months = [this - relativedelta(months=1), this]
    return [(month, snapshot_month(month=month, today=today)) for month in months]
