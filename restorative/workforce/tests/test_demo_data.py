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
