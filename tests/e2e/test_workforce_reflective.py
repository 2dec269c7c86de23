"""Browser journeys for the learning log, supervision audits and team circles, with axe-core
on every page (empty forms, forms with errors, lists) and the auditor never shown the
personal parts of a supervision record."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from restorative.people.models import Staff
from restorative.people.tests.factories import StaffFactory
from restorative.workforce import services
from restorative.workforce.models import SupervisionAgreement
from restorative.workforce.tests.factories import CompletionFactory, CourseFactory


def test_learning_log_audit_and_team_circle_journeys(
    e2e_world: Any,
    new_page: Any,
    sign_in: Any,
    screenshot: Any,
    assert_accessible: Any,
    fill_date: Any,
) -> None:
    practitioner = e2e_world.practitioner
    team = practitioner.team
    manager = StaffFactory(
        email="manager@test.example",
        first_name="Marcus",
        last_name="Reid",
        role=Staff.Role.TEAM_MANAGER,
        team=team,
        organisation=practitioner.organisation,
        password=e2e_world.password,
    )
    quality = StaffFactory(
        email="qa@test.example",
        first_name="Quinn",
        last_name="Adeyemi",
        role=Staff.Role.QUALITY,
        team=None,
        organisation=practitioner.organisation,
        password=e2e_world.password,
    )
    agreement = SupervisionAgreement.objects.create(
        supervisor=manager,
        supervisee=practitioner,
        started_on=datetime.date.today() - datetime.timedelta(days=90),
    )
    services.supervision_session_record(
        actor=manager,
        agreement=agreement,
        submission_token=uuid.uuid4(),
        held_on=datetime.date.today() - datetime.timedelta(days=5),
        duration_minutes=90,
        wellbeing_score=6,
        reflection="PRIVATE reflection about a hard week",
        case_decisions=[(e2e_world.family, "Offer a family group conference")],
    )
    CompletionFactory(person=practitioner, course=CourseFactory(title="Restorative foundations"))

    # 1. The practitioner writes their learning log from My training.
    page = new_page(bypass_csp=True)
    sign_in(page, email=practitioner.email, password=e2e_world.password)
    page.goto("/workforce/my-training/")
    assert_accessible(page, "My training with the learning log")
    page.get_by_role("link", name="Write your learning log").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Save learning log").click()
    page.wait_for_load_state()
    assert "Enter what you learnt" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page, "Learning log form (errors)")
    page.get_by_label("What I learnt").fill("Asking who else was affected")
    page.get_by_label("What I will do differently").fill("Open visits with a check-in")
    page.get_by_role("button", name="Save learning log").click()
    page.wait_for_load_state()
    assert "Asking who else was affected" in page.locator("main").inner_text()
    assert_accessible(page, "Learning log")
    screenshot(page, "reflective-01-learning-log")

    # 2. The team manager records a team circle (first with errors) and reads the log.
    page.context.clear_cookies()
    sign_in(page, email=manager.email, password=e2e_world.password)
    page.goto("/workforce/")
    page.get_by_role("link", name="Team circles").click()
    page.wait_for_load_state()
    assert_accessible(page, "Team circles (empty)")
    page.get_by_role("link", name="Record a team circle").click()
    page.wait_for_load_state()
    assert_accessible(page, "Record a team circle (empty)")
    fill_date(page, "Date of the circle", "01/01/2099")
    page.get_by_label("How many took part").fill("0")
    page.get_by_role("button", name="Save team circle").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Choose the purpose of the circle" in summary
    assert "How many took part must be 1 or more" in summary
    assert_accessible(page, "Record a team circle (errors)")
    page.get_by_label("Building cohesion").check()
    fill_date(page, "Date of the circle", datetime.date.today())
    page.get_by_label("How many took part").fill("8")
    page.get_by_label("Themes").fill("Sharing the duty rota fairly")
    page.get_by_role("button", name="Save team circle").click()
    page.wait_for_load_state()
    assert "Sharing the duty rota fairly" in page.locator("main").inner_text()
    assert_accessible(page, "Team circles (one circle)")
    screenshot(page, "reflective-02-circles")
    page.goto("/workforce/supervision/")
    page.get_by_role("link", name="Learning log").first.click()
    page.wait_for_load_state()
    assert_accessible(page, "A supervisee's learning log")
    page.get_by_role("link", name="Read the learning log").click()
    page.wait_for_load_state()
    assert "Asking who else was affected" in page.locator("main").inner_text()

    # 3. Quality assurance samples the team, rates the session without seeing personal parts.
    page.context.clear_cookies()
    sign_in(page, email=quality.email, password=e2e_world.password)
    page.goto("/workforce/")
    page.get_by_role("link", name="Supervision audits").click()
    page.wait_for_load_state()
    assert_accessible(page, "Supervision audits (no samples)")
    page.get_by_role("link", name="Choose a sample to audit").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Choose the sample").click()
    page.wait_for_load_state()
    assert "Choose the team" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page, "Choose a sample (errors)")
    page.get_by_label("Team").select_option(label=team.name)
    start = datetime.date.today() - datetime.timedelta(days=30)
    fill_date(page, "Start of the period", start)
    fill_date(page, "End of the period", datetime.date.today())
    page.get_by_label("How many sessions to sample").fill("3")
    page.get_by_role("button", name="Choose the sample").click()
    page.wait_for_load_state()
    assert_accessible(page, "Audit sample")
    page.locator("main table a").first.click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "PRIVATE" not in page.content()
    assert "Offer a family group conference" in main
    page.get_by_role("button", name="Save the audit").click()
    page.wait_for_load_state()
    assert "Choose the overall grade" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page, "Rate a supervision session (errors)")
    for legend in (
        "Reflective",
        "Relational",
        "Supportive",
        "Encourages emotional regulation and critical thinking",
        "Mistakes addressed without blame",
        "Practitioner wellbeing promoted",
    ):
        page.get_by_role("group", name=legend, exact=True).get_by_label("Met", exact=True).check()
    page.get_by_label("Good").check()
    page.get_by_label("Feedback").fill("A reflective, well-paced session")
    screenshot(page, "reflective-03-audit-form")
    page.get_by_role("button", name="Save the audit").click()
    page.wait_for_load_state()
    page.goto("/workforce/supervision-audits/")
    assert_accessible(page, "Supervision audit results")
    screenshot(page, "reflective-04-audit-results")

    # 4. The supervisee sees the grade and feedback on their session's page.
    page.context.clear_cookies()
    sign_in(page, email=practitioner.email, password=e2e_world.password)
    page.goto("/workforce/supervision/")
    page.locator("main table a").first.click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "A reflective, well-paced session" in main and "Good" in main
    assert_accessible(page, "Supervision record with audit feedback")
    assert page.problems == []
