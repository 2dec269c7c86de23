"""axe-core over every page of the foundation, in each state a person meets: forms empty and
with errors, lists, the access trail and the import's error report. Zero WCAG 2.2 AA violations."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.e2e


def _check(page: Any, path: str, name: str, screenshot: Any, assert_accessible: Any) -> None:
    page.goto(path)
    page.wait_for_load_state()
    screenshot(page, f"all-{name}")
    assert_accessible(page, name)


def test_practitioner_pages_and_form_errors_are_accessible(
    e2e_world: Any,
    new_page: Any,
    sign_in: Any,
    screenshot: Any,
    assert_accessible: Any,
    fill_date: Any,
) -> None:
    page = new_page(bypass_csp=True)
    sign_in(page, email=e2e_world.practitioner.email, password=e2e_world.password)
    family = e2e_world.family
    team = e2e_world.practitioner.team
    for path, name in [
        ("/organisation/", "organisation"),
        (f"/services/{team.service.uuid}/", "service"),
        (f"/teams/{team.uuid}/", "team"),
        ("/staff/", "staff-directory"),
        ("/families/new/", "add-family"),
        (f"/families/{family.uuid}/edit/", "edit-family"),
        (f"/families/{family.uuid}/members/add/", "add-person"),
        ("/families/?q=nobody-matches-this", "no-results"),
    ]:
        _check(page, path, name, screenshot, assert_accessible)
    _check(page, f"/families/{family.uuid}/not-a-page/", "not-found", screenshot, assert_accessible)
    page.problems.clear()  # the browser reports that deliberate 404 as a console error

    # The error states: the error summary, messages by the fields, inputs marked invalid.
    page.goto(f"/families/{family.uuid}/members/add/")
    fill_date(page, "Date of birth (optional)", "31/02/2019")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    first_name = page.get_by_label("First name", exact=True)
    assert first_name.get_attribute("aria-invalid") == "true"
    assert "id_first_name-error" in (first_name.get_attribute("aria-describedby") or "")
    screenshot(page, "all-add-person-errors")
    assert_accessible(page, "add a person, with errors")

    page.goto(f"/families/{family.uuid}/edit/")
    page.get_by_label("Family name").fill("")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    assert_accessible(page, "edit family, with errors")
    assert page.problems == []


def test_a_list_of_more_than_one_page_is_accessible(
    e2e_world: Any, new_page: Any, sign_in: Any, screenshot: Any, assert_accessible: Any
) -> None:
    """A list longer than a page, with its Next and Last links, passes axe: the pagination's
    links are GOV.UK links on the page's white, not dark text on a current-page blue."""
    from restorative.people.selectors import STAFF_PER_PAGE
    from restorative.people.tests.factories import StaffFactory

    team = e2e_world.practitioner.team
    StaffFactory.create_batch(STAFF_PER_PAGE, team=team, organisation=team.service.organisation)
    page = new_page(bypass_csp=True)
    sign_in(page, email=e2e_world.practitioner.email, password=e2e_world.password)
    _check(page, "/staff/", "staff-directory-two-pages", screenshot, assert_accessible)
    assert page.get_by_role("link", name="Next page").is_visible()
    page.get_by_role("link", name="Last page").click()
    page.wait_for_load_state()
    assert_accessible(page, "staff directory, last page")
    assert page.get_by_role("link", name="First page").is_visible()
    assert page.problems == []


def test_manager_access_trail_and_admin_import_pages_are_accessible(
    e2e_world: Any, new_page: Any, sign_in: Any, screenshot: Any, assert_accessible: Any
) -> None:
    from restorative.people.models import Staff
    from restorative.people.tests.factories import StaffFactory

    team = e2e_world.practitioner.team
    manager = StaffFactory(
        role=Staff.Role.TEAM_MANAGER,
        team=team,
        email="manager@test.example",
        password="pw-123456789",
    )
    admin = StaffFactory(
        role=Staff.Role.SYSTEM_ADMIN,
        team=None,
        organisation=team.service.organisation,
        email="admin@test.example",
        password="pw-123456789",
    )

    page = new_page(bypass_csp=True)
    sign_in(page, email=manager.email, password="pw-123456789")
    page.goto(f"/families/{e2e_world.family.uuid}/")
    page.get_by_role("link", name="Who has viewed or changed this record").click()
    page.wait_for_load_state()
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Who has viewed or changed this record"
    )
    screenshot(page, "all-access-trail")
    assert_accessible(page, "access trail")

    admin_page = new_page(bypass_csp=True)
    sign_in(admin_page, email=admin.email, password="pw-123456789")
    _check(admin_page, "/import/", "import-start", screenshot, assert_accessible)
    bad_csv = (
        "case_reference,family_name,team_code,worker_email,status,opened_on\n"
        "X-1,Brown,NOPE,,open,\n"
        ",Green,NS1,,open,31/02/2020\n"
    )
    admin_page.get_by_label("Upload a CSV file").set_input_files(
        files=[{"name": "families.csv", "mimeType": "text/csv", "buffer": bad_csv.encode()}]
    )
    admin_page.get_by_role("button", name="Check the file").click()
    admin_page.wait_for_load_state()
    lines = admin_page.locator("#errors tbody tr td:first-child").all_inner_texts()
    assert sorted(set(lines)) == ["2", "3"]
    screenshot(admin_page, "all-import-errors")
    assert_accessible(admin_page, "import error report")
    assert page.problems == [] and admin_page.problems == []


def test_practice_documents_are_accessible_and_print_without_the_menus(
    e2e_world: Any, new_page: Any, sign_in: Any, screenshot: Any, assert_accessible: Any
) -> None:
    """The printable meeting record and the family's plan: axe on screen, no CSP refusals,
    the print stylesheet hides the navigation on paper, and the PDF downloads."""
    import datetime

    from django.utils import timezone

    from restorative.practice import plans, services

    family, worker = e2e_world.family, e2e_world.practitioner
    child = family.members.first()
    meeting = services.meeting_schedule(
        actor=worker,
        family=family,
        meeting_type="family_group_conference",
        scheduled_at=timezone.now(),
        venue="in_person",
        members=list(family.members.all()),
    )
    services.meeting_record(
        actor=worker,
        meeting=meeting,
        held_on=datetime.date.today(),
        sections={"working_well": "The children go to school every day"},
        participants={
            meeting.participants.get(member=child).uuid: services.ParticipantRecord(
                attendance="attended", view_given_by="in_person", view="I like my school"
            )
        },
    )
    plan = plans.plan_create(
        actor=worker, family=family, title="Calmer mornings", started_on=datetime.date.today()
    )
    plans.goal_add(actor=worker, plan=plan, goal="Get to school on time", whose="Amara")
    plans.action_add(
        actor=worker,
        plan=plan,
        what="Lay out uniforms the night before",
        owner=plans.Owner(member=child),
        due_date=datetime.date.today() + datetime.timedelta(days=7),
    )
    page = new_page(bypass_csp=True)
    sign_in(page, email=worker.email, password=e2e_world.password)
    strict = new_page()  # the real Content Security Policy: print.mjs must load cleanly
    sign_in(strict, email=worker.email, password=e2e_world.password)
    for path, name in [
        (f"/practice/meetings/{meeting.uuid}/document/", "meeting-record"),
        (f"/practice/plans/{plan.uuid}/for-the-family/", "family-plan"),
    ]:
        _check(page, path, name, screenshot, assert_accessible)
        strict.goto(path)
        strict.wait_for_load_state()
        assert strict.get_by_role("button", name="Print this page").is_visible()
        strict.emulate_media(media="print")
        assert not strict.locator(".govuk-service-navigation").is_visible()
        assert not strict.locator(".app-no-print").first.is_visible()
        assert strict.locator("article.app-document h1").is_visible()
        screenshot(strict, f"all-{name}-print")
        strict.emulate_media(media="screen")
        with strict.expect_download() as download:
            strict.get_by_role("link", name="Download as a PDF").click()
        assert download.value.suggested_filename.endswith(".pdf")
        assert "okafor" not in download.value.suggested_filename.lower()
    assert page.problems == [] and strict.problems == []
