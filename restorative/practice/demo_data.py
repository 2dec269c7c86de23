"""Demo restorative practice: a hand-made showcase, and at scale "large" a million rows more.

Every scale starts with the showcase for the demo practitioner's families: conversations,
meetings of every §6.3 type (some held with views and decisions, some scheduled, some
overdue so "Meetings due" has something to show), plans with goals, actions and a review.

The "large" scale then gives every other family a generated history (`seed_bulk`): 400,000
meetings and 600,000 plan actions (the issue's 1,000,000 in total), with participants and
their views, decisions, plans, goals, reviews and conversations in realistic proportion,
dated over the family's time with us and relative to today (some overdue, some due soon).
Rows are streamed with PostgreSQL COPY (bulk_create in batches elsewhere) with ids assigned
here, so a million rows take a minute, not an hour. Deterministic: fixed random seeds.
Idempotent: families that already have meetings are skipped.
See docs/decisions/0004-demo-data.md.
"""

from __future__ import annotations

import datetime
import functools
import itertools
import random
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import connection, transaction
from django.db.models import Case, IntegerField, Max, Value, When
from django.utils import timezone

from restorative.core.demo_reset import refresh_statistics
from restorative.core.working_days import add_working_days
from restorative.people.demo_data import SEARCHABLE_FAMILY_NAME
from restorative.people.models import Family, FamilyMember, Staff

from . import permissions as practice_permissions
from .models import (
    CIRCLES,
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
    Trigger,
)

DEMO_PRACTITIONER = "practitioner@demo.restorative.test"
DEMO_PARTNER = "partner@demo.restorative.test"

# --- Words people said, by who is speaking --------------------------------------------------
# A quote must fit its speaker: a grandmother does not say "my little brother", a child does
# not say "the children". Every view and answer is chosen from its speaker's voice.

CHILD, PARENT, GRANDPARENT, CARER, RELATIVE = "child", "parent", "grandparent", "carer", "relative"
_VOICE_BY_RELATIONSHIP = {
    FamilyMember.Relationship.CHILD: CHILD,
    FamilyMember.Relationship.MOTHER: PARENT,
    FamilyMember.Relationship.FATHER: PARENT,
    FamilyMember.Relationship.STEP_PARENT: PARENT,
    FamilyMember.Relationship.GRANDPARENT: GRANDPARENT,
    FamilyMember.Relationship.KINSHIP_CARER: CARER,
    FamilyMember.Relationship.FOSTER_CARER: CARER,
}

VIEWS: dict[str, list[str]] = {
    CHILD: [
        "I want things to be calmer at home.",
        "I don't like it when the shouting wakes me up.",
        "I like it when we all have tea together.",
    ],
    PARENT: [
        "We are trying, but we need help with the mornings.",
        "I want the children to feel safe and listened to.",
        "Things are better than they were, and I want to keep it that way.",
    ],
    GRANDPARENT: [
        "I can do the school run on weekdays to help.",
        "I worry about the grandchildren when things get loud.",
    ],
    CARER: [
        "The children are settled with us; visits are the hard part.",
        "We need to know what to do when a visit goes badly.",
    ],
    RELATIVE: [
        "I want to help, and I can have the children after school.",
        "I am worried about what happens at weekends.",
    ],
}

# One answer per question of the policy's short form (What happened? / Who has been
# affected, and how? / What needs to happen next?), in each voice.
ANSWERS: dict[str, list[list[str]]] = {
    CHILD: [
        ["There was a big argument and the police came.", "The grown-ups were shouting again."],
        ["Me. I couldn't sleep and I was tired at school.", "Everyone in the house was upset."],
        ["The grown-ups should talk before it gets loud.", "I want someone to ask me too."],
    ],
    PARENT: [
        ["We had a big argument and the police came.", "Things got loud after a long week."],
        ["The children heard it all, and they were scared.", "The kids, and me. I felt ashamed."],
        ["We need to talk to each other before it gets loud.", "Help with the mornings."],
    ],
    GRANDPARENT: [
        ["I got a call late at night after an argument at home.", "There was trouble at home."],
        ["The grandchildren, most of all. They were frightened.", "All of us. I was worried."],
        ["I can have the children after school so things are calmer.", "More help for them."],
    ],
    CARER: [
        ["The visit ended early and there were tears.", "A hard visit, then a bad night."],
        ["The children, and their mum too.", "Everyone in our house felt it."],
        ["Shorter visits, with a plan for when it gets hard.", "Talk with the social worker."],
    ],
    RELATIVE: [
        ["There was an argument at home and the police were called.", "It got out of hand."],
        ["The children, most of all.", "The whole family."],
        ["Everyone talking before it gets loud.", "A plan we all agree to."],
    ],
}


def voice_of(relationship: str) -> str:
    """Which set of words fits someone with this relationship to the child."""
    return _VOICE_BY_RELATIONSHIP.get(relationship, RELATIVE)  # type: ignore[call-overload]


def _answer(rng: random.Random, relationship: str, position: int) -> str:
    answers = ANSWERS[voice_of(relationship)]
    return rng.choice(answers[min(position, len(answers) - 1)])


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _on_a_weekday(day: datetime.date, *, latest: datetime.date | None = None) -> datetime.date:
    """Meetings happen Monday to Friday: a Saturday or Sunday moves to the Monday after, or to
    the Friday before when the Monday would be after `latest` (a held meeting stays past)."""
    if day.weekday() < 5:
        return day
    monday = day + datetime.timedelta(days=7 - day.weekday())
    if latest is None or monday <= latest:
        return monday
    return day - datetime.timedelta(days=day.weekday() - 4)


def _searchable_first() -> Case:
    """Order the family every demo starts from (README: "try searching Okafor") first, so
    the first family a visitor opens has conversations, meetings and a plan to look at."""
    return Case(
        When(name=SEARCHABLE_FAMILY_NAME, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )


@transaction.atomic
def seed(*, scale: str) -> dict[str, int]:
    """The showcase for the demo practitioner's families; at "large", every family's history."""
    counts = _seed_showcase(scale=scale)
    bulk = BULK_SCALES.get(scale)
    if bulk is not None:
        for label, number in seed_bulk(bulk).items():
            counts[label] = counts.get(label, 0) + number
    return counts


# --- The showcase: one story per family -------------------------------------------------------


@dataclass(frozen=True)
class _Story:
    """What happened with one showcase family: a meeting held, what comes next, and a plan.

    `held_days_ago` is when the meeting was held. `next_in_days` is when the next meeting is
    arranged (a positive number), or None when it is still to be arranged; `next_due_in_days`
    is its due date (negative: overdue). A plan, when there is one, starts on the day of
    the held meeting that made it.
    """

    held: MeetingType
    held_days_ago: int
    next_type: MeetingType
    next_in_days: int | None
    next_due_in_days: int | None
    what_happened: str
    next_steps: str
    plan: str = ""
    teenager: bool = False  # the story is about a young person aged 10 to 17


_STORIES = (
    # The Okafor family: a child protection conference five weeks ago made the plan; the core
    # group that should have met within ten working days of it is still to be arranged
    # (the one overdue meeting), and the review conference is booked for its due date.
    _Story(
        MeetingType.INITIAL_CONFERENCE,
        35,
        MeetingType.CORE_GROUP,
        None,
        None,  # worked out from the conference: 10 working days after it
        "Police were called to an argument at home; school raised worries the next day.",
        "A core group within ten working days to put the plan to work.",
        plan="Calmer mornings and weekends",
    ),
    _Story(
        MeetingType.FAMILY_GROUP_CONFERENCE,
        28,
        MeetingType.FGC_REVIEW,
        15,
        None,
        "Mum asked for help with the children's behaviour at bedtime.",
        "The family's own plan, checked at the conference's review in a few weeks.",
        plan="Staying safe together",
    ),
    _Story(
        MeetingType.MULTI_AGENCY_PLANNING,
        42,
        MeetingType.FAMILY_GROUP_CONFERENCE,
        6,
        None,
        "School and the health visitor shared worries about the baby's weight.",
        "A family group conference so the family can make a plan together.",
    ),
    # A referral order at the youth court: the panel must meet within 20 working days.
    _Story(
        MeetingType.RESTORATIVE_CIRCLE,
        21,
        MeetingType.YOUTH_JUSTICE_PANEL,
        None,
        None,  # worked out from the referral order
        "An argument at home ended with a broken window and a charge of criminal damage.",
        "The youth offending panel, now the court has made a referral order.",
        teenager=True,
    ),
    # Children in care with their aunt: the placement stability meeting is followed by their
    # looked-after review, chaired by their independent reviewing officer.
    _Story(
        MeetingType.PLACEMENT_STABILITY,
        49,
        MeetingType.LOOKED_AFTER_REVIEW,
        18,
        25,
        "The children have lived with their aunt since the spring; weekends there are now hard.",
        "Their looked-after review, with their reviewing officer, checks the home is holding.",
    ),
    _Story(
        MeetingType.COMMUNITY_CIRCLE,
        14,
        MeetingType.RESTORATIVE_CIRCLE,
        12,
        None,
        "Trouble with neighbours at weekends; the police were called twice.",
        "A family circle so everyone can say what would help at weekends.",
    ),
)
FAMILIES = {"small": len(_STORIES)}
SHOWCASE_PROFESSIONAL = ("Jo Barker", "Designated safeguarding lead, Hilltop Primary School")
_OPEN_FOR_AT_LEAST = datetime.timedelta(days=120)


def _age(member: FamilyMember, today: datetime.date) -> int | None:
    if member.date_of_birth is None:
        return None
    born = member.date_of_birth
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _cast(families: list[Family], today: datetime.date) -> list[tuple[Family, _Story]]:
    """Give each family a story that fits it, in order: one about a young person goes to the
    first family left with a child aged 10 to 17 (or to none, when no family has one)."""
    left = list(families)
    cast: list[tuple[Family, _Story]] = []
    for story in _STORIES:
        fits = [
            f
            for f in left
            if not story.teenager
            or any(
                m.kind == FamilyMember.Kind.CHILD and 10 <= (_age(m, today) or 0) <= 17
                for m in f.members.all()
            )
        ]
        if fits:
            cast.append((fits[0], story))
            left.remove(fits[0])
    return cast


def _showcase_chair(meeting_type: str, family: Family, manager: Staff | None) -> Staff | None:
    """Who chairs a showcase meeting, by the independence rule (issue 10, point 1): a
    conference or looked-after review an independent chair or reviewing officer from outside
    the family's service; a family group conference an in-house coordinator (never the
    family's worker or their manager); anything else the team manager."""
    if meeting_type in practice_permissions.IRO_MEETING_TYPES:
        chairs = Staff.objects.filter(
            is_active=True, role=Staff.Role.CONFERENCE_CHAIR, team__isnull=False
        ).exclude(team__service_id=family.team.service_id)
        if meeting_type == practice_permissions.LOOKED_AFTER_REVIEW_TYPE:
            chairs = chairs.filter(job_title__icontains="reviewing officer") or chairs
        return chairs.order_by("last_name", "pk").first()
    if meeting_type == practice_permissions.FGC_MEETING_TYPE:
        return (
            Staff.objects.filter(is_active=True, role=Staff.Role.FGC_COORDINATOR)
            .exclude(pk__in=[family.allocated_worker_id or 0])
            .order_by("last_name", "pk")
            .first()
        )
    return manager


def _seed_showcase(*, scale: str) -> dict[str, int]:
    """Add each showcase family's story: a held meeting with views and a decision, the next
    meeting (arranged, due soon or overdue), a conversation, and for two of them a plan.

    Only open families that have been with us long enough for the story's dates: a closed
    family has nothing due, and nothing happens before a family's case was opened.
    """
    practitioner = Staff.objects.filter(email=DEMO_PRACTITIONER).first()
    if practitioner is None:
        return {}
    partner = Staff.objects.filter(email=DEMO_PARTNER).first()
    manager = Staff.objects.filter(
        team=practitioner.team, role=Staff.Role.TEAM_MANAGER, team__isnull=False
    ).first()
    rng = random.Random(8)  # noqa: S311 - demo data, not security
    today = datetime.date.today()
    families = list(
        Family.objects.filter(
            allocated_worker=practitioner,
            status=Family.Status.OPEN,
            opened_on__lte=today - _OPEN_FOR_AT_LEAST,
            meetings__isnull=True,
        )
        .prefetch_related("members")
        .order_by(_searchable_first(), "name", "pk")[: FAMILIES.get(scale, FAMILIES["small"])]
    )
    short_form = list(
        Question.objects.filter(question_set__code="policy-short-form").order_by("order")
    )
    stories = _cast(families, today)
    held_meetings: list[Meeting] = []
    meetings: list[Meeting] = []
    conversations: list[RestorativeConversation] = []
    for family, story in stories:
        day = _on_a_weekday(today - datetime.timedelta(days=story.held_days_ago), latest=today)
        held = Meeting(
            family=family,
            meeting_type=story.held,
            status=Meeting.Status.HELD,
            scheduled_at=_at(day, 10),
            held_on=day,
            venue=Meeting.Venue.IN_PERSON,
            place="Civic Centre",
            chair=_showcase_chair(story.held, family, manager),
            what_happened=story.what_happened,
            working_well="The children are attending school every day.",
            worries="Arguments late at night when the children are awake.",
            next_steps=story.next_steps,
            experience="with",
            experience_given_by="family",
            # The showcase's circles are about conflict (an argument, trouble with neighbours).
            about_conflict=story.held in CIRCLES,
            created_by=practitioner,
        )
        if story.held == MeetingType.INITIAL_CONFERENCE:
            held.trigger = Trigger.STRATEGY_DISCUSSION
            held.trigger_date = day - datetime.timedelta(days=14)
            held.due_date = add_working_days(held.trigger_date, 15)
        held_meetings.append(held)
        meetings.append(held)

        following = Meeting(
            family=family,
            meeting_type=story.next_type,
            status=Meeting.Status.TO_ARRANGE,
            about_conflict=story.next_type in CIRCLES,
            created_by=practitioner,
        )
        if (
            story.next_type == MeetingType.CORE_GROUP
            and story.held == MeetingType.INITIAL_CONFERENCE
        ):
            following.trigger = Trigger.INITIAL_CONFERENCE
            following.trigger_date = day
            following.due_date = add_working_days(day, 10)
        elif story.next_type == MeetingType.YOUTH_JUSTICE_PANEL:
            following.trigger = Trigger.REFERRAL_ORDER
            following.trigger_date = today - datetime.timedelta(days=20)
            following.due_date = add_working_days(following.trigger_date, 20)
        elif story.next_due_in_days is not None:
            following.due_date = today + datetime.timedelta(days=story.next_due_in_days)
        if story.next_in_days is not None:
            when = _on_a_weekday(today + datetime.timedelta(days=story.next_in_days))
            following.status = Meeting.Status.SCHEDULED
            following.scheduled_at = _at(when, 14)
            following.venue = Meeting.Venue.IN_PERSON
            following.place = "Family Hub, Church Street"
            following.chair = _showcase_chair(story.next_type, family, manager)
        meetings.append(following)
        if story.held == MeetingType.INITIAL_CONFERENCE:
            # The review conference: within three months of the initial one, booked for then.
            review_due = day + relativedelta(months=3)
            review_day = _on_a_weekday(review_due - datetime.timedelta(days=3))
            meetings.append(
                Meeting(
                    family=family,
                    meeting_type=MeetingType.REVIEW_CONFERENCE,
                    status=Meeting.Status.SCHEDULED,
                    scheduled_at=_at(review_day, 10),
                    venue=Meeting.Venue.IN_PERSON,
                    place="Civic Centre",
                    chair=_showcase_chair(MeetingType.REVIEW_CONFERENCE, family, manager),
                    trigger=Trigger.INITIAL_CONFERENCE,
                    trigger_date=day,
                    due_date=review_due,
                    created_by=practitioner,
                )
            )
        conversations.append(
            RestorativeConversation(
                family=family,
                held_on=day + datetime.timedelta(days=rng.randint(2, 7)),
                setting=RestorativeConversation.Setting.HOME_VISIT,
                practitioner=practitioner,
                agreed_next="Meet again next week with everyone who lives at home.",
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
        was_held = meeting.status == Meeting.Status.HELD
        for member in members_by_family[meeting.family_id]:
            child = member.kind == FamilyMember.Kind.CHILD
            age = _age(member, today)
            too_young = child and age is not None and age < 5
            person = MeetingParticipant(
                meeting=meeting,
                member=member,
                kind=MeetingParticipant.Kind.CHILD
                if child
                else MeetingParticipant.Kind.FAMILY_MEMBER,
                attendance="attended" if was_held and not too_young else "not_known",
            )
            if was_held and too_young:
                person.view_given_by = "not_given"
                person.view_not_given_reason = "Too young to give a view"
            elif was_held:
                person.view_given_by = "advocate" if child else "in_person"
                person.view = rng.choice(VIEWS[voice_of(member.relationship)])
            participants.append(person)
        name, role = SHOWCASE_PROFESSIONAL
        participants.append(
            MeetingParticipant(
                meeting=meeting,
                name=name,
                role=role,
                kind=MeetingParticipant.Kind.PROFESSIONAL,
                attendance="attended" if was_held else "not_known",
                view_given_by="in_person" if was_held else "",
                view="Attendance is good; we will keep checking in every week." if was_held else "",
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
                    attendance="attended" if was_held else "not_known",
                    view_given_by="writing" if was_held else "",
                    view="No calls to the house since the last meeting; we will keep in touch."
                    if was_held
                    else "",
                )
            )
        if was_held and meeting.meeting_type == MeetingType.COMMUNITY_CIRCLE:
            # The neighbour the weekend trouble affected, who chose to come (issue 10, point 7).
            participants.append(
                MeetingParticipant(
                    meeting=meeting,
                    name="Mr Haddad (next-door neighbour)",
                    kind=MeetingParticipant.Kind.PERSON_HARMED,
                    attendance="attended",
                    consent_to_take_part=True,
                    chose_to_meet=True,
                    view_given_by="in_person",
                    view="I want the shouting at weekends to stop, and to be able to say hello "
                    "again.",
                )
            )
        if was_held:
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
    # Each neighbour harmed came with their daughter for support (issue 10, point 7): the
    # supporter is linked to the person they support, so they exist only once it is saved.
    supporters = [
        MeetingParticipant(
            meeting=person.meeting,
            name="Ms Haddad (his daughter)",
            kind=MeetingParticipant.Kind.HARMED_SUPPORTER,
            supports=person,
            attendance="attended",
            consent_to_take_part=True,
            chose_to_meet=True,
        )
        for person in participants
        if person.kind == MeetingParticipant.Kind.PERSON_HARMED
    ]
    MeetingParticipant.objects.bulk_create(supporters)
    participants.extend(supporters)
    Decision.objects.bulk_create(decisions)
    conversation_people: list[ConversationParticipant] = []
    for conversation in conversations:
        conversation.questions.set(short_form)
        talkers = [
            m for m in members_by_family[conversation.family_id] if (_age(m, today) or 18) >= 8
        ]
        for member in talkers[:3]:
            conversation_people.append(
                ConversationParticipant(conversation=conversation, member=member)
            )
    ConversationParticipant.objects.bulk_create(conversation_people)
    answers = [
        ConversationAnswer(
            participant=p, question=q, answer=_answer(rng, p.member.relationship, position)
        )
        for p in conversation_people
        for position, q in enumerate(short_form)
        if p.member is not None
    ]
    ConversationAnswer.objects.bulk_create(answers)
    plan_counts = _seed_plans(
        practitioner,
        [
            (family, story, held)
            for (family, story), held in zip(stories, held_meetings, strict=True)
            if story.plan
        ],
        members_by_family,
        today=today,
    )
    return {
        "practice meetings": len(meetings),
        "practice meeting participants": len(participants),
        "practice conversations": len(conversations),
        **plan_counts,
    }


def _names(members: list[FamilyMember]) -> str:
    names = [m.preferred_name or m.first_name for m in members]
    return " and ".join(names) if len(names) <= 2 else ", ".join(names[:-1]) + " and " + names[-1]


def _seed_plans(
    practitioner: Staff,
    chosen: list[tuple[Family, _Story, Meeting]],
    members_by_family: dict[int, list[FamilyMember]],
    *,
    today: datetime.date,
) -> dict[str, int]:
    """A plan made at a showcase family's held meeting: the grown-ups' goal (scaled) and the
    children's, in their own names; three actions (a parent's, the practitioner's, and the
    school's, who was at the meeting), one overdue; and a review a week ago."""
    plans: list[Plan] = []
    goals: list[Goal] = []
    actions: list[Action] = []
    for family, story, held in chosen:
        started = held.held_on
        assert started is not None
        plan = Plan(
            family=family,
            meeting=held,
            title=story.plan,
            started_on=started,
            review_date=_on_a_weekday(started + datetime.timedelta(days=42)),
            created_by=practitioner,
        )
        plans.append(plan)
        members = members_by_family[family.pk]
        parents = [m for m in members if voice_of(m.relationship) == PARENT]
        adults = parents or [m for m in members if m.kind == FamilyMember.Kind.ADULT]
        children = [
            m for m in members if m.kind == FamilyMember.Kind.CHILD and (_age(m, today) or 18) >= 5
        ]
        goals.append(
            Goal(
                plan=plan,
                goal="We want to get to school on time without shouting.",
                whose=_names(adults) if adults else "The family",
                baseline_level=-1,
                expected_level=0,
                level_minus_2="Late most days, mornings end in arguments",
                level_minus_1="Late two or three days a week",
                level_0="On time four days out of five",
                level_plus_1="On time every day",
                level_plus_2="On time every day and breakfast together",
            )
        )
        if children:
            goals.append(
                Goal(
                    plan=plan,
                    goal="We want home to feel calm in the evenings.",
                    whose=_names(children),
                )
            )
        name, agency = SHOWCASE_PROFESSIONAL
        owners: list[dict[str, Any]] = [
            {"owner_member": adults[0]} if adults else {"owner_staff": practitioner},
            {"owner_staff": practitioner},
            {"owner_name": name, "owner_agency": agency.split(", ", 1)[1]},
        ]
        for (what, due_after, status), owner in zip(
            [
                ("Lay out uniforms and bags the night before", 7, Action.Status.DONE),
                ("Ask the family centre about weekend activities", 21, Action.Status.IN_PROGRESS),
                ("Offer a breakfast club place", 45, Action.Status.NOT_STARTED),
            ],
            owners,
            strict=True,
        ):
            actions.append(
                Action(
                    plan=plan,
                    what=what,
                    due_date=started + datetime.timedelta(days=due_after),
                    status=status,
                    **owner,
                )
            )
    if not plans:
        return {"practice plans": 0, "practice plan actions": 0}
    Plan.objects.bulk_create(plans)
    Goal.objects.bulk_create(goals)
    Action.objects.bulk_create(actions)
    reviews = PlanReview.objects.bulk_create(
        PlanReview(
            plan=plan,
            reviewed_on=min(plan.started_on + datetime.timedelta(days=21), today),
            others_present=", ".join(SHOWCASE_PROFESSIONAL),
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
        if a.due_date <= review_by_plan[a.plan_id].reviewed_on
    )
    through = PlanReview.members.through
    through.objects.bulk_create(
        through(planreview_id=review_by_plan[plan.pk].pk, familymember_id=m.pk)
        for plan in plans
        for m in members_by_family[plan.family_id][:3]
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


# --- The large scale: a generated history for every family -----------------------------------


@dataclass(frozen=True)
class BulkScale:
    """How much generated practice to add across all families (beyond the showcase)."""

    meetings: int
    actions: int
    conversations: int
    seed: int = 2026


BULK_SCALES: dict[str, BulkScale] = {
    "large": BulkScale(meetings=400_000, actions=600_000, conversations=50_000),
}

# Which meetings a team holds, by the team code's letters (people.demo_data team templates).
_TYPES_BY_TEAM: dict[str, dict[str, int]] = {
    "CP": {
        MeetingType.INITIAL_CONFERENCE: 8,
        MeetingType.REVIEW_CONFERENCE: 12,
        MeetingType.CORE_GROUP: 40,
        MeetingType.FAMILY_GROUP_CONFERENCE: 10,
        MeetingType.MULTI_AGENCY_PLANNING: 8,
        MeetingType.RESTORATIVE_CIRCLE: 4,
    },
    "CIC": {
        MeetingType.PLACEMENT_STABILITY: 30,
        MeetingType.MULTI_AGENCY_PLANNING: 25,
        MeetingType.FAMILY_GROUP_CONFERENCE: 15,
        MeetingType.RESTORATIVE_CIRCLE: 10,
    },
    "YJS": {
        MeetingType.YOUTH_JUSTICE_PANEL: 40,
        MeetingType.RESTORATIVE_CIRCLE: 15,
        MeetingType.COMMUNITY_CIRCLE: 10,
        MeetingType.MULTI_AGENCY_PLANNING: 20,
        MeetingType.FAMILY_GROUP_CONFERENCE: 10,
    },
}
_TYPES_BY_TEAM["PERM"] = _TYPES_BY_TEAM["LC"] = _TYPES_BY_TEAM["CIC"]
_TYPES_BY_TEAM["ADS"] = _TYPES_BY_TEAM["EOC"] = {
    MeetingType.RESTORATIVE_CIRCLE: 15,
    MeetingType.COMMUNITY_CIRCLE: 10,
    MeetingType.FAMILY_GROUP_CONFERENCE: 25,
    MeetingType.MULTI_AGENCY_PLANNING: 30,
    MeetingType.YOUTH_JUSTICE_PANEL: 10,
    MeetingType.PLACEMENT_STABILITY: 10,
}
_TYPES_DEFAULT = {
    MeetingType.FAMILY_GROUP_CONFERENCE: 25,
    MeetingType.MULTI_AGENCY_PLANNING: 30,
    MeetingType.RESTORATIVE_CIRCLE: 12,
    MeetingType.COMMUNITY_CIRCLE: 3,
    MeetingType.CORE_GROUP: 10,
    MeetingType.INITIAL_CONFERENCE: 5,
    MeetingType.REVIEW_CONFERENCE: 5,
    MeetingType.PLACEMENT_STABILITY: 5,
    MeetingType.YOUTH_JUSTICE_PANEL: 5,
}
_TRIGGERED: dict[str, tuple[str, int]] = {
    # meeting type: (trigger, working days from the trigger to the due date)
    MeetingType.INITIAL_CONFERENCE: (Trigger.STRATEGY_DISCUSSION, 15),
    MeetingType.CORE_GROUP: (Trigger.INITIAL_CONFERENCE, 10),
    MeetingType.YOUTH_JUSTICE_PANEL: (Trigger.REFERRAL_ORDER, 20),
}
_PLACES = [
    "Civic Centre, meeting room 2",
    "Family Hub, Church Street",
    "The family's home",
    "Northmoor Youth Centre",
    "Hilltop Primary School",
    "Children's Centre, Mill Lane",
]
_CHAIR_NAMES = ["Ruth Adeyemi (independent chair)"]
_CANCELLED_BECAUSE = [
    "The family asked to move it: Mum starts a new job that week.",
    "The child was unwell and wanted to be there.",
    "The school could not attend; rearranged so everyone can come.",
]
_WHAT_HAPPENED = [
    "School raised worries about bruising and the children being late most days.",
    "Police were called to an argument at home late at night.",
    "The placement has been under strain since the summer holidays.",
    "A referral order was made at the youth court for criminal damage.",
    "Mum asked for help with the children's behaviour at bedtime.",
]
_WORKING_WELL = [
    "Grandma collects the children from school every day.",
    "The children are attending school and enjoy football club.",
    "Dad has kept every contact visit this month.",
    "The young person has started at college and likes it.",
]
_WORRIES = [
    "Arguments late at night when the children are awake.",
    "Money is very tight and the flat is damp.",
    "Missing episodes at weekends.",
    "Mum's mental health has been low since the baby was born.",
]
_NEXT = [
    "A family group conference so the family can make a plan together.",
    "The health visitor will visit weekly for the next month.",
    "Weekly check-ins with school and a referral to the family hub.",
    "Meet again in four weeks to see how the plan is going.",
]
_DECISIONS = [
    "The children will stay with their grandparents during the week.",
    "The family will have a family group conference within four weeks.",
    "School will offer a breakfast club place.",
    "The child protection plan continues; review in six months.",
    "Contact with Dad moves to every Saturday at the family centre.",
]
_FAMILY_VIEWS_DISAGREE = [
    "We do not think this is needed; things are better now.",
    "Every Saturday is hard with work shifts.",
]
_ACTIONS = [
    ("Lay out uniforms and bags the night before", "family"),
    ("Go to the parenting group on Tuesdays", "family"),
    ("Call the housing officer about the damp", "family"),
    ("Keep a diary of good days and hard days", "family"),
    ("Arrange weekly contact at the family centre", "staff"),
    ("Refer to the family hub for money advice", "staff"),
    ("Visit every two weeks and check the plan is working", "staff"),
    ("Offer a breakfast club place", "professional"),
    ("Book a health check for the baby", "professional"),
    ("Share attendance figures with the family every month", "professional"),
]
_PROFESSIONALS = [
    ("Jo Brennan", "Health visitor"),
    ("Sam Patel", "Designated safeguarding lead"),
    ("Kemi Adebayo", "School nurse"),
    ("Chris Walsh", "Police safeguarding officer"),
    ("Amira Hassan", "Family support worker"),
]
_GOALS = [
    "We want to get to school on time without shouting.",
    "I want to see my dad at weekends.",
    "We want the house to feel calm in the evenings.",
    "I want to stay at this school and keep my friends.",
    "We want to sort out the money worries.",
]
_FAMILY_POSITIONS = ("agreed",) * 7 + ("reservations",) * 2 + ("disagreed",)
_SETTLED_STATES = ("done",) * 17 + ("not_done",) * 3
_RECENT_STATES = ("done",) * 5 + ("in_progress",) * 2 + ("not_started", "not_done", "not_done")
_HOLDING = ("yes",) * 5 + ("partly",) * 3 + ("no",)
_NOT_GIVEN_REASONS = ["Too young to give a view", "Did not want to share a view this time"]


_UUID_V4_CLEAR = ~((0xC000 << 48) | (0xF000 << 64)) & ((1 << 128) - 1)
_UUID_V4_SET = (0x8000 << 48) | (4 << 76)


def _rng_uuid(rng: random.Random) -> str:
    """A version-4 UUID from `rng` (deterministic), as 32 hex digits: both PostgreSQL and
    Django read that form, and making millions of uuid.UUID objects took a tenth of the time."""
    return f"{rng.getrandbits(128) & _UUID_V4_CLEAR | _UUID_V4_SET:032x}"


class _Rows:
    """Streams rows of one table: ids assigned here, COPY on PostgreSQL, bulk_create elsewhere.

    A row starts from every field's default (so a field added later needs no change here) and
    takes the values given. Ids continue after the table's highest; the sequence is moved on
    at the end.
    """

    def __init__(self, model: Any, rng: random.Random, now: datetime.datetime) -> None:
        self.model = model
        self.rng = rng
        self.fields = list(model._meta.concrete_fields)
        self.index = {f.attname: i for i, f in enumerate(self.fields)}
        self.base: list[Any] = [None if f.primary_key else f.get_default() for f in self.fields]
        for name in ("created_at", "updated_at"):
            if name in self.index:
                self.base[self.index[name]] = now
        self.uuid_at = self.index.get("uuid")
        self.pk_at = self.index[model._meta.pk.attname]
        top = model.objects.aggregate(top=Max("pk"))["top"]
        self.next_id = (top or 0) + 1
        self.rows: list[list[Any]] = []
        self.count = 0
        self.postgres = connection.vendor == "postgresql"

    def add(self, **values: Any) -> int:
        row = self.base.copy()
        pk = self.next_id
        self.next_id += 1
        row[self.pk_at] = pk
        if self.uuid_at is not None:
            row[self.uuid_at] = _rng_uuid(self.rng)
        index = self.index
        for name, value in values.items():
            row[index[name]] = value
        self.rows.append(row)
        if len(self.rows) >= 20_000:
            self.flush()
        return pk

    def flush(self) -> None:
        if not self.rows:
            return
        self.count += len(self.rows)
        if self.postgres:
            table = connection.ops.quote_name(self.model._meta.db_table)
            columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
            with connection.cursor() as cursor:
                raw = cursor.cursor  # the psycopg cursor under Django's wrapper
                with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in self.rows:
                        copy.write_row(row)
        else:
            names = [f.attname for f in self.fields]
            self.model.objects.bulk_create(
                [self.model(**dict(zip(names, row, strict=True))) for row in self.rows],
                batch_size=500,
            )
        self.rows.clear()

    def finish(self) -> int:
        self.flush()
        if self.postgres and self.count:
            table = self.model._meta.db_table
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, self.next_id - 1]
                )
            refresh_statistics(self.model)
        return self.count


def _allocate(total: int, weights: list[float]) -> list[int]:
    """Split `total` into whole numbers in proportion to `weights`, summing exactly to it."""
    whole = sum(weights)
    if not weights or whole <= 0:
        return [0] * len(weights)
    shares = [total * w / whole for w in weights]
    counts = [int(s) for s in shares]
    left = total - sum(counts)
    by_remainder = sorted(range(len(shares)), key=lambda i: counts[i] - shares[i])
    for i in by_remainder[:left]:
        counts[i] += 1
    return counts


def _team_letters(code: str) -> str:
    return code.rstrip("0123456789").split("-")[0]


def _load_then_index(models: list[Any]) -> list[str]:
    """On PostgreSQL, drop the tables' foreign keys, unique constraints and secondary indexes
    before a bulk load, and return the statements that put them back afterwards.

    Checking four foreign keys and updating nine indexes row by row made the participants
    table alone take minutes; building each index once from the loaded rows, and checking
    each foreign key once as a join, is many times faster. Everything happens in the caller's
    transaction (PostgreSQL DDL is transactional): if the load fails, nothing has changed.
    Elsewhere (SQLite) nothing is dropped and the list is empty.
    """
    if connection.vendor != "postgresql":
        return []
    quote = connection.ops.quote_name
    restore: list[str] = []
    with connection.cursor() as cursor:
        # Rows written earlier in this transaction have deferred foreign-key checks queued;
        # a table with queued checks cannot be altered, so run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype IN ('f', 'u') ORDER BY conname",
                [table],
            )
            for name, definition in cursor.fetchall():
                cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
                restore.append(
                    f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}"
                )
            cursor.execute(
                "SELECT c.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x "
                "JOIN pg_class c ON c.oid = x.indexrelid "
                "WHERE x.indrelid = %s::regclass AND NOT x.indisprimary "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid "
                "AND k.conrelid = x.indrelid) ORDER BY c.relname",
                [table],
            )
            for name, definition in cursor.fetchall():
                cursor.execute(f"DROP INDEX {quote(name)}")
                restore.insert(0, definition)  # indexes first, then constraints
    return restore


@transaction.atomic
def seed_bulk(bulk: BulkScale, *, today: datetime.date | None = None) -> dict[str, int]:
    """Give every family without meetings a generated history of practice (see the module doc).

    Exactly `bulk.meetings` meetings and `bulk.actions` plan actions, shared out by a skewed
    weight per family (a few families have dozens of meetings, most a handful). Closed
    families' work is all in the past; open families have their next meetings scheduled or
    still to arrange, some of them overdue.
    """
    from restorative.people.models import PartnerAgency, Team

    rng = random.Random(bulk.seed)  # noqa: S311 - demo data, not security
    today = today or datetime.date.today()
    now = timezone.now()
    families = list(
        Family.objects.exclude(pk__in=Meeting.objects.values("family_id"))
        .order_by("pk")
        .values_list("pk", "team_id", "allocated_worker_id", "status", "opened_on", "closed_on")
    )
    if not families:
        return {}
    family_ids = {f[0] for f in families}
    members: dict[int, list[tuple[int, str]]] = {}
    relationship_of: dict[int, str] = {}
    for member_id, family_id, kind, relationship in FamilyMember.objects.order_by("pk").values_list(
        "pk", "family_id", "kind", "relationship"
    ):
        if family_id in family_ids:
            members.setdefault(family_id, []).append((member_id, kind))
            relationship_of[member_id] = relationship
    team_letters = {pk: _team_letters(code) for pk, code in Team.objects.values_list("pk", "code")}
    managers: dict[int, list[int]] = {}
    workers: dict[int, list[int]] = {}
    for pk, team_id, role in Staff.objects.filter(team__isnull=False, is_active=True).values_list(
        "pk", "team_id", "role"
    ):
        if role == Staff.Role.TEAM_MANAGER:
            managers.setdefault(team_id, []).append(pk)
        elif role in (Staff.Role.PRACTITIONER, Staff.Role.ASYE):
            workers.setdefault(team_id, []).append(pk)
    anyone = Staff.objects.order_by("pk").values_list("pk", flat=True).first() or 0
    partners = list(
        Staff.objects.filter(role=Staff.Role.PARTNER, is_active=True)
        .order_by("pk")
        .values_list("pk", "partner_agency_id", "job_title")
    )
    agencies = list(PartnerAgency.objects.order_by("pk").values_list("pk", "name"))
    short_form = list(
        Question.objects.filter(question_set__code="policy-short-form")
        .order_by("order")
        .values_list("pk", flat=True)
    )
    working_days = functools.lru_cache(maxsize=None)(add_working_days)

    def at(day: datetime.date, hour: int) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=datetime.UTC)

    weights = [min(rng.lognormvariate(0, 0.8), 6.0) for _ in families]
    meeting_counts = _allocate(bulk.meetings, weights)
    action_counts = _allocate(bulk.actions, [w * rng.uniform(0.5, 1.5) for w in weights])
    conversation_counts = _allocate(bulk.conversations, [rng.random() for _ in families])

    restore = _load_then_index(
        [
            Meeting,
            MeetingParticipant,
            Decision,
            Plan,
            Goal,
            Action,
            PlanReview,
            PlanReview.members.through,
            ActionProgress,
            RestorativeConversation,
            RestorativeConversation.questions.through,
            ConversationParticipant,
            ConversationAnswer,
        ]
    )
    meetings = _Rows(Meeting, rng, now)
    people = _Rows(MeetingParticipant, rng, now)
    decisions = _Rows(Decision, rng, now)
    plans = _Rows(Plan, rng, now)
    goals = _Rows(Goal, rng, now)
    actions = _Rows(Action, rng, now)
    reviews = _Rows(PlanReview, rng, now)
    reviewed_by = _Rows(PlanReview.members.through, rng, now)
    progress = _Rows(ActionProgress, rng, now)
    conversations = _Rows(RestorativeConversation, rng, now)
    conversation_questions = _Rows(RestorativeConversation.questions.through, rng, now)
    talkers = _Rows(ConversationParticipant, rng, now)
    answers = _Rows(ConversationAnswer, rng, now)
    plan_fields = {f.name for f in Plan._meta.concrete_fields}

    for number, (family_id, team_id, worker_id, status, opened_on, closed_on) in enumerate(
        families
    ):
        is_open = status == Family.Status.OPEN
        start = opened_on or today - datetime.timedelta(days=365)
        end = closed_on if (closed_on and not is_open) else today
        if end <= start:
            start = end - datetime.timedelta(days=30)
        span = (end - start).days
        family_members = members.get(family_id, [])
        team_workers = workers.get(team_id) or []
        team_managers: list[int] = managers.get(team_id) or []
        author = worker_id or (team_workers or team_managers or [anyone])[0]
        manager = team_managers[0] if team_managers else None
        type_weights = _TYPES_BY_TEAM.get(team_letters.get(team_id, ""), _TYPES_DEFAULT)
        types = list(type_weights)
        type_cum = list(itertools.accumulate(type_weights.values()))

        # Meetings: the last one or two of an open family are still to come.
        count = meeting_counts[number]
        open_count = min(count, rng.choice((0, 1, 1, 1, 2))) if is_open else 0
        held_days = sorted(rng.randint(0, span) for _ in range(count - open_count))
        held_meetings: list[tuple[int, datetime.date, str]] = []
        for position in range(count):
            kind = rng.choices(types, cum_weights=type_cum)[0]
            if position == 0 and MeetingType.INITIAL_CONFERENCE in type_weights:
                kind = MeetingType.INITIAL_CONFERENCE
            values: dict[str, Any] = {
                "family_id": family_id,
                "meeting_type": kind,
                "created_by_id": author,
                "chair_id": manager,
            }
            if kind in (MeetingType.INITIAL_CONFERENCE, MeetingType.REVIEW_CONFERENCE):
                values["chair_id"], values["chair_name"] = None, _CHAIR_NAMES[0]
            # Family group conferences and circles keep the team manager, who has current
            # advanced training in the workforce demo data (only such staff may lead them).
            held = position < count - open_count
            if held:
                day = _on_a_weekday(
                    start + datetime.timedelta(days=held_days[position]), latest=today
                )
                cancelled = rng.random() < 0.04
                values.update(
                    status=Meeting.Status.CANCELLED if cancelled else Meeting.Status.HELD,
                    cancelled_reason=rng.choice(_CANCELLED_BECAUSE) if cancelled else "",
                    cancelled_at=at(day, 8) if cancelled else None,
                    scheduled_at=at(day, rng.choice((9, 10, 13, 14))),
                    held_on=None if cancelled else day,
                    venue=rng.choice(("in_person", "in_person", "online", "hybrid")),
                    place=rng.choice(_PLACES),
                )
                if not cancelled:
                    values.update(
                        what_happened=rng.choice(_WHAT_HAPPENED),
                        who_affected="The children, who hear the arguments, and Mum.",
                        working_well=rng.choice(_WORKING_WELL),
                        worries=rng.choice(_WORRIES),
                        next_steps=rng.choice(_NEXT),
                    )
                    if rng.random() < 0.6:
                        values["experience"] = rng.choice(("with", "with", "with", "for", "to"))
                        values["experience_given_by"] = rng.choice(("family", "chair"))
                    if kind == MeetingType.FAMILY_GROUP_CONFERENCE:
                        values.update(
                            information_giving="The coordinator shared the worries.",
                            private_family_time_held=True,
                            private_family_time_minutes=60,
                            family_plan="Grandma will do the school run; Dad has Saturdays.",
                            plan_agreed=True,
                        )
                if kind in _TRIGGERED:
                    trigger, days = _TRIGGERED[kind]
                    trigger_date = day - datetime.timedelta(days=rng.randint(14, 30))
                    values.update(
                        trigger=trigger,
                        trigger_date=trigger_date,
                        due_date=working_days(trigger_date, days),
                    )
            else:
                # Still to come: arranged for the next few weeks, or due and not yet arranged.
                due = today + datetime.timedelta(days=rng.randint(-15, 45))
                if rng.random() < 0.6:
                    day = due - datetime.timedelta(days=rng.randint(-3, 10))
                    day = _on_a_weekday(max(day, today + datetime.timedelta(days=1)))
                    values.update(
                        status=Meeting.Status.SCHEDULED,
                        scheduled_at=at(day, 10),
                        venue="in_person",
                        place=rng.choice(_PLACES),
                        due_date=due,
                    )
                else:
                    values.update(status=Meeting.Status.TO_ARRANGE, due_date=due)
                if kind in _TRIGGERED:
                    values.update(
                        trigger=_TRIGGERED[kind][0], trigger_date=due - relativedelta(weeks=3)
                    )
                day = due
            # A third of the circles are about conflict (governance's conflict reduction).
            values["about_conflict"] = kind in CIRCLES and meetings.next_id % 3 == 0
            meeting_id = meetings.add(**values)
            if values["status"] == Meeting.Status.HELD:
                held_meetings.append((meeting_id, day, kind))
            # Participants: up to three of the family (a child where there is one) and a
            # professional, with how each view was given once the meeting is held.
            chosen = rng.sample(family_members, min(len(family_members), rng.randint(1, 3)))
            children = [m for m in family_members if m[1] == FamilyMember.Kind.CHILD]
            child_missing = not any(m[1] == FamilyMember.Kind.CHILD for m in chosen)
            if children and child_missing and rng.random() < 0.85:
                chosen[-1:] = [rng.choice(children)]
            was_held = values["status"] == Meeting.Status.HELD
            for member_id, member_kind in chosen:
                child = member_kind == FamilyMember.Kind.CHILD
                person: dict[str, Any] = {
                    "meeting_id": meeting_id,
                    "member_id": member_id,
                    "kind": "child" if child else "family_member",
                }
                if was_held:
                    person["attendance"] = rng.choice(
                        ("attended", "attended", "attended", "part", "apologies")
                    )
                    roll = rng.random()
                    if roll < (0.7 if child else 0.8):
                        person["view_given_by"] = rng.choice(
                            ("in_person", "advocate", "writing", "app")
                            if child
                            else ("in_person", "in_person", "writing")
                        )
                        person["view"] = rng.choice(VIEWS[voice_of(relationship_of[member_id])])
                    elif roll < 0.9:
                        person["view_given_by"] = "not_given"
                        person["view_not_given_reason"] = rng.choice(_NOT_GIVEN_REASONS)
                people.add(**person)
            professional: dict[str, Any] = {"meeting_id": meeting_id, "kind": "professional"}
            if partners and rng.random() < 0.25:
                staff_id, agency_id, title = rng.choice(partners)
                professional.update(staff_id=staff_id, agency_id=agency_id, role=title[:200])
            else:
                name, role = rng.choice(_PROFESSIONALS)
                professional.update(name=name, role=role)
                if agencies:
                    professional["agency_id"] = rng.choice(agencies)[0]
            if was_held:
                professional["attendance"] = "attended"
                if rng.random() < 0.85:
                    professional.update(
                        view_given_by=rng.choice(("in_person", "writing")),
                        view="Attendance is good; we will keep checking in every week.",
                    )
            people.add(**professional)
            if was_held:
                for _ in range(rng.choice((0, 1, 1, 2))):
                    position_taken = rng.choice(_FAMILY_POSITIONS)
                    decisions.add(
                        meeting_id=meeting_id,
                        decision=rng.choice(_DECISIONS),
                        family_position=position_taken,
                        family_view=""
                        if position_taken == "agreed"
                        else rng.choice(_FAMILY_VIEWS_DISAGREE),
                        created_by_id=author,
                    )

        # Plans: the family's actions shared into plans of three to eight.
        remaining = action_counts[number]
        plan_count = max(1, round(remaining / 6)) if remaining else 0
        sizes = _allocate(remaining, [rng.uniform(0.5, 1.5) for _ in range(plan_count)])
        for index, size in enumerate(sizes):
            source = rng.choice(held_meetings) if held_meetings and rng.random() < 0.8 else None
            started = source[1] if source else start + datetime.timedelta(days=rng.randint(0, span))
            last = index == len(sizes) - 1
            ended = (not is_open) or (not last and (today - started).days > 300)
            plan_values: dict[str, Any] = {
                "family_id": family_id,
                "meeting_id": source[0] if source else None,
                "title": rng.choice(
                    (
                        "Our family plan",
                        "Calmer mornings and weekends",
                        "Staying safe together",
                        "Back to school",
                    )
                ),
                "started_on": started,
                "review_date": started + relativedelta(months=3),
                "status": Plan.Status.ENDED if ended else Plan.Status.ACTIVE,
                "created_by_id": author,
            }
            plan_end = min(end, started + datetime.timedelta(days=365))
            if ended and "ended_on" in plan_fields:
                plan_values["ended_on"] = max(started, plan_end)
            if ended and "end_outcome" in plan_fields:
                plan_values["end_outcome"] = "The family's goals were met; the plan ended."
                plan_values["ended_by_id"] = author
            plan_id = plans.add(**plan_values)
            for goal_number in range(rng.choice((1, 2, 2, 3))):
                goal: dict[str, Any] = {
                    "plan_id": plan_id,
                    "goal": rng.choice(_GOALS),
                    "whose": rng.choice(("The family", "Mum and Dad", "The children")),
                }
                if goal_number == 0 and rng.random() < 0.3:
                    goal.update(baseline_level=-1, expected_level=0, level_0="Most days go well")
                goals.add(**goal)
            plan_actions: list[tuple[int, datetime.date, str]] = []
            for _ in range(size):
                what, owner = rng.choice(_ACTIONS)
                due = started + datetime.timedelta(days=rng.randint(7, 150))
                if ended:
                    # An ended plan's actions were all due while it ran: nothing is left due.
                    due = min(due, plan_end)
                # Reviews settle old actions (done or not done); the open ones past their date
                # are the last two months' (the overdue list a manager actually works from).
                if due < today - datetime.timedelta(days=60):
                    state = rng.choice(_SETTLED_STATES)
                elif due < today:
                    state = rng.choice(_RECENT_STATES)
                    if ended and state in ("in_progress", "not_started"):
                        state = "done"
                else:
                    state = "done" if ended else rng.choice(("not_started", "in_progress"))
                owner_values: dict[str, Any]
                adults = [m for m in family_members if m[1] != FamilyMember.Kind.CHILD]
                if owner == "family" and (adults or family_members):
                    owner_values = {"owner_member_id": rng.choice(adults or family_members)[0]}
                elif owner == "staff":
                    owner_values = {"owner_staff_id": author}
                else:
                    name, role = rng.choice(_PROFESSIONALS)
                    owner_values = {"owner_name": name, "owner_agency": role}
                action_id = actions.add(
                    plan_id=plan_id, what=what, due_date=due, status=state, **owner_values
                )
                plan_actions.append((action_id, due, state))
            # Reviews every three months or so while the plan ran, up to three.
            review_day = started + datetime.timedelta(days=rng.randint(60, 100))
            latest_review = None
            for _ in range(3):
                if review_day > min(plan_end, today):
                    break
                family_score = rng.randint(3, 9)
                latest_review = reviews.add(
                    plan_id=plan_id,
                    reviewed_on=review_day,
                    others_present="Health visitor; class teacher",
                    family_scaling=family_score,
                    professional_scaling=max(0, min(10, family_score + rng.randint(-2, 1))),
                    holding=rng.choice(_HOLDING),
                    holding_words="Mornings are better; weekends are still hard.",
                    created_by_id=author,
                )
                for member_id, _kind in family_members[:2]:
                    reviewed_by.add(planreview_id=latest_review, familymember_id=member_id)
                review_day += datetime.timedelta(days=rng.randint(80, 120))
            if latest_review is not None:
                for action_id, _due, state in plan_actions:
                    progress.add(review_id=latest_review, action_id=action_id, status=state)

        # Restorative conversations, with the policy's short questions and answers.
        for _ in range(conversation_counts[number]):
            conversation_id = conversations.add(
                family_id=family_id,
                held_on=start + datetime.timedelta(days=rng.randint(0, span)),
                setting=rng.choice(("assessment", "home_visit", "home_visit", "planning_meeting")),
                practitioner_id=author,
                agreed_next=rng.choice(_NEXT),
                created_by_id=author,
            )
            for question_id in short_form:
                conversation_questions.add(
                    restorativeconversation_id=conversation_id, question_id=question_id
                )
            for member_id, _kind in rng.sample(family_members, min(len(family_members), 2)):
                talker_id = talkers.add(conversation_id=conversation_id, member_id=member_id)
                for position, question_id in enumerate(short_form):
                    answers.add(
                        participant_id=talker_id,
                        question_id=question_id,
                        answer=_answer(rng, relationship_of[member_id], position),
                    )

    counts = {
        "practice meetings": meetings.finish(),
        "practice meeting participants": people.finish(),
        "practice decisions": decisions.finish(),
        "practice plans": plans.finish(),
        "practice goals": goals.finish(),
        "practice plan actions": actions.finish(),
        "practice plan reviews": reviews.finish(),
        "practice plan review members": reviewed_by.finish(),
        "practice action progress": progress.finish(),
        "practice conversations": conversations.finish(),
        "practice conversation questions": conversation_questions.finish(),
        "practice conversation participants": talkers.finish(),
        "practice conversation answers": answers.finish(),
    }
    with connection.cursor() as cursor:
        for statement in restore:
            cursor.execute(statement)
    return counts
