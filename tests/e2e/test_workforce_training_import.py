"""Browser journey for the import of historical training records (issue 5 point 6): the workforce
lead uploads a file with an unknown course, reads the line-numbered problem, uploads the corrected
file, checks the preview and imports it; the practitioner's training shows the course completed.
Keyboard and screen reader matter here as anywhere: axe-core on every page."""

from __future__ import annotations

from typing import Any

from restorative.people.models import Staff
from restorative.people.tests.factories import StaffFactory
from restorative.workforce.models import Completion
from restorative.workforce.tests.factories import CourseFactory, CourseRequirementFactory

COURSE = "Foundation restorative practice"


def _file(rows: str) -> dict[str, Any]:
    text = "staff_email,course,completed_on,valid_until\n" + rows
    return {"name": "training-history.csv", "mimeType": "text/csv", "buffer": text.encode()}


def test_import_with_an_error_then_corrected(
    e2e_world: Any, new_page: Any, sign_in: Any, screenshot: Any, assert_accessible: Any
) -> None:
    practitioner = e2e_world.practitioner
    lead = StaffFactory(
        email="workforce@test.example",
        role=Staff.Role.WORKFORCE,
        team=None,
        organisation=practitioner.organisation,
        password=e2e_world.password,
    )
    course = CourseFactory(title=COURSE, validity_months=36)
    CourseRequirementFactory(course=course, group="practitioner")
    page = new_page(bypass_csp=True)  # to inject axe-core; the app's own scripts are all files

    sign_in(page, email=lead.email, password=e2e_world.password)
    page.goto("/workforce/")
    page.get_by_role("button", name="Import training records").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Import training records"
    assert_accessible(page, "Import training records")

    # Nothing chosen: the message is beside the field.
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_load_state()
    assert "Select a CSV file" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page, "Import training records (no file)")

    # A misspelt course: nothing can be imported, and the line says why.
    page.get_by_label("Upload a CSV file").set_input_files(
        _file(
            "practitioner@test.example,Foundation restorative practice,2024-03-14,\n"
            "practitioner@test.example,Foundaton restorative practice,2024-04-01,\n"
        )
    )
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "The file cannot be imported"
    problems = page.locator("#errors").inner_text()
    assert (
        "3" in problems and "There is no course called ‘Foundaton restorative practice’" in problems
    )
    assert page.get_by_role("button", name="Import").count() == 0
    assert_accessible(page, "Training import (errors)")
    screenshot(page, "workforce-training-import-errors")
    assert Completion.objects.count() == 0

    # The corrected file: preview, then import.
    page.get_by_role("button", name="Upload a corrected file").click()
    page.wait_for_load_state()
    page.get_by_label("Upload a CSV file").set_input_files(
        _file("practitioner@test.example,Foundation restorative practice,2024-03-14,\n")
    )
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Check the training records"
    assert_accessible(page, "Training import (preview)")
    screenshot(page, "workforce-training-import-preview")
    page.get_by_role("button", name="Import 1 training record").click()
    page.wait_for_load_state()
    assert "1 training record imported from training-history.csv" in page.inner_text("main")
    assert_accessible(page, "Training import (done)")

    completion = Completion.objects.get()
    assert completion.person_id == practitioner.pk
    assert completion.source == Completion.Source.IMPORTED

    # The practitioner's own page shows it completed.
    page = new_page(bypass_csp=True)
    sign_in(page, email=practitioner.email, password=e2e_world.password)
    page.goto("/workforce/my-training/")
    table = page.locator("table", has_text="Courses you must complete")
    assert "Completed" in table.get_by_role("row", name=COURSE).inner_text()
