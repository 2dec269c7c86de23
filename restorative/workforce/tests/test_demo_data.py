"""The demo training data loads quickly on the small demo authority and shows a mix."""

from __future__ import annotations

import datetime

import pytest

from restorative.people.demo_data import SCALES, seed_demo_data
from restorative.people.models import Staff
from restorative.workforce import demo_data
from restorative.workforce.selectors import compliance_overview


@pytest.mark.django_db
def test_seed_small() -> None:
    seed_demo_data(scale=SCALES["small"])
    counts = demo_data.seed(scale="small")
    assert counts["training courses"] == 6 and counts["training completions"] > 100
    lead = Staff.objects.get(email="workforce@demo.restorative.test")
    overview = compliance_overview(lead, today=datetime.date.today())
    figures = dict(overview.figures.ordered())
    assert all(figures[s] > 0 for s in ("overdue", "due_soon", "not_started", "completed"))


@pytest.mark.django_db
def test_reset_then_seed_again() -> None:
    seed_demo_data(scale=SCALES["small"])
    demo_data.seed(scale="small")
    demo_data.reset()
    assert demo_data.seed(scale="small")["training courses"] == 6


@pytest.mark.django_db
def test_seed_supervision_for_the_demo_team() -> None:
    from restorative.workforce.selectors import supervision_overview

    seed_demo_data(scale=SCALES["small"])
    counts = demo_data.seed(scale="small")
    assert counts["supervision agreements"] > 2 and counts["supervision sessions"] > 2
    manager = Staff.objects.get(email="manager@demo.restorative.test")
    rows = {
        row.agreement.supervisee.email: row
        for row in supervision_overview(manager, today=datetime.date.today())
    }
    assert not rows["practitioner@demo.restorative.test"].overdue
    assert rows["asye@demo.restorative.test"].overdue
    assert all(row.agreement.supervisor == manager for row in rows.values())
    from restorative.workforce.models import SupervisionCaseDecision

    assert SupervisionCaseDecision.objects.filter(family__name="Okafor").exists()
