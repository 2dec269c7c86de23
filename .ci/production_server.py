"""CI: start the production server as production runs it, and use it (issue 15, point 5).

gunicorn with `restorative.settings.production` on 127.0.0.1 (a free port), a fresh SQLite
database (or DATABASE_URL when given: then it must be a database CI may migrate and write),
static files collected for WhiteNoise. Then, as the load balancer and a person would:

1. /health/ and /ready/ answer 200 over plain HTTP (the probes are exempt from the redirect);
2. any other page over plain HTTP is redirected to HTTPS;
3. through "the proxy" (X-Forwarded-Proto: https, trusted because AXES_PROXY_COUNT=1), the
   sign-in page loads with its stylesheet served by WhiteNoise under a hashed name;
4. a person signs in with the form and CSRF token, and the home page shows their name with
   HSTS and no-store headers.

Exit 0 when every check passes; otherwise 1, with the server's log. Standard library only.
Run from the repository root: `.venv/bin/python .ci/production_server.py`.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
EMAIL = "ci.practitioner@example.org"
PASSWORD = secrets.token_urlsafe(18)
STARTUP_SECONDS = 90


class CheckFailed(Exception):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run(args: list[str], env: dict[str, str], *, shown: str = "") -> None:
    started = time.monotonic()
    print("    $", shown or " ".join(args[1:] if args[0] == PYTHON else args), flush=True)
    subprocess.run(args, cwd=ROOT, env=env, check=True)  # noqa: S603 - our own commands
    print(f"      ({time.monotonic() - started:.0f}s)", flush=True)


class Browser:
    """Plain HTTP to the server with the cookies a browser would keep (the __Host- cookies are
    Secure, which urllib's cookie jar would not send over the proxy's plain-HTTP hop)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, *, body: str = "", behind_proxy: bool = True
    ) -> tuple[int, dict[str, str], str]:
        headers = {"Host": "127.0.0.1"}
        if behind_proxy:
            headers |= {"X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.10"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": "https://127.0.0.1",
                "Referer": "https://127.0.0.1/sign-in/",
            }
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body.encode(), headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for value in response.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie()
                cookie.load(value)
                for name, morsel in cookie.items():
                    self.cookies[name] = morsel.value
            return response.status, {k.lower(): v for k, v in response.getheaders()}, text
        finally:
            connection.close()


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)
    print(f"    ok: {message}", flush=True)


def wait_until_up(browser: Browser, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CheckFailed(f"gunicorn exited with status {server.returncode}")
        try:
            status, _, _ = browser.request("GET", "/health/", behind_proxy=False)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise CheckFailed(f"/health/ did not answer within {STARTUP_SECONDS}s")


def checks(browser: Browser) -> None:
    status, _, body = browser.request("GET", "/health/", behind_proxy=False)
    expect(status == 200 and '"ok"' in body, "/health/ answers 200 over plain HTTP")
    status, _, body = browser.request("GET", "/ready/", behind_proxy=False)
    expect(status == 200, f"/ready/ answers 200 (database answers): {body}")

    status, headers, _ = browser.request("GET", "/sign-in/", behind_proxy=False)
    expect(
        status == 301 and headers.get("location", "").startswith("https://"),
        "a page over plain HTTP is redirected to HTTPS",
    )

    status, headers, page = browser.request("GET", "/sign-in/")
    expect(status == 200, "the sign-in page loads through the proxy")
    stylesheet = re.search(r'href="(/static/css/restorative\.[0-9a-f]{12}\.css)"', page)
    expect(stylesheet is not None, "the page links its stylesheet by a hashed name")
    assert stylesheet is not None
    status, headers, _ = browser.request("GET", stylesheet.group(1))
    expect(
        status == 200 and "max-age=315360000" in headers.get("cache-control", ""),
        "WhiteNoise serves the stylesheet with far-future caching",
    )

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    expect(token is not None, "the sign-in form carries a CSRF token")
    assert token is not None
    form = (
        f"csrfmiddlewaretoken={token.group(1)}&username={EMAIL.replace('@', '%40')}"
        f"&password={PASSWORD}"
    )
    status, headers, _ = browser.request("POST", "/sign-in/", body=form)
    expect(status == 302, f"signing in redirects (answered {status})")
    expect("__Host-sessionid" in browser.cookies, "the session cookie is the __Host- one")

    status, headers, page = browser.request("GET", "/")
    expect(status == 200 and "Casey" in page, "the signed-in home page shows the person's name")
    expect("strict-transport-security" in headers, "pages carry HSTS")
    expect(headers.get("cache-control") == "no-store", "pages are not stored by caches")


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="restorative-production-"))
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="restorative.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_STATIC_ROOT=str(work / "static"),
        DATABASE_URL=os.environ.get("CI_PRODUCTION_DATABASE_URL")
        or f"sqlite:///{work / 'restorative.sqlite3'}",
        # Behind one proxy (the load balancer): its X-Forwarded-Proto says the request was HTTPS.
        AXES_PROXY_COUNT="1",
        HOST="127.0.0.1",
        PORT=str(port),
        WEB_CONCURRENCY="2",
        GUNICORN_THREADS="2",
        PYTHONPATH=str(ROOT),
    )
    env.pop("REDIS_URL", None)
    gunicorn = str(Path(PYTHON).with_name("gunicorn"))
    server: subprocess.Popen[bytes] | None = None
    log = work / "gunicorn.log"
    try:
        print(f"Production server check in {work}, port {port}", flush=True)
        run([PYTHON, "manage.py", "migrate", "--no-input", "--verbosity", "0"], env)
        run([PYTHON, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"], env)
        create = (
            "from restorative.people.models import Staff; "
            f"Staff.objects.create_user({EMAIL!r}, {PASSWORD!r}, first_name='Casey', "
            "last_name='Jordan', role=Staff.Role.PRACTITIONER)"
        )
        run(
            [PYTHON, "manage.py", "shell", "--no-imports", "-c", create],
            env,
            shown=f"manage.py shell -c <create the account {EMAIL}>",
        )
        print(f"    $ gunicorn --config gunicorn.conf.py restorative.wsgi:application (:{port})")
        with log.open("wb") as output:
            server = subprocess.Popen(  # noqa: S603 - our own command
                [gunicorn, "--config", "gunicorn.conf.py", "restorative.wsgi:application"],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        browser = Browser(port)
        wait_until_up(browser, server)
        checks(browser)
    except (CheckFailed, subprocess.CalledProcessError, OSError) as error:
        print(f"FAILED: {error}", flush=True)
        if log.exists():
            print("---- server log ----")
            print(log.read_text(errors="replace")[-6000:])
        return 1
    finally:
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(work, ignore_errors=True)
    print("Production server: every check passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
