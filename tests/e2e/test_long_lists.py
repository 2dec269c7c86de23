"""Issue 14, items 6 and 4 in a real browser: long lists people can use, and every error of
the action form after one submission. The meeting form lists chairs only for the type chosen
(on the server, so without scripts too); professionals are checkboxes grouped by team or
agency with their role, filtered by typing when scripts run; axe-core finds no violation."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest


@pytest.fixture
def lists_world(e2e_world: Any) -> SimpleNamespace:
    from restorative.people.models import Staff
    from restorative.people.tests.factories import PartnerAgencyFactory, StaffFactory
    from restorative.practice import plans

    team = e2e_world.practitioner.team
    org = e2e_world.practitioner.organisation
    manager = StaffFactory(
        role=Staff.Role.TEAM_MANAGER,
        team=team,
        organisation=org,
        first_name="Maya",
        last_name="Grant",
        job_title="",
    )
    police = PartnerAgencyFactory(name="County Police", kind="police")
    school = PartnerAgencyFactory(name="Hilltop Primary School", kind="school")
    officer = StaffFactory(
        role=Staff.Role.PARTNER,
        team=None,
        organisation=org,
        partner_agency=police,
        first_name="Sam",
        last_name="Okoro",
        job_title="Police officer",
    )
    teacher = StaffFactory(
        role=Staff.Role.PARTNER,
        team=None,
        organisation=org,
        partner_agency=school,
        first_name="Ann",
        last_name="Lowe",
        job_title="Head teacher",
    )
    plan = plans.plan_create(
        actor=e2e_world.practitioner,
        family=e2e_world.family,
        title="Calmer mornings",
        started_on=datetime.date.today() - datetime.timedelta(days=10),
    )
    return SimpleNamespace(manager=manager, officer=officer, teacher=teacher, plan=plan)


def _chairs(page: Any) -> list[str]:
    return [text.strip() for text in page.locator("select[name=chair] option").all_inner_texts()]


def test_chairs_by_type_and_grouped_professionals_with_a_filter(
    e2e_world: Any,
    lists_world: Any,
    new_page: Any,
    sign_in: Any,
    assert_accessible: Any,
    fill_date: Any,
) -> None:
    from restorative.practice.models import Meeting

    page = new_page(bypass_csp=True)  # axe-core is injected as an inline script
    sign_in(page, email=e2e_world.practitioner.email, password=e2e_world.password)
    page.goto(f"/practice/families/{e2e_world.family.uuid}/meetings/new/")
    assert _chairs(page) == ["Choose the type of meeting first"]
    assert_accessible(page, "Schedule a meeting (no type yet)")

    page.get_by_label("Type of meeting").select_option("core_group")
    page.get_by_role("button", name="Show who can chair").click()
    page.wait_for_load_state()
    chairs = _chairs(page)
    assert "Maya Grant, Team manager, North Safeguarding" in chairs
    assert not any("Police" in chair for chair in chairs)

    # Professionals: grouped by agency or team, each with their role; the filter narrows them.
    group = page.get_by_role("group", name="County Police")
    assert group.get_by_label("Sam Okoro, Police officer, County Police").is_visible()
    page.get_by_label("Filter the list by name, role or team").fill("head teacher")
    assert page.get_by_label("Ann Lowe, Head teacher, Hilltop Primary School").is_visible()
    assert not page.get_by_label("Sam Okoro, Police officer, County Police").is_visible()
    page.get_by_label("Ann Lowe, Head teacher, Hilltop Primary School").check()
    page.get_by_label("Filter the list by name, role or team").fill("")
    assert_accessible(page, "Schedule a meeting (chairs for a core group, filtered list)")

    page.get_by_label("Chair or facilitator (optional)").select_option(
        label="Maya Grant, Team manager, North Safeguarding"
    )
    fill_date(page, "Date of the meeting", datetime.date.today() + datetime.timedelta(days=3))
    page.get_by_label("Time of the meeting").fill("10:00")
    page.get_by_label("In person or online").select_option("in_person")
    page.get_by_role("button", name="Schedule the meeting").click()
    page.wait_for_load_state()
    meeting = Meeting.objects.get(family=e2e_world.family, meeting_type="core_group")
    assert meeting.chair == lists_world.manager
    assert set(meeting.participants.values_list("staff_id", flat=True)) == {lists_world.teacher.pk}
    assert not page.problems, page.problems


def test_without_scripts_the_grouped_list_still_works(
    e2e_world: Any, lists_world: Any, new_page: Any, sign_in: Any, assert_accessible: Any
) -> None:
    page = new_page(bypass_csp=True, java_script_enabled=False)
    sign_in(page, email=e2e_world.practitioner.email, password=e2e_world.password)
    page.goto(f"/practice/families/{e2e_world.family.uuid}/meetings/new/?type=core_group")
    assert not page.get_by_label("Filter the list by name, role or team").is_visible()
    assert page.get_by_label("Sam Okoro, Police officer, County Police").is_visible()
    assert "Maya Grant, Team manager, North Safeguarding" in _chairs(page)


def test_the_action_form_shows_every_error_in_one_submission(
    e2e_world: Any,
    lists_world: Any,
    new_page: Any,
    sign_in: Any,
    assert_accessible: Any,
    fill_date: Any,
) -> None:
    from restorative.practice.models import Action

    page = new_page(bypass_csp=True)
    sign_in(page, email=e2e_world.practitioner.email, password=e2e_world.password)
    page.goto(f"/practice/plans/{lists_world.plan.uuid}/actions/new/")
    page.get_by_role("radio", name="A member of staff").check()
    page.get_by_label("Member of staff (if a member of staff)").select_option(
        label="Maya Grant, Team manager, North Safeguarding"
    )
    fill_date(page, "Date it is due by", datetime.date.today() - datetime.timedelta(days=30))
    page.get_by_role("button", name="Save the action").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter what will be done" in summary
    assert "Due date must be on or after the date the plan started" in summary
    assert_accessible(page, "Add an action (every error at once)")
    assert not Action.objects.exists()


def test_team_circle_facilitators_are_who_may_facilitate(
    e2e_world: Any, lists_world: Any, new_page: Any, sign_in: Any, assert_accessible: Any
) -> None:
    from restorative.people.models import Staff
    from restorative.people.tests.factories import StaffFactory

    team = e2e_world.practitioner.team
    StaffFactory(
        role=Staff.Role.BUSINESS_SUPPORT,
        team=team,
        organisation=team.service.organisation,
        first_name="Bea",
        last_name="Support",
        job_title="",
    )
    manager = lists_world.manager
    manager.set_password(e2e_world.password)
    manager.save()
    page = new_page(bypass_csp=True)
    sign_in(page, email=manager.email, password=e2e_world.password)
    page.goto(f"/workforce/circles/teams/{team.uuid}/new/")
    options = page.locator("select[name=facilitator] option").all_inner_texts()
    assert "Maya Grant, Team manager, North Safeguarding" in options
    assert any(option.startswith("Priya Shah, ") for option in options)
    assert not any("Bea Support" in option for option in options)
    assert_accessible(page, "Record a team circle (facilitators)")


def test_the_family_allocation_lists_who_may_hold_it_with_role_and_team(
    e2e_world: Any, lists_world: Any, new_page: Any, sign_in: Any, assert_accessible: Any
) -> None:
    from restorative.people.models import Staff
    from restorative.people.tests.factories import StaffFactory

    team = e2e_world.practitioner.team
    support = StaffFactory(
        role=Staff.Role.BUSINESS_SUPPORT,
        team=team,
        organisation=team.service.organisation,
        first_name="Bea",
        last_name="Support",
        job_title="",
    )
    manager = lists_world.manager
    manager.set_password(e2e_world.password)
    manager.save()
    page = new_page(bypass_csp=True)
    sign_in(page, email=manager.email, password=e2e_world.password)
    page.goto(f"/families/{e2e_world.family.uuid}/edit/")
    worker = page.get_by_label("Allocated practitioner")
    options = worker.locator("option").all_inner_texts()
    assert "Maya Grant, Team manager, North Safeguarding" in options
    assert any(option.startswith("Priya Shah, ") for option in options)
    assert not any("Bea Support" in option for option in options)
    assert worker.locator("optgroup").first.get_attribute("label") == "North Safeguarding"
    assert_accessible(page, "Change a family's details (allocation)")

    # A business support officer's UUID sent anyway (a stale page): refused, the summary's
    # link lands on the choice, nothing changes.
    worker.evaluate(
        "(select, uuid) => { select.add(new Option('x', uuid)); select.value = uuid; }",
        str(support.uuid),
    )
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    assert "Choose a practitioner or team manager in the family" in summary.inner_text()
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.name") == "allocated_worker"
    assert_accessible(page, "Change a family's details (allocation refused)")
    e2e_world.family.refresh_from_db()
    assert e2e_world.family.allocated_worker == e2e_world.practitioner
