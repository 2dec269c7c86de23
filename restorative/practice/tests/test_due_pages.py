""" "Meetings due" a page at a time (issue 16): each list shows 25 with its own pages, so a busy
team's page costs what a quiet team's does; the cursor in the address never widens what the
person may see."""

from __future__ import annotations

import datetime
import re
import uuid
from html import unescape
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from restorative.practice.models import Meeting

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def _overdue_copies(meeting: Meeting, n: int) -> None:
    """`n` more open meetings of the same family, each overdue by a different number of days."""
    for days in range(1, n + 1):
        copy = Meeting.objects.get(pk=meeting.pk)
        copy.pk = None
        copy.uuid = uuid.uuid4()
        copy.submission_token = None
        copy.scheduled_at = None
        copy.status = Meeting.Status.TO_ARRANGE
        copy.due_date = TODAY - datetime.timedelta(days=days)
        copy.save()


def _section(html: str, heading_id: str) -> str:
    """The part of the page from the heading with `heading_id` to the next second-level heading."""
    match = re.search(rf'<h2[^>]*id="{heading_id}".*?(?=<h2|\Z)', html, re.S)
    assert match is not None, heading_id
    return match.group(0)


def _rows(section: str) -> int:
    return section.count('<tr class="govuk-table__row">') - 1  # less the head row


def _next_link(section: str) -> str:
    match = re.search(r'href="([^"]+)" rel="next"', section)
    assert match is not None
    return unescape(match.group(1))


def test_a_long_overdue_list_shows_25_and_pages_to_the_rest(
    client: Any, world: Any, practice: Any
) -> None:
    Meeting.objects.filter(family=world.family).update(due_date=TODAY - datetime.timedelta(days=90))
    _overdue_copies(practice.not_invited, 28)  # 30 overdue with the two of the fixture
    client.force_login(world.manager)
    url = reverse("practice:meetings_due") + "?scope=team"
    html = client.get(url).content.decode()
    overdue = _section(html, "overdue")
    assert "Overdue (30)" in overdue
    assert _rows(overdue) == 25
    assert "Last<span" in overdue and 'rel="prev"' not in overdue
    # The oldest first: the two fixture meetings (90 days overdue) lead the list.
    html = client.get(reverse("practice:meetings_due") + _next_link(overdue)).content.decode()
    overdue = _section(html, "overdue")
    assert _rows(overdue) == 5
    assert 'rel="prev"' in overdue and 'rel="next"' not in overdue
    assert "scope=team" in _next_link(_section(client.get(url).content.decode(), "overdue"))


def test_the_page_costs_the_same_queries_for_5_or_50_overdue_meetings(
    client: Any, world: Any, practice: Any
) -> None:
    client.force_login(world.manager)
    url = reverse("practice:meetings_due") + "?scope=team"
    _overdue_copies(practice.not_invited, 5)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _overdue_copies(practice.not_invited, 45)
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert _rows(_section(html, "overdue")) == 25
    assert len(many) == len(few)


def test_a_cursor_from_another_team_shows_nothing_of_that_team(
    client: Any, world: Any, practice: Any
) -> None:
    _overdue_copies(practice.not_invited, 30)
    client.force_login(world.manager)
    url = reverse("practice:meetings_due") + "?scope=team"
    cursor = _next_link(_section(client.get(url).content.decode(), "overdue"))
    client.force_login(world.other_team_manager)
    html = client.get(reverse("practice:meetings_due") + cursor).content.decode()
    assert "Nothing is overdue." in html
    assert world.family.case_reference not in html


def test_a_tampered_cursor_shows_the_first_page(client: Any, world: Any, practice: Any) -> None:
    _overdue_copies(practice.not_invited, 30)
    client.force_login(world.manager)
    response = client.get(reverse("practice:meetings_due") + "?scope=team&overdue_at=forged")
    assert response.status_code == 200
    assert _rows(_section(response.content.decode(), "overdue")) == 25
