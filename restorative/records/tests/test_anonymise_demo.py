"""Anonymising the demo's fullest family: after it, no row of its record anywhere holds a
name of the family, while the counts the organisation reports stay, and other families are
untouched. Run on the demo data so every app's tables are there, as in production."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import models, transaction

from restorative.people.models import Family
from restorative.records.anonymise import anonymise, record_rows


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--scale", "small", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def texts(rows: dict[type[models.Model], set[Any]]) -> list[str]:
    """Every text value in these rows, each prefixed by its table and field."""
    found = []
    for model, ids in rows.items():
        names = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))
        ]
        for row in model._base_manager.filter(pk__in=ids).values(*names):
            found += [f"{model._meta.label}.{k}={v}" for k, v in row.items() if v]
    return found


@pytest.mark.django_db
def test_no_name_survives_anywhere_in_the_record_and_counts_stay(demo: None) -> None:
    families = Family.objects.all()
    fullest = max(families, key=lambda f: sum(len(ids) for ids in record_rows([f.pk]).values()))
    other = next(f for f in families if f.pk != fullest.pk)
    names = {fullest.name} | {
        name
        for member in fullest.members.all()
        for name in (member.first_name, member.last_name, member.preferred_name)
        if name
    }
    rows = record_rows([fullest.pk])
    assert len(rows) >= 8, (
        f"the demo's fullest family reaches only {sorted(m._meta.label for m in rows)}"
    )
    assert any(name in text for text in texts(rows) for name in names)  # the test can fail
    sizes = {model: len(ids) for model, ids in rows.items()}
    other_before = texts(record_rows([other.pk]))

    with transaction.atomic():
        anonymise([fullest.pk])

    after = record_rows([fullest.pk])
    assert {model: len(ids) for model, ids in after.items()} == sizes
    leaks = [text for text in texts(after) for name in names if name in text]
    assert leaks == []
    assert texts(record_rows([other.pk])) == other_before
