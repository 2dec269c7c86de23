"""Nobody is offered an action they may not take (issue 14, roles).

The test signs in as every demo login from the README, starts at the home page and follows,
breadth first, every same-site link and every form it is shown. A link must open; a form's
target must answer its GET without a refusal (403, 404) or an error (500). A button that
leads to "not found" is a promise the permission rules do not keep: the page should ask the
same permission function as the service before offering it.

The demo data is loaded once for the module and rolled back at the end, so the rest of the
suite still starts from an empty database.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import StringIO
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from restorative.people.demo_data import DEMO_LOGINS
from restorative.people.models import Staff

# Enough to reach every kind of page (lists, a family, its meetings, plans, documents,
# training, supervision) for every role, without walking all 600 families.
MAX_PAGES_PER_ROLE = 220
# Pages that differ only by their query string (a search, a filter, a page number): the
# first few are enough to show the filter works for this role.
MAX_QUERY_VARIANTS = 3
# The same view with a different id answers the same way; a few of each are enough.
MAX_PER_VIEW = 4

# Following these would end the session or change nothing we can check with GET.
SKIP_PATH_PREFIXES = ("/sign-out/", "/static/", "/assets/", "/admin/logout/", "/api/docs/")
REFUSALS = {403, 404, 500}


@dataclass
class _Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)


class _Offers(HTMLParser):
    """Every link (`<a href>`) and every form (its target, method, hidden fields and the
    first button's name and value) on a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.forms: list[_Form] = []
        self._in_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "a" and "href" in values:
            self.links.append(values["href"])
        elif tag == "form":
            self.forms.append(_Form(values.get("action", ""), values.get("method", "get").lower()))
            self._in_form = True
        elif self._in_form and tag in ("input", "button") and values.get("name"):
            kind = values.get("type", "submit" if tag == "button" else "text")
            form = self.forms[-1]
            if kind == "hidden" or (kind == "submit" and not form.fields.get("__button")):
                form.fields[values["name"]] = values.get("value", "")
                if kind == "submit":
                    form.fields["__button"] = "1"

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False


def _same_site(base: str, href: str) -> str | None:
    """The path and query of a same-site link, or None for mail, other sites and anchors."""
    if href.startswith(("mailto:", "tel:", "javascript:")):
        return None
    url, _fragment = urldefrag(urljoin(base, href))
    parts = urlsplit(url)
    if parts.netloc not in ("", "testserver"):
        return None
    path = parts.path or "/"
    if path.startswith(SKIP_PATH_PREFIXES):
        return None
    return f"{path}?{parts.query}" if parts.query else path


def _view_key(path: str) -> str:
    """The URL with its ids and numbers blanked: one key per view, not per record."""
    pieces = []
    for piece in path.split("/"):
        is_id = len(piece) == 36 and piece.count("-") == 4 or piece.isdigit()
        pieces.append("<id>" if is_id else piece)
    return "/".join(pieces)


def _walk(client: Client) -> Iterator[tuple[str, str, int]]:
    """Breadth-first from the home page: (where it was offered, what, the status it answered).

    A link is followed with GET, and so is a form's target. A form that only posts (its
    target answers GET with 405: a button such as "Book a place" or "Cancel") is pressed:
    posted with its own hidden fields, as the browser would. Redirects are followed as
    offers of their own.
    """
    queue: deque[tuple[str, str, _Form | None]] = deque([("(start)", "/", None)])
    seen: set[str] = {"/"}
    pressed: set[str] = set()
    per_query: dict[str, int] = {}
    per_view: dict[str, int] = {}
    opened = 0

    def offer(offered_on: str, href: str, form: _Form | None = None) -> None:
        target = _same_site(offered_on, href)
        if target is None or target in seen:
            return
        path, _, query = target.partition("?")
        if query:
            per_query[path] = per_query.get(path, 0) + 1
            if per_query[path] > MAX_QUERY_VARIANTS:
                return
        else:
            key = _view_key(path)
            per_view[key] = per_view.get(key, 0) + 1
            if per_view[key] > MAX_PER_VIEW:
                return
        seen.add(target)
        queue.append((offered_on, target, form))

    while queue and opened < MAX_PAGES_PER_ROLE:
        offered_on, url, form = queue.popleft()
        response = client.get(url)
        opened += 1
        if response.status_code == 405 and form is not None and form.method == "post":
            if url in pressed:
                continue
            pressed.add(url)
            data = {k: v for k, v in form.fields.items() if k != "__button"}
            response = client.post(url, data)
        yield offered_on, url, response.status_code
        if response.status_code in (301, 302, 303):
            offer(url, response["Location"])
            continue
        content_type = response.get("Content-Type", "")
        if response.status_code != 200 or not content_type.startswith("text/html"):
            continue
        parser = _Offers()
        parser.feed(response.content.decode("utf-8", "replace"))
        for href in parser.links:
            offer(url, href)
        for found in parser.forms:
            offer(url, found.action or url, found)


@pytest.fixture(scope="module")
def demo_data(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """The small demo authority, loaded once for this module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--scale", "small", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("login", [login.key for login in DEMO_LOGINS])
def test_no_offered_link_or_form_leads_to_a_refusal(demo_data: None, login: str) -> None:
    client = Client()
    client.force_login(Staff.objects.get(email=f"{login}@demo.restorative.test"))

    walked = list(_walk(client))

    refused = [
        f"{status} {url} (offered on {offered_on})"
        for offered_on, url, status in walked
        if status in REFUSALS
    ]
    assert len(walked) > 5, f"the walk for {login} opened only {walked}"
    assert not refused, f"{login} is offered what it may not open:\n" + "\n".join(refused)
