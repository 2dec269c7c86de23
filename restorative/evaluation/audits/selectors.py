"""Reads for case-file audits, each already scoped to the acting person (`permissions`).

The auditor's reading of the family's record (`audit_record`) writes the access event first,
with "audit" as the reason (privacy rule 3), and answers 404 once the audit is finished or
its programme closed. Lists of audits carry no case text (findings only in the audit page).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse

from restorative.core.audit import access_event_record
from restorative.core.models import AccessEvent
from restorative.language.engine import Finding
from restorative.language.selectors import language_findings
from restorative.people.models import Family, Staff, Team
from restorative.people.permissions import can_view_family
from restorative.practice.models import Decision, Meeting, MeetingParticipant, Plan, PlanReview
from restorative.practice.selectors import SustainabilityPoint, plan_sustainability

from ..models import (
    AuditAnswer,
    AuditProgramme,
    AuditQuestion,
    AuditSection,
    CaseAudit,
    SafeguardingAlert,
)
from . import permissions, sampling
from .kappa import agreement_rate, cohens_kappa
from .tool import tool_seed_if_empty

AUDIT_REASON = "audit"


def _get_or_404(queryset: QuerySet[Any], **lookup: Any) -> Any:
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- The tool ------------------------------------------------------------------------------


def tool_sections(*, active_only: bool = True) -> list[AuditSection]:
    """The audit tool's sections with their questions, in order (seeding the shipped tool on
    first use). Two queries."""
    tool_seed_if_empty()
    questions = AuditQuestion.objects.order_by("position", "id")
    sections = AuditSection.objects.order_by("position", "id")
    if active_only:
        questions = questions.filter(is_active=True)
        sections = sections.filter(is_active=True)
    return list(sections.prefetch_related(Prefetch("questions", queryset=questions)))


def tool_question_get(user: Any, question_uuid: uuid.UUID | str) -> AuditQuestion:
    if not permissions.can_edit_tool(user):
        raise Http404
    question: AuditQuestion = _get_or_404(
        AuditQuestion.objects.select_related("section"), uuid=question_uuid
    )
    return question


def tool_section_get(user: Any, section_uuid: uuid.UUID | str) -> AuditSection:
    if not permissions.can_edit_tool(user):
        raise Http404
    section: AuditSection = _get_or_404(AuditSection.objects.all(), uuid=section_uuid)
    return section


# --- Programmes ----------------------------------------------------------------------------


def programmes_for(user: Any) -> QuerySet[AuditProgramme]:
    """Programmes the person may open, newest first (without the recorded population, read
    only to check a draw)."""
    return (
        AuditProgramme.objects.filter(permissions.programmes_visible_q(user))
        .select_related("service", "created_by")
        .defer("population")
        .order_by("-drawn_on", "-id")
    )


@dataclass(frozen=True)
class ProgrammeRow:
    programme: AuditProgramme
    audit_count: int
    finished_count: int
    open_alerts: int


def programme_rows(user: Any, *, limit: int = 50) -> list[ProgrammeRow]:
    """The newest programmes the person may open with their progress: three queries however
    many audits they hold (counted per programme in the database)."""
    programmes = list(programmes_for(user)[:limit])
    ids = [p.pk for p in programmes]
    counts: dict[int, tuple[int, int]] = {
        row["programme_id"]: (row["total"], row["finished"])
        for row in CaseAudit.objects.filter(programme_id__in=ids)
        .values("programme_id")
        .annotate(
            total=Count("id"), finished=Count("id", filter=Q(status=CaseAudit.Status.FINISHED))
        )
        .order_by()
    }
    alerts = dict(
        SafeguardingAlert.objects.filter(audit__programme_id__in=ids, acknowledged_at__isnull=True)
        .values("audit__programme_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("audit__programme_id", "n")
    )
    return [
        ProgrammeRow(
            p,
            *counts.get(p.pk, (0, 0)),
            alerts.get(p.pk, 0),
        )
        for p in programmes
    ]


def programme_get(user: Any, programme_uuid: uuid.UUID | str) -> AuditProgramme:
    programme: AuditProgramme = _get_or_404(
        AuditProgramme.objects.filter(permissions.programmes_visible_q(user)).select_related(
            "service", "created_by"
        ),
        uuid=programme_uuid,
    )
    return programme


def programme_audits(user: Any, programme: AuditProgramme) -> list[CaseAudit]:
    """The programme's audits the person may see: family, team, auditor, status, grades
    (no findings). One query."""
    return list(
        CaseAudit.objects.filter(permissions.audits_visible_q(user), programme=programme)
        .select_related("family", "team", "auditor", "practitioner", "programme")
        .defer("programme__population")
        .order_by("team__name", "family__name", "id")
    )


def sample_check(programme: AuditProgramme) -> bool:
    """Re-draw the sample from the recorded population and seed: True when it gives exactly
    the families the programme holds (so the draw can be checked by anyone)."""
    drawn = sorted(programme.audits.values_list("family_id", flat=True))
    try:
        again = sampling.choose(programme.population, programme.requested_size, programme.seed)
    except sampling.SampleTooLarge:
        return False
    return again == drawn


@dataclass(frozen=True)
class Agreement:
    moderated: int
    agreed: int
    rate: float | None
    kappa: float | None


def programme_agreement(programme: AuditProgramme) -> Agreement:
    """Auditor-moderator agreement for a programme: the rate and Cohen's kappa."""
    pairs = list(
        programme.audits.exclude(moderated_at=None).values_list("grade", "moderated_grade")
    )
    return Agreement(
        moderated=len(pairs),
        agreed=sum(1 for a, b in pairs if a == b),
        rate=agreement_rate(pairs),
        kappa=cohens_kappa(pairs),
    )


def programme_open_alerts(programme: AuditProgramme) -> int:
    return SafeguardingAlert.objects.filter(
        audit__programme=programme, acknowledged_at__isnull=True
    ).count()


def auditor_candidates(user: Any) -> QuerySet[Staff]:
    """People quality assurance may name as auditors or moderators: our own staff with a case
    role (peer auditors from other teams, managers, quality assurance)."""
    if not permissions.can_manage_programmes(user):
        return Staff.objects.none()
    return (
        Staff.objects.filter(
            is_active=True,
            role__in=[
                Staff.Role.PRACTITIONER,
                Staff.Role.TEAM_MANAGER,
                Staff.Role.HEAD_OF_SERVICE,
                Staff.Role.QUALITY,
                Staff.Role.CONFERENCE_CHAIR,
            ],
        )
        .select_related("team")
        .order_by("last_name", "first_name", "id")
    )


# --- Audits --------------------------------------------------------------------------------


def audit_get(user: Any, audit_uuid: uuid.UUID | str) -> CaseAudit:
    """An audit the person may open (its findings; the record itself is `audit_record`)."""
    audit: CaseAudit = _get_or_404(
        CaseAudit.objects.filter(permissions.audits_visible_q(user))
        .select_related(
            "programme", "family", "team__service", "auditor", "practitioner", "moderator"
        )
        .defer("programme__population"),
        uuid=audit_uuid,
    )
    return audit


def audit_read(
    user: Any,
    audit_uuid: uuid.UUID | str,
    *,
    request: HttpRequest | None = None,
    channel: str = "web",
) -> CaseAudit:
    """An audit's findings, read by a person: the findings are about a family's record, so
    the read is written to the family's access trail first (with why they may read it)."""
    audit = audit_get(user, audit_uuid)
    basis = permissions.audit_view_basis(user, audit)
    if basis is None:
        raise Http404
    access_event_record(
        actor=user,
        action=AccessEvent.Action.VIEW,
        subject_type="caseaudit",
        subject_uuid=audit.uuid,
        family_uuid=audit.family.uuid,
        reason=basis,
        request=request,
        channel=channel,
        subject=audit,
    )
    return audit


def audit_answers(audit: CaseAudit) -> dict[int, AuditAnswer]:
    """The audit's answers by question id."""
    return {a.question_id: a for a in audit.answers.select_related("question__section")}


@dataclass(frozen=True)
class TextFinding:
    """One language finding in a record in scope, with where it is and a little context."""

    where: str
    before: str
    text: str
    after: str
    reason: str
    suggestions: tuple[str, ...]


@dataclass
class AuditRecord:
    """What the auditor reads of the family's record for the programme's period."""

    family: Family
    meetings: list[Meeting]
    plans: list[Plan]
    sustainability: dict[int, list[SustainabilityPoint]]
    findings: list[TextFinding] = field(default_factory=list)


MEETING_TEXT_FIELDS = (
    ("what_happened", "what has happened"),
    ("who_affected", "who has been affected"),
    ("working_well", "what is working well"),
    ("worries", "what we are worried about"),
    ("next_steps", "what needs to happen next"),
    ("family_plan", "the family's plan"),
)


def _context(text: str, finding: Finding) -> tuple[str, str, str]:
    before = text[max(0, finding.start - 50) : finding.start]
    after = text[finding.end : finding.end + 50]
    return before, text[finding.start : finding.end], after


def _check(user: Any, where: str, text: str) -> list[TextFinding]:
    if not text:
        return []
    return [
        TextFinding(where, *_context(text, f), f.reason, tuple(f.suggestions))
        for f in language_findings(user, text)
    ]


def record_findings(user: Any, record: AuditRecord) -> list[TextFinding]:
    """Run the product's language checker over what professionals wrote in the records in
    scope (meeting sections, decisions, plan actions and endings). The family's and child's
    own words (their views, goals, holding words) are their voice and are not checked."""
    found: list[TextFinding] = []
    for meeting in record.meetings:
        label = f"{meeting.get_meeting_type_display()}, {meeting.held_on:%-d %B %Y}"
        for name, words in MEETING_TEXT_FIELDS:
            found += _check(user, f"{label}: {words}", getattr(meeting, name))
        for decision in meeting.decisions.all():
            found += _check(user, f"{label}: decision", decision.decision)
    for plan in record.plans:
        for action in plan.actions.all():
            found += _check(user, f"Plan '{plan.title}': action", action.what)
        found += _check(user, f"Plan '{plan.title}': how it ended", plan.end_outcome)
    return found


def audit_record(user: Any, audit: CaseAudit, *, request: HttpRequest | None = None) -> AuditRecord:
    """The family's record in the programme's period, for the auditor while the audit is
    open; writes the access event (reason "audit") before anything is read. 404 otherwise."""
    if not permissions.can_read_record_for_audit(user, audit):
        raise Http404
    family = audit.family
    access_event_record(
        actor=user,
        action=AccessEvent.Action.VIEW,
        subject_type="family",
        subject_uuid=family.uuid,
        family_uuid=family.uuid,
        reason=AUDIT_REASON,
        request=request,
        subject=family,
    )
    start, end = audit.programme.period_start, audit.programme.period_end
    meetings = list(
        Meeting.objects.filter(
            family=family, status=Meeting.Status.HELD, held_on__gte=start, held_on__lte=end
        )
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=MeetingParticipant.objects.select_related("member").order_by("id"),
            ),
            Prefetch("decisions", queryset=Decision.objects.order_by("id")),
        )
        .order_by("held_on", "id")
    )
    plans = list(
        Plan.objects.filter(family=family, started_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .prefetch_related(
            "goals",
            "actions",
            Prefetch("reviews", queryset=PlanReview.objects.order_by("reviewed_on", "id")),
        )
        .order_by("started_on", "id")
    )
    record = AuditRecord(
        family=family,
        meetings=meetings,
        plans=plans,
        sustainability={plan.pk: plan_sustainability(plan, today=end) for plan in plans},
    )
    record.findings = record_findings(user, record)
    return record


# --- Each person's tasks (the due list) ----------------------------------------------------


@dataclass(frozen=True)
class AuditTasks:
    """What waits for this person: audits to do, reflections to add, moderations to do,
    safeguarding alerts to acknowledge."""

    to_audit: list[CaseAudit]
    to_reflect: list[CaseAudit]
    to_moderate: list[CaseAudit]
    alerts: list[SafeguardingAlert]

    @property
    def count(self) -> int:
        return len(self.to_audit) + len(self.to_reflect) + len(self.to_moderate) + len(self.alerts)


def _audit_list(queryset: QuerySet[CaseAudit]) -> list[CaseAudit]:
    return list(
        queryset.select_related("programme", "family", "team", "auditor")
        .defer("programme__population")
        .order_by("programme__period_end", "id")[:100]
    )


def audit_tasks(user: Any) -> AuditTasks:
    """The person's audit due list (a fixed number of queries)."""
    if not permissions.can_use_audits(user):
        return AuditTasks([], [], [], [])
    open_programme = Q(programme__status=AuditProgramme.Status.OPEN)
    to_audit = _audit_list(
        CaseAudit.objects.filter(open_programme, auditor=user).exclude(
            status=CaseAudit.Status.FINISHED
        )
    )
    reflector = Q(practitioner=user)
    if user.role == Staff.Role.TEAM_MANAGER and user.team_id:
        reflector |= Q(practitioner__isnull=True, team_id=user.team_id)
    to_reflect = _audit_list(
        CaseAudit.objects.filter(open_programme, reflector, status=CaseAudit.Status.SHARED)
    )
    to_moderate = _audit_list(
        CaseAudit.objects.filter(
            open_programme,
            status=CaseAudit.Status.FINISHED,
            for_moderation=True,
            moderated_at__isnull=True,
            programme__in=AuditProgramme.objects.filter(moderators=user).values("pk"),
        )
        .exclude(auditor=user)
        .exclude(team_id=user.team_id)
    )
    alerts: list[SafeguardingAlert] = []
    if user.role in permissions.ALERT_ACKNOWLEDGERS:
        alerts = alerts_for(user, open_only=True)
    return AuditTasks(to_audit, to_reflect, to_moderate, alerts)


def alerts_for(user: Any, *, open_only: bool = False) -> list[SafeguardingAlert]:
    queryset = SafeguardingAlert.objects.filter(permissions.alerts_visible_q(user))
    if open_only:
        queryset = queryset.filter(acknowledged_at__isnull=True)
    return list(
        queryset.select_related(
            "audit__family", "audit__team", "audit__programme", "raised_by", "acknowledged_by"
        )
        .defer("audit__programme__population")
        .order_by("acknowledged_at", "-created_at")[:100]
    )


def alert_get(user: Any, alert_uuid: uuid.UUID | str) -> SafeguardingAlert:
    alert: SafeguardingAlert = _get_or_404(
        SafeguardingAlert.objects.filter(permissions.alerts_visible_q(user))
        .select_related("audit__family", "audit__team__service", "audit__programme", "raised_by")
        .defer("audit__programme__population"),
        uuid=alert_uuid,
    )
    return alert


# --- Learning (wired to learning actions at merge) -----------------------------------------


def audit_finding_for_learning(
    user: Any, audit_uuid: uuid.UUID | str
) -> tuple[str, str, Team] | None:
    """For a learning action raised from an audit finding (source kind "case_audit"): its
    title, its page and the team it is about, or None when the person may not see it. No
    case text: the title names the programme's theme and the final grade."""
    try:
        audit = audit_get(user, audit_uuid)
    except Http404:
        return None
    url = reverse("evaluation:audit_detail", kwargs={"audit_uuid": audit.uuid})
    return _finding_title(audit), url, audit.team


def _finding_title(audit: CaseAudit) -> str:
    grade = audit.get_final_grade_display() or audit.get_grade_display() or "not graded"
    return f"Case-file audit: {audit.programme.theme} ({grade})"


def _moderation_title(audit: CaseAudit) -> str:
    agreed = audit.moderated_grade == audit.grade
    change = (
        f"agreed {audit.get_moderated_grade_display()}"
        if agreed
        else f"{audit.get_grade_display()} changed to {audit.get_moderated_grade_display()}"
    )
    return f"Moderation note: {audit.programme.theme} ({change})"


def _audits_by_uuid(user: Any, uuids: list[uuid.UUID], **extra: Any) -> list[CaseAudit]:
    return list(
        CaseAudit.objects.filter(permissions.audits_visible_q(user), uuid__in=uuids, **extra)
        .select_related("programme", "team")
        .defer("programme__population")
    )


def audit_findings_for_learning(
    user: Any, audit_uuids: list[uuid.UUID]
) -> dict[uuid.UUID, tuple[str, str, Team]]:
    """`audit_finding_for_learning` for a list's many findings in one query (a learning list
    names findings of several audits)."""
    return {
        audit.uuid: (
            _finding_title(audit),
            reverse("evaluation:audit_detail", kwargs={"audit_uuid": audit.uuid}),
            audit.team,
        )
        for audit in _audits_by_uuid(user, audit_uuids)
    }


def moderation_notes_for_learning(
    user: Any, audit_uuids: list[uuid.UUID]
) -> dict[uuid.UUID, tuple[str, str, Team]]:
    """Moderation notes as the source of learning (issue 12 point 8, kind
    "moderation_note"): a moderator's reason for agreeing with or changing a grade often
    says what the practice needs (or what auditors read differently). The note is the
    moderated audit's, named by the audit's UUID; seen by whoever may see the audit, and only
    once it is moderated. No case text in the title: the theme and the grades."""
    return {
        audit.uuid: (
            _moderation_title(audit),
            reverse("evaluation:audit_detail", kwargs={"audit_uuid": audit.uuid}) + "#moderation",
            audit.team,
        )
        for audit in _audits_by_uuid(user, audit_uuids, moderated_at__isnull=False)
    }


def family_may_be_seen(user: Any, family: Family) -> bool:
    """Ordinary access to the family (people's rule), for linking to the family's page."""
    return can_view_family(user, family)
