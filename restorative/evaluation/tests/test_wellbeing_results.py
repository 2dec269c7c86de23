"""Staff survey results under the anonymity rule, everywhere: page, CSV, XLSX, API, admin.

The organisation used here (besides the shared `world`):
- Safeguarding: North Safeguarding, 4 answer (too few); South Safeguarding, 6 answer, hidden
  too, or Safeguarding (10) minus South would show the 4;
- Early Help (a new service of 9): Early Help North, 6 answer, hidden because the rest of the
  service would be 3; Early Help South, 3 answer;
- Children in Care: Children in Care East, 7 answer, shown.
"""

from __future__ import annotations

import csv
import io
from types import SimpleNamespace
from typing import Any
from unittest import mock

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from restorative.evaluation.models import WellbeingParticipation, WellbeingResponse
from restorative.evaluation.wellbeing.exports import HIDDEN
from restorative.people.tests.factories import ServiceFactory, TeamFactory

from .wellbeing_helpers import TODAY, answer_as, make_round, people_in, signed_in

pytestmark = pytest.mark.django_db

SECRET_FOUR = "FOUR-TEAM-COMMENT"
SECRET_SIX = "SIX-TEAM-COMMENT"
SHOWN_COMMENT = "EAST-TEAM-COMMENT"


@pytest.fixture(autouse=True)
def _today() -> Any:
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        yield


@pytest.fixture
def survey(world: Any) -> SimpleNamespace:
    early_help = ServiceFactory(organisation=world.org, name="Early Help")
    eh_north = TeamFactory(service=early_help, name="Early Help North", code="EHN")
    eh_south = TeamFactory(service=early_help, name="Early Help South", code="EHS")
    south_extra = people_in(world.team_a2, 6, world)
    eh_north_people = people_in(eh_north, 6, world)
    eh_south_people = people_in(eh_south, 3, world)
    east_people = people_in(world.team_b1, 7, world)
    round_ = make_round(world)
    for person in (world.allocated, world.same_team, world.asye_same_team, world.manager):
        answer_as(person, round_, value=0, comment=SECRET_FOUR)
    for person in south_extra:
        answer_as(person, round_, value=3)
    for person in eh_north_people:
        answer_as(person, round_, value=9, comment=SECRET_SIX)
    for person in eh_south_people:
        answer_as(person, round_, value=2)
    for person in east_people:
        answer_as(person, round_, value=8, comment=SHOWN_COMMENT)
    return SimpleNamespace(
        round=round_, early_help=early_help, eh_north=eh_north, eh_south=eh_south
    )


def _results_url(survey: SimpleNamespace, group: str = "") -> str:
    url = reverse("evaluation:wellbeing_results", args=[survey.round.uuid])
    return f"{url}?group={group}" if group else url


def _api(client: Any, survey: SimpleNamespace, group: str = "") -> Any:
    url = reverse(
        "api-evaluation-wellbeing-round-results", kwargs={"round_uuid": survey.round.uuid}
    )
    return client.get(url, {"group": group} if group else {})


def _csv_rows(client: Any, survey: SimpleNamespace) -> dict[str, list[str]]:
    response = client.get(reverse("evaluation:wellbeing_results_csv", args=[survey.round.uuid]))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    return {row[1]: row for row in csv.reader(io.StringIO(text))}


def _xlsx_rows(client: Any, survey: SimpleNamespace) -> dict[str, list[Any]]:
    response = client.get(reverse("evaluation:wellbeing_results_xlsx", args=[survey.round.uuid]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    return {row[1]: list(row) for row in sheet.iter_rows(values_only=True)}


def test_a_team_of_four_shows_nothing_on_the_page(world: Any, survey: SimpleNamespace) -> None:
    client = signed_in(world.director)
    assert "North Safeguarding" not in client.get(_results_url(survey)).content.decode()
    page = client.get(_results_url(survey, f"service:{world.service_a.uuid}")).content.decode()
    row = page.split("North Safeguarding</a>")[1].split("</tr>")[0]
    assert "hidden" in row
    assert ">4<" not in row
    team_page = client.get(_results_url(survey, f"team:{world.team_a1.uuid}"))
    body = team_page.content.decode()
    assert team_page.status_code == 200
    assert "Too few people in this group answered" in body
    assert SECRET_FOUR not in body
    assert "Mean answer to each question" not in body


def test_a_team_of_four_shows_nothing_in_the_csv(world: Any, survey: SimpleNamespace) -> None:
    rows = _csv_rows(signed_in(world.director), survey)
    assert rows["North Safeguarding"][3:] == ["5", HIDDEN]
    assert rows["Safeguarding"][4] == "10"


def test_a_team_of_four_shows_nothing_in_the_spreadsheet(
    world: Any, survey: SimpleNamespace
) -> None:
    rows = _xlsx_rows(signed_in(world.director), survey)
    assert rows["North Safeguarding"][3:5] == [5, HIDDEN]
    assert all(cell is None for cell in rows["North Safeguarding"][5:])


def test_a_team_of_four_shows_nothing_in_the_api(world: Any, survey: SimpleNamespace) -> None:
    client = signed_in(world.director)
    groups = {g["name"]: g for g in _api(client, survey).json()["groups"]}
    team = groups["North Safeguarding"]
    assert team["shown"] is False
    assert team["respondents"] is None
    assert team["response_rate"] is None
    assert team["theme_means"] == {} and team["item_means"] == {}
    chosen = _api(client, survey, f"team:{world.team_a1.uuid}").json()
    assert chosen["chosen"]["shown"] is False
    assert chosen["comments"] == [] and chosen["comment_total"] == 0
    assert SECRET_FOUR not in str(chosen)


def test_a_service_of_nine_hides_its_team_of_six_because_the_rest_would_be_three(
    world: Any, survey: SimpleNamespace
) -> None:
    client = signed_in(world.director)
    groups = {g["name"]: g for g in _api(client, survey).json()["groups"]}
    assert groups["Early Help"]["shown"] is True
    assert groups["Early Help"]["respondents"] == 9
    assert groups["Early Help North"]["shown"] is False
    assert groups["Early Help South"]["shown"] is False
    assert _csv_rows(client, survey)["Early Help North"][4] == HIDDEN
    assert _xlsx_rows(client, survey)["Early Help North"][4] == HIDDEN
    body = client.get(_results_url(survey, f"team:{survey.eh_north.uuid}")).content.decode()
    assert SECRET_SIX not in body
    assert "Too few people in this group answered" in body
    # The team beside the team of four is hidden for the same reason.
    assert groups["South Safeguarding"]["shown"] is False
    # A team whose service holds no one else is shown, with its comments.
    assert groups["Children in Care East"]["shown"] is True
    east = client.get(_results_url(survey, f"team:{world.team_b1.uuid}")).content.decode()
    assert east.count(SHOWN_COMMENT) == 7


def test_organisation_figures_and_swemwbs_free_default(world: Any, survey: SimpleNamespace) -> None:
    data = _api(signed_in(world.allocated), survey).json()
    organisation = data["groups"][0]
    assert organisation["level"] == "organisation"
    assert organisation["respondents"] == 26
    assert organisation["swemwbs_mean"] is None
    # 4 answered 0, 6 answered 3, 6 answered 9, 3 answered 2, 7 answered 8.
    mean = round((0 * 4 + 3 * 6 + 9 * 6 + 2 * 3 + 8 * 7) / 26, 2)
    assert organisation["item_means"]["worthwhile"] == mean


def test_a_practitioner_sees_the_organisation_only(world: Any, survey: SimpleNamespace) -> None:
    client = signed_in(world.other_service)
    labels = [g["name"] for g in _api(client, survey).json()["groups"]]
    assert labels == ["Whole organisation"]
    assert client.get(_results_url(survey, f"team:{world.team_b1.uuid}")).status_code == 404
    assert _api(client, survey, f"team:{world.team_b1.uuid}").status_code == 404
    assert set(_csv_rows(client, survey)) == {"Group", "Whole organisation"}


def test_a_team_manager_sees_their_team_and_a_head_their_service(
    world: Any, survey: SimpleNamespace
) -> None:
    manager = {g["name"] for g in _api(signed_in(world.manager), survey).json()["groups"]}
    assert manager == {"Whole organisation", "North Safeguarding"}
    head = {g["name"] for g in _api(signed_in(world.head), survey).json()["groups"]}
    assert head == {
        "Whole organisation",
        "Safeguarding",
        "North Safeguarding",
        "South Safeguarding",
    }
    other = signed_in(world.other_team_manager)
    assert other.get(_results_url(survey, f"team:{world.team_a1.uuid}")).status_code == 404


def test_partners_see_no_results(world: Any, survey: SimpleNamespace) -> None:
    client = signed_in(world.partner)
    assert client.get(_results_url(survey)).status_code == 404
    assert _api(client, survey).status_code == 404
    assert (
        client.get(
            reverse("evaluation:wellbeing_results_csv", args=[survey.round.uuid])
        ).status_code
        == 404
    )


def test_responses_and_participation_are_not_in_the_admin_site() -> None:
    assert WellbeingResponse not in admin.site._registry
    assert WellbeingParticipation not in admin.site._registry


def test_the_results_page_makes_the_same_number_of_queries_whatever_the_size(
    world: Any, survey: SimpleNamespace
) -> None:
    from django.core.cache import cache

    client = signed_in(world.director)

    def counted() -> tuple[int, int]:
        """Queries of the page computed afresh, then read back from the cache."""
        cache.clear()
        with CaptureQueriesContext(connection) as cold:
            client.get(_results_url(survey))
        with CaptureQueriesContext(connection) as warm:
            client.get(_results_url(survey))
        return len(cold), len(warm)

    client.get(_results_url(survey))
    before = counted()
    more = people_in(world.team_b1, 12, world)
    for person in more:
        answer_as(person, survey.round, value=5, comment="more")
    assert counted() == before
    assert before[1] == before[0] - 1  # from the cache: no grouped query


def test_an_open_rounds_figures_count_a_new_answer_at_once(
    world: Any, survey: SimpleNamespace
) -> None:
    client = signed_in(world.director)
    first = _api(client, survey).json()
    more = people_in(world.team_b1, 1, world)
    answer_as(more[0], survey.round, value=5)
    then = _api(client, survey).json()
    organisation = [g for g in then["groups"] if g["level"] == "organisation"][0]
    before = [g for g in first["groups"] if g["level"] == "organisation"][0]
    assert organisation["respondents"] == before["respondents"] + 1


def test_the_chart_is_svg_with_a_table_beside_it(world: Any, survey: SimpleNamespace) -> None:
    body = signed_in(world.director).get(_results_url(survey)).content.decode()
    assert "<svg" in body and "Mean score by theme" in body
    assert "<script src=" not in body


def test_the_openapi_schema_documents_the_results(world: Any) -> None:
    schema = signed_in(world.director).get("/api/schema/", {"format": "json"}).json()
    assert "/api/evaluation/wellbeing/rounds/{round_uuid}/results/" in schema["paths"]


def test_a_round_nobody_has_answered_yet_shows_nothing_and_does_not_fail(world: Any) -> None:
    round_ = make_round(world)
    client = signed_in(world.director)
    page = client.get(reverse("evaluation:wellbeing_results", args=[round_.uuid]))
    assert page.status_code == 200
    assert "Too few people in this group answered" in page.content.decode()
    csv_page = client.get(reverse("evaluation:wellbeing_results_csv", args=[round_.uuid]))
    assert HIDDEN in csv_page.content.decode("utf-8-sig")
    api = client.get(
        reverse("api-evaluation-wellbeing-round-results", kwargs={"round_uuid": round_.uuid}),
        {"group": "team:not-a-uuid"},
    )
    assert api.status_code == 404


def test_comments_are_shuffled_and_the_same_on_every_reading(
    world: Any, survey: SimpleNamespace
) -> None:
    client = signed_in(world.director)
    first = _api(client, survey).json()["comments"]
    assert first == _api(client, survey).json()["comments"]
    assert SECRET_FOUR in first  # the organisation's comments include everyone's
    assert len(first) == 4 + 6 + 7


def test_the_spreadsheet_writes_formula_like_text_as_text() -> None:
    from restorative.core.downloads import xlsx_bytes

    content, count = xlsx_bytes(
        [['=HYPERLINK("http://x")', 5, "+44", "plain"]],
        sheet_title="Test",
        headers=["a", "b", "c", "d"],
        widths=(),
    )
    assert count == 1
    sheet = load_workbook(io.BytesIO(content)).active
    cells = list(sheet.iter_rows(min_row=2, values_only=False))[0]
    assert cells[0].value == '=HYPERLINK("http://x")' and cells[0].data_type == "s"
    assert cells[1].value == 5
    assert cells[2].data_type == "s"
