"""Issue 14 item 11 in a real browser: a newcomer's first minutes in the demo data. The team
manager's "Meetings due" holds nothing for a closed family and nothing overdue from years
ago; the showcase family's plan started on or after the conference that made it, as its
pages say; a practitioner's training shows no induction overdue since long before they
started. (Every demo family's invariants are checked without a browser in
core/tests/test_demo_invariants.py.) axe-core finds no violation on the pages visited."""

from __future__ import annotations

import datetime
import re
from io import StringIO
from typing import Any

DEMO_PASSWORD = "restorative-demo"  # noqa: S105 - the published demo password (README)


def _long(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def test_the_demo_tells_one_story(
    transactional_db: None, new_page: Any, sign_in: Any, assert_accessible: Any
) -> None:
    from django.core.management import call_command

    from restorative.people.models import Family
    from restorative.practice.models import Plan

    call_command("seed_demo", "--scale", "small", stdout=StringIO())
    this_year = datetime.date.today().year
    page = new_page(bypass_csp=True)

    sign_in(page, email="manager@demo.restorative.test", password=DEMO_PASSWORD)
    page.goto("/practice/due/")
    due = page.locator("main").inner_text()
    for closed in Family.objects.filter(status=Family.Status.CLOSED):
        assert closed.case_reference not in due, f"{closed} is closed but on the due list"
    years = {int(year) for year in re.findall(r"\b(20\d\d)\b", due)}
    assert all(year >= this_year - 2 for year in years), sorted(years)
    assert_accessible(page, "Meetings due (demo team manager)")

    plan = Plan.objects.filter(family__name="Okafor", meeting__isnull=False).first()
    assert plan is not None and plan.meeting is not None
    held = plan.meeting.held_on
    assert held is not None and plan.started_on >= held
    page.goto(f"/practice/meetings/{plan.meeting.uuid}/")
    assert _long(held) in page.locator("main").inner_text()
    page.goto(f"/practice/plans/{plan.uuid}/")
    assert _long(plan.started_on) in page.locator("main").inner_text()
    assert_accessible(page, "The showcase family's plan")

    context = new_page(bypass_csp=True)
    sign_in(context, email="practitioner@demo.restorative.test", password=DEMO_PASSWORD)
    context.goto("/workforce/my-training/")
    training = context.locator("main").inner_text()
    overdue_years = {int(y) for y in re.findall(r"overdue since[^\n]*?\b(20\d\d)\b", training)}
    assert all(year >= this_year - 2 for year in overdue_years), sorted(overdue_years)
    assert_accessible(context, "My training (demo practitioner)")
