"""Browser journey for training (issue 5 acceptance): the workforce lead adds a course and a
session with a facilitator, a practitioner books it, the facilitator takes attendance, and the
practitioner's "My training" shows the course completed. axe-core on every page."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.utils import timezone

from restorative.people.models import Staff
from restorative.people.tests.factories import StaffFactory
from restorative.workforce.models import Completion, Session

COURSE = "Restorative practice foundation"


def _required_row(page: Any) -> Any:
    """The course's row in "Courses you must complete" (it is in the bookings list too)."""
    table = page.locator("table", has_text="Courses you must complete")
    return table.get_by_role("row", name=COURSE)


def test_course_session_booking_attendance_and_compliance(
    e2e_world: Any,
    new_page: Any,
    sign_in: Any,
    screenshot: Any,
    assert_accessible: Any,
    fill_date: Any,
) -> None:
    practitioner = e2e_world.practitioner
    password = e2e_world.password
    lead = StaffFactory(
        email="workforce@test.example",
        first_name="Wendy",
        last_name="Lowe",
        role=Staff.Role.WORKFORCE,
        team=None,
        organisation=practitioner.organisation,
        password=password,
    )
    facilitator = StaffFactory(
        email="manager@test.example",
        first_name="Marcus",
        last_name="Reid",
        role=Staff.Role.TEAM_MANAGER,
        team=practitioner.team,
        organisation=practitioner.organisation,
        password=password,
    )
    page = new_page(bypass_csp=True)  # to inject axe-core; the app's own scripts are all files

    # The workforce lead adds a course that practitioners must complete.
    sign_in(page, email=lead.email, password=password)
    page.goto("/workforce/")
    assert_accessible(page, "Training catalogue (workforce lead)")
    page.get_by_role("link", name="Add a course").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Save course").click()
    page.wait_for_load_state()
    assert "Enter the course title" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page, "Add a course (errors)")
    page.get_by_label("Course title").fill(COURSE)
    page.get_by_label("Type of course").select_option(label="Foundation")
    page.get_by_label("Level").select_option(label="Introductory")
    page.get_by_label("Length in hours").fill("6")
    page.get_by_label("How it is delivered").select_option(label="In person")
    page.get_by_label("Months before a refresher is due (optional)").fill("36")
    page.get_by_label("Practitioner", exact=True).check()
    page.get_by_role("button", name="Save course").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == COURSE
    assert_accessible(page, "Course")

    # ...and a session tomorrow, with the team manager as facilitator. A date in the past is
    # refused first, beside the field, and nothing is saved.
    page.get_by_role("link", name="Add a session").click()
    page.wait_for_load_state()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    fill_date(page, "Date", yesterday)
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("Place (optional if online)").fill("Civic Centre, Room 3")
    page.get_by_label("Capacity").fill("12")
    page.get_by_label(facilitator.choice_label).check()
    page.get_by_role("button", name="Save session").click()
    page.wait_for_load_state()
    assert (
        "The session must start in the future" in page.locator(".govuk-error-summary").inner_text()
    )
    assert not Session.objects.exists()
    assert_accessible(page, "Add a session (date in the past)")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    fill_date(page, "Date", tomorrow)
    page.get_by_label(facilitator.choice_label).check()
    screenshot(page, "training-01-session-form")
    page.get_by_role("button", name="Save session").click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "Session added" in page.inner_text("body")
    assert "Marcus Reid" in main and "0 of 12 booked" in main
    assert_accessible(page, "Session (workforce lead)")
    session_url = page.url

    # The practitioner sees the course is not started, finds the session and books it.
    page.context.clear_cookies()
    sign_in(page, email=practitioner.email, password=password)
    page.goto("/workforce/my-training/")
    assert "Not started" in _required_row(page).inner_text()
    assert_accessible(page, "My training (before)")
    page.goto("/workforce/")
    page.get_by_role("link", name=f"{tomorrow:%-d %B %Y}, 10:00 – {COURSE}").click()
    page.wait_for_load_state()
    assert page.url.endswith(session_url.split("/workforce/")[1])
    page.get_by_role("button", name="Book a place").click()
    page.wait_for_load_state()
    assert "You are booked on this session" in page.inner_text("body")
    assert "Your booking: Booked" in page.locator("main").inner_text()
    assert_accessible(page, "Session (booked)")
    screenshot(page, "training-02-booked")

    # The session takes place. Attendance opens once a session has started, and a session
    # cannot be created (or moved) into the past, so the start is moved here to an hour ago:
    # the live server runs in this process and the clock cannot be moved for it alone.
    Session.objects.filter(course__title=COURSE).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1)
    )

    # The facilitator takes attendance.
    page.context.clear_cookies()
    sign_in(page, email=facilitator.email, password=password)
    page.goto(session_url)
    assert_accessible(page, "Session (facilitator)")
    page.get_by_role("link", name="Take attendance").click()
    page.wait_for_load_state()
    assert_accessible(page, "Take attendance")
    page.get_by_label(practitioner.display_name).check()
    page.get_by_role("button", name="Save attendance").click()
    page.wait_for_load_state()
    assert "Attendance saved: 1 attended" in page.inner_text("body")
    assert "Attended" in page.get_by_role("row", name=practitioner.display_name).inner_text()
    assert_accessible(page, "Session (attendance taken)")
    screenshot(page, "training-03-attendance")
    assert Completion.objects.filter(person=practitioner, course__title=COURSE).count() == 1

    # The practitioner's compliance now shows the course completed, valid for 36 months.
    page.context.clear_cookies()
    sign_in(page, email=practitioner.email, password=password)
    page.goto("/workforce/my-training/")
    row_text = _required_row(page).inner_text()
    assert "Completed" in row_text and "valid until" in row_text
    assert_accessible(page, "My training (after)")
    screenshot(page, "training-04-my-training")
    assert not page.problems, page.problems


def test_changing_a_session_ending_supervision_and_correcting_a_record_are_accessible(
    e2e_world: Any,
    new_page: Any,
    sign_in: Any,
    screenshot: Any,
    assert_accessible: Any,
    fill_date: Any,
) -> None:
    """The pages added for changing things: a session's date and facilitators, ending a
    supervision agreement, correcting a supervision record. Errors beside the fields."""
    import uuid

    from restorative.workforce import services
    from restorative.workforce.models import SupervisionAgreement
    from restorative.workforce.tests.factories import SessionFactory

    practitioner = e2e_world.practitioner
    password = e2e_world.password
    lead = StaffFactory(
        email="workforce@test.example",
        role=Staff.Role.WORKFORCE,
        team=None,
        organisation=practitioner.organisation,
        password=password,
    )
    manager = StaffFactory(
        email="manager@test.example",
        first_name="Marcus",
        last_name="Reid",
        role=Staff.Role.TEAM_MANAGER,
        team=practitioner.team,
        organisation=practitioner.organisation,
        password=password,
    )
    session = SessionFactory(course__title=COURSE, capacity=5)
    agreement = SupervisionAgreement.objects.create(
        supervisor=manager,
        supervisee=practitioner,
        started_on=timezone.localdate() - datetime.timedelta(days=60),
    )
    record, _ = services.supervision_session_record(
        actor=manager,
        agreement=agreement,
        submission_token=uuid.uuid4(),
        held_on=timezone.localdate() - datetime.timedelta(days=1),
        duration_minutes=90,
        wellbeing_score=6,
        reflection="Talked through a hard visit",
    )
    page = new_page(bypass_csp=True)

    sign_in(page, email=lead.email, password=password)
    page.goto(f"/workforce/sessions/{session.uuid}/")
    page.get_by_role("link", name="Change date, place, facilitators or capacity").click()
    page.wait_for_load_state()
    assert_accessible(page, "Change session")
    page.get_by_label("Capacity").fill("0")
    page.get_by_role("button", name="Save session").click()
    page.wait_for_load_state()
    assert "Capacity must be 1 or more" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page, "Change session (errors)")
    page.get_by_label("Capacity").fill("8")
    page.get_by_label("Start time").fill("14:30")
    page.get_by_role("checkbox", name=re.compile(r"^Marcus Reid,")).check()
    page.get_by_role("button", name="Save session").click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "14:30" in main and "Marcus Reid" in main and "0 of 8 booked" in main

    page.context.clear_cookies()
    sign_in(page, email=manager.email, password=password)
    page.goto(f"/workforce/supervision/sessions/{record.uuid}/")
    page.get_by_role("link", name="Change this record").click()
    page.wait_for_load_state()
    assert_accessible(page, "Change supervision record")
    page.get_by_label("Reflection on practice").fill("Talked through a hard visit; felt heard")
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_load_state()
    assert "felt heard" in page.locator("main").inner_text()

    page.goto("/workforce/supervision/team/")
    page.get_by_role("link", name=f"End supervision of {practitioner.display_name}").click()
    page.wait_for_load_state()
    assert_accessible(page, "End supervision agreement")
    future = timezone.localdate() + datetime.timedelta(days=2)
    fill_date(page, "Date ended", future)
    page.get_by_role("button", name="End agreement").click()
    page.wait_for_load_state()
    assert (
        "Date ended must be today or in the past"
        in page.locator(".govuk-error-summary").inner_text()
    )
    assert_accessible(page, "End supervision agreement (errors)")
    screenshot(page, "supervision-end-errors")
    fill_date(page, "Date ended", timezone.localdate())
    page.get_by_role("button", name="End agreement").click()
    page.wait_for_load_state()
    assert "has ended" in page.inner_text("body")
    assert_accessible(page, "Who is due (after ending)")
    assert not page.problems, page.problems
