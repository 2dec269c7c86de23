"""Who may do what with case-file audits (policy §8, §5 accountability). One rulebook.

- Quality assurance runs programmes (draws samples, assigns auditors and moderators, edits
  the audit tool, closes programmes) and reads every audit; the director reads every audit.
- An auditor works on the audits assigned to them. They read the family's record *for the
  audit* only while the audit is open (`can_read_record_for_audit`): after it is finished, or
  the programme closed, the record answers 404 unless they may see the family anyway.
- "Audit with, not to": the practitioner whose work is audited reads their audits once the
  draft is shared and adds their reflection; their team manager and head of service read the
  team's audits once shared.
- A moderator reads and moderates the finished audits picked for moderation in the programmes
  they moderate, never one they audited or one of their own team's.
- The auditor, or quality assurance, may invite the family's feedback from an open audit;
  the answers are read beside the findings under the feedback rule (team manager and
  quality assurance; the practitioner only if the person agreed).
- Safeguarding alerts reach the team manager of the family's team and the head of its
  service, who acknowledge them; quality assurance reads them all.
- Reports (figures only, no family) follow the organisation scope: quality assurance and the
  director everything, a head of service their service, a team manager their team.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from restorative.core.scope import Extent, Reach, Rule, is_active_user
from restorative.people.models import Staff

from ..models import AuditProgramme, CaseAudit, SafeguardingAlert

Role = Staff.Role

SHARED_STATUSES = (
    CaseAudit.Status.SHARED,
    CaseAudit.Status.REFLECTED,
    CaseAudit.Status.FINISHED,
)
# Who reads a team's audits once shared, and the reports: how far each role reaches.
AUDIT_READ_RULE = Rule(
    "read case-file audits",
    {
        Role.QUALITY: Extent.ORGANISATION,
        Role.DIRECTOR: Extent.ORGANISATION,
        Role.HEAD_OF_SERVICE: Extent.SERVICE,
        Role.TEAM_MANAGER: Extent.TEAM,
    },
)
# Who a safeguarding alert reaches: the family's team manager and head of service.
ALERT_RULE = Rule(
    "safeguarding alerts from audits",
    {
        Role.QUALITY: Extent.ORGANISATION,
        Role.HEAD_OF_SERVICE: Extent.SERVICE,
        Role.TEAM_MANAGER: Extent.TEAM,
    },
)
ALERT_ACKNOWLEDGERS = frozenset({Role.HEAD_OF_SERVICE, Role.TEAM_MANAGER})
NOT_AUDIT_USERS = frozenset({Role.PARTNER, Role.SYSTEM_ADMIN})


def _staff(user: Any) -> bool:
    return is_active_user(user) and user.role not in NOT_AUDIT_USERS


def audit_read_reach(user: Any) -> Reach:
    return AUDIT_READ_RULE.reach(user) if _staff(user) else Reach()


def can_use_audits(user: Any) -> bool:
    """The case-file audits page lists each person's own tasks (audits to do, reflections to
    add, alerts to acknowledge), so every member of our staff with a case role may open it."""
    return _staff(user) and user.role != Role.WORKFORCE


def can_manage_programmes(user: Any) -> bool:
    """Drawing samples, assigning auditors, editing the audit tool, closing programmes."""
    return _staff(user) and user.role == Role.QUALITY


def can_edit_tool(user: Any) -> bool:
    """The audit tool's sections and questions are quality assurance's to word."""
    return can_manage_programmes(user)


def programmes_visible_q(user: Any) -> Q:
    """Filter on AuditProgramme: QA and the director every programme; an auditor or moderator
    the programmes they take part in."""
    if not _staff(user):
        return Q(pk__in=[])
    if user.role in {Role.QUALITY, Role.DIRECTOR}:
        return Q()
    return Q(
        pk__in=AuditProgramme.objects.filter(Q(auditors=user) | Q(moderators=user)).values("pk")
    )


def can_view_programme(user: Any, programme: AuditProgramme) -> bool:
    if not _staff(user):
        return False
    if user.role in {Role.QUALITY, Role.DIRECTOR}:
        return True
    return (
        programme.auditors.filter(pk=user.pk).exists()
        or programme.moderators.filter(pk=user.pk).exists()
    )


def audits_visible_q(user: Any) -> Q:
    """Filter on CaseAudit: every audit a person may open (never the family's record itself,
    which is `can_read_record_for_audit`)."""
    if not _staff(user):
        return Q(pk__in=[])
    shared = Q(status__in=SHARED_STATUSES)
    q = Q(auditor=user) | (shared & Q(practitioner=user))
    q |= shared & Q(practitioner__isnull=True, team_id=user.team_id, team__isnull=False)
    q |= (
        Q(
            status=CaseAudit.Status.FINISHED,
            for_moderation=True,
            programme__in=AuditProgramme.objects.filter(moderators=user).values("pk"),
        )
        & ~Q(auditor=user)
        & ~Q(team_id=user.team_id)
    )
    if user.role == Role.QUALITY:
        return Q()
    reach = audit_read_reach(user)
    if reach.any:
        q |= shared & reach.q(team="team")
    return q


def audit_view_basis(user: Any, audit: CaseAudit) -> str | None:
    """Why `user` may read this audit's findings (written to the family's access trail), or
    None when they may not: the object check of `audits_visible_q`, read in Python."""
    if not _staff(user):
        return None
    shared = audit.status in SHARED_STATUSES
    if audit.auditor_id == user.pk:
        return "auditor"
    if shared and audit.practitioner_id == user.pk:
        return "practitioner whose work is audited"
    if shared and audit.practitioner_id is None and user.team_id == audit.team_id:
        return "member of the family's team"
    if can_moderate_audit(user, audit, check_due=False):
        return "moderator"
    if user.role == Role.QUALITY:
        return "quality assurance (audit)"
    if shared and audit_read_reach(user).allows(audit, team="team"):
        return "audit findings for their team or service"
    return None


def can_view_audit(user: Any, audit: CaseAudit) -> bool:
    """The object check of `audits_visible_q` (same rule, read in Python)."""
    return audit_view_basis(user, audit) is not None


def can_edit_audit(user: Any, audit: CaseAudit) -> bool:
    """The auditor answers, grades and writes findings until the audit is finished."""
    return _staff(user) and audit.auditor_id == user.pk and audit.is_open


def can_read_record_for_audit(user: Any, audit: CaseAudit) -> bool:
    """The auditor reads the family's record for the audit only while it is open."""
    return can_edit_audit(user, audit)


def can_invite_family_from_audit(user: Any, audit: CaseAudit) -> bool:
    """Audit with, not to (issue 12 point 3): while the audit is open, its auditor, or
    quality assurance, may ask the family how the work felt to them through the feedback
    links. The auditor is from another team and may not invite after the family's meetings
    (that is the practitioner's), so this is a rule of its own, tied to the audit."""
    if not _staff(user) or not audit.is_open:
        return False
    return bool(audit.auditor_id == user.pk or user.role == Role.QUALITY)


def can_share_audit(user: Any, audit: CaseAudit) -> bool:
    return can_edit_audit(user, audit) and bool(audit.grade)


def _is_reflector(user: Any, audit: CaseAudit) -> bool:
    if audit.practitioner_id is not None:
        return bool(audit.practitioner_id == user.pk)
    return bool(user.role == Role.TEAM_MANAGER and user.team_id == audit.team_id)


def can_reflect_on_audit(user: Any, audit: CaseAudit) -> bool:
    """The practitioner (or, for an unallocated family, the team manager) adds a reflection
    once the draft is shared and until the audit is finished."""
    return (
        _staff(user)
        and audit.is_open
        and audit.status in {CaseAudit.Status.SHARED, CaseAudit.Status.REFLECTED}
        and _is_reflector(user, audit)
    )


def can_finish_audit(user: Any, audit: CaseAudit) -> bool:
    """Only the auditor finishes; the service refuses it without a reflection."""
    return can_edit_audit(user, audit)


def moderation_conflict(user: Any, audit: CaseAudit) -> bool:
    """A moderator never moderates their own audit or their own team's family."""
    return bool(audit.auditor_id == user.pk or (user.team_id and user.team_id == audit.team_id))


def can_moderate_audit(user: Any, audit: CaseAudit, *, check_due: bool = True) -> bool:
    """A programme's moderator agrees or changes the grade of an audit picked for moderation."""
    if not _staff(user) or not audit.for_moderation:
        return False
    if audit.status != CaseAudit.Status.FINISHED or moderation_conflict(user, audit):
        return False
    if check_due and (audit.moderated_at is not None or not audit.programme.is_open):
        return False
    return audit.programme.moderators.filter(pk=user.pk).exists()


def can_raise_alert(user: Any, audit: CaseAudit) -> bool:
    """The auditor raises a safeguarding alert at once from any open audit."""
    return can_edit_audit(user, audit)


def alerts_visible_q(user: Any) -> Q:
    """Filter on SafeguardingAlert: the family's team manager and head of service, quality
    assurance, and the auditor who raised it."""
    if not _staff(user):
        return Q(pk__in=[])
    reach = ALERT_RULE.reach(user)
    if reach.organisation:
        return Q()  # (an empty Q would vanish from the "or" below, leaving only the raised)
    return reach.q(team="audit__team") | Q(raised_by=user)


def can_acknowledge_alert(user: Any, alert: SafeguardingAlert) -> bool:
    """The team manager of the family's team or the head of its service acknowledges it."""
    if not _staff(user) or user.role not in ALERT_ACKNOWLEDGERS or not alert.is_open:
        return False
    return ALERT_RULE.reach(user).allows(alert.audit, team="team")


def can_view_reports(user: Any) -> bool:
    """Audit grades by theme, team, service and period (figures only)."""
    return audit_read_reach(user).any


def report_teams_q(user: Any) -> Q:
    """Filter on CaseAudit for the reports: the teams in the person's reach."""
    return audit_read_reach(user).q(team="team")
