"""Load benchmark: 50 people using the service at once, over real HTTP on loopback.

Why: DESIGN.md's budget says "under 50 concurrent users on loopback: no errors, p95 under
500 ms" with the `large` demo data. bench/pages.py measures one user in-process; this starts
the production WSGI server (gunicorn) on the benchmark database, signs in one session per
simulated user through the real sign-in page, and has every user walk the pages their role
uses for a fixed time, reading each page for about a second (`--think`; 0 fires requests
back to back, which measures the server's saturation instead). It prints p50/p95/max per
page and overall, the requests per second and every error (any status other than 200 is an
error).

Usage (the same database as bench/pages.py, seeded with `seed_demo --scale large`):

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/restorative_bench_pages
    .venv/bin/python bench/load.py                 # --users 50 --seconds 60 --workers 4

Only the standard library is used for the clients (threads with http.client), so the
figures are the server's, not a client library's. The server runs with
restorative.settings.local, DEBUG off and no HTTPS redirect, on 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "restorative-demo"  # noqa: S105 - the published demo password, see README
ROLES = ("practitioner", "manager", "head", "director", "quality", "workforce", "support")
CASE_ROLES = {"practitioner", "manager", "head", "director", "quality", "support"}
COMPLIANCE_ROLES = {"manager", "head", "director", "workforce"}
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FAMILY_LINK = re.compile(r'href="(/families/[0-9a-f-]{36}/)"')


@dataclass
class Tally:
    """Timings (ms) per page label and the errors seen, shared by the client threads."""

    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, label: str, ms: float) -> None:
        with self.lock:
            self.timings[label].append(ms)

    def error(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)


class Browser:
    """One signed-in person: a keep-alive connection and a cookie jar."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        headers = {
            "Host": "127.0.0.1",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):
            # The server closed a kept-alive connection: open a new one and try once more.
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                cookie_name, _, rest = value.partition("=")
                self.cookies[cookie_name] = rest.split(";", 1)[0]
        return response.status, response.read().decode("utf-8", "replace")

    def sign_in(self, email: str) -> None:
        status, page = self.request("GET", "/sign-in/")
        match = CSRF_FIELD.search(page)
        if status != 200 or not match:
            raise SystemExit(f"The sign-in page answered {status}; is the server running?")
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": match.group(1),
                "username": email,
                "password": PASSWORD,
                "next": "/",
            }
        )
        status, _ = self.request("POST", "/sign-in/", body)
        if status != 302:
            raise SystemExit(f"Signing in as {email} answered {status}; seed the demo data first.")


def walk(browser: Browser, tally: Tally, role: str, stop_at: float, think: float) -> None:
    """Visit the pages a person in this role uses, in a loop, until the time is up.

    Between pages the person reads for a random time averaging `think` seconds (half to one
    and a half times it); `--think 0` makes every user a script firing back to back, which
    measures the server's saturation rather than 50 people."""
    pause = random.Random(role)  # noqa: S311 - timing jitter, not security
    pages = [("home", "/"), ("my training", "/workforce/my-training/")]
    if role in CASE_ROLES:
        pages += [
            ("family list", "/families/"),
            ("family search", "/families/?q=Khan"),
            ("meetings due", "/practice/due/"),
            ("staff directory", "/staff/"),
        ]
    if role in COMPLIANCE_ROLES:
        pages.append(("compliance", "/workforce/compliance/"))
    family_url = None
    while time.monotonic() < stop_at:
        for label, path in pages + ([("family page", family_url)] if family_url else []):
            if time.monotonic() >= stop_at:
                return
            started = time.perf_counter()
            try:
                status, body = browser.request("GET", path)
            except (OSError, http.client.HTTPException) as error:
                tally.error(f"{role} {path}: {error.__class__.__name__}")
                continue
            elapsed = (time.perf_counter() - started) * 1000
            if status != 200:
                tally.error(f"{role} {path}: HTTP {status}")
                continue
            tally.add(label, elapsed)
            if think:
                time.sleep(pause.uniform(0.5 * think, 1.5 * think))
            if label == "family list" and family_url is None:
                found = FAMILY_LINK.search(body)
                family_url = found.group(1) if found else None


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


def start_server(port: int, workers: int, threads: int) -> subprocess.Popen[bytes]:
    gunicorn = shutil.which("gunicorn", path=str(ROOT / ".venv" / "bin")) or shutil.which(
        "gunicorn"
    )
    if not gunicorn:
        raise SystemExit("gunicorn is not installed: run `make setup` (it is in requirements.txt).")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get(
            "DJANGO_SETTINGS_MODULE", "restorative.settings.local"
        ),
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    }
    server = subprocess.Popen(  # noqa: S603 - our own server on loopback
        [
            gunicorn,
            "restorative.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            f"--threads={threads}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/health/")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("The server did not start; run gunicorn by hand to see why.")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50, help="people using it at once")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long they use it")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument(
        "--think", type=float, default=1.0, help="average seconds a person reads a page (0: none)"
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--budget-ms", type=float, default=500.0, help="p95 budget")
    args = parser.parse_args()

    server = start_server(args.port, args.workers, args.threads)
    try:
        browsers = []
        for index in range(args.users):
            role = ROLES[index % len(ROLES)]
            browser = Browser(args.port)
            browser.sign_in(f"{role}@demo.restorative.test")
            browsers.append((role, browser))
        print(f"{args.users} people signed in; using the service for {args.seconds:.0f} s ...")
        tally = Tally()
        stop_at = time.monotonic() + args.seconds
        threads = [
            threading.Thread(
                target=walk, args=(browser, tally, role, stop_at, args.think), daemon=True
            )
            for role, browser in browsers
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    every = [ms for samples in tally.timings.values() for ms in samples]
    print(
        f"\n{len(every):,} requests in {elapsed:.0f} s ({len(every) / elapsed:.0f}/s) by "
        f"{args.users} users reading each page for {args.think:g} s on average; "
        f"gunicorn {args.workers} workers x {args.threads} threads"
    )
    print(f"{'page':<16} {'requests':>9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for label, samples in sorted(tally.timings.items()):
        print(
            f"{label:<16} {len(samples):>9,} {statistics.median(samples):>8.0f} "
            f"{percentile(samples, 0.95):>8.0f} {max(samples):>8.0f}"
        )
    overall = percentile(every, 0.95) if every else float("inf")
    middle = statistics.median(every) if every else 0.0
    print(f"{'all pages':<16} {len(every):>9,} {middle:>8.0f} {overall:>8.0f}")
    print(f"\nErrors: {len(tally.errors)}")
    for message in tally.errors[:20]:
        print(f"  {message}")
    within = not tally.errors and overall < args.budget_ms
    verdict = "Within budget (no errors," if within else "NOT within budget (errors or"
    print(f"{verdict} p95 {'<' if within else '>='} {args.budget_ms:.0f} ms).")
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
