"""The governance demo data: barriers, policies, targets and stored months that tell the
story the pages show, loaded on top of the small demo data and reset cleanly."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from restorative.governance import demo_data
from restorative.governance.models import Barrier, Policy, Snapshot, Target
from restorative.governance.selectors.policies import policy_rows_all
from restorative.people.demo_data import DEMO_EMAIL_DOMAIN
from restorative.people.models import Staff


@pytest.fixture
def demo(db: Any) -> None:
    call_command("seed_demo", "--scale", "small", stdout=StringIO())


def _login(local: str) -> Client:
    client = Client()
    client.force_login(Staff.objects.get(email=f"{local}@{DEMO_EMAIL_DOMAIN}"))
    return client


def test_demo_tells_the_story(demo: None) -> None:
    today = timezone.localdate()
    assert Barrier.objects.filter(status="accepted", review_on__gte=today).exists()
    assert Barrier.objects.filter(name_hidden=True).exists()
    rows = {row.policy.title: row for row in policy_rows_all(today=today)}
    assert rows["Supervision policy"].overdue
    assert rows["Restorative Practice Implementation Policy"].brought_forward
    assert Target.objects.count() >= 5
    months = set(Snapshot.objects.values_list("month", flat=True))
    assert len(months) == 11 and today.replace(day=1) not in months

    director = _login("director").get(reverse("governance:picture")).content.decode()
    assert 'id="reviews-overdue"' in director
    head = _login("head")
    assert head.get(reverse("governance:picture")).status_code == 200
    assert head.get(reverse("practice:meetings_due")).status_code == 200
    fgc = Policy.objects.get(title="Family group conference procedure").versions.get()
    body = (
        _login("director")
        .get(reverse("governance:version_detail", args=[fgc.uuid]))
        .content.decode()
    )
    assert "non-compliant" in body and 'id="findings"' in body
    assert _login("director").get(reverse("governance:board_report")).status_code == 200


def test_reset_removes_it(demo: None) -> None:
    demo_data.reset()
    assert not Barrier.objects.exists() and not Policy.objects.exists()
    assert not Snapshot.objects.exists() and not Target.objects.exists()
    assert demo_data.AREAS == ("barriers", "policies", "measures")
    assert isinstance(datetime.date.today(), datetime.date)
