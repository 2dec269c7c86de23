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
import base64
import datetime
import hashlib
import hmac
import http.client
import json
import os
import random
import re
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from faultproxy import FaultProxy

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "restorative-demo"  # noqa: S105 - the published demo password, see README
ROLES = ("practitioner", "manager", "head", "director", "quality", "workforce", "support")
CASE_ROLES = {"practitioner", "manager", "head", "director", "quality", "support"}
COMPLIANCE_ROLES = {"manager", "head", "director", "workforce"}
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FAMILY_LINK = re.compile(r'href="(/families/[0-9a-f-]{36}/)"')
SORRY = "Sorry, there is a problem with the service"
AUTHENTICATOR_KEY = re.compile(r'id="authenticator-key"[^>]*>([A-Z2-7 ]+)<')
DEMO_AUTHENTICATOR_KEY = "RESTORATIVEDEMOSECONDFACTORKEYAA"  # published: people/mfa/demo.py
KEYS: dict[str, str] = {}  # the keys this run set up, by e-mail address


def authenticator_code(key: str, *, at: float | None = None) -> str:
    """What an authenticator app shows for a base32 key (RFC 6238: SHA-1, 30 s, 6 digits)."""
    secret = base64.b32decode(key + "=" * (-len(key) % 8))
    step = int((time.time() if at is None else at) // 30)
    digest = hmac.new(secret, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


WRITERS = {"practitioner": "conversation", "manager": "plan review", "workforce": "booking"}


@dataclass
class Tally:
    """What the client threads saw, shared: timings (ms) per page, every answer with its time
    (to tell answers during a fault from the rest), and the writes the server acknowledged."""

    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[tuple[float, str]] = field(default_factory=list)
    answers: list[tuple[float, int, bool]] = field(default_factory=list)  # (time, status, sorry)
    acknowledged: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    posts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    refused: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, label: str, ms: float) -> None:
        with self.lock:
            self.timings[label].append(ms)

    def error(self, message: str) -> None:
        with self.lock:
            self.errors.append((time.monotonic(), message))

    def answer(self, status: int, body: str) -> None:
        """Every answer, with whether it was the service's own error page ("Sorry, there is a
        problem with the service") or a 503, which is what a fault should produce."""
        with self.lock:
            self.answers.append((time.monotonic(), status, SORRY in body or status == 503))

    def acknowledge(self, kind: str, key: str) -> None:
        with self.lock:
            self.acknowledged[kind].add(key)


class Browser:
    """One signed-in person: a keep-alive connection and a cookie jar."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}
        self.location = ""

    def request(
        self, method: str, path: str, body: str | None = None, *, json_body: object = None
    ) -> tuple[int, str]:
        headers = {
            "Host": "127.0.0.1",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        if path.startswith("/api/"):
            headers["Accept"] = "application/json"
        if json_body is not None:
            body = json.dumps(json_body)
            headers["Content-Type"] = "application/json"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        elif body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if body is not None:
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
        self.location = response.getheader("Location") or ""
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
        if not self.location.startswith("/sign-in/second-factor/"):
            self.request("GET", "/")  # the first page says whether a second factor is owed
        if self.location.startswith("/sign-in/second-factor/"):
            self.second_factor(email)

    def second_factor(self, email: str) -> None:
        """Roles that must give a second factor (docs/decisions/0022): set up an authenticator
        app from the key the page shows, as a person would, or give the code of the key set up
        before (the demo data's published key unless this run set one up)."""
        path = self.location
        status, page = self.request("GET", path)
        shown = AUTHENTICATOR_KEY.search(page)
        if shown:
            KEYS[email] = shown.group(1).replace(" ", "")
        csrf = CSRF_FIELD.search(page)
        if status != 200 or not csrf:
            raise SystemExit(f"The second-factor page answered {status} for {email}.")
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": csrf.group(1),
                "code": authenticator_code(KEYS.get(email, DEMO_AUTHENTICATOR_KEY)),
                "next": "/",
            }
        )
        status, _ = self.request("POST", path.split("?")[0], body)
        if status not in (200, 302):
            raise SystemExit(f"The second factor for {email} answered {status}.")


def fetch(
    browser: Browser, tally: Tally, role: str, method: str, path: str, **kw: object
) -> tuple[int, str]:
    """One request, with its answer noted; a dropped connection is status 0."""
    try:
        status, body = browser.request(method, path, **kw)  # type: ignore[arg-type]
    except (OSError, http.client.HTTPException) as error:
        tally.answer(0, "")
        tally.error(f"{role} {method} {path}: {error.__class__.__name__}")
        return 0, ""
    tally.answer(status, body)
    return status, body


def listed(answer: tuple[int, str]) -> list[dict[str, Any]]:
    """The items of an API list answer, paginated ({"results": [...]}) or plain."""
    status, body = answer
    if status != 200:
        return []
    data = json.loads(body)
    return data["results"] if isinstance(data, dict) else data


def write(browser: Browser, tally: Tally, role: str, state: dict[str, object]) -> None:
    """The write this role makes once a round: a practitioner records a conversation with a
    family, a manager reviews a plan, the workforce lead books a place on a session. Each
    carries a new submission token (or gets the booking's id back), so the rows can be found
    afterwards and counted against the answers that said "done"."""
    kind = WRITERS[role]
    today = datetime.date.today().isoformat()
    token = str(uuid.uuid4())
    payload: dict[str, object]
    if kind == "conversation":
        family = state.get("family")
        if not family:
            return
        if not state.get("members") or not state.get("questions"):
            members = listed(fetch(browser, tally, role, "GET", f"/api/families/{family}/members/"))
            sets = listed(fetch(browser, tally, role, "GET", "/api/practice/question-sets/"))
            state["members"] = [member["uuid"] for member in members[:2]]
            state["questions"] = [q["uuid"] for q in (sets[0]["questions"] if sets else [])[:3]]
        if not state["members"] or not state["questions"]:
            return
        path = "/api/practice/conversations/"
        payload = {
            "family": family,
            "held_on": today,
            "setting": "home_visit",
            "members": state["members"],
            "questions": state["questions"],
        }
    elif kind == "plan review":
        if not state.get("plans"):
            found = listed(fetch(browser, tally, role, "GET", "/api/practice/plans/?status=active"))
            state["plans"] = [(plan["uuid"], plan["family"]["uuid"]) for plan in found]
        if not state["plans"]:
            return
        plan, family = random.choice(state["plans"])  # type: ignore[arg-type]  # noqa: S311
        members = listed(fetch(browser, tally, role, "GET", f"/api/families/{family}/members/"))
        if not members:
            return
        path = f"/api/practice/plans/{plan}/reviews/"
        payload = {
            "reviewed_on": today,
            "members": [member["uuid"] for member in members[:2]],
            "family_scaling": 6,
            "professional_scaling": 5,
            "holding": "yes",
        }
    else:
        if not state.get("sessions"):
            found = listed(
                fetch(browser, tally, role, "GET", "/api/workforce/sessions/?upcoming=true")
            )
            state["sessions"] = [session["uuid"] for session in found]
        if not state["sessions"]:
            return
        session = random.choice(state["sessions"])  # type: ignore[arg-type]  # noqa: S311
        path = f"/api/workforce/sessions/{session}/bookings/"
        payload = {}
    if kind != "booking":
        payload["submission_token"] = token
    with tally.lock:
        tally.posts[kind] += 1
    started = time.perf_counter()
    status, body = fetch(browser, tally, role, "POST", path, json_body=payload)
    elapsed = (time.perf_counter() - started) * 1000
    if status in (200, 201):
        tally.add(f"write: {kind}", elapsed)
        key = token if kind != "booking" else json.loads(body)["uuid"]
        tally.acknowledge(kind, key)
    elif status == 400:
        with tally.lock:
            tally.refused[kind] += 1
        tally.error(f"{role} POST {path}: 400 {body[:200]}")
    elif status:
        tally.error(f"{role} POST {path}: HTTP {status}")


def walk(
    browser: Browser, tally: Tally, role: str, stop_at: float, think: float, writes: bool
) -> None:
    """Visit the pages a person in this role uses, in a loop, until the time is up; with
    writes, each round ends with the role's write (see `write`).

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
    state: dict[str, object] = {}
    while time.monotonic() < stop_at:
        for label, path in pages + ([("family page", family_url)] if family_url else []):
            if time.monotonic() >= stop_at:
                return
            started = time.perf_counter()
            status, body = fetch(browser, tally, role, "GET", path)
            elapsed = (time.perf_counter() - started) * 1000
            if think:  # a person reads an error page too, then carries on
                time.sleep(pause.uniform(0.5 * think, 1.5 * think))
            if status != 200:
                if status:
                    tally.error(f"{role} {path}: HTTP {status}")
                continue
            tally.add(label, elapsed)
            if label == "family list" and family_url is None:
                found = FAMILY_LINK.search(body)
                family_url = found.group(1) if found else None
                state["family"] = family_url.split("/")[2] if family_url else None
        if writes and role in WRITERS and time.monotonic() < stop_at:
            write(browser, tally, role, state)
            if think:
                time.sleep(pause.uniform(0.5 * think, 1.5 * think))


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


def start_server(
    port: int, workers: int, threads: int, env: dict[str, str]
) -> subprocess.Popen[bytes]:
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
        **env,
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


def through_proxy(url: str, proxy: FaultProxy) -> str:
    """The same URL with its host and port replaced by the proxy's."""
    parts = urllib.parse.urlsplit(url)
    credentials = parts.netloc.rpartition("@")[0]
    netloc = f"{credentials}@127.0.0.1:{proxy.port}" if credentials else f"127.0.0.1:{proxy.port}"
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def target_of(url: str, default_port: int) -> tuple[str, int]:
    parts = urllib.parse.urlsplit(url)
    return parts.hostname or "127.0.0.1", parts.port or default_port


def schedule_fault(proxy: FaultProxy, at: float, seconds: float, window: list[float]) -> None:
    """Cut the proxy `at` seconds from now for `seconds`, noting when it was cut and mended."""

    def run() -> None:
        time.sleep(at)
        window.append(time.monotonic())
        proxy.cut()
        print(f"  fault: line cut at {at:.0f} s for {seconds:.0f} s", flush=True)
        time.sleep(seconds)
        proxy.restore()
        window.append(time.monotonic())
        print("  fault: line mended", flush=True)

    threading.Thread(target=run, daemon=True).start()


def rows_check(tally: Tally, since: datetime.datetime) -> list[tuple[str, int, int, int]]:
    """For each kind of write: posts acknowledged, how many of those are in the database (must
    be all), and how many rows the run created in all (more than acknowledged means an answer
    was lost after the commit: the record is there, the person saw an error)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "restorative.settings.local")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from restorative.practice.models import PlanReview, RestorativeConversation
    from restorative.workforce.models import Booking

    results = []
    conversation = tally.acknowledged["conversation"]
    results.append(
        (
            "conversation",
            len(conversation),
            RestorativeConversation.objects.filter(submission_token__in=conversation).count(),
            RestorativeConversation.objects.filter(created_at__gte=since).count(),
        )
    )
    review = tally.acknowledged["plan review"]
    results.append(
        (
            "plan review",
            len(review),
            PlanReview.objects.filter(submission_token__in=review).count(),
            PlanReview.objects.filter(created_at__gte=since).count(),
        )
    )
    booking = tally.acknowledged["booking"]
    results.append(
        (
            "booking",
            len(booking),
            Booking.objects.filter(uuid__in=booking, status__in=Booking.ACTIVE).count(),
            Booking.objects.filter(created_at__gte=since).count(),
        )
    )
    return results


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
    parser.add_argument(
        "--reads-only", action="store_true", help="no writes (conversations, reviews, bookings)"
    )
    parser.add_argument(
        "--fault",
        choices=("none", "postgres", "redis"),
        default="none",
        help="cut the line to PostgreSQL or Redis for a while during the run",
    )
    parser.add_argument("--fault-at", type=float, default=None, help="seconds in (default: half)")
    parser.add_argument("--fault-seconds", type=float, default=10.0)
    parser.add_argument(
        "--recovery-seconds",
        type=float,
        default=10.0,
        help="after the fault ends, how long answers still count as the fault's",
    )
    parser.add_argument(
        "--redis",
        default=os.environ.get("REDIS_URL", ""),
        help="Redis for the server's sessions and cache (default: $REDIS_URL; none: database)",
    )
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        raise SystemExit(
            "Set DATABASE_URL to the PostgreSQL benchmark database (see the docstring)."
        )
    if args.fault == "redis" and not args.redis:
        args.redis = "redis://127.0.0.1:6379/13"

    # The server reaches PostgreSQL (and Redis) through proxies, so a fault can be played
    # without stopping the servers other people on this machine use.
    postgres = FaultProxy(*target_of(database_url, 5432))
    server_env = {"DATABASE_URL": through_proxy(database_url, postgres), "REDIS_URL": ""}
    redis = None
    if args.redis:
        redis = FaultProxy(*target_of(args.redis, 6379))
        server_env["REDIS_URL"] = through_proxy(args.redis, redis)
        server_env["CELERY_BROKER_URL"] = ""
    faulty = {"postgres": postgres, "redis": redis}.get(args.fault)

    since = datetime.datetime.now(datetime.UTC)
    server = start_server(args.port, args.workers, args.threads, server_env)
    window: list[float] = []
    try:
        browsers = []
        signed_in: dict[str, Browser] = {}
        for index in range(args.users):
            role = ROLES[index % len(ROLES)]
            browser = Browser(args.port)
            if role in signed_in:
                # The same account again: its session (a code works only once every 30 s).
                browser.cookies = dict(signed_in[role].cookies)
            else:
                browser.sign_in(f"{role}@demo.restorative.test")
                signed_in[role] = browser
            browsers.append((role, browser))
        print(
            f"{args.users} people signed in; using the service for {args.seconds:.0f} s "
            f"({'reads only' if args.reads_only else 'reads and writes'}; "
            f"fault: {args.fault}) ...",
            flush=True,
        )
        tally = Tally()
        stop_at = time.monotonic() + args.seconds
        if faulty is not None:
            at = args.fault_at if args.fault_at is not None else args.seconds / 2
            schedule_fault(faulty, at, args.fault_seconds, window)
        threads = [
            threading.Thread(
                target=walk,
                args=(browser, tally, role, stop_at, args.think, not args.reads_only),
                daemon=True,
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
        postgres.close()
        if redis is not None:
            redis.close()

    every = [ms for samples in tally.timings.values() for ms in samples]
    print(
        f"\n{len(tally.answers):,} requests in {elapsed:.0f} s "
        f"({len(tally.answers) / elapsed:.0f}/s) by {args.users} users reading each page for "
        f"{args.think:g} s on average; gunicorn {args.workers} workers x {args.threads} threads"
    )
    print(f"{'page':<20} {'answers':>9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for label, samples in sorted(tally.timings.items()):
        print(
            f"{label:<20} {len(samples):>9,} {statistics.median(samples):>8.0f} "
            f"{percentile(samples, 0.95):>8.0f} {max(samples):>8.0f}"
        )
    overall = percentile(every, 0.95) if every else float("inf")
    middle = statistics.median(every) if every else 0.0
    print(f"{'all successful':<20} {len(every):>9,} {middle:>8.0f} {overall:>8.0f}")

    # A fault's answers: from the cut until `--recovery-seconds` after the line is mended.
    fault_from, fault_to = (
        (window[0], window[1] + args.recovery_seconds) if len(window) == 2 else (0.0, 0.0)
    )
    during = [a for a in tally.answers if fault_from <= a[0] <= fault_to]
    errors = [m for t, m in tally.errors if not fault_from <= t <= fault_to]
    ok = True
    if window:
        proper = sum(1 for _, status, sorry in during if status in (200, 201) or sorry)
        improper = [
            (status, sorry) for _, status, sorry in during if not (status in (200, 201) or sorry)
        ]
        recovered = next(
            (
                t - window[1]
                for t, status, _ in tally.answers
                if t > window[1] and status in (200, 201)
            ),
            None,
        )
        print(
            f"\nFault ({args.fault}, {args.fault_seconds:.0f} s): {len(during):,} answers from the "
            f"cut to {args.recovery_seconds:.0f} s after it: {proper:,} either served or the "
            f"'Sorry, there is a problem' page / 503; {len(improper)} anything else"
            + (f" (statuses: {sorted({s for s, _ in improper})})" if improper else "")
        )
        for t, message in tally.errors:
            if fault_from <= t <= fault_to and ": HTTP" not in message:
                print(f"  during the fault: {message}")
        print(
            "First successful answer after the line was mended: "
            + (f"{recovered:.1f} s later" if recovered is not None else "NONE (did not recover)")
        )
        ok = not improper and recovered is not None

    print(f"\nErrors outside a fault: {len(errors)}")
    for message in errors[:20]:
        print(f"  {message}")
    if not args.reads_only:
        print(
            f"\n{'write':<14} {'posts':>6} {'acknowledged':>13} {'found':>6} {'rows created':>13}"
        )
        for kind, acknowledged, found, created in rows_check(tally, since):
            print(f"{kind:<14} {tally.posts[kind]:>6} {acknowledged:>13} {found:>6} {created:>13}")
            ok = ok and found == acknowledged
            if not window and kind != "booking":
                ok = ok and created == acknowledged
        print(
            "Every acknowledged write is in the database."
            if ok
            else "CHECK: an acknowledged write is missing, or rows differ from acknowledged posts."
        )
    within = ok and not errors and overall < args.budget_ms
    verdict = "Within budget (no errors," if within else "NOT within budget (errors or"
    print(f"{verdict} p95 {'<' if within else '>='} {args.budget_ms:.0f} ms).")
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
