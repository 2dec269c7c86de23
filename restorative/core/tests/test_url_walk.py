"""Login is required everywhere but an explicit allowlist (security.md item 1; DESIGN rule 1).

The test walks every URL pattern the project serves, fills its converters with dummy values,
and asks for it as an anonymous visitor. A new page that forgets the rule fails here: nobody
has to remember to add it to a list.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RegexPattern, RoutePattern
from rest_framework.views import APIView

SIGN_IN = "/sign-in/"
ADMIN_SIGN_IN = "/admin/login/"

# URL names served to anonymous visitors, and why.
PUBLIC = {
    "core:login": "the sign-in page itself",
    "core:health": "the load balancer's liveness check; answers only ok",
    "core:ready": "the readiness check; answers only ok/unavailable per dependency",
    # The admin's own sign-in form. It only lets in accounts with is_staff, and it goes
    # through the same authentication backends (axes lockout included) as our sign-in page.
    "admin:login": "the admin site's sign-in form (staff accounts only)",
    # Feedback links (security.md rule 4): children, families and partners answer without an
    # account; the token in the path is the only key, rate-limited and CSRF-protected.
    "evaluation:feedback": "a feedback link: answers one survey, once, with its token",
    "evaluation:feedback_thanks": "the thank-you page after a feedback link is answered",
    # A one-time link (256 bits from `secrets`) to answer the staff survey on another device;
    # it shows only the survey's questions, and a used or unknown link a kind page.
    "evaluation:wellbeing_link_answer": "a staff member's one-time link to the staff survey",
    # Single sign-on (decision 0023): signing in through the council's provider starts and
    # ends here, before anyone is signed in. Both answer 404 while it is not configured.
    "sso:start": "single sign-on: sends the visitor to the council's provider to sign in",
    "sso:callback": "single sign-on: the provider's answer; lets in only a matched staff member",
}

# A public page whose dummy URL names nothing answers its own page with its own status (not a
# redirect to sign in): a made-up feedback token gets the kind "we cannot find this link";
# single sign-on, switched off in the tests, is not there at all.
PUBLIC_STATUS = {"evaluation:feedback": 404, "sso:start": 404, "sso:callback": 404}

_DUMMY_BY_CONVERTER = {
    "uuid": lambda: str(uuid.uuid4()),
    "int": lambda: "1",
    "slug": lambda: "x",
    "str": lambda: "x",
    "path": lambda: "x",
}


@dataclass(frozen=True)
class Walked:
    url: str
    name: str
    callback: Any

    def __str__(self) -> str:  # shown in the parametrize ids
        return self.url


def _route_sample(route: str) -> str:
    def fill(match: re.Match[str]) -> str:
        converter = match.group(1) or "str"
        return _DUMMY_BY_CONVERTER.get(converter, lambda: "1")()

    return re.sub(r"<(?:(\w+):)?\w+>", fill, route)


def _regex_sample(regex: str) -> str:
    """A path matching a regex URL pattern, good enough for admin and DRF router patterns."""
    sample = regex.lstrip("^").removesuffix("$").removesuffix(r"\Z")

    def group(match: re.Match[str]) -> str:
        name, body = match.group(1), match.group(2)
        if name == "format":
            return "json"
        alternatives = body.split("|")
        if len(alternatives) > 1 and all(re.fullmatch(r"\w+", a) for a in alternatives):
            return alternatives[-1]
        return str(uuid.uuid4()) if "uuid" in name or "pk" in name else "x"

    sample = re.sub(r"\(\?P<(\w+)>((?:[^()]|\([^()]*\))*)\)", group, sample)
    sample = sample.replace("/?", "/").replace(r"\.", ".")
    return sample.replace(".*", "x")


def _sample(pattern: Any) -> str:
    if isinstance(pattern, RoutePattern):
        return _route_sample(str(pattern))
    if isinstance(pattern, RegexPattern):
        return _regex_sample(str(pattern))
    raise AssertionError(f"Unknown URL pattern type {type(pattern)!r}")


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[Walked]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner_ns = namespace
            if entry.namespace:
                inner_ns = f"{namespace}{entry.namespace}:"
            yield from _walk(entry.url_patterns, prefix + _sample(entry.pattern), inner_ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else f"{namespace}<unnamed>"
            yield Walked("/" + prefix + _sample(entry.pattern), name, entry.callback)


ALL_URLS = list(_walk(get_resolver().url_patterns))


def _is_api_view(callback: Any) -> bool:
    cls = getattr(callback, "cls", None)
    return isinstance(cls, type) and issubclass(cls, APIView)


def test_walk_found_the_project_pages() -> None:
    """Guard the walker itself: if it found nothing, every other test here passes vacuously."""
    names = {walked.name for walked in ALL_URLS}
    assert {"core:home", "people:family_detail", "people:family_list", "admin:index"} <= names
    assert {"api-schema", "api-docs"} <= names


@pytest.mark.parametrize("walked", ALL_URLS, ids=str)
def test_sample_url_resolves_to_its_own_view(walked: Walked) -> None:
    """Each dummy URL reaches the view under test, not a neighbour or a catch-all."""
    try:
        match = resolve(urlsplit(walked.url).path)
    except Resolver404:
        pytest.fail(f"The dummy URL {walked.url} for {walked.name} does not resolve")
    if walked.name == "admin:<unnamed>":
        return  # admin's redirecting "object_id/" views: any admin view is fine
    assert match.func == walked.callback or getattr(match.func, "cls", 0) == getattr(
        walked.callback, "cls", 1
    ), f"{walked.url} resolves to {match.view_name}, not {walked.name}"


@pytest.mark.django_db
@pytest.mark.parametrize("walked", ALL_URLS, ids=str)
def test_anonymous_visitor_is_sent_to_sign_in(client: Any, walked: Walked) -> None:
    response = client.get(walked.url)

    if walked.name in PUBLIC:
        expected = PUBLIC_STATUS.get(walked.name, 200)
        assert response.status_code == expected, (
            f"{walked.url} should be public ({PUBLIC[walked.name]})"
        )
        return

    if _is_api_view(walked.callback):
        # REST API views (and the OpenAPI schema and docs, which describe every field we
        # hold) answer an API client's way: refused, not redirected.
        assert response.status_code in {401, 403}, (
            f"{walked.url} answered {response.status_code} to an anonymous caller"
        )
        return

    assert response.status_code == 302, f"{walked.url} answered {response.status_code}"
    location = response["Location"]
    if walked.name.startswith("admin:"):
        # The admin site redirects to its own sign-in form, which lets in staff accounts only.
        assert location.startswith(ADMIN_SIGN_IN + "?next=") or location.startswith(
            SIGN_IN + "?next="
        ), location
    else:
        assert location == f"{SIGN_IN}?next={quote(walked.url)}", location


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/schema/", "/api/docs/"])
def test_api_schema_and_docs_are_not_served_anonymously(client: Any, url: str) -> None:
    response = client.get(url)
    assert response.status_code in {302, 401, 403}
    assert b"openapi" not in response.content.lower()
    assert b"swagger" not in response.content.lower()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/schema/", "/api/docs/"])
def test_api_schema_and_docs_are_served_to_signed_in_staff(client: Any, url: str) -> None:
    from restorative.people.tests.factories import StaffFactory

    client.force_login(StaffFactory())
    response = client.get(url)
    assert response.status_code == 200


@pytest.mark.django_db
def test_public_pages_show_nothing_personal(client: Any) -> None:
    health = client.get("/health/")
    assert health.json() == {"status": "ok"}
    sign_in = client.get(SIGN_IN)
    assert b"Sign in to" in sign_in.content
