"""gunicorn settings for the production server, all from the environment (README "Production").

    DJANGO_SETTINGS_MODULE=restorative.settings.production \
        gunicorn --config gunicorn.conf.py restorative.wsgi:application

Threads (gthread workers) because a request mostly waits on PostgreSQL: two or three worker
processes per CPU, each with a few threads, keep the CPUs busy without a process per request.
Static files are served by WhiteNoise inside the app (compressed, with far-future caching of
the hashed names), so no separate web server is needed for them.
"""

import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, "") or default)


#: Where to listen. In a container 0.0.0.0; behind a local proxy 127.0.0.1.
bind = f"{os.environ.get('HOST', '0.0.0.0')}:{_int('PORT', 8000)}"  # noqa: S104 - set HOST
#: Worker processes (WEB_CONCURRENCY is the name platforms set) and threads in each.
workers = _int("WEB_CONCURRENCY", 2)
threads = _int("GUNICORN_THREADS", 4)
worker_class = "gthread"
#: A request still running after this many seconds is ended and its worker restarted.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5
#: Restart each worker after this many requests (with jitter), so no slow leak builds up.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
#: The app writes one JSON line per request itself (restorative.core.logging): no access log.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
#: Proxies whose X-Forwarded-* headers gunicorn believes (the load balancer's addresses).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
#: Load the app before forking, so a broken deployment fails at start and memory is shared.
preload_app = True
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR") or None
