"""A team's meetings and voice completeness, rolled up (issue 3 item 7), scoped to the person
asking, in a fixed number of queries."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.paginator import Page, Paginator
from django.db.models import Count, Min, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.http import Http404
from django.utils import timezone

from restorative.core.keyset import KeysetPage, keyset_page
from restorative.core.working_days import add_working_days

from . import permissions
from .models import Action, Meeting, MeetingParticipant, Plan, TeamDueCount
from .selectors import DUE_SOON_WORKING_DAYS, OPEN_STATUSES, VoiceCompleteness

# --- A team's meetings and voice completeness, rolled up (issue 3 item 7) -----------------
# Counted by the database (aggregates over the team's meetings and their participants), so a
# page costs the same few queries whether the team has held a hundred meetings or ten
# thousand. "A view recorded" is the same rule as MeetingParticipant.view_recorded: given in
# any way but "not given", and written down (the meeting service stores views stripped).

TEAM_MEETINGS_PER_PAGE = 25
TEAM_PERIOD_MONTHS = (1, 3, 6, 12)
TEAM_MEETING_LISTS = ("overdue", "due_soon", "upcoming", "recent")


def view_recorded_q(prefix: str = "") -> Q:
    """MeetingParticipant.view_recorded as a filter (`prefix` leads to the participant);
    public so the governance measures count views by the same rule."""
    return ~Q(**{f"{prefix}view_given_by__in": ["", "not_given"]}) & ~Q(**{f"{prefix}view": ""})


_view_recorded_q = view_recorded_q


def team_for_practice(user: Any, team_uuid: uuid.UUID | str) -> Any:
    """A team whose meetings and voice figures `user` may see (permissions.
    can_view_team_practice: its manager, the head of its service, director, QA), or 404."""
    from restorative.people.models import Team

    try:
        team = Team.objects.select_related("service").get(uuid=team_uuid)
    except (Team.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such team") from exc
    if not permissions.can_view_team_practice(user, team):
        raise Http404("No such team")
    return team


@dataclass(frozen=True)
class TeamPeriod:
    months: int
    since: datetime.date
    today: datetime.date
    soon_until: datetime.date


def team_period(months: Any, *, today: datetime.date | None = None) -> TeamPeriod:
    """The period the team figures cover: the last 1, 3, 6 or 12 months (3 when not given or
    not one of those, so a hand-edited address never fails)."""
    today = today or datetime.date.today()
    try:
        chosen = int(months)
    except (TypeError, ValueError):
        chosen = 3
    if chosen not in TEAM_PERIOD_MONTHS:
        chosen = 3
    return TeamPeriod(
        months=chosen,
        since=today - relativedelta(months=chosen),
        today=today,
        soon_until=add_working_days(today, DUE_SOON_WORKING_DAYS),
    )


def _team_meetings(user: Any, team: Any) -> QuerySet[Meeting]:
    """The team's families' meetings. `team` comes from `team_for_practice`, whose rule
    (permissions.can_view_team_practice) only admits people who may see every family of the
    team, so the family rule adds nothing here; repeating it as a subquery over all families
    cost a head of service 35 ms per query with the large data set."""
    if not permissions.can_view_team_practice(user, team):
        return Meeting.objects.none()
    return Meeting.objects.filter(family__team_id=team.pk)


def _team_list_filters(period: TeamPeriod) -> dict[str, Q]:
    """Each list as a filter. Overdue: open and past its due date, or arranged for after it;
    due soon: open, due within 10 working days and not overdue; upcoming: arranged for today
    or later; recent: held or cancelled within the period."""
    from django.db.models import F

    open_q = Q(status__in=OPEN_STATUSES)
    return {
        "overdue": Meeting.overdue_q(period.today),
        "due_soon": open_q
        & Q(due_date__gte=period.today, due_date__lte=period.soon_until)
        & ~Q(scheduled_at__date__gt=F("due_date")),
        "upcoming": Q(status=Meeting.Status.SCHEDULED, scheduled_at__date__gte=period.today),
        # Held meetings by the day they were held (the same as the voice figures count);
        # cancelled ones by the day they were arranged for.
        "recent": Q(
            status=Meeting.Status.HELD, held_on__gte=period.since, held_on__lte=period.today
        )
        | Q(
            status=Meeting.Status.CANCELLED,
            scheduled_at__date__gte=period.since,
            scheduled_at__date__lte=period.today,
        ),
    }


_TEAM_LIST_ORDER: dict[str, tuple[str, ...]] = {
    "overdue": ("due_date", "id"),
    "due_soon": ("due_date", "id"),
    "upcoming": ("scheduled_at", "id"),
    "recent": ("-scheduled_at", "-id"),
}


def _team_list_order(show: str) -> tuple[str, ...]:
    """Newest first for meetings held or cancelled (a held meeting may never have been given
    a time, so the day it was held counts first: `day`, annotated by the caller); otherwise
    the order of `_TEAM_LIST_ORDER`."""
    if show != "recent":
        return _TEAM_LIST_ORDER[show]
    return ("-day", "-id")


def team_meeting_counts(user: Any, team: Any, period: TeamPeriod) -> dict[str, int]:
    """How many meetings are in each list (one aggregate query)."""

    filters = _team_list_filters(period)
    return _team_meetings(user, team).aggregate(
        **{name: Count("id", filter=filters[name]) for name in TEAM_MEETING_LISTS}
    )


def team_meetings_page(
    user: Any, team: Any, period: TeamPeriod, *, show: str, cursor: str = ""
) -> KeysetPage:
    """One page (25) of one list of the team's meetings, each with `voice` (VoiceCompleteness).

    By keyset (core.keyset), so the last page of a busy team's 10,000 meetings costs what the
    first does; then one aggregate over the page's participants: a fixed number of queries.
    """
    show = show if show in TEAM_MEETING_LISTS else "overdue"
    meetings = (
        _team_meetings(user, team)
        .filter(_team_list_filters(period)[show])
        .select_related("family", "family__allocated_worker", "chair")
    )
    if show == "recent":
        meetings = meetings.annotate(day=Coalesce("held_on", TruncDate("scheduled_at")))
    result = keyset_page(
        meetings, order=_team_list_order(show), cursor=cursor, per_page=TEAM_MEETINGS_PER_PAGE
    )
    ids = [m.pk for m in result.rows]
    invited = Q(invited=True)
    child = invited & Q(kind=MeetingParticipant.Kind.CHILD)
    figures: dict[int, Any] = {
        row["meeting_id"]: row
        for row in MeetingParticipant.objects.filter(meeting_id__in=ids)
        .values("meeting_id")
        .annotate(
            n_invited=Count("id", filter=invited),
            n_heard=Count("id", filter=invited & _view_recorded_q()),
            n_children=Count("id", filter=child),
            n_children_heard=Count("id", filter=child & _view_recorded_q()),
        )
        .order_by()
    }
    for meeting in result.rows:
        row: dict[str, Any] = figures.get(meeting.pk, {})
        meeting.voice = VoiceCompleteness(
            invited=row.get("n_invited", 0),
            heard=row.get("n_heard", 0),
            children_invited=row.get("n_children", 0),
            child_heard=bool(row.get("n_children_heard", 0)),
        )
        meeting.overdue = meeting.is_overdue(period.today)
    return result


@dataclass(frozen=True)
class TeamVoice:
    """Voice completeness over a team's meetings held in a period."""

    meetings_held: int
    invited: int
    heard: int
    meetings_with_child: int
    meetings_child_heard: int

    @staticmethod
    def _percent(part: int, whole: int) -> int | None:
        return round(100 * part / whole) if whole else None

    @property
    def heard_percent(self) -> int | None:
        """Share of invited people whose views were recorded."""
        return self._percent(self.heard, self.invited)

    @property
    def child_heard_percent(self) -> int | None:
        """Share of meetings held where a child's view was recorded."""
        return self._percent(self.meetings_child_heard, self.meetings_held)

    @property
    def meetings_without_child(self) -> int:
        return self.meetings_held - self.meetings_with_child


def team_voice(user: Any, team: Any, period: TeamPeriod) -> TeamVoice:
    """The team's voice figures for meetings held in the period, in one aggregate query:
    invited people and how many were heard; meetings held, with a child invited, and with a
    child's view recorded. Counting is done by the database, not row by row here."""

    invited = Q(participants__invited=True)
    child = invited & Q(participants__kind=MeetingParticipant.Kind.CHILD)
    heard = _view_recorded_q("participants__")
    figures = (
        _team_meetings(user, team)
        .filter(status=Meeting.Status.HELD, held_on__gte=period.since, held_on__lte=period.today)
        .aggregate(
            meetings_held=Count("id", distinct=True),
            invited=Count("participants", filter=invited),
            heard=Count("participants", filter=invited & heard),
            meetings_with_child=Count("id", distinct=True, filter=child),
            meetings_child_heard=Count("id", distinct=True, filter=child & heard),
        )
    )
    return TeamVoice(**figures)


def team_overdue_actions_count(user: Any, team: Any, today: datetime.date) -> int:
    """Open actions past their due date in the team's active plans, whoever owns them."""
    if not permissions.can_view_team_practice(user, team):
        return 0
    return Action.objects.filter(
        Action.overdue_q(today),
        plan__in=Plan.objects.filter(family__team_id=team.pk, status=Plan.Status.ACTIVE).values(
            "pk"
        ),
    ).count()


# --- Meetings due, rolled up by team for those who oversee several (issue 13 item 1) -------


@dataclass(frozen=True)
class TeamDueRow:
    """One team's line on the leaders' "Meetings due": how many are overdue and due soon."""

    team: Any
    overdue: int
    due_soon: int
    url: str = ""  # the team's list, filled in by the view


def due_rollup(user: Any, *, today: datetime.date | None = None) -> list[TeamDueRow]:
    """Every team `user` oversees (permissions.TEAM_PRACTICE_RULE: the head of service their
    service's teams, the director and QA every team), with the counts of its overdue meetings
    and those due in the next 10 working days, by the same filters as the team's own list.

    A head of service's own "Meetings due" listed only the families allocated to them and so
    read "Nothing is overdue" while their teams had many (issue 13). Two queries, whatever
    the number of meetings: the teams, then one grouped count of the open meetings. Counted
    live, so it grows with the open meetings: the page reads the stored counts instead
    (`due_rollup_page`, issue 16).
    """
    from restorative.people.models import Team

    teams = list(
        Team.objects.filter(permissions.team_practice_teams_q(user))
        .select_related("service")
        .order_by("service__name", "name")
    )
    if not teams:
        return []
    # Someone who oversees every team counts every open meeting: no list of hundreds of team
    # ids for the database to test each family against.
    whole = permissions.TEAM_PRACTICE_RULE.reach(user).organisation
    counts = due_counts_by_team(None if whole else [team.pk for team in teams], today=today)
    return [
        TeamDueRow(
            team=team,
            overdue=counts.get(team.pk, (0, 0))[0],
            due_soon=counts.get(team.pk, (0, 0))[1],
        )
        for team in teams
    ]


def due_counts_by_team(
    team_ids: list[int] | None, *, today: datetime.date | None = None
) -> dict[int, tuple[int, int]]:
    """(overdue, due soon) by team id, counted live in one grouped query over the open
    meetings of `team_ids` (None: every team), by the same filters as the team's own list.
    Teams with neither are left out. The open meetings are read from their own small index
    (`meeting_open_family_due_idx`), never the table."""
    filters = _team_list_filters(team_period(3, today=today))
    meetings = Meeting.objects.filter(Q(status__in=OPEN_STATUSES))
    if team_ids is not None:
        meetings = meetings.filter(family__team_id__in=team_ids)
    return {
        row["family__team_id"]: (row["overdue"], row["due_soon"])
        for row in meetings.values("family__team_id")
        .annotate(
            overdue=Count("id", filter=filters["overdue"]),
            due_soon=Count("id", filter=filters["due_soon"]),
        )
        .order_by()
    }


# --- The same roll-up from the stored counts (issue 16) -----------------------------------
# The director's roll-up counted every open meeting in the county on each visit, so it grew
# with the number of teams and meetings (12 times slower at 384 teams than at 12). The counts
# are shared, so they are stored per team (TeamDueCount, refreshed by
# `services.due_counts_refresh` every few minutes) and the page reads one page of teams from
# them, saying when they were counted. A team's own list is counted live.

DUE_ROLLUP_PER_PAGE = 25
# Counts older than this, or from another day (overdue changes at midnight), are counted
# again before the page is shown; beat counts every 5 minutes, so readers rarely wait.
DUE_COUNTS_MAX_AGE = datetime.timedelta(minutes=10)


@dataclass(frozen=True)
class DueRollupSummary:
    """The totals over the teams `user` oversees, and how fresh their stored counts are."""

    teams: int
    counted: int  # teams with a stored count
    overdue: int
    due_soon: int
    counted_at: datetime.datetime | None  # the oldest count among them

    def complete(self, today: datetime.date) -> bool:
        """Every team counted, today (a count from yesterday misses today's overdue)."""
        return (
            self.counted == self.teams
            and self.counted_at is not None
            and timezone.localdate(self.counted_at) == today
        )

    def stale(self, now: datetime.datetime) -> bool:
        """Counted again before showing: incomplete, from another day, or too old."""
        return (
            not self.complete(timezone.localdate(now))
            or self.counted_at is None
            or now - self.counted_at > DUE_COUNTS_MAX_AGE
        )


def due_rollup_summary(user: Any) -> DueRollupSummary:
    """The number of teams `user` oversees (TEAM_PRACTICE_RULE), how many have a stored count,
    the oldest count's time and the totals: one aggregate over at most a few hundred rows."""
    from restorative.people.models import Team

    figures = Team.objects.filter(permissions.team_practice_teams_q(user)).aggregate(
        teams=Count("id"),
        counted=Count("due_count"),
        overdue=Coalesce(Sum("due_count__overdue"), 0),
        due_soon=Coalesce(Sum("due_count__due_soon"), 0),
        counted_at=Min("due_count__counted_at"),
    )
    return DueRollupSummary(**figures)


def due_rollup_page(user: Any, *, page: Any = 1) -> Page[Any]:
    """One page (25) of the teams `user` oversees, most overdue first, from the stored counts.

    The teams are those of TEAM_PRACTICE_RULE, as on `due_rollup`; a page number that is not
    a number gives the first page, one past the end the last (Paginator.get_page).
    """
    counts = (
        TeamDueCount.objects.filter(permissions.TEAM_PRACTICE_RULE.reach(user).q(team="team"))
        .select_related("team", "team__service")
        .order_by("-overdue", "-due_soon", "team__service__name", "team__name", "pk")
    )
    found: Page[Any] = Paginator(counts, DUE_ROLLUP_PER_PAGE).get_page(page)
    found.object_list = [
        TeamDueRow(team=count.team, overdue=count.overdue, due_soon=count.due_soon)
        for count in found.object_list
    ]
    return found
