"""The Django admin site shows no family record and no API token (DESIGN.md roles table).

The system administrator has no case role: the admin site would read, change and delete
families with no access event, and DRF's token admin showed every key in full and let an
administrator make a token for someone else, then act as them through the API.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.test import Client
from rest_framework.authtoken.models import Token, TokenProxy

from restorative.people.models import Family, Staff
from restorative.people.tests.factories import FamilyFactory, StaffFactory


def _family_data_models() -> set[type[models.Model]]:
    """Family, and every model that points at it through a chain of foreign keys."""
    found: set[type[models.Model]] = {Family}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            if model in found or model is Staff:
                continue
            for field in model._meta.get_fields():
                if field.is_relation and field.many_to_one and field.related_model in found:
                    found.add(model)
                    changed = True
                    break
    return found


def test_no_family_data_model_is_in_the_admin() -> None:
    family_data = _family_data_models()
    assert len(family_data) > 3, "the family record spans several models"
    registered = set(admin.site._registry) & family_data
    assert registered == set(), sorted(m._meta.label for m in registered)


def test_no_api_token_model_is_in_the_admin() -> None:
    assert Token not in admin.site._registry
    assert TokenProxy not in admin.site._registry


@pytest.fixture
def superuser_client(db: Any, client: Client) -> Client:
    person = StaffFactory(
        email="sysadmin@test.example",
        role=Staff.Role.SYSTEM_ADMIN,
        is_staff=True,
        is_superuser=True,
    )
    client.force_login(person)
    return client


def test_a_superuser_cannot_open_a_family_or_the_tokens_in_the_admin(
    superuser_client: Client,
) -> None:
    family = FamilyFactory()
    director = StaffFactory(email="director@test.example", role=Staff.Role.DIRECTOR)
    Token.objects.create(user=director)
    for url in (
        "/admin/people/family/",
        f"/admin/people/family/{family.pk}/change/",
        f"/admin/people/family/{family.pk}/delete/",
        "/admin/authtoken/tokenproxy/",
        "/admin/authtoken/tokenproxy/add/",
    ):
        assert superuser_client.get(url).status_code == 404, url
    index = superuser_client.get("/admin/")
    assert index.status_code == 200
    body = index.content.decode()
    assert "Families" not in body
    assert "Tokens" not in body


def test_an_administrator_setting_a_password_is_a_security_event(
    superuser_client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    import json
    import logging

    caplog.set_level(logging.INFO, logger="restorative.security")
    person = StaffFactory(email="worker@test.example")
    new = "plum kettle harbour lantern"
    response = superuser_client.post(
        f"/admin/people/staff/{person.pk}/password/",
        {"password1": new, "password2": new, "usable_password": "true"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(new)
    events = [
        json.loads(r.getMessage()) for r in caplog.records if r.name == "restorative.security"
    ]
    [event] = [e for e in events if e["event"] == "password_set_by_administrator"]
    assert event["account_id"] == str(person.pk)
    assert new not in caplog.text
