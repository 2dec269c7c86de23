"""How training compliance is worked out for many people at once: the rules, each person's
results, the counts, and the same statuses as one SQL query.

Compliance pages make a fixed number of queries however many people they cover: the rules
(settings, courses and their required groups), the people in scope, and their completions
are each read once, and the statuses are worked out in Python by `compliance.course_status`.
The organisation-wide overview and drill-down instead have the database work out every
person's status for every course in one query (`pairs_sql`: `compliance.status_for` as
SQL), to stay within the page budget with thousands of people; tests hold both to the same
answers.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import F, Prefetch, QuerySet

from restorative.people.models import Staff, Team

from .. import compliance, permissions
from ..compliance import CompletionFact, Result, Status
from ..models import (
    CHAMPION_GROUP,
    Completion,
    Course,
    CourseRequirement,
    TrainingSettings,
)
from ..services import training_settings_get


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


def result_for(
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
            result_for(
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


def compliance_for(
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


def in_scope_staff(user: Any) -> QuerySet[Staff]:
    return (
        Staff.objects.filter(permissions.compliance_staff_q(user), is_active=True)
        .select_related("team", "team__service", "service")
        .only(*_STAFF_FIELDS)
        .order_by("last_name", "first_name", "id")
    )


# The organisation-wide overview and drill-down cover thousands of people. Working out each
# person's status for each course in Python (model instances, `Result`s) took 0.5-1 s at 5,000
# staff; the database works out the status of every person-course pair in one query instead
# (`pairs_sql`), and Python only adds up counts or builds the page of 25 names shown. The
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
STATUS_CODES = tuple(Status)


def pairs_sql(staff: QuerySet[Staff], rules: Rules, today: datetime.date) -> tuple[str, list[Any]]:
    """SQL for one row per person in `staff` and course of `rules`, with the person's columns
    (`_PEOPLE_COLUMNS`), `course_id`, `course_title` and `status` (an index of
    `STATUS_CODES`).

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
    code = {status: STATUS_CODES.index(status) for status in Status}
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


def fetch_rows(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _from_values(model: Any, values: dict[str, Any]) -> Any:
    """A model instance with only these fields loaded (the rest deferred, as `.only()`)."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(None, names, [values[name] for name in names])


def staff_from_row(row: dict[str, Any]) -> Staff:
    """A Staff (and their team) from a `pairs_sql` row, with the fields the drill-down
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


def figures_of(
    courses: list[Course], people: Iterable[PersonCompliance]
) -> tuple[dict[int, Figures], Figures]:
    by_course = {c.pk: Figures() for c in courses}
    overall = Figures()
    for person in people:
        for course, result in person.results:
            by_course[course.pk].add(result.status)
            overall.add(result.status)
    return by_course, overall


def sum_figures(rows: Iterable[Figures]) -> Figures:
    total = Figures()
    for figures in rows:
        for status, n in figures.counts.items():
            total.counts[status] += n
    return total
