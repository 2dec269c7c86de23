"""The two answers a load balancer or an orchestrator asks for, without signing in.

- `/health/` (liveness): the process is up and serving. It touches nothing else, so a
  database outage does not make every app server look dead and get restarted in a loop.
- `/ready/` (readiness): this server can do its work now: the database answers, and Redis
  too when `REDIS_URL` is set (sessions, cache and the task queue live there). 503 otherwise,
  so the load balancer sends people to another server until this one recovers.

Both say only "ok" or "unavailable" per dependency: no record, no person, no error text (a
driver's message can name hosts and users). Never cached. Plain HTTP is allowed for them
behind a proxy (`SECURE_REDIRECT_EXEMPT` in production settings).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

OK = "ok"
UNAVAILABLE = "unavailable"
#: Seconds a readiness check waits for Redis before calling it unavailable.
REDIS_TIMEOUT = 2.0


def database_answers() -> bool:
    """Whether the default database answers a trivial query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means not ready
        return False
    return True


def redis_answers(url: str) -> bool:
    """Whether the Redis server at `url` answers PING within REDIS_TIMEOUT seconds."""
    import redis

    try:
        client = redis.Redis.from_url(
            url, socket_timeout=REDIS_TIMEOUT, socket_connect_timeout=REDIS_TIMEOUT
        )
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:  # noqa: BLE001 - any Redis failure means not ready
        return False


@login_not_required
@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Liveness: 200 while the process serves requests. Checks no dependency."""
    return JsonResponse({"status": OK})


@login_not_required
@never_cache
@require_GET
def ready(request: HttpRequest) -> JsonResponse:
    """Readiness: 200 when the database (and Redis, when configured) answers, 503 otherwise."""
    checks = {"database": OK if database_answers() else UNAVAILABLE}
    redis_url = getattr(settings, "REDIS_URL", "")
    if redis_url:
        checks["redis"] = OK if redis_answers(redis_url) else UNAVAILABLE
    ready_now = all(value == OK for value in checks.values())
    return JsonResponse(
        {"status": OK if ready_now else UNAVAILABLE, "checks": checks},
        status=200 if ready_now else 503,
    )
