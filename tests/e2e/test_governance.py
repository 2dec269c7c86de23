"""Browser journey for the implementation picture (issue 13): the director opens the picture,
sees a measure below target, opens the service and the team behind it, sets a barrier's
review date, and downloads the board report. axe-core finds no violations on the way."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.e2e


def test_director_reads_the_picture_and_downloads_the_board_report(
    e2e_world: Any,
    new_page: Any,
    sign_in: Any,
    screenshot: Any,
    assert_accessible: Any,
    fill_date: Any,
) -> None:
    from restorative.governance.models import Barrier, Target
    from restorative.governance.services.barriers import barrier_raise
    from restorative.people.models import Staff
    from restorative.people.tests.factories import StaffFactory
    from restorative.practice.models import Meeting, MeetingParticipant

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
    Target.objects.create(measure="voice_heard", value=80, set_by=director)
    meeting = Meeting.objects.create(
        family=e2e_world.family,
        meeting_type="core_group",
        status="held",
        held_on=datetime.date.today(),
        created_by=practitioner,
    )
    MeetingParticipant.objects.create(
        meeting=meeting,
        name="Jo Brennan",
        kind="professional",
        role="Health visitor",
        view_given_by="in_person",
        view="Things are calmer",
    )
    MeetingParticipant.objects.create(
        meeting=meeting, name="Sam Patel", kind="professional", role="Teacher"
    )
    barrier, _ = barrier_raise(
        actor=practitioner,
        theme="time",
        description="No time to prepare families for conferences",
        team=team,
    )

    page = new_page(bypass_csp=True)  # axe-core is injected as an inline script
    sign_in(page, email=director.email, password=e2e_world.password)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Governance").click()
    assert_accessible(page, "Governance hub")
    page.get_by_role("main").get_by_role("link", name="Implementation picture").click()
    page.wait_for_load_state()
    assert "The organisation" in page.get_by_role("heading", level=1).inner_text()
    below = page.locator("#below-target").inner_text()
    assert "Views recorded at meetings" in below
    screenshot(page, "governance-picture")
    assert_accessible(page, "Implementation picture (organisation)")

    page.locator("#children").get_by_role("link", name="Safeguarding").click()
    page.wait_for_load_state()
    assert "Safeguarding" in page.get_by_role("heading", level=1).inner_text()
    assert_accessible(page, "Implementation picture (service)")
    page.locator("#children").get_by_role("link", name="North Safeguarding").click()
    page.wait_for_load_state()
    assert "North Safeguarding" in page.get_by_role("heading", level=1).inner_text()
    assert page.locator("#measure-voice_heard").get_by_text("Below target").is_visible()
    assert_accessible(page, "Implementation picture (team)")

    page.goto(f"/governance/barriers/{barrier.uuid}/")
    page.get_by_label("Accepted: action under way").check()
    page.get_by_label("Who owns the action (optional until accepted)").select_option(
        label=director.display_name
    )
    page.get_by_label("What we are doing (shown to the person who raised it)").fill(
        "Two hours of protected preparation time"
    )
    review = datetime.date.today() + datetime.timedelta(days=30)
    fill_date(page, "Review date", review)
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert "Barrier updated" in page.inner_text("main") or "Accepted" in page.inner_text("main")
    assert_accessible(page, "Barrier triage")
    barrier.refresh_from_db()
    assert barrier.review_on == review

    page.goto("/governance/picture/")
    shown = [
        name.strip()
        for name in page.locator("#measures tbody th").all_inner_texts()
        if name.strip()
    ]
    assert "Work experienced as done WITH" in shown  # the split, and the evaluation measures
    assert "Staff wellbeing (psychological safety)" in shown
    page.locator("#board-report-link").click()
    page.wait_for_load_state()
    assert_accessible(page, "Board report")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF-")
    from restorative.core.pdf_text import pdf_text

    # Every measure the picture showed is in the PDF's text (a long name may wrap in its
    # table cell, so runs of spaces and line breaks read alike).
    text = re.sub(r"\s+", " ", pdf_text(pdf))
    missing = [name for name in shown if re.sub(r"\s+", " ", name) not in text]
    assert not missing, missing
    assert "Learning from audits and complaints" in text
    assert Barrier.objects.get().status == "accepted"
    assert page.problems == []
