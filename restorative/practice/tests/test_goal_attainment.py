"""Goal Attainment Scaling at reviews: the level each scaled goal reached, through the page
and the API, and the plan's T-score over time beside the 0-10 scaling (issue 10, point 6)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from restorative.practice import plans
from restorative.practice.models import GoalAttainment, PlanReview

TODAY = datetime.date.today()


def _scaled_plan(world: Any, practice: Any) -> Any:
    plan = plans.plan_create(
        actor=world.allocated,
        family=practice.family,
        title="Calmer mornings",
        started_on=TODAY - datetime.timedelta(days=60),
    )
    scaling = plans.Scaling(
        baseline_level=-1, expected_level=0, descriptions={0: "Ready by eight most days"}
    )
    first = plans.goal_add(
        actor=world.allocated, plan=plan, goal="Ready by eight", whose="Jay", scaling=scaling
    )
    second = plans.goal_add(
        actor=world.allocated, plan=plan, goal="No shouting", whose="Mum", scaling=scaling
    )
    unscaled = plans.goal_add(actor=world.allocated, plan=plan, goal="Walk the dog", whose="Jay")
    return plan, first, second, unscaled


def _review_form(practice: Any, **extra: str) -> dict[str, str]:
    return {
        "submission_token": str(uuid.uuid4()),
        "reviewed_on": TODAY.strftime("%d/%m/%Y"),
        "members": str(practice.mother.uuid),
        "family_scaling": "7",
        "professional_scaling": "6",
        "holding": "yes",
        **extra,
    }


@pytest.mark.django_db
def test_review_page_records_levels_and_plan_shows_t_score(
    client: Any, world: Any, practice: Any
) -> None:
    plan, first, second, unscaled = _scaled_plan(world, practice)
    client.force_login(world.allocated)
    form = client.get(reverse("practice:review_new", args=[plan.uuid])).content.decode()
    assert f"level_{first.uuid}" in form and f"level_{unscaled.uuid}" not in form
    assert "0: Ready by eight most days" in form
    response = client.post(
        reverse("practice:review_new", args=[plan.uuid]),
        _review_form(practice, **{f"level_{first.uuid}": "1", f"level_{second.uuid}": "1"}),
    )
    assert response.status_code == 302
    assert sorted(GoalAttainment.objects.values_list("level", flat=True)) == [1, 1]
    page = client.get(reverse("practice:plan_detail", args=[plan.uuid])).content.decode()
    table = page.split('id="scaling-over-time"')[1].split("</table>")[0]
    # Two goals at +1: 50 + 20 / sqrt(2.6) = 62.4; beside the family's 7 and the professionals' 6.
    assert "62.4" in table and "(2 goals rated)" in table
    assert ">7<" in table and ">6<" in table


@pytest.mark.django_db
def test_a_level_out_of_range_is_refused_and_nothing_saved(
    client: Any, world: Any, practice: Any
) -> None:
    plan, first, _, _ = _scaled_plan(world, practice)
    client.force_login(world.allocated)
    response = client.post(
        reverse("practice:review_new", args=[plan.uuid]),
        _review_form(practice, **{f"level_{first.uuid}": "3"}),
    )
    assert response.status_code == 200
    assert "Choose a level from -2 to +2" in response.content.decode()
    assert not PlanReview.objects.exists()


@pytest.mark.django_db
def test_service_refuses_a_goal_without_scaling(world: Any, practice: Any) -> None:
    from django.core.exceptions import ValidationError

    plan, _, _, unscaled = _scaled_plan(world, practice)
    with pytest.raises(ValidationError):
        plans.plan_review_record(
            actor=world.allocated,
            plan=plan,
            reviewed_on=TODAY,
            members=[practice.mother],
            family_scaling=5,
            professional_scaling=5,
            holding="yes",
            actions={},
            goal_levels={unscaled.uuid: 0},
        )
    assert not PlanReview.objects.exists()


@pytest.mark.django_db
def test_api_records_levels_and_answers_the_t_score(world: Any, practice: Any) -> None:
    plan, first, second, unscaled = _scaled_plan(world, practice)
    api = APIClient()
    api.force_login(world.allocated)
    body = {
        "reviewed_on": TODAY.isoformat(),
        "members": [str(practice.mother.uuid)],
        "family_scaling": 4,
        "professional_scaling": 5,
        "holding": "partly",
        "goal_levels": [
            {"goal": str(first.uuid), "level": -1},
            {"goal": str(second.uuid), "level": 0},
        ],
    }
    made = api.post(f"/api/practice/plans/{plan.uuid}/reviews/", body, format="json")
    assert made.status_code == 201, made.json()
    # -1 and 0: 50 - 10 / sqrt(2.6) = 43.8
    assert made.json()["gas_t_score"] == 43.8
    assert {row["level"] for row in made.json()["goal_levels"]} == {-1, 0}
    detail = api.get(f"/api/practice/plans/{plan.uuid}/").json()
    assert detail["reviews"][0]["gas_t_score"] == 43.8
    bad = api.post(
        f"/api/practice/plans/{plan.uuid}/reviews/",
        {**body, "goal_levels": [{"goal": str(unscaled.uuid), "level": 0}]},
        format="json",
    )
    assert bad.status_code == 400
    out_of_range = api.post(
        f"/api/practice/plans/{plan.uuid}/reviews/",
        {**body, "goal_levels": [{"goal": str(first.uuid), "level": 5}]},
        format="json",
    )
    assert out_of_range.status_code == 400
    assert PlanReview.objects.count() == 1
