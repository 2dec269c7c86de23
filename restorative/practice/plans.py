"""Writes for co-designed plans: plans, goals, actions and reviews (issue 3, item 6).

Same rules as every practice write (services.py): validated before anything is stored,
atomic with its access-trail line (a failed audit write undoes the change), and a create
carries the form's `submission_token` so submitting twice stores one record.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from restorative.core.models import AccessEvent
from restorative.people.models import Family, FamilyMember, Staff

from . import permissions
from .models import Action, ActionProgress, Goal, Meeting, Plan, PlanReview
from .services import FORM_ALREADY_USED, _audit, _family_members, _full_clean, _require_family

M = TypeVar("M", bound=models.Model)

OWNER_MESSAGE = "Choose who will do this: a family member, a member of staff or a professional"


def _once(
    model: type[M],
    token: uuid.UUID | None,
    save: Callable[[], M],
    **parent: Any,
) -> M:
    """Run `save` unless a record with this submission token exists; a race keeps the first.

    The token is only looked up under the same parent (family or plan), so a token sent
    again with another family's record can never hand back someone else's record.
    """
    manager: Any = model._default_manager.filter(**parent)
    if token is not None:
        existing = manager.filter(submission_token=token).first()
        if existing is not None:
            return existing  # type: ignore[no-any-return]
    try:
        with transaction.atomic():
            return save()
    except IntegrityError:
        if token is None:
            raise
        existing = manager.filter(submission_token=token).first()
        if existing is None:
            raise ValidationError(FORM_ALREADY_USED) from None
        return existing  # type: ignore[no-any-return]


def _plan_audit(actor: Staff, plan: Plan, reason: str, request: HttpRequest | None) -> None:
    _audit(
        actor=actor,
        family=plan.family,
        subject=plan,
        action=AccessEvent.Action.CHANGE,
        reason=reason,
        request=request,
    )


def _require_recorder(actor: Staff, plan: Plan) -> None:
    if not permissions.can_record_plan(actor, plan):
        raise PermissionDenied


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
) -> Plan:
    """Make a plan with the family, from a meeting of theirs or on its own."""
    family = _require_family(family, actor)
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
    _full_clean(plan)

    def save() -> Plan:
        plan.save()
        _audit(
            actor=actor,
            family=family,
            subject=plan,
            action=AccessEvent.Action.CREATE,
            reason="made a plan with the family",
            request=request,
        )
        return plan

    return _once(Plan, submission_token, save, family=family)


@dataclass(frozen=True)
class Scaling:
    """Goal Attainment Scaling for one goal: baseline and expected levels, and descriptions."""

    baseline_level: int
    expected_level: int
    descriptions: Mapping[int, str]


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
) -> Goal:
    """Add a goal in the family's own words, optionally with Goal Attainment Scaling."""
    _require_recorder(actor, plan)
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
    row = Goal(plan=plan, goal=goal.strip(), whose=whose.strip(), submission_token=submission_token)
    if scaling is not None:
        row.baseline_level = scaling.baseline_level
        row.expected_level = scaling.expected_level
        for level, field in LEVEL_FIELDS.items():
            setattr(row, field, scaling.descriptions.get(level, "").strip()[:300])
    _full_clean(row)

    def save() -> Goal:
        row.save()
        _plan_audit(actor, plan, "added a goal to the plan", request)
        return row

    return _once(Goal, submission_token, save, plan=plan)


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
) -> Action:
    """Add an action with one owner and a due date. No owner, no action: nothing is saved."""
    _require_recorder(actor, plan)
    errors: dict[str, str] = {}
    if not what.strip():
        errors["what"] = "Enter what will be done"
    if owner.kinds() != 1:
        errors["owner"] = OWNER_MESSAGE
    elif owner.member is not None and owner.member.family_id != plan.family_id:
        errors["owner_member"] = "Choose someone from this family"
    elif owner.staff is not None and not owner.staff.is_active:
        errors["owner_staff"] = "Choose someone whose account is active"
    if due_date is None:
        errors["due_date"] = "Enter the date the action is due by"
    elif due_date < plan.started_on:
        errors["due_date"] = "Due date must be on or after the date the plan started"
    if errors:
        raise ValidationError(errors)
    assert due_date is not None
    row = Action(
        plan=plan,
        what=what.strip(),
        owner_member=owner.member,
        owner_staff=owner.staff,
        owner_name=owner.name.strip()[:200],
        owner_agency=owner.agency.strip()[:200],
        due_date=due_date,
        submission_token=submission_token,
    )
    _full_clean(row)

    def save() -> Action:
        row.save()
        _plan_audit(actor, plan, "added an action to the plan", request)
        return row

    return _once(Action, submission_token, save, plan=plan)


@transaction.atomic
def action_status_set(
    *,
    actor: Staff,
    action: Action,
    status: str,
    note: str = "",
    request: HttpRequest | None = None,
) -> Action:
    """Change where an action has got to, with a note. Saving the same twice changes nothing."""
    _require_recorder(actor, action.plan)
    if status not in Action.Status.values:
        raise ValidationError({"status": "Choose where the action has got to"})
    action.status = status
    action.note = note.strip()
    _full_clean(action)
    action.save(update_fields=["status", "note", "updated_at"])
    _plan_audit(actor, action.plan, "changed an action's status", request)
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
    submission_token: uuid.UUID | None = None,
    request: HttpRequest | None = None,
) -> PlanReview:
    """Record a review: who took part, progress on each action (which also becomes the
    action's status), the family's and the professionals' 0-10 scaling, and whether the plan
    is holding. A review cannot be dated before the plan began."""
    _require_recorder(actor, plan)
    members = _family_members(plan.family, members)
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
            errors[f"status_{action_uuid}"] = "Choose where the action has got to"
    if not members and not others_present.strip():
        errors["members"] = "Choose who took part in the review"
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
    _full_clean(review)

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
        changed = []
        for key, record in actions.items():
            action = by_uuid[key]
            if action.status != record.status:
                action.status = record.status
                action.updated_at = timezone.now()
                changed.append(action)
        Action.objects.bulk_update(changed, ["status", "updated_at"])
        _plan_audit(actor, plan, "reviewed the plan", request)
        return review

    return _once(PlanReview, submission_token, save, plan=plan)
