"""Demo conversations and meetings for the demo practitioner's families (scale "small").

Deterministic (random.Random with a fixed seed), bulk-created, and idempotent: families that
already have meetings are skipped. Meetings of every §6.3 type, some held with views and
decisions, some scheduled, some overdue so the "Meetings due" page has something to show.
Larger scales are for a later session (the issue's 1,000,000 meetings and plan actions).
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from restorative.core.working_days import add_working_days
from restorative.people.models import Family, FamilyMember, Staff

from .models import (
    Action,
    ActionProgress,
    ConversationAnswer,
    ConversationParticipant,
    Decision,
    Goal,
    Meeting,
    MeetingParticipant,
    MeetingType,
    Plan,
    PlanReview,
    Question,
    RestorativeConversation,
)

DEMO_PRACTITIONER = "practitioner@demo.restorative.test"
DEMO_PARTNER = "partner@demo.restorative.test"
FAMILIES = {"small": 6}

VIEWS = [
    "I want things to be calmer at home.",
    "We are trying, but we need help with the mornings.",
    "School has seen real improvement this term.",
    "I am worried about what happens at weekends.",
    "I want to see my dad more often.",
]
ANSWERS = [
    "We had a big argument and the police came.",
    "My little brother was scared, and Mum cried.",
    "We need to talk to each other before it gets loud.",
    "I felt nobody was listening to me.",
]


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


@transaction.atomic
def seed(*, scale: str) -> dict[str, int]:
    """Add conversations and meetings of every type for the demo practitioner's families."""
    practitioner = Staff.objects.filter(email=DEMO_PRACTITIONER).first()
    if practitioner is None:
        return {}
    partner = Staff.objects.filter(email=DEMO_PARTNER).first()
    manager = Staff.objects.filter(
        team=practitioner.team, role=Staff.Role.TEAM_MANAGER, team__isnull=False
    ).first()
    families = list(
        Family.objects.filter(allocated_worker=practitioner, meetings__isnull=True)
        .prefetch_related("members")
        .order_by("name", "pk")[: FAMILIES.get(scale, FAMILIES["small"])]
    )
    rng = random.Random(8)  # noqa: S311 - demo data, not security
    today = datetime.date.today()
    short_form = list(
        Question.objects.filter(question_set__code="policy-short-form").order_by("order")
    )
    types = list(MeetingType)
    meetings: list[Meeting] = []
    conversations: list[RestorativeConversation] = []
    for index, family in enumerate(families):
        for offset in range(2):
            meeting_type = types[(index * 2 + offset) % len(types)]
            held = offset == 0
            day = (
                today - datetime.timedelta(days=rng.randint(5, 60))
                if held
                else today + datetime.timedelta(days=rng.randint(1, 20))
            )
            trigger_date = day - datetime.timedelta(days=20)
            due = (
                add_working_days(trigger_date, 15)
                if meeting_type == MeetingType.INITIAL_CONFERENCE
                else None
            )
            meetings.append(
                Meeting(
                    family=family,
                    meeting_type=meeting_type,
                    status=Meeting.Status.HELD if held else Meeting.Status.SCHEDULED,
                    scheduled_at=_at(day, 10),
                    held_on=day if held else None,
                    venue=Meeting.Venue.IN_PERSON,
                    place="Civic Centre",
                    chair=manager,
                    trigger="strategy_discussion" if due else "",
                    trigger_date=trigger_date if due else None,
                    due_date=due,
                    what_happened="Concerns about arguments at home were raised by school."
                    if held
                    else "",
                    working_well="The children are attending school every day." if held else "",
                    worries="Arguments late at night when the children are awake." if held else "",
                    next_steps="A family group conference to make a plan together." if held else "",
                    experience="with" if held else "",
                    experience_given_by="family" if held else "",
                    created_by=practitioner,
                )
            )
        # One core group that should already have happened: an overdue item.
        meetings.append(
            Meeting(
                family=family,
                meeting_type=MeetingType.CORE_GROUP,
                status=Meeting.Status.TO_ARRANGE,
                trigger="initial_conference",
                trigger_date=today - datetime.timedelta(days=30),
                due_date=add_working_days(today - datetime.timedelta(days=30), 10),
                created_by=practitioner,
            )
        )
        conversations.append(
            RestorativeConversation(
                family=family,
                held_on=today - datetime.timedelta(days=rng.randint(1, 30)),
                setting=RestorativeConversation.Setting.HOME_VISIT,
                practitioner=practitioner,
                agreed_next="Meet again next week with both parents.",
                created_by=practitioner,
            )
        )
    Meeting.objects.bulk_create(meetings)
    RestorativeConversation.objects.bulk_create(conversations)
    members_by_family = {f.pk: list(f.members.all()) for f in families}
    participants: list[MeetingParticipant] = []
    decisions: list[Decision] = []
    for meeting in meetings:
        if meeting.status == Meeting.Status.TO_ARRANGE:
            continue
        held = meeting.status == Meeting.Status.HELD
        for member in members_by_family[meeting.family_id]:
            child = member.kind == FamilyMember.Kind.CHILD
            recorded = held and rng.random() < 0.8
            participants.append(
                MeetingParticipant(
                    meeting=meeting,
                    member=member,
                    kind=MeetingParticipant.Kind.CHILD
                    if child
                    else MeetingParticipant.Kind.FAMILY_MEMBER,
                    attendance="attended" if held else "not_known",
                    view_given_by=("advocate" if child else "in_person") if recorded else "",
                    view=rng.choice(VIEWS) if recorded else "",
                )
            )
        if partner is not None:
            participants.append(
                MeetingParticipant(
                    meeting=meeting,
                    staff=partner,
                    kind=MeetingParticipant.Kind.PROFESSIONAL,
                    agency_id=partner.partner_agency_id,
                    role=partner.job_title[:200],
                    attendance="attended" if held else "not_known",
                    view_given_by="writing" if held else "",
                    view="School attendance is good; we will keep checking in." if held else "",
                )
            )
        if held:
            position = rng.choice(list(Decision.FamilyPosition))
            decisions.append(
                Decision(
                    meeting=meeting,
                    decision="The family and school will meet every fortnight.",
                    family_position=position,
                    family_view="" if position == "agreed" else "Fortnightly is a lot with work.",
                    created_by=practitioner,
                )
            )
    MeetingParticipant.objects.bulk_create(participants)
    Decision.objects.bulk_create(decisions)
    conversation_people: list[ConversationParticipant] = []
    for conversation in conversations:
        conversation.questions.set(short_form)
        for member in members_by_family[conversation.family_id][:3]:
            conversation_people.append(
                ConversationParticipant(conversation=conversation, member=member)
            )
    ConversationParticipant.objects.bulk_create(conversation_people)
    answers = [
        ConversationAnswer(participant=p, question=q, answer=rng.choice(ANSWERS))
        for p in conversation_people
        for q in short_form
    ]
    ConversationAnswer.objects.bulk_create(answers)
    return {
        "practice meetings": len(meetings),
        "practice meeting participants": len(participants),
        "practice conversations": len(conversations),
        **_seed_plans(practitioner, scale=scale),
    }


PLAN_FAMILIES = {"small": 2}


def _seed_plans(practitioner: Staff, *, scale: str) -> dict[str, int]:
    """A plan for a couple of the practitioner's families: two goals (one scaled), three
    actions (the family's, the practitioner's, the school's, one of them overdue) and one
    review. Nothing is added when the practitioner's families already have plans, so
    seeding twice adds nothing."""
    if Plan.objects.filter(family__allocated_worker=practitioner).exists():
        return {"practice plans": 0, "practice plan actions": 0}
    families = list(
        Family.objects.filter(allocated_worker=practitioner, plans__isnull=True)
        .prefetch_related("members")
        .order_by("name", "pk")[: PLAN_FAMILIES.get(scale, PLAN_FAMILIES["small"])]
    )
    today = datetime.date.today()
    started = today - datetime.timedelta(days=100)
    held = {
        m.family_id: m
        for m in Meeting.objects.filter(family__in=families, status=Meeting.Status.HELD).order_by(
            "held_on"
        )
    }
    plans = Plan.objects.bulk_create(
        Plan(
            family=family,
            meeting=held.get(family.pk),
            title="Calmer mornings and weekends",
            started_on=started,
            review_date=today + datetime.timedelta(days=20),
            created_by=practitioner,
        )
        for family in families
    )
    goals: list[Goal] = []
    actions: list[Action] = []
    for plan, family in zip(plans, families, strict=True):
        members = list(family.members.all())
        adult = next((m for m in members if m.kind == FamilyMember.Kind.ADULT), None)
        adult = adult or (members[0] if members else None)
        goals += [
            Goal(
                plan=plan,
                goal="We want to get to school on time without shouting.",
                whose="The family",
                baseline_level=-1,
                expected_level=0,
                level_minus_2="Late most days, mornings end in arguments",
                level_minus_1="Late two or three days a week",
                level_0="On time four days out of five",
                level_plus_1="On time every day",
                level_plus_2="On time every day and breakfast together",
            ),
            Goal(plan=plan, goal="I want to see my dad at weekends.", whose="The children"),
        ]
        owners = [
            {"owner_member": adult} if adult else {"owner_name": "Grandma Pat"},
            {"owner_staff": practitioner},
            {"owner_name": "Ms Okafor", "owner_agency": "Hilltop Primary School"},
        ]
        for (what, due, status), owner in zip(
            [
                ("Lay out uniforms and bags the night before", -60, Action.Status.DONE),
                ("Ask the family centre about weekend contact", -10, Action.Status.IN_PROGRESS),
                ("Offer a breakfast club place", -20, Action.Status.NOT_STARTED),
            ],
            owners,
            strict=True,
        ):
            actions.append(
                Action(
                    plan=plan,
                    what=what,
                    due_date=started + datetime.timedelta(days=100 + due),
                    status=status,
                    **owner,
                )
            )
    Goal.objects.bulk_create(goals)
    Action.objects.bulk_create(actions)
    reviews = PlanReview.objects.bulk_create(
        PlanReview(
            plan=plan,
            reviewed_on=started + datetime.timedelta(days=95),
            others_present="Ms Okafor, Hilltop Primary School",
            family_scaling=6,
            professional_scaling=5,
            holding=PlanReview.Holding.PARTLY,
            holding_words="Mornings are better; weekends are still hard.",
            created_by=practitioner,
        )
        for plan in plans
    )
    review_by_plan = {r.plan_id: r for r in reviews}
    ActionProgress.objects.bulk_create(
        ActionProgress(
            review=review_by_plan[a.plan_id],
            action=a,
            status=a.status,
            progress="Going well" if a.status == Action.Status.DONE else "",
        )
        for a in actions
    )
    through = PlanReview.members.through
    through.objects.bulk_create(
        through(planreview_id=review_by_plan[plan.pk].pk, familymember_id=m.pk)
        for plan, family in zip(plans, families, strict=True)
        for m in list(family.members.all())[:3]
    )
    return {"practice plans": len(plans), "practice plan actions": len(actions)}


def reset() -> None:
    """Delete all plans, conversations and meetings, so `seed_demo --reset` can delete families.

    Participants protect the family members they name (a record of someone's view must not
    vanish with a careless delete), so they go first. Question sets and timescale rules are
    the organisation's configuration, not demo data, and stay.
    """
    with transaction.atomic():
        ActionProgress.objects.all().delete()
        PlanReview.objects.all().delete()
        Action.objects.all().delete()
        Goal.objects.all().delete()
        Plan.objects.all().delete()
        Decision.objects.all().delete()
        MeetingParticipant.objects.all().delete()
        Meeting.objects.all().delete()
        ConversationAnswer.objects.all().delete()
        ConversationParticipant.objects.all().delete()
        RestorativeConversation.objects.all().delete()
