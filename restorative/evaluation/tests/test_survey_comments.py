"""The comments on the families' results (issue 11 point 8, under point 4's rules): the free
text a person may read, newest first, 20 a page, exactly as written, each one shown written to
the family's access trail; the same comments in the CSV, XLSX and API."""

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

from restorative.core.models import AccessEvent
from restorative.evaluation.models import SurveyAnswer
from restorative.evaluation.surveys import selectors, services

from . import survey_fixtures
from .survey_fixtures import answers_for, invite

voices = survey_fixtures.voices

pytestmark = pytest.mark.django_db

PAGE = reverse("evaluation:feedback_results")
CSV = reverse("evaluation:feedback_results_csv")
XLSX = reverse("evaluation:feedback_results_xlsx")
API = "/api/evaluation/feedback/results/comments/"
CHILD_WORDS = "Amara said the non-compliant label made her cry"
MOTHER_WORDS = "Priya listened and we wrote the plan together"


def say(v: Any, words: str, *, shared: bool = False, **kw: Any) -> Any:
    """A response whose free-text answers are `words`."""
    link = invite(v, **kw)
    answers = answers_for(link)
    for q in link.invitation.version.questions.filter(kind="free_text"):
        answers[f"q{q.pk}"] = words
    return services.survey_response_submit(
        invitation=link.invitation, answers=answers, shared_with_practitioner=shared
    )


@pytest.fixture
def said(voices: Any) -> Any:
    say(voices, CHILD_WORDS)
    say(voices, MOTHER_WORDS, shared=True, code="parent-carer", person="mother")
    return voices


def _words(page: selectors.CommentsPage) -> list[str]:
    return [c.words for c in page.comments]


@pytest.mark.parametrize("who", ["manager", "quality"])
def test_the_team_manager_and_quality_read_the_words_exactly_and_each_is_on_the_trail(
    said: Any, client: Client, who: str
) -> None:
    reader = getattr(said.world, who)
    client.force_login(reader)
    html = client.get(PAGE).content.decode()
    assert CHILD_WORDS in html and MOTHER_WORDS in html  # never "corrected"
    assert html.index(MOTHER_WORDS) < html.index(CHILD_WORDS)  # newest first
    section = html[html.index('id="comments"') :]
    assert said.family.case_reference not in section and "Grace" not in section
    events = AccessEvent.objects.filter(actor_id=reader.pk, subject_type="surveyresponse")
    assert events.count() == 2
    assert {e.family_uuid for e in events} == {said.family.uuid}


@pytest.mark.parametrize("who", ["head", "director", "other_team_manager"])
def test_those_who_read_only_figures_see_no_comments(said: Any, client: Client, who: str) -> None:
    reader = getattr(said.world, who)
    client.force_login(reader)
    html = client.get(PAGE).content.decode()
    assert CHILD_WORDS not in html and MOTHER_WORDS not in html
    assert "No comments you may read" in html
    assert CHILD_WORDS not in client.get(CSV).content.decode("utf-8-sig")
    assert client.get(API).json()["comments"] == []
    assert not AccessEvent.objects.filter(actor_id=reader.pk, action="export").exists()
    assert not AccessEvent.objects.filter(actor_id=reader.pk, subject_type="surveyresponse")


def test_a_worker_reads_only_the_words_of_those_who_agreed(said: Any) -> None:
    worker = said.world.allocated
    assert _words(selectors.comments(worker, selectors.ResultsFilter())) == [MOTHER_WORDS]
    assert _words(selectors.comments(said.world.same_team, selectors.ResultsFilter())) == []
    manager = _words(selectors.comments(said.world.manager, selectors.ResultsFilter()))
    assert manager == [MOTHER_WORDS, CHILD_WORDS]


@pytest.mark.parametrize("who", ["allocated", "partner", "workforce", "admin"])
def test_roles_without_results_get_404_for_the_comments(
    said: Any, client: Client, who: str
) -> None:
    client.force_login(getattr(said.world, who))
    assert client.get(API).status_code == 404
    assert client.get(PAGE).status_code == 404


def test_the_filters_narrow_the_comments(said: Any) -> None:
    children = selectors.ResultsFilter(respondent_kind="child")
    assert _words(selectors.comments(said.world.quality, children)) == [CHILD_WORDS]
    other = selectors.ResultsFilter(team=said.world.team_b1.pk)
    assert _words(selectors.comments(said.world.quality, other)) == []


def test_twenty_a_page_newest_first_one_insert_for_the_trail(voices: Any, client: Client) -> None:
    for n in range(25):
        say(voices, f"Comment number {n}")
    client.force_login(voices.world.quality)
    with CaptureQueriesContext(connection) as queries:
        first = client.get(PAGE)
    inserts = [q for q in queries if 'INSERT INTO "core_accessevent"' in q["sql"]]
    assert len(inserts) == 1
    html = first.content.decode()
    assert "Comment number 24" in html and "Comment number 5<" in html
    assert "Comment number 4<" not in html
    assert AccessEvent.objects.filter(subject_type="surveyresponse").count() == 20
    page = selectors.comments(voices.world.quality, selectors.ResultsFilter())
    assert page.next_cursor is not None and len(page.comments) == 20
    assert f"after={page.next_cursor}" in html
    second = client.get(PAGE, {"after": page.next_cursor}).content.decode()
    assert "Comment number 4<" in second and "Comment number 0<" in second
    assert "Comment number 5<" not in second and "Older comments" not in second
    assert AccessEvent.objects.filter(subject_type="surveyresponse").count() == 25
    # A cursor that is not a number shows the first page.
    assert "Comment number 24" in client.get(PAGE, {"after": "x"}).content.decode()


def test_the_downloads_and_api_hold_the_same_comments(said: Any, client: Client) -> None:
    client.force_login(said.world.quality)
    rows = list(csv.reader(io.StringIO(client.get(CSV).content.decode("utf-8-sig"))))
    in_csv = [r[2] for r in rows if r[0] == "Comment"]
    book = load_workbook(io.BytesIO(client.get(XLSX).content))
    in_xlsx = [r[2] for r in book.active.iter_rows(values_only=True) if r[0] == "Comment"]
    body = client.get(API).json()
    in_api = [c["words"] for c in body["comments"]]
    assert in_csv == in_xlsx == in_api == [MOTHER_WORDS, CHILD_WORDS]
    assert body["next"] is None
    assert body["comments"][0]["respondent_kind"] == "parent_carer"
    assert "name" not in body["comments"][0] and "family" not in body["comments"][0]
    exports = AccessEvent.objects.filter(
        actor_id=said.world.quality.pk, subject_type="surveyresponse", action="export"
    )
    assert exports.count() == 4  # two comments in each of two downloads
    api_reads = AccessEvent.objects.filter(subject_type="surveyresponse", channel="api")
    assert api_reads.count() == 2


def test_the_api_refuses_a_bad_cursor(said: Any, client: Client) -> None:
    client.force_login(said.world.quality)
    response = client.get(API, {"after": "yesterday"})
    assert response.status_code == 400 and "after" in response.json()
    assert not AccessEvent.objects.filter(subject_type="surveyresponse").exists()
    assert client.get(API, {"respondent_kind": "cat"}).status_code == 400


def test_a_comment_keeps_the_wording_of_the_question_it_answered(said: Any) -> None:
    question = SurveyAnswer.objects.filter(text=CHILD_WORDS).get().question
    (comment,) = [
        c
        for c in selectors.comments(said.world.quality, selectors.ResultsFilter()).comments
        if c.words == CHILD_WORDS
    ]
    assert comment.question == question.text
