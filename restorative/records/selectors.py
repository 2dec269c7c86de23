"""What the records pages read: the rules, the holds, and what is due for disposal today."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from restorative.core.access_disposal import access_events_before
from restorative.people.models import Family, FamilyMember
from restorative.practice.models import CaseEvent

from . import record_types, rules
from .models import DisposalRun, DisposedFamily, LegalHold, RetentionRule


def rules_by_type() -> dict[str, RetentionRule]:
    return {rule.record_type: rule for rule in RetentionRule.objects.all()}


def holds_for(organisation_id: int, *, active: bool = True) -> QuerySet[LegalHold]:
    holds = LegalHold.objects.filter(organisation_id=organisation_id).select_related(
        "family", "placed_by", "lifted_by"
    )
    return holds.filter(lifted_at__isnull=active)


def runs_for(organisation_id: int) -> QuerySet[DisposalRun]:
    return DisposalRun.objects.filter(organisation_id=organisation_id).select_related(
        "proposed_by", "approved_by"
    )


def run_get(organisation_id: int, run_uuid: uuid.UUID) -> DisposalRun:
    return runs_for(organisation_id).get(uuid=run_uuid)


def closed_families(organisation_id: int) -> QuerySet[Family]:
    return Family.objects.filter(
        status=Family.Status.CLOSED, team__service__organisation_id=organisation_id
    ).exclude(pk__in=DisposedFamily.objects.values("family_id"))


@dataclass
class Due:
    """One kind of record: how many are past their period today, and how many a hold keeps."""

    record_type: str
    rule: RetentionRule | None
    ids: list[int] = field(default_factory=list)
    held: int = 0
    before: datetime.datetime | None = None  # access events: the cut-off
    count: int = 0  # how many are due and not held

    @property
    def label(self) -> str:
        return record_types.RECORD_TYPES[self.record_type].label

    def summary(self) -> dict[str, Any]:
        kind = record_types.RECORD_TYPES[self.record_type]
        return {
            "record_type": self.record_type,
            "label": kind.label,
            "trigger": kind.trigger,
            "rule_years": self.rule.years if self.rule else None,
            "basis": self.rule.basis if self.rule else "",
            "action": kind.action,
            "count": self.count,
            "held": self.held,
        }


def held_types(organisation_id: int) -> set[str]:
    return set(
        holds_for(organisation_id).exclude(record_type="").values_list("record_type", flat=True)
    )


def due_families(
    organisation_id: int, kind: str, years: int, today: datetime.date
) -> QuerySet[Family]:
    """Closed families of `kind` whose period of `years` has ended by `today`, filtered in the
    database so the records page costs the same at 600 families as at 50,000.

    The period runs from the youngest child's date of birth, or from the closing date where no
    child's birth date is known; a family with neither is never due."""
    looked_after = Exists(
        CaseEvent.objects.filter(family=OuterRef("pk"), kind=CaseEvent.Kind.LOOKED_AFTER)
    )
    return (
        closed_families(organisation_id)
        .annotate(
            trigger=Coalesce(
                Max("members__date_of_birth", filter=Q(members__kind=FamilyMember.Kind.CHILD)),
                "closed_on",
            )
        )
        .filter(
            looked_after if kind == record_types.LOOKED_AFTER_CASE else ~looked_after,
            trigger__lte=rules.latest_due_trigger(today, years),
        )
    )


def due_for_disposal(
    organisation_id: int, today: datetime.date, *, with_ids: bool = True
) -> list[Due]:
    """Every kind of record with what its rule makes due by `today`, holds taken out.

    `with_ids=False` only counts (the records page); a disposal run needs the ids."""
    by_type = rules_by_type()
    held_kinds = held_types(organisation_id)
    on_hold = Q(pk__in=holds_for(organisation_id).filter(family__isnull=False).values("family_id"))
    cases = []
    for kind in (record_types.LOOKED_AFTER_CASE, record_types.CHILDREN_CASE):
        due = Due(kind, by_type.get(kind))
        cases.append(due)
        if due.rule is None:
            continue
        families = due_families(organisation_id, kind, due.rule.years, today)
        if kind in held_kinds:
            due.held = families.count()
            continue
        free = families.exclude(on_hold)
        if with_ids:
            due.ids = list(free.order_by("pk").values_list("pk", flat=True))
            due.count = len(due.ids)
        else:
            due.count = free.count()
        due.held = families.filter(on_hold).count()
    events = Due(record_types.ACCESS_EVENTS, by_type.get(record_types.ACCESS_EVENTS))
    if events.rule is not None:
        last = rules.latest_due_trigger(today, events.rule.years)
        events.before = timezone.make_aware(
            datetime.datetime.combine(last + rules.ONE_DAY, datetime.time.min)
        )
        everything = access_events_before(events.before, actor_organisation_id=organisation_id)
        if record_types.ACCESS_EVENTS in held_kinds:
            events.held, events.count = everything.count(), 0
        else:
            keep = held_family_uuids(organisation_id)
            events.count = (
                everything.exclude(family_uuid__in=keep).count() if keep else everything.count()
            )
            events.held = everything.count() - events.count
    return [*cases, events]


def held_family_uuids(organisation_id: int) -> list[uuid.UUID]:
    return list(
        holds_for(organisation_id)
        .filter(family__isnull=False)
        .values_list("family__uuid", flat=True)
    )


def family_by_case_reference(organisation_id: int, case_reference: str) -> Family | None:
    """The organisation's family with this case reference, for placing a hold on it."""
    return Family.objects.filter(
        case_reference=case_reference.strip(), team__service__organisation_id=organisation_id
    ).first()
