"""Pages for co-designed plans: make a plan, add goals and actions, review it.

Same rules as views.py: every page that shows anything of the plan writes the access event
first (503 and nothing shown if it cannot); no access and no such plan are both 404.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from restorative.people.types import AuthenticatedHttpRequest

from . import permissions, plans, selectors
from .forms import (
    ActionEditForm,
    ActionForm,
    ActionStatusForm,
    GoalEditForm,
    GoalForm,
    PlanEditForm,
    PlanEndForm,
    PlanForm,
    PlanReviewForm,
    new_token,
    staff_for_actions,
)
from .models import Action, Goal, Meeting, Plan
from .views import family_for_recording, record_view, recording_page


def _plan_for_recording(request: AuthenticatedHttpRequest, plan_uuid: uuid.UUID) -> Plan:
    plan = selectors.plan_get(request.user, plan_uuid)
    if not permissions.can_record_plan(request.user, plan):
        raise Http404
    return plan


def _ended(request: AuthenticatedHttpRequest, plan: Plan) -> HttpResponse | None:
    """An ended plan is read-only: its change pages send people back to it, saying why."""
    if not plan.is_ended:
        return None
    messages.info(request, plans.plan_ended_message(plan))
    return redirect("practice:plan_detail", plan_uuid=plan.uuid)


def _source_meeting(request: AuthenticatedHttpRequest, family: Any, value: Any) -> Meeting | None:
    """The meeting a plan is made from: one of this family's that the person may see."""
    if not value:
        return None
    try:
        meeting_uuid = uuid.UUID(str(value))
    except ValueError as exc:
        raise Http404 from exc
    meeting = selectors.family_meetings(request.user, family).filter(uuid=meeting_uuid).first()
    if meeting is None:
        raise Http404
    return meeting


@require_http_methods(["GET", "POST"])
def plan_new(request: AuthenticatedHttpRequest, family_uuid: uuid.UUID) -> HttpResponse:
    """Make a plan with the family, on its own or from a meeting (?meeting=<uuid>)."""
    family = family_for_recording(request, family_uuid)
    source = request.POST.get("meeting") if request.method == "POST" else request.GET.get("meeting")
    meeting = _source_meeting(request, family, source)
    started = (meeting.held_on if meeting and meeting.held_on else None) or datetime.date.today()
    form = PlanForm(
        request.POST if request.method == "POST" else None,
        initial={
            "submission_token": new_token(),
            "started_on": started,
            "meeting": meeting.uuid if meeting else "",
        },
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        plan = plans.plan_create(
            actor=request.user,
            family=family,
            title=data["title"],
            started_on=data["started_on"],
            review_date=data.get("review_date"),
            meeting=meeting,
            submission_token=data["submission_token"],
            request=request,
        )
        messages.success(request, "Plan made. Now add the family's goals and the actions.")
        return redirect("practice:plan_detail", plan_uuid=plan.uuid)

    return recording_page(
        request, family, form, save, "practice/plan_form.html", {"meeting": meeting}
    )


def plan_detail(request: AuthenticatedHttpRequest, plan_uuid: uuid.UUID) -> HttpResponse:
    """The plan: goals, actions (overdue flagged), reviews and whether it is holding."""
    plan = selectors.plan_get(request.user, plan_uuid)
    record_view(request, plan)
    today = datetime.date.today()
    actions = list(plan.actions.all())
    can_record = permissions.can_record_plan(request.user, plan)
    by_id = {a.pk: a for a in actions}
    reviews = [
        (
            review,
            list(review.members.all()),
            [(by_id.get(p.action_id), p) for p in review.progress.all()],
        )
        for review in plan.reviews.all()
    ]
    return render(
        request,
        "practice/plan_detail.html",
        {
            "plan": plan,
            "family": plan.family,
            "goals": list(plan.goals.all()),
            "actions": [(a, a.is_overdue(today)) for a in actions],
            "reviews": reviews,
            "sustainability": selectors.plan_sustainability(plan, today=today),
            "scaling": selectors.plan_scaling_over_time(plan),
            "can_record": can_record and not plan.is_ended,
            "can_see_family": permissions.people_permissions.can_view_family(
                request.user, plan.family
            ),
        },
    )


def _create_page(
    request: AuthenticatedHttpRequest,
    plan: Plan,
    form: Any,
    template: str,
    save: Any,
    success: str,
    extra: dict[str, Any] | None = None,
    also_check: Any = None,
) -> HttpResponse:
    """A page that changes an open plan (`recording_page`): `save` calls the service, then
    the plan is shown again with `success`. An ended plan sends people back to it.

    `also_check(form)`, when the form itself refuses the input, adds the service's own
    refusals of what was typed, so every error shows after one submission."""
    closed = _ended(request, plan)
    if closed is not None:
        return closed
    if request.method == "POST" and also_check is not None and not form.is_valid():
        also_check(form)

    def saved(data: dict[str, Any]) -> HttpResponse:
        save(data)
        messages.success(request, success)
        return redirect("practice:plan_detail", plan_uuid=plan.uuid)

    return recording_page(request, plan, form, saved, template, {"plan": plan, **(extra or {})})


def _scaling(form: GoalForm | GoalEditForm, data: dict[str, Any]) -> plans.Scaling | None:
    """The goal's Goal Attainment Scaling when a baseline was given (it is optional)."""
    if data.get("baseline_level") is None:
        return None
    return plans.Scaling(
        baseline_level=data["baseline_level"],
        expected_level=data["expected_level"],
        descriptions=form.descriptions(),
    )


@require_http_methods(["GET", "POST"])
def goal_new(request: AuthenticatedHttpRequest, plan_uuid: uuid.UUID) -> HttpResponse:
    """Add a goal in the family's own words, with optional Goal Attainment Scaling."""
    plan = _plan_for_recording(request, plan_uuid)
    form = GoalForm(
        request.POST if request.method == "POST" else None,
        initial={"submission_token": new_token()},
    )

    def save(data: dict[str, Any]) -> Any:
        return plans.goal_add(
            actor=request.user,
            plan=plan,
            goal=data["goal"],
            whose=data["whose"],
            scaling=_scaling(form, data),
            submission_token=data["submission_token"],
            request=request,
        )

    return _create_page(request, plan, form, "practice/goal_form.html", save, "Goal added")


@require_http_methods(["GET", "POST"])
def action_new(request: AuthenticatedHttpRequest, plan_uuid: uuid.UUID) -> HttpResponse:
    """Add an action: what, who will do it (exactly one owner) and by when."""
    plan = _plan_for_recording(request, plan_uuid)
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        family=plan.family,
        staff=staff_for_actions(plan.family),
        initial={"submission_token": new_token()},
    )

    def save(data: dict[str, Any]) -> Any:
        return plans.action_add(
            actor=request.user,
            plan=plan,
            what=data["what"],
            owner=plans.Owner(**form.owner_parts()),
            due_date=data["due_date"],
            submission_token=data["submission_token"],
            request=request,
        )

    return _create_page(
        request,
        plan,
        form,
        "practice/action_form.html",
        save,
        "Action added",
        also_check=lambda bound: _action_errors_on(bound, plan),
    )


def _action_errors_on(form: Any, plan: Any, keep_staff_id: int | None = None) -> None:
    """The service's refusals of an action (`plans.action_errors`) beside the fields the
    form has not already refused (a due date before the plan started, an owner the family's
    plan cannot have), so a person sees all of them after one submission."""
    data = form.cleaned_data
    errors = plans.action_errors(
        plan,
        str(data.get("what", "")),
        plans.Owner(**form.owner_parts()),
        data.get("due_date"),
        keep_staff_id=keep_staff_id,
    )
    owner_refused = "owner" not in data or any(
        name in form.errors for name in ("owner_member", "owner_staff", "owner_name")
    )
    for field, message in errors.items():
        if field in form.errors or (field == "owner" and owner_refused):
            continue
        form.add_error(field if field in form.fields else None, message)


@require_http_methods(["GET", "POST"])
def action_update(request: AuthenticatedHttpRequest, action_uuid: uuid.UUID) -> HttpResponse:
    """Change where an action has got to (saving the same twice changes nothing)."""
    action = selectors.action_get(request.user, action_uuid)
    plan = action.plan
    if not permissions.can_record_plan(request.user, plan):
        raise Http404
    form = ActionStatusForm(
        request.POST if request.method == "POST" else None,
        initial={"status": action.status, "note": action.note},
    )

    def save(data: dict[str, Any]) -> Any:
        return plans.action_status_set(
            actor=request.user,
            action=action,
            status=data["status"],
            note=data.get("note", ""),
            request=request,
        )

    return _create_page(
        request,
        plan,
        form,
        "practice/action_status_form.html",
        save,
        "Action updated",
        {"action": action},
    )


@require_http_methods(["GET", "POST"])
def review_new(request: AuthenticatedHttpRequest, plan_uuid: uuid.UUID) -> HttpResponse:
    """Review the plan with the family: progress per action, scaling, is it holding."""
    plan = _plan_for_recording(request, plan_uuid)
    form = PlanReviewForm(
        request.POST if request.method == "POST" else None,
        plan=plan,
        initial={"submission_token": new_token(), "reviewed_on": datetime.date.today()},
    )

    def save(data: dict[str, Any]) -> Any:
        return plans.plan_review_record(
            actor=request.user,
            plan=plan,
            reviewed_on=data["reviewed_on"],
            members=data["members"],
            others_present=data.get("others_present", ""),
            family_scaling=data["family_scaling"],
            professional_scaling=data["professional_scaling"],
            holding=data["holding"],
            holding_words=data.get("holding_words", ""),
            actions={
                key: plans.ActionReview(status=status, progress=progress)
                for key, (status, progress) in form.action_records().items()
            },
            goal_levels=form.goal_levels(),
            submission_token=data["submission_token"],
            request=request,
        )

    return _create_page(request, plan, form, "practice/review_form.html", save, "Review recorded")


@require_http_methods(["GET", "POST"])
def plan_edit(request: AuthenticatedHttpRequest, plan_uuid: uuid.UUID) -> HttpResponse:
    """Change the plan's name or its review date."""
    plan = _plan_for_recording(request, plan_uuid)
    form = PlanEditForm(
        request.POST if request.method == "POST" else None,
        initial={"title": plan.title, "review_date": plan.review_date},
    )

    def save(data: dict[str, Any]) -> Any:
        return plans.plan_update(
            actor=request.user,
            plan=plan,
            title=data["title"],
            review_date=data.get("review_date"),
            request=request,
        )

    return _create_page(request, plan, form, "practice/plan_edit.html", save, "Plan changed")


@require_http_methods(["GET", "POST"])
def goal_edit(request: AuthenticatedHttpRequest, goal_uuid: uuid.UUID) -> HttpResponse:
    """Change a goal's words, whose it is, or its Goal Attainment Scaling."""
    goal = selectors.goal_get(request.user, goal_uuid)
    plan = _plan_of_row_for_recording(request, goal)
    form = GoalEditForm(
        request.POST if request.method == "POST" else None, initial=GoalEditForm.initial_for(goal)
    )

    def save(data: dict[str, Any]) -> Any:
        return plans.goal_update(
            actor=request.user,
            goal=goal,
            text=data["goal"],
            whose=data["whose"],
            scaling=_scaling(form, data),
            request=request,
        )

    return _create_page(
        request, plan, form, "practice/goal_form.html", save, "Goal changed", {"goal": goal}
    )


def _plan_of_row_for_recording(request: AuthenticatedHttpRequest, row: Goal | Action) -> Plan:
    """A goal's or action's plan, read with everything the page shows (404 unless the person
    may record on it); the row is given that plan, so the page reads it only once."""
    plan = _plan_for_recording(request, row.plan.uuid)
    row.plan = plan
    return plan


@require_http_methods(["GET", "POST"])
def action_edit(request: AuthenticatedHttpRequest, action_uuid: uuid.UUID) -> HttpResponse:
    """Change an action: what, who will do it, by when, and where it has got to."""
    action = selectors.action_get(request.user, action_uuid)
    plan = _plan_of_row_for_recording(request, action)
    form = ActionEditForm(
        request.POST if request.method == "POST" else None,
        family=plan.family,
        staff=staff_for_actions(plan.family),
        initial=ActionEditForm.initial_for(action),
    )

    def save(data: dict[str, Any]) -> Any:
        return plans.action_update(
            actor=request.user,
            action=action,
            what=data["what"],
            owner=plans.Owner(**form.owner_parts()),
            due_date=data["due_date"],
            status=data["status"],
            note=data.get("note", ""),
            request=request,
        )

    return _create_page(
        request,
        plan,
        form,
        "practice/action_form.html",
        save,
        "Action changed",
        {"action": action},
        also_check=lambda bound: _action_errors_on(bound, plan, action.owner_staff_id),
    )


@require_http_methods(["GET", "POST"])
def plan_end(request: AuthenticatedHttpRequest, plan_uuid: uuid.UUID) -> HttpResponse:
    """End the plan: when, and why it ended and how it went, in words. Then it is read-only.

    A POST always goes to the service, so a second submission of the same ending is answered
    like the first (the service changes nothing), while a different one is refused."""
    plan = _plan_for_recording(request, plan_uuid)
    if request.method == "GET":
        closed = _ended(request, plan)
        if closed is not None:
            return closed
    form = PlanEndForm(
        request.POST if request.method == "POST" else None,
        initial={"ended_on": datetime.date.today()},
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        plans.plan_end(
            actor=request.user,
            plan=plan,
            ended_on=data["ended_on"],
            outcome=data["outcome"],
            request=request,
        )
        messages.success(request, "Plan ended. It is now read-only.")
        return redirect("practice:plan_detail", plan_uuid=plan.uuid)

    return recording_page(request, plan, form, save, "practice/plan_end.html", {"plan": plan})
