"""Surveys as data: the default surveys, their reading age, versions and bad definitions."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from restorative.evaluation.models import Survey, SurveyQuestion, SurveyResponse, SurveyVersion
from restorative.evaluation.models.surveys import CHILD_AUDIENCES, QuestionKind, Theme
from restorative.evaluation.surveys import services
from restorative.evaluation.surveys.answers import AnswerError, clean_answer, score_percent
from restorative.evaluation.surveys.defaults import DEFAULT_SURVEYS
from restorative.practice.readability import reading_age

from . import survey_fixtures
from .survey_fixtures import answers_for, invite

voices = survey_fixtures.voices  # the fixture, shared by the survey tests

pytestmark = pytest.mark.django_db


def test_the_defaults_are_installed_once(voices: Any) -> None:
    assert services.survey_defaults_install() == 0
    assert set(Survey.objects.values_list("code", flat=True)) == {
        "child-under-8",
        "child-8-12",
        "child-13-plus",
        "parent-carer",
        "partner-meeting",
    }


@pytest.mark.parametrize("spec", DEFAULT_SURVEYS, ids=lambda s: s["code"])
def test_every_default_asks_about_every_theme(spec: dict[str, Any]) -> None:
    assert {q["theme"] for q in spec["questions"]} == set(Theme.values)


@pytest.mark.parametrize(
    "spec",
    [s for s in DEFAULT_SURVEYS if s["audience"] in CHILD_AUDIENCES],
    ids=lambda s: s["code"],
)
def test_the_childrens_surveys_have_a_reading_age_of_9_or_below(spec: dict[str, Any]) -> None:
    texts = [spec["introduction"]]
    for question in spec["questions"]:
        texts.append(question["text"])
        texts.extend(str(words) for _, words in question["choices"])
    age = reading_age("\n".join(texts), target=9)
    assert age is not None
    assert age.years <= 9, (age.label, age.hardest)


def test_the_youngest_childrens_survey_uses_faces_with_words() -> None:
    under_8 = next(s for s in DEFAULT_SURVEYS if s["code"] == "child-under-8")
    faces = [q for q in under_8["questions"] if q["kind"] == QuestionKind.FACES_1_5]
    assert len(faces) >= 5
    assert all(words for q in faces for _, words in q["choices"])


def test_a_survey_with_no_questions_is_refused_and_saves_nothing(voices: Any) -> None:
    survey = Survey.objects.create(code="empty", name="Empty", audience="parent_carer")
    with pytest.raises(ValidationError) as error:
        services.survey_version_publish(survey=survey, questions=[])
    assert services.NO_QUESTIONS in str(error.value)
    assert not SurveyVersion.objects.filter(survey=survey).exists()


def test_changing_a_survey_that_was_sent_makes_a_new_version(voices: Any) -> None:
    link = invite(voices, code="parent-carer", person="mother")
    answered = services.survey_response_submit(
        invitation=link.invitation, answers=answers_for(link)
    )
    survey = voices.surveys["parent-carer"]
    new = services.survey_version_publish(
        survey=survey,
        questions=[{"kind": "scale_0_10", "theme": "listened_to", "text": "Were you heard?"}],
    )
    assert new.number == 2 and new.is_current
    answered.refresh_from_db()
    assert answered.version.number == 1
    assert answered.version.questions.count() == 7
    assert not SurveyVersion.objects.get(survey=survey, number=1).is_current
    # An unsent version is changed in place: no third version.
    again = services.survey_version_publish(
        survey=survey,
        questions=[{"kind": "scale_0_10", "theme": "listened_to", "text": "Were you listened to?"}],
    )
    assert again.pk == new.pk
    assert list(SurveyQuestion.objects.filter(version=new).values_list("text", flat=True)) == [
        "Were you listened to?"
    ]
    assert SurveyResponse.objects.count() == 1


@pytest.mark.parametrize(
    ("kind", "raw", "number"),
    [
        ("scale_0_10", "0", 0),
        ("scale_0_10", "10", 10),
        ("faces_1_5", "1", 1),
        ("faces_1_5", "5", 5),
    ],
)
def test_scale_edges_are_accepted(kind: str, raw: str, number: int) -> None:
    assert clean_answer(kind, raw).number == number


@pytest.mark.parametrize(
    ("kind", "raw"),
    [
        ("scale_0_10", "11"),
        ("scale_0_10", "-1"),
        ("scale_0_10", "7.5"),
        ("scale_0_10", "ten"),
        ("faces_1_5", "0"),
        ("faces_1_5", "6"),
        ("yes_no_unsure", "maybe"),
        ("free_text", "x" * 5001),
    ],
)
def test_answers_outside_the_question_are_refused(kind: str, raw: str) -> None:
    with pytest.raises(AnswerError):
        clean_answer(kind, raw)


def test_choose_one_takes_only_its_choices_and_required_needs_an_answer() -> None:
    choices = [["with", "Together"], ["to", "Told"]]
    assert clean_answer("choose_one", "with", choices=choices).choice == "with"
    with pytest.raises(AnswerError):
        clean_answer("choose_one", "for", choices=choices)
    with pytest.raises(AnswerError):
        clean_answer("scale_0_10", "", required=True)
    assert clean_answer("scale_0_10", "").empty


@pytest.mark.parametrize(
    ("kind", "number", "percent"),
    [
        ("scale_0_10", 0, 0.0),
        ("scale_0_10", 10, 100.0),
        ("faces_1_5", 1, 0.0),
        ("faces_1_5", 3, 50.0),
        ("faces_1_5", 5, 100.0),
        ("yes_no_unsure", 1, 100.0),
        ("yes_no_unsure", 0, 0.0),
        ("yes_no_unsure", None, None),
        ("choose_one", None, None),
    ],
)
def test_scores_out_of_100(kind: str, number: int | None, percent: float | None) -> None:
    assert score_percent(kind, number) == percent


SURVEYS_API = "/api/evaluation/feedback/surveys/"


def test_quality_assurance_changes_a_survey_through_the_api(voices: Any) -> None:
    from django.test import Client

    client = Client()
    client.force_login(voices.world.quality)
    listed = client.get(SURVEYS_API).json()
    assert {s["code"] for s in listed} >= {"child-under-8", "partner-meeting"}
    url = f"{SURVEYS_API}parent-carer/versions/"
    body = {
        "introduction": "Tell us how it went.",
        "questions": [{"kind": "scale_0_10", "theme": "listened_to", "text": "Were you heard?"}],
    }
    invite(voices, code="parent-carer", person="mother")
    made = client.post(url, body, content_type="application/json")
    assert made.status_code == 200
    assert made.json()["current"]["number"] == 2


def test_a_survey_with_no_questions_gets_a_clear_message_through_the_api(voices: Any) -> None:
    from django.test import Client

    client = Client()
    client.force_login(voices.world.quality)
    url = f"{SURVEYS_API}parent-carer/versions/"
    before = list(SurveyQuestion.objects.values_list("pk", flat=True))
    refused = client.post(url, {"questions": []}, content_type="application/json")
    assert refused.status_code == 400
    assert services.NO_QUESTIONS in str(refused.json())
    bad_kind = client.post(
        url,
        {"questions": [{"kind": "stars", "theme": "respect", "text": "?"}]},
        content_type="application/json",
    )
    assert bad_kind.status_code == 400 and "Kind must be one of" in str(bad_kind.json())
    assert list(SurveyQuestion.objects.values_list("pk", flat=True)) == before


@pytest.mark.parametrize("who", ["manager", "director", "allocated", "partner"])
def test_only_quality_assurance_changes_surveys(voices: Any, who: str) -> None:
    from django.test import Client

    client = Client()
    client.force_login(getattr(voices.world, who))
    assert client.get(SURVEYS_API).status_code == 404
    url = f"{SURVEYS_API}parent-carer/versions/"
    body = {"questions": [{"kind": "scale_0_10", "theme": "trust", "text": "Trust?"}]}
    assert client.post(url, body, content_type="application/json").status_code == 404


def test_faces_without_words_get_the_default_words(voices: Any) -> None:
    survey = Survey.objects.create(code="faces", name="Faces", audience="child_under_8")
    version = services.survey_version_publish(
        survey=survey, questions=[{"kind": "faces_1_5", "theme": "respect", "text": "Kind?"}]
    )
    assert [words for _, words in version.questions.get().choices][-1] == "Very happy"
