"""The action form shows all its errors after one submission (issue 14, point 4): the form's
own (nothing written, no owner chosen) and the service's (a due date before the plan started,
an owner the plan cannot have) together, and nothing is saved."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.urls import reverse

from restorative.practice import plans
from restorative.practice.models import Action

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def plan(world: Any, practice: Any) -> Any:
    return plans.plan_create(
        actor=world.allocated,
        family=practice.family,
        title="Calmer mornings",
        started_on=TODAY - datetime.timedelta(days=10),
    )


def _post(client: Any, url: str, **data: str) -> str:
    response = client.post(url, {"submission_token": str(uuid.uuid4()), **data})
    assert response.status_code == 200
    return response.content.decode()


def test_empty_words_and_a_due_date_before_the_plan_show_together(
    client: Any, world: Any, plan: Any
) -> None:
    client.force_login(world.allocated)
    url = reverse("practice:action_new", args=[plan.uuid])
    before = TODAY - datetime.timedelta(days=20)
    page = _post(
        client,
        url,
        what="",
        owner="staff",
        owner_staff=str(world.allocated.uuid),
        due_date_day=str(before.day),
        due_date_month=str(before.month),
        due_date_year=str(before.year),
    )
    assert "Enter what will be done" in page
    assert "Due date must be on or after the date the plan started" in page
    assert page.count('class="govuk-error-message"') >= 2
    assert Action.objects.count() == 0


def test_a_missing_owner_and_a_due_date_before_the_plan_show_together(
    client: Any, world: Any, plan: Any
) -> None:
    client.force_login(world.allocated)
    url = reverse("practice:action_new", args=[plan.uuid])
    before = TODAY - datetime.timedelta(days=20)
    page = _post(
        client,
        url,
        what="Phone the school",
        owner="family",
        due_date_day=str(before.day),
        due_date_month=str(before.month),
        due_date_year=str(before.year),
    )
    assert "Choose the family member who will do this" in page
    assert "Due date must be on or after the date the plan started" in page
    # One message for the owner, not the service's general one as well.
    assert "Choose who will do this: a family member" not in page
    assert Action.objects.count() == 0


def test_an_owner_from_another_team_and_empty_words_show_together(
    client: Any, world: Any, plan: Any
) -> None:
    client.force_login(world.allocated)
    url = reverse("practice:action_new", args=[plan.uuid])
    page = _post(
        client,
        url,
        what=" ",
        owner="staff",
        owner_staff=str(world.other_team.uuid),
        due_date_day=str(TODAY.day),
        due_date_month=str(TODAY.month),
        due_date_year=str(TODAY.year),
    )
    assert "Enter what will be done" in page
    assert "Choose a member of staff from the list" in page
    assert Action.objects.count() == 0


def test_the_owner_list_shows_role_and_team(client: Any, world: Any, plan: Any) -> None:
    client.force_login(world.allocated)
    page = client.get(reverse("practice:action_new", args=[plan.uuid])).content.decode()
    assert world.manager.choice_label in page.replace("&#x27;", "'")
