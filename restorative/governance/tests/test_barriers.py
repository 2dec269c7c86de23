"""The barriers register: raise, triage, "you said, we did", who sees what."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from restorative.governance.models import Barrier
from restorative.governance.services.barriers import barrier_raise

TODAY = datetime.date.today()


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _raise(user: Any, team: Any = None, **extra: Any) -> Barrier:
    barrier, _ = barrier_raise(
        actor=user,
        theme=extra.pop("theme", "time"),
        description=extra.pop("description", "No time to prepare families for meetings"),
        team=team,
        **extra,
    )
    return barrier


def test_anyone_raises_a_barrier_once(world: Any) -> None:
    client = _client(world.allocated)
    token = str(uuid.uuid4())
    data = {
        "submission_token": token,
        "theme": "systems",
        "team": str(world.team_a1.uuid),
        "description": "The recording system needs six clicks per view",
    }
    assert client.post(reverse("governance:barrier_raise"), data).status_code == 302
    assert client.post(reverse("governance:barrier_raise"), data).status_code == 302
    barrier = Barrier.objects.get()
    assert barrier.service == world.service_a and barrier.raised_by == world.allocated
    body = client.get(reverse("governance:barriers")).content.decode()
    assert "six clicks" in body and "Not yet looked at" in body


def test_raising_without_what_gets_in_the_way_is_refused(world: Any) -> None:
    response = _client(world.allocated).post(
        reverse("governance:barrier_raise"),
        {"submission_token": str(uuid.uuid4()), "theme": "time", "description": "  "},
    )
    assert "Enter what gets in the way" in response.content.decode()
    assert not Barrier.objects.exists()


def test_partner_and_admin_cannot_raise(world: Any) -> None:
    for who in (world.partner, world.admin):
        assert _client(who).get(reverse("governance:barrier_raise")).status_code == 404


def test_leaders_see_their_place_and_not_others(world: Any) -> None:
    in_a1 = _raise(world.allocated, world.team_a1, description="Rooms are never free")
    in_b1 = _raise(world.other_service, world.team_b1, description="No interpreters")
    whole = _raise(world.allocated, None, description="Training clashes with court")

    head = _client(world.head).get(reverse("governance:barriers")).content.decode()
    assert "Rooms are never free" in head and "No interpreters" not in head
    assert "Training clashes" not in head.split("Barriers where you lead")[1]
    assert (
        _client(world.head).get(reverse("governance:barrier_detail", args=[in_b1.uuid])).status_code
        == 404
    )

    manager = _client(world.manager).get(reverse("governance:barriers")).content.decode()
    assert "Rooms are never free" in manager
    director = _client(world.director).get(reverse("governance:barriers")).content.decode()
    assert all(t in director for t in ("Rooms are never", "No interpreters", "Training clashes"))
    colleague = _client(world.same_team)
    assert colleague.get(reverse("governance:barrier_detail", args=[in_a1.uuid])).status_code == 404
    assert (
        _client(world.allocated)
        .get(reverse("governance:barrier_detail", args=[whole.uuid]))
        .status_code
        == 200
    )


def test_name_hidden_from_everyone_but_the_raiser(world: Any) -> None:
    barrier = _raise(world.allocated, world.team_a1, name_hidden=True)
    name = world.allocated.display_name
    head = _client(world.head).get(reverse("governance:barrier_detail", args=[barrier.uuid]))
    assert name not in head.content.decode() and "Name not shown" in head.content.decode()
    listing = _client(world.director).get(reverse("governance:barriers")).content.decode()
    assert name not in listing.split("Barriers where you lead")[1]
    own = _client(world.allocated).get(reverse("governance:barrier_detail", args=[barrier.uuid]))
    assert name in own.content.decode()


def _triage(client: Client, barrier: Barrier, **data: Any) -> Any:
    return client.post(reverse("governance:barrier_detail", args=[barrier.uuid]), data)


def _date(prefix: str, day: datetime.date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


def test_head_triages_and_the_raiser_sees_you_said_we_did(world: Any) -> None:
    barrier = _raise(world.allocated, world.team_a1)
    review = TODAY + datetime.timedelta(days=30)
    response = _triage(
        _client(world.head),
        barrier,
        status="accepted",
        owner=str(world.manager.uuid),
        action="Prep time protected in diaries on Mondays",
        **_date("review_on", review),
    )
    assert response.status_code == 302
    barrier.refresh_from_db()
    assert (barrier.status, barrier.owner, barrier.review_on) == ("accepted", world.manager, review)
    mine = _client(world.allocated).get(reverse("governance:barriers")).content.decode()
    assert "Prep time protected in diaries on Mondays" in mine
    assert "Accepted: action under way" in mine


def test_a_review_date_in_the_past_is_refused(world: Any) -> None:
    barrier = _raise(world.allocated, world.team_a1)
    response = _triage(
        _client(world.director),
        barrier,
        status="accepted",
        owner=str(world.manager.uuid),
        action="Diaries",
        **_date("review_on", TODAY - datetime.timedelta(days=1)),
    )
    assert response.status_code == 200
    assert "Review date must be today or in the future" in response.content.decode()
    barrier.refresh_from_db()
    assert barrier.status == "raised" and barrier.review_on is None and barrier.action == ""


def test_accepting_needs_an_owner_action_and_review(world: Any) -> None:
    barrier = _raise(world.allocated, world.team_a1)
    body = _triage(_client(world.director), barrier, status="accepted").content.decode()
    assert "Choose who owns the action" in body
    assert "Enter what we are doing about it" in body
    assert "Enter when it will be reviewed" in body
    barrier.refresh_from_db()
    assert barrier.status == "raised"


@pytest.mark.parametrize("who", ["manager", "other_head", "quality", "allocated"])
def test_only_heads_and_the_director_triage(world: Any, who: str) -> None:
    barrier = _raise(world.allocated, world.team_a1)
    response = _triage(_client(getattr(world, who)), barrier, status="resolved", action="Done")
    assert response.status_code == 404
    barrier.refresh_from_db()
    assert barrier.status == "raised"


def test_barriers_by_theme_and_status_on_the_picture(world: Any) -> None:
    _raise(world.allocated, world.team_a1, theme="time")
    _raise(world.allocated, world.team_a1, theme="time")
    _raise(world.other_service, world.team_b1, theme="systems")
    body = _client(world.head).get(reverse("governance:picture")).content.decode()
    table = body.split('id="barrier-counts"')[1].split("</table>")[0]
    assert "Time and workload" in table and "Systems and recording" not in table
