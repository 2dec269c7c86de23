"""The results (issue 11 point 8): page, CSV, XLSX and API show the same figures, for the
teams in reach only, with a constant number of queries."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from restorative.evaluation.surveys import selectors, services

from . import survey_fixtures
from .survey_fixtures import answers_for, invite

voices = survey_fixtures.voices  # the fixture, shared by the survey tests

pytestmark = pytest.mark.django_db

PAGE = reverse("evaluation:feedback_results")
API = "/api/evaluation/feedback/results/"


def answered(v: Any, value: str, **kw: Any) -> None:
    link = invite(v, **kw)
    services.survey_response_submit(invitation=link.invitation, answers=answers_for(link, value))


@pytest.fixture
def figures(voices: Any) -> Any:
    answered(voices, "5")  # child, faces: 100
    answered(voices, "10", code="parent-carer", person="mother")  # scales 100, yes 100
    invite(voices, code="parent-carer", person="mother")  # invited, not answered
    return voices


def test_the_figures(figures: Any) -> None:
    data = selectors.results(figures.world.quality, selectors.ResultsFilter())
    assert (data.invited, data.responded, data.response_rate) == (3, 2, 66.7)
    themes = {fig.label: fig.score for fig in data.themes}
    assert themes["Being listened to"] == 100.0
    assert {fig.label: fig.count for fig in data.experience} == {
        "WITH": 2,
        "TO": 0,
        "FOR": 0,
        "NOT": 0,
    }
    assert [fig.count for fig in data.by_month] == [2]
    assert [(fig.label, fig.count) for fig in data.by_team] == [("North Safeguarding", 2)]
    kinds = {fig.label: fig.count for fig in data.by_respondent}
    assert kinds["Child or young person"] == 1 and kinds["Parent or carer"] == 1
    assert [fig.label for fig in data.by_meeting_type] == ["Core group meeting"]


def test_a_low_answer_lowers_the_theme(voices: Any) -> None:
    answered(voices, "1")  # faces 1 = 0 out of 100
    answered(voices, "5")
    data = selectors.results(voices.world.quality, selectors.ResultsFilter())
    assert {f.label: f.score for f in data.themes}["Being listened to"] == 50.0


def test_scores_by_team_month_and_who_answered_are_the_mean_of_every_scored_answer(
    voices: Any,
) -> None:
    """The mean by team, month, service and who answered is read from the month rows; it must
    be the mean of every scored answer, counted here from the answers themselves."""
    from restorative.evaluation.models import SurveyAnswer
    from restorative.evaluation.surveys.answers import score_percent

    answered(voices, "1")  # a child's faces: 0 out of 100
    answered(voices, "4")  # 75
    answered(voices, "7", code="parent-carer", person="mother")
    answers = list(SurveyAnswer.objects.select_related("question", "response"))

    def mean(rows: list[Any]) -> float:
        scores = [score_percent(a.question.kind, a.number) for a in rows]
        scored = [score for score in scores if score is not None]
        return round(sum(scored) / len(scored), 1)

    everyone = mean(answers)
    data = selectors.results(voices.world.quality, selectors.ResultsFilter())
    assert [(f.count, f.score) for f in data.by_team] == [(3, everyone)]
    assert [(f.count, f.score) for f in data.by_month] == [(3, everyone)]
    assert [(f.count, f.score) for f in data.by_service] == [(3, everyone)]
    kinds = {f.label: f.score for f in data.by_respondent}
    children = mean([a for a in answers if a.response.respondent_kind == "child"])
    assert kinds["Child or young person"] == children == 37.5  # faces 1 and 4: 0 and 75


@pytest.mark.parametrize("who", ["manager", "head", "director", "quality"])
def test_those_with_reach_see_the_figures_everywhere(
    figures: Any, client: Client, who: str
) -> None:
    client.force_login(getattr(figures.world, who))
    page = client.get(PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "66.7%" in html and "<svg" in html and "North Safeguarding" in html
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("evaluation:feedback_results_csv")).content.decode("utf-8-sig")
            )
        )
    )
    assert ["Response rate", "Answered", "2", "66.7"] in rows
    book = load_workbook(
        io.BytesIO(client.get(reverse("evaluation:feedback_results_xlsx")).content)
    )
    values = [tuple(r) for r in book.active.iter_rows(values_only=True)]
    assert ("Response rate", "Answered", 2, 66.7) in values
    body = client.get(API).json()
    assert (body["invited"], body["responded"], body["response_rate"]) == (3, 2, 66.7)


@pytest.mark.parametrize("who", ["other_team_manager", "other_head"])
def test_other_teams_managers_see_none_of_it(figures: Any, client: Client, who: str) -> None:
    client.force_login(getattr(figures.world, who))
    assert "0 of 0 invited" in client.get(PAGE).content.decode()
    rows = client.get(reverse("evaluation:feedback_results_csv")).content.decode("utf-8-sig")
    assert "Response rate,Invited,0," in rows
    body = client.get(API).json()
    assert (body["invited"], body["responded"]) == (0, 0)
    assert body["by_team"] == []


@pytest.mark.parametrize("who", ["allocated", "partner", "workforce", "admin", "support_same_team"])
def test_roles_without_results_get_404_everywhere(figures: Any, client: Client, who: str) -> None:
    client.force_login(getattr(figures.world, who))
    assert client.get(PAGE).status_code == 404
    assert client.get(reverse("evaluation:feedback_results_csv")).status_code == 404
    assert client.get(reverse("evaluation:feedback_results_xlsx")).status_code == 404
    assert client.get(API).status_code == 404


def test_the_api_filters_and_refuses_bad_filters(figures: Any, client: Client) -> None:
    client.force_login(figures.world.quality)
    body = client.get(API, {"respondent_kind": "child"}).json()
    assert body["responded"] == 1
    assert client.get(API, {"respondent_kind": "cat"}).status_code == 400
    assert client.get(API, {"team": "not-a-uuid"}).status_code == 400
    team = client.get(API, {"team": str(figures.world.team_a1.uuid)}).json()
    assert team["responded"] == 2
    assert client.get(API).status_code == 200
    assert Client().get(API).status_code == 401


def test_the_api_is_in_the_openapi_schema(client: Client, world: Any) -> None:
    client.force_login(world.quality)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/evaluation/feedback/results/" in schema


def test_the_page_makes_the_same_number_of_queries_whatever_the_data(
    voices: Any, client: Client
) -> None:
    client.force_login(voices.world.quality)
    answered(voices, "4")
    with CaptureQueriesContext(connection) as few:
        client.get(PAGE)
    for value in ("1", "2", "3", "5", "2"):
        answered(voices, value)
        answered(voices, "7", code="parent-carer", person="mother")
    with CaptureQueriesContext(connection) as more:
        client.get(PAGE)
    assert len(more) == len(few)


def test_rebuilding_the_rolled_up_results_gives_the_same_figures(figures: Any) -> None:
    from restorative.evaluation.surveys.rollup import survey_results_rebuild

    answered(figures, "2")
    answered(figures, "3", code="partner-meeting", person="partner")
    before = selectors.results(figures.world.quality, selectors.ResultsFilter())
    survey_results_rebuild()
    after = selectors.results(figures.world.quality, selectors.ResultsFilter())
    assert after == before
