"""Supervision audits (policy §6.4, §8; issue 5 point 10): rule, reads and writes.

Who audits (one scope, `audit_scope`): quality assurance for every team; a head of service
for the teams in their service; a team manager for their own team. Nobody rates a session
they took part in (as supervisor or supervisee): those sessions are never offered to them in
a sample, and the rating service refuses them. The roll-up of results (figures only, no
names) is also open to the director and the workforce development team, organisation-wide:
findings inform training needs (§8).

The privacy conflict, resolved (decision 0009): a session's personal parts (wellbeing,
reflection, what went well, learning from mistakes, emotional impact, support agreed, and
actions, which the form also promises are for the two people only) answer 404 to everyone
but the supervisor and the supervisee. So the auditor never reads them: the audit page is
built from `audit_record`, which reads only the non-personal columns plus, computed in the
database, whether each personal section was written and roughly how many words it has. The
text of those sections never leaves the database for an auditor. Case decisions are shown
only for families the auditor may view, each written to the access trail first.

The sample is deterministic and recorded: the eligible sessions' ids, sorted, are sampled
with `random.Random(seed)` and the seed is stored with the sample; the chosen sessions are
the sample's audit rows.
"""

from __future__ import annotations

import datetime
import random
import secrets
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Length, Replace, Trim
from django.utils import timezone

from restorative.core.scope import Extent, Reach, Rule
from restorative.core.submission import submission_create, submission_find
from restorative.people.models import Staff, Team
from restorative.people.permissions import is_our_staff

from . import supervision
from .models import SupervisionAudit, SupervisionAuditSample, SupervisionSession
from .selectors.lookup import get_or_404

Role = Staff.Role

PERSONAL_SECTIONS = (
    ("wellbeing_words", "Wellbeing check-in in their words"),
    ("reflection", "Reflection on practice"),
    ("went_well", "What went well"),
    ("learning", "What was learned from mistakes"),
    ("emotional_impact", "Emotional impact of the work"),
    ("support_agreed", "Support agreed"),
    ("actions", "Actions"),
)
CRITERIA = (
    ("reflective", "Reflective"),
    ("relational", "Relational"),
    ("supportive", "Supportive"),
    ("regulation_and_thinking", "Encourages emotional regulation and critical thinking"),
    ("mistakes_without_blame", "Mistakes addressed without blame"),
    ("wellbeing_promoted", "Practitioner wellbeing promoted"),
)
GRADES = list(SupervisionAudit.Grade)
RATINGS = list(SupervisionAudit.Rating)


# --- The rule ------------------------------------------------------------------------------

# Who audits which teams' supervision, as data.
AUDIT_RULE = Rule(
    "audit supervision",
    {
        Role.QUALITY: Extent.ORGANISATION,
        Role.HEAD_OF_SERVICE: Extent.SERVICE,
        Role.TEAM_MANAGER: Extent.TEAM,
    },
)
# Who sees the roll-up of results (figures only, no names): the auditors, and the director
# and the workforce development team for every team.
AUDIT_RESULTS_RULE = Rule(
    "supervision audit results",
    {
        **AUDIT_RULE.roles,
        Role.DIRECTOR: Extent.ORGANISATION,
        Role.WORKFORCE: Extent.ORGANISATION,
    },
)


def audit_scope(user: Any) -> Reach:
    """QA: every team; head of service: their service's teams; team manager: their team."""
    return AUDIT_RULE.reach(user)


def can_audit(user: Any) -> bool:
    """Does `user` audit any team's supervision (for the links and the audits page)?"""
    return audit_scope(user).any


def can_audit_team(user: Any, team: Team) -> bool:
    """May `user` sample and rate this team's supervision?"""
    return audit_scope(user).covers_team(team)


def audit_samples_visible_q(user: Any) -> Q:
    """Filter on SupervisionAuditSample: samples of teams `user` audits."""
    return audit_scope(user).q(team="team")


def audits_visible_q(user: Any) -> Q:
    """Filter on SupervisionAudit for the auditor pages: audits of teams `user` audits."""
    return audit_scope(user).q(team="sample__team")


def can_view_audit(user: Any, audit: SupervisionAudit) -> bool:
    """May `user` open an audit page (never the session's personal parts)? Same scope."""
    return can_audit_team(user, audit.sample.team)


def _took_part(user: Any, session: SupervisionSession) -> bool:
    agreement = session.agreement
    return user.pk in {agreement.supervisor_id, agreement.supervisee_id}


def can_rate_audit(user: Any, audit: SupervisionAudit) -> bool:
    """Auditors in scope rate a sampled session, unless they took part in it."""
    return can_view_audit(user, audit) and not _took_part(user, audit.session)


def audit_results_team_q(user: Any) -> Q:
    """Filter on Team for the roll-up (figures only): the audit scope, and everything for
    the director and the workforce development team."""
    return AUDIT_RESULTS_RULE.reach(user).q(team="")


def can_view_audit_results(user: Any) -> bool:
    """Does `user` see the roll-up of audit results for any team?"""
    return AUDIT_RESULTS_RULE.reach(user).any


def audit_feedback_visible_q(user: Any) -> Q:
    """Filter on SupervisionAudit: rated audits of sessions `user` took part in. The
    supervisee and the supervisor read the grade and feedback on their session's page."""
    if not is_our_staff(user):
        return Q(pk__in=[])
    return ~Q(grade="") & (
        Q(session__agreement__supervisor_id=user.pk) | Q(session__agreement__supervisee_id=user.pk)
    )


# --- Reads ---------------------------------------------------------------------------------


def audit_teams(user: Any) -> QuerySet[Team]:
    """Teams `user` may sample for audit."""
    scope = audit_scope(user)
    if not scope.any:
        return Team.objects.none()
    return Team.objects.filter(scope.q(team="")).select_related("service").order_by("name")


def samples_for(user: Any) -> QuerySet[SupervisionAuditSample]:
    """Samples `user` may open, newest first, with progress counts."""
    return (
        SupervisionAuditSample.objects.filter(audit_samples_visible_q(user))
        .select_related("team", "created_by")
        .annotate(
            audit_count=Count("audits"),
            rated_count=Count("audits", filter=~Q(audits__grade="")),
        )
        .order_by("-created_at", "-id")
    )


def sample_get(user: Any, sample_uuid: uuid.UUID | str) -> SupervisionAuditSample:
    return get_or_404(samples_for(user), uuid=sample_uuid)


def _non_personal_sessions() -> QuerySet[SupervisionSession]:
    """Sessions with only their non-personal columns, plus how much each personal section
    holds, computed in the database: the personal text itself is never read."""
    previous = (
        SupervisionSession.objects.filter(
            agreement=OuterRef("agreement"), held_on__lt=OuterRef("held_on")
        )
        .order_by("-held_on")
        .values("held_on")[:1]
    )
    annotations: dict[str, Any] = {"previous_held_on": Subquery(previous)}
    for name, _ in PERSONAL_SECTIONS:
        trimmed = Trim(name)
        annotations[f"{name}_chars"] = Coalesce(Length(trimmed), Value(0))
        annotations[f"{name}_words"] = Coalesce(
            Length(trimmed) - Length(Replace(trimmed, Value(" "), Value(""))) + 1, Value(0)
        )
    return (
        SupervisionSession.objects.select_related(
            "agreement__supervisor", "agreement__supervisee", "agreement__supervisee__team"
        )
        .only(
            "uuid",
            "held_on",
            "duration_minutes",
            "agreement__started_on",
            "agreement__agreed_frequency",
            "agreement__supervisor_id",
            "agreement__supervisee_id",
            "agreement__supervisor__first_name",
            "agreement__supervisor__last_name",
            "agreement__supervisor__email",
            "agreement__supervisee__first_name",
            "agreement__supervisee__last_name",
            "agreement__supervisee__email",
            "agreement__supervisee__role",
            "agreement__supervisee__start_date",
            "agreement__supervisee__team__name",
        )
        .annotate(**annotations)
    )


def sample_audits(user: Any, sample: SupervisionAuditSample) -> list[SupervisionAudit]:
    """The audits of a sample, each with its session's non-personal columns (two queries)."""
    audits = list(
        SupervisionAudit.objects.filter(audits_visible_q(user), sample=sample)
        .only("uuid", "grade", "sample_id", "session_id", "rated_at")
        .order_by("id")
    )
    sessions = _non_personal_sessions().in_bulk([a.session_id for a in audits])
    for audit in audits:
        audit.session = sessions[audit.session_id]
    audits.sort(key=lambda a: (a.session.held_on, a.pk))
    return audits


def audit_get(user: Any, audit_uuid: uuid.UUID | str) -> SupervisionAudit:
    """An audit of a team `user` audits, its session read without the personal parts."""
    audit: SupervisionAudit = get_or_404(
        SupervisionAudit.objects.filter(audits_visible_q(user)).select_related(
            "sample__team", "rated_by"
        ),
        uuid=audit_uuid,
    )
    audit.session = _non_personal_sessions().get(pk=audit.session_id)
    return audit


@dataclass(frozen=True)
class Section:
    label: str
    written: bool
    words: int


@dataclass(frozen=True)
class AuditRecord:
    """What an auditor may see of a supervision session: never its personal text."""

    held_on: datetime.date
    duration_minutes: int
    is_short: bool
    previous_held_on: datetime.date | None
    due_on: datetime.date
    on_time: bool
    days_late: int
    sections: list[Section]


def audit_record(session: SupervisionSession) -> AuditRecord:
    """The non-personal summary of a session read by `_non_personal_sessions`."""
    agreement = session.agreement
    person = agreement.supervisee
    previous = getattr(session, "previous_held_on", None)
    due_on = supervision.next_due_on(
        last_held_on=previous,
        agreement_started_on=agreement.started_on,
        agreed=agreement.agreed_frequency,
        role=person.role,
        start_date=person.start_date,
    )
    sections = [
        Section(
            label=label,
            written=getattr(session, f"{name}_chars") > 0,
            words=getattr(session, f"{name}_words") if getattr(session, f"{name}_chars") else 0,
        )
        for name, label in PERSONAL_SECTIONS
    ]
    return AuditRecord(
        held_on=session.held_on,
        duration_minutes=session.duration_minutes,
        is_short=supervision.is_short(session.duration_minutes),
        previous_held_on=previous,
        due_on=due_on,
        on_time=session.held_on <= due_on,
        days_late=max((session.held_on - due_on).days, 0),
        sections=sections,
    )


def session_feedback(user: Any, session: SupervisionSession) -> list[SupervisionAudit]:
    """Rated audits of a session, for its supervisor and supervisee (nobody else)."""
    return list(
        SupervisionAudit.objects.filter(audit_feedback_visible_q(user), session=session)
        .select_related("rated_by")
        .order_by("rated_at", "id")
    )


@dataclass
class TeamResults:
    team: Team
    rated: int = 0
    grades: dict[str, int] = field(default_factory=dict)
    criteria: list[tuple[str, dict[str, int]]] = field(default_factory=list)
    can_audit: bool = False

    def grade_counts(self) -> list[tuple[str, int]]:
        return [(g.label, self.grades.get(g.value, 0)) for g in GRADES]


def audit_results(user: Any) -> list[TeamResults]:
    """Per team: rated audits by grade and by criterion (met, partly, not met).

    Two queries however many teams and audits: the teams, and one grouped count.
    """
    if not can_view_audit_results(user):
        return []
    teams = list(
        Team.objects.filter(audit_results_team_q(user))
        .select_related("service")
        .order_by("service__name", "name")
    )
    counts: dict[str, Any] = {"rated": Count("id")}
    for grade in GRADES:
        counts[f"grade_{grade.value}"] = Count("id", filter=Q(grade=grade.value))
    for name, _ in CRITERIA:
        for rating in RATINGS:
            counts[f"{name}__{rating.value}"] = Count("id", filter=Q(**{name: rating.value}))
    rows = (
        SupervisionAudit.objects.exclude(grade="")
        .filter(sample__team__in=[t.pk for t in teams])
        .values("sample__team_id")
        .annotate(**counts)
        .order_by()
    )
    by_team: dict[int, dict[str, Any]] = {row["sample__team_id"]: dict(row) for row in rows}
    scope = audit_scope(user)
    results = []
    for team in teams:
        row = by_team.get(team.pk, {})
        results.append(
            TeamResults(
                team=team,
                rated=row.get("rated", 0),
                grades={g.value: row.get(f"grade_{g.value}", 0) for g in GRADES},
                criteria=[
                    (label, {r.value: row.get(f"{name}__{r.value}", 0) for r in RATINGS})
                    for name, label in CRITERIA
                ],
                can_audit=scope.covers_team(team),
            )
        )
    return results


def eligible_sessions(
    user: Any, team: Team, period_start: datetime.date, period_end: datetime.date
) -> QuerySet[SupervisionSession]:
    """Sessions of a team's people held in the period that `user` may sample: not already
    audited, and not ones `user` took part in."""
    return (
        SupervisionSession.objects.filter(
            agreement__supervisee__team=team,
            held_on__gte=period_start,
            held_on__lte=period_end,
        )
        .exclude(agreement__supervisor_id=user.pk)
        .exclude(agreement__supervisee_id=user.pk)
        .exclude(pk__in=SupervisionAudit.objects.values("session_id"))
    )


def choose(ids: list[int], size: int, seed: int) -> list[int]:
    """The deterministic sample: the same ids, size and seed always give the same choice."""
    ordered = sorted(ids)
    return sorted(random.Random(seed).sample(ordered, min(size, len(ordered))))


# --- Writes --------------------------------------------------------------------------------


def audit_sample_create(
    *,
    actor: Staff,
    team: Team,
    period_start: datetime.date,
    period_end: datetime.date,
    size: int,
    submission_token: uuid.UUID,
    today: datetime.date | None = None,
    seed: int | None = None,
) -> tuple[SupervisionAuditSample, bool]:
    """Choose a random sample of a team's supervision sessions for audit; (sample, created).

    A repeated submission (same `submission_token`) returns the sample already chosen.
    """
    if not can_audit_team(actor, team):
        raise PermissionDenied
    scope = {"team": team, "created_by": actor}
    existing = submission_find(SupervisionAuditSample, submission_token, scope)
    if existing is not None:
        return existing, False
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if period_end < period_start:
        errors["period_end"] = "The end of the period must be on or after its start"
    elif period_start > today:
        errors["period_start"] = "The start of the period must be today or in the past"
    if size is None or size < 1:
        errors["size"] = "Sample at least 1 session"
    if errors:
        raise ValidationError(errors)
    seed = seed if seed is not None else secrets.randbits(48)

    def save() -> SupervisionAuditSample:
        ids = list(
            eligible_sessions(actor, team, period_start, period_end).values_list("pk", flat=True)
        )
        if not ids:
            raise ValidationError(
                {
                    "team": "There are no supervision sessions to audit for this team in "
                    "that period (sessions already audited, and any you took part in, "
                    "are left out)"
                }
            )
        sample = SupervisionAuditSample(
            team=team,
            period_start=period_start,
            period_end=period_end,
            requested_size=size,
            seed=seed,
            eligible_count=len(ids),
            created_by=actor,
            submission_token=submission_token,
        )
        sample.full_clean(exclude=["submission_token"])
        sample.save()
        SupervisionAudit.objects.bulk_create(
            [SupervisionAudit(sample=sample, session_id=pk) for pk in choose(ids, size, seed)]
        )
        return sample

    return submission_create(SupervisionAuditSample, submission_token, scope, save)


def audit_rate(
    *,
    actor: Staff,
    audit: SupervisionAudit,
    grade: str,
    feedback: str,
    now: datetime.datetime | None = None,
    **ratings: str,
) -> SupervisionAudit:
    """Rate a sampled session against the §6.4 criteria, with a grade and feedback.

    Rating again changes the rating (one audit per sampled session: a double submission
    saves once). The supervisor and supervisee then see it on their session's page.
    """
    if not can_rate_audit(actor, audit):
        raise PermissionDenied
    unknown = set(ratings) - {name for name, _ in CRITERIA}
    if unknown:
        raise TypeError(f"Unknown criteria: {sorted(unknown)}")
    errors: dict[str, str] = {}
    for name, label in CRITERIA:
        if ratings.get(name) not in SupervisionAudit.Rating.values:
            errors[name] = f"Choose whether '{label}' was met"
    if grade not in SupervisionAudit.Grade.values:
        errors["grade"] = "Choose the overall grade"
    feedback = (feedback or "").strip()
    if not feedback:
        errors["feedback"] = "Enter your feedback"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row = SupervisionAudit.objects.select_for_update().get(pk=audit.pk)
        for name, _ in CRITERIA:
            setattr(row, name, ratings[name])
        row.grade = grade
        row.feedback = feedback
        row.rated_by = actor
        row.rated_at = now or timezone.now()
        row.full_clean(exclude=["sample", "session"])
        row.save()
    return row
