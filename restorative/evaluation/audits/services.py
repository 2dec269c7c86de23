"""Writes for case-file audits: drawing a programme's sample, the audit itself, the
practitioner's reflection, moderation, safeguarding alerts, closing, and the audit tool.

Every rule about what may be stored is here (never only in a form): a sample larger than the
families that can be audited, an auditor of their own team or their own supervisee's work,
a grade outside the scale, finishing without the practitioner's reflection, closing while a
safeguarding alert is open. Each is a clear message and saves nothing.
"""

from __future__ import annotations

import datetime
import secrets
import uuid
from collections.abc import Mapping, Sequence

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from restorative.core.submission import submission_create, submission_find
from restorative.people.models import Family, Service, Staff
from restorative.workforce.models import SupervisionAgreement

from ..models import (
    AuditAnswer,
    AuditProgramme,
    AuditQuestion,
    AuditSection,
    CaseAudit,
    Compliance,
    Criterion,
    Grade,
    SafeguardingAlert,
    quarter_label,
)
from . import permissions, population, sampling
from .selectors import tool_sections

Role = Staff.Role
AUDITOR_ROLES = frozenset(
    {
        Role.PRACTITIONER,
        Role.TEAM_MANAGER,
        Role.HEAD_OF_SERVICE,
        Role.QUALITY,
        Role.CONFERENCE_CHAIR,
    }
)
GRADE_MESSAGE = (
    "Choose a grade on the scale: outstanding, good, requires improvement to be good, or inadequate"
)
NO_REFLECTION = (
    "The practitioner has not added their reflection yet. Audits are done with "
    "practitioners, not to them: share the draft and finish once they have reflected"
)
OPEN_ALERTS = (
    "The programme cannot close while a safeguarding alert is open: the team manager or "
    "head of service must acknowledge it first"
)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _graded(grade: str, reason: str, field: str, missing: str, errors: dict[str, str]) -> str:
    """A grade on the four-point scale with the reason written for it, as the auditor's
    overall grade and the moderator's both need: the messages go into `errors`, the reason
    comes back trimmed."""
    if grade not in Grade.values:
        errors["grade"] = GRADE_MESSAGE
    reason = (reason or "").strip()
    if not reason:
        errors[field] = missing
    return reason


def _now(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


# --- Conflicts: who may not audit which family ---------------------------------------------


def auditor_conflict(
    auditor: Staff, family: Family, supervisees: Mapping[int, set[int]]
) -> str | None:
    """Why `auditor` may not audit `family`'s record, or None: their own team's family, a
    family in the service they lead, one allocated to them or to a person they supervise."""
    if auditor.team_id is not None and auditor.team_id == family.team_id:
        return "own team"
    if auditor.service_id is not None and auditor.service_id == family.team.service_id:
        return "own service"
    worker = family.allocated_worker_id
    if worker is not None and worker == auditor.pk:
        return "own work"
    if worker is not None and worker in supervisees.get(auditor.pk, set()):
        return "own supervisee's work"
    return None


def _supervisees(auditor_ids: Sequence[int], on: datetime.date) -> dict[int, set[int]]:
    """Each auditor's current supervisees (open agreements on `on`)."""
    result: dict[int, set[int]] = {pk: set() for pk in auditor_ids}
    rows = SupervisionAgreement.objects.filter(
        supervisor_id__in=auditor_ids, started_on__lte=on
    ).exclude(ended_on__lt=on)
    for supervisor_id, supervisee_id in rows.values_list("supervisor_id", "supervisee_id"):
        result[supervisor_id].add(supervisee_id)
    return result


# --- Programmes ----------------------------------------------------------------------------


def _programme_errors(
    *,
    theme: str,
    period_start: datetime.date | None,
    period_end: datetime.date | None,
    method: str,
    rule: str,
    size: int | None,
    auditors: Sequence[Staff],
    moderators: Sequence[Staff],
    moderation_percent: int,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not theme.strip():
        errors["theme"] = "Enter the programme's theme"
    if period_start and period_end and period_end < period_start:
        errors["period_end"] = "The end of the period must be on or after its start"
    if method not in AuditProgramme.Method.values:
        errors["method"] = "Choose a random sample or a targeted rule"
    elif method == AuditProgramme.Method.TARGETED and rule not in AuditProgramme.Rule.values:
        errors["rule"] = "Choose the rule that finds the families to audit"
    if size is None or size < 1:
        errors["requested_size"] = "Sample at least 1 family"
    if not auditors:
        errors["auditors"] = "Choose at least one auditor"
    elif any(not a.is_active or a.role not in AUDITOR_ROLES for a in auditors):
        errors["auditors"] = "Auditors must be practitioners, managers or quality assurance"
    if any(not m.is_active or m.role not in AUDITOR_ROLES for m in moderators):
        errors["moderators"] = "Moderators must be practitioners, managers or quality assurance"
    if not 0 <= moderation_percent <= 100:
        errors["moderation_percent"] = "The share to moderate must be from 0 to 100 per cent"
    return errors


def programme_create(
    *,
    actor: Staff,
    theme: str,
    period_start: datetime.date,
    period_end: datetime.date,
    method: str,
    rule: str = "",
    service: Service | None = None,
    size: int,
    auditors: Sequence[Staff],
    moderators: Sequence[Staff] = (),
    moderation_percent: int = 20,
    submission_token: uuid.UUID | None = None,
    today: datetime.date | None = None,
    seed: int | None = None,
) -> tuple[AuditProgramme, bool]:
    """Draw a programme's sample and assign its auditors; (programme, created).

    The families are drawn with a recorded seed from the recorded population (open families,
    not audited in the last 12 months, narrowed by the rule), and each is given to an auditor
    who is not in its team, does not lead its service and does not supervise its worker. A
    share of the audits (`moderation_percent`, rounded up) is picked for moderation now;
    every audit graded inadequate is added when it is finished. All or nothing.
    """
    _require(permissions.can_manage_programmes(actor))
    scope = {"created_by": actor}
    existing = submission_find(AuditProgramme, submission_token, scope)
    if existing is not None:
        return existing, False
    today = today or timezone.localdate()
    rule = rule if method == AuditProgramme.Method.TARGETED else ""
    errors = _programme_errors(
        theme=theme,
        period_start=period_start,
        period_end=period_end,
        method=method,
        rule=rule,
        size=size,
        auditors=auditors,
        moderators=moderators,
        moderation_percent=moderation_percent,
    )
    if errors:
        raise ValidationError(errors)
    seed = seed if seed is not None else secrets.randbits(48)
    eligible = population.population(
        method=method,
        rule=rule,
        service=service,
        period_start=period_start,
        period_end=period_end,
        today=today,
    )
    try:
        chosen = sampling.choose(eligible, size, seed)
    except sampling.SampleTooLarge:
        if not eligible:
            message = (
                "There are no families to audit with these choices (families audited in "
                "the last 12 months are left out)"
            )
        else:
            message = (
                f"The sample of {size} families is larger than the {len(eligible)} "
                f"famil{'y' if len(eligible) == 1 else 'ies'} that can be audited (families "
                f"audited in the last 12 months are left out). Choose {len(eligible)} or fewer"
            )
        raise ValidationError({"requested_size": message}) from None
    families = Family.objects.select_related("team").in_bulk(chosen)
    auditor_list = sorted({a.pk: a for a in auditors}.values(), key=lambda a: a.pk)
    by_id = {a.pk: a for a in auditor_list}
    supervisees = _supervisees(list(by_id), today)
    assigned = sampling.assign(
        chosen,
        [a.pk for a in auditor_list],
        lambda a, f: auditor_conflict(by_id[a], families[f], supervisees) is not None,
    )
    if isinstance(assigned, sampling.Unassignable):
        family = families[assigned.family_id]
        raise ValidationError(
            {
                "auditors": f"None of the auditors chosen may audit the record of the "
                f"{family.name} family ({family.case_reference}): nobody audits their own "
                "team's or their own supervisees' work. Add an auditor from another team"
            }
        )
    moderated = set(sampling.choose_share(chosen, moderation_percent, seed))

    def save() -> AuditProgramme:
        programme = AuditProgramme(
            theme=theme.strip(),
            period_start=period_start,
            period_end=period_end,
            method=method,
            rule=rule,
            service=service,
            requested_size=size,
            seed=seed,
            drawn_on=today,
            population=eligible,
            population_size=len(eligible),
            moderation_percent=moderation_percent,
            created_by=actor,
            submission_token=submission_token,
        )
        programme.full_clean(exclude=["submission_token", "population"])
        programme.save()
        programme.auditors.set(auditor_list)
        programme.moderators.set(list(moderators))
        CaseAudit.objects.bulk_create(
            [
                CaseAudit(
                    programme=programme,
                    family_id=family_id,
                    team_id=families[family_id].team_id,
                    practitioner_id=families[family_id].allocated_worker_id,
                    auditor_id=assigned[family_id],
                    drawn_on=today,
                    for_moderation=family_id in moderated,
                )
                for family_id in chosen
            ]
        )
        return programme

    return submission_create(AuditProgramme, submission_token, scope, save)


def programme_close(
    *, actor: Staff, programme: AuditProgramme, now: datetime.datetime | None = None
) -> AuditProgramme:
    """Close a programme: its auditors' access to the families' records ends. Refused while
    a safeguarding alert raised in it is open."""
    _require(permissions.can_manage_programmes(actor))
    with transaction.atomic():
        row = AuditProgramme.objects.select_for_update().get(pk=programme.pk)
        if not row.is_open:
            return row
        if SafeguardingAlert.objects.filter(
            audit__programme=row, acknowledged_at__isnull=True
        ).exists():
            raise ValidationError({NON_FIELD_ERRORS: [OPEN_ALERTS]})
        row.status = AuditProgramme.Status.CLOSED
        row.closed_at = _now(now)
        row.full_clean(exclude=["population"])
        row.save(update_fields=["status", "closed_at", "updated_at"])
    return row


# --- The audit -----------------------------------------------------------------------------


def audit_save(
    *,
    actor: Staff,
    audit: CaseAudit,
    answers: Mapping[str, str],
    notes: Mapping[str, str] | None = None,
    grade: str,
    rationale: str,
    strengths: str = "",
    language_findings: int | None = None,
) -> CaseAudit:
    """Save the auditor's answers (by question UUID), overall grade and written rationale.

    Every active question needs an answer from its own scale: yes / no / not applicable for
    compliance, the four grades for quality; the overall grade needs its rationale.
    """
    _require(permissions.can_edit_audit(actor, audit))
    notes = notes or {}
    questions = [q for s in tool_sections() for q in s.questions.all()]
    errors: dict[str, str] = {}
    for question in questions:
        key = str(question.uuid)
        value = answers.get(key, "")
        allowed = (
            Compliance.values if question.kind == AuditQuestion.Kind.COMPLIANCE else Grade.values
        )
        if not value:
            errors[f"q_{key}"] = f"Answer: {question.text}"
        elif value not in allowed:
            errors[f"q_{key}"] = (
                GRADE_MESSAGE
                if question.kind == AuditQuestion.Kind.QUALITY
                else "Answer yes, no or not applicable"
            )
    rationale = _graded(
        grade, rationale, "rationale", "Write why you gave this overall grade", errors
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row = (
            CaseAudit.objects.select_for_update(of=("self",))
            .select_related("programme")
            .defer("programme__population")
            .get(pk=audit.pk)
        )
        _require(permissions.can_edit_audit(actor, row))
        existing = {a.question_id: a for a in row.answers.all()}
        for question in questions:
            key = str(question.uuid)
            answer = existing.get(question.pk) or AuditAnswer(audit=row, question=question)
            answer.answer = answers[key]
            answer.note = (notes.get(key) or "").strip()
            # Answered under today's words: kept with the answer if the tool is reworded.
            answer.question_text = question.text
            answer.section_title = question.section.title
            answer.save()
        row.grade = grade
        row.rationale = rationale
        row.strengths = (strengths or "").strip()
        if language_findings is not None:
            row.language_findings = language_findings
        if row.status == CaseAudit.Status.ASSIGNED:
            row.status = CaseAudit.Status.IN_PROGRESS
        row.full_clean(exclude=["programme", "family", "team", "auditor", "practitioner"])
        row.save()
    return row


def audit_share(
    *, actor: Staff, audit: CaseAudit, now: datetime.datetime | None = None
) -> CaseAudit:
    """Share the draft findings with the practitioner, who then sees them on their audit
    tasks and adds their reflection."""
    _require(permissions.can_edit_audit(actor, audit))
    if not audit.grade:
        raise ValidationError({NON_FIELD_ERRORS: ["Grade the audit before you share it"]})
    with transaction.atomic():
        row = CaseAudit.objects.select_for_update().get(pk=audit.pk)
        if row.status in {CaseAudit.Status.ASSIGNED, CaseAudit.Status.IN_PROGRESS}:
            row.status = CaseAudit.Status.SHARED
            row.shared_at = _now(now)
            row.save(update_fields=["status", "shared_at", "updated_at"])
    return row


def audit_reflect(
    *, actor: Staff, audit: CaseAudit, reflection: str, now: datetime.datetime | None = None
) -> CaseAudit:
    """The practitioner's reflection on the draft findings (it may be changed until the
    audit is finished)."""
    _require(permissions.can_reflect_on_audit(actor, audit))
    reflection = (reflection or "").strip()
    if not reflection:
        raise ValidationError({"reflection": "Write your reflection on the findings"})
    with transaction.atomic():
        row = CaseAudit.objects.select_for_update().get(pk=audit.pk)
        row.reflection = reflection
        row.reflection_by = actor
        row.reflected_at = _now(now)
        row.status = CaseAudit.Status.REFLECTED
        row.save(
            update_fields=["reflection", "reflection_by", "reflected_at", "status", "updated_at"]
        )
    return row


def audit_finish(
    *, actor: Staff, audit: CaseAudit, now: datetime.datetime | None = None
) -> CaseAudit:
    """Finish the audit: refused until the practitioner has reflected. Its grade becomes the
    final grade; an inadequate one always goes to moderation. The auditor's access to the
    family's record for the audit ends here."""
    _require(permissions.can_finish_audit(actor, audit))
    with transaction.atomic():
        row = CaseAudit.objects.select_for_update().get(pk=audit.pk)
        if not row.grade:
            raise ValidationError({NON_FIELD_ERRORS: ["Grade the audit before you finish it"]})
        if row.status != CaseAudit.Status.REFLECTED or not row.reflection:
            raise ValidationError({NON_FIELD_ERRORS: [NO_REFLECTION]})
        row.status = CaseAudit.Status.FINISHED
        row.finished_at = _now(now)
        row.finished_on = timezone.localdate(row.finished_at)
        row.finished_quarter = quarter_label(row.finished_on)
        row.final_grade = row.grade
        if row.grade == Grade.INADEQUATE:
            row.for_moderation = True
        row.save(
            update_fields=[
                "status",
                "finished_at",
                "finished_on",
                "finished_quarter",
                "final_grade",
                "for_moderation",
                "updated_at",
            ]
        )
    return row


def audit_moderate(
    *,
    actor: Staff,
    audit: CaseAudit,
    grade: str,
    reason: str,
    now: datetime.datetime | None = None,
) -> CaseAudit:
    """The moderator agrees (the same grade) or changes the grade, with a reason either way;
    the moderated grade becomes the final grade."""
    _require(permissions.can_moderate_audit(actor, audit))
    errors: dict[str, str] = {}
    reason = _graded(
        grade, reason, "reason", "Write the reason you agree with or change the grade", errors
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row = CaseAudit.objects.select_for_update().get(pk=audit.pk)
        if row.moderated_at is not None:
            raise ValidationError({NON_FIELD_ERRORS: ["This audit has already been moderated"]})
        row.moderator = actor
        row.moderated_grade = grade
        row.moderation_reason = reason
        row.moderated_at = _now(now)
        row.final_grade = grade
        row.save(
            update_fields=[
                "moderator",
                "moderated_grade",
                "moderation_reason",
                "moderated_at",
                "final_grade",
                "updated_at",
            ]
        )
    return row


# --- Safeguarding --------------------------------------------------------------------------


def alert_raise(
    *,
    actor: Staff,
    audit: CaseAudit,
    concern: str,
    submission_token: uuid.UUID | None = None,
) -> tuple[SafeguardingAlert, bool]:
    """Raise a safeguarding alert: it is on the team manager's and head of service's audit
    tasks as soon as it is saved, until one of them acknowledges it."""
    _require(permissions.can_raise_alert(actor, audit))
    scope = {"audit": audit, "raised_by": actor}
    existing = submission_find(SafeguardingAlert, submission_token, scope)
    if existing is not None:
        return existing, False
    concern = (concern or "").strip()
    if not concern:
        raise ValidationError({"concern": "Describe why the child may be at risk"})

    def save() -> SafeguardingAlert:
        alert = SafeguardingAlert(
            audit=audit, concern=concern, raised_by=actor, submission_token=submission_token
        )
        alert.full_clean(exclude=["submission_token"])
        alert.save()
        return alert

    return submission_create(SafeguardingAlert, submission_token, scope, save)


def alert_acknowledge(
    *,
    actor: Staff,
    alert: SafeguardingAlert,
    action_taken: str,
    now: datetime.datetime | None = None,
) -> SafeguardingAlert:
    """The team manager or head of service acknowledges the alert and says what they did."""
    _require(permissions.can_acknowledge_alert(actor, alert))
    action_taken = (action_taken or "").strip()
    if not action_taken:
        raise ValidationError({"action_taken": "Say what you have done about the concern"})
    with transaction.atomic():
        row = SafeguardingAlert.objects.select_for_update().get(pk=alert.pk)
        if row.acknowledged_at is None:
            row.acknowledged_by = actor
            row.acknowledged_at = _now(now)
            row.action_taken = action_taken
            row.save(
                update_fields=["acknowledged_by", "acknowledged_at", "action_taken", "updated_at"]
            )
    return row


# --- The audit tool ------------------------------------------------------------------------


def tool_question_create(
    *,
    actor: Staff,
    section: AuditSection,
    text: str,
    kind: str,
    criterion: str = "",
    hint: str = "",
) -> AuditQuestion:
    """Add a question to a section of the audit tool (quality assurance)."""
    _require(permissions.can_edit_tool(actor))
    errors: dict[str, str] = {}
    if kind not in AuditQuestion.Kind.values:
        errors["kind"] = "Choose compliance or quality"
    if criterion and criterion not in Criterion.values:
        errors["criterion"] = "Choose a restorative criterion from the list"
    if criterion and kind == AuditQuestion.Kind.COMPLIANCE:
        errors["criterion"] = "A restorative criterion is graded: make it a quality question"
    if errors:
        raise ValidationError(errors)
    position = section.questions.count() + 1
    question = AuditQuestion(
        section=section,
        text=(text or "").strip(),
        kind=kind,
        criterion=criterion,
        hint=(hint or "").strip(),
        position=position,
    )
    with transaction.atomic():
        question.full_clean()
        question.save()
    return question


def tool_question_set_active(
    *, actor: Staff, question: AuditQuestion, active: bool
) -> AuditQuestion:
    """Take a question out of the tool, or put it back (answers already given are kept)."""
    _require(permissions.can_edit_tool(actor))
    question.is_active = active
    question.save(update_fields=["is_active", "updated_at"])
    return question


def tool_question_reword(
    *, actor: Staff, question: AuditQuestion, text: str, hint: str = ""
) -> AuditQuestion:
    """Reword a question in place (quality assurance). Audits already answered keep the words
    they were answered under (stored with each answer); audits answered from now on, the new
    ones. A change of meaning is a new question, with the old one taken out."""
    _require(permissions.can_edit_tool(actor))
    text = (text or "").strip()
    hint = (hint or "").strip()
    if not text:
        raise ValidationError({"text": "Enter the question"})
    if len(text) > 300:
        raise ValidationError({"text": "The question must be 300 characters or fewer"})
    if len(hint) > 300:
        raise ValidationError({"hint": "The hint must be 300 characters or fewer"})
    with transaction.atomic():
        row = AuditQuestion.objects.select_for_update().get(pk=question.pk)
        clash = AuditQuestion.objects.filter(section_id=row.section_id, text__iexact=text)
        if clash.exclude(pk=row.pk).exists():
            raise ValidationError({"text": "This section already has a question with these words"})
        row.text = text
        row.hint = hint
        row.full_clean()
        row.save(update_fields=["text", "hint", "updated_at"])
    return row


def _section_title(title: str, *, renaming: AuditSection | None = None) -> str:
    """A section's title, trimmed: given, 200 characters at most, and no other section's in
    any case (a section being renamed may keep its own). Checked the same way whether the
    section is added or renamed."""
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Enter the section's title"})
    if len(title) > 200:
        raise ValidationError({"title": "The title must be 200 characters or fewer"})
    others = AuditSection.objects.filter(title__iexact=title)
    if renaming is not None:
        others = others.exclude(pk=renaming.pk)
    if others.exists():
        raise ValidationError({"title": f"The tool already has a section called {title}"})
    return title


def tool_section_rename(*, actor: Staff, section: AuditSection, title: str) -> AuditSection:
    """Retitle a section in place (quality assurance); answered audits keep the old title."""
    _require(permissions.can_edit_tool(actor))
    with transaction.atomic():
        row = AuditSection.objects.select_for_update().get(pk=section.pk)
        row.title = _section_title(title, renaming=row)
        row.full_clean()
        row.save(update_fields=["title", "updated_at"])
    return row


def tool_section_create(*, actor: Staff, title: str) -> AuditSection:
    """Add a section to the audit tool (quality assurance), after the others: an authority
    words its own framework. Its questions are added as any other."""
    _require(permissions.can_edit_tool(actor))
    with transaction.atomic():
        title = _section_title(title)
        last = AuditSection.objects.order_by("-position").values_list("position", flat=True)
        section = AuditSection(title=title, position=(last.first() or 0) + 1)
        section.full_clean()
        section.save()
    return section
