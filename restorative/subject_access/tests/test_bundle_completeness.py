"""Acceptance (issue 15): a subject access bundle for a child contains every row linked to them,
counted against the database, and no other family's rows.

The rows "linked to the child" are found here independently of the app's own list of sources:
by walking every model's foreign keys until they reach a family. So a model added later that
points at a family (directly or through a meeting, a plan, a complaint...) fails this test
until the bundle gathers it too.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models, transaction
from django.db.models import Count, Q

from restorative.core.models import AccessEvent
from restorative.people.models import Family, FamilyMember, Staff
from restorative.people.tests.factories import StaffFactory
from restorative.subject_access import selectors, services
from restorative.subject_access.models import SubjectAccessRequest

MAX_DEPTH = 6


def _paths_to_family(model: type[models.Model], depth: int = 0, seen: tuple = ()) -> list[str]:
    """Every lookup from `model` to a family through forward foreign keys."""
    if model is Family:
        return ["pk"] if depth == 0 else [""]
    if depth >= MAX_DEPTH or model in seen:
        return []
    paths = []
    for field in model._meta.concrete_fields:
        target = field.related_model
        if not field.is_relation or target is None or not isinstance(target, type):
            continue
        for rest in _paths_to_family(target, depth + 1, (*seen, model)):
            paths.append(f"{field.name}__{rest}" if rest else field.name)
    return paths


def _linked_models() -> dict[type[models.Model], list[str]]:
    found = {}
    for model in apps.get_models():
        if not model.__module__.startswith("restorative."):
            continue
        if model._meta.label in selectors.NOT_IN_BUNDLE:
            continue
        paths = _paths_to_family(model)
        if paths:
            found[model] = paths
    return found


def _ident(model: type[models.Model], row: dict[str, Any]) -> str:
    return str(row["uuid"]) if "uuid" in row else str(row["pk"])


def _linked_idents(model: type[models.Model], paths: list[str], families: Any) -> set[str]:
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(**{f"{path}__in" if path != "pk" else "pk__in": families})
    fields = ["pk", "uuid"] if any(f.name == "uuid" for f in model._meta.fields) else ["pk"]
    return {_ident(model, row) for row in model._default_manager.filter(query).values(*fields)}


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--scale", "small", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def test_every_model_linked_to_a_family_is_a_source_of_the_bundle() -> None:
    assert set(_linked_models()) == {source.model for source in selectors.SOURCES}


def _families_to_check() -> list[Family]:
    """The demo families with the most to gather, each for a different kind of record."""
    with_child = Family.objects.filter(members__kind=FamilyMember.Kind.CHILD)
    picks = [
        with_child.annotate(n=Count("meetings")).order_by("-n").first(),
        with_child.annotate(n=Count("plans")).order_by("-n").first(),
        with_child.annotate(n=Count("conversations")).order_by("-n").first(),
        with_child.annotate(n=Count("complaints")).order_by("-n").first(),
        with_child.annotate(n=Count("case_audits")).order_by("-n").first(),
        with_child.filter(
            pk__in=apps.get_model("evaluation", "SurveyResponse").objects.values("family")
        ).first(),
    ]
    return list({family.pk: family for family in picks if family is not None}.values())


def test_a_childs_bundle_holds_every_linked_row_and_no_other_familys(demo: None, db: Any) -> None:
    handler = StaffFactory(role=Staff.Role.QUALITY)
    linked = _linked_models()
    families = _families_to_check()
    assert len(families) >= 3
    kinds_seen: set[str] = set()
    for family in families:
        child = family.members.filter(kind=FamilyMember.Kind.CHILD).first()
        assert child is not None
        sar = services.subject_access_request_log(
            actor=handler,
            member=child,
            requester=SubjectAccessRequest.Requester.SUBJECT,
            received_on=family.created_at.date(),
        )
        bundle = services.subject_access_bundle_export(actor=handler, sar=sar, file_format="json")

        in_bundle: dict[str, set[str]] = {}
        for section in bundle["sections"]:
            for record in section["records"]:
                in_bundle.setdefault(record["record"], set()).add(record["id"])
        others = Family.objects.exclude(pk=family.pk)
        for model, paths in linked.items():
            label = model._meta.label
            mine = _linked_idents(model, paths, [family.pk])
            theirs = _linked_idents(model, paths, others.values("pk")) - mine
            got = in_bundle.get(label, set())
            assert got == mine, f"{label}: {len(got)} in the bundle, {len(mine)} in the database"
            assert not got & theirs, f"{label}: another family's rows in the bundle"
            assert bundle["counts"].get(label, 0) == len(mine)
            if mine:
                kinds_seen.add(label)

        # The access trail: every event about this family (the request and this download
        # included), none about another.
        events = {
            str(pk)
            for pk in AccessEvent.objects.filter(family_uuid=family.uuid).values_list(
                "pk", flat=True
            )
        }
        assert in_bundle.get("core.AccessEvent", set()) == events
        assert events  # at least the request and its download
    # The check covers the record kinds the demo holds for these families.
    assert len(kinds_seen) >= 20, sorted(kinds_seen)
