"""Settings for the test suite: fast password hashing, everything else as in production use."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The test database is a file, not SQLite's shared in-memory database. Under pytest-django's
# live server the in-memory database is one connection shared by every request thread, so two
# requests at once (a language suggestion while a meeting is saved) collided inside it
# ("cannot open savepoint - SQL statements in progress"). A file gives each thread its own
# connection with the WAL, busy-timeout and IMMEDIATE options of `make run` (base.py), as in
# real use. One file per test run (the process id), so runs side by side never share one.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"restorative-test-{os.getpid()}.sqlite3"),
    }

# Tests run background tasks inline unless a test names a broker itself (the Celery worker
# test gives CELERY_BROKER_URL to its worker): a REDIS_URL in the environment is for the cache.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")  # noqa: F405
# Never a real Notify key in tests: the Celery worker test passes its fake one by this name.
NOTIFY_API_KEY = env("TEST_NOTIFY_API_KEY", default="")  # noqa: F405
