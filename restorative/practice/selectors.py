"""Every read of restorative practice, scoped to the person asking, in a fixed number of queries."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404

from restorative.core.keyset import KeysetPage, keyset_page
from restorative.core.working_days import add_working_days
from restorative.people.models import Family, Staff
from restorative.workforce import permissions as workforce_permissions

from . import permissions
from .models import (
    Action,
    ActionProgress,
    ConversationAnswer,
    ConversationParticipant,
    Goal,
    GoalAttainment,
    Meeting,
    MeetingParticipant,
    MeetingType,
    Plan,
    PlanReview,
    Question,
    QuestionSet,
    RestorativeConversation,
)

DUE_SOON_WORKING_DAYS = 10
OPEN_STATUSES = Meeting.OPEN_STATUSES


def _participants_prefetch() -> Prefetch[Any]:
    return Prefetch(
        "participants",
        queryset=MeetingParticipant.objects.select_related("member", "staff", "agency", "supports"),
    )


def meeting_get(user: Any, meeting_uuid: uuid.UUID | str) -> Meeting:
    """One meeting with its family, chair, participants and decisions; 404 if not visible."""
    try:
        return (
            Meeting.objects.filter(permissions.meetings_visible_q(user))
            .select_related("family", "family__team", "family__team__service", "chair", "follows")
            .prefetch_related(_participants_prefetch(), "decisions")
            .get(uuid=meeting_uuid)
        )
    except (Meeting.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such meeting") from exc


def conversation_get(user: Any, conversation_uuid: uuid.UUID | str) -> RestorativeConversation:
    """One conversation with its participants, questions and answers; 404 if not visible."""
    try:
        return (
            RestorativeConversation.objects.filter(permissions.conversations_visible_q(user))
            .select_related("family", "family__team", "family__team__service", "practitioner")
            .prefetch_related(
                Prefetch(
                    "participants",
                    queryset=ConversationParticipant.objects.select_related(
                        "member"
                    ).prefetch_related(
                        Prefetch("answers", queryset=ConversationAnswer.objects.all())
                    ),
                ),
                Prefetch(
                    "questions",
                    queryset=Question.objects.select_related("question_set").order_by(
                        "question_set__order", "order"
                    ),
                ),
            )
            .get(uuid=conversation_uuid)
        )
    except (RestorativeConversation.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such conversation") from exc


def question_sets_active() -> list[QuestionSet]:
    """The question sets a practitioner can choose from, each with its active questions."""
    return list(
        QuestionSet.objects.filter(is_active=True).prefetch_related(
            Prefetch(
                "questions", queryset=Question.objects.filter(is_active=True).order_by("order")
            )
        )
    )


def family_meetings(user: Any, family: Family) -> QuerySet[Meeting]:
    """A family's meetings that `user` may see, newest first, with the chair joined."""
    return (
        Meeting.objects.filter(permissions.meetings_visible_q(user), family=family)
        .select_related("chair")
        .order_by("-scheduled_at", "-due_date", "-id")
    )


def family_conversations(user: Any, family: Family) -> QuerySet[RestorativeConversation]:
    """A family's conversations that `user` may see, newest first."""
    return (
        RestorativeConversation.objects.filter(
            permissions.conversations_visible_q(user), family=family
        )
        .select_related("practitioner")
        .order_by("-held_on", "-id")
    )


def family_for_practice(user: Any, family_uuid: uuid.UUID | str) -> Family:
    """A family whose practice page `user` may open (the family rule), or 404."""
    from restorative.people import selectors as people_selectors

    return people_selectors.family_get(user, family_uuid)


@dataclass(frozen=True)
class DueLists:
    overdue: list[Meeting]
    due_soon: list[Meeting]
    today: datetime.date
    soon_until: datetime.date


def _due_meetings(user: Any, scope: str) -> QuerySet[Meeting]:
    """Open meetings with a due date that `user` may see, in the scope "Meetings due" shows:
    "mine" (allocated families, meetings chaired or invited to) or "team" (a team manager's
    team)."""
    meetings = Meeting.objects.filter(
        permissions.meetings_visible_q(user),
        status__in=OPEN_STATUSES,
        due_date__isnull=False,
    )
    if scope == "team" and user.team_id and user.role == Staff.Role.TEAM_MANAGER:
        return meetings.filter(family__team_id=user.team_id)
    # One indexed set of ids per route, joined by UNION: an OR across the joins made
    # PostgreSQL read every open meeting (150 ms for a director with the large data set).
    mine = (
        Meeting.objects.filter(family__allocated_worker_id=user.pk)
        .order_by()
        .values("pk")
        .union(Meeting.objects.filter(chair_id=user.pk).order_by().values("pk"))
        .union(MeetingParticipant.objects.filter(staff_id=user.pk).order_by().values("meeting_id"))
    )
    return meetings.filter(pk__in=_as_ids(mine))


# A person's own meetings or actions gathered as a list of ids, up to this many (`_as_ids`).
MINE_IDS_CAP = 5000


def _as_ids(mine: QuerySet[Any]) -> QuerySet[Any] | list[Any]:
    """The ids of a UNION of a person's routes as a list (up to MINE_IDS_CAP), else the UNION.

    Why (issue 16): as a subquery under "ORDER BY due_date LIMIT 26", PostgreSQL walked the
    due-date index of every open meeting in the county probing the person's few ids (the
    director's own list, usually empty, took 558 ms at 50,000 families against 40 ms at 600).
    A list of ids is read by primary key.
    """
    ids = [row["pk"] for row in mine[: MINE_IDS_CAP + 1]]
    return ids if len(ids) <= MINE_IDS_CAP else mine


def _due_soon_q(today: datetime.date, soon_until: datetime.date) -> Q:
    """Due within 10 working days and not overdue (`Meeting.overdue_q` is the other half)."""
    return Q(due_date__gte=today, due_date__lte=soon_until) & ~Q(
        scheduled_at__date__gt=F("due_date")
    )


def meetings_due(user: Any, *, scope: str = "mine", today: datetime.date | None = None) -> DueLists:
    """Meetings not yet held that are overdue, or due within 10 working days (up to 500).

    `scope` "mine": families allocated to the person, meetings they chair or are invited to;
    "team": the families of the person's team (for the team manager). Always inside what
    the person may see. Overdue means past its due date, or arranged for after it. The page
    reads them a page at a time (`meetings_due_pages`); this whole list serves the API.
    """
    today = today or datetime.date.today()
    soon_until = add_working_days(today, DUE_SOON_WORKING_DAYS)
    # Due soon, or overdue by the one rule (`Meeting.overdue_q`), which also counts a meeting
    # arranged for after a due date that is still weeks away.
    meetings = _due_meetings(user, scope).filter(
        Q(due_date__lte=soon_until) | Meeting.overdue_q(today)
    )
    rows = list(
        meetings.select_related("family", "family__allocated_worker", "chair").order_by(
            "due_date", "id"
        )[:500]
    )
    overdue = [m for m in rows if m.is_overdue(today)]
    overdue_ids = {m.pk for m in overdue}
    due_soon = [m for m in rows if m.pk not in overdue_ids]
    return DueLists(overdue=overdue, due_soon=due_soon, today=today, soon_until=soon_until)


DUE_PER_PAGE = 25


@dataclass(frozen=True)
class DuePages:
    """The "Meetings due" page: one page (25) of each list, with totals counted to 1,000."""

    overdue: KeysetPage
    due_soon: KeysetPage
    actions: KeysetPage
    today: datetime.date
    soon_until: datetime.date


def meetings_due_pages(
    user: Any,
    *,
    scope: str = "mine",
    overdue_at: str = "",
    soon_at: str = "",
    actions_at: str = "",
    today: datetime.date | None = None,
) -> DuePages:
    """One page of each list of "Meetings due" (overdue, due soon, overdue plan actions), by
    keyset (core.keyset), each with its own cursor.

    Why: the page showed up to 500 rows of each list, so a busy team's page cost 3.5 times a
    small one's (issue 16). Each list now reads its first 26 rows in due-date order and
    counts to 1,000 at most, so it costs the same for a county as for a borough.
    """
    today = today or datetime.date.today()
    soon_until = add_working_days(today, DUE_SOON_WORKING_DAYS)
    due = _due_meetings(user, scope).select_related("family", "family__allocated_worker", "chair")
    order = ("due_date", "id")
    return DuePages(
        overdue=keyset_page(
            due.filter(Meeting.overdue_q(today)),
            order=order,
            cursor=overdue_at,
            per_page=DUE_PER_PAGE,
        ),
        due_soon=keyset_page(
            due.filter(_due_soon_q(today, soon_until)),
            order=order,
            cursor=soon_at,
            per_page=DUE_PER_PAGE,
        ),
        actions=keyset_page(
            _overdue_actions(user, scope, today).select_related(
                "plan", "plan__family", "plan__family__allocated_worker", "owner_staff"
            ),
            order=order,
            cursor=actions_at,
            per_page=DUE_PER_PAGE,
        ),
        today=today,
        soon_until=soon_until,
    )


@dataclass(frozen=True)
class VoiceCompleteness:
    invited: int
    heard: int
    children_invited: int
    child_heard: bool

    @property
    def share(self) -> float | None:
        return self.heard / self.invited if self.invited else None

    @property
    def percent(self) -> int | None:
        return round(100 * self.heard / self.invited) if self.invited else None


def voice_completeness(meeting: Meeting) -> VoiceCompleteness:
    """The share of invited people whose views are recorded, and whether a child was heard.

    Reads the participants already prefetched on `meeting`, so it costs no query.
    """
    invited = [p for p in meeting.participants.all() if p.invited]
    children = [p for p in invited if p.kind == MeetingParticipant.Kind.CHILD]
    return VoiceCompleteness(
        invited=len(invited),
        heard=sum(1 for p in invited if p.view_recorded),
        children_invited=len(children),
        child_heard=any(p.view_recorded for p in children),
    )


def families_for_recording(user: Any) -> QuerySet[Family]:
    """Families whose practice `user` may record (see permissions.can_record_for_family)."""
    return Family.objects.filter(permissions.families_recordable_q(user))


def families_for_arranging(user: Any) -> QuerySet[Family]:
    """Families whose meetings `user` may schedule (see permissions.can_arrange_for_family)."""
    return Family.objects.filter(permissions.families_arrangeable_q(user))


# --- Plans ------------------------------------------------------------------------------

OPEN_ACTION_STATUSES = Action.OPEN_STATUSES
SUSTAINABILITY_MONTHS = (3, 6, 12)


def _actions_prefetch() -> Prefetch[Any]:
    return Prefetch(
        "actions", queryset=Action.objects.select_related("owner_member", "owner_staff")
    )


def plan_get(user: Any, plan_uuid: uuid.UUID | str) -> Plan:
    """One plan with goals, actions (and owners), reviews (with who took part and progress on
    each action): a fixed number of queries however many there are. 404 if not visible."""
    try:
        return (
            Plan.objects.filter(permissions.plans_visible_q(user))
            .select_related(
                "family",
                "family__team",
                "family__team__service",
                "meeting",
                "created_by",
                "ended_by",
            )
            .prefetch_related(
                "goals",
                _actions_prefetch(),
                Prefetch(
                    "reviews",
                    queryset=PlanReview.objects.select_related("created_by").prefetch_related(
                        "members",
                        Prefetch("progress", queryset=ActionProgress.objects.all()),
                        Prefetch(
                            "attainments", queryset=GoalAttainment.objects.select_related("goal")
                        ),
                    ),
                ),
            )
            .get(uuid=plan_uuid)
        )
    except (Plan.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such plan") from exc


def action_get(user: Any, action_uuid: uuid.UUID | str) -> Action:
    """One action with its plan and family; 404 unless the plan is visible."""
    try:
        return Action.objects.select_related(
            "plan", "plan__family", "plan__family__team", "owner_member", "owner_staff"
        ).get(
            Q(plan__in=Plan.objects.filter(permissions.plans_visible_q(user)).values("pk")),
            uuid=action_uuid,
        )
    except (Action.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such action") from exc


def goal_get(user: Any, goal_uuid: uuid.UUID | str) -> Goal:
    """One goal with its plan and family; 404 unless the plan is visible."""
    try:
        return Goal.objects.select_related("plan", "plan__family").get(
            Q(plan__in=Plan.objects.filter(permissions.plans_visible_q(user)).values("pk")),
            uuid=goal_uuid,
        )
    except (Goal.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such goal") from exc


def review_get(user: Any, review_uuid: uuid.UUID | str) -> PlanReview:
    """One plan review with who took part and progress per action; 404 unless the plan is
    visible."""
    try:
        return (
            PlanReview.objects.select_related("plan", "plan__family", "created_by")
            .prefetch_related(
                "members",
                "progress",
                "progress__action",
                Prefetch("attainments", queryset=GoalAttainment.objects.select_related("goal")),
            )
            .get(
                Q(plan__in=Plan.objects.filter(permissions.plans_visible_q(user)).values("pk")),
                uuid=review_uuid,
            )
        )
    except (PlanReview.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such review") from exc


# --- Lists for the API (filters applied here, never in the views) --------------------------
# A filter naming a family, plan or meeting the person may not see gives an empty list, the
# same as one that does not exist: the scoping filter is always applied first.


def conversations_list(
    user: Any, *, family_uuid: uuid.UUID | None = None
) -> QuerySet[RestorativeConversation]:
    """Conversations `user` may see, newest first, optionally one family's."""
    rows = RestorativeConversation.objects.filter(permissions.conversations_visible_q(user))
    if family_uuid is not None:
        rows = rows.filter(family__uuid=family_uuid)
    return rows.select_related("family", "practitioner").order_by("-held_on", "-id")


def meetings_list(
    user: Any, *, family_uuid: uuid.UUID | None = None, status: str = ""
) -> QuerySet[Meeting]:
    """Meetings `user` may see (the family's readers, invited partners), newest first."""
    rows = Meeting.objects.filter(permissions.meetings_visible_q(user))
    if family_uuid is not None:
        rows = rows.filter(family__uuid=family_uuid)
    if status:
        rows = rows.filter(status=status)
    return rows.select_related("family", "chair").order_by("-scheduled_at", "-due_date", "-id")


def meetings_due_list(
    user: Any,
    *,
    due: str,
    scope: str = "mine",
    family_uuid: uuid.UUID | None = None,
    status: str = "",
) -> list[Meeting]:
    """The 'Meetings due' page's overdue or due-soon list, narrowed to a family or status."""
    lists = meetings_due(user, scope=scope)
    rows = lists.overdue if due == "overdue" else lists.due_soon
    return [
        m
        for m in rows
        if (family_uuid is None or m.family.uuid == family_uuid)
        and (not status or m.status == status)
    ]


def plans_list(
    user: Any,
    *,
    family_uuid: uuid.UUID | None = None,
    meeting_uuid: uuid.UUID | None = None,
    status: str = "",
) -> QuerySet[Plan]:
    """Plans `user` may see (the family's readers; partners invited to the plan's meeting),
    newest first, optionally one family's, one meeting's, or active or ended ones."""
    rows = Plan.objects.filter(permissions.plans_visible_q(user))
    if family_uuid is not None:
        rows = rows.filter(family__uuid=family_uuid)
    if meeting_uuid is not None:
        rows = rows.filter(meeting__uuid=meeting_uuid)
    if status:
        rows = rows.filter(status=status)
    return rows.select_related("family", "meeting").order_by("-started_on", "-id")


def actions_list(
    user: Any,
    *,
    plan_uuid: uuid.UUID | None = None,
    family_uuid: uuid.UUID | None = None,
    status: str = "",
    overdue: bool = False,
    today: datetime.date | None = None,
) -> QuerySet[Action]:
    """Actions on plans `user` may see, by due date. `overdue`: open actions of active plans
    past their due date, whoever owns them (the same test as `actions_overdue`)."""
    rows = Action.objects.filter(
        plan__in=Plan.objects.filter(permissions.plans_visible_q(user)).values("pk")
    )
    if plan_uuid is not None:
        rows = rows.filter(plan__uuid=plan_uuid)
    if family_uuid is not None:
        rows = rows.filter(plan__family__uuid=family_uuid)
    if status:
        rows = rows.filter(status=status)
    if overdue:
        rows = rows.filter(Action.overdue_q(today or datetime.date.today()))
    return rows.select_related("plan", "plan__family", "owner_member", "owner_staff").order_by(
        "due_date", "id"
    )


def meeting_plans(user: Any, meeting: Meeting) -> list[Plan]:
    """The plans made at this meeting that `user` may see (one query)."""
    return list(
        Plan.objects.filter(permissions.plans_visible_q(user), meeting=meeting).order_by(
            "started_on", "id"
        )
    )


def family_plans(user: Any, family: Family) -> QuerySet[Plan]:
    """A family's plans that `user` may see, newest first, with their reviews prefetched
    (for the sustainability figures) and the source meeting joined."""
    return (
        Plan.objects.filter(permissions.plans_visible_q(user), family=family)
        .select_related("meeting")
        .prefetch_related(
            Prefetch(
                "reviews",
                queryset=PlanReview.objects.only("id", "plan_id", "reviewed_on", "holding"),
            )
        )
        .order_by("-started_on", "-id")
    )


@dataclass(frozen=True)
class SustainabilityPoint:
    months: int
    on: datetime.date
    holding: str  # "yes" / "partly" / "no", "unknown" (no review), or "not_yet" (in future)
    review: PlanReview | None

    @property
    def label(self) -> str:
        if self.holding == "not_yet":
            return "Not reached yet"
        if self.holding == "unknown":
            return "Unknown (no review)"
        return str(PlanReview.Holding(self.holding).label)


@dataclass(frozen=True)
class ScalingPoint:
    """One review's scores: the 0-10 scaling and the Goal Attainment Scaling T-score."""

    review: PlanReview
    family_scaling: int
    professional_scaling: int
    goals_rated: int
    t_score: float | None


def plan_scaling_over_time(plan: Plan) -> list[ScalingPoint]:
    """Each review, oldest first, with its 0-10 scaling and the GAS T-score of the goals rated
    at it (practice.gas, equal weights, rho 0.3). Reads what `plan_get` prefetched: no query."""
    from .gas import t_score

    points = []
    for review in plan.reviews.all():
        levels = [row.level for row in review.attainments.all()]
        points.append(
            ScalingPoint(
                review,
                review.family_scaling,
                review.professional_scaling,
                len(levels),
                t_score(levels),
            )
        )
    return points


def plan_sustainability(
    plan: Plan, *, today: datetime.date | None = None
) -> list[SustainabilityPoint]:
    """Was the plan holding 3, 6 and 12 months after it started?

    For each point, the latest review dated at or after that point and before the next point
    (for 12 months: any time after) says; with no such review the answer is "unknown", and a
    point still in the future is "not reached yet". Reads the prefetched reviews: no query.
    """
    today = today or datetime.date.today()
    reviews = sorted(plan.reviews.all(), key=lambda r: (r.reviewed_on, r.pk))
    points = [plan.started_on + relativedelta(months=m) for m in SUSTAINABILITY_MONTHS]
    result = []
    for index, months in enumerate(SUSTAINABILITY_MONTHS):
        start = points[index]
        end = points[index + 1] if index + 1 < len(points) else None
        if start > today:
            result.append(SustainabilityPoint(months, start, "not_yet", None))
            continue
        window = [
            r for r in reviews if r.reviewed_on >= start and (end is None or r.reviewed_on < end)
        ]
        latest = window[-1] if window else None
        result.append(
            SustainabilityPoint(months, start, latest.holding if latest else "unknown", latest)
        )
    return result


def actions_overdue(
    user: Any, *, scope: str = "mine", today: datetime.date | None = None
) -> list[Action]:
    """Open actions past their due date, whoever owns them (family, staff or professional).

    "mine": plans of families allocated to the person, plans they made, and actions they own;
    "team" (team manager): the team's families. Always inside the plans the person may see.
    The "Meetings due" page lists these with no words from the plans (decision 0010): it
    writes no access event, so it shows only what the family list shows, plus dates, status
    and a staff owner's name.
    """
    today = today or datetime.date.today()
    return list(
        _overdue_actions(user, scope, today)
        .select_related("plan", "plan__family", "plan__family__allocated_worker", "owner_staff")
        .order_by("due_date", "id")[:500]
    )


def _overdue_actions(user: Any, scope: str, today: datetime.date) -> QuerySet[Action]:
    """Open actions past their due date in `scope` ("mine" or a team manager's "team"),
    inside the plans `user` may see."""
    actions = Action.objects.filter(
        Action.overdue_q(today),
        plan__in=Plan.objects.filter(permissions.plans_visible_q(user)).values("pk"),
    )
    if scope == "team" and user.team_id and user.role == Staff.Role.TEAM_MANAGER:
        return actions.filter(plan__family__team_id=user.team_id)
    # A UNION of indexed routes, not an OR across joins (see _due_meetings).
    mine = (
        Action.objects.filter(plan__family__allocated_worker_id=user.pk)
        .order_by()
        .values("pk")
        .union(Action.objects.filter(plan__created_by_id=user.pk).order_by().values("pk"))
        .union(Action.objects.filter(owner_staff_id=user.pk).order_by().values("pk"))
    )
    return actions.filter(pk__in=_as_ids(mine))


# Meetings only someone with current advanced restorative training may lead (issue 5, point 7;
# the rule is `workforce.permissions.staff_who_may_lead_q`), and what leading them is called.
MEETINGS_NEEDING_A_LEAD: dict[str, str] = {
    MeetingType.RESTORATIVE_CIRCLE: "facilitate a restorative circle",
    MeetingType.COMMUNITY_CIRCLE: "facilitate a community restorative circle",
    MeetingType.FAMILY_GROUP_CONFERENCE: "coordinate a family group conference",
}


def action_owner_staff(family: Family) -> QuerySet[Staff]:
    """Staff who may own an action on this family's plan: active members of the family's team,
    and partner agency staff. The form offers these and `plans.action_add` and
    `plans.action_update` hold every caller (page and API) to them."""
    return (
        Staff.objects.filter(is_active=True)
        .filter(Q(team_id=family.team_id) | Q(role=Staff.Role.PARTNER))
        .select_related("partner_agency", "team", "service")
        .order_by("last_name", "first_name")
    )


def _chairs_q(family: Family, meeting_type: str, on: datetime.date) -> Q:
    """Who is offered as chair: for a conference or a family group conference, exactly those
    the independence rule allows (`permissions.chair_candidates_q`); for other meetings the
    family's team manager and practitioners and the head of its service; with no type yet
    (the type is chosen on the same form), all of them, and the service applies the rule for
    the type chosen (`permissions.chair_independence_error`)."""
    team_chairs = Q(
        team_id=family.team_id, role__in=[Staff.Role.TEAM_MANAGER, Staff.Role.PRACTITIONER]
    ) | Q(role=Staff.Role.HEAD_OF_SERVICE, service_id=family.team.service_id)
    independent = permissions.chair_candidates_q(meeting_type, family, on)
    if independent is not None:
        return independent
    if meeting_type:
        return team_chairs
    # Every conference chair and coordinator: the service says why one may not lead the type
    # chosen (in the family's line management, the allocated worker, training not current).
    independent = Q(role__in=[Staff.Role.CONFERENCE_CHAIR, Staff.Role.FGC_COORDINATOR]) | Q(
        role=Staff.Role.PARTNER, partner_agency__kind="fgc_service"
    )
    return team_chairs | independent


def meeting_chairs_and_professionals(
    family: Family, *, meeting_type: str = "", on: datetime.date | None = None
) -> tuple[Any, Any]:
    """Who may chair a family's meeting (its team's manager and practitioners, the head of
    its service) and which professionals may be invited (partners and the family's team).

    Each chair carries `may_lead`: current advanced training on `on` (default today). For a
    restorative circle or family group conference (`meeting_type`) only they are offered;
    without a type (a form where the type is chosen alongside) everyone is, and the meeting
    service refuses a chair who may not lead that type.
    """
    on = on or datetime.date.today()
    chairs = (
        Staff.objects.filter(is_active=True)
        .filter(_chairs_q(family, meeting_type, on))
        .select_related("partner_agency", "team", "service")
        .annotate(may_lead=Q(workforce_permissions.staff_who_may_lead_q(on)))
        .order_by("last_name", "first_name")
    )
    if meeting_type in MEETINGS_NEEDING_A_LEAD:
        chairs = chairs.filter(workforce_permissions.staff_who_may_lead_q(on))
    professionals = (
        Staff.objects.filter(is_active=True)
        .filter(Q(role=Staff.Role.PARTNER) | Q(team_id=family.team_id))
        .select_related("partner_agency", "team", "service")
        .order_by("last_name", "first_name")
    )
    return chairs, professionals


def people_harmed(meeting: Meeting) -> QuerySet[MeetingParticipant]:
    """The people harmed at this meeting: the ones a supporter may be there for (the page's
    choices, the API's accepted values and the service's check are this one list)."""
    return meeting.participants.filter(kind=MeetingParticipant.Kind.PERSON_HARMED).order_by("id")
