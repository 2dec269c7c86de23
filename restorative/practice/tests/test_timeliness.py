"""Timeliness of statutory meetings: the pure rule at its boundaries, and the page, CSV,
XLSX, API and command giving the same figures to those who may see them (issue 10, point 4)."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from restorative.people.tests.factories import FamilyFactory
from restorative.practice.models import Meeting, MeetingType
from restorative.practice.timeliness import Outcome, classify, working_days_after

D = datetime.date
TODAY = D(2027, 1, 15)


# --- The rule, at every boundary ----------------------------------------------------------


def test_held_on_the_due_date_is_on_time() -> None:
    result = classify(status="held", due_date=D(2026, 12, 24), held_on=D(2026, 12, 24), today=TODAY)
    assert result.outcome is Outcome.ON_TIME
    assert result.working_days_late == 0


def test_held_before_the_due_date_is_on_time() -> None:
    result = classify(status="held", due_date=D(2026, 12, 24), held_on=D(2026, 12, 1), today=TODAY)
    assert result.outcome is Outcome.ON_TIME


def test_late_by_one_working_day_across_christmas_and_boxing_day_observed() -> None:
    # Due Thursday 24 December 2026; the 25th, the weekend and Monday 28th (Boxing Day
    # observed) are not working days, so Tuesday 29th is the first working day after.
    result = classify(status="held", due_date=D(2026, 12, 24), held_on=D(2026, 12, 29), today=TODAY)
    assert result.outcome is Outcome.LATE
    assert result.working_days_late == 1
    late_2 = classify(status="held", due_date=D(2026, 12, 24), held_on=D(2026, 12, 30), today=TODAY)
    assert late_2.working_days_late == 2


def test_held_on_a_bank_holiday_after_the_due_date_is_late_by_one() -> None:
    for held in (D(2026, 12, 25), D(2026, 12, 26), D(2026, 12, 28)):
        result = classify(status="held", due_date=D(2026, 12, 24), held_on=held, today=TODAY)
        assert (result.outcome, result.working_days_late) == (Outcome.LATE, 1)


def test_open_meeting_past_its_due_date_is_not_held_and_counts_working_days() -> None:
    result = classify(
        status="scheduled", due_date=D(2026, 12, 24), held_on=None, today=D(2026, 12, 29)
    )
    assert (result.outcome, result.working_days_late) == (Outcome.NOT_HELD, 1)
    to_arrange = classify(
        status="to_arrange", due_date=D(2026, 12, 23), held_on=None, today=D(2026, 12, 24)
    )
    assert (to_arrange.outcome, to_arrange.working_days_late) == (Outcome.NOT_HELD, 1)


def test_open_meeting_due_today_is_not_yet_due() -> None:
    result = classify(status="scheduled", due_date=TODAY, held_on=None, today=TODAY)
    assert result.outcome is Outcome.NOT_YET_DUE


def test_cancelled_meeting_is_cancelled() -> None:
    result = classify(status="cancelled", due_date=D(2026, 1, 1), held_on=None, today=TODAY)
    assert result.outcome is Outcome.CANCELLED


def test_working_days_after_matches_the_smallest_n_definition() -> None:
    from restorative.core.working_days import add_working_days

    due = D(2026, 12, 18)
    for offset in range(0, 30):
        day = due + datetime.timedelta(days=offset)
        n = working_days_after(due, day)
        assert day <= add_working_days(due, n)
        if n:
            assert day > add_working_days(due, n - 1)


# --- Figures through every door -----------------------------------------------------------


def _meeting(family: Any, actor: Any, *, due: D, status: str, held: D | None = None) -> Meeting:
    return Meeting.objects.create(
        family=family,
        meeting_type=MeetingType.REVIEW_CONFERENCE,
        status=status,
        due_date=due,
        held_on=held,
        scheduled_at=None
        if status != "scheduled"
        else datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        created_by=actor,
    )


@pytest.fixture
def timeliness_data(world: Any) -> Any:
    """In team NS1: one on time, two late, one not held, one not yet due, one cancelled;
    in team CE1 (another service): one late. Due dates from 1 Dec 2026; today 15 Jan 2027."""
    family, actor = world.family, world.allocated
    _meeting(family, actor, due=D(2026, 12, 24), status="held", held=D(2026, 12, 24))
    _meeting(family, actor, due=D(2026, 12, 24), status="held", held=D(2026, 12, 29))
    _meeting(family, actor, due=D(2026, 12, 10), status="held", held=D(2026, 12, 31))
    _meeting(family, actor, due=D(2027, 1, 5), status="to_arrange")
    _meeting(family, actor, due=D(2027, 1, 20), status="to_arrange")
    _meeting(family, actor, due=D(2026, 12, 2), status="cancelled")
    _meeting(family, actor, due=D(2026, 11, 30), status="held", held=D(2026, 12, 30))  # before
    other = FamilyFactory(team=world.team_b1, name="Jones")
    _meeting(other, actor, due=D(2026, 12, 15), status="held", held=D(2026, 12, 16))
    return world


QUERY = {"start": "01/12/2026", "end": "31/01/2027"}


@pytest.fixture
def frozen_today(monkeypatch: Any) -> None:
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


NS1 = ["Children in Care", "North Safeguarding"]


def _csv_rows(response: Any) -> list[list[str]]:
    text = (
        b"".join(response).decode("utf-8-sig")
        if response.streaming
        else response.content.decode("utf-8-sig")
    )
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.django_db
def test_page_csv_xlsx_api_and_command_give_the_same_figures(
    timeliness_data: Any, client: Any, frozen_today: None
) -> None:
    world = timeliness_data
    client.force_login(world.director)
    page = client.get(reverse("practice:timeliness"), QUERY)
    assert page.status_code == 200
    html = page.content.decode()
    row = html.split(f'id="team-{world.team_a1.uuid}"')[1].split("</tr>")[0]
    cells = [c.split(">", 1)[1].split("<")[0] for c in row.split("<td")[2:]]
    # due, on time, late, not held, not yet due, cancelled
    assert cells == ["6", "1 (25%)", "2 (50%)", "1 (25%)", "1", "1"]

    expected = ["6", "1", "2", "1", "1", "1", "25", "50", "25"]
    csv_rows = _csv_rows(client.get(reverse("practice:timeliness_csv"), QUERY))
    ns1 = next(r for r in csv_rows if r[1] == "North Safeguarding")
    assert ns1[3:] == expected
    total = next(r for r in csv_rows if r[0] == "Whole organisation")
    assert total[3:9] == ["7", "1", "3", "1", "1", "1"]

    xlsx = client.get(reverse("practice:timeliness_xlsx"), QUERY)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    xrow = next(r for r in sheet.iter_rows(values_only=True) if r[1] == "North Safeguarding")
    assert [str(v) for v in xrow[3:]] == expected

    api = client.get("/api/practice/timeliness/", {"start": "2026-12-01", "end": "2027-01-31"})
    assert api.status_code == 200
    teams = {t["code"]: t["figures"] for s in api.json()["services"] for t in s["teams"]}
    f = teams["NS1"]
    assert [f[k] for k in ("due", "on_time", "late", "not_held", "not_yet_due", "cancelled")] == [
        6,
        1,
        2,
        1,
        1,
        1,
    ]
    assert [f["on_time_percent"], f["late_percent"], f["not_held_percent"]] == [25, 50, 25]

    out = io.StringIO()
    call_command(
        "meeting_timeliness",
        "--from",
        "2026-12-01",
        "--to",
        "2027-01-31",
        "--today",
        TODAY.isoformat(),
        "--format",
        "csv",
        stdout=out,
    )
    cmd = next(r for r in csv.reader(io.StringIO(out.getvalue())) if r[1] == "North Safeguarding")
    assert cmd[3:] == expected


@pytest.mark.django_db
def test_team_list_shows_each_meeting_with_working_days_late(
    timeliness_data: Any, client: Any, frozen_today: None
) -> None:
    world = timeliness_data
    client.force_login(world.manager)
    url = reverse("practice:team_timeliness", args=[world.team_a1.uuid])
    html = client.get(url, {**QUERY, "outcome": "late"}).content.decode()
    assert "Held late, 1 working day late" in html
    assert "Held late, 13 working days late" in html
    assert "Held on time" not in html.split('id="timeliness-meetings"')[1]


@pytest.mark.django_db
def test_who_sees_which_teams(timeliness_data: Any, client: Any, frozen_today: None) -> None:
    world = timeliness_data
    client.force_login(world.manager)
    html = client.get(reverse("practice:timeliness"), QUERY).content.decode()
    assert "North Safeguarding" in html and "Children in Care East" not in html
    assert "South Safeguarding" not in html
    client.force_login(world.head)
    html = client.get(reverse("practice:timeliness"), QUERY).content.decode()
    assert "South Safeguarding" in html and "Children in Care East" not in html
    client.force_login(world.quality)
    html = client.get(reverse("practice:timeliness"), QUERY).content.decode()
    assert "Children in Care East" in html
    # A manager cannot open another team's list.
    client.force_login(world.other_team_manager)
    assert (
        client.get(reverse("practice:team_timeliness", args=[world.team_a1.uuid])).status_code
        == 404
    )


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["allocated", "support_same_team", "partner", "admin", "workforce"])
def test_others_get_404_everywhere(timeliness_data: Any, client: Any, who: str) -> None:
    client.force_login(getattr(timeliness_data, who))
    for name in ("practice:timeliness", "practice:timeliness_csv", "practice:timeliness_xlsx"):
        assert client.get(reverse(name), QUERY).status_code == 404
    assert client.get("/api/practice/timeliness/").status_code == 404
    url = reverse("practice:team_timeliness", args=[timeliness_data.team_a1.uuid])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_bad_dates_get_a_clear_message_and_no_figures(timeliness_data: Any, client: Any) -> None:
    client.force_login(timeliness_data.director)
    html = client.get(
        reverse("practice:timeliness"), {"start": "31/02/2026", "end": "x"}
    ).content.decode()
    assert "There is a problem" in html
    assert "Start date must be a real date" in html
    assert "End date must be a real date" in html
    assert "timeliness-period" not in html
    backwards = client.get(
        reverse("practice:timeliness"), {"start": "01/03/2026", "end": "01/02/2026"}
    )
    assert "The end date must be the same as or after the start date" in backwards.content.decode()
    api = client.get("/api/practice/timeliness/", {"start": "2026-02-31"})
    assert api.status_code == 400


@pytest.mark.django_db
def test_linked_from_meetings_due_and_the_team_page_for_those_who_may(
    timeliness_data: Any, client: Any
) -> None:
    world = timeliness_data
    client.force_login(world.manager)
    assert 'id="timeliness-link"' in client.get(reverse("practice:meetings_due")).content.decode()
    client.force_login(world.allocated)
    assert (
        'id="timeliness-link"' not in client.get(reverse("practice:meetings_due")).content.decode()
    )
    from restorative.people import team_links

    hrefs = [link["href"] for link in team_links.links_for(world.manager, world.team_a1)]
    assert reverse("practice:team_timeliness", args=[world.team_a1.uuid]) in hrefs
    others = team_links.links_for(world.other_team_manager, world.team_a1)
    assert not any("timeliness" in link["href"] for link in others)


@pytest.mark.django_db
def test_overview_is_a_fixed_number_of_queries(
    timeliness_data: Any, django_assert_max_num_queries: Any
) -> None:
    from restorative.practice import timeliness_selectors as selectors

    period = selectors.Period(D(2026, 12, 1), D(2027, 1, 31), TODAY)
    with django_assert_max_num_queries(2):
        selectors.timeliness_overview(timeliness_data.director, period)
