"""Issue 14 items 4, 5 and 7 in a real browser: an error summary link on radios or checkboxes
lands on the first input of the group, a date is asked for with the GOV.UK date input, and the
pages people open on a phone reflow at 375 px without scrolling sideways (WCAG 1.4.10)."""

from __future__ import annotations

from typing import Any


def test_error_summary_link_on_radios_focuses_the_first_radio(
    e2e_world: Any, new_page: Any, sign_in: Any, assert_accessible: Any
) -> None:
    page = new_page(bypass_csp=True)  # axe-core is injected as an inline script
    sign_in(page, email=e2e_world.practitioner.email, password=e2e_world.password)
    page.goto(f"/practice/families/{e2e_world.family.uuid}/conversations/new/")
    date = page.get_by_role("group", name="Date of the conversation")
    date.get_by_label("Day").fill("3")
    date.get_by_label("Month").fill("")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()

    link = page.locator(".govuk-error-summary__list a", has_text="Choose where the conversation")
    assert link.get_attribute("href") == "#id_setting_0"
    assert all(
        href != "#"
        for href in page.locator(".govuk-error-summary__list a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
    )
    assert_accessible(page, "New conversation (with errors)")
    link.click()
    assert page.evaluate("() => document.activeElement.id") == "id_setting_0"
    assert page.evaluate("() => document.activeElement.type") == "radio"

    # The GOV.UK date input: the message names the missing part, the link lands on the day.
    date_link = page.locator(".govuk-error-summary__list a", has_text="must include a month")
    assert date_link.inner_text() == "Date of the conversation must include a month"
    assert date.get_by_label("Day").input_value() == "3"
    date_link.click()
    assert page.evaluate("() => document.activeElement.id") == "id_held_on_0"


def _overdue_meeting_and_plan(e2e_world: Any) -> Any:
    """An overdue core group arranged for a date, and a plan with an overdue action owned by
    the practitioner: every column the two pages have, filled with long-enough words."""
    import datetime

    from django.utils import timezone

    from restorative.practice import plans, services
    from restorative.practice.models import Meeting

    family = e2e_world.family
    today = datetime.date.today()
    meeting = services.meeting_schedule(
        actor=e2e_world.practitioner,
        family=family,
        meeting_type="core_group",
        scheduled_at=timezone.now() + datetime.timedelta(days=3),
        venue="in_person",
        members=list(family.members.all()),
    )
    Meeting.objects.filter(pk=meeting.pk).update(due_date=today - datetime.timedelta(days=5))
    plan = plans.plan_create(
        actor=e2e_world.practitioner,
        family=family,
        title="Calmer mornings and safer evenings at home",
        started_on=today - datetime.timedelta(days=30),
    )
    action = plans.action_add(
        actor=e2e_world.practitioner,
        plan=plan,
        what="Arrange a meeting with the school's designated safeguarding lead",
        owner=plans.Owner(staff=e2e_world.practitioner),
        due_date=today + datetime.timedelta(days=10),
    )
    type(action).objects.filter(pk=action.pk).update(due_date=today - datetime.timedelta(days=2))
    return plan


def _assert_no_sideways_scroll(page: Any, name: str) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    wide = page.evaluate(
        "() => [...document.querySelectorAll('main *')]"
        ".filter(e => e.getBoundingClientRect().right > 376)"
        ".slice(0, 5).map(e => e.tagName + '.' + e.className + ': ' + e.textContent.slice(0, 40))"
    )
    assert width <= 375, f"{name} is {width}px wide at a 375px viewport: {wide}"


def test_due_list_and_plan_page_reflow_at_phone_width(
    e2e_world: Any, new_page: Any, sign_in: Any, screenshot: Any, assert_accessible: Any
) -> None:
    from restorative.people.models import Staff
    from restorative.people.tests.factories import StaffFactory

    plan = _overdue_meeting_and_plan(e2e_world)
    manager = StaffFactory(
        email="manager@test.example",
        first_name="Maria",
        last_name="Lopez",
        role=Staff.Role.TEAM_MANAGER,
        team=e2e_world.practitioner.team,
        organisation=e2e_world.practitioner.organisation,
        password=e2e_world.password,
    )
    for person, due_url in (
        (e2e_world.practitioner, "/practice/due/"),
        (manager, "/practice/due/?scope=team"),
    ):
        page = new_page(bypass_csp=True, viewport={"width": 375, "height": 812})
        sign_in(page, email=person.email, password=e2e_world.password)
        page.goto(due_url)
        main = page.locator("main").inner_text()
        assert "Core group" in main and "Priya Shah" in main
        _assert_no_sideways_scroll(page, f"Meetings due ({person.role})")
        screenshot(page, f"forms-phone-due-{person.role}")
        assert_accessible(page, f"Meetings due at 375px ({person.role})")
        page.goto(f"/practice/plans/{plan.uuid}/")
        assert "Arrange a meeting with the school" in page.locator("main").inner_text()
        _assert_no_sideways_scroll(page, f"Plan page ({person.role})")
        screenshot(page, f"forms-phone-plan-{person.role}")
        assert_accessible(page, f"Plan page at 375px ({person.role})")
