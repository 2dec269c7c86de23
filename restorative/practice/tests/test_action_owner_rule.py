"""Who may own an action is the plan service's rule, so every caller is held to it: the
family's team and partner agency staff, never someone from another team."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from restorative.practice import plans

TODAY = datetime.date.today()


@pytest.fixture
def plan(world: Any, practice: Any) -> Any:
    return plans.plan_create(
        actor=world.allocated, family=practice.family, title="Calmer mornings", started_on=TODAY
    )


def _add(world: Any, plan: Any, owner: Any) -> Any:
    return plans.action_add(
        actor=world.allocated,
        plan=plan,
        what="Ask the school about a breakfast club place",
        owner=plans.Owner(staff=owner),
        due_date=TODAY + datetime.timedelta(days=7),
    )


def test_the_familys_team_and_partners_may_own_an_action(world: Any, plan: Any) -> None:
    assert _add(world, plan, world.same_team).owner_staff == world.same_team
    assert _add(world, plan, world.partner).owner_staff == world.partner


def test_staff_of_another_team_may_not_own_an_action(world: Any, plan: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        _add(world, plan, world.other_team)
    assert caught.value.message_dict == {
        "owner_staff": ["Choose a member of the family's team or a partner agency"]
    }
    assert not plan.actions.exists()


def test_changing_an_action_to_another_teams_owner_is_refused(world: Any, plan: Any) -> None:
    action = _add(world, plan, world.same_team)
    with pytest.raises(ValidationError) as caught:
        plans.action_update(
            actor=world.allocated,
            action=action,
            what=action.what,
            owner=plans.Owner(staff=world.other_service),
            due_date=action.due_date,
            status=action.status,
        )
    assert "owner_staff" in caught.value.message_dict
    action.refresh_from_db()
    assert action.owner_staff == world.same_team
