"""Reads of supervision (policy §6.4): dates for those who oversee it, sessions for the two
people only, and the case decisions on a family's record."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Q, QuerySet
from django.http import Http404

from restorative.people import permissions as people_permissions
from restorative.people.models import Family, Staff

from .. import permissions, supervision
from ..models import (
    SupervisionAgreement,
    SupervisionCaseDecision,
    SupervisionSession,
    SupervisionStandard,
)
from .lookup import get_or_404


def supervision_standard_steps() -> tuple[supervision.Step, ...]:
    """The organisation's supervision standard as the pure rules read it (one query).

    Empty (a database without the seeded rows) gives the LGA figures, so nobody is ever
    without a standard."""
    rows = SupervisionStandard.objects.order_by("applies_to", "id").values_list(
        "applies_to", "frequency", "until_amount", "until_unit"
    )
    steps = tuple(
        supervision.Step(applies_to, supervision.Frequency(frequency), amount, unit)
        for applies_to, frequency, amount, unit in rows
    )
    return steps or supervision.LGA_STANDARD


def supervision_standard_rows() -> list[SupervisionStandard]:
    """The standard's rows for the page that shows and changes them: ASYE first, each
    group's steps in the order they apply, the open step last."""
    rows = list(SupervisionStandard.objects.all())
    order: dict[str, int] = {
        SupervisionStandard.AppliesTo.ASYE: 0,
        SupervisionStandard.AppliesTo.EVERYONE: 1,
    }
    return sorted(
        rows,
        key=lambda r: (
            order.get(r.applies_to, 2),
            r.until_amount is None,
            (r.until_amount or 0) * (4.35 if r.until_unit == r.Unit.MONTHS else 1),
        ),
    )


def supervision_standard_get(standard_uuid: uuid.UUID | str) -> SupervisionStandard:
    """One step of the standard, or 404."""
    return get_or_404(SupervisionStandard.objects.all(), uuid=standard_uuid)


@dataclass(frozen=True)
class SupervisionRow:
    """One supervisee's supervision dates, worked out by the pure standard."""

    agreement: SupervisionAgreement
    last_held_on: datetime.date | None
    due_on: datetime.date
    standard: supervision.Frequency
    overdue: bool
    days_overdue: int
    # An ASYE without a start date: the strictest step applies until it is recorded.
    start_date_missing: bool = False


def agreement_due_on(agreement: Any, *, steps: tuple[supervision.Step, ...]) -> datetime.date:
    """The day the agreement's next supervision is due under `steps` (the organisation's
    standard: `supervision_standard_steps`). The agreement carries `last_held_on` (annotated)
    and its supervisee; the governance names behind the supervision figure use this too."""
    person = agreement.supervisee
    return supervision.next_due_on(
        last_held_on=agreement.last_held_on,
        agreement_started_on=agreement.started_on,
        agreed=agreement.agreed_frequency,
        role=person.role,
        start_date=person.start_date,
        steps=steps,
    )


def _supervision_row(
    agreement: Any, *, today: datetime.date, steps: tuple[supervision.Step, ...]
) -> SupervisionRow:
    person = agreement.supervisee
    due_on = agreement_due_on(agreement, steps=steps)
    overdue = supervision.is_overdue(due_on=due_on, today=today)
    return SupervisionRow(
        agreement=agreement,
        last_held_on=agreement.last_held_on,
        due_on=due_on,
        standard=supervision.stricter(
            agreement.agreed_frequency,
            supervision.standard_on(
                role=person.role, start_date=person.start_date, on=today, steps=steps
            ),
        ),
        overdue=overdue,
        days_overdue=(today - due_on).days if overdue else 0,
        start_date_missing=supervision.start_date_missing(
            role=person.role, start_date=person.start_date
        ),
    )


def asye_without_start_date(user: Any) -> list[Staff]:
    """Newly qualified social workers (ASYE) `user` oversees (the compliance scope: a team
    manager their team, a head of service their service, the workforce team and the director
    everyone) whose start date is not recorded. Their supervision standard depends on it, so
    they are listed for the manager and the workforce team to put right (one query)."""
    if not permissions.can_view_supervision_overview(user):
        return []
    return list(
        Staff.objects.filter(
            permissions.compliance_staff_q(user),
            role=Staff.Role.ASYE,
            start_date__isnull=True,
            is_active=True,
        )
        .select_related("team")
        .order_by("last_name", "first_name", "id")
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
    steps = supervision_standard_steps()
    rows = [_supervision_row(a, today=today, steps=steps) for a in agreements]
    rows.sort(key=lambda r: (not r.overdue, r.due_on, r.agreement.supervisee.last_name))
    return rows


def supervisees_of(user: Any, *, today: datetime.date) -> list[SupervisionRow]:
    """The people `user` supervises now, with their dates."""
    agreements = _open_agreements().filter(supervisor_id=user.pk)
    steps = supervision_standard_steps()
    return sorted(
        (_supervision_row(a, today=today, steps=steps) for a in agreements),
        key=lambda r: (not r.overdue, r.due_on),
    )


def my_supervision(user: Any, *, today: datetime.date) -> SupervisionRow | None:
    """The supervisee's own open agreement and next due date, if they have one."""
    agreement = _open_agreements().filter(supervisee_id=user.pk).first()
    if agreement is None:
        return None
    return _supervision_row(agreement, today=today, steps=supervision_standard_steps())


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
    return get_or_404(
        SupervisionSession.objects.filter(
            permissions.supervision_sessions_visible_q(user)
        ).select_related("agreement__supervisor", "agreement__supervisee", "recorded_by"),
        uuid=session_uuid,
    )


def supervision_agreement_for_recording(
    user: Any, agreement_uuid: uuid.UUID | str
) -> SupervisionAgreement:
    """An open agreement `user` supervises, or 404."""
    return get_or_404(
        SupervisionAgreement.objects.filter(
            supervisor_id=user.pk, ended_on__isnull=True
        ).select_related("supervisee", "supervisor"),
        uuid=agreement_uuid,
    )


def supervision_agreement_for_managing(
    user: Any, agreement_uuid: uuid.UUID | str
) -> SupervisionAgreement:
    """An agreement whose supervisee `user` oversees (to end it), or 404."""
    agreement: SupervisionAgreement = get_or_404(
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
    return get_or_404(
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
        .select_related("team", "service", "partner_agency")
        .order_by("last_name", "first_name")
    )
    supervisors = (
        Staff.objects.filter(
            permissions.compliance_staff_q(user),
            role__in=[Staff.Role.TEAM_MANAGER, Staff.Role.HEAD_OF_SERVICE, Staff.Role.DIRECTOR],
            is_active=True,
        )
        .select_related("team", "service", "partner_agency")
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
