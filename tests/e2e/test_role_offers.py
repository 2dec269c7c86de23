"""Issue 14 item 3 in a real browser, on the roles the README describes: nobody is offered an
action they may not take. The director and quality assurance see a family's meetings without
"Schedule a meeting", "Record a restorative conversation" or "Make a plan"; business support
schedules meetings but records no conversation and makes no plan; a partner who sent apologies
sees the meeting's outline and decisions but not the views given; a partner's "My training"
opens. axe-core finds no violation on any page visited. (Every link and form offered to every
demo login is followed without a browser in core/tests/test_offers.py.)"""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest

VIEW = "I worry about the nights when the shouting starts"


@pytest.fixture
def roles(e2e_world: Any) -> SimpleNamespace:
    from django.utils import timezone

    from restorative.people.models import Staff
    from restorative.people.tests.factories import PartnerAgencyFactory, StaffFactory
    from restorative.practice.models import Meeting, MeetingParticipant

    team = e2e_world.practitioner.team
    org = e2e_world.practitioner.organisation

    def person(role: str, email: str, **extra: Any) -> Any:
        return StaffFactory(
            role=role, organisation=org, email=email, password=e2e_world.password, **extra
        )

    police = PartnerAgencyFactory(name="County Police", kind="police")
    partner = person(Staff.Role.PARTNER, "partner@test.example", partner_agency=police)
    held_on = datetime.date.today() - datetime.timedelta(days=3)
    meeting = Meeting.objects.create(
        family=e2e_world.family,
        meeting_type="multi_agency_planning",
        status=Meeting.Status.HELD,
        scheduled_at=timezone.make_aware(datetime.datetime.combine(held_on, datetime.time(10, 0))),
        held_on=held_on,
        venue=Meeting.Venue.IN_PERSON,
        place="Civic Centre",
        what_happened="Worries at school about tiredness.",
        created_by=e2e_world.practitioner,
    )
    MeetingParticipant.objects.create(
        meeting=meeting,
        kind=MeetingParticipant.Kind.PROFESSIONAL,
        staff=partner,
        agency=police,
        attendance=MeetingParticipant.Attendance.APOLOGIES,
    )
    MeetingParticipant.objects.create(
        meeting=meeting,
        kind=MeetingParticipant.Kind.OTHER,
        name="Aunt Grace",
        attendance=MeetingParticipant.Attendance.ATTENDED,
        view_given_by=MeetingParticipant.ViewGivenBy.IN_PERSON,
        view=VIEW,
    )
    return SimpleNamespace(
        director=person(Staff.Role.DIRECTOR, "director@test.example", team=None),
        quality=person(Staff.Role.QUALITY, "quality@test.example", team=None),
        support=person(Staff.Role.BUSINESS_SUPPORT, "support@test.example", team=team),
        partner=partner,
        meeting=meeting,
    )


def _offered(page: Any, name: str) -> bool:
    return (
        page.get_by_role("button", name=name).count() + page.get_by_role("link", name=name).count()
        > 0
    )


@pytest.mark.parametrize("who", ["director", "quality"])
def test_readers_are_offered_nothing_they_may_not_do(
    e2e_world: Any, roles: Any, new_page: Any, sign_in: Any, assert_accessible: Any, who: str
) -> None:
    page = new_page(bypass_csp=True)
    sign_in(page, email=getattr(roles, who).email, password=e2e_world.password)
    response = page.goto(f"/practice/families/{e2e_world.family.uuid}/")
    assert response is not None
    # The director reads every family; quality assurance may not open this page at all
    # (then nothing is offered there either).
    assert response.status == 200 if who == "director" else response.status in (200, 404)
    if response.status == 200:
        for action in (
            "Schedule a meeting",
            "Record a restorative conversation",
            "Make a plan with the family",
        ):
            assert not _offered(page, action), f"{who} is offered {action}"
        assert_accessible(page, f"A family's meetings ({who})")
    page.goto("/practice/due/")
    assert not _offered(page, "Schedule a meeting")
    assert_accessible(page, f"Meetings due ({who})")


def test_business_support_schedules_but_does_not_practise(
    e2e_world: Any, roles: Any, new_page: Any, sign_in: Any, assert_accessible: Any
) -> None:
    page = new_page(bypass_csp=True)
    sign_in(page, email=roles.support.email, password=e2e_world.password)
    page.goto(f"/practice/families/{e2e_world.family.uuid}/")
    assert not _offered(page, "Record a restorative conversation")
    assert not _offered(page, "Make a plan with the family")
    assert_accessible(page, "A family's meetings (business support)")
    page.get_by_role("button", name="Schedule a meeting").click()
    assert page.locator("h1").inner_text().strip() == "Schedule a meeting"
    assert_accessible(page, "Schedule a meeting (business support)")


def test_a_partner_who_sent_apologies_sees_the_outline_not_the_views(
    e2e_world: Any, roles: Any, new_page: Any, sign_in: Any, assert_accessible: Any
) -> None:
    page = new_page(bypass_csp=True)
    sign_in(page, email=roles.partner.email, password=e2e_world.password)
    response = page.goto(f"/practice/meetings/{roles.meeting.uuid}/")
    assert response is not None and response.status == 200
    assert page.locator("#discussion-not-shown").is_visible()
    assert VIEW not in page.content()
    assert "Worries at school about tiredness." not in page.content()
    assert_accessible(page, "A meeting the partner sent apologies for")
    response = page.goto("/workforce/my-training/")
    assert response is not None and response.status == 200
    assert page.locator("h1").inner_text().strip() == "My training"
    assert_accessible(page, "My training (partner)")
