"""The practice API's plans made with families: goals, actions, reviews and ending a plan.

The plan is what the access trail records: reading a plan, a goal, an action or a review
writes one "view" of the plan; changes write one "change" (in the services). Plans are seen
by the family's readers and by partner staff invited to the meeting the plan was made at;
changed by those who may record for the family.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from restorative.core.api import (
    choice_param,
    resolve_uuid,
    resolve_uuids,
    responses,
    uuid_param,
)

from ... import permissions, plans, selectors
from ...forms import staff_for_actions
from ...models import Action, Plan
from ..serializers.plans import (
    ActionCreateSerializer,
    ActionListSerializer,
    ActionSerializer,
    ActionUpdateSerializer,
    GoalCreateSerializer,
    GoalSerializer,
    GoalWriteSerializer,
    PlanCreateSerializer,
    PlanDetailSerializer,
    PlanEndSerializer,
    PlanReviewCreateSerializer,
    PlanReviewSerializer,
    PlanSerializer,
    PlanUpdateSerializer,
)
from .common import (
    FAMILY_PARAM,
    VIEWED,
    CannotRecord,
    PracticeViewSet,
    family_member,
    family_members,
    recording_schema,
    request_body,
    viewed_schema,
)

# Values in the description, not as an enum: several lists have a `status` with other values,
# and drf-spectacular would have to invent enum names for them.
PLAN_STATUS_PARAM = OpenApiParameter(
    "status", str, description=f"One of: {', '.join(Plan.Status.values)}."
)


def scaling(data: dict[str, Any]) -> plans.Scaling | None:
    """Goal Attainment Scaling from a goal's input, or None when it is not used."""
    if data["baseline_level"] is None:
        return None
    return plans.Scaling(
        baseline_level=data["baseline_level"],
        expected_level=data["expected_level"],
        descriptions={level: data[field] for level, field in plans.LEVEL_FIELDS.items()},
    )


def action_owner(plan: Plan, data: dict[str, Any]) -> plans.Owner:
    """The action's owner from UUIDs, chosen among the people the page would offer."""
    member = family_member(plan.family, data, "owner_member")
    staff = None
    if data["owner_staff"] is not None:
        staff = resolve_uuid(
            staff_for_actions(plan.family),
            data["owner_staff"],
            "owner_staff",
            "Choose a member of the family's team or a partner agency, by their UUID",
        )
    return plans.Owner(
        member=member, staff=staff, name=data["owner_name"], agency=data["owner_agency"]
    )


def part_schema(summary: str, serializer: type[serializers.Serializer]) -> Any:
    """The schema of reading one part of a plan."""
    return viewed_schema(
        summary, serializer, "Written to the family's access trail (as a view of the plan)."
    )


class PlanRecordViewSet(PracticeViewSet):
    """A view of one plan: who may change it, and its record as the API shows it."""

    def plan_for_recording(self, plan_uuid: UUID) -> Plan:
        """The plan if the person may change it: 404 if they cannot see it, 403 if read-only.
        An ended plan is answered by the services with 400 and the date it ended."""
        plan = selectors.plan_get(self.request.user, plan_uuid)
        if not permissions.can_record_plan(self.request.user, plan):
            raise CannotRecord("You can see this plan but you cannot change it.")
        return plan

    def plan_detail(self, plan: Plan) -> dict[str, Any]:
        context = {
            "sustainability": selectors.plan_sustainability(plan),
            "can_record": permissions.can_record_plan(self.request.user, plan)
            and not plan.is_ended,
        }
        return PlanDetailSerializer(plan, context=context).data

    def plan_now(self, plan_uuid: UUID, code: int = status.HTTP_200_OK) -> Response:
        """The answer to a change: the plan read again, with everything its record shows."""
        plan = selectors.plan_get(self.request.user, plan_uuid)
        return Response(self.plan_detail(plan), status=code)

    def merged(self, current: dict[str, Any]) -> dict[str, Any]:
        """A PATCH body laid over the record as it is, so the same checks as a create apply."""
        return {**current, **request_body(self.request)}


class PlanPartViewSet(PlanRecordViewSet):
    """A goal, action or review: reading one writes a view of its plan."""

    #: The selector that finds the part the person may see (404 otherwise).
    part_get: Callable[[Any, UUID], Any]

    def retrieve(self, request: Request, uuid: UUID) -> Response:
        part = self.part_get(request.user, uuid)
        self.record_view(part.plan)
        assert self.serializer_class is not None  # noqa: S101 - every part view sets it
        return Response(self.serializer_class(part).data)


class PlanViewSet(PlanRecordViewSet):
    """Plans made with families: seen by the family's readers and by partner staff invited to
    the meeting the plan was made at; changed by those who may record for the family."""

    serializer_class = PlanSerializer
    lookup_field = "uuid"

    @extend_schema(
        summary="List plans",
        description="Plans you may see, newest first, 50 a page. Not written to the access "
        "trail, so without free text (the retrieve shows the plan's name, how it ended, its "
        "goals, actions and reviews). Accounts with no case role get 404.",
        parameters=[
            FAMILY_PARAM,
            OpenApiParameter("meeting", UUID, description="Only plans made at this meeting."),
            PLAN_STATUS_PARAM,
        ],
        responses=responses(PlanSerializer(many=True), 400, 404),
    )
    def list(self, request: Request) -> Response:
        if not permissions.can_view_practice_lists(request.user):
            raise Http404
        rows = selectors.plans_list(
            request.user,
            family_uuid=uuid_param(request, "family", "Family"),
            meeting_uuid=uuid_param(request, "meeting", "Meeting"),
            status=choice_param(request, "status", "Status", Plan.Status.values),
        )
        return self.page_of(rows, PlanSerializer)

    @viewed_schema(
        "A plan: goals, actions, reviews and whether it is holding", PlanDetailSerializer
    )
    def retrieve(self, request: Request, uuid: UUID) -> Response:
        plan = self.viewed(selectors.plan_get, uuid)
        return Response(self.plan_detail(plan))

    @recording_schema(
        summary="Make a plan with the family",
        description="On its own or from one of the family's meetings (`meeting`). For those "
        "who may record for the family. Send a `submission_token` to make a repeated request "
        "safe.",
        request=PlanCreateSerializer,
        ok=PlanDetailSerializer,
        created=True,
        codes=(400, 503),
    )
    def create(self, request: Request) -> Response:
        data = self.validated(PlanCreateSerializer)
        family = self.family_for_recording(data["family"])
        meeting = None
        if data["meeting"] is not None:
            meeting = resolve_uuids(
                selectors.family_meetings(request.user, family),
                [data["meeting"]],
                "meeting",
                "Choose one of this family's meetings, by its UUID",
            )[0]
        plan = self.call_service(
            plans.plan_create,
            family=family,
            title=data["title"],
            started_on=data["started_on"],
            review_date=data["review_date"],
            meeting=meeting,
            submission_token=data["submission_token"],
        )
        return self.plan_now(plan.uuid, status.HTTP_201_CREATED)

    @recording_schema(
        summary="Rename a plan or move its review date",
        description="Fields left out keep their values. An ended plan cannot be changed (400).",
        request=PlanUpdateSerializer,
        ok=PlanDetailSerializer,
    )
    def partial_update(self, request: Request, uuid: UUID) -> Response:
        plan = self.plan_for_recording(uuid)
        current = {"title": plan.title, "review_date": plan.review_date}
        data = self.validated(PlanUpdateSerializer, self.merged(current))
        self.call_service(
            plans.plan_update,
            plan=plan,
            title=data["title"],
            review_date=data["review_date"],
        )
        return self.plan_now(uuid)

    @recording_schema(
        summary="End a plan",
        description=(
            "The date it ended (not before it began, not in the future) and why it ended and "
            "how it went, in words. An ended plan is read-only and its open actions are no "
            "longer listed as overdue. Sending the same ending again changes nothing."
        ),
        request=PlanEndSerializer,
        ok=PlanDetailSerializer,
    )
    def end(self, request: Request, uuid: UUID) -> Response:
        plan = self.plan_for_recording(uuid)
        data = self.validated(PlanEndSerializer)
        self.call_service(
            plans.plan_end,
            plan=plan,
            ended_on=data["ended_on"],
            outcome=data["outcome"],
        )
        return self.plan_now(uuid)


@extend_schema_view(retrieve=part_schema("A goal", GoalSerializer))
class GoalViewSet(PlanPartViewSet):
    """The family's goals in a plan, in their own words, with optional scaling."""

    serializer_class = GoalSerializer
    pagination_class = None
    lookup_field = "uuid"
    part_get = staticmethod(selectors.goal_get)

    @viewed_schema("A plan's goals", GoalSerializer(many=True))
    def list(self, request: Request, plan_uuid: UUID) -> Response:
        plan = self.viewed(selectors.plan_get, plan_uuid)
        return Response(GoalSerializer(plan.goals.all(), many=True).data)

    @recording_schema(
        summary="Add a goal to a plan",
        description="In the family's own words; Goal Attainment Scaling optional (both levels "
        "or neither). Send a `submission_token` to make a repeated request safe.",
        request=GoalCreateSerializer,
        ok=GoalSerializer,
        created=True,
    )
    def create(self, request: Request, plan_uuid: UUID) -> Response:
        plan = self.plan_for_recording(plan_uuid)
        data = self.validated(GoalCreateSerializer)
        goal = self.call_service(
            plans.goal_add,
            plan=plan,
            goal=data["goal"],
            whose=data["whose"],
            scaling=scaling(data),
            submission_token=data["submission_token"],
        )
        return Response(GoalSerializer(goal).data, status=status.HTTP_201_CREATED)

    @recording_schema(
        summary="Change a goal",
        description="Fields left out keep their values; null levels stop using scaling. An "
        "ended plan cannot be changed (400).",
        request=GoalWriteSerializer,
        ok=GoalSerializer,
    )
    def partial_update(self, request: Request, uuid: UUID) -> Response:
        goal = selectors.goal_get(request.user, uuid)
        self.plan_for_recording(goal.plan.uuid)
        names = ["goal", "whose", "baseline_level", "expected_level", *plans.LEVEL_FIELDS.values()]
        current = {name: getattr(goal, name) for name in names}
        data = self.validated(GoalWriteSerializer, self.merged(current))
        goal = self.call_service(
            plans.goal_update,
            goal=goal,
            text=data["goal"],
            whose=data["whose"],
            scaling=scaling(data),
        )
        return Response(GoalSerializer(goal).data)


OVERDUE_PARAM = OpenApiParameter(
    "overdue",
    bool,
    description="true: only open actions of active plans past their due date, whoever owns "
    "them (an ended plan's actions are not followed up).",
)


@extend_schema_view(retrieve=part_schema("An action", ActionSerializer))
class ActionViewSet(PlanPartViewSet):
    """Actions in plans: who will do what by when. Professionals' actions are followed up as
    strictly as the family's."""

    serializer_class = ActionSerializer
    lookup_field = "uuid"
    part_get = staticmethod(selectors.action_get)

    @extend_schema(
        summary="List actions",
        description="Actions in plans you may see, by due date, 50 a page: the owner as a "
        "kind and UUID, the due date and the status. Not written to the access trail, so "
        "without what is to be done, the note or the owner's name (the retrieve shows them, "
        "after writing the access event).",
        parameters=[
            OpenApiParameter("plan", UUID, description="Only this plan's actions."),
            FAMILY_PARAM,
            OpenApiParameter(
                "status", str, description=f"One of: {', '.join(Action.Status.values)}."
            ),
            OVERDUE_PARAM,
        ],
        responses=responses(ActionListSerializer(many=True), 400, 404),
    )
    def list(self, request: Request) -> Response:
        if not permissions.can_view_practice_lists(request.user):
            raise Http404
        overdue = choice_param(request, "overdue", "Overdue", ("true", "false"))
        rows = selectors.actions_list(
            request.user,
            plan_uuid=uuid_param(request, "plan", "Plan"),
            family_uuid=uuid_param(request, "family", "Family"),
            status=choice_param(request, "status", "Status", Action.Status.values),
            overdue=overdue == "true",
        )
        return self.page_of(rows, ActionListSerializer)

    @recording_schema(
        summary="Add an action to a plan",
        description="What will be done, exactly one owner (`owner_member`, `owner_staff`, or "
        "`owner_name` and/or `owner_agency`) and a due date on or after the plan began. Send "
        "a `submission_token` to make a repeated request safe.",
        request=ActionCreateSerializer,
        ok=ActionSerializer,
        created=True,
    )
    def create(self, request: Request, plan_uuid: UUID) -> Response:
        plan = self.plan_for_recording(plan_uuid)
        data = self.validated(ActionCreateSerializer)
        action = self.call_service(
            plans.action_add,
            plan=plan,
            what=data["what"],
            owner=action_owner(plan, data),
            due_date=data["due_date"],
            submission_token=data["submission_token"],
        )
        return Response(ActionSerializer(action).data, status=status.HTTP_201_CREATED)

    @recording_schema(
        summary="Change an action",
        description="What, owner, due date, status and note. Fields left out keep their "
        "values; giving any owner field replaces the owner. An ended plan cannot be changed "
        "(400).",
        request=ActionUpdateSerializer,
        ok=ActionSerializer,
    )
    def partial_update(self, request: Request, uuid: UUID) -> Response:
        action = selectors.action_get(request.user, uuid)
        plan = self.plan_for_recording(action.plan.uuid)
        owner_fields = ("owner_member", "owner_staff", "owner_name", "owner_agency")
        current = action.current_values()
        body = request_body(request)
        if any(name in body for name in owner_fields):
            current.update(owner_member=None, owner_staff=None, owner_name="", owner_agency="")
        data = self.validated(ActionUpdateSerializer, self.merged(current))
        action.plan = plan
        action = self.call_service(
            plans.action_update,
            action=action,
            what=data["what"],
            owner=action_owner(plan, data),
            due_date=data["due_date"],
            status=data["status"],
            note=data["note"],
        )
        return Response(ActionSerializer(action).data)


@extend_schema_view(retrieve=part_schema("A plan review", PlanReviewSerializer))
class PlanReviewViewSet(PlanPartViewSet):
    """Reviews of a plan. A review is what was found on the day: added, never changed."""

    serializer_class = PlanReviewSerializer
    pagination_class = None
    lookup_field = "uuid"
    part_get = staticmethod(selectors.review_get)

    @viewed_schema(
        "A plan's reviews", PlanReviewSerializer(many=True), description=f"Oldest first. {VIEWED}"
    )
    def list(self, request: Request, plan_uuid: UUID) -> Response:
        plan = self.viewed(selectors.plan_get, plan_uuid)
        action_uuids = {a.pk: a.uuid for a in plan.actions.all()}
        return Response(
            PlanReviewSerializer(
                plan.reviews.all(), many=True, context={"action_uuids": action_uuids}
            ).data
        )

    @recording_schema(
        summary="Review a plan",
        description=(
            "Who took part, the family's and the professionals' 0-10 scaling, whether the plan "
            "is holding, progress on some or all actions (which becomes their status), and the "
            "Goal Attainment Scaling level (-2 to 2) reached by goals that use scaling. "
            "Not before the plan began or in the future. Send a `submission_token` to make a "
            "repeated request safe."
        ),
        request=PlanReviewCreateSerializer,
        ok=PlanReviewSerializer,
        created=True,
    )
    def create(self, request: Request, plan_uuid: UUID) -> Response:
        plan = self.plan_for_recording(plan_uuid)
        data = self.validated(PlanReviewCreateSerializer)
        members = family_members(plan.family, data)
        actions: dict[UUID, plans.ActionReview] = {}
        for row in data["actions"]:
            if row["action"] in actions:
                raise serializers.ValidationError({"actions": ["Give each action once"]})
            actions[row["action"]] = plans.ActionReview(row["status"], row["progress"])
        goal_levels: dict[UUID, int] = {}
        for row in data["goal_levels"]:
            if row["goal"] in goal_levels:
                raise serializers.ValidationError({"goal_levels": ["Give each goal once"]})
            goal_levels[row["goal"]] = row["level"]
        review = self.call_service(
            plans.plan_review_record,
            plan=plan,
            reviewed_on=data["reviewed_on"],
            members=members,
            others_present=data["others_present"],
            family_scaling=data["family_scaling"],
            professional_scaling=data["professional_scaling"],
            holding=data["holding"],
            holding_words=data["holding_words"],
            actions=actions,
            goal_levels=goal_levels,
            submission_token=data["submission_token"],
        )
        review = selectors.review_get(request.user, review.uuid)
        return Response(PlanReviewSerializer(review).data, status=status.HTTP_201_CREATED)
