"""Training compliance exports: the XLSX has the CSV's rows and columns, with real dates and
names that can never run as formulas; both follow the compliance scope."""

from __future__ import annotations

import csv
import datetime
import io
import json
import logging
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from restorative.workforce.exports import HEADERS, XLSX_CONTENT_TYPE

from .factories import CompletionFactory, CourseFactory, CourseRequirementFactory

FORMULA_NAME = '=HYPERLINK("https://evil.example","Click")'


@pytest.fixture
def training(world):  # type: ignore[no-untyped-def]
    course = CourseFactory(title="Foundation restorative practice", validity_months=36)
    CourseRequirementFactory(course=course, group="practitioner")
    world.allocated.first_name = FORMULA_NAME
    world.allocated.save()
    CompletionFactory(
        person=world.allocated,
        course=course,
        completed_on=datetime.date(2025, 6, 1),
        valid_until=datetime.date(2028, 5, 31),
    )
    return course


def _xlsx(client, team):  # type: ignore[no-untyped-def]
    return client.get(reverse("workforce:team_compliance_xlsx", args=[team.uuid]))


def _csv_rows(client, team) -> list[list[str]]:  # type: ignore[no-untyped-def]
    response = client.get(reverse("workforce:team_compliance_csv", args=[team.uuid]))
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_xlsx_has_the_csv_rows_and_columns_with_real_dates(client, world, training) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.manager)
    response = _xlsx(client, world.team_a1)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="training-compliance-NS1-')
    assert disposition.endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows())
    assert [cell.value for cell in rows[0]] == list(HEADERS)

    csv_rows = _csv_rows(client, world.team_a1)
    assert csv_rows[0] == list(HEADERS)
    assert len(rows) == len(csv_rows) > 2
    for xlsx_row, csv_row in zip(rows[1:], csv_rows[1:], strict=True):
        as_text = []
        for cell in xlsx_row:
            if cell.value is None:
                as_text.append("")
            elif cell.is_date:
                as_text.append(cell.value.date().isoformat())
            else:
                assert cell.data_type == "s"
                as_text.append(cell.value)
        # The CSV neutralises with an apostrophe; the XLSX keeps the value in a text cell.
        assert as_text == [value.removeprefix("'") for value in csv_row]

    mine = [
        row for row in rows[1:] if row[0].value == f"{FORMULA_NAME} {world.allocated.last_name}"
    ]
    assert len(mine) == 1
    completed, valid_until = mine[0][5], mine[0][6]
    assert completed.is_date and completed.value == datetime.datetime(2025, 6, 1)
    assert valid_until.is_date and valid_until.value == datetime.datetime(2028, 5, 31)
    assert mine[0][4].value == "Completed"


def test_a_name_that_looks_like_a_formula_is_a_text_cell(client, world, training) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.workforce)
    response = _xlsx(client, world.team_a1)
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2)]
    formula_like = [cell for cell in names if str(cell.value).startswith("=")]
    assert formula_like, "the export should include the formula-like name"
    for cell in formula_like:
        assert cell.data_type == "s"
        assert cell.value.startswith("=HYPERLINK")
        assert cell.quotePrefix  # Excel keeps it text even when the cell is edited
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


def test_an_empty_team_exports_just_the_header(client, world, training) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.workforce)
    response = _xlsx(client, world.team_b1)
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == HEADERS
    assert all(row[2] == "Children in Care East" for row in rows[1:])


@pytest.mark.parametrize("who", ["manager", "head", "director", "workforce"])
def test_xlsx_is_exported_within_the_compliance_scope(client, world, training, who: str) -> None:  # type: ignore[no-untyped-def]
    client.force_login(getattr(world, who))
    assert _xlsx(client, world.team_a1).status_code == 200


@pytest.mark.parametrize(
    "who",
    [
        "allocated",
        "asye_same_team",
        "support_same_team",
        "other_team_manager",
        "other_head",
        "quality",
        "admin",
        "partner",
    ],
)
def test_xlsx_is_refused_outside_the_compliance_scope(client, world, training, who: str) -> None:  # type: ignore[no-untyped-def]
    client.force_login(getattr(world, who))
    assert _xlsx(client, world.team_a1).status_code == 404
    response = client.get(reverse("workforce:team_compliance_csv", args=[world.team_a1.uuid]))
    assert response.status_code == 404


def test_anonymous_visitors_cannot_export(client, world, training) -> None:  # type: ignore[no-untyped-def]
    response = _xlsx(client, world.team_a1)
    assert response.status_code == 302
    assert response.url.startswith("/sign-in/")


def test_exports_are_logged_without_personal_data(client, world, training, caplog) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.manager)
    with caplog.at_level(logging.INFO, logger="restorative.security"):
        _xlsx(client, world.team_a1)
        _csv_rows(client, world.team_a1)
    events = [
        json.loads(r.getMessage()) for r in caplog.records if r.name == "restorative.security"
    ]
    exports = [e for e in events if e["event"] == "training_compliance_exported"]
    assert [e["format"] for e in exports] == ["xlsx", "csv"]
    assert all(e["team"] == str(world.team_a1.uuid) and e["user_id"] for e in exports)
    assert exports[0]["rows"] == exports[1]["rows"] != "0"
    assert "HYPERLINK" not in caplog.text


def test_the_team_page_links_to_both_exports(client, world, training) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.manager)
    page = client.get(reverse("workforce:team_compliance", args=[world.team_a1.uuid]))
    text = page.content.decode()
    assert reverse("workforce:team_compliance_csv", args=[world.team_a1.uuid]) in text
    assert reverse("workforce:team_compliance_xlsx", args=[world.team_a1.uuid]) in text
