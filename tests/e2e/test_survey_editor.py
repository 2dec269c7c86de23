"""Quality assurance changes a feedback survey's questions in the browser, with JavaScript
turned off: the list, the change page, its error state and the new version. axe-core finds
no WCAG 2.2 AA violations on any of them."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.e2e


def test_quality_assurance_changes_a_survey_without_javascript(
    e2e_world: Any,
    new_page: Any,
    sign_in: Any,
    screenshot: Any,
    assert_accessible: Any,
) -> None:
    from restorative.evaluation.models import SurveyVersion
    from restorative.evaluation.surveys import services
    from restorative.people.models import Staff
    from restorative.people.tests.factories import StaffFactory

    services.survey_defaults_install()
    world = e2e_world
    quality = StaffFactory(
        email="quality@test.example",
        role=Staff.Role.QUALITY,
        organisation=world.practitioner.organisation,
        password=world.password,
    )
    # axe-core runs as a script, so the pages are checked in a browser with scripts on...
    page = new_page(bypass_csp=True)
    sign_in(page, email=quality.email, password=world.password)
    page.goto("/evaluation/feedback/results/")
    page.get_by_role("link", name="Change the surveys' questions").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Feedback surveys").is_visible()
    assert_accessible(page, "survey list")
    page.get_by_role("link", name="Change Your meeting (for parents and carers)").click()
    page.wait_for_load_state()
    assert_accessible(page, "change a survey")
    page.get_by_role("group", name="Question 1", exact=True).get_by_label("The question").fill("")
    page.get_by_role("button", name="Save the questions").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Enter the words of question 1").is_visible()
    assert_accessible(page, "change a survey, with errors")
    page.problems.clear()  # the browser logs the error page's 400 as a console error
    page.goto("/evaluation/feedback/surveys/parent-carer/versions/1/")
    assert_accessible(page, "a survey version")
    assert not page.problems, page.problems
    assert SurveyVersion.objects.get(survey__code="parent-carer").number == 1  # nothing saved

    # ...and the change itself is made in a browser with scripts off.
    plain = new_page(bypass_csp=True, java_script_enabled=False)
    sign_in(plain, email=quality.email, password=world.password)
    plain.goto("/evaluation/feedback/surveys/parent-carer/")
    first = plain.get_by_role("group", name="Question 1", exact=True)
    assert first.get_by_label("The question").input_value()

    # Bad input: a question with no words. The page says so, by the field, and saves nothing.
    first.get_by_label("The question").fill("")
    plain.get_by_role("button", name="Save the questions").click()
    plain.wait_for_load_state()
    assert plain.get_by_role("heading", name="There is a problem").is_visible()
    assert plain.get_by_role("link", name="Enter the words of question 1").is_visible()
    screenshot(plain, "survey-editor-errors")
    plain.problems.clear()  # the 400, as above

    # More empty questions without scripts, then a new question and the changed words.
    plain.get_by_role("group", name="Question 1", exact=True).get_by_label("The question").fill(
        "Did your worker really listen to you?"
    )
    plain.get_by_role("button", name="Add more questions").click()
    plain.wait_for_load_state()
    new = plain.locator("fieldset", has_text="(new)").last
    new.get_by_label("The question").fill("Was the plan written in words you use?")
    new.get_by_label("Kind of answer").select_option("yes_no_unsure")
    new.get_by_label("Theme").select_option("understanding")
    plain.get_by_role("button", name="Save the questions").click()
    plain.wait_for_load_state()
    assert plain.get_by_text("version 1 changed").is_visible()
    version = SurveyVersion.objects.get(survey__code="parent-carer", is_current=True)
    texts = list(version.questions.order_by("order").values_list("text", flat=True))
    assert texts[0] == "Did your worker really listen to you?"
    assert texts[-1] == "Was the plan written in words you use?"
    assert not plain.problems, plain.problems
