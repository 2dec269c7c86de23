"""The timeliness figures read the meetings due in a period through their own index
(migration 0012): due date first for the range, then the family (its team), status and day
held, so the count needs no meeting rows. Measured with bench numbers in the README."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_the_meetings_table_has_the_timeliness_index() -> None:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "practice_meeting")
    index = constraints["meeting_due_timeliness_idx"]
    assert index["index"] is True
    assert index["columns"] == ["due_date", "family_id", "status", "held_on"]


def test_the_overview_stays_two_queries(world: Any, django_assert_max_num_queries: Any) -> None:
    import datetime

    from restorative.practice import timeliness_selectors as ts

    today = datetime.date.today()
    with django_assert_max_num_queries(2):
        ts.timeliness_overview(world.director, ts.Period.default(today))
