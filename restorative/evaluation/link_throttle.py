"""Slowing someone who tries link tokens from one address: the families' feedback links and
the staff survey's one-time links answer alike (`core.throttle`; only a hash of the address
is kept, in the cache, for a minute, and never beside an answer)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from restorative.core.security import client_ip_address
from restorative.core.throttle import throttle_hit


def slowed_down(request: HttpRequest, scope: str, *, limit: int) -> HttpResponse | None:
    """None while this address is within `limit` tries a minute at `scope`; past it, the
    "slow down" page (429, try again in a minute)."""
    if throttle_hit(scope, client_ip_address(request), limit=limit, window_seconds=60):
        return None
    response = render(request, "evaluation/surveys/public/slow_down.html", status=429)
    response["Retry-After"] = "60"
    return response
