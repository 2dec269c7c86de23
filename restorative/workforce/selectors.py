"""Every read of training, already scoped to the person asking.

Compliance pages make a fixed number of queries however many people they cover: the rules
(settings, courses and their required groups), the people in scope, and their completions
are each read once, and the statuses are worked out in Python by `compliance.course_status`.
The organisation-wide overview and drill-down instead have the database work out every
person's status for every course in one query (`_pairs_sql`: `compliance.status_for` as
SQL), to stay within the page budget with thousands of people; tests hold both to the same
answers.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, F, Max, Prefetch, Q, QuerySet
from django.http import Http404

from restorative.people import permissions as people_permissions
from restorative.people.models import Family, PartnerAgency, Service, Staff, Team

from . import compliance, permissions, supervision
from .compliance import CompletionFact, Result, Status
from .models import (
    CHAMPION_GROUP,
    Booking,
    Completion,
    Course,
    CourseRequirement,
    Session,
    SupervisionAgreement,
    SupervisionCaseDecision,
    SupervisionSession,
    TrainingSettings,
)
from .services import training_settings_get


def _get_or_404(queryset: QuerySet[Any], **lookup: Any) -> Any:
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Not found") from exc


# --- Catalogue and sessions ----------------------------------------------------------------


def courses_for(user: Any) -> QuerySet[Course]:
    """The catalogue as `user` may see it, with who must complete each course."""
    courses = Course.objects.filter(permissions.courses_visible_q(user))
    if not permissions.can_manage_training(user):
        courses = courses.filter(is_active=True)
    return courses.prefetch_related("requirements").order_by("title")


def course_get(user: Any, course_uuid: uuid.UUID | str) -> Course:
    """One course, or 404 when it does not exist or `user` may not see it."""
    return _get_or_404(courses_for(user), uuid=course_uuid)


def sessions_for(user: Any) -> QuerySet[Session]:
    """Sessions `user` may see, with the course, places taken and waiting counts joined."""
    return (
        Session.objects.filter(permissions.sessions_visible_q(user))
        .select_related("course")
        .annotate(
            booked_count=Count(
                "bookings", filter=Q(bookings__status__in=Booking.HOLDS_PLACE), distinct=True
            ),
            waiting_count=Count(
                "bookings", filter=Q(bookings__status=Booking.Status.WAITING), distinct=True
            ),
        )
        .order_by("starts_at", "id")
    )


def course_sessions(
    user: Any, course: Course, *, now: datetime.datetime
) -> tuple[list[Session], list[Session]]:
    """A course's sessions `user` may see: upcoming, and the past (latest first)."""
    sessions = list(sessions_for(user).filter(course=course))
    upcoming = [s for s in sessions if s.starts_at > now]
    past = [s for s in reversed(sessions) if s.starts_at <= now]
    return upcoming, past


def upcoming_sessions(user: Any, *, now: datetime.datetime) -> list[Session]:
    """Sessions still to come that `user` may see and book (for partners: the invited ones)."""
    return list(sessions_for(user).filter(starts_at__gt=now)[:50])


def session_get(user: Any, session_uuid: uuid.UUID | str) -> Session:
    """One session with its facilitators and invited agencies, or 404."""
    return _get_or_404(
        sessions_for(user).prefetch_related(
            Prefetch("facilitators", queryset=Staff.objects.order_by("last_name", "first_name")),
            "partner_agencies",
        ),
        uuid=session_uuid,
    )


def live_bookings(session: Session) -> QuerySet[Booking]:
    """A session's bookings that are not cancelled, in the order they were made (the waiting
    list's order). No permission check: callers check `can_view_bookings` or look up their own."""
    return (
        Booking.objects.filter(session=session)
        .exclude(status=Booking.Status.CANCELLED)
        .select_related("session__course", "person", "person__team", "person__partner_agency")
        .order_by("created_at", "id")
    )


def session_bookings(user: Any, session: Session) -> list[Booking]:
    """Everyone booked or waiting, for the people running the session; 404 for others."""
    if not permissions.can_view_bookings(user, session):
        raise Http404("Not found")
    return list(live_bookings(session))


def own_booking(user: Any, session: Session) -> Booking | None:
    """`user`'s live booking on this session, if any."""
    return (
        Booking.objects.filter(session=session, person=user, status__in=Booking.ACTIVE)
        .order_by("-created_at")
        .first()
    )


def booking_get_for_cancel(user: Any, booking_uuid: uuid.UUID | str) -> Booking:
    """A booking `user` may cancel, or 404."""
    booking: Booking = _get_or_404(
        Booking.objects.select_related("session", "session__course", "person"), uuid=booking_uuid
    )
    if not permissions.can_cancel_booking(user, booking):
        raise Http404("Not found")
    return booking


def my_bookings(user: Any) -> list[Booking]:
    """`user`'s own bookings, newest session first."""
    return list(
        Booking.objects.filter(person=user)
        .exclude(status=Booking.Status.CANCELLED)
        .select_related("session", "session__course", "person")
        .order_by("-session__starts_at", "-id")
    )


def facilitator_choices() -> QuerySet[Staff]:
    """Our own active staff, who may facilitate a session."""
    return (
        Staff.objects.filter(is_active=True)
        .exclude(role=Staff.Role.PARTNER)
        .order_by("last_name", "first_name")
    )


def partner_agency_choices() -> QuerySet[PartnerAgency]:
    return PartnerAgency.objects.order_by("name")


# --- Compliance ----------------------------------------------------------------------------


@dataclass
class Rules:
    """The training rules as they stand: settings and active courses with required groups."""

    settings: TrainingSettings
    courses: list[Course]
    groups: dict[int, frozenset[str]]


def rules_get() -> Rules:
    """Settings, courses and their required groups: three queries."""
    settings = training_settings_get()
    courses = list(
        Course.objects.filter(is_active=True)
        .prefetch_related(
            Prefetch("requirements", queryset=CourseRequirement.objects.only("course_id", "group"))
        )
        .order_by("title")
    )
    groups = {c.pk: frozenset(r.group for r in c.requirements.all()) for c in courses}
    return Rules(settings=settings, courses=courses, groups=groups)


@dataclass
class PersonCompliance:
    person: Staff
    results: list[tuple[Course, Result]]

    @property
    def required(self) -> list[tuple[Course, Result]]:
        return [(c, r) for c, r in self.results if r.status != Status.NOT_REQUIRED]


def _result_for(
    course: Course,
    *,
    role: str,
    is_champion: bool,
    start_date: datetime.date | None,
    rules: Rules,
    facts: list[CompletionFact],
    today: datetime.date,
) -> Result:
    """One person's status for one course, with its dates (the pages' and exports' form)."""
    required = compliance.is_required(
        role=role,
        is_champion=is_champion,
        groups=rules.groups[course.pk],
        champion_group=CHAMPION_GROUP,
    )
    induction_due_on = None
    if course.kind == Course.Kind.INDUCTION and start_date:
        induction_due_on = start_date + datetime.timedelta(days=rules.settings.induction_due_days)
    return compliance.course_status(
        required=required,
        completions=facts,
        today=today,
        due_soon_days=rules.settings.due_soon_days,
        induction_due_on=induction_due_on,
    )


def _person_results(
    person: Staff,
    rules: Rules,
    facts: dict[int, list[CompletionFact]],
    today: datetime.date,
) -> PersonCompliance:
    results = [
        (
            course,
            _result_for(
                course,
                role=person.role,
                is_champion=person.is_restorative_champion,
                start_date=person.start_date,
                rules=rules,
                facts=facts.get(course.pk, []),
                today=today,
            ),
        )
        for course in rules.courses
    ]
    return PersonCompliance(person=person, results=results)


def _compliance_for(
    staff: QuerySet[Staff], today: datetime.date
) -> tuple[Rules, list[PersonCompliance]]:
    rules = rules_get()
    people = list(staff)
    facts: dict[int, dict[int, list[CompletionFact]]] = defaultdict(lambda: defaultdict(list))
    completions = Completion.objects.filter(
        person__in=staff.values("pk"), course__is_active=True
    ).values_list("person_id", "course_id", "completed_on", "valid_until")
    for person_id, course_id, completed_on, valid_until in completions:
        facts[person_id][course_id].append(CompletionFact(completed_on, valid_until))
    return rules, [_person_results(p, rules, facts[p.pk], today) for p in people]


# What compliance pages and exports read of a person, their team and service. Loading only
# these keeps the organisation-wide pages quick: building thousands of full Staff rows (with
# their timestamps and password hash) was most of the time they took.
_STAFF_FIELDS = (
    "uuid",
    "first_name",
    "last_name",
    "email",
    "role",
    "is_restorative_champion",
    "start_date",
    "is_active",
    "team",
    "service",
    "team__uuid",
    "team__name",
    "team__code",
    "team__service",
    "team__service__uuid",
    "team__service__name",
    "service__uuid",
    "service__name",
)


def _in_scope_staff(user: Any) -> QuerySet[Staff]:
    return (
        Staff.objects.filter(permissions.compliance_staff_q(user), is_active=True)
        .select_related("team", "team__service", "service")
        .only(*_STAFF_FIELDS)
        .order_by("last_name", "first_name", "id")
    )


# The organisation-wide overview and drill-down cover thousands of people. Working out each
# person's status for each course in Python (model instances, `Result`s) took 0.5-1 s at 5,000
# staff; the database works out the status of every person-course pair in one query instead
# (`_pairs_sql`), and Python only adds up counts or builds the page of 25 names shown. The
# rule is `compliance.status_for` written as SQL; tests hold the two to the same answer on
# every boundary, on SQLite and PostgreSQL (test_compliance_bulk.py), and the team page,
# exports and "my training" still use `course_status` itself.
_PEOPLE_COLUMNS = {
    "p_id": "id",
    "p_role": "role",
    "p_champion": "is_restorative_champion",
    "p_start": "start_date",
    "p_team": "team_id",
    "p_service": "service_id",
    "p_team_service": "team__service_id",
    "p_first": "first_name",
    "p_last": "last_name",
    "p_email": "email",
    "p_team_name": "team__name",
}


# Statuses as small numbers in SQL (quicker to group and read than text).
_STATUS_CODES = tuple(Status)


def _pairs_sql(staff: QuerySet[Staff], rules: Rules, today: datetime.date) -> tuple[str, list[Any]]:
    """SQL for one row per person in `staff` and course of `rules`, with the person's columns
    (`_PEOPLE_COLUMNS`), `course_id`, `course_title` and `status` (an index of
    `_STATUS_CODES`).

    The CASE is `compliance.status_for`, branch for branch: not required (neither the role
    nor, for a champion, the champions group is among the course's groups, as read by
    `rules_get`); never done (induction overdue the day after start + induction days, i.e.
    start < today - days); any completion that never expires: completed; else the latest
    expiry decides: before today overdue, up to today + due-soon days due soon, else completed.
    """
    qn = connection.ops.quote_name
    people_sql, people_params = (
        staff.order_by()
        .values(**{alias: F(field) for alias, field in _PEOPLE_COLUMNS.items()})
        .query.sql_with_params()
    )
    ids_sql, ids_params = staff.order_by().values("pk").query.sql_with_params()
    settings = rules.settings
    day = connection.ops.adapt_datefield_value
    induction_cutoff = today - datetime.timedelta(days=settings.induction_due_days)
    due_soon_from = compliance.due_soon_from(today, settings.due_soon_days)
    code = {status: _STATUS_CODES.index(status) for status in Status}
    # Whether a course is required, from the same rules the team page uses.
    required_sql, required_params = [], []
    for course in rules.courses:
        groups = rules.groups[course.pk]
        roles = sorted(group for group in groups if group != CHAMPION_GROUP)
        who = [f"p.p_role IN ({', '.join(['%s'] * len(roles))})"] if roles else []
        if CHAMPION_GROUP in groups:
            who.append("p.p_champion")
        if who:
            required_sql.append(f"(c.id = %s AND ({' OR '.join(who)}))")
            required_params += [course.pk, *roles]
    required = " OR ".join(required_sql) or "1 = 0"
    course_ids = [course.pk for course in rules.courses]
    courses_in = ", ".join(["%s"] * len(course_ids)) if course_ids else "NULL"
    course_table, completion_table = qn(Course._meta.db_table), qn(Completion._meta.db_table)
    sql = f"""
        SELECT p.*, c.id AS course_id, c.title AS course_title,
            CASE
                WHEN NOT ({required}) THEN %s
                WHEN b.person_id IS NULL THEN (
                    CASE WHEN c.kind = %s AND p.p_start IS NOT NULL AND p.p_start < %s
                    THEN %s ELSE %s END
                )
                WHEN b.never > 0 THEN %s
                WHEN b.until < %s THEN %s
                WHEN b.until <= %s THEN %s
                ELSE %s
            END AS status
        FROM ({people_sql}) p
        CROSS JOIN {course_table} c
        LEFT JOIN (
            SELECT person_id, course_id,
                SUM(CASE WHEN valid_until IS NULL THEN 1 ELSE 0 END) AS never,
                MAX(valid_until) AS until
            FROM {completion_table}
            WHERE person_id IN ({ids_sql})
            GROUP BY person_id, course_id
        ) b ON b.person_id = p.p_id AND b.course_id = c.id
        WHERE c.id IN ({courses_in})
    """  # noqa: S608 - table and column names are quoted by the backend; values are params
    params = [
        *required_params,
        code[Status.NOT_REQUIRED],
        Course.Kind.INDUCTION.value,
        day(induction_cutoff),
        code[Status.OVERDUE],
        code[Status.NOT_STARTED],
        code[Status.COMPLETED],
        day(today),
        code[Status.OVERDUE],
        day(due_soon_from),
        code[Status.DUE_SOON],
        code[Status.COMPLETED],
        *people_params,
        *ids_params,
        *course_ids,
    ]
    return sql, params


def _fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _from_values(model: Any, values: dict[str, Any]) -> Any:
    """A model instance with only these fields loaded (the rest deferred, as `.only()`)."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(None, names, [values[name] for name in names])


def _staff_from_row(row: dict[str, Any]) -> Staff:
    """A Staff (and their team) from a `_pairs_sql` row, with the fields the drill-down
    shows loaded and the rest deferred (as `.only()` does): no query per person."""
    person: Staff = _from_values(
        Staff,
        {
            "id": row["p_id"],
            "role": row["p_role"],
            "is_restorative_champion": bool(row["p_champion"]),
            "start_date": _as_date(row["p_start"]),
            "team_id": row["p_team"],
            "service_id": row["p_service"],
            "first_name": row["p_first"],
            "last_name": row["p_last"],
            "email": row["p_email"],
        },
    )
    if row["p_team"] is not None:
        person.team = _from_values(
            Team,
            {
                "id": row["p_team"],
                "name": row["p_team_name"],
                "service_id": row["p_team_service"],
            },
        )
    return person


def _as_date(value: Any) -> datetime.date | None:
    """A date column read by raw SQL (SQLite gives text)."""
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def my_compliance(user: Any, *, today: datetime.date) -> PersonCompliance:
    """`user`'s own status for every active course (four queries)."""
    if not permissions.can_view_own_training(user):
        raise Http404("Not found")
    _, people = _compliance_for(Staff.objects.filter(pk=user.pk), today)
    return people[0]


@dataclass
class Figures:
    """Counts of person-course pairs by status (required courses, plus not required)."""

    counts: dict[Status, int] = field(default_factory=lambda: dict.fromkeys(Status, 0))

    def add(self, status: Status) -> None:
        self.counts[status] += 1

    @property
    def required(self) -> int:
        return sum(n for s, n in self.counts.items() if s != Status.NOT_REQUIRED)

    @property
    def in_date(self) -> int:
        return self.counts[Status.COMPLETED] + self.counts[Status.DUE_SOON]

    @property
    def percent(self) -> int | None:
        """Share of required courses in date (completed or due soon), rounded down."""
        return (100 * self.in_date // self.required) if self.required else None

    def ordered(self) -> list[tuple[Status, int]]:
        return [(s, self.counts[s]) for s in compliance.STATUS_ORDER]


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


def _figures(
    courses: list[Course], people: Iterable[PersonCompliance]
) -> tuple[dict[int, Figures], Figures]:
    by_course = {c.pk: Figures() for c in courses}
    overall = Figures()
    for person in people:
        for course, result in person.results:
            by_course[course.pk].add(result.status)
            overall.add(result.status)
    return by_course, overall


def team_for_compliance(user: Any, team_uuid: uuid.UUID | str) -> Team:
    """A team whose compliance `user` may see, or 404."""
    team: Team = _get_or_404(Team.objects.select_related("service"), uuid=team_uuid)
    if not permissions.can_view_team_compliance(user, team):
        raise Http404("Not found")
    return team


def team_compliance(user: Any, team: Team, *, today: datetime.date) -> TeamCompliance:
    """A team's compliance: per course figures and each person's status. Constant queries."""
    if not permissions.can_view_team_compliance(user, team):
        raise Http404("Not found")
    staff = _in_scope_staff(user).filter(team=team)
    rules, people = _compliance_for(staff, today)
    by_course, overall = _figures(rules.courses, people)
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


def _sum(rows: Iterable[Figures]) -> Figures:
    total = Figures()
    for figures in rows:
        for status, n in figures.counts.items():
            total.counts[status] += n
    return total


def compliance_overview(user: Any, *, today: datetime.date) -> ComplianceOverview:
    """Figures per team, service, role and course, and the total of everything `user` may see.

    A head of service (in a service, in none of its teams) counts in their service's figures
    on a row of their own; organisation-wide roles count in their role and in the total.
    Every figure is a count of person-course pairs and has the names behind it on
    `compliance_people`. Seven queries however many people are in scope: the rules, the
    people counted per team and role, the statuses counted in the database (`_pairs_sql`),
    and the teams and services to name.
    """
    if not permissions.can_view_compliance_reports(user):
        raise Http404("Not found")
    staff = _in_scope_staff(user)
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
    pairs, params = _pairs_sql(staff, rules, today)
    counted = _fetch(
        "SELECT q.p_team, q.p_service, q.p_role, q.course_id, q.status, COUNT(*) "  # noqa: S608
        f"FROM ({pairs}) q GROUP BY q.p_team, q.p_service, q.p_role, q.course_id, q.status",
        params,
    )
    for team_id, service_id, role, course_id, code, count in counted:
        status = _STATUS_CODES[code]
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
        rows.append(ServiceRow(service.name, service_teams, _sum(parts), service, not_in_team))
    rows.sort(key=lambda row: row.name)
    roles = [
        RoleRow(role, label, role_people[role], role_figures[role])
        for role, label in Staff.Role.choices
        if role_people.get(role)
    ]
    return ComplianceOverview(
        rows,
        _sum(course_figures.values()),
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
        chosen.service = _get_or_404(Service.objects.all(), uuid=service)
    if role:
        if role not in dict(Staff.Role.choices) or role == Staff.Role.PARTNER:
            raise Http404("Not found")
        chosen.role = role
    if course:
        chosen.course = _get_or_404(Course.objects.filter(is_active=True), uuid=course)
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
            self._count = _fetch(f"SELECT COUNT(*) FROM ({self._sql}) q", self._params)[0][0]  # noqa: S608
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
            person = _staff_from_row(row)
            course = courses[row["course_id"]]
            outcome = _result_for(
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

    The same pairs as the figures (`_pairs_sql`), filtered by status and course in the
    database, so the list has as many rows as the figure it came from. Six queries whatever
    the size: the rules, the count, the page's rows and their completions.
    """
    if not permissions.can_view_compliance_reports(user):
        raise Http404("Not found")
    staff = _in_scope_staff(user)
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
    pairs, params = _pairs_sql(staff, rules, today)
    if chosen.status is None:  # every required course (an export of everyone's)
        sql = f"SELECT * FROM ({pairs}) pairs WHERE pairs.status <> %s"  # noqa: S608
        params = [*params, _STATUS_CODES.index(Status.NOT_REQUIRED)]
    else:
        sql = f"SELECT * FROM ({pairs}) pairs WHERE pairs.status = %s"  # noqa: S608
        params = [*params, _STATUS_CODES.index(chosen.status)]
    if chosen.course is not None:
        sql += " AND pairs.course_id = %s"
        params.append(chosen.course.pk)
    return PeopleRows(sql, params, rules, today)


# --- Who may lead, and the champions register (issue 5, points 7 and 12) --------------------


def staff_who_may_lead(on: datetime.date) -> QuerySet[Staff]:
    """Active staff with current advanced restorative training on `on` (the lead rule's list
    filter, `permissions.staff_who_may_lead_q`): who may facilitate a restorative circle or
    coordinate a family group conference."""
    return Staff.objects.filter(permissions.staff_who_may_lead_q(on)).order_by(
        "last_name", "first_name"
    )


def advanced_training_of(
    people: Iterable[Staff], *, today: datetime.date, due_soon_days: int
) -> dict[int, compliance.AdvancedTraining]:
    """Each person's advanced training on `today`, in one query for all of them."""
    ids = [person.pk for person in people]
    facts: dict[int, list[CompletionFact]] = defaultdict(list)
    completions = Completion.objects.filter(
        person_id__in=ids, course__level=Course.Level.ADVANCED
    ).values_list("person_id", "completed_on", "valid_until")
    for person_id, completed_on, valid_until in completions:
        facts[person_id].append(CompletionFact(completed_on, valid_until))
    return {
        pk: compliance.advanced_training_status(
            facts.get(pk, []), today=today, due_soon_days=due_soon_days
        )
        for pk in ids
    }


@dataclass(frozen=True)
class ChampionRow:
    person: Staff
    training: compliance.AdvancedTraining


@dataclass
class ChampionTeam:
    """One team's champions (team None: champions in no team, such as a head of service)."""

    team: Team | None
    champions: list[ChampionRow]


@dataclass
class ChampionsRegister:
    teams: list[ChampionTeam]
    counts: dict[compliance.LeadStatus, int]
    due_soon_days: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def teams_without(self) -> list[Team]:
        """Teams in the register with nobody flagged as a champion."""
        return [row.team for row in self.teams if row.team is not None and not row.champions]


def champions_register(
    user: Any, *, today: datetime.date, team: Team | None = None
) -> ChampionsRegister:
    """Restorative champions `user` may see, per team, with their advanced-training status.

    Whoever sees a team's compliance sees its champions (`permissions.compliance_scope`):
    team managers their team, heads of service their service, the director and the workforce
    development team everyone. Every team in scope is listed, so a team without a champion
    shows. Four queries whatever the size: settings, teams, champions, their completions.
    """
    if team is not None:
        if not permissions.can_view_team_champions(user, team):
            raise Http404("Not found")
    elif not permissions.can_view_champions_register(user):
        raise Http404("Not found")
    settings = training_settings_get()
    scope = permissions.compliance_scope(user)
    champions = _in_scope_staff(user).filter(is_restorative_champion=True)
    if team is not None:
        teams = [team]
        champions = champions.filter(team=team)
    else:
        teams = list(
            Team.objects.filter(scope.q(team=""))
            .select_related("service")
            .order_by("service__name", "name")
        )
    people = list(champions)
    training = advanced_training_of(people, today=today, due_soon_days=settings.due_soon_days)
    by_team: dict[int | None, list[ChampionRow]] = defaultdict(list)
    counts = dict.fromkeys(compliance.LeadStatus, 0)
    for person in people:
        key = person.team_id if person.team and scope.covers_team(person.team) else None
        by_team[key].append(ChampionRow(person, training[person.pk]))
        counts[training[person.pk].status] += 1
    rows = [ChampionTeam(t, by_team.get(t.pk, [])) for t in teams]
    if by_team.get(None):
        rows.append(ChampionTeam(None, by_team[None]))
    return ChampionsRegister(rows, counts, settings.due_soon_days)


# --- Supervision (policy §6.4) -------------------------------------------------------------


@dataclass(frozen=True)
class SupervisionRow:
    """One supervisee's supervision dates, worked out by the pure standard."""

    agreement: SupervisionAgreement
    last_held_on: datetime.date | None
    due_on: datetime.date
    standard: supervision.Frequency
    overdue: bool
    days_overdue: int


def _supervision_row(agreement: Any, *, today: datetime.date) -> SupervisionRow:
    person = agreement.supervisee
    due_on = supervision.next_due_on(
        last_held_on=agreement.last_held_on,
        agreement_started_on=agreement.started_on,
        agreed=agreement.agreed_frequency,
        role=person.role,
        start_date=person.start_date,
    )
    overdue = supervision.is_overdue(due_on=due_on, today=today)
    return SupervisionRow(
        agreement=agreement,
        last_held_on=agreement.last_held_on,
        due_on=due_on,
        standard=supervision.stricter(
            agreement.agreed_frequency,
            supervision.standard_on(role=person.role, start_date=person.start_date, on=today),
        ),
        overdue=overdue,
        days_overdue=(today - due_on).days if overdue else 0,
    )


def _open_agreements() -> QuerySet[SupervisionAgreement]:
    return (
        SupervisionAgreement.objects.filter(ended_on__isnull=True)
        .select_related("supervisor", "supervisee", "supervisee__team")
        .annotate(last_held_on=Max("sessions__held_on"))
    )


def supervision_overview(user: Any, *, today: datetime.date) -> list[SupervisionRow]:
    """Open agreements of everyone whose supervision `user` oversees, overdue first.

    One query whatever the number of people: the last session date is an aggregate in the
    same query, and the due dates are worked out in Python.
    """
    agreements = _open_agreements().filter(permissions.supervision_oversight_q(user))
    rows = [_supervision_row(a, today=today) for a in agreements]
    rows.sort(key=lambda r: (not r.overdue, r.due_on, r.agreement.supervisee.last_name))
    return rows


def supervisees_of(user: Any, *, today: datetime.date) -> list[SupervisionRow]:
    """The people `user` supervises now, with their dates."""
    agreements = _open_agreements().filter(supervisor_id=user.pk)
    return sorted(
        (_supervision_row(a, today=today) for a in agreements),
        key=lambda r: (not r.overdue, r.due_on),
    )


def my_supervision(user: Any, *, today: datetime.date) -> SupervisionRow | None:
    """The supervisee's own open agreement and next due date, if they have one."""
    agreement = _open_agreements().filter(supervisee_id=user.pk).first()
    return _supervision_row(agreement, today=today) if agreement is not None else None


def supervision_sessions_of(user: Any, supervisee: Staff) -> QuerySet[SupervisionSession]:
    """A supervisee's sessions that `user` may open (only the two people ever can)."""
    return (
        SupervisionSession.objects.filter(
            permissions.supervision_sessions_visible_q(user), agreement__supervisee=supervisee
        )
        .select_related("agreement__supervisor")
        .order_by("-held_on", "-id")
    )


def supervision_session_get(user: Any, session_uuid: uuid.UUID | str) -> SupervisionSession:
    """One session, or 404 for anyone but its supervisor and supervisee."""
    return _get_or_404(
        SupervisionSession.objects.filter(
            permissions.supervision_sessions_visible_q(user)
        ).select_related("agreement__supervisor", "agreement__supervisee", "recorded_by"),
        uuid=session_uuid,
    )


def supervision_agreement_for_recording(
    user: Any, agreement_uuid: uuid.UUID | str
) -> SupervisionAgreement:
    """An open agreement `user` supervises, or 404."""
    return _get_or_404(
        SupervisionAgreement.objects.filter(
            supervisor_id=user.pk, ended_on__isnull=True
        ).select_related("supervisee", "supervisor"),
        uuid=agreement_uuid,
    )


def supervision_agreement_for_managing(
    user: Any, agreement_uuid: uuid.UUID | str
) -> SupervisionAgreement:
    """An agreement whose supervisee `user` oversees (to end it), or 404."""
    agreement: SupervisionAgreement = _get_or_404(
        SupervisionAgreement.objects.select_related(
            "supervisor", "supervisee", "supervisee__team"
        ).annotate(last_held_on=Max("sessions__held_on")),
        uuid=agreement_uuid,
    )
    if not permissions.can_manage_supervision_of(user, agreement.supervisee):
        raise Http404("Not found")
    return agreement


def supervision_agreement_overseen(
    user: Any, agreement_uuid: uuid.UUID | str
) -> SupervisionAgreement:
    """An agreement whose dates `user` may see (`supervision_oversight_q`), or 404."""
    return _get_or_404(
        SupervisionAgreement.objects.filter(
            permissions.supervision_oversight_q(user)
        ).select_related("supervisor", "supervisee", "supervisee__team"),
        uuid=agreement_uuid,
    )


def supervision_family_choices(user: Any, agreement: SupervisionAgreement) -> QuerySet[Family]:
    """Families that can be discussed: the supervisee's caseload the supervisor may view."""
    return Family.objects.filter(
        people_permissions.families_visible_q(user), allocated_worker_id=agreement.supervisee_id
    ).order_by("name", "case_reference")


def session_case_decisions(session: SupervisionSession) -> list[SupervisionCaseDecision]:
    """The case decisions of a session, with their families and teams (for the access check)."""
    return list(session.case_decisions.select_related("family__team").order_by("id"))


def family_supervision_decisions(user: Any, family: Family) -> QuerySet[SupervisionCaseDecision]:
    """Supervision case decisions on a family's record: the decision, never the personal parts.

    `family` must already be one `user` may view (from `people.selectors.family_get`). Only
    the fields the family's page shows are read.
    """
    if not people_permissions.can_view_family(user, family):
        return SupervisionCaseDecision.objects.none()
    return (
        SupervisionCaseDecision.objects.filter(family=family)
        .select_related("session__agreement__supervisee", "session__agreement__supervisor")
        .only(
            "uuid",
            "decision",
            "created_at",
            "session__held_on",
            "session__agreement__supervisee__first_name",
            "session__agreement__supervisee__last_name",
            "session__agreement__supervisee__email",
            "session__agreement__supervisor__first_name",
            "session__agreement__supervisor__last_name",
            "session__agreement__supervisor__email",
        )
        .order_by("-session__held_on", "-id")
    )


def supervision_involved(user: Any) -> bool:
    """Does `user` supervise, or have, supervision now (for the link on the training page)?"""
    return SupervisionAgreement.objects.filter(
        Q(supervisor_id=user.pk) | Q(supervisee_id=user.pk), ended_on__isnull=True
    ).exists()


def supervision_people_for_agreement(user: Any) -> tuple[QuerySet[Staff], QuerySet[Staff]]:
    """Who `user` may set up supervision for (their oversight scope, our active staff), and
    the people offered as supervisor: the team managers, heads of service and directors in
    that scope (`user` among them only if they hold one of those roles — never the workforce
    team). Whether one of them may supervise the person chosen depends on the pair, and is
    checked by the service (`permissions.supervisor_choice_error`)."""
    supervisees = (
        Staff.objects.filter(permissions.compliance_staff_q(user), is_active=True)
        .exclude(pk=user.pk)
        .select_related("team")
        .order_by("last_name", "first_name")
    )
    supervisors = (
        Staff.objects.filter(
            permissions.compliance_staff_q(user),
            role__in=[Staff.Role.TEAM_MANAGER, Staff.Role.HEAD_OF_SERVICE, Staff.Role.DIRECTOR],
            is_active=True,
        )
        .select_related("team")
        .order_by("last_name", "first_name")
    )
    return supervisees, supervisors


FAMILY_PAGE_DECISIONS = 5


def family_page_supervision_section(user: Any, family: Family) -> dict[str, Any] | None:
    """The latest case decisions made in supervision, for the family's own page.

    One query: the latest few plus one, to know whether to link to all of them. None when
    there are none (or the person may not view the family), so the page shows no empty box.
    """
    latest = list(family_supervision_decisions(user, family)[: FAMILY_PAGE_DECISIONS + 1])
    if not latest:
        return None
    return {
        "decisions": latest[:FAMILY_PAGE_DECISIONS],
        "more": len(latest) > FAMILY_PAGE_DECISIONS,
    }
