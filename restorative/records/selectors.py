"""What the records pages read: the rules, the holds, and what is due for disposal today."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, Max, OuterRef, Q, QuerySet
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
    count: int = 0  # access events: how many (families are counted by `ids`)

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
            "count": len(self.ids) if self.before is None else self.count,
            "held": self.held,
        }


def held_family_ids(organisation_id: int) -> set[int]:
    return set(
        holds_for(organisation_id).filter(family__isnull=False).values_list("family_id", flat=True)
    )


def held_types(organisation_id: int) -> set[str]:
    return set(
        holds_for(organisation_id).exclude(record_type="").values_list("record_type", flat=True)
    )


def due_for_disposal(organisation_id: int, today: datetime.date) -> list[Due]:
    """Every kind of record with what its rule makes due by `today`, holds taken out."""
    by_type = rules_by_type()
    held_ids, held_kinds = held_family_ids(organisation_id), held_types(organisation_id)
    cases = {
        kind: Due(kind, by_type.get(kind))
        for kind in (record_types.LOOKED_AFTER_CASE, record_types.CHILDREN_CASE)
    }
    looked_after = CaseEvent.objects.filter(family=OuterRef("pk"), kind=CaseEvent.Kind.LOOKED_AFTER)
    families = closed_families(organisation_id).annotate(
        youngest=Max("members__date_of_birth", filter=Q(members__kind=FamilyMember.Kind.CHILD)),
        looked_after=Exists(looked_after),
    )
    for pk, youngest, closed_on, was_looked_after in families.values_list(
        "pk", "youngest", "closed_on", "looked_after"
    ):
        kind = record_types.LOOKED_AFTER_CASE if was_looked_after else record_types.CHILDREN_CASE
        due = cases[kind]
        if due.rule is None or not rules.is_due(youngest or closed_on, due.rule.years, today):
            continue
        if pk in held_ids or kind in held_kinds:
            due.held += 1
        else:
            due.ids.append(pk)
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
    return [*cases.values(), events]


def held_family_uuids(organisation_id: int) -> list[uuid.UUID]:
    return list(
        holds_for(organisation_id)
        .filter(family__isnull=False)
        .values_list("family__uuid", flat=True)
    )
