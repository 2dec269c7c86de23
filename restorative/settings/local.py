"""Settings for a developer's machine: `make run`. Debug on, SQLite, demo data."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
