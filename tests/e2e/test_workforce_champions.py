"""Browser journey for the compliance roll-ups and the champions register (issue 5, points 4
and 12): the director goes from the organisation's figures to the names behind one, then to
the champions register and a team's champions. axe-core finds no violations on any of them."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

pytestmark = pytest.mark.e2e


def test_director_drills_down_and_reads_the_champions_register(
    e2e_world: Any, new_page: Any, sign_in: Any, screenshot: Any, assert_accessible: Any
) -> None:
    from django.urls import reverse

    from restorative.people.models import Staff
    from restorative.people.tests.factories import StaffFactory
    from restorative.workforce.models import Course
    from restorative.workforce.tests.factories import (
        CompletionFactory,
        CourseFactory,
        CourseRequirementFactory,
    )

    practitioner = e2e_world.practitioner
    team = practitioner.team
    director = StaffFactory(
        role=Staff.Role.DIRECTOR,
        team=None,
        organisation=team.service.organisation,
        email="director@test.example",
        first_name="Dana",
        last_name="Director",
        password=e2e_world.password,
    )
    foundation = CourseFactory(title="Restorative practice foundation")
    CourseRequirementFactory(course=foundation, group="practitioner")
    advanced = CourseFactory(
        title="Advanced restorative practice", kind="advanced", level=Course.Level.ADVANCED
    )
    practitioner.is_restorative_champion = True
    practitioner.save()
    CompletionFactory(
        person=practitioner,
        course=advanced,
        completed_on=datetime.date.today() - datetime.timedelta(days=100),
        valid_until=datetime.date.today() + datetime.timedelta(days=600),
    )

    page = new_page(bypass_csp=True)  # axe-core is injected as an inline script
    sign_in(page, email=director.email, password=e2e_world.password)
    page.goto(reverse("workforce:compliance"))
    assert page.get_by_role("heading", level=1).inner_text() == "Training compliance"
    screenshot(page, "compliance-overview-rollups")
    assert_accessible(page, "Training compliance (roll-ups)")

    # The practitioner's foundation is not started: follow that figure in the role table.
    page.get_by_role("link", name="1 not started: Practitioner").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Not started: Practitioner"
    assert "Priya Shah" in page.inner_text("main")
    screenshot(page, "compliance-people")
    assert_accessible(page, "Names behind a figure")

    page.goto(reverse("workforce:compliance"))
    page.get_by_role("link", name="Restorative champions and their advanced training").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Restorative champions"
    assert "Priya Shah" in page.inner_text("main")
    screenshot(page, "champions-register")
    assert_accessible(page, "Champions register")

    page.get_by_role("link", name=team.name).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == (
        f"Restorative champions: {team.name}"
    )
    screenshot(page, "team-champions")
    assert_accessible(page, "A team's champions")
    assert page.problems == []
