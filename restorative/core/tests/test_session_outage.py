"""A database outage while a session is saved is answered as an outage, not a bad request."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.db import OperationalError

from restorative.core.sessions import cached_db, db


@pytest.mark.django_db
@pytest.mark.parametrize("store", [db.SessionStore, cached_db.SessionStore])
def test_a_database_error_on_save_is_raised_as_itself(store: Any) -> None:
    session = store()
    session["x"] = 1
    session.save(must_create=True)
    session["x"] = 2
    with (
        mock.patch(
            "django.contrib.sessions.models.Session.save",
            side_effect=OperationalError("server closed the connection"),
        ),
        pytest.raises(OperationalError),
    ):
        session.save()


@pytest.mark.django_db
def test_a_session_ended_meanwhile_is_still_an_update_error() -> None:
    session = db.SessionStore()
    session["x"] = 1
    session.save(must_create=True)
    other = db.SessionStore(session_key=session.session_key)
    other.delete()
    session["x"] = 2
    with pytest.raises(UpdateError):
        session.save()
