"""Every read of complaints and compliments, already filtered to what the person may see
(`complaints.permissions`): a complaint about someone is never among theirs."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse

from restorative.people.models import Family, Service, Staff, Team

from ..models import Complaint, ComplaintElement, ComplaintStage, Compliment, ComplimentNotice
from . import permissions
from .timescales import Timeliness, timeliness


def complaints_for(user: Any) -> QuerySet[Complaint]:
    """The complaints this person may see, newest first, with their stages."""
    return (
        Complaint.objects.filter(permissions.complaints_visible_q(user))
        .select_related("team", "service")
        .prefetch_related(
            Prefetch("stages", queryset=ComplaintStage.objects.order_by("number")), "elements"
        )
        .order_by("-received_on", "-reference")
    )


def complaint_get(user: Any, complaint_uuid: uuid.UUID) -> Complaint:
    """One complaint, or 404 when it does not exist or the person may not see it."""
    complaint = (
        Complaint.objects.select_related("team", "service", "family", "recorded_by")
        .prefetch_related(
            "staff",
            "elements",
            Prefetch("stages", queryset=ComplaintStage.objects.prefetch_related("extensions")),
            "ombudsman_referrals",
        )
        .filter(uuid=complaint_uuid)
        .first()
    )
    if complaint is None or not permissions.can_view_complaint(user, complaint):
        raise Http404
    return complaint


def current_stage(complaint: Complaint) -> ComplaintStage | None:
    """The latest stage (read from the prefetched stages)."""
    stages = list(complaint.stages.all())
    return max(stages, key=lambda stage: stage.number) if stages else None


@dataclass(frozen=True)
class ComplaintRow:
    complaint: Complaint
    stage: ComplaintStage | None
    timeliness: Timeliness | None
    categories: list[str]


def complaint_rows(complaints: Any, *, today: datetime.date) -> list[ComplaintRow]:
    """One row per complaint for the list and exports: its stage, how that stage stands
    against its deadline, and its categories (no complainant details)."""
    rows = []
    for complaint in complaints:
        stage = current_stage(complaint)
        rows.append(
            ComplaintRow(
                complaint=complaint,
                stage=stage,
                timeliness=(
                    timeliness(
                        base_due=stage.base_due_on,
                        due=stage.final_due_on,
                        done_on=stage.responded_on,
                        today=today,
                    )
                    if stage
                    else None
                ),
                categories=sorted(
                    {element.get_category_display() for element in complaint.elements.all()}
                ),
            )
        )
    return rows


def complaint_choices_teams(user: Any) -> QuerySet[Team]:
    return Team.objects.select_related("service").order_by("service__name", "name")


def complaint_choices_services(user: Any) -> QuerySet[Service]:
    return Service.objects.order_by("name")


def complaint_choices_staff(user: Any) -> QuerySet[Staff]:
    """Our own staff who may be complained about (not partners, not administrators)."""
    return (
        Staff.objects.filter(is_active=True)
        .exclude(role__in=[Staff.Role.PARTNER, Staff.Role.SYSTEM_ADMIN])
        .select_related("team")
        .order_by("last_name", "first_name")
    )


def family_by_reference(reference: str) -> Family | None:
    """A family named by its case reference (the complaints manager types it in)."""
    reference = reference.strip()
    if not reference:
        return None
    return Family.objects.filter(case_reference__iexact=reference).first()


# --- Compliments ---------------------------------------------------------------------------


def compliments_for(user: Any) -> QuerySet[Compliment]:
    return (
        Compliment.objects.filter(permissions.compliments_visible_q(user))
        .select_related("team")
        .prefetch_related("staff")
        .order_by("-received_on", "-created_at")
    )


def compliment_get(user: Any, compliment_uuid: uuid.UUID) -> Compliment:
    compliment = (
        Compliment.objects.select_related("team")
        .prefetch_related("staff")
        .filter(uuid=compliment_uuid)
        .first()
    )
    if compliment is None or not permissions.can_view_compliment(user, compliment):
        raise Http404
    return compliment


def compliment_notices_for(user: Any) -> QuerySet[ComplimentNotice]:
    """The compliments this person has been told about, unread first."""
    return (
        ComplimentNotice.objects.filter(recipient=user)
        .select_related("compliment", "compliment__team")
        .prefetch_related("compliment__staff")
        .order_by(F("read_at").asc(nulls_first=True), "-compliment__received_on")
    )


def unread_compliment_count(user: Any) -> int:
    return ComplimentNotice.objects.filter(recipient=user, read_at__isnull=True).count()


def _as_source(complaint: Complaint) -> Any:
    from ..learning_sources import ResolvedSource

    outcomes = sorted(
        {
            f"{element.get_category_display()}: {element.get_outcome_display().lower()}"
            for element in complaint.elements.all()
            if element.outcome
        }
    )
    decided = "; ".join(outcomes) if outcomes else "no outcome yet"
    return ResolvedSource(
        title=f"Complaint {complaint.reference} ({decided})",
        url=reverse("evaluation:complaint_detail", kwargs={"complaint_uuid": complaint.uuid}),
        team=complaint.team,
    )


def complaint_learning_source(user: Any, complaint_uuid: uuid.UUID) -> Any:
    """A complaint's outcome as a finding (`learning_sources`): its title, page and team, or
    None when the person may not see the complaint (one about themselves included)."""
    complaint = (
        Complaint.objects.select_related("team")
        .prefetch_related("staff", "elements")
        .filter(uuid=complaint_uuid)
        .first()
    )
    if complaint is None or not permissions.can_view_complaint(user, complaint):
        return None
    return _as_source(complaint)


def complaint_learning_sources(user: Any, complaint_uuids: list[uuid.UUID]) -> dict[uuid.UUID, Any]:
    """The same for many complaints at once, through the list filter (two queries)."""
    complaints = (
        Complaint.objects.filter(permissions.complaints_visible_q(user), uuid__in=complaint_uuids)
        .select_related("team")
        .only("uuid", "reference", "team")
        .prefetch_related(
            Prefetch(
                "elements",
                queryset=ComplaintElement.objects.only("complaint_id", "category", "outcome"),
            )
        )
    )
    # Only what a title needs: a learning list names up to 75 findings on every page.
    return {complaint.uuid: _as_source(complaint) for complaint in complaints}
