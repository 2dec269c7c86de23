""" "Overdue" is one rule each for actions and meetings, kept in the models, so every place that
shows it agrees: the plan page, the family's plan document, the due lists and the meeting page.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from restorative.practice import plans, selectors
from restorative.practice.models import Action, Meeting

TODAY = datetime.date.today()
LATE = "This was meant to be done by now"


def _d(days: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=days)


def _plan_with_a_late_action(world: Any, practice: Any) -> Any:
    plan = plans.plan_create(
        actor=world.allocated, family=practice.family, title="Calmer mornings", started_on=_d(-20)
    )
    plans.action_add(
        actor=world.allocated,
        plan=plan,
        what="Lay out the school uniform the night before",
        owner=plans.Owner(member=practice.mother),
        due_date=_d(-3),
    )
    return plan


def test_the_family_plan_document_stops_calling_an_action_late_once_the_plan_ends(
    client: Any, world: Any, practice: Any
) -> None:
    plan = _plan_with_a_late_action(world, practice)
    client.force_login(world.allocated)
    url = reverse("practice:plan_document", args=[plan.uuid])
    assert LATE in client.get(url).content.decode()

    plans.plan_end(actor=world.allocated, plan=plan, ended_on=TODAY, outcome="Mornings are calm")
    body = client.get(url).content.decode()
    assert LATE not in body
    assert f"This plan ended on {TODAY.strftime('%-d %B %Y')}." in body
    # The plan page says the same: no "Overdue" tag on an ended plan's action.
    plan_page = client.get(reverse("practice:plan_detail", args=[plan.uuid])).content.decode()
    assert "Overdue</strong>" not in plan_page


def test_an_ended_plans_action_is_not_overdue_anywhere(world: Any, practice: Any) -> None:
    plan = _plan_with_a_late_action(world, practice)
    action = plan.actions.get()
    assert action.is_overdue(TODAY)
    assert [a.pk for a in selectors.actions_overdue(world.allocated)] == [action.pk]

    plans.plan_end(actor=world.allocated, plan=plan, ended_on=TODAY, outcome="Mornings are calm")
    action = Action.objects.select_related("plan").get(pk=action.pk)
    assert not action.is_overdue(TODAY)
    assert selectors.actions_overdue(world.allocated) == []
    assert not selectors.actions_list(world.allocated, overdue=True).exists()
    assert not Action.objects.filter(Action.overdue_q(TODAY)).exists()


def test_a_meeting_arranged_for_after_its_due_date_is_overdue_on_every_page(
    client: Any, world: Any, practice: Any
) -> None:
    meeting = practice.invited
    assert meeting.due_date is not None
    late_start = datetime.datetime.combine(
        meeting.due_date + datetime.timedelta(days=2), datetime.time(10, 0)
    )
    Meeting.objects.filter(pk=meeting.pk).update(scheduled_at=timezone.make_aware(late_start))
    meeting.refresh_from_db()

    assert meeting.is_overdue(TODAY)
    assert Meeting.objects.filter(Meeting.overdue_q(TODAY), pk=meeting.pk).exists()
    lists = selectors.meetings_due(world.allocated, today=TODAY)
    assert meeting.pk in {m.pk for m in lists.overdue}
    client.force_login(world.allocated)
    page = client.get(reverse("practice:meeting_detail", args=[meeting.uuid])).content.decode()
    assert "and has not been held" in page


def test_the_model_rule_and_the_query_agree(world: Any, practice: Any) -> None:
    for days in (-1, 0, 1):
        today = practice.invited.due_date + datetime.timedelta(days=days)
        by_model = {m.pk for m in Meeting.objects.all() if m.is_overdue(today)}
        by_query = set(
            Meeting.objects.filter(Meeting.overdue_q(today)).values_list("pk", flat=True)
        )
        assert by_model == by_query
