"""Anonymise a family's case record across every app, without knowing the apps.

Why generic: the case record is spread over many tables (members, meetings, views, plans,
reviews, feedback, complaints, audits...), and new ones will come. Everything that hangs from
the family by foreign keys, followed to the end, is the family's record; in each of those rows
every field that holds words or names is overwritten and every date of birth emptied, while
choices, dates of meetings, numbers and links stay, so the organisation's figures stay true.
A new table needs nothing here as long as it links to the family, or to something that does.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Case, ForeignObjectRel, Value, When

from restorative.people.models import Family

REMOVED = "[removed]"
# Fields that say who or when, not what: names of things in our own vocabulary.
PERSONAL_DATES = {"date_of_birth"}
# Tables reached from a family that are not the family's record: records management's own
# (a hold must say what it held, and why, after the hold is lifted).
NOT_THE_RECORD = {"records.LegalHold", "records.DisposedFamily"}


def record_rows(family_ids: list[int]) -> dict[type[models.Model], set[Any]]:
    """Every row of every table that hangs from these families, by primary key."""
    found: dict[type[models.Model], set[Any]] = {Family: set(family_ids)}
    queue: list[tuple[type[models.Model], set[Any]]] = [(Family, set(family_ids))]
    while queue:
        model, ids = queue.pop()
        # Hidden relations too (related_name="+"): survey invitations and answers link so.
        for relation in model._meta.get_fields(include_hidden=True):
            if not isinstance(relation, ForeignObjectRel) or relation.many_to_many:
                continue  # a forward field, or an M2M table that holds links only
            child = relation.related_model
            if not isinstance(child, type) or child._meta.label in NOT_THE_RECORD:
                continue
            linked = child._base_manager.filter(**{f"{relation.field.name}__in": ids})
            new = set(linked.values_list("pk", flat=True)) - found.get(child, set())
            if new:
                found[child] = found.get(child, set()) | new
                queue.append((child, new))
    return found


def unique_names(model: type[models.Model]) -> set[str]:
    """Fields that must stay different from row to row (alone or with others)."""
    names = {f.name for f in model._meta.concrete_fields if f.unique and not f.primary_key}
    for together in model._meta.unique_together:
        names.update(together)
    for constraint in model._meta.total_unique_constraints:
        names.update(constraint.fields)
    return names


def scrubbed_values(model: type[models.Model]) -> dict[str, Any]:
    """What each personal field of this table becomes (the same for every row)."""
    values: dict[str, Any] = {}
    unique = unique_names(model)
    for field in model._meta.concrete_fields:
        if field.primary_key or field.is_relation or field.choices or field.name in unique:
            continue
        if isinstance(field, models.DateField) and field.name in PERSONAL_DATES and field.null:
            values[field.name] = None
        elif isinstance(field, (models.CharField, models.TextField)):
            # What was empty stays empty, so rules about which fields are filled in (a
            # named owner *or* a family member, never both) still hold afterwards.
            values[field.name] = Case(
                When(**{f"{field.name}__isnull": True}, then=Value(None)),
                When(**{field.name: ""}, then=Value("")),
                default=Value(REMOVED[: field.max_length] if field.max_length else REMOVED),
                output_field=field,
            )
        elif isinstance(field, models.JSONField):
            values[field.name] = field.get_default() if field.has_default() else None
    return values


def anonymise(family_ids: list[int]) -> dict[str, int]:
    """Overwrite the personal fields of these families' whole record; returns rows per table.
    Runs inside the caller's transaction."""
    counts: dict[str, int] = {}
    for model, ids in record_rows(family_ids).items():
        values = scrubbed_values(model)
        rows = model._base_manager.filter(pk__in=ids)
        if values:
            rows.update(**values)
        unique = [
            field
            for field in model._meta.concrete_fields
            if field.name in unique_names(model)
            and isinstance(field, models.CharField)
            and not field.choices
        ]
        for pk in ids if unique else ():
            model._base_manager.filter(pk=pk).update(
                **{field.name: f"removed-{pk}"[: field.max_length] for field in unique}
            )
        counts[model._meta.label] = len(ids)
    return counts
