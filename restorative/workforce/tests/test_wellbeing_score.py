"""The 0-10 wellbeing score in a supervision record (issue 10, point 8): optional, and seen by
the supervisor and the supervisee only (the session's rule), never by their managers, the
workforce team or the director, and never rolled up."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.urls import reverse

from restorative.workforce import services

from .test_review_fixes import _agree

pytestmark = pytest.mark.django_db

HELD_ON = datetime.date(2026, 2, 2)


def _session(world: Any, score: int | None) -> Any:
    agreement = _agree(world, "manager", "manager")
    session, _ = services.supervision_session_record(
        actor=world.manager,
        agreement=agreement,
        submission_token=uuid.uuid4(),
        held_on=HELD_ON,
        duration_minutes=90,
        wellbeing_score=score,
        today=HELD_ON,
    )
    return session


def test_the_score_is_optional(world: Any) -> None:
    session = _session(world, None)
    session.refresh_from_db()
    assert session.wellbeing_score is None


def test_supervisor_and_supervisee_see_the_score(client: Any, world: Any) -> None:
    session = _session(world, 3)
    url = reverse("workforce:supervision_session", args=[session.uuid])
    for person in (world.manager, world.allocated):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200
        assert "3 out of 10" in response.content.decode()


@pytest.mark.parametrize("who", ["head", "director", "workforce", "quality", "same_team"])
def test_nobody_else_sees_the_score(client: Any, world: Any, who: str) -> None:
    session = _session(world, 3)
    client.force_login(getattr(world, who))
    url = reverse("workforce:supervision_session", args=[session.uuid])
    assert client.get(url).status_code == 404


def test_no_score_given_says_so(client: Any, world: Any) -> None:
    session = _session(world, None)
    client.force_login(world.allocated)
    body = client.get(
        reverse("workforce:supervision_session", args=[session.uuid])
    ).content.decode()
    assert "Not given" in body
