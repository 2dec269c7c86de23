"""Writes for co-designed plans: plans, goals, actions and reviews (issue 3, item 6).

Same rules as every practice write (services.py): validated before anything is stored,
atomic with its access-trail line (a failed audit write undoes the change), and a create
carries the form's `submission_token` (core.submission) so submitting twice stores one record.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from restorative.core.models import AccessEvent
from restorative.core.submission import submission_create, submission_find
from restorative.people.models import Family, FamilyMember, Staff

from . import permissions, selectors
from .models import Action, ActionProgress, Goal, GoalAttainment, Meeting, Plan, PlanReview
from .services import (
    family_members_only,
    full_clean,
    record_change,
    require_family,
)

OWNER_MESSAGE = "Choose who will do this: a family member, a member of staff or a professional"
STATUS_MESSAGE = "Choose where the action has got to"


def _require_recorder(actor: Staff, plan: Plan) -> None:
    """Only those who may record for the family change a plan, and an ended plan is closed:
    it is the record of what was agreed and how it turned out, so nothing is added to it."""
    if not permissions.can_record_plan(actor, plan):
        raise PermissionDenied
    if plan.is_ended:
        raise ValidationError(plan_ended_message(plan))


def plan_ended_message(plan: Plan) -> str:
    ended = plan.ended_on.strftime("%-d %B %Y") if plan.ended_on else "an earlier date"
    return f"This plan ended on {ended}. An ended plan cannot be changed"


def plan_create(
    *,
    actor: Staff,
    family: Family | None,
    title: str,
    started_on: datetime.date,
    review_date: datetime.date | None = None,
    meeting: Meeting | None = None,
    submission_token: uuid.UUID | None = None,
    request: HttpRequest | None = None,
    channel: str = "web",
) -> Plan:
    """Make a plan with the family, from a meeting of theirs or on its own."""
    family = require_family(family, actor)
    existing = submission_find(Plan, submission_token, {"family": family})
    if existing is not None:
        return existing
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = "Enter a name for the plan"
    if meeting is not None and meeting.family_id != family.pk:
        errors["meeting"] = "Choose a meeting of this family"
    if review_date is not None and started_on and review_date < started_on:
        errors["review_date"] = "Review date must be on or after the date the plan started"
    if errors:
        raise ValidationError(errors)
    plan = Plan(
        family=family,
        meeting=meeting,
        title=title.strip(),
        started_on=started_on,
        review_date=review_date,
        created_by=actor,
        submission_token=submission_token,
    )
    full_clean(plan)

    def save() -> Plan:
        plan.save()
        record_change(
            actor, plan, "made a plan with the family", request, channel, AccessEvent.Action.CREATE
        )
        return plan

    return submission_create(Plan, submission_token, {"family": family}, save)[0]


@dataclass(frozen=True)
class Scaling:
    """Goal Attainment Scaling for one goal: baseline and expected levels, and descriptions."""

    baseline_level: int
    expected_level: int
    descriptions: Mapping[int, str]


# A goal or an action: what `_add_to_plan` saves, typed as the one it was given.
GoalOrAction = TypeVar("GoalOrAction", Goal, Action)

LEVEL_FIELDS = {
    -2: "level_minus_2",
    -1: "level_minus_1",
    0: "level_0",
    1: "level_plus_1",
    2: "level_plus_2",
}


def goal_add(
    *,
    actor: Staff,
    plan: Plan,
    goal: str,
    whose: str,
    scaling: Scaling | None = None,
    submission_token: uuid.UUID | None = None,
    request: HttpRequest | None = None,
    channel: str = "web",
) -> Goal:
    """Add a goal in the family's own words, optionally with Goal Attainment Scaling."""
    _require_recorder(actor, plan)
    existing = submission_find(Goal, submission_token, {"plan": plan})
    if existing is not None:
        return existing
    _check_goal(goal, whose, scaling)
    row = Goal(plan=plan, submission_token=submission_token)
    _fill_goal(row, goal, whose, scaling)
    return _add_to_plan(row, actor, plan, "added a goal to the plan", request, channel)


def _add_to_plan(
    row: GoalOrAction,
    actor: Staff,
    plan: Plan,
    reason: str,
    request: HttpRequest | None,
    channel: str,
) -> GoalOrAction:
    """Save a new goal or action of the plan with its trail line, once for its submission
    token: the same form sent twice (or two at once) adds one, and both get that one."""
    full_clean(row)

    def save() -> GoalOrAction:
        row.save()
        record_change(actor, plan, reason, request, channel)
        return row

    return submission_create(type(row), row.submission_token, {"plan": plan}, save)[0]


@dataclass(frozen=True)
class Owner:
    """Who will do an action: exactly one of a family member, a member of staff, or a named
    professional or agency without an account (name, agency or both)."""

    member: FamilyMember | None = None
    staff: Staff | None = None
    name: str = ""
    agency: str = ""

    def kinds(self) -> int:
        return sum(
            [
                self.member is not None,
                self.staff is not None,
                bool(self.name.strip() or self.agency.strip()),
            ]
        )


def action_add(
    *,
    actor: Staff,
    plan: Plan,
    what: str,
    owner: Owner,
    due_date: datetime.date | None,
    submission_token: uuid.UUID | None = None,
    request: HttpRequest | None = None,
    channel: str = "web",
) -> Action:
    """Add an action with one owner and a due date. No owner, no action: nothing is saved."""
    _require_recorder(actor, plan)
    existing = submission_find(Action, submission_token, {"plan": plan})
    if existing is not None:
        return existing
    due_date = _check_action(plan, what, owner, due_date)
    row = Action(plan=plan, due_date=due_date, submission_token=submission_token)
    _fill_action(row, what, owner)
    return _add_to_plan(row, actor, plan, "added an action to the plan", request, channel)


@transaction.atomic
def action_status_set(
    *,
    actor: Staff,
    action: Action,
    status: str,
    note: str = "",
    request: HttpRequest | None = None,
    channel: str = "web",
) -> Action:
    """Change where an action has got to, with a note. Saving the same twice changes nothing."""
    _require_recorder(actor, action.plan)
    if status not in Action.Status.values:
        raise ValidationError({"status": STATUS_MESSAGE})
    action.status = status
    action.note = note.strip()
    full_clean(action)
    action.save(update_fields=["status", "note", "updated_at"])
    record_change(actor, action.plan, "changed an action's status", request, channel)
    return action


@dataclass(frozen=True)
class ActionReview:
    status: str
    progress: str = ""


def plan_review_record(
    *,
    actor: Staff,
    plan: Plan,
    reviewed_on: datetime.date | None,
    members: Iterable[FamilyMember] = (),
    others_present: str = "",
    family_scaling: int | None,
    professional_scaling: int | None,
    holding: str,
    holding_words: str = "",
    actions: Mapping[uuid.UUID, ActionReview],
    goal_levels: Mapping[uuid.UUID, int] | None = None,
    submission_token: uuid.UUID | None = None,
    request: HttpRequest | None = None,
    channel: str = "web",
) -> PlanReview:
    """Record a review: who took part, progress on each action (which also becomes the
    action's status), the family's and the professionals' 0-10 scaling, whether the plan
    is holding, and the Goal Attainment Scaling level (-2..+2) each scaled goal reached
    (`goal_levels`, by goal UUID: only this plan's goals that use scaling). A review cannot
    be dated before the plan began."""
    _require_recorder(actor, plan)
    existing = submission_find(PlanReview, submission_token, {"plan": plan})
    if existing is not None:
        return existing
    members = family_members_only(plan.family, members)
    errors: dict[str, str] = {}
    if reviewed_on is None:
        errors["reviewed_on"] = "Enter the date of the review"
    elif reviewed_on < plan.started_on:
        errors["reviewed_on"] = (
            f"Date of the review must be on or after the date the plan began "
            f"({plan.started_on.strftime('%-d %B %Y')})"
        )
    elif reviewed_on > datetime.date.today():
        errors["reviewed_on"] = "Date of the review must be today or in the past"
    for name, value in (
        ("family_scaling", family_scaling),
        ("professional_scaling", professional_scaling),
    ):
        if value is None or not 0 <= value <= 10:
            errors[name] = "Choose a number from 0 to 10"
    if holding not in PlanReview.Holding.values:
        errors["holding"] = "Say whether the plan is holding"
    by_uuid = {a.uuid: a for a in plan.actions.all()}
    if set(actions) - set(by_uuid):
        errors["actions"] = "Record progress only on this plan's actions"
    for action_uuid, record in actions.items():
        if record.status not in Action.Status.values:
            errors[f"status_{action_uuid}"] = STATUS_MESSAGE
    if not members and not others_present.strip():
        errors["members"] = "Choose who took part in the review"
    goal_levels = dict(goal_levels or {})
    scaled = {g.uuid: g for g in plan.goals.all() if g.uses_scaling}
    if set(goal_levels) - set(scaled):
        errors["goal_levels"] = "Give levels only for this plan's goals that use scaling"
    for goal_uuid, level in goal_levels.items():
        if level not in LEVEL_FIELDS:
            errors[f"level_{goal_uuid}"] = "Choose a level from -2 to +2"
    if errors:
        raise ValidationError(errors)
    assert reviewed_on is not None and family_scaling is not None
    assert professional_scaling is not None
    review = PlanReview(
        plan=plan,
        reviewed_on=reviewed_on,
        others_present=others_present.strip()[:500],
        family_scaling=family_scaling,
        professional_scaling=professional_scaling,
        holding=holding,
        holding_words=holding_words.strip(),
        created_by=actor,
        submission_token=submission_token,
    )
    full_clean(review)

    def save() -> PlanReview:
        review.save()
        review.members.set(members)
        progress = [
            ActionProgress(
                review=review,
                action=by_uuid[key],
                status=record.status,
                progress=record.progress.strip(),
            )
            for key, record in actions.items()
        ]
        ActionProgress.objects.bulk_create(progress)
        GoalAttainment.objects.bulk_create(
            [
                GoalAttainment(review=review, goal=scaled[key], level=level)
                for key, level in goal_levels.items()
            ]
        )
        changed = []
        for key, record in actions.items():
            action = by_uuid[key]
            if action.status != record.status:
                action.status = record.status
                action.updated_at = timezone.now()
                changed.append(action)
        Action.objects.bulk_update(changed, ["status", "updated_at"])
        record_change(actor, plan, "reviewed the plan", request, channel)
        return review

    return submission_create(PlanReview, submission_token, {"plan": plan}, save)[0]


# --- Changing a plan after it was made ------------------------------------------------------
# Goals and actions are edited in place (the plan is a living agreement); the access trail
# says who changed what kind of thing and when. An ended plan is closed to all of these.


def _check_goal(goal: str, whose: str, scaling: Scaling | None) -> None:
    errors: dict[str, str] = {}
    if not goal.strip():
        errors["goal"] = "Enter the goal in the family's own words"
    if not whose.strip():
        errors["whose"] = "Enter whose goal this is"
    if scaling is not None:
        for name, level in (
            ("baseline_level", scaling.baseline_level),
            ("expected_level", scaling.expected_level),
        ):
            if level not in LEVEL_FIELDS:
                errors[name] = "Choose a level from -2 to +2"
    if errors:
        raise ValidationError(errors)


def _fill_goal(row: Goal, goal: str, whose: str, scaling: Scaling | None) -> None:
    row.goal = goal.strip()
    row.whose = whose.strip()
    row.baseline_level = scaling.baseline_level if scaling is not None else None
    row.expected_level = scaling.expected_level if scaling is not None else None
    for level, field in LEVEL_FIELDS.items():
        text = scaling.descriptions.get(level, "") if scaling is not None else ""
        setattr(row, field, text.strip()[:300])


def _check_action(
    plan: Plan,
    what: str,
    owner: Owner,
    due_date: datetime.date | None,
    keep_staff_id: int | None = None,
) -> datetime.date:
    """The rules for an action (`action_errors`), refused as one ValidationError."""
    errors = action_errors(plan, what, owner, due_date, keep_staff_id=keep_staff_id)
    if errors:
        raise ValidationError(errors)
    assert due_date is not None
    return due_date


def action_errors(
    plan: Plan,
    what: str,
    owner: Owner,
    due_date: datetime.date | None,
    *,
    keep_staff_id: int | None = None,
) -> dict[str, str]:
    """What is wrong with an action, by field (empty when nothing): the rules for adding and
    changing one, so a page can show them all with its own messages in one submission. Who
    may own it is `selectors.action_owner_staff`; `keep_staff_id`, when changing an action,
    lets its present owner stay even if they have since moved team (nobody is made to
    re-assign it just to correct the wording)."""
    errors: dict[str, str] = {}
    if not what.strip():
        errors["what"] = "Enter what will be done"
    if owner.kinds() != 1:
        errors["owner"] = OWNER_MESSAGE
    elif owner.member is not None and owner.member.family_id != plan.family_id:
        errors["owner_member"] = "Choose someone from this family"
    elif owner.staff is not None and not owner.staff.is_active:
        errors["owner_staff"] = "Choose someone whose account is active"
    elif (
        owner.staff is not None
        and owner.staff.pk != keep_staff_id
        and not selectors.action_owner_staff(plan.family).filter(pk=owner.staff.pk).exists()
    ):
        errors["owner_staff"] = "Choose a member of the family's team or a partner agency"
    if due_date is None:
        errors["due_date"] = "Enter the date the action is due by"
    elif due_date < plan.started_on:
        errors["due_date"] = "Due date must be on or after the date the plan started"
    return errors


def _fill_action(row: Action, what: str, owner: Owner) -> None:
    row.what = what.strip()
    row.owner_member = owner.member
    row.owner_staff = owner.staff
    row.owner_name = (
        owner.name.strip()[:200] if owner.member is None and owner.staff is None else ""
    )
    row.owner_agency = (
        owner.agency.strip()[:200] if owner.member is None and owner.staff is None else ""
    )


@transaction.atomic
def plan_update(
    *,
    actor: Staff,
    plan: Plan,
    title: str,
    review_date: datetime.date | None,
    request: HttpRequest | None = None,
    channel: str = "web",
) -> Plan:
    """Rename the plan or move its review date (never before the plan began)."""
    _require_recorder(actor, plan)
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = "Enter a name for the plan"
    if review_date is not None and review_date < plan.started_on:
        errors["review_date"] = "Review date must be on or after the date the plan started"
    if errors:
        raise ValidationError(errors)
    plan.title = title.strip()
    plan.review_date = review_date
    full_clean(plan)
    plan.save(update_fields=["title", "review_date", "updated_at"])
    record_change(actor, plan, "changed the plan", request, channel)
    return plan


@transaction.atomic
def goal_update(
    *,
    actor: Staff,
    goal: Goal,
    text: str,
    whose: str,
    scaling: Scaling | None = None,
    request: HttpRequest | None = None,
    channel: str = "web",
) -> Goal:
    """Change a goal's words or its scaling (no scaling clears the levels): the family's
    goals change as the work goes on, and the plan should say what they say now."""
    plan = goal.plan
    _require_recorder(actor, plan)
    _check_goal(text, whose, scaling)
    _fill_goal(goal, text, whose, scaling)
    full_clean(goal)
    goal.save()
    record_change(actor, plan, "changed a goal in the plan", request, channel)
    return goal


@transaction.atomic
def action_update(
    *,
    actor: Staff,
    action: Action,
    what: str,
    owner: Owner,
    due_date: datetime.date | None,
    status: str,
    note: str = "",
    request: HttpRequest | None = None,
    channel: str = "web",
) -> Action:
    """Change an action: what, who (exactly one owner), by when, where it has got to.
    The same rules as adding one; bad input changes nothing."""
    plan = action.plan
    _require_recorder(actor, plan)
    errors = action_errors(plan, what, owner, due_date, keep_staff_id=action.owner_staff_id)
    if status not in Action.Status.values:
        errors["status"] = STATUS_MESSAGE
    if errors:
        raise ValidationError(errors)
    assert due_date is not None  # refused by action_errors otherwise
    _fill_action(action, what, owner)
    action.due_date = due_date
    action.status = status
    action.note = note.strip()
    full_clean(action)
    action.save()
    record_change(actor, plan, "changed an action in the plan", request, channel)
    return action


@transaction.atomic
def plan_end(
    *,
    actor: Staff,
    plan: Plan,
    ended_on: datetime.date | None,
    outcome: str,
    request: HttpRequest | None = None,
    channel: str = "web",
) -> Plan:
    """End the plan: the date and, in words, why it ended and how it went.

    Not before the plan began, not in the future. An ended plan is read-only and its open
    actions leave the overdue lists (they are no longer being followed up). Sending the same
    ending twice (a double submission) changes nothing and is not an error.
    """
    if not permissions.can_record_plan(actor, plan):
        raise PermissionDenied
    current = Plan.objects.select_for_update().get(pk=plan.pk)
    if current.is_ended and current.ended_on == ended_on and current.end_outcome == outcome.strip():
        return current
    plan.status, plan.ended_on = current.status, current.ended_on
    _require_recorder(actor, plan)
    errors: dict[str, str] = {}
    if ended_on is None:
        errors["ended_on"] = "Enter the date the plan ended"
    elif ended_on < plan.started_on:
        errors["ended_on"] = (
            f"Date the plan ended must be on or after the date it began "
            f"({plan.started_on.strftime('%-d %B %Y')})"
        )
    elif ended_on > datetime.date.today():
        errors["ended_on"] = "Date the plan ended must be today or in the past"
    if not outcome.strip():
        errors["outcome"] = "Say why the plan ended and how it went, in words"
    if errors:
        raise ValidationError(errors)
    plan.status = Plan.Status.ENDED
    plan.ended_on = ended_on
    plan.end_outcome = outcome.strip()
    plan.ended_by = actor
    full_clean(plan)
    plan.save(update_fields=["status", "ended_on", "end_outcome", "ended_by", "updated_at"])
    record_change(actor, plan, "ended the plan", request, channel)
    return plan
