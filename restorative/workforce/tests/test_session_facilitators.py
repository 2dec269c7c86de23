"""Who may facilitate a training session (issue 14, point 6): our own active staff, never
business support, a partner or an administrator; listed as checkboxes grouped by team with
their role (no Ctrl-click list), and the same rule in the service and the API."""

from __future__ import annotations

import datetime
import uuid
from html import unescape
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from restorative.workforce import services
from restorative.workforce.models import Session
from restorative.workforce.tests.factories import CourseFactory

pytestmark = pytest.mark.django_db

FUTURE = timezone.localdate() + datetime.timedelta(days=10)


def _page(client: Any, world: Any) -> tuple[str, str]:
    course = CourseFactory()
    client.force_login(world.workforce)
    url = reverse("workforce:session_create", args=[course.uuid])
    return url, unescape(client.get(url).content.decode())


def test_the_form_lists_facilitators_grouped_by_team_with_their_role(
    client: Any, world: Any
) -> None:
    _, page = _page(client, world)
    assert 'class="app-select-multiple"' not in page and "Hold Ctrl" not in page
    assert "data-choice-filter" in page
    assert world.manager.choice_label in page
    assert 'id="id_facilitators-group-' in page and ">North Safeguarding</h3>" in page
    for refused in ("support_same_team", "partner", "admin"):
        assert getattr(world, refused).display_name not in page, refused


def _post(world: Any, facilitators: list[str]) -> dict[str, Any]:
    return {
        "submission_token": str(uuid.uuid4()),
        "date": FUTURE.strftime("%d/%m/%Y"),
        "start_time": "09:30",
        "place": "Room 1",
        "capacity": "10",
        "facilitators": facilitators,
    }


def test_several_facilitators_are_chosen_without_scripts(client: Any, world: Any) -> None:
    url, _ = _page(client, world)
    response = client.post(url, _post(world, [world.manager.pk, world.same_team.pk]))
    assert response.status_code == 302
    assert set(Session.objects.get().facilitators.all()) == {world.manager, world.same_team}


def test_business_support_is_refused_by_the_page(client: Any, world: Any) -> None:
    url, _ = _page(client, world)
    response = client.post(url, _post(world, [world.support_same_team.pk]))
    assert response.status_code == 200
    assert "Choose facilitators from the list" in response.content.decode()
    assert not Session.objects.exists()


def test_business_support_is_refused_by_the_service(world: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        services.session_create(
            actor=world.workforce,
            course=CourseFactory(),
            starts_at=timezone.now() + datetime.timedelta(days=3),
            capacity=10,
            place="Room 1",
            facilitators=[world.support_same_team],
        )
    assert "cannot facilitate a training session" in str(refused.value)
    assert not Session.objects.exists()


def test_business_support_is_refused_by_the_api(world: Any) -> None:
    api = APIClient()
    api.force_authenticate(world.workforce)
    response = api.post(
        "/api/workforce/sessions/",
        {
            "course": str(CourseFactory().uuid),
            "starts_at": (timezone.now() + datetime.timedelta(days=3)).isoformat(),
            "capacity": 10,
            "place": "Room 1",
            "facilitators": [str(world.support_same_team.uuid)],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "facilitators" in response.json()
    assert not Session.objects.exists()
