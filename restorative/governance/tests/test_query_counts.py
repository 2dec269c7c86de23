"""The picture and the board report cost the same number of queries whatever the number of
teams, families and meetings (DESIGN.md: a constant number of SQL queries per page)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from restorative.governance.services.measures import snapshot_month
from restorative.people.tests.factories import FamilyFactory, StaffFactory, TeamFactory
from restorative.practice.models import Meeting, MeetingParticipant

from .conftest import MARCH


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _grow(march: Any) -> None:
    today = datetime.date.today()
    for n in range(3):
        team = TeamFactory(service=march.service_b, name=f"Extra team {n}", code=f"EX{n}")
        worker = StaffFactory(team=team, email=f"extra{n}@test.example")
        family = FamilyFactory(team=team, allocated_worker=worker)
        meeting = Meeting.objects.create(
            family=family,
            meeting_type="core_group",
            status="held",
            held_on=today,
            created_by=worker,
        )
        MeetingParticipant.objects.create(
            meeting=meeting, name="Jo", kind="professional", role="GP"
        )


def test_organisation_picture_and_board_report_queries_do_not_grow(march: Any) -> None:
    snapshot_month(month=MARCH, today=datetime.date(2026, 12, 5))
    client = Client()
    client.force_login(march.director)
    urls = [
        reverse("governance:picture"),
        reverse("governance:board_report"),
        reverse("governance:outcomes"),
        reverse("governance:picture_service", args=[march.service_b.uuid]),
    ]
    before = [_count(client, url) for url in urls]
    _grow(march)
    after = [_count(client, url) for url in urls]
    assert after == before
