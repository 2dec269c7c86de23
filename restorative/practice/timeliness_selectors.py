"""Reads for the timeliness of statutory meetings (issue 10, point 4): per team and service,
for a period, counted by the database in a fixed number of queries.

Who sees which teams is the team picture's rule (`permissions.TEAM_PRACTICE_RULE`): a team
manager their team, a head of service their service, the director and quality assurance the
organisation; nobody else (404). The figures are counts of meetings by team, with no family's
name or words, so the overview writes no access event; the list of a team's meetings shows
family names as the team's meetings page does, and like it writes none.

The outcome of each meeting is `timeliness.classify`; the counts here are the same rule as
filters (`OUTCOME_FILTERS`), so a team's figures always match its list, the downloads and the
API (one `TimelinessOverview` feeds all of them).
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.paginator import Page
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404

from restorative.core.scope import Reach
from restorative.people.models import Service, Staff, Team

from . import permissions
from .models import Meeting
from .timeliness import COUNTED, Outcome, Timeliness, classify, percent

DEFAULT_PERIOD_MONTHS = 3
MEETINGS_PER_PAGE = 25


def _open() -> Q:
    return Q(status__in=Meeting.OPEN_STATUSES)


def outcome_filters(today: datetime.date) -> dict[Outcome, Q]:
    """`timeliness.classify` as one filter per outcome, for meetings with a due date."""
    held = Q(status=Meeting.Status.HELD)
    return {
        Outcome.ON_TIME: held & Q(held_on__lte=F("due_date")),
        Outcome.LATE: held & Q(held_on__gt=F("due_date")),
        Outcome.NOT_HELD: _open() & Q(due_date__lt=today),
        Outcome.NOT_YET_DUE: _open() & Q(due_date__gte=today),
        Outcome.CANCELLED: Q(status=Meeting.Status.CANCELLED),
    }


@dataclass(frozen=True)
class Period:
    """Meetings due from `start` to `end` (both included), as they stood on `today`."""

    start: datetime.date
    end: datetime.date
    today: datetime.date

    @classmethod
    def default(cls, today: datetime.date) -> Period:
        """The last three months up to today."""
        return cls(today - relativedelta(months=DEFAULT_PERIOD_MONTHS), today, today)


@dataclass(frozen=True)
class Figures:
    """How many meetings due in the period ended each way."""

    on_time: int = 0
    late: int = 0
    not_held: int = 0
    not_yet_due: int = 0
    cancelled: int = 0

    def count(self, outcome: Outcome) -> int:
        return int(getattr(self, outcome.value))

    @property
    def due(self) -> int:
        """Every meeting due in the period, whatever became of it."""
        return sum(self.count(outcome) for outcome in Outcome)

    @property
    def counted(self) -> int:
        """Meetings whose time has come and that were not called off: the percentages' base."""
        return sum(self.count(outcome) for outcome in COUNTED)

    @property
    def on_time_percent(self) -> int | None:
        return percent(self.on_time, self.counted)

    @property
    def late_percent(self) -> int | None:
        return percent(self.late, self.counted)

    @property
    def not_held_percent(self) -> int | None:
        return percent(self.not_held, self.counted)

    def __add__(self, other: Figures) -> Figures:
        return Figures(**{o.value: self.count(o) + other.count(o) for o in Outcome})


@dataclass(frozen=True)
class TeamFigures:
    team: Team
    figures: Figures


@dataclass(frozen=True)
class ServiceFigures:
    service: Service
    teams: list[TeamFigures] = field(default_factory=list)

    @property
    def figures(self) -> Figures:
        return sum((row.figures for row in self.teams), Figures())


@dataclass(frozen=True)
class TimelinessOverview:
    period: Period
    services: list[ServiceFigures]
    organisation: bool

    @property
    def figures(self) -> Figures:
        return sum((row.figures for row in self.services), Figures())


def timeliness_reach(user: Staff) -> Reach:
    """The teams whose timeliness `user` may see (the team picture's rule)."""
    return permissions.TEAM_PRACTICE_RULE.reach(user)


def can_view_timeliness(user: Staff) -> bool:
    """May `user` open the timeliness page at all (they oversee a team, a service or all)?"""
    return timeliness_reach(user).beyond_self


def teams_for_timeliness(
    user: Staff | None, *, service: str = "", team: str = ""
) -> QuerySet[Team]:
    """The teams in the figures: those `user` oversees (every team for None: the management
    command, run by the organisation's own operators), narrowed to a service (its name) or a
    team (its code) when given."""
    teams = Team.objects.select_related("service").order_by("service__name", "name")
    if user is not None:
        teams = teams.filter(timeliness_reach(user).q(team=""))
    if service:
        teams = teams.filter(service__name__iexact=service)
    if team:
        teams = teams.filter(code__iexact=team)
    return teams


def timeliness_overview(
    user: Staff | None, period: Period, *, service: str = "", team: str = ""
) -> TimelinessOverview:
    """Figures per team and service for meetings due in the period: two queries (the teams,
    then one aggregate over the meetings grouped by team), whatever the number of meetings.
    404 for someone who oversees no team."""
    if user is not None and not can_view_timeliness(user):
        raise Http404("No timeliness figures")
    teams = list(teams_for_timeliness(user, service=service, team=team))
    filters = outcome_filters(period.today)
    meetings = Meeting.objects.filter(
        due_date__gte=period.start,
        due_date__lte=period.end,
        family__team_id__in=[row.pk for row in teams],
    )
    counts: dict[int, dict[str, Any]] = {
        row["family__team_id"]: dict(row)
        for row in meetings.values("family__team_id")
        # Counting the due date (never empty in the period), not the id, lets the database
        # answer from the timeliness index alone (meeting_due_timeliness_idx), reading no
        # meeting rows.
        .annotate(**{o.value: Count("due_date", filter=filters[o]) for o in Outcome})
        .order_by()
    }
    services: dict[int, ServiceFigures] = {}
    for row in teams:
        figures = counts.get(row.pk, {})
        services.setdefault(row.service_id, ServiceFigures(row.service)).teams.append(
            TeamFigures(row, Figures(**{o.value: figures.get(o.value, 0) for o in Outcome}))
        )
    organisation = user is None or timeliness_reach(user).organisation
    return TimelinessOverview(period, list(services.values()), organisation and not service)


def team_for_timeliness(user: Staff, team_uuid: uuid.UUID | str) -> Team:
    """A team whose meetings `user` may list here, or 404 (as the team's meetings page)."""
    try:
        team = Team.objects.select_related("service").get(uuid=team_uuid)
    except (Team.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such team") from exc
    if not timeliness_reach(user).covers_team(team):
        raise Http404("No such team")
    return team


def team_timeliness_meetings(
    team: Team, period: Period, *, outcome: Outcome | None, page: int | str = 1
) -> Page:
    """One page of the team's meetings due in the period (optionally one outcome), each with
    `timeliness` (`timeliness.classify`): ids first, then the page's rows, then nothing more.
    `team` comes from `team_for_timeliness`, which has checked who is asking."""
    from restorative.people.selectors import IdsFirstPaginator

    meetings = Meeting.objects.filter(
        family__team_id=team.pk, due_date__gte=period.start, due_date__lte=period.end
    )
    if outcome is not None:
        meetings = meetings.filter(outcome_filters(period.today)[outcome])
    rows = IdsFirstPaginator(
        meetings.select_related("family").order_by("due_date", "id"), MEETINGS_PER_PAGE
    ).get_page(page)
    for meeting in rows.object_list:
        meeting.timeliness = meeting_timeliness(meeting, period.today)
    return rows


def meeting_timeliness(meeting: Meeting, today: datetime.date) -> Timeliness:
    """`timeliness.classify` for a meeting with a due date."""
    assert meeting.due_date is not None  # noqa: S101 - only meetings with a due date are listed
    return classify(
        status=meeting.status, due_date=meeting.due_date, held_on=meeting.held_on, today=today
    )
