"""Demo complaints, compliments, learning actions and training needs (issue 12 points 6-10).

Coherent with the people app's demo authority: complaints are about its teams, a few about
a named member of staff (one about the demo team manager, Grace Mensah, so signing in as her
shows the rule: she sees her team's complaints but not that one), some about a family; the
demo practitioner, Hannah Whitfield, has compliments waiting on her list. Upheld complaints
have raised learning actions and training needs, some linked by the workforce team to a
course in the catalogue.

Small: about 60 complaints and 40 compliments over the last two years; large: about 4,000
complaints and 6,000 compliments, written with bulk_create. Deterministic: one seeded
`random.Random`, UUIDs drawn from it.
"""

from __future__ import annotations

import datetime
import random
import uuid

from django.db import transaction

from restorative.people.demo_data import DEMO_EMAIL_DOMAIN
from restorative.people.models import Family, Staff, Team
from restorative.workforce.models import Course, Session

from ..complaints.timescales import STATUTORY, stage3_dates, stage_due
from ..models import (
    Complaint,
    ComplaintElement,
    ComplaintStage,
    Compliment,
    ComplimentNotice,
    LearningAction,
    OmbudsmanReferral,
    StageExtension,
    TrainingNeed,
)

SEED = 20261205
SCALES = {"small": (60, 40), "large": (4000, 6000)}
Role = Staff.Role
CATEGORIES = ComplaintElement.Category.values
WORDS = {
    "quality": "The support offered did not meet what was agreed",
    "communication": "We were not told the meeting had moved",
    "staff_conduct": "The worker spoke about us in a way that felt blaming",
    "delay": "The assessment took far longer than we were told",
    "inaccurate": "The assessment says things about our family that are wrong",
    "availability": "We could not reach our social worker for three weeks",
    "decision": "We disagree with the decision to end family time at weekends",
    "family_time": "Family time keeps being cancelled at short notice",
    "care_leavers": "My pathway plan has not been reviewed since I turned 18",
    "other": "The letters were sent to the wrong address",
}
COMPLIMENT_WORDS = (
    "She listened to what we wanted and it is in the plan in our words.",
    "He always rang back when he said he would.",
    "The meeting felt like it was with us, not about us.",
    "Thank you for helping us sort out the school transport.",
    "My son says she is the first worker who asked him what he thought.",
)
NEED_THEMES = (
    "Explaining changes to plans with families",
    "Writing assessments families recognise",
    "Restorative conversations after a complaint",
    "Keeping in touch: returning calls and messages",
)


def _key(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _stage(
    rng: random.Random,
    complaint: Complaint,
    number: int,
    started_on: datetime.date,
    working_days: int,
    due_on: datetime.date,
    **people: str,
) -> ComplaintStage:
    """A stage as it starts: its first due date is its due date until it is extended."""
    return ComplaintStage(
        uuid=_key(rng),
        complaint=complaint,
        number=number,
        started_on=started_on,
        working_days=working_days,
        base_due_on=due_on,
        due_on=due_on,
        **people,
    )


def _past_working_day(rng: random.Random, today: datetime.date, days_back: int) -> datetime.date:
    day = today - datetime.timedelta(days=rng.randint(1, days_back))
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return day


def seed(*, scale: str, today: datetime.date) -> dict[str, int]:
    complaint_count, compliment_count = SCALES.get(scale, SCALES["small"])
    rng = random.Random(SEED)
    manager_email = f"complaints@{DEMO_EMAIL_DOMAIN}"
    recorder = (
        Staff.objects.filter(email=manager_email).first()
        or Staff.objects.filter(role=Role.COMPLAINTS_MANAGER).first()
    )
    if recorder is None:
        return {"complaints": 0, "compliments": 0}
    teams = list(Team.objects.select_related("service").order_by("code"))
    if not teams:
        return {"complaints": 0, "compliments": 0}
    people = list(
        Staff.objects.filter(
            team__isnull=False,
            is_active=True,
            role__in=[Role.PRACTITIONER, Role.ASYE, Role.TEAM_MANAGER],
        )
        .order_by("id")
        .values_list("id", "team_id", "role")[:20000]
    )
    by_team: dict[int, list[int]] = {}
    managers: dict[int, list[int]] = {}
    for pk, team_id, role in people:
        by_team.setdefault(team_id, []).append(pk)
        if role == Role.TEAM_MANAGER:
            managers.setdefault(team_id, []).append(pk)
    family_ids = list(Family.objects.order_by("id").values_list("id", "team_id")[:5000])
    demo_manager = Staff.objects.filter(email=f"manager@{DEMO_EMAIL_DOMAIN}").first()
    demo_practitioner = Staff.objects.filter(email=f"practitioner@{DEMO_EMAIL_DOMAIN}").first()
    quality = Staff.objects.filter(role=Role.QUALITY).order_by("id").first() or recorder
    workforce = Staff.objects.filter(role=Role.WORKFORCE).order_by("id").first()
    courses = list(Course.objects.order_by("id")[:10])
    sessions = list(Session.objects.order_by("id")[:10])

    complaints: list[Complaint] = []
    elements: list[ComplaintElement] = []
    stages: list[ComplaintStage] = []
    extensions: list[tuple[int, StageExtension]] = []
    referrals: list[tuple[int, OmbudsmanReferral]] = []
    subjects: list[tuple[int, int]] = []
    for index in range(complaint_count):
        team = teams[rng.randrange(len(teams))]
        if index == 0 and demo_manager is not None and demo_manager.team is not None:
            team = demo_manager.team
        received = _past_working_day(rng, today, 700)
        kind = rng.choices(Complaint.Complainant.values, weights=[18, 45, 15, 12, 10], k=1)[0]
        statutory = kind in ("child", "advocate") or rng.random() < 0.5
        closed = received < today - datetime.timedelta(days=70) and rng.random() < 0.9
        complaint = Complaint(
            uuid=_key(rng),
            reference=f"CMP-{received.year}-{index + 1:05d}",
            procedure="statutory" if statutory else "corporate",
            received_on=received,
            complainant_kind=kind,
            complainant_name=f"Complainant {index + 1}",
            complainant_contact="Contact details held by the complaints team",
            advocate_offer=(
                rng.choice(["accepted", "declined", "not_yet"])
                if kind == "child"
                else "not_applicable"
            ),
            team=team,
            service=team.service,
            summary=WORDS[rng.choice(CATEGORIES)],
            status="closed" if closed else "open",
            recorded_by=recorder,
        )
        if family_ids and rng.random() < 0.4:
            same_team = [pk for pk, team_id in family_ids[:500] if team_id == team.pk]
            if same_team:
                complaint.family_id = rng.choice(same_team)
        if rng.random() < 0.3:
            complaint.restorative_offered_on = received + datetime.timedelta(days=2)
            complaint.restorative_accepted = rng.random() < 0.6
            if complaint.restorative_accepted and closed:
                complaint.restorative_held_on = received + datetime.timedelta(days=9)
                complaint.restorative_outcome = (
                    "The family and the worker met, heard each other and agreed how to keep "
                    "in touch."
                )
        complaints.append(complaint)
        outcomes: list[str] = []
        for category in rng.sample(CATEGORIES, k=rng.choice([1, 1, 2, 3])):
            outcome = (
                rng.choices(["upheld", "partly_upheld", "not_upheld"], weights=[3, 3, 4], k=1)[0]
                if closed or rng.random() < 0.3
                else ""
            )
            outcomes.append(outcome)
            elements.append(
                ComplaintElement(
                    uuid=_key(rng),
                    complaint=complaint,
                    category=category,
                    description=WORDS[category],
                    outcome=outcome,
                    decided_on=received + datetime.timedelta(days=12) if outcome else None,
                    decided_at_stage=1 if outcome else None,
                )
            )
        if closed:
            complaint.closed_on = min(today, received + datetime.timedelta(days=60))
        # Stage 1, perhaps extended, answered on time most of the time.
        due = stage_due(received, STATUTORY.stage1_days)
        stage1 = _stage(rng, complaint, 1, received, 10, due)
        if rng.random() < 0.15:
            stage1.working_days = 20
            stage1.due_on = stage_due(received, 20)
            extensions.append(
                (
                    len(stages),
                    StageExtension(
                        uuid=_key(rng),
                        reason="Complex: several agencies to hear from",
                        complainant_told_on=received + datetime.timedelta(days=7),
                        working_days=20,
                        due_on=stage1.due_on,
                        recorded_by=recorder,
                    ),
                )
            )
        answer = stage1.due_on + datetime.timedelta(days=rng.choice([-6, -3, -1, 0, 2, 9]))
        if answer <= today and (closed or rng.random() < 0.5):
            stage1.responded_on = max(received, answer)
        stages.append(stage1)
        if closed and statutory and stage1.responded_on and rng.random() < 0.2:
            started = stage1.responded_on + datetime.timedelta(days=10)
            if started < today:
                due2 = stage_due(started, STATUTORY.stage2_days)
                stage2 = _stage(
                    rng,
                    complaint,
                    2,
                    started,
                    25,
                    due2,
                    investigating_officer="Independent Investigations Ltd",
                    independent_person="Independent person from the county panel",
                )
                answer2 = due2 + datetime.timedelta(days=rng.choice([-5, 0, 12]))
                if answer2 <= today:
                    stage2.responded_on = answer2
                stages.append(stage2)
                if stage2.responded_on and rng.random() < 0.3:
                    started3 = stage2.responded_on + datetime.timedelta(days=14)
                    if started3 < today:
                        dates = stage3_dates(started3)
                        stages.append(_stage(rng, complaint, 3, started3, 30, dates.panel_due))
        if closed and rng.random() < 0.04:
            referrals.append(
                (
                    index,
                    OmbudsmanReferral(
                        uuid=_key(rng),
                        referred_on=min(today, received + datetime.timedelta(days=90)),
                        decision=rng.choice(["pending", "not_investigated", "no_fault", "fault"]),
                    ),
                )
            )
        if rng.random() < 0.15 and by_team.get(team.pk):
            subjects.append((index, rng.choice(by_team[team.pk])))
    if demo_manager is not None and complaints:
        subjects.append((0, demo_manager.pk))

    with transaction.atomic():
        Complaint.objects.bulk_create(complaints, batch_size=2000)
        ComplaintElement.objects.bulk_create(elements, batch_size=2000)
        ComplaintStage.objects.bulk_create(stages, batch_size=2000)
        for i, extension in extensions:
            extension.stage = stages[i]
        StageExtension.objects.bulk_create([extension for _, extension in extensions])
        for i, referral in referrals:
            referral.complaint = complaints[i]
        OmbudsmanReferral.objects.bulk_create([referral for _, referral in referrals])
        complaint_staff = Complaint.staff.through
        complaint_staff.objects.bulk_create(
            [
                complaint_staff(complaint_id=complaints[i].pk, staff_id=pk)
                for i, pk in dict.fromkeys(subjects)
            ],
            ignore_conflicts=True,
        )

        compliments: list[Compliment] = []
        compliment_staff: list[tuple[int, int]] = []
        for index in range(compliment_count):
            team = teams[rng.randrange(len(teams))]
            named = (
                rng.choice(by_team[team.pk])
                if by_team.get(team.pk) and rng.random() < 0.7
                else None
            )
            if index < 3 and demo_practitioner is not None and demo_practitioner.team is not None:
                team, named = demo_practitioner.team, demo_practitioner.pk
            compliments.append(
                Compliment(
                    uuid=_key(rng),
                    received_on=_past_working_day(rng, today, 30 if index < 3 else 700),
                    from_kind=rng.choices(
                        Compliment.From.values, weights=[15, 40, 15, 15, 10, 5], k=1
                    )[0],
                    from_name="",
                    team=team,
                    theme=rng.choices(
                        Compliment.Theme.values, weights=[25, 20, 15, 10, 15, 10, 5], k=1
                    )[0],
                    words=rng.choice(COMPLIMENT_WORDS),
                    recorded_by=recorder,
                )
            )
            if named:
                compliment_staff.append((index, named))
        Compliment.objects.bulk_create(compliments, batch_size=2000)
        compliment_people = Compliment.staff.through
        compliment_people.objects.bulk_create(
            [
                compliment_people(compliment_id=compliments[i].pk, staff_id=pk)
                for i, pk in compliment_staff
            ],
            batch_size=2000,
        )
        notices: list[ComplimentNotice] = []
        named_by_index = dict(compliment_staff)
        for index, compliment in enumerate(compliments):
            if compliment.received_on < today - datetime.timedelta(days=120):
                continue
            told: set[int] = set()
            if index in named_by_index:
                told.add(named_by_index[index])
                notices.append(
                    ComplimentNotice(
                        uuid=_key(rng),
                        compliment=compliment,
                        recipient_id=named_by_index[index],
                        reason="about_you",
                    )
                )
            for manager_id in managers.get(compliment.team_id or 0, []):
                if manager_id not in told:
                    notices.append(
                        ComplimentNotice(
                            uuid=_key(rng),
                            compliment=compliment,
                            recipient_id=manager_id,
                            reason="your_team",
                        )
                    )
        ComplimentNotice.objects.bulk_create(notices, batch_size=2000, ignore_conflicts=True)

        # Learning from upheld complaints: an action and, for some, a training need.
        upheld = {element.complaint_id for element in elements if element.outcome == "upheld"}
        actions: list[LearningAction] = []
        needs: list[TrainingNeed] = []
        need_teams: list[tuple[int, int]] = []
        for complaint in complaints:
            if complaint.pk not in upheld or rng.random() < 0.5:
                continue
            team_managers = managers.get(complaint.team_id or 0) or [quality.pk]
            due = complaint.received_on + datetime.timedelta(days=rng.choice([30, 60, 90]))
            done = due - datetime.timedelta(days=5) if due < today and rng.random() < 0.7 else None
            actions.append(
                LearningAction(
                    uuid=_key(rng),
                    source_kind="complaint",
                    source_uuid=complaint.uuid,
                    team_id=complaint.team_id,
                    what="Share the learning from this complaint with the team and agree a change",
                    owner_id=rng.choice(team_managers),
                    due_on=due,
                    done_on=done,
                    evidence="Team meeting minutes" if done else "",
                    raised_by=quality,
                )
            )
            if rng.random() < 0.35:
                linked = workforce is not None and courses and rng.random() < 0.5
                course = rng.choice(courses) if linked else None
                session = next((s for s in sessions if course and s.course_id == course.pk), None)
                needs.append(
                    TrainingNeed(
                        uuid=_key(rng),
                        source_kind="complaint",
                        source_uuid=complaint.uuid,
                        theme=rng.choice(NEED_THEMES),
                        roles=["practitioner", "asye"],
                        people_count=rng.randint(4, 30),
                        course=course,
                        session=session,
                        linked_by=workforce if linked else None,
                        linked_on=today if linked else None,
                        raised_by=quality,
                    )
                )
                if complaint.team_id:
                    need_teams.append((len(needs) - 1, complaint.team_id))
        LearningAction.objects.bulk_create(actions, batch_size=2000)
        TrainingNeed.objects.bulk_create(needs, batch_size=2000)
        need_team = TrainingNeed.teams.through
        need_team.objects.bulk_create(
            [need_team(trainingneed_id=needs[i].pk, team_id=team_id) for i, team_id in need_teams]
        )
    return {
        "complaints": len(complaints),
        "compliments": len(compliments),
        "learning actions": len(actions),
        "training needs": len(needs),
    }


def reset() -> None:
    TrainingNeed.objects.all().delete()
    LearningAction.objects.all().delete()
    ComplimentNotice.objects.all().delete()
    Compliment.objects.all().delete()
    Complaint.objects.all().delete()
