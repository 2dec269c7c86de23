"""The complaints demo data: there, coherent with the rules, and showing the rule that hides a
complaint from the member of staff it is about."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from restorative.evaluation.complaints import permissions
from restorative.evaluation.complaints.timescales import stage_due
from restorative.evaluation.models import (
    Complaint,
    ComplaintStage,
    Compliment,
    ComplimentNotice,
    LearningAction,
    TrainingNeed,
)
from restorative.people.models import Staff


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--scale", "small", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_demo_holds_complaints_compliments_and_learning(demo: None) -> None:
    assert Complaint.objects.count() >= 50
    assert Compliment.objects.count() >= 30
    assert LearningAction.objects.exists() and TrainingNeed.objects.exists()
    for stage in ComplaintStage.objects.exclude(number=3):
        assert stage.due_on == stage_due(stage.started_on, stage.working_days)
        assert stage.base_due_on <= stage.due_on
    assert not ComplaintStage.objects.filter(number=2, investigating_officer="").exists()
    assert not Complaint.objects.filter(status="closed", closed_on__isnull=True).exists()


@pytest.mark.django_db
def test_the_demo_manager_does_not_see_the_complaint_about_her(demo: None) -> None:
    manager = Staff.objects.get(email="manager@demo.restorative.test")
    about_her = Complaint.objects.filter(staff=manager).first()
    assert about_her is not None
    client = Client()
    client.force_login(manager)
    detail = reverse("evaluation:complaint_detail", args=[about_her.uuid])
    assert client.get(detail).status_code == 404
    assert Complaint.objects.filter(permissions.complaints_visible_q(manager)).exists()
    complaints = Staff.objects.get(email="complaints@demo.restorative.test")
    client.force_login(complaints)
    assert client.get(detail).status_code == 200


@pytest.mark.django_db
def test_the_demo_practitioner_has_compliments_to_read(demo: None) -> None:
    practitioner = Staff.objects.get(email="practitioner@demo.restorative.test")
    assert ComplimentNotice.objects.filter(recipient=practitioner, read_at__isnull=True).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "login", ["complaints", "quality", "director", "manager", "head", "workforce", "practitioner"]
)
def test_the_pages_open_for_each_role(demo: None, login: str) -> None:
    client = Client()
    client.force_login(Staff.objects.get(email=f"{login}@demo.restorative.test"))
    assert client.get(reverse("workforce:catalogue")).status_code == 200
    assert client.get(reverse("evaluation:compliment_list")).status_code == 200
    assert client.get(reverse("evaluation:learning_home")).status_code == 200
    listing = client.get(reverse("evaluation:complaint_list"))
    assert listing.status_code == (
        200 if permissions.can_list_complaints(listing.wsgi_request.user) else 404
    )
