"""Every read of the staff wellbeing survey, already cut to what the reader may see.

Results are computed for every round at once from one grouped query (respondents and the
sum of each answer per round, team, service and SWEMWBS raw score), then rolled up to
services and the organisation in Python and passed through the anonymity rule. The number
of queries is the same whatever the number of responses: rounds, the grouped sums, team
and service names, and one for the comments of the group asked for.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    FloatField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from restorative.people.models import Service, Staff, Team

from ..anonymity import Group, groups_to_show, shuffled
from ..models import SwemwbsLicence, WellbeingParticipation, WellbeingResponse, WellbeingRound
from . import permissions
from .items import ITEMS, THEMES, items_in_theme
from .scoring import METRIC
from .services import ORGANISATION, is_open, service_key, team_key

COMMENT_LIMIT = 200
CACHE_SECONDS = 7 * 24 * 3600
OPEN_CACHE_SECONDS = 3600
ORGANISATION_LABEL = "Whole organisation"


@dataclass
class GroupFigures:
    """One group's figures for one round; every figure is None when the group is hidden."""

    key: str
    label: str
    level: str  # "organisation", "service" or "team"
    uuid: UUID | None
    parent_key: str | None
    eligible: int
    shown: bool = False
    respondents: int | None = None
    response_rate: float | None = None
    item_means: dict[str, float] = field(default_factory=dict)
    theme_means: dict[str, float] = field(default_factory=dict)
    swemwbs_mean: float | None = None
    comments: int | None = None
    tally: _Tally | None = field(default=None, repr=False)


@dataclass
class Results:
    """What one reader sees of one round: its groups, the trend of the chosen group across
    rounds, and that group's comments (only when the group is shown)."""

    round: WellbeingRound
    groups: list[GroupFigures]
    chosen: GroupFigures
    trend: list[tuple[WellbeingRound, GroupFigures | None]]
    comments: list[str]
    comment_total: int
    asks_swemwbs: bool

    @property
    def table_groups(self) -> list[GroupFigures]:
        """The groups the page lists: the organisation, every service, and the teams of the
        chosen group's service (the downloads and the API list every group)."""
        if self.chosen.level == "service":
            open_service = self.chosen.key
        elif self.chosen.level == "team":
            open_service = self.chosen.parent_key or ""
        else:
            open_service = ""
        listed_services = {g.key for g in self.groups if g.level == "service"}
        return [
            g
            for g in self.groups
            if g.level != "team"
            or g.parent_key in (open_service, ORGANISATION)
            or g.parent_key not in listed_services  # a manager reads their team alone
        ]


ITEM_INDEX = {item.key: index for index, item in enumerate(ITEMS)}


@dataclass
class _Tally:
    """Totals of one group in one round: [respondents, comments, SWEMWBS answers, SWEMWBS
    metric sum, then one sum per question in the order of ITEMS]."""

    totals: list[float] = field(default_factory=lambda: [0.0] * (4 + len(ITEMS)))

    @property
    def respondents(self) -> int:
        return int(self.totals[0])

    @property
    def comments(self) -> int:
        return int(self.totals[1])

    def item_sum(self, key: str) -> float:
        return self.totals[4 + ITEM_INDEX[key]]

    @property
    def swemwbs_count(self) -> int:
        return int(self.totals[2])

    @property
    def metric_sum(self) -> float:
        return self.totals[3]

    @property
    def swemwbs_mean(self) -> float | None:
        if not self.swemwbs_count:
            return None
        return round(self.metric_sum / self.swemwbs_count, 2)


# Each response's SWEMWBS metric score, read off the published table (`scoring.METRIC`) in
# the database, so results need one row per round and team whatever the number of answers.
METRIC_SCORE = Case(
    *(When(swemwbs_raw=raw, then=Value(metric)) for raw, metric in METRIC.items()),
    default=Value(None),
    output_field=FloatField(),
)

# One group of one round as computed, in a form cheap to keep in the cache and to read back:
# (key, level, parent key, how many were asked, shown, totals when shown). Names are put on
# when it is read, from the names of today.
_Row = tuple[str, str, str | None, int, bool, tuple[float, ...] | None]


def rounds_list() -> list[WellbeingRound]:
    """Every round, newest first (the survey is the whole organisation's: no scope)."""
    return list(WellbeingRound.objects.order_by("-opens_on", "-id"))


def round_get(round_uuid: UUID) -> WellbeingRound:
    round_ = WellbeingRound.objects.filter(uuid=round_uuid).first()
    if round_ is None:
        raise Http404
    return round_


def open_round(*, today: datetime.date | None = None) -> WellbeingRound | None:
    """The round open today, if any (rounds never overlap)."""
    today = today or timezone.localdate()
    return (
        WellbeingRound.objects.filter(opens_on__lte=today, closes_on__gte=today)
        .order_by("-opens_on")
        .first()
    )


def round_to_answer(user: Any, *, today: datetime.date | None = None) -> WellbeingRound | None:
    """The open round this person has not answered yet, or None (for the "Staff survey"
    link: one query, two when a round is open)."""
    if not permissions.can_answer_wellbeing_survey(user):
        return None
    round_ = open_round(today=today)
    if round_ is None:
        return None
    if WellbeingParticipation.objects.filter(round=round_, person=user).exists():
        return None
    return round_


def swemwbs_licence() -> SwemwbsLicence | None:
    return SwemwbsLicence.objects.order_by("pk").first()


def _means(tally: _Tally) -> tuple[dict[str, float], dict[str, float]]:
    n = tally.respondents
    items = {item.key: round(tally.item_sum(item.key) / n, 2) for item in ITEMS}
    themes: dict[str, float] = {}
    for theme in THEMES:
        members = items_in_theme(theme)
        total = sum(
            (10 * n - tally.item_sum(item.key)) if item.reversed_ else tally.item_sum(item.key)
            for item in members
        )
        themes[theme] = round(total / (n * len(members)), 2)
    return items, themes


def _cache_key(round_: WellbeingRound, names_key: str) -> str:
    return f"evaluation:wellbeing:rows:{round_.uuid}:{names_key}"


def _round_rows(
    rounds: Iterable[WellbeingRound],
    teams: dict[int, tuple[str, UUID, int | None]],
    services: dict[int, tuple[str, UUID]],
    *,
    today: datetime.date | None = None,
) -> dict[int, list[_Row]]:
    """Every group of each round, with the anonymity rule applied.

    A closed round takes no more answers, so its rows never change: they are kept in the
    cache (keyed by the round and the teams and services they were placed in) as plain
    tuples. An open round's are kept too, keyed also by its number of answers (read with
    the rounds, no query of its own), so a new answer is counted on the next page. Rounds
    not in the cache are read from the database, all of them in one grouped query."""
    today = today or timezone.localdate()
    names_key = hashlib.sha256(
        repr((sorted(teams.items()), sorted(services.items()))).encode()
    ).hexdigest()[:16]
    rounds = list(rounds)
    keys: dict[int, str] = {}
    for round_ in rounds:
        if round_.closes_on < today:
            keys[round_.pk] = _cache_key(round_, names_key)
        elif getattr(round_, "answered", None) is not None:
            # An open round changes only when someone answers, and answers are only ever
            # added: the number of answers, read with the rounds, says whether it changed.
            keys[round_.pk] = f"{_cache_key(round_, names_key)}:{round_.answered}"  # type: ignore[attr-defined]
    cached = cache.get_many(list(keys.values())) if keys else {}
    results: dict[int, list[_Row]] = {}
    for round_ in rounds:
        rows = cached.get(keys.get(round_.pk, ""))
        if rows is not None:
            results[round_.pk] = rows
    missing = [r for r in rounds if r.pk not in results]
    if not missing:
        return results
    computed = _compute_round_rows(missing, teams, services)
    for round_ in missing:
        if round_.pk in keys:
            cache.set(
                keys[round_.pk],
                computed[round_.pk],
                timeout=CACHE_SECONDS if round_.closes_on < today else OPEN_CACHE_SECONDS,
            )
    results.update(computed)
    return results


def _compute_round_rows(
    rounds: list[WellbeingRound],
    teams: dict[int, tuple[str, UUID, int | None]],
    services: dict[int, tuple[str, UUID]],
) -> dict[int, list[_Row]]:
    """One grouped query for all `rounds` (a row per round, team and service), summed up to
    services and the organisation column by column."""
    sums = {f"sum_{item.key}": Coalesce(Sum(item.key), 0) for item in ITEMS}
    rows = (
        WellbeingResponse.objects.filter(round_id__in=[r.pk for r in rounds])
        .values("round_id", "team_id", "service_id")
        .annotate(
            n=Count("id"),
            comments=Count("id", filter=~Q(comment="")),
            swemwbs_n=Count("swemwbs_raw"),
            metric_sum=Coalesce(Sum(METRIC_SCORE), 0.0),
            **sums,
        )
        .order_by()
        .values_list(
            "round_id",
            "team_id",
            "service_id",
            "n",
            "comments",
            "swemwbs_n",
            "metric_sum",
            *sums,
        )
    )
    members: dict[int, dict[str, list[tuple[float, ...]]]] = defaultdict(lambda: defaultdict(list))
    team_parent: dict[int, dict[str, str]] = defaultdict(dict)
    for round_id, team_id, service_id, *figures in rows:
        row = tuple(figures)
        per_round = members[round_id]
        per_round[ORGANISATION].append(row)
        if service_id is not None:
            per_round[service_key(service_id)].append(row)
        if team_id is not None:
            # A team is counted under the service it was in when its people answered.
            key = team_key(team_id)
            if service_id is not None:
                key = f"{key}@{service_id}"
            per_round[key].append(row)
            team_parent[round_id][key] = (
                service_key(service_id) if service_id is not None else ORGANISATION
            )
    results: dict[int, list[_Row]] = {}
    for round_ in rounds:
        totals = {
            key: [float(sum(column)) for column in zip(*group_rows, strict=True)]
            for key, group_rows in members[round_.pk].items()
        }
        results[round_.pk] = _rows_for_round(
            round_, totals, team_parent[round_.pk], teams, services
        )
    return results


def _rows_for_round(
    round_: WellbeingRound,
    totals: dict[str, list[float]],
    team_parent: dict[str, str],
    teams: dict[int, tuple[str, UUID, int | None]],
    services: dict[int, tuple[str, UUID]],
) -> list[_Row]:
    """The round's groups in page order (the organisation, then each service by name
    followed by its teams by name, then teams in no service), with the anonymity rule."""
    eligible: dict[str, int] = dict(round_.eligible or {})
    service_ids = {int(k.split(":")[1]) for k in eligible if k.startswith("service:")}
    service_ids |= {int(k.split(":")[1]) for k in totals if k.startswith("service:")}
    service_keys = {service_key(service_id) for service_id in service_ids}
    team_keys: dict[str, str] = dict(team_parent)
    for key in eligible:
        if key.startswith("team:"):
            team_id = int(key.split(":")[1])
            info = teams.get(team_id)
            team_service = info[2] if info is not None else None
            full = f"{key}@{team_service}" if team_service is not None else key
            team_keys.setdefault(full, service_key(team_service) if team_service else ORGANISATION)
    teams_under: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key, parent in team_keys.items():
        team_id = int(key.split(":")[1].split("@")[0])
        info = teams.get(team_id)
        parent = parent if parent in service_keys else ORGANISATION
        teams_under[parent].append((info[0] if info else "A former team", key))
    ordered: list[tuple[str, str, str | None, int]] = [
        (ORGANISATION, "organisation", None, eligible.get(ORGANISATION, 0))
    ]
    named_services = sorted(
        service_ids, key=lambda s: services[s][0] if s in services else "A former service"
    )
    for service_id in named_services:
        key = service_key(service_id)
        ordered.append((key, "service", ORGANISATION, eligible.get(key, 0)))
        ordered.extend(
            (team, "team", key, eligible.get(team.split("@")[0], 0))
            for _, team in sorted(teams_under[key])
        )
    ordered.extend(
        (team, "team", ORGANISATION, eligible.get(team.split("@")[0], 0))
        for _, team in sorted(teams_under[ORGANISATION])
    )
    shown = groups_to_show(
        [
            Group(key, parent, int(totals[key][0]) if key in totals else 0)
            for key, _, parent, _ in ordered
        ]
    )
    return [
        (key, level, parent, asked, key in shown, tuple(totals[key]) if key in shown else None)
        for key, level, parent, asked in ordered
    ]


def _figure(
    row: _Row,
    teams: dict[int, tuple[str, UUID, int | None]],
    services: dict[int, tuple[str, UUID]],
) -> GroupFigures:
    """A group's figures from its row, with today's name of the team or service."""
    key, level, parent, asked, shown, totals = row
    if level == "organisation":
        label, group_uuid = ORGANISATION_LABEL, None
    else:
        group_id = int(key.split(":")[1].split("@")[0])
        if level == "service":
            service = services.get(group_id)
            label, group_uuid = service if service else ("A former service", None)
        else:
            team = teams.get(group_id)
            label, group_uuid = (team[0], team[1]) if team else ("A former team", None)
    figure = GroupFigures(key, label, level, group_uuid, parent, asked)
    if shown and totals is not None:
        tally = _Tally(list(totals))
        figure.shown = True
        figure.respondents = tally.respondents
        figure.comments = tally.comments
        figure.tally = tally
        if asked:
            figure.response_rate = round(100 * tally.respondents / asked, 1)
    return figure


def _fill_means(figure: GroupFigures | None) -> None:
    """Means of a shown group's answers (worked out only for the groups a page shows)."""
    if figure is None or not figure.shown or figure.tally is None or figure.item_means:
        return
    figure.item_means, figure.theme_means = _means(figure.tally)
    figure.swemwbs_mean = figure.tally.swemwbs_mean


def _readable(
    user: Any, figures: list[GroupFigures], teams: dict[int, tuple[str, UUID, int | None]]
) -> list[GroupFigures]:
    reach = permissions.wellbeing_results_reach(user)
    readable = []
    for figure in figures:
        if figure.level == "organisation":
            readable.append(figure)
            continue
        group_id = int(figure.key.split(":")[1].split("@")[0])
        if figure.level == "service":
            allowed = permissions.may_read_group(reach, team_id=None, service_id=group_id)
        else:
            team = teams.get(group_id)
            allowed = permissions.may_read_group(
                reach, team_id=group_id, service_id=team[2] if team else None
            )
        if allowed:
            readable.append(figure)
    return readable


def _names() -> tuple[dict[int, tuple[str, UUID, int | None]], dict[int, tuple[str, UUID]]]:
    """Every team's (name, uuid, service) and every service's (name, uuid), by id."""
    teams: dict[int, tuple[str, UUID, int | None]] = {
        pk: (name, group_uuid, service_id)
        for pk, name, group_uuid, service_id in Team.objects.values_list(
            "id", "name", "uuid", "service_id"
        )
    }
    services = {
        pk: (name, group_uuid)
        for pk, name, group_uuid in Service.objects.values_list("id", "name", "uuid")
    }
    return teams, services


def wellbeing_results(
    user: Any,
    round_: WellbeingRound,
    *,
    group: str = "",
    trend_rounds: int = 6,
    every_group_means: bool = True,
) -> Results:
    """The results of `round_` that `user` may read, with the trend of the group asked for
    (`group` is "organisation", "service:<uuid>" or "team:<uuid>") over the latest rounds
    and its comments, shuffled. Groups hidden by the anonymity rule keep their name and how
    many were asked, and nothing else. 404 for a reader who may not read results at all, or
    a group they may not read."""
    if not permissions.can_view_wellbeing_results(user):
        raise Http404
    answered = (
        WellbeingResponse.objects.filter(round=OuterRef("pk"))
        .order_by()
        .values("round")
        .annotate(n=Count("id"))
        .values("n")
    )
    recent: list[WellbeingRound] = list(
        WellbeingRound.objects.filter(opens_on__lte=round_.opens_on)
        .annotate(answered=Coalesce(Subquery(answered), 0))
        .order_by("-opens_on", "-id")[:trend_rounds]
    )
    found = next((r for r in recent if r.pk == round_.pk), None)
    if found is None:
        recent.insert(0, round_)
    else:
        round_ = found
    teams, services = _names()
    by_round = _round_rows(recent, teams, services)
    groups = _readable(user, [_figure(row, teams, services) for row in by_round[round_.pk]], teams)
    chosen = _choose(groups, group)
    for figure in groups if every_group_means else [chosen]:
        _fill_means(figure)
    trend = []
    for other in sorted(recent, key=lambda r: r.opens_on):
        match = None
        if other.pk == round_.pk:
            match = chosen
        else:
            row = next((r for r in by_round[other.pk] if _same_group(r, chosen)), None)
            match = _figure(row, teams, services) if row is not None else None
        _fill_means(match)
        trend.append((other, match))
    comments: list[str] = []
    total = 0
    if chosen.shown:
        comments = _comments(round_, chosen)
        total = chosen.comments or 0
    return Results(
        round=round_,
        groups=groups,
        chosen=chosen,
        trend=trend,
        comments=comments,
        comment_total=total,
        asks_swemwbs=round_.asks_swemwbs,
    )


def _same_group(row: _Row, chosen: GroupFigures) -> bool:
    """Is this row of another round the chosen group (a team that moved service since is
    still the same team)?"""
    key, level = row[0], row[1]
    if level != chosen.level:
        return False
    return level == "organisation" or key.split("@")[0] == chosen.key.split("@")[0]


def _choose(groups: list[GroupFigures], wanted: str) -> GroupFigures:
    if not wanted or wanted == ORGANISATION:
        return groups[0]
    level, _, value = wanted.partition(":")
    for figure in groups:
        if figure.level == level and str(figure.uuid) == value:
            return figure
    raise Http404


def _comments(round_: WellbeingRound, chosen: GroupFigures) -> list[str]:
    """The chosen group's comments (only ever called for a shown group), shuffled; at most
    COMMENT_LIMIT of them, and how many there are."""
    query = WellbeingResponse.objects.filter(round=round_).exclude(comment="")
    if chosen.level != "organisation":
        group_id = int(chosen.key.split(":")[1].split("@")[0])
        if chosen.level == "service":
            query = query.filter(service_id=group_id)
        else:
            query = query.filter(team_id=group_id)
            if "@" in chosen.key:
                query = query.filter(service_id=int(chosen.key.split("@")[1]))
    # The key is random, so its order is already unrelated to who answered when.
    texts = list(query.order_by("id").values_list("comment", flat=True)[:COMMENT_LIMIT])
    return shuffled(texts, seed=f"{round_.uuid}:{chosen.key}")


def my_group_label(user: Staff) -> str:
    """Where an answer is counted, in words, for the survey's own page."""
    if user.team_id is not None:
        return f"your team ({user.team.name})" if user.team else "your team"
    if user.service_id is not None:
        return "your service"
    return "the whole organisation"


__all__ = [
    "GroupFigures",
    "Results",
    "is_open",
    "my_group_label",
    "open_round",
    "round_get",
    "round_to_answer",
    "rounds_list",
    "swemwbs_licence",
    "wellbeing_results",
]


def round_group_figures(round_: WellbeingRound) -> list[GroupFigures]:
    """Every group's figures for one round with their means, hidden where the anonymity rule
    says (a hidden group has no figures at all), for every reader alike.

    For the governance measures, which apply their own rule of who reads which place: the
    groups shown are decided once, over the whole tree, exactly as on the results pages, so
    no figure there can be subtracted from one here to reveal a group of fewer than 5."""
    teams, services = _names()
    rows = _round_rows([round_], teams, services)[round_.pk]
    figures = [_figure(row, teams, services) for row in rows]
    for figure in figures:
        _fill_means(figure)
    return figures


def latest_round_opened_by(day: datetime.date) -> WellbeingRound | None:
    """The most recent round that had opened by `day` (its results stand for that month)."""
    return WellbeingRound.objects.filter(opens_on__lte=day).order_by("-opens_on", "-id").first()
