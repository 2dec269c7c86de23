"""Production settings. Requires DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS in the environment.

`DJANGO_SETTINGS_MODULE=restorative.settings.production manage.py check --deploy
--fail-level WARNING` passes once those two are given.
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")

SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# The load balancer's liveness and readiness checks may come over plain HTTP from inside the
# network: answer them rather than redirect (they hold nothing; restorative/core/probes.py).
SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^ready/$"]
# X-Forwarded-Proto is believed only behind a proxy we were told about (AXES_PROXY_COUNT,
# the same count the lockout uses): without one, any client could send the header and make a
# plain-HTTP request look secure.
if AXES_IPWARE_PROXY_COUNT > 0:  # noqa: F405 - from base
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Logs: every line to stdout as one JSON object, for the organisation's log platform to
# collect (restorative/core/logging.py says what a line holds, and what it never holds).
# Django's own handlers send errors to the console only with DEBUG on and otherwise by email
# to ADMINS, so without this a server error was written nowhere.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "restorative.core.logging.JsonLineFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        },
    },
    "root": {"handlers": ["stdout"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
        # Server errors only: every 4xx is already a line of the request log.
        "django.request": {"level": "ERROR"},
        # The request log, security events and the apps' own lines.
        "restorative": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        # Axes names the attempted username in its warnings; lockouts are security events
        # (restorative.security) with a one-way fingerprint of it instead.
        "axes": {"handlers": ["stdout"], "level": "ERROR", "propagate": False},
    },
}

# Error reports to the organisation's Sentry, when it has one. The SDK is loaded only then.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    from restorative.core.logging import sentry_init

    sentry_init(
        SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        release=env("SENTRY_RELEASE", default=""),
    )
