"""Helpers for the sign-in, session and security-event tests."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from restorative.people.tests.factories import TEST_PASSWORD, StaffFactory

SIGN_IN = "/sign-in/"
WRONG_PASSWORD = "not the right password at all"


def sign_in(client: Client, email: str, password: str = TEST_PASSWORD, **extra: Any) -> Any:
    """Post the sign-in form the way a browser does."""
    return client.post(SIGN_IN, {"username": email, "password": password}, **extra)


@pytest.fixture
def person(db: Any) -> Any:
    return StaffFactory(email="pat.practitioner@test.example")
