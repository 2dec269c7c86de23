"""The cached database session store (with Redis), with database outages raised as such."""

from __future__ import annotations

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.cached_db import SessionStore as CachedSessionStore

from . import raise_outage


class SessionStore(CachedSessionStore):
    def save(self, must_create: bool = False) -> None:
        try:
            super().save(must_create=must_create)
        except UpdateError as error:
            raise_outage(error)
            raise
