"""Browser tests: Playwright (Python) driving Debian's Chromium against pytest-django's live server.

Why these choices (docs/decisions/0005-ci-and-browser-tests.md):
- Debian's `/usr/bin/chromium` (or `$CHROMIUM`), never a browser downloaded by Playwright, so
  CI needs only `apt-get install chromium`. Without it every test here is skipped, with a reason.
- Playwright's sync API runs an asyncio event loop in the main thread; Django refuses ORM calls
  from a thread with a running loop unless DJANGO_ALLOW_ASYNC_UNSAFE is set. The tests only
  create data and read it back, in the one thread, so it is safe here and set before any
  database access.
- The test database is a file with the options of `make run` (WAL, busy timeout, IMMEDIATE
  transactions; `restorative/settings/test.py`), never SQLite's in-memory database: the live
  server would share that one connection between its request threads, and a page's language
  suggestion racing a form's save then failed inside it ("cannot open savepoint - SQL
  statements in progress"). `new_page` refuses to run on an in-memory database.
- axe-core comes from npm (`node_modules/axe-core/axe.min.js`, a devDependency) and is injected
  into each page; its violations for WCAG 2.0/2.1/2.2 A and AA fail the test.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent.parent.parent
E2E_DIR = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BUILT_CSS = ROOT / "build" / "static" / "css" / "restorative.css"
# Screenshots of fake test data, for a person to look at; a fixed, well-known place on purpose.
SCREENSHOT_DIR = Path(os.environ.get("E2E_SCREENSHOT_DIR", "/tmp/e2e-screenshots"))  # noqa: S108
PASSWORD = "correct horse battery staple"
# How long any one wait (a navigation, "network idle", an element) may take before it fails.
# It bounds only a failing wait, never a passing one; on a busy machine (two cores shared by
# several test runs) a page with its accessibility check took over 15 s, and the test failed.
WAIT_MS = int(os.environ.get("E2E_WAIT_MS", "60000"))


def chromium_available() -> bool:
    return os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip the browser tests, saying why, when there is no Chromium to drive."""
    if chromium_available():
        return
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}: browser tests skipped")
    for item in items:
        if E2E_DIR in Path(str(item.path)).parents:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole run; each test gets fresh contexts from it."""
    from playwright.sync_api import sync_playwright

    missing = [p for p in (AXE_SCRIPT, BUILT_CSS) if not p.exists()]
    if missing:
        pytest.fail(
            f"Missing {', '.join(str(p) for p in missing)}: run `make setup` (npm ci and the "
            "Sass build) before the browser tests."
        )
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def new_page(browser: Any, live_server: Any) -> Iterator[Any]:
    """Make pages in fresh browser contexts pointed at the live server; closes them after.

    Every page records console errors (a Content Security Policy refusal shows up there) and
    answers of 500 or more in `page.problems`, so tests can assert the page ran cleanly.
    """
    from django.db import connection

    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.fail(
            "Browser tests need a file database: the live server would share one in-memory "
            "connection between its request threads (see restorative/settings/test.py)."
        )
    contexts: list[Any] = []

    def make(**context_options: Any) -> Any:
        context = browser.new_context(base_url=live_server.url, **context_options)
        context.set_default_timeout(WAIT_MS)
        contexts.append(context)
        page = context.new_page()
        page.problems = []
        page.on(
            "console",
            lambda msg: (
                page.problems.append(f"console {msg.type}: {msg.text}")
                if msg.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda exc: page.problems.append(f"page error: {exc}"))
        page.on(
            "response",
            lambda resp: (
                page.problems.append(f"HTTP {resp.status} for {resp.url}")
                if resp.status >= 500
                else None
            ),
        )
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def e2e_world(transactional_db: None) -> SimpleNamespace:
    """A practitioner, the family allocated to them, a team colleague's family, and a family
    in another service the practitioner must not see in search results.

    Created with `transactional_db` (through the live server) so the server thread sees it.
    """
    from restorative.people.tests.factories import (
        FamilyFactory,
        FamilyMemberFactory,
        OrganisationFactory,
        ServiceFactory,
        StaffFactory,
        TeamFactory,
    )

    org = OrganisationFactory()
    service = ServiceFactory(organisation=org, name="Safeguarding")
    other_service = ServiceFactory(organisation=org, name="Children in Care")
    team = TeamFactory(service=service, name="North Safeguarding", code="NS1")
    other_team = TeamFactory(service=other_service, name="Children in Care East", code="CE1")
    practitioner = StaffFactory(
        email="practitioner@test.example",
        first_name="Priya",
        last_name="Shah",
        team=team,
        organisation=org,
        password=PASSWORD,
    )
    family = FamilyFactory(
        team=team, allocated_worker=practitioner, name="Okafor", case_reference="CR0000101"
    )
    FamilyMemberFactory(family=family, first_name="Amara", last_name="Okafor")
    FamilyMemberFactory(family=family, first_name="Tobi", last_name="Okafor")
    neighbour = FamilyFactory(team=team, name="Nowak", case_reference="CR0000102")
    hidden = FamilyFactory(team=other_team, name="Okafor-Brown", case_reference="CR0000103")
    return SimpleNamespace(
        practitioner=practitioner,
        password=PASSWORD,
        family=family,
        neighbour=neighbour,
        hidden=hidden,
    )


def _sign_in(page: Any, *, email: str, password: str) -> None:
    """Sign in through the form, as a person would, with the second factor when it is asked.

    A person whose role needs a second factor (docs/decisions/0022) is shown the set-up page
    at their first sign-in: the helper reads the key from the page, as a person types it into
    an authenticator app, and enters the app's code. At later sign-ins it enters the code of
    the key the person set up.
    """
    page.goto("/sign-in/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    _give_second_factor(page, email=email)
    assert "/sign-in/" not in page.url, f"Sign-in failed; page says: {page.inner_text('main')}"


def _authenticator_code(key: bytes, *, after_step: int = -1) -> tuple[str, int]:
    """What an authenticator app shows now for `key` (waiting for a newer time step than
    `after_step`: a code works once), and its time step."""
    import time

    from django_otp.oath import TOTP

    while True:
        totp = TOTP(key)
        if totp.t() > after_step:
            return f"{totp.token():06d}", totp.t()
        time.sleep(1)


def _give_second_factor(page: Any, *, email: str) -> None:
    """Set up an authenticator app, or give its code, if the page after the password asks."""
    from base64 import b32decode

    from django_otp.plugins.otp_totp.models import TOTPDevice

    if "/sign-in/second-factor/set-up/" in page.url:
        typed_key = page.locator("#authenticator-key").inner_text().replace(" ", "")
        key = b32decode(typed_key + "=" * (-len(typed_key) % 8))
        code, _ = _authenticator_code(key)
        page.get_by_label("Code from the app").fill(code)
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()
        page.get_by_role("link", name="I have saved my recovery codes").click()
        page.wait_for_load_state()
    elif "/sign-in/second-factor/" in page.url:
        device = TOTPDevice.objects.get(user__email=email, confirmed=True)
        code, _ = _authenticator_code(device.bin_key, after_step=device.last_t)
        page.get_by_label("Code", exact=True).fill(code)
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()


def _screenshot(page: Any, name: str) -> Path:
    """Keep a full-page picture for a person to look at (not committed; /tmp)."""
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now, for WCAG 2.x A and AA rules."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    results = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return list(results["violations"])


def format_violations(page_name: str, url: str, violations: list[dict[str, Any]]) -> str:
    """Violations as a person reads them: rule, impact, what to fix, and each element."""
    lines = [f"{page_name} ({url}): {len(violations)} accessibility violation(s)"]
    for violation in violations:
        lines.append(
            f"  [{violation['id']}] ({violation.get('impact')}) {violation['help']}"
            f" - {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            lines.append(f"      element: {json.dumps(node['target'])}")
            lines.append(f"      html:    {node['html'][:300]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n               ")
            lines.append(f"      fix:     {summary}")
    return "\n".join(lines)


def _assert_accessible(page: Any, page_name: str) -> None:
    """Fail, listing every violation readably, when axe-core finds any on this page."""
    violations = axe_violations(page)
    assert not violations, format_violations(page_name, page.url, violations)


# Fixtures hand the helpers to the tests, so no test module imports this conftest.
@pytest.fixture
def sign_in() -> Any:
    return _sign_in


@pytest.fixture
def screenshot() -> Any:
    return _screenshot


@pytest.fixture
def assert_accessible() -> Any:
    return _assert_accessible


def _fill_date(page: Any, legend: str, value: Any) -> None:
    """Type a date into the GOV.UK date input whose legend is `legend`, as a person would:
    day, month and year in their own boxes. `value` is a date or "DD/MM/YYYY" text."""
    if isinstance(value, str):
        day, month, year = value.split("/")
    else:
        day, month, year = str(value.day), str(value.month), str(value.year)
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


@pytest.fixture
def fill_date() -> Any:
    return _fill_date
