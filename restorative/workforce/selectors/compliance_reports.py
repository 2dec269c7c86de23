"""Compliance pages and exports: one's own, a team's, the overview and its drill-down."""

from __future__ import annotations

import datetime
import hashlib
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, Q
from django.http import Http404

from restorative.people.models import Service, Staff, Team

from .. import permissions
from ..compliance import CompletionFact, Result, Status
from ..models import (
    Completion,
    Course,
)
from .compliance_figures import (
    STATUS_CODES,
    Figures,
    PersonCompliance,
    Rules,
    compliance_for,
    fetch_rows,
    figures_of,
    in_scope_staff,
    pairs_sql,
    result_for,
    rules_get,
    staff_from_row,
    sum_figures,
)
from .lookup import get_or_404


def my_compliance(user: Any, *, today: datetime.date) -> PersonCompliance:
    """`user`'s own status for every active course (four queries)."""
    if not permissions.has_own_compliance(user):
        raise Http404("Not found")
    _, people = compliance_for(Staff.objects.filter(pk=user.pk), today)
    return people[0]


@dataclass
class TeamCompliance:
    team: Team
    courses: list[Course]
    people: list[PersonCompliance]
    by_course: dict[int, Figures]
    overall: Figures

    def names(self, course: Course, status: Status) -> list[PersonCompliance]:
        """The people behind one figure (the drill-down)."""
        index = self.courses.index(course)
        return [p for p in self.people if p.results[index][1].status == status]


def team_for_compliance(user: Any, team_uuid: uuid.UUID | str) -> Team:
    """A team whose compliance `user` may see, or 404."""
    team: Team = get_or_404(Team.objects.select_related("service"), uuid=team_uuid)
    if not permissions.can_view_team_compliance(user, team):
        raise Http404("Not found")
    return team


def team_compliance(user: Any, team: Team, *, today: datetime.date) -> TeamCompliance:
    """A team's compliance: per course figures and each person's status. Constant queries."""
    if not permissions.can_view_team_compliance(user, team):
        raise Http404("Not found")
    staff = in_scope_staff(user).filter(team=team)
    rules, people = compliance_for(staff, today)
    by_course, overall = figures_of(rules.courses, people)
    return TeamCompliance(team, rules.courses, people, by_course, overall)


@dataclass
class TeamRow:
    team: Team
    people: int
    figures: Figures

    @property
    def query(self) -> str:
        """The drill-down filter for this row's figures (see `compliance_people_filter`)."""
        return f"team={self.team.uuid}"


@dataclass
class ServiceRow:
    name: str
    teams: list[TeamRow]
    figures: Figures
    service: Service | None = None
    # People placed in the service but in none of its teams (its head of service).
    not_in_team: TeamRow | None = None

    @property
    def people(self) -> int:
        extra = self.not_in_team.people if self.not_in_team else 0
        return sum(row.people for row in self.teams) + extra

    @property
    def query(self) -> str:
        return f"service={self.service.uuid}" if self.service else ""

    @property
    def not_in_team_query(self) -> str:
        return f"{self.query}&team=none"


@dataclass
class RoleRow:
    role: str
    label: str
    people: int
    figures: Figures

    @property
    def query(self) -> str:
        return f"role={self.role}"


@dataclass
class CourseRow:
    course: Course
    figures: Figures

    @property
    def query(self) -> str:
        return f"course={self.course.uuid}"


@dataclass
class ComplianceOverview:
    services: list[ServiceRow]
    figures: Figures
    people: int
    roles: list[RoleRow] = field(default_factory=list)
    courses: list[CourseRow] = field(default_factory=list)
    # True when the figures cover the whole organisation (director, workforce team).
    organisation: bool = False


# The overview's tables are kept this long for everyone who sees the same people (issue 16).
COMPLIANCE_OVERVIEW_SECONDS = 120


def compliance_overview_key(user: Any, *, today: datetime.date) -> str:
    """What makes two people's overviews the same: the query for the staff in their scope
    (the compliance rule written out, with its ids) and the day. The director and the
    workforce team share one; each head of service and each team manager their own.

    Why (issue 16): the organisation-wide overview counts 5,000 people's courses and writes
    a row per team (384 at large); under 50 people at once it was over the 500 ms budget. The
    figures are shared, so the page keeps its tables for COMPLIANCE_OVERVIEW_SECONDS and says
    when they were counted; the names behind each figure (`compliance_people`) stay live.
    """
    sql, params = in_scope_staff(user).order_by().values("pk").query.sql_with_params()
    text = f"{today.isoformat()}|{sql}|{params!r}"
    return hashlib.sha256(text.encode()).hexdigest()


def compliance_overview(user: Any, *, today: datetime.date) -> ComplianceOverview:
    """Figures per team, service, role and course, and the total of everything `user` may see.

    A head of service (in a service, in none of its teams) counts in their service's figures
    on a row of their own; organisation-wide roles count in their role and in the total.
    Every figure is a count of person-course pairs and has the names behind it on
    `compliance_people`. Seven queries however many people are in scope: the rules, the
    people counted per team and role, the statuses counted in the database (`pairs_sql`),
    and the teams and services to name.
    """
    if not permissions.can_view_compliance_reports(user):
        raise Http404("Not found")
    staff = in_scope_staff(user)
    rules = rules_get()
    courses = rules.courses
    teams = {
        team.pk: team
        for team in Team.objects.filter(pk__in=staff.values("team_id")).select_related("service")
    }
    services_by_id = {
        service.pk: service
        for service in Service.objects.filter(
            pk__in=staff.filter(team__isnull=True).values("service_id")
        )
    }
    scope = permissions.compliance_scope(user)
    # Someone in a team out of scope (only possible for oneself) counts in the total and
    # their role, not in a team's or service's figures.
    covered = {pk: scope.covers_team(team) for pk, team in teams.items()}

    def group_of(team_id: int | None, service_id: int | None) -> tuple[str, int] | None:
        if team_id is not None:
            return ("team", team_id) if covered.get(team_id) else None
        # (A person moved between this page's queries is left out of the rows, not a 500.)
        return ("service", service_id) if service_id in services_by_id else None

    people: dict[tuple[str, int], int] = defaultdict(int)
    role_people: dict[str, int] = defaultdict(int)
    for team_id, service_id, role, count in (
        staff.order_by().values_list("team_id", "service_id", "role").annotate(n=Count("id"))
    ):
        role_people[role] += count
        group = group_of(team_id, service_id)
        if group is not None:
            people[group] += count
    figures: dict[tuple[str, int], Figures] = defaultdict(Figures)
    role_figures: dict[str, Figures] = defaultdict(Figures)
    course_figures = {course.pk: Figures() for course in courses}
    pairs, params = pairs_sql(staff, rules, today)
    counted = fetch_rows(
        "SELECT q.p_team, q.p_service, q.p_role, q.course_id, q.status, COUNT(*) "  # noqa: S608
        f"FROM ({pairs}) q GROUP BY q.p_team, q.p_service, q.p_role, q.course_id, q.status",
        params,
    )
    for team_id, service_id, role, course_id, code, count in counted:
        status = STATUS_CODES[code]
        course_figures[course_id].counts[status] += count
        role_figures[role].counts[status] += count
        group = group_of(team_id, service_id)
        if group is not None:
            figures[group].counts[status] += count
    team_rows: dict[int, list[TeamRow]] = defaultdict(list)
    unteamed: dict[int, TeamRow] = {}
    for (kind, pk), count in people.items():
        if kind == "team":
            team = teams[pk]
            services_by_id[team.service_id] = team.service
            team_rows[team.service_id].append(TeamRow(team, count, figures[(kind, pk)]))
        else:
            unteamed[pk] = TeamRow(None, count, figures[(kind, pk)])  # type: ignore[arg-type]
    rows = []
    for service_id in set(team_rows) | set(unteamed):
        service = services_by_id[service_id]
        service_teams = sorted(team_rows.get(service_id, []), key=lambda row: row.team.name)
        not_in_team = unteamed.get(service_id)
        parts = [row.figures for row in service_teams]
        if not_in_team is not None:
            parts.append(not_in_team.figures)
        rows.append(
            ServiceRow(service.name, service_teams, sum_figures(parts), service, not_in_team)
        )
    rows.sort(key=lambda row: row.name)
    roles = [
        RoleRow(role, label, role_people[role], role_figures[role])
        for role, label in Staff.Role.choices
        if role_people.get(role)
    ]
    return ComplianceOverview(
        rows,
        sum_figures(course_figures.values()),
        sum(role_people.values()),
        roles,
        [CourseRow(course, course_figures[course.pk]) for course in courses],
        organisation=scope.organisation,
    )


@dataclass
class PeopleFilter:
    """What a drill-down shows: one status, narrowed by any of team, service, role, course.

    No status (None, only for exports) means every required course, whatever its status."""

    status: Status | None
    team: Team | None = None
    no_team: bool = False
    service: Service | None = None
    role: str = ""
    course: Course | None = None

    def describe(self) -> str:
        """In words, for the page heading: 'Overdue: Restorative foundation, North team'."""
        parts = []
        if self.course is not None:
            parts.append(self.course.title)
        if self.team is not None:
            parts.append(self.team.name)
        if self.service is not None:
            parts.append(f"{self.service.name}" + (", not in a team" if self.no_team else ""))
        if self.role:
            parts.append(dict(Staff.Role.choices).get(self.role, self.role))
        where = ", ".join(parts) or "everyone you can see"
        label = self.status.label if self.status is not None else "All required courses"
        return f"{label}: {where}"


@dataclass(frozen=True)
class PersonCourse:
    person: Staff
    course: Course
    result: Result


def compliance_people_filter(
    user: Any,
    *,
    status: str,
    team: str = "",
    service: str = "",
    role: str = "",
    course: str = "",
    any_status: bool = False,
) -> PeopleFilter:
    """Read a drill-down's query parameters; 404 for anything unknown or out of `user`'s scope.

    A team must be one whose compliance `user` may see (as on the team page); `team=none`
    means people in no team (a head of service). A service, role or course only narrows
    what the scope already allows, so naming one cannot reveal anyone beyond it.
    `any_status` (the exports) also accepts no status: every required course.
    """
    if not permissions.can_view_compliance_reports(user):
        raise Http404("Not found")
    if not (any_status and status == "") and status not in Status._value2member_map_:
        raise Http404("Not found")
    for value in (team if team != "none" else "", service, course):
        if value:
            try:
                uuid.UUID(value)
            except ValueError as exc:
                raise Http404("Not found") from exc
    chosen = PeopleFilter(status=Status(status) if status else None)
    if team == "none":
        chosen.no_team = True
    elif team:
        chosen.team = team_for_compliance(user, team)
    if service:
        chosen.service = get_or_404(Service.objects.all(), uuid=service)
    if role:
        if role not in dict(Staff.Role.choices) or role == Staff.Role.PARTNER:
            raise Http404("Not found")
        chosen.role = role
    if course:
        chosen.course = get_or_404(Course.objects.filter(is_active=True), uuid=course)
    return chosen


class PeopleRows(Sequence[PersonCourse]):
    """The rows of a drill-down, read from the database a page at a time.

    `len()` is the figure (one COUNT); a slice, which is what `Paginator` takes, is one query
    for those rows in name then course order and one for those people's completions, from
    which each row's full `Result` (with its dates) is worked out as on the team page.
    """

    def __init__(self, sql: str, params: list[Any], rules: Rules, today: datetime.date) -> None:
        self._sql = sql
        self._params = params
        self._rules = rules
        self._today = today
        self._count: int | None = None

    def __len__(self) -> int:
        if self._count is None:
            self._count = fetch_rows(f"SELECT COUNT(*) FROM ({self._sql}) q", self._params)[0][0]  # noqa: S608
        return self._count

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                raise ValueError("Only a simple slice of a drill-down can be read.")
            return self._read(start, max(stop - start, 0))
        if index < 0:
            index += len(self)
        rows = self._read(index, 1)
        if not rows:
            raise IndexError(index)
        return rows[0]

    def _read(self, offset: int, limit: int) -> list[PersonCourse]:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT * FROM ({self._sql}) q "  # noqa: S608
                "ORDER BY q.p_last, q.p_first, q.p_id, q.course_title, q.course_id "
                "LIMIT %s OFFSET %s",
                [*self._params, limit, offset],
            )
            names = [column[0] for column in cursor.description]
            rows = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
        # Always one query, also for an empty page (0 never matches a person), so the page
        # makes the same number of queries whatever it shows.
        people = {row["p_id"] for row in rows} or {0}
        facts: dict[tuple[int, int], list[CompletionFact]] = defaultdict(list)
        for person_id, course_id, completed_on, valid_until in Completion.objects.filter(
            person_id__in=people, course__is_active=True
        ).values_list("person_id", "course_id", "completed_on", "valid_until"):
            facts[(person_id, course_id)].append(CompletionFact(completed_on, valid_until))
        courses = {course.pk: course for course in self._rules.courses}
        result = []
        for row in rows:
            person = staff_from_row(row)
            course = courses[row["course_id"]]
            outcome = result_for(
                course,
                role=person.role,
                is_champion=person.is_restorative_champion,
                start_date=person.start_date,
                rules=self._rules,
                facts=facts[(person.pk, course.pk)],
                today=self._today,
            )
            result.append(PersonCourse(person, course, outcome))
        return result


def compliance_people(user: Any, chosen: PeopleFilter, *, today: datetime.date) -> PeopleRows:
    """The names behind one figure: each person and course with the chosen status.

    The same pairs as the figures (`pairs_sql`), filtered by status and course in the
    database, so the list has as many rows as the figure it came from. Six queries whatever
    the size: the rules, the count, the page's rows and their completions.
    """
    if not permissions.can_view_compliance_reports(user):
        raise Http404("Not found")
    staff = in_scope_staff(user)
    if chosen.team is not None:
        staff = staff.filter(team=chosen.team)
    if chosen.no_team:
        staff = staff.filter(team__isnull=True)
    if chosen.service is not None:
        staff = staff.filter(
            Q(team__service=chosen.service) | Q(team__isnull=True, service=chosen.service)
        )
    if chosen.role:
        staff = staff.filter(role=chosen.role)
    scope = permissions.compliance_scope(user)
    if (chosen.team or chosen.service) and not scope.organisation:
        # As in the overview: someone in a team out of scope (only possible for oneself)
        # counts in the total and their role, not in a team's or service's figures.
        staff = staff.filter(Q(team__isnull=True) | scope.q(team="team"))
    rules = rules_get()
    pairs, params = pairs_sql(staff, rules, today)
    if chosen.status is None:  # every required course (an export of everyone's)
        sql = f"SELECT * FROM ({pairs}) pairs WHERE pairs.status <> %s"  # noqa: S608
        params = [*params, STATUS_CODES.index(Status.NOT_REQUIRED)]
    else:
        sql = f"SELECT * FROM ({pairs}) pairs WHERE pairs.status = %s"  # noqa: S608
        params = [*params, STATUS_CODES.index(chosen.status)]
    if chosen.course is not None:
        sql += " AND pairs.course_id = %s"
        params.append(chosen.course.pk)
    return PeopleRows(sql, params, rules, today)
