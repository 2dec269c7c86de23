"""Every write to complaints and compliments (issue 12 points 6 and 7).

Keyword-only, typed, each in one transaction, each checked with `full_clean()` plus the
procedure's own rules, raising Django's ValidationError keyed by field so the page and the
API show the same message and nothing is saved. Due dates are worked out here from the pure
rules in `timescales` and the organisation's `ComplaintTimescales`, and stored.

Opening or changing a complaint that names a family writes an access event first (privacy
rule 3); a complaint about no family is not part of anyone's case record.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from restorative.core.audit import access_event_record
from restorative.core.models import AccessEvent
from restorative.people.models import Family, Service, Staff, Team

from ..models import (
    Complaint,
    ComplaintElement,
    ComplaintStage,
    ComplaintTimescales,
    Compliment,
    ComplimentNotice,
    OmbudsmanReferral,
    StageExtension,
)
from . import permissions
from .timescales import Timescales, extension_problem, stage3_dates, stage_due

Role = Staff.Role

STAGE2_OFFICER_MESSAGE = "Enter the investigating officer: stage 2 cannot start without one"
STAGE2_INDEPENDENT_MESSAGE = (
    "Enter the independent person: stage 2 cannot start without one (regulation 17)"
)
EXTENSION_REASON_MESSAGE = "Enter the reason for the extension"
NOT_ALLOWED_MESSAGE = "Only the complaints manager can change complaints"


@dataclass(frozen=True)
class Rules:
    timescales: Timescales
    nation: str


def complaint_rules() -> Rules:
    """The organisation's timescales (the regulations' numbers when none are stored)."""
    stored = ComplaintTimescales.objects.order_by("-updated_at").first()
    if stored is None:
        return Rules(Timescales(), "ENG")
    return Rules(stored.as_rules(), stored.nation)


def _today() -> datetime.date:
    return timezone.localdate()


def _refuse_unless_manager(actor: Any, complaint: Complaint | None = None) -> None:
    allowed = (
        permissions.can_change_complaint(actor, complaint)
        if complaint is not None
        else permissions.can_manage_complaints(actor)
    )
    if not allowed:
        raise ValidationError(NOT_ALLOWED_MESSAGE)


def _audit(
    *,
    actor: Any,
    complaint: Complaint,
    action: str,
    request: HttpRequest | None,
    channel: str,
) -> None:
    if complaint.family_id is None:
        return
    family = complaint.family
    assert family is not None
    access_event_record(
        actor=actor,
        action=action,
        subject_type="complaint",
        subject_uuid=complaint.uuid,
        family_uuid=family.uuid,
        reason="complaints procedure",
        request=request,
        channel=channel,
    )


def _save_audited(
    record: Any,
    *,
    actor: Any,
    complaint: Complaint,
    request: HttpRequest | None,
    channel: str,
) -> None:
    """Check and save one change to a complaint (the complaint itself, a stage, an element,
    a referral or an extension) and write its access event: every step of the procedure ends
    the same way, so the rule that a change to a family's complaint is logged is kept once."""
    record.full_clean()
    record.save()
    _audit(
        actor=actor,
        complaint=complaint,
        action=AccessEvent.Action.CHANGE,
        request=request,
        channel=channel,
    )


def complaint_record_view(
    *,
    actor: Any,
    complaint: Complaint,
    request: HttpRequest | None = None,
    channel: str = "web",
    action: str = AccessEvent.Action.VIEW,
) -> None:
    """Write the access event for reading (or exporting) a complaint that names a family."""
    _audit(actor=actor, complaint=complaint, action=action, request=request, channel=channel)


def _future(
    day: datetime.date | None, field: str, label: str, errors: dict[str, list[str]]
) -> None:
    if day is not None and day > _today():
        errors.setdefault(field, []).append(f"{label} must be today or in the past")


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _next_reference(received_on: datetime.date) -> str:
    prefix = f"CMP-{received_on.year}-"
    count = Complaint.objects.filter(reference__startswith=prefix).count()
    number = count + 1
    while Complaint.objects.filter(reference=f"{prefix}{number:04d}").exists():
        number += 1
    return f"{prefix}{number:04d}"


def complaint_create(
    *,
    actor: Any,
    procedure: str,
    received_on: datetime.date | None,
    complainant_kind: str,
    complainant_name: str,
    complainant_contact: str = "",
    advocate_offer: str = "",
    team: Team | None,
    service: Service | None = None,
    staff: Sequence[Staff] = (),
    family: Family | None = None,
    summary: str,
    elements: Sequence[tuple[str, str]],
    request: HttpRequest | None = None,
    channel: str = "web",
) -> Complaint:
    """Record a complaint and start stage 1 on the day it was received.

    A child who complains must have the offer of an advocate recorded (regulation 6 and the
    duty to provide advocacy, Children Act 1989 s.26A); it is "not applicable" for anyone else.
    """
    _refuse_unless_manager(actor)
    errors: dict[str, list[str]] = {}
    if received_on is None:
        errors["received_on"] = ["Enter the date the complaint was received"]
    _future(received_on, "received_on", "The date received", errors)
    is_child = complainant_kind == Complaint.Complainant.CHILD
    if is_child and advocate_offer in ("", Complaint.AdvocateOffer.NOT_APPLICABLE):
        errors["advocate_offer"] = ["Say whether the child was offered an advocate"]
    if not is_child:
        if advocate_offer not in ("", Complaint.AdvocateOffer.NOT_APPLICABLE):
            errors["advocate_offer"] = [
                "An advocate is offered to a child who complains: choose 'not applicable'"
            ]
        advocate_offer = Complaint.AdvocateOffer.NOT_APPLICABLE
    if team is not None:
        if service is not None and team.service_id != service.pk:
            errors.setdefault("team", []).append("The team is not in the service chosen")
        service = team.service
    if service is None:
        errors.setdefault("team", []).append("Choose the team or service it is about")
    cleaned = [(c, d.strip()) for c, d in elements if c or d.strip()]
    if not cleaned:
        errors["elements"] = ["Add at least one thing complained about, with its category"]
    for category, description in cleaned:
        if category not in ComplaintElement.Category.values:
            errors.setdefault("elements", []).append("Choose a category for each element")
        if not description:
            errors.setdefault("elements", []).append("Describe each element complained about")
    _raise(errors)
    assert received_on is not None and service is not None
    rules = complaint_rules()
    with transaction.atomic():
        # Numbered inside the transaction (on SQLite it holds the write lock, so two at once
        # queue); elsewhere the unique reference refuses a clash rather than storing it twice.
        complaint = Complaint(
            reference=_next_reference(received_on),
            procedure=procedure,
            received_on=received_on,
            complainant_kind=complainant_kind,
            complainant_name=complainant_name.strip(),
            complainant_contact=complainant_contact.strip(),
            advocate_offer=advocate_offer,
            team=team,
            service=service,
            family=family,
            summary=summary.strip(),
            recorded_by=actor,
        )
        complaint.full_clean()
        complaint.save()
        complaint.staff.set(list(staff))
        for category, description in cleaned:
            element = ComplaintElement(
                complaint=complaint, category=category, description=description
            )
            element.full_clean()
            element.save()
        days = rules.timescales.stage1_days
        due = stage_due(received_on, days, rules.nation)
        ComplaintStage.objects.create(
            complaint=complaint,
            number=1,
            started_on=received_on,
            working_days=days,
            base_due_on=due,
            due_on=due,
        )
        _audit(
            actor=actor,
            complaint=complaint,
            action=AccessEvent.Action.CREATE,
            request=request,
            channel=channel,
        )
    return complaint


def stage_start(
    *,
    actor: Any,
    complaint: Complaint,
    number: int,
    started_on: datetime.date | None,
    investigating_officer: str = "",
    independent_person: str = "",
    request: HttpRequest | None = None,
    channel: str = "web",
) -> ComplaintStage:
    """Move a complaint to stage 2 (investigation) or stage 3 (review panel).

    Stage 2 is refused without an investigating officer and an independent person
    (regulation 17); a stage follows the one before it, which must have been answered; the
    corporate procedure has no review panel.
    """
    _refuse_unless_manager(actor, complaint)
    errors: dict[str, list[str]] = {}
    stages = {stage.number: stage for stage in complaint.stages.all()}
    if number not in (2, 3):
        errors["number"] = ["Choose stage 2 or stage 3"]
    elif number in stages:
        errors["number"] = [f"Stage {number} has already started"]
    elif number - 1 not in stages or stages[number - 1].responded_on is None:
        errors["number"] = [
            f"Record the stage {number - 1} response before starting stage {number}"
        ]
    if number == 3 and complaint.procedure == Complaint.Procedure.CORPORATE:
        errors["number"] = ["The corporate procedure has no stage 3 review panel"]
    if complaint.status == Complaint.Status.CLOSED:
        errors["number"] = ["The complaint is closed"]
    if started_on is None:
        errors["started_on"] = ["Enter the date the complainant asked for this stage"]
    _future(started_on, "started_on", "The date asked for", errors)
    if started_on and number - 1 in stages:
        before = stages[number - 1].responded_on
        if before and started_on < before:
            errors.setdefault("started_on", []).append(
                "The date asked for cannot be before the last stage's response"
            )
    if number == 2:
        if not investigating_officer.strip():
            errors["investigating_officer"] = [STAGE2_OFFICER_MESSAGE]
        if not independent_person.strip():
            errors["independent_person"] = [STAGE2_INDEPENDENT_MESSAGE]
    _raise(errors)
    assert started_on is not None
    rules = complaint_rules()
    days = rules.timescales.base_days(number)
    due = stage_due(started_on, days, rules.nation)
    with transaction.atomic():
        stage = ComplaintStage(
            complaint=complaint,
            number=number,
            started_on=started_on,
            working_days=days,
            base_due_on=due,
            due_on=due,
            investigating_officer=investigating_officer.strip(),
            independent_person=independent_person.strip(),
        )
        _save_audited(stage, actor=actor, complaint=complaint, request=request, channel=channel)
    return stage


def stage_extend(
    *,
    actor: Any,
    stage: ComplaintStage,
    reason: str,
    complainant_told_on: datetime.date | None,
    working_days: int | None,
    request: HttpRequest | None = None,
    channel: str = "web",
) -> StageExtension:
    """Give a stage more time (stage 1 up to 20 working days, stage 2 up to 65), with the
    reason and the date the complainant was told; the stage's due date moves with it."""
    complaint = stage.complaint
    _refuse_unless_manager(actor, complaint)
    rules = complaint_rules()
    errors: dict[str, list[str]] = {}
    if not reason.strip():
        errors["reason"] = [EXTENSION_REASON_MESSAGE]
    if complainant_told_on is None:
        errors["complainant_told_on"] = ["Enter the date the complainant was told"]
    else:
        _future(complainant_told_on, "complainant_told_on", "The date told", errors)
        if complainant_told_on < stage.started_on:
            errors.setdefault("complainant_told_on", []).append(
                "The date told cannot be before the stage started"
            )
    if stage.responded_on is not None:
        errors["working_days"] = ["This stage has been answered: it cannot be extended"]
    elif working_days is None:
        errors["working_days"] = ["Enter the stage's new number of working days"]
    else:
        problem = extension_problem(
            stage.number, stage.working_days, working_days, rules.timescales
        )
        if problem:
            errors["working_days"] = [problem]
    _raise(errors)
    assert complainant_told_on is not None and working_days is not None
    due = stage_due(stage.started_on, working_days, rules.nation)
    with transaction.atomic():
        extension = StageExtension(
            stage=stage,
            reason=reason.strip(),
            complainant_told_on=complainant_told_on,
            working_days=working_days,
            due_on=due,
            recorded_by=actor,
        )
        stage.working_days = working_days
        stage.due_on = due
        stage.save(update_fields=["working_days", "due_on", "updated_at"])
        _save_audited(extension, actor=actor, complaint=complaint, request=request, channel=channel)
    return extension


def stage_record(
    *,
    actor: Any,
    stage: ComplaintStage,
    responded_on: datetime.date | None = None,
    panel_held_on: datetime.date | None = None,
    report_sent_on: datetime.date | None = None,
    request: HttpRequest | None = None,
    channel: str = "web",
) -> ComplaintStage:
    """Record a stage's progress: the response (every stage) and, at stage 3, the panel and
    its report, each of which sets the next step's due date."""
    complaint = stage.complaint
    _refuse_unless_manager(actor, complaint)
    errors: dict[str, list[str]] = {}
    for field, value, label in (
        ("responded_on", responded_on, "The response date"),
        ("panel_held_on", panel_held_on, "The panel date"),
        ("report_sent_on", report_sent_on, "The report date"),
    ):
        _future(value, field, label, errors)
        if value is not None and value < stage.started_on:
            errors.setdefault(field, []).append(f"{label} cannot be before the stage started")
    if stage.number != 3 and (panel_held_on or report_sent_on):
        errors["panel_held_on"] = ["Only a stage 3 review has a panel and a report"]
    if stage.number == 3:
        panel = panel_held_on or stage.panel_held_on
        report = report_sent_on or stage.report_sent_on
        if report and not panel:
            errors.setdefault("report_sent_on", []).append("Record the panel before its report")
        if report and panel and report < panel:
            errors.setdefault("report_sent_on", []).append("The report cannot be before the panel")
        if responded_on and not report:
            errors.setdefault("responded_on", []).append(
                "Record the panel's report before the authority's response"
            )
        if responded_on and report and responded_on < report:
            errors.setdefault("responded_on", []).append(
                "The response cannot be before the panel's report"
            )
    if not (responded_on or panel_held_on or report_sent_on):
        errors[("responded_on" if stage.number != 3 else "panel_held_on")] = [
            "Enter at least one date"
        ]
    _raise(errors)
    rules = complaint_rules()
    with transaction.atomic():
        if responded_on:
            stage.responded_on = responded_on
        if stage.number == 3:
            stage.panel_held_on = panel_held_on or stage.panel_held_on
            stage.report_sent_on = report_sent_on or stage.report_sent_on
            dates = stage3_dates(
                stage.started_on,
                panel_held_on=stage.panel_held_on,
                report_sent_on=stage.report_sent_on,
                timescales=rules.timescales,
                nation=rules.nation,
            )
            stage.report_due_on = dates.report_due
            stage.response_due_on = dates.response_due
        _save_audited(stage, actor=actor, complaint=complaint, request=request, channel=channel)
    return stage


def element_decide(
    *,
    actor: Any,
    element: ComplaintElement,
    outcome: str,
    decided_on: datetime.date | None,
    request: HttpRequest | None = None,
    channel: str = "web",
) -> ComplaintElement:
    """Record an element's outcome (upheld, partly upheld, not upheld) at the current stage;
    a later stage may change it."""
    complaint = element.complaint
    _refuse_unless_manager(actor, complaint)
    errors: dict[str, list[str]] = {}
    if outcome not in ComplaintElement.Outcome.values:
        errors["outcome"] = ["Choose upheld, partly upheld or not upheld"]
    if decided_on is None:
        errors["decided_on"] = ["Enter the date of the decision"]
    else:
        _future(decided_on, "decided_on", "The date of the decision", errors)
        if decided_on < complaint.received_on:
            errors["decided_on"] = ["The decision cannot be before the complaint was received"]
    _raise(errors)
    stage_number = max((stage.number for stage in complaint.stages.all()), default=1)
    with transaction.atomic():
        element.outcome = outcome
        element.decided_on = decided_on
        element.decided_at_stage = stage_number
        _save_audited(element, actor=actor, complaint=complaint, request=request, channel=channel)
    return element


def complaint_restorative_record(
    *,
    actor: Any,
    complaint: Complaint,
    offered_on: datetime.date | None,
    accepted: bool | None,
    held_on: datetime.date | None,
    outcome: str = "",
    request: HttpRequest | None = None,
    channel: str = "web",
) -> Complaint:
    """The offer to resolve the complaint restoratively (policy §6.5): a restorative meeting
    offered, accepted or not, held, and what came of it."""
    _refuse_unless_manager(actor, complaint)
    errors: dict[str, list[str]] = {}
    if offered_on is None:
        errors["offered_on"] = ["Enter the date the restorative meeting was offered"]
    _future(offered_on, "offered_on", "The date offered", errors)
    _future(held_on, "held_on", "The date held", errors)
    if held_on is not None and not accepted:
        errors["held_on"] = ["A meeting can only be held once the offer is accepted"]
    if offered_on and held_on and held_on < offered_on:
        errors.setdefault("held_on", []).append("The meeting cannot be before the offer")
    if outcome.strip() and held_on is None:
        errors["outcome"] = ["Record the date the meeting was held before its outcome"]
    _raise(errors)
    with transaction.atomic():
        complaint.restorative_offered_on = offered_on
        complaint.restorative_accepted = accepted
        complaint.restorative_held_on = held_on
        complaint.restorative_outcome = outcome.strip()
        _save_audited(complaint, actor=actor, complaint=complaint, request=request, channel=channel)
    return complaint


def ombudsman_refer(
    *,
    actor: Any,
    complaint: Complaint,
    referred_on: datetime.date | None,
    decision: str = OmbudsmanReferral.Decision.PENDING,
    decided_on: datetime.date | None = None,
    request: HttpRequest | None = None,
    channel: str = "web",
) -> OmbudsmanReferral:
    """Record that the complainant went to the Ombudsman, and its decision when known."""
    _refuse_unless_manager(actor, complaint)
    errors: dict[str, list[str]] = {}
    if referred_on is None:
        errors["referred_on"] = ["Enter the date the Ombudsman was contacted"]
    _future(referred_on, "referred_on", "The date referred", errors)
    if decision not in OmbudsmanReferral.Decision.values:
        errors["decision"] = ["Choose the Ombudsman's decision"]
    elif decision != OmbudsmanReferral.Decision.PENDING and decided_on is None:
        errors["decided_on"] = ["Enter the date of the Ombudsman's decision"]
    _raise(errors)
    assert referred_on is not None
    with transaction.atomic():
        referral = OmbudsmanReferral(
            complaint=complaint, referred_on=referred_on, decision=decision, decided_on=decided_on
        )
        _save_audited(referral, actor=actor, complaint=complaint, request=request, channel=channel)
    return referral


def complaint_close(
    *,
    actor: Any,
    complaint: Complaint,
    closed_on: datetime.date | None,
    request: HttpRequest | None = None,
    channel: str = "web",
) -> Complaint:
    """Close a complaint once every element has an outcome and the last stage is answered."""
    _refuse_unless_manager(actor, complaint)
    errors: dict[str, list[str]] = {}
    if closed_on is None:
        errors["closed_on"] = ["Enter the date the complaint was closed"]
    _future(closed_on, "closed_on", "The date closed", errors)
    if any(not element.outcome for element in complaint.elements.all()):
        errors["closed_on"] = ["Record an outcome for every element before closing"]
    last = max(complaint.stages.all(), key=lambda stage: stage.number, default=None)
    if last is not None and last.responded_on is None:
        errors.setdefault("closed_on", []).append(
            f"Record the stage {last.number} response before closing"
        )
    if complaint.status == Complaint.Status.CLOSED:
        errors["closed_on"] = ["The complaint is already closed"]
    _raise(errors)
    with transaction.atomic():
        complaint.status = Complaint.Status.CLOSED
        complaint.closed_on = closed_on
        _save_audited(complaint, actor=actor, complaint=complaint, request=request, channel=channel)
    return complaint


# --- Compliments ---------------------------------------------------------------------------


def compliment_create(
    *,
    actor: Any,
    received_on: datetime.date | None,
    from_kind: str,
    from_name: str = "",
    team: Team | None,
    staff: Sequence[Staff] = (),
    theme: str,
    words: str,
) -> Compliment:
    """Record a compliment and tell the people it is about and their managers.

    The product sends staff no e-mail: each person told gets a `ComplimentNotice`, shown on
    their "Compliments for you" list until they mark it read. Who is told: every member of
    staff named, and the team manager(s) of each named person's team and of the team named
    (a manager named in it is told once, as its subject).
    """
    _refuse_unless_manager(actor)
    errors: dict[str, list[str]] = {}
    if received_on is None:
        errors["received_on"] = ["Enter the date the compliment was received"]
    _future(received_on, "received_on", "The date received", errors)
    if team is None and not staff:
        errors["team"] = ["Choose the team or the members of staff it is about"]
    if not words.strip():
        errors["words"] = ["Enter what they said"]
    _raise(errors)
    assert received_on is not None
    named = list(dict.fromkeys(staff))
    if team is None and len({person.team_id for person in named}) == 1:
        team = named[0].team
    with transaction.atomic():
        compliment = Compliment(
            received_on=received_on,
            from_kind=from_kind,
            from_name=from_name.strip(),
            team=team,
            theme=theme,
            words=words.strip(),
            recorded_by=actor,
        )
        compliment.full_clean()
        compliment.save()
        compliment.staff.set(named)
        team_ids = {person.team_id for person in named if person.team_id} | (
            {team.pk} if team else set()
        )
        managers = Staff.objects.filter(
            team_id__in=team_ids, role=Role.TEAM_MANAGER, is_active=True
        )
        notices = [
            ComplimentNotice(
                compliment=compliment, recipient=person, reason=ComplimentNotice.Reason.ABOUT_YOU
            )
            for person in named
        ]
        told = {person.pk for person in named}
        notices += [
            ComplimentNotice(
                compliment=compliment, recipient=manager, reason=ComplimentNotice.Reason.YOUR_TEAM
            )
            for manager in managers
            if manager.pk not in told
        ]
        ComplimentNotice.objects.bulk_create(notices)
    return compliment


def compliment_notices_mark_read(*, actor: Any, compliment_uuids: Sequence[Any] = ()) -> int:
    """Mark this person's notices read (all of them, or those for the compliments given)."""
    notices = ComplimentNotice.objects.filter(recipient=actor, read_at__isnull=True)
    if compliment_uuids:
        notices = notices.filter(compliment__uuid__in=list(compliment_uuids))
    return notices.update(read_at=timezone.now())


# --- The organisation's timescales ------------------------------------------------------------

TIMESCALE_FIELDS: dict[str, str] = {
    "stage1_days": "Stage 1 response",
    "stage1_max_days": "Stage 1 with an extension",
    "stage2_days": "Stage 2 investigation",
    "stage2_max_days": "Stage 2 with an extension",
    "stage3_panel_days": "Stage 3 panel",
    "stage3_report_days": "Stage 3 panel's report",
    "stage3_response_days": "Stage 3 authority's response",
}
NATIONS: dict[str, str] = {
    "ENG": "England",
    "WLS": "Wales",
    "SCT": "Scotland",
    "NIR": "Northern Ireland",
}


def complaint_timescales_set(*, actor: Any, nation: str, **days: int | None) -> Rules:
    """Set the organisation's complaint timescales in working days, and whose bank holidays
    count. The regulations' numbers are the longest allowed (an authority may set itself
    shorter ones, not longer); an extension's limit is at least the stage's own days. The new
    numbers apply to stages started or extended from now on: due dates already stored are
    not recounted (decision 0013). Every message at once; nothing saved on any of them."""
    if not permissions.can_change_complaint_timescales(actor):
        raise ValidationError("Only the complaints manager sets the complaint timescales")
    unknown = set(days) - set(TIMESCALE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown timescales: {sorted(unknown)}")
    errors: dict[str, list[str]] = {}
    statutory = Timescales()
    for field, label in TIMESCALE_FIELDS.items():
        value = days.get(field)
        most = getattr(statutory, field)
        if value is None:
            errors[field] = [f"Enter the working days for: {label.lower()}"]
        elif value < 1:
            errors[field] = [f"{label} must be 1 working day or more"]
        elif value > most:
            errors[field] = [
                f"{label} must be {most} working days or fewer: the regulations allow no longer"
            ]
    for base, longest in (("stage1_days", "stage1_max_days"), ("stage2_days", "stage2_max_days")):
        low, high = days.get(base), days.get(longest)
        if low is not None and high is not None and longest not in errors and high < low:
            errors[longest] = [
                f"{TIMESCALE_FIELDS[longest]} must be at least the "
                f"{TIMESCALE_FIELDS[base].lower()}'s {low} working days"
            ]
    if nation not in NATIONS:
        errors["nation"] = ["Choose whose bank holidays count"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row = ComplaintTimescales.objects.select_for_update().order_by("-updated_at").first()
        row = row or ComplaintTimescales()
        for field in TIMESCALE_FIELDS:
            setattr(row, field, days[field])
        row.nation = nation
        row.changed_by = actor
        row.full_clean()
        row.save()
    return Rules(row.as_rules(), row.nation)
