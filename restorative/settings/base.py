"""Settings shared by every environment.

Everything that differs between a laptop, CI and production comes from the environment
(django-environ); the per-environment modules only change defaults.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-local-development-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

SERVICE_NAME = env("RESTORATIVE_SERVICE_NAME", default="Restorative")
ORGANISATION_NAME = env("RESTORATIVE_ORGANISATION_NAME", default="Children's Services")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    # The second factor (docs/decisions/0022): authenticator apps (TOTP), recovery codes
    # (static codes) and passkeys. Before the project's apps, so people's admin module can
    # take their device admins off the admin site (secrets must not be shown there).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "restorative.core",
    "restorative.people",
    "restorative.practice",
    "restorative.language",
    "restorative.workforce",
    # Last: they read every earlier app (docs/architecture.md), and their demo data is seeded
    # after the earlier apps' (and reset before them) in this order.
    "restorative.evaluation",
    "restorative.governance",
    "restorative.subject_access",
    "restorative.records",
]

MIDDLEWARE = [
    # First, so its line has the status the client got and the time every layer took.
    "restorative.core.logging.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "restorative.core.middleware.AbsoluteSessionLimitMiddleware",
    "restorative.core.middleware.LoginRequiredMiddleware",
    # After sign-in is required: a person whose role (or organisation) needs a second factor
    # reaches nothing but sign-in, set-up and sign-out until they have given it.
    "restorative.people.mfa.middleware.SecondFactorMiddleware",
    "restorative.core.middleware.RefusedAccessLogMiddleware",
    "restorative.core.middleware.AuditUnavailableMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After MessageMiddleware: it adds a message when a form with checked fields is saved.
    "restorative.language.middleware.SavedTextSuggestionsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "restorative.core.middleware.NoStoreMiddleware",
    "restorative.core.middleware.PermissionsPolicyMiddleware",
    # Axes last, as its documentation asks: it answers locked-out sign-ins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "restorative.urls"
WSGI_APPLICATION = "restorative.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "restorative.core.context_processors.layout",
            ],
        },
    },
]

# Database: SQLite (WAL) by default; DATABASE_URL (postgres://...) for real use.
DATABASES = {
    "default": env.db(
        "DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            # WAL lets readers and one writer work at once; the pragmas run on every connection.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Our queries are short; PostgreSQL's JIT compiler spent longer compiling them (tens of
        # ms, measured on the large demo data) than running them.
        DATABASES["default"].setdefault("OPTIONS", {})
        DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "people.Staff"

# Cache (and sessions through it when Redis is present). /ready/ checks Redis when it is set.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("REDIS_URL"),
        }
    }
    SESSION_ENGINE = "restorative.core.sessions.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "restorative.core.sessions.db"

# Background work (docs/decisions/0012): Celery on Redis when REDIS_URL is set; without it
# `core.tasks.enqueue` runs tasks inline after commit. A separate Redis database number can be
# given for the broker (CELERY_BROKER_URL) so tests keep apart from the cache.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=env("REDIS_URL", default=""))
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_DEFAULT_QUEUE = "restorative"
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Celery beat (`celery -A restorative beat`), or from cron `manage.py feedback_housekeeping`
# (hourly) and `manage.py governance_snapshots` (nightly: last month and this month so far).
CELERY_BEAT_SCHEDULE = {
    "feedback-reminders": {"task": "evaluation.surveys.send_reminders", "schedule": 3600.0},
    "feedback-close-expired": {"task": "evaluation.surveys.close_expired", "schedule": 3600.0},
    "governance-snapshots": {
        "task": "governance.snapshot_recent_months",
        "schedule": crontab(hour=2, minute=30),
    },
    # The leaders' "Meetings due" counts by team (practice.services.due_counts, issue 16).
    "practice-count-meetings-due": {"task": "practice.count_meetings_due", "schedule": 300.0},
}

# Messages through GOV.UK Notify: sent only when an API key is configured. The templates are
# the organisation's own in Notify; each takes the personalisation named in
# restorative/evaluation/surveys/notify.py.
NOTIFY_API_KEY = env("NOTIFY_API_KEY", default="")
NOTIFY_BASE_URL = env("NOTIFY_BASE_URL", default="https://api.notifications.service.gov.uk")
NOTIFY_TEMPLATE_FEEDBACK_EMAIL = env("NOTIFY_TEMPLATE_FEEDBACK_EMAIL", default="")
NOTIFY_TEMPLATE_FEEDBACK_SMS = env("NOTIFY_TEMPLATE_FEEDBACK_SMS", default="")
NOTIFY_TEMPLATE_REMINDER_EMAIL = env("NOTIFY_TEMPLATE_REMINDER_EMAIL", default="")
NOTIFY_TEMPLATE_REMINDER_SMS = env("NOTIFY_TEMPLATE_REMINDER_SMS", default="")
# The address people reach the service at, for links in messages and on printed QR codes.
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", default="http://127.0.0.1:8000")
# Feedback links: valid for this many days; tries per minute from one address.
FEEDBACK_LINK_DAYS = env.int("FEEDBACK_LINK_DAYS", default=28)
FEEDBACK_TRIES_PER_MINUTE = env.int("FEEDBACK_TRIES_PER_MINUTE", default=30)
# The staff survey's one-time links: tries per minute from one address.
STAFF_SURVEY_LINK_TRIES_PER_MINUTE = env.int("STAFF_SURVEY_LINK_TRIES_PER_MINUTE", default=30)

# Passwords: Argon2 first (security.md item 7). No composition rules, no forced expiry.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "restorative.core.password_validation.RepetitionValidator"},
]
# A council's own list of breached or banned passwords (one a line, lower case, optionally
# gzipped), checked offline as well as Django's shipped list of 20,000 common passwords.
if env("PASSWORD_BREACHED_LIST_FILE", default=""):
    AUTH_PASSWORD_VALIDATORS.append(
        {
            "NAME": "django.contrib.auth.password_validation.CommonPasswordValidator",
            "OPTIONS": {"password_list_path": env("PASSWORD_BREACHED_LIST_FILE")},
        }
    )

AUTHENTICATION_BACKENDS = [
    # Axes first so that a locked-out username+IP is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    # Refuses a password before it is checked when single sign-on has switched them off.
    "restorative.people.sso.backends.PasswordsOffBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Single sign-on (restorative/people/sso); answers only its own callback.
    "restorative.people.sso.backends.StaffOIDCBackend",
]

# Single sign-on through the council's OpenID Connect provider (docs/decisions/0023): on
# once the issuer, a client id and its secret are given. The endpoints are read from the
# issuer's discovery document unless given one by one. Staff are matched, never created.
OIDC_OP_ISSUER = env("OIDC_ISSUER", default="")
OIDC_RP_CLIENT_ID = env("OIDC_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env("OIDC_CLIENT_SECRET", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env("OIDC_USERINFO_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_JWKS_URI", default="")
OIDC_OP_END_SESSION_ENDPOINT = env("OIDC_END_SESSION_ENDPOINT", default="")
OIDC_RP_SIGN_ALGO = env("OIDC_SIGN_ALGORITHM", default="RS256")
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT_SECONDS", default=10)
OIDC_CREATE_USER = False
OIDC_AUTHENTICATION_CALLBACK_URL = "sso:callback"
SSO_ENABLED = bool(OIDC_OP_ISSUER and OIDC_RP_CLIENT_ID and OIDC_RP_CLIENT_SECRET)
SSO_DISCOVERY_CACHE_SECONDS = 3600
# The sign-in button reads "Sign in with <SSO_PROVIDER_NAME>", e.g. "Camden Council".
SSO_PROVIDER_NAME = env("SSO_PROVIDER_NAME", default="your council account")
# With single sign-on on, passwords can be switched off for everyone but one system
# administrator, who can still sign in if the provider is down.
SSO_PASSWORDS_OFF = env.bool("SSO_PASSWORDS_OFF", default=False)
SSO_BREAK_GLASS_EMAIL = env("SSO_BREAK_GLASS_EMAIL", default="").strip().lower()
# An ID token whose `amr` holds one of these, or whose `acr` is one of these, counts as the
# second factor (decision 0023); otherwise ours is asked for as after a password.
SSO_MFA_AMR_VALUES = env.list("SSO_MFA_AMR_VALUES", default=["mfa"])
SSO_MFA_ACR_VALUES = env.list("SSO_MFA_ACR_VALUES", default=[])

LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"

# Sessions (security.md item 8): 30 minutes idle (the cookie is renewed on each request),
# 12 hours absolute (AbsoluteSessionLimitMiddleware).
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_LIMIT = timedelta(hours=12)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Sign-in lockout (security.md item 6): five failures on the same username from the same
# address lock that pair for the cool-off; a successful sign-in resets the count.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
# Count failures per account, whatever the capitals typed (emails are stored in lower case).
AXES_USERNAME_CALLABLE = "restorative.core.security.lockout_username"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
# Reads AXES_IPWARE_PROXY_COUNT itself (django-ipware is not installed, and without it axes
# would ignore the proxy count and lock everyone behind the load balancer together).
AXES_CLIENT_IP_CALLABLE = "restorative.core.security.client_ip_address"

# The second factor (docs/decisions/0022, restorative/people/mfa/). Wrong codes: after this
# many in the window, every code (right or wrong) is refused until the window ends; each
# device also slows down on its own (django-otp doubles its wait after each wrong code).
SECOND_FACTOR_FAILURE_LIMIT = env.int("SECOND_FACTOR_FAILURE_LIMIT", default=5)
SECOND_FACTOR_COOLOFF = timedelta(minutes=env.int("SECOND_FACTOR_COOLOFF_MINUTES", default=15))
SECOND_FACTOR_RECOVERY_CODES = 10
# The name an authenticator app shows beside the code.
OTP_TOTP_ISSUER = SERVICE_NAME
# Passkeys are a second factor only: never a way to sign in without the password (that would
# pass by the lockout). A browser offers them only on the host they were made for: set
# PASSKEY_RP_ID to the service's host name and PASSKEY_ALLOWED_ORIGINS to its https origin.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_RP_ID = env("PASSKEY_RP_ID", default="localhost")
OTP_WEBAUTHN_RP_NAME = SERVICE_NAME
OTP_WEBAUTHN_ALLOWED_ORIGINS = env.list(
    "PASSKEY_ALLOWED_ORIGINS", default=["http://localhost:8000"]
)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Where `collectstatic` gathers the files WhiteNoise serves in production.
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "build" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Content Security Policy: only our own origin. No third-party scripts, fonts or styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
if SSO_ENABLED:
    # Signing out is a form whose answer redirects to the provider's end-session page, and
    # browsers hold a form's redirects to form-action: allow the provider's origin there.
    # (A discovered end-session page on another origin than the issuer's needs
    # OIDC_END_SESSION_ENDPOINT set, so that its origin is known here.)
    _sso_origins = {
        "{0.scheme}://{0.netloc}".format(urlsplit(url))
        for url in (OIDC_OP_ISSUER, OIDC_OP_END_SESSION_ENDPOINT)
        if url
    }
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] += sorted(_sso_origins)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

REST_FRAMEWORK = {
    # Token first: the first class's challenge decides 401 (not 403) for anonymous callers.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "restorative.core.api_tokens.ApiTokenAuthentication",
        # A browser session counts only once its second factor was given, where one is
        # needed (docs/decisions/0022); a token is a factor of its own.
        "restorative.people.mfa.api_auth.SecondFactorSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "restorative.core.api_tokens.ReadOnlyTokenScope",
    ],
    # Requests made with a token, per token and per client address (API_THROTTLE_RATES).
    "DEFAULT_THROTTLE_CLASSES": [
        "restorative.core.api_tokens.TokenRateThrottle",
        "restorative.core.api_tokens.TokenAddressRateThrottle",
    ],
    "DEFAULT_SCHEMA_CLASS": "restorative.core.api_schema.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # Services' refusals (400) and an unwritable access trail (503) answered in one place.
    "EXCEPTION_HANDLER": "restorative.core.api.exception_handler",
    # OPTIONS describes the view, never a record or a serializer (see core.api_options).
    "DEFAULT_METADATA_CLASS": "restorative.core.api_options.ApiMetadata",
}
# API rate limits, counted on the default cache: with several app servers set REDIS_URL, or
# each process counts on its own. "600/minute", "20/second"...; empty turns a limit off.
API_THROTTLE_RATES = {
    "api_token": env("API_THROTTLE_TOKEN_RATE", default="600/minute"),
    "api_address": env("API_THROTTLE_ADDRESS_RATE", default="1200/minute"),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Restorative API",
    "DESCRIPTION": (
        "Organisation structure, staff and families. Every response is filtered by the same "
        "permission rules as the web pages."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its docs page describe every field we hold: signed-in callers only.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name for the organisation / service / team level that several figures share.
    "ENUM_NAME_OVERRIDES": {"ScopeLevelEnum": ["organisation", "service", "team"]},
}

# Logging: security events go to their own logger with who, what, when (UTC), where.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "loggers": {
        "restorative.security": {"handlers": ["console"], "level": "INFO", "propagate": True},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
