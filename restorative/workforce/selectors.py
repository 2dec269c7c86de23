"""Every read of training, already scoped to the person asking.

Compliance pages make a fixed number of queries however many people they cover: the rules
(settings, courses and their required groups), the people in scope, and their completions
are each read once, and the statuses are worked out in Python by `compliance.course_status`.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.http import Http404

from restorative.people import permissions as people_permissions
from restorative.people.models import Family, PartnerAgency, Staff, Team

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


def session_bookings(user: Any, session: Session) -> list[Booking]:
    """Everyone booked or waiting, for the people running the session; 404 for others."""
    if not permissions.can_view_bookings(user, session):
        raise Http404("Not found")
    return list(
        Booking.objects.filter(session=session)
        .exclude(status=Booking.Status.CANCELLED)
        .select_related("person", "person__team", "person__partner_agency")
        .order_by("created_at", "id")
    )


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
        .select_related("session", "session__course")
        .order_by("-session__starts_at")
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


def _person_results(
    person: Staff,
    rules: Rules,
    facts: dict[int, list[CompletionFact]],
    today: datetime.date,
) -> PersonCompliance:
    results = []
    for course in rules.courses:
        required = compliance.is_required(
            role=person.role,
            is_champion=person.is_restorative_champion,
            groups=rules.groups[course.pk],
            champion_group=CHAMPION_GROUP,
        )
        induction_due_on = None
        if course.kind == Course.Kind.INDUCTION and person.start_date:
            induction_due_on = person.start_date + datetime.timedelta(
                days=rules.settings.induction_due_days
            )
        result = compliance.course_status(
            required=required,
            completions=facts.get(course.pk, []),
            today=today,
            due_soon_days=rules.settings.due_soon_days,
            induction_due_on=induction_due_on,
        )
        results.append((course, result))
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


def _in_scope_staff(user: Any) -> QuerySet[Staff]:
    return (
        Staff.objects.filter(permissions.compliance_staff_q(user), is_active=True)
        .select_related("team", "team__service")
        .order_by("last_name", "first_name", "id")
    )


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


@dataclass
class ServiceRow:
    name: str
    teams: list[TeamRow]
    figures: Figures


@dataclass
class ComplianceOverview:
    services: list[ServiceRow]
    figures: Figures
    people: int


def compliance_overview(user: Any, *, today: datetime.date) -> ComplianceOverview:
    """Figures per team, rolled up per service and for everything `user` may see.

    Staff without a team (heads of service, organisation-wide roles) are counted in the
    total but belong to no team row.
    """
    if not permissions.can_view_compliance_reports(user):
        raise Http404("Not found")
    rules, people = _compliance_for(_in_scope_staff(user), today)
    by_team: dict[int, list[PersonCompliance]] = defaultdict(list)
    teams: dict[int, Team] = {}
    scope = permissions.compliance_scope(user)
    for person in people:
        team = person.person.team
        if team is not None and scope.covers_team(team):
            by_team[team.pk].append(person)
            teams[team.pk] = team
    services: dict[str, list[TeamRow]] = defaultdict(list)
    for team_id, members in by_team.items():
        team = teams[team_id]
        _, figures = _figures(rules.courses, members)
        services[team.service.name].append(TeamRow(team, len(members), figures))
    rows = []
    for name in sorted(services):
        team_rows = sorted(services[name], key=lambda row: row.team.name)
        total = Figures()
        for row in team_rows:
            for status, n in row.figures.counts.items():
                total.counts[status] += n
        rows.append(ServiceRow(name, team_rows, total))
    _, overall = _figures(rules.courses, people)
    return ComplianceOverview(rows, overall, len(people))


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
    who may supervise them (managers and heads of service, plus `user`)."""
    supervisees = (
        Staff.objects.filter(permissions.compliance_staff_q(user), is_active=True)
        .exclude(pk=user.pk)
        .order_by("last_name", "first_name")
    )
    supervisors = Staff.objects.filter(
        Q(pk=user.pk)
        | Q(
            permissions.compliance_staff_q(user),
            role__in=[Staff.Role.TEAM_MANAGER, Staff.Role.HEAD_OF_SERVICE],
        ),
        is_active=True,
    ).order_by("last_name", "first_name")
    return supervisees, supervisors
