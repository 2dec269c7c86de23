"""Changing the feedback surveys' questions through the pages (quality assurance only):
a change to a survey that was sent makes a new version and answers keep theirs; bad input
gets a clear message and changes nothing; the pages work as plain HTML forms."""

from __future__ import annotations

import html
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from restorative.evaluation.models import SurveyQuestion, SurveyVersion
from restorative.evaluation.surveys import services

from . import survey_fixtures
from .survey_fixtures import answers_for, invite

voices = survey_fixtures.voices  # the fixture, shared by the survey tests

pytestmark = pytest.mark.django_db

LIST = reverse("evaluation:feedback_surveys")


def edit_url(code: str) -> str:
    return reverse("evaluation:feedback_survey_edit", kwargs={"code": code})


class _Form(HTMLParser):
    """What a browser without JavaScript posts from the page's form: text inputs and hidden
    fields with their values, checked boxes, textareas' text and each select's chosen option
    (the submit buttons are added by the test, as a click would)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.data: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self._first_option: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        name = a.get("name", "")
        if tag == "input" and name and a.get("type") not in ("submit", "radio"):
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.data[name] = a.get("value") or "on"
            else:
                self.data[name] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            self._first_option.setdefault(self._select, a.get("value", ""))
            if "selected" in a:
                self.data[self._select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select:
            self.data.setdefault(self._select, self._first_option.get(self._select, ""))
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            # Django starts a textarea with a newline, which a browser drops.
            self.data[self._textarea] += (
                data.lstrip("\n") if not self.data[self._textarea] else data
            )


def page_form(page: Any) -> dict[str, str]:
    parser = _Form()
    parser.feed(page.content.decode())
    return parser.data


def signed_in(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


def current(code: str) -> SurveyVersion:
    return SurveyVersion.objects.get(survey__code=code, is_current=True)


def texts(version: SurveyVersion) -> list[str]:
    return list(version.questions.order_by("order").values_list("text", flat=True))


def test_quality_assurance_lists_the_surveys_from_the_results_page(voices: Any) -> None:
    client = signed_in(voices.world.quality)
    results = client.get(reverse("evaluation:feedback_results")).content.decode()
    assert LIST in results
    page = client.get(LIST)
    assert page.status_code == 200
    body = page.content.decode()
    for name in ("Your meeting (for children under 8)", "Parent or carer"):
        assert html.escape(name) in body or name in body
    assert edit_url("parent-carer") in body


def test_a_change_to_a_sent_survey_makes_a_new_version_and_answers_keep_theirs(
    voices: Any,
) -> None:
    link = invite(voices, code="parent-carer", person="mother")
    answered = services.survey_response_submit(
        invitation=link.invitation, answers=answers_for(link)
    )
    before = texts(current("parent-carer"))
    client = signed_in(voices.world.quality)
    page = client.get(edit_url("parent-carer"))
    assert page.status_code == 200
    assert "has been sent to 1 person" in page.content.decode()
    data = page_form(page)
    assert data["q1-text"] == before[0]  # the page shows the current words
    data["q1-text"] = "Did your worker listen to you properly?"
    saved = client.post(edit_url("parent-carer"), data, follow=True)
    assert saved.status_code == 200
    assert "saved as version 2" in saved.content.decode()
    new = current("parent-carer")
    assert new.number == 2
    assert texts(new) == ["Did your worker listen to you properly?", *before[1:]]
    answered.refresh_from_db()
    assert answered.version.number == 1
    assert texts(answered.version) == before
    # The earlier version is still there to read, as it was sent.
    old = client.get(
        reverse("evaluation:feedback_survey_version", kwargs={"code": "parent-carer", "number": 1})
    )
    assert html.escape(before[0]) in old.content.decode()
    # A new invitation is given the new version.
    assert invite(voices, code="parent-carer", person="mother").invitation.version == new


def test_a_survey_nobody_was_sent_is_changed_in_place(voices: Any) -> None:
    client = signed_in(voices.world.quality)
    data = page_form(client.get(edit_url("partner-meeting")))
    data["introduction"] = "Tell us how the meeting went for you."
    response = client.post(edit_url("partner-meeting"), data, follow=True)
    assert "version 1 changed (nobody had been sent it yet)" in response.content.decode()
    assert SurveyVersion.objects.filter(survey__code="partner-meeting").count() == 1
    assert current("partner-meeting").introduction == "Tell us how the meeting went for you."


def test_saving_the_page_unchanged_makes_no_version(voices: Any) -> None:
    invite(voices, code="parent-carer", person="mother")
    client = signed_in(voices.world.quality)
    data = page_form(client.get(edit_url("parent-carer")))
    response = client.post(edit_url("parent-carer"), data, follow=True)
    assert "Nothing changed" in response.content.decode()
    assert SurveyVersion.objects.filter(survey__code="parent-carer").count() == 1


def test_questions_are_added_removed_and_reordered_without_javascript(voices: Any) -> None:
    client = signed_in(voices.world.quality)
    page = client.get(edit_url("partner-meeting"))
    data = page_form(page)
    count = len(texts(current("partner-meeting")))
    assert int(data["row_count"]) == count + 2  # two empty questions to fill in
    # "Add more questions" posts the page back with more empty ones and saves nothing.
    more = client.post(edit_url("partner-meeting"), {**data, "action": "more"})
    assert more.status_code == 200
    data = page_form(more)
    assert int(data["row_count"]) == count + 4
    assert texts(current("partner-meeting"))[0] == data["q1-text"]
    first = data["q1-text"]
    new = count + 3
    data |= {
        f"q{new}-text": "Was the family's plan clear to you?",
        f"q{new}-kind": "yes_no_unsure",
        f"q{new}-theme": "understanding",
        f"q{new}-position": "1",
        "q2-remove": "on",
    }
    removed = data["q2-text"]
    response = client.post(edit_url("partner-meeting"), data)
    assert response.status_code == 302
    now = texts(current("partner-meeting"))
    assert now[0] == "Was the family's plan clear to you?"
    assert now[1] == first
    assert removed not in now
    assert len(now) == count


def test_the_with_to_for_not_codes_are_kept_when_the_words_change(voices: Any) -> None:
    link = invite(voices, code="parent-carer", person="mother")
    client = signed_in(voices.world.quality)
    data = page_form(client.get(edit_url("parent-carer")))
    number = next(
        n
        for n in range(1, int(data["row_count"]) + 1)
        if data.get(f"q{n}-theme") == "with_to_for_not"
    )
    assert data[f"q{number}-choices"].splitlines()[0].startswith("with: ")
    data[f"q{number}-choices"] = (
        "with: Together\nto: We were told\nfor: It was done for us\nnot: Nothing much"
    )
    assert client.post(edit_url("parent-carer"), data).status_code == 302
    question = current("parent-carer").questions.get(theme="with_to_for_not")
    assert question.choices == [
        ["with", "Together"],
        ["to", "We were told"],
        ["for", "It was done for us"],
        ["not", "Nothing much"],
    ]
    # The earlier version's link still answers its own question, and the split still counts.
    response = services.survey_response_submit(
        invitation=link.invitation, answers=answers_for(link)
    )
    assert response.experience == "with"


def _refused_and_nothing_changed(
    client: Client, code: str, data: dict[str, str], message: str
) -> None:
    versions = list(SurveyVersion.objects.order_by("pk").values_list("pk", "number"))
    questions = list(SurveyQuestion.objects.order_by("pk").values_list("pk", "text", "choices"))
    response = client.post(edit_url(code), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert html.escape(message) in body, body[:3000]
    assert list(SurveyVersion.objects.order_by("pk").values_list("pk", "number")) == versions
    assert (
        list(SurveyQuestion.objects.order_by("pk").values_list("pk", "text", "choices"))
        == questions
    )


def test_bad_input_gets_a_clear_message_and_changes_nothing(voices: Any) -> None:
    invite(voices, code="parent-carer", person="mother")
    client = signed_in(voices.world.quality)
    shown = page_form(client.get(edit_url("parent-carer")))
    rows = int(shown["row_count"])
    everything_removed = {**shown, **{f"q{n}-remove": "on" for n in range(1, rows + 1)}}
    _refused_and_nothing_changed(client, "parent-carer", everything_removed, services.NO_QUESTIONS)
    no_words = {**shown, "q1-text": ""}
    _refused_and_nothing_changed(client, "parent-carer", no_words, "Enter the words of question 1")
    no_kind = {**shown, f"q{rows}-text": "A new question", f"q{rows}-kind": ""}
    _refused_and_nothing_changed(
        client, "parent-carer", no_kind, f"Choose the kind of answer to question {rows}"
    )
    one_choice = {
        **shown,
        f"q{rows}-text": "Pick one",
        f"q{rows}-kind": "choose_one",
        f"q{rows}-choices": "Only this",
    }
    _refused_and_nothing_changed(
        client, "parent-carer", one_choice, f"Write two or more answers to question {rows}"
    )
    too_long = {**shown, "q1-text": "x" * 301}
    _refused_and_nothing_changed(
        client, "parent-carer", too_long, "Question 1 must be 300 characters or fewer"
    )
    bad_position = {**shown, "q1-position": "first"}
    _refused_and_nothing_changed(
        client,
        "parent-carer",
        bad_position,
        "The position of question 1 must be a whole number, like 2",
    )
    bad_kind = {**shown, "q1-kind": "stars"}
    _refused_and_nothing_changed(
        client, "parent-carer", bad_kind, "Choose the kind of answer to question 1"
    )
    number = next(n for n in range(1, rows) if shown.get(f"q{n}-theme") == "with_to_for_not")
    lost_codes = {**shown, f"q{number}-choices": "Together\nTold\nFor us\nNot at all"}
    _refused_and_nothing_changed(
        client, "parent-carer", lost_codes, "its four answers need the codes with, to, for and not"
    )
    four_faces = {
        **shown,
        f"q{rows}-text": "How was it?",
        f"q{rows}-kind": "faces_1_5",
        f"q{rows}-choices": "Sad\nOK\nHappy\nVery happy",
    }
    _refused_and_nothing_changed(
        client, "parent-carer", four_faces, f"Write five answers for the faces of question {rows}"
    )


def test_a_childrens_survey_above_reading_age_9_gets_a_warning(voices: Any) -> None:
    client = signed_in(voices.world.quality)
    data = page_form(client.get(edit_url("child-8-12")))
    data["q1-text"] = (
        "Notwithstanding the considerable organisational complexity inherent in "
        "multidisciplinary safeguarding deliberations, did practitioners demonstrate "
        "comprehensive attentiveness to your perspectives?"
    )
    response = client.post(edit_url("child-8-12"), data, follow=True)
    body = html.unescape(response.content.decode())
    assert "written for a reading age of 9 or below" in body
    assert 'The hardest to read: "Notwithstanding' in body
    plain = page_form(client.get(edit_url("parent-carer")))
    plain["introduction"] = (
        "Notwithstanding the considerable organisational complexity inherent in "
        "multidisciplinary deliberations, we value your perspective."
    )
    response = client.post(edit_url("parent-carer"), plain, follow=True)
    assert "reading age" not in response.content.decode()  # adults' surveys are not checked


@pytest.mark.parametrize(
    "who", ["manager", "head", "director", "allocated", "support_same_team", "workforce", "admin",
            "partner"],
)  # fmt: skip
def test_nobody_else_may_change_surveys(voices: Any, who: str) -> None:
    client = signed_in(getattr(voices.world, who))
    before = list(SurveyQuestion.objects.values_list("pk", "text"))
    assert client.get(LIST).status_code == 404
    assert client.get(edit_url("parent-carer")).status_code == 404
    version = reverse(
        "evaluation:feedback_survey_version", kwargs={"code": "parent-carer", "number": 1}
    )
    assert client.get(version).status_code == 404
    refused = client.post(
        edit_url("parent-carer"),
        {"row_count": "1", "q1-text": "Trust?", "q1-kind": "scale_0_10", "q1-theme": "trust"},
    )
    assert refused.status_code == 404
    assert list(SurveyQuestion.objects.values_list("pk", "text")) == before
    if who in ("manager", "head", "director"):
        results = client.get(reverse("evaluation:feedback_results")).content.decode()
        assert LIST not in results


def test_signed_out_people_are_sent_to_sign_in(voices: Any) -> None:
    response = Client().get(edit_url("parent-carer"))
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_an_unknown_survey_is_not_found(voices: Any) -> None:
    client = signed_in(voices.world.quality)
    assert client.get(edit_url("no-such-survey")).status_code == 404
    missing = reverse(
        "evaluation:feedback_survey_version", kwargs={"code": "parent-carer", "number": 9}
    )
    assert client.get(missing).status_code == 404
