"""Exports of the names behind a compliance figure (issue 5, point 4): every row the
drill-down page counts (not just one page of it), in CSV and XLSX, through the page's own
scope and checks, with real dates, names that never run as formulas, file names without
personal data, a security log line and a constant number of queries."""

from __future__ import annotations

import csv
import datetime
import io
import json
import logging
import re
from typing import Any
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from restorative.people.models import Staff
from restorative.people.tests.factories import StaffFactory
from restorative.workforce import selectors
from restorative.workforce.compliance import STATUS_LABELS, Status
from restorative.workforce.exports import HEADERS, XLSX_CONTENT_TYPE
from restorative.workforce.services import training_settings_get

from .factories import CompletionFactory, CourseFactory, CourseRequirementFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)
FORMULA_NAME = '=HYPERLINK("https://evil.example","Click")'


@pytest.fixture
def frozen(monkeypatch: Any) -> datetime.date:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def training(world: Any, frozen: datetime.date) -> Any:
    """Two courses for practitioners and managers; 30 more practitioners in North
    Safeguarding so a figure has more names than one page (25) of the drill-down."""
    training_settings_get()
    foundation = CourseFactory(title="Foundation restorative practice", validity_months=36)
    advanced = CourseFactory(title="Advanced restorative practice", validity_months=24)
    for course in (foundation, advanced):
        CourseRequirementFactory(course=course, group="practitioner")
        CourseRequirementFactory(course=course, group="team_manager")
    StaffFactory.create_batch(
        30, team=world.team_a1, organisation=world.org, role=Staff.Role.PRACTITIONER
    )
    world.allocated.first_name = FORMULA_NAME
    world.allocated.save()
    CompletionFactory(
        person=world.allocated,
        course=foundation,
        completed_on=datetime.date(2025, 6, 1),
        valid_until=datetime.date(2028, 5, 31),
    )
    CompletionFactory(  # overdue
        person=world.same_team,
        course=foundation,
        completed_on=datetime.date(2023, 1, 1),
        valid_until=datetime.date(2026, 1, 1),
    )
    CompletionFactory(  # due soon
        person=world.other_team,
        course=advanced,
        completed_on=datetime.date(2024, 4, 1),
        valid_until=datetime.date(2026, 4, 1),
    )
    return foundation


def _url(kind: str, **params: str) -> str:
    base = reverse(f"workforce:compliance_people_{kind}")
    return f"{base}?{urlencode(params)}" if params else base


def _csv(client: Any, **params: str) -> list[list[str]]:
    response = client.get(_url("csv", **params))
    assert response.status_code == 200, params
    return list(csv.reader(io.StringIO(response.content.decode())))


def _expected(user: Any, **params: str) -> list[tuple[str, str, str]]:
    """The drill-down's rows (name, course, status), read the page's way, all pages."""
    chosen = selectors.compliance_people_filter(user, any_status=True, **{"status": "", **params})
    rows = selectors.compliance_people(user, chosen, today=TODAY)
    return [
        (row.person.display_name, row.course.title, STATUS_LABELS[row.result.status])
        for row in rows[0 : len(rows)]
    ]


def _page_count(client: Any, **params: str) -> int:
    text = client.get(f"{reverse('workforce:compliance_people')}?{urlencode(params)}")
    match = re.search(r"(\d+) required course", text.content.decode())
    assert match, params
    return int(match.group(1))


SCOPES = {
    "director": [{}, {"team": "a1"}, {"team": "b1"}, {"service": "a"}, {"role": "practitioner"}],
    "workforce": [{}, {"team": "a2"}, {"role": "team_manager"}, {"course": "foundation"}],
    "head": [{}, {"team": "a1"}, {"service": "a"}, {"team": "none"}],
    "manager": [{}, {"team": "a1"}, {"role": "practitioner"}, {"course": "foundation"}],
}


def _params(world: Any, training: Any, raw: dict[str, str]) -> dict[str, str]:
    ids = {
        "a1": str(world.team_a1.uuid),
        "a2": str(world.team_a2.uuid),
        "b1": str(world.team_b1.uuid),
        "a": str(world.service_a.uuid),
        "foundation": str(training.uuid),
        "none": "none",
    }
    return {key: ids.get(value, value) for key, value in raw.items()}


@pytest.mark.parametrize("who", list(SCOPES))
def test_rows_are_the_drilldown_figures(client, world, training, who) -> None:  # type: ignore[no-untyped-def]
    user = getattr(world, who)
    client.force_login(user)
    for raw in SCOPES[who]:
        params = _params(world, training, raw)
        for status in ("", *Status):
            query = {**params, "status": status} if status else params
            rows = _csv(client, **query)
            assert rows[0] == list(HEADERS)
            got = [(r[0].removeprefix("'"), r[3], r[4]) for r in rows[1:]]
            assert got == _expected(user, **query), (who, query)
            if status:  # the page says the same figure (and lists it 25 at a time)
                assert len(got) == _page_count(client, **query), (who, query)
            else:  # no status: every required course, i.e. every status but "not required"
                assert "Not required" not in {row[2] for row in got}
    # The manager's organisation-wide file holds more than one page of names.
    if who == "manager":
        assert len(_csv(client, status="not_started")) - 1 > 25
    # Only people within the scope, whatever the filter.
    names = {row[0] for row in _csv(client)}
    if who == "manager":
        assert world.same_team.display_name in names
        assert world.other_team.display_name not in names
    if who == "head":
        assert world.other_service.display_name not in names


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_refused_like_the_page(client, world, training, kind) -> None:  # type: ignore[no-untyped-def]
    for who in ("allocated", "quality", "support_same_team", "partner"):
        client.force_login(getattr(world, who))
        assert client.get(_url(kind, status="overdue")).status_code == 404, who
        assert client.get(_url(kind)).status_code == 404, who
    client.force_login(world.other_team_manager)
    assert client.get(_url(kind, team=str(world.team_a1.uuid))).status_code == 404
    client.force_login(world.other_head)
    assert client.get(_url(kind, status="overdue", team=str(world.team_a1.uuid))).status_code == 404
    client.force_login(world.manager)
    for params in (
        {"status": "overdue", "team": str(world.team_a2.uuid)},
        {"status": "sideways"},
        {"status": "overdue", "role": "partner"},
        {"status": "overdue", "role": "wizard"},
        {"status": "overdue", "course": "not-a-uuid"},
        {"status": "overdue", "service": str(world.team_a1.uuid)},
    ):
        assert client.get(_url(kind, **params)).status_code == 404, params
        page = f"{reverse('workforce:compliance_people')}?{urlencode(params)}"
        assert client.get(page).status_code == 404, params
    client.logout()
    assert client.get(_url(kind, status="overdue")).status_code != 200


def test_xlsx_has_the_csv_rows_with_real_dates_and_text_names(client, world, training) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.manager)
    params = {"team": str(world.team_a1.uuid)}
    response = client.get(_url("xlsx", **params))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    csv_rows = _csv(client, **params)
    assert values[0] == list(HEADERS)
    assert len(values) == len(csv_rows) > 26
    for xlsx_row, csv_row in zip(values[1:], csv_rows[1:], strict=True):
        assert [
            cell.isoformat()[:10] if isinstance(cell, datetime.date) else (cell or "")
            for cell in xlsx_row
        ] == [value.removeprefix("'") for value in csv_row]
    # Real dates: the overdue completion's dates are date cells, not text.
    overdue = next(r for r in values if r[0] == world.same_team.display_name and r[4] == "Overdue")
    assert overdue[5] == datetime.datetime(2023, 1, 1)
    assert overdue[6] == datetime.datetime(2026, 1, 1)
    # The formula-like name is a text cell holding the name as it is, never a formula.
    formula_cells = [
        row[0] for row in sheet.iter_rows() if str(row[0].value).startswith("=HYPERLINK")
    ]
    assert formula_cells
    assert all(cell.data_type == "s" for cell in formula_cells)
    assert all(cell.value.startswith(FORMULA_NAME) for cell in formula_cells)
    # In the CSV it is neutralised with an apostrophe.
    assert any(row[0].startswith("'=HYPERLINK") for row in csv_rows)


def test_file_names_and_log_line_hold_no_personal_data(client, world, training, caplog) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.director)
    with caplog.at_level(logging.INFO, logger="restorative.security"):
        overdue = client.get(_url("csv", status="overdue", service=str(world.service_a.uuid)))
        everyone = client.get(_url("xlsx"))
        role = client.get(_url("csv", status="not_started", role="team_manager"))
        team = client.get(_url("xlsx", status="due_soon", team=str(world.team_a2.uuid)))
    disposition = [r["Content-Disposition"] for r in (overdue, everyone, role, team)]
    assert disposition == [
        'attachment; filename="compliance-overdue-safeguarding-2026-03-02.csv"',
        'attachment; filename="compliance-all-required-2026-03-02.xlsx"',
        'attachment; filename="compliance-not-started-team-manager-2026-03-02.csv"',
        'attachment; filename="compliance-due-soon-ss1-2026-03-02.xlsx"',
    ]
    events = [
        json.loads(r.getMessage()) for r in caplog.records if r.name == "restorative.security"
    ]
    logged = [e for e in events if e["event"] == "training_compliance_exported"]
    assert [e["format"] for e in logged] == ["csv", "xlsx", "csv", "xlsx"]
    assert [e["status"] for e in logged] == ["overdue", "all_required", "not_started", "due_soon"]
    assert logged[0]["service"] == str(world.service_a.uuid)
    assert logged[3]["team"] == str(world.team_a2.uuid)
    assert all(e["user_id"] == str(world.director.pk) for e in logged)
    assert all(e["role"] == "director" for e in logged)  # who exported, not the filter
    assert logged[2]["staff_role"] == "team_manager"
    assert int(logged[1]["rows"]) == len(_expected(world.director))
    assert "HYPERLINK" not in caplog.text and "Person" not in caplog.text


def test_the_pages_link_to_the_exports(client, world, training) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.manager)
    query = urlencode({"status": "not_started", "team": str(world.team_a1.uuid)})
    text = client.get(f"{reverse('workforce:compliance_people')}?{query}&page=2").content.decode()
    escaped = query.replace("&", "&amp;")
    assert f'{reverse("workforce:compliance_people_csv")}?{escaped}"' in text
    assert f'{reverse("workforce:compliance_people_xlsx")}?{escaped}"' in text
    assert "Download as CSV" in text and "Download as XLSX" in text
    overview = client.get(reverse("workforce:compliance")).content.decode()
    assert f'href="{reverse("workforce:compliance_people_csv")}"' in overview
    assert f'href="{reverse("workforce:compliance_people_xlsx")}"' in overview


def _grow(world: Any, size: int) -> None:
    StaffFactory.create_batch(
        size, team=world.team_a1, organisation=world.org, role=Staff.Role.PRACTITIONER
    )


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize(
    ("who", "params"),
    [("director", {}), ("manager", {"status": "not_started"}), ("head", {"role": "practitioner"})],
)
def test_constant_queries_for_5_and_50_staff(client, world, training, kind, who, params) -> None:  # type: ignore[no-untyped-def]
    client.force_login(getattr(world, who))
    counts, sizes = [], []
    for size in (5, 45):  # 5 more staff, then 50 more
        _grow(world, size)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(_url(kind, **params))
        assert response.status_code == 200
        counts.append(len(queries))
        if kind == "csv":
            sizes.append(len(response.content.decode().splitlines()))
    assert counts[0] == counts[1], counts
    if sizes:
        assert sizes[1] >= sizes[0] + 50
