"""Session stores that let a database outage be what it is (issue 15, point 8).

Django's database session store turns any database error while saving a session into
`UpdateError`, which the session middleware answers with "400 Bad Request" as if the session
had been ended by a concurrent request. During an outage that tells a person their request
was bad. These stores re-raise the database error instead, so the person gets the service's
"Sorry, there is a problem" page (500), as for every other request during the outage, and
the request's own transaction has already been rolled back.
"""

from __future__ import annotations

from django.contrib.sessions.backends.base import UpdateError
from django.db import InterfaceError, OperationalError


def raise_outage(error: UpdateError) -> None:
    """Re-raise the database's own failure behind an UpdateError (the server gone, the line
    cut). A session ended meanwhile ("Forced update did not affect any rows", a plain
    DatabaseError) stays an UpdateError, as Django means it."""
    cause = error.__context__
    if isinstance(cause, (OperationalError, InterfaceError)):
        raise cause from None
