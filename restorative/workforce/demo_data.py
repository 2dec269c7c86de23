"""Demo training data: a catalogue, sessions, bookings and completions (see people/demo_data).

Completions are spread over the past four years so the compliance pages show a realistic
mix of completed, due soon, overdue and not started. Team managers' advanced training is
always current: they chair the demo restorative circles (practice/demo_data.py), which
only someone with current advanced training may lead. Deterministic (one seeded Random) and
fast (bulk_create). The workforce lead (workforce@demo.restorative.test) facilitates the
sessions, and the demo practitioner is booked on the next foundation session.
"""

from __future__ import annotations

import datetime
import random
import uuid
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from restorative.core.demo_reset import delete_all
from restorative.people.models import Family, PartnerAgency, Staff

from .compliance import valid_until_for
from .models import (
    Booking,
    Completion,
    Course,
    CourseRequirement,
    Session,
    SupervisionAgreement,
    SupervisionCaseDecision,
    SupervisionSession,
    TrainingSettings,
)

SEED = 20250406
DEMO_DOMAIN = "demo.restorative.test"
FRONTLINE = ["practitioner", "asye", "team_manager"]
EVERYONE = [*FRONTLINE, "head_of_service", "director", "workforce", "quality", "business_support"]

CATALOGUE = [
    # title, kind, level, hours, delivery, validity months, required groups
    (
        "Induction: working restoratively here",
        "induction",
        "introductory",
        "3",
        "blended",
        None,
        EVERYONE,
    ),
    (
        "Restorative practice foundation",
        "foundation",
        "introductory",
        "6",
        "in_person",
        36,
        EVERYONE,
    ),
    (
        "Advanced restorative practice",
        "advanced",
        "advanced",
        "12",
        "in_person",
        36,
        ["team_manager", "head_of_service", "restorative_champion"],
    ),
    (
        "Restorative champion programme",
        "champion",
        "advanced",
        "9",
        "blended",
        24,
        ["restorative_champion"],
    ),
    ("Restorative practice refresher", "refresher", "intermediate", "3", "online", None, []),
    (
        "Joint multi-agency restorative practice",
        "multi_agency",
        "intermediate",
        "6",
        "in_person",
        None,
        [],
    ),
]


def seed(*, scale: str) -> dict[str, int]:
    """Load the demo catalogue, sessions, bookings and completions."""
    rng = random.Random(SEED)
    today = timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        TrainingSettings.objects.get_or_create(pk=1)
        courses = []
        for title, kind, level, hours, delivery, months, groups in CATALOGUE:
            course = Course.objects.create(
                title=title,
                kind=kind,
                level=level,
                length_hours=Decimal(hours),
                delivery=delivery,
                validity_months=months,
            )
            CourseRequirement.objects.bulk_create(
                [CourseRequirement(course=course, group=g) for g in groups]
            )
            courses.append(course)
        staff = list(
            Staff.objects.filter(email__endswith=f"@{DEMO_DOMAIN}", is_active=True)
            .exclude(role=Staff.Role.PARTNER)
            .order_by("pk")
        )
        lead = next((s for s in staff if s.email == f"workforce@{DEMO_DOMAIN}"), None)
        practitioner = next((s for s in staff if s.email == f"practitioner@{DEMO_DOMAIN}"), None)
        agencies = list(PartnerAgency.objects.order_by("pk")[:3])

        sessions = []
        for index, course in enumerate(courses):
            for offset in (-400, -120, -20, 10 + index, 35 + index * 3):
                sessions.append(
                    Session(
                        course=course,
                        starts_at=now.replace(hour=9, minute=30, second=0, microsecond=0)
                        + datetime.timedelta(days=offset),
                        place="Northmoor Civic Centre, Training Room 2"
                        if course.delivery != "online"
                        else "",
                        online_link="https://meet.example.org/restorative"
                        if course.delivery != "in_person"
                        else "",
                        capacity=16 if course.kind != "advanced" else 10,
                    )
                )
        Session.objects.bulk_create(sessions)
        joint = [s for s in sessions if s.course.kind == "multi_agency"]
        for session in sessions:
            if lead is not None:
                session.facilitators.add(lead)
        for session in joint:
            session.partner_agencies.set(agencies)

        # Past sessions: some of the staff who had started by then came (their completion is
        # the session's), a few did not. Induction sessions are for recent starters.
        completions: list[Completion] = []
        bookings: list[Booking] = []
        done: set[tuple[int, int]] = set()
        for session in sessions:
            if session.starts_at > now:
                continue
            day = session.starts_at.date()
            started = [
                p
                for p in staff
                if p.start_date is not None
                and p.start_date <= day
                and (p.pk, session.course_id) not in done
            ]
            if session.course.kind == "induction":
                newcomers = [
                    p
                    for p in started
                    if (day - p.start_date).days <= 120  # type: ignore[operator]
                ]
                started.sort(key=lambda p: p.start_date or day, reverse=True)
                pool = newcomers or started[:3]
            else:
                pool = started
            for position, person in enumerate(
                rng.sample(pool, min(len(pool), session.capacity - 2, rng.randint(6, 10)))
            ):
                came = position % 7 != 6
                bookings.append(
                    Booking(
                        session=session,
                        person=person,
                        status=Booking.Status.ATTENDED if came else Booking.Status.DID_NOT_ATTEND,
                    )
                )
                if came:
                    done.add((person.pk, session.course_id))
                    completions.append(
                        Completion(
                            person=person,
                            course=session.course,
                            session=session,
                            completed_on=day,
                            valid_until=valid_until_for(day, session.course.validity_months),
                            source=Completion.Source.SESSION,
                        )
                    )

        # Earlier training, imported from the old records: never before the person started.
        # Induction is done in the first weeks; only someone who started in the last few
        # weeks may still have it to do.
        for person in staff:
            start = person.start_date or today - datetime.timedelta(days=3 * 365)
            known_for = (today - start).days
            for course in courses[:4]:
                if (person.pk, course.pk) in done:
                    continue
                # Team managers chair the demo restorative circles and FGC coordinators the
                # family group conferences, and only someone with current advanced training
                # may (issue 5, point 7; issue 10, point 1): theirs is always current.
                leads = course.kind == "advanced" and person.role in (
                    Staff.Role.TEAM_MANAGER,
                    Staff.Role.FGC_COORDINATOR,
                )
                if course.kind == "induction":
                    if known_for < 21:
                        continue  # still within the induction period: not started yet
                    completed_on = start + datetime.timedelta(days=rng.randint(3, 20))
                else:
                    if rng.random() < 0.25 and not leads:
                        continue  # not started
                    days_ago = rng.randint(10, 1400)
                    if leads:
                        days_ago = 90 + days_ago % 800
                    days_ago = min(days_ago, max(known_for - 1, 0))
                    completed_on = today - datetime.timedelta(days=days_ago)
                completions.append(
                    Completion(
                        person=person,
                        course=course,
                        completed_on=completed_on,
                        valid_until=valid_until_for(completed_on, course.validity_months),
                        source=Completion.Source.IMPORTED,
                    )
                )
        Completion.objects.bulk_create(completions)

        future = [s for s in sessions if s.starts_at > now]
        for session in future:
            people = rng.sample(staff, min(len(staff), session.capacity + 2))
            for position, person in enumerate(people):
                if person == practitioner:
                    continue
                status = (
                    Booking.Status.BOOKED
                    if position < session.capacity - 2
                    else Booking.Status.WAITING
                )
                if status == Booking.Status.WAITING and position < session.capacity:
                    continue
                bookings.append(Booking(session=session, person=person, status=status))
        if practitioner is not None and future:
            # The demo practitioner is booked on a course they still need, not one done.
            completed = {c.course_id for c in completions if c.person_id == practitioner.pk}
            needed = [s for s in future if s.course_id not in completed] or future
            bookings.append(Booking(session=needed[0], person=practitioner))
        Booking.objects.bulk_create(bookings)
        supervision = _seed_supervision(rng, today=today)
        reflective = _seed_learning_and_circles(today=today)
    return {
        **supervision,
        **reflective,
        "training courses": len(courses),
        "training sessions": len(sessions),
        "training bookings": len(bookings),
        "training completions": len(completions),
    }


def _seed_supervision(rng: random.Random, *, today: datetime.date) -> dict[str, int]:
    """Each team manager supervises their team's practitioners and ASYEs, with past sessions.

    The demo team: the demo manager supervises the demo practitioner (on time, with a case
    decision about the Okafor family) and the demo ASYE (overdue: last seen 40 days ago,
    monthly standard after their first six months). Elsewhere roughly one in five supervisees
    is overdue, so the head of service's page shows a mix.
    """
    frontline = (Staff.Role.PRACTITIONER, Staff.Role.ASYE)
    managers: dict[int, Staff] = {}
    for manager in Staff.objects.filter(role=Staff.Role.TEAM_MANAGER, is_active=True).order_by(
        "pk"
    ):
        if manager.team_id is not None:
            managers.setdefault(manager.team_id, manager)
    demo_manager = Staff.objects.filter(email=f"manager@{DEMO_DOMAIN}").first()
    if demo_manager is not None and demo_manager.team_id is not None:
        managers[demo_manager.team_id] = demo_manager
    supervisees = list(
        Staff.objects.filter(role__in=frontline, is_active=True, team_id__in=managers).order_by(
            "pk"
        )
    )
    agreements = [
        SupervisionAgreement(
            supervisor=managers[person.team_id],
            supervisee=person,
            agreed_frequency=SupervisionAgreement.Frequency.MONTHLY,
            started_on=max(person.start_date or today, today - datetime.timedelta(days=365)),
        )
        for person in supervisees
        if person.team_id is not None
    ]
    SupervisionAgreement.objects.bulk_create(agreements)

    def key() -> uuid.UUID:
        return uuid.UUID(int=rng.getrandbits(128), version=4)

    sessions: list[SupervisionSession] = []
    latest: dict[int, SupervisionSession] = {}
    for agreement in agreements:
        email = agreement.supervisee.email
        if email == f"asye@{DEMO_DOMAIN}":
            last_gap = 40  # overdue
        elif email == f"practitioner@{DEMO_DOMAIN}":
            last_gap = 10
        else:
            last_gap = rng.randint(35, 60) if rng.random() < 0.2 else rng.randint(2, 25)
        for number in range(3):
            held_on = today - datetime.timedelta(days=last_gap + 30 * number)
            if held_on < agreement.started_on:
                break
            session = SupervisionSession(
                agreement=agreement,
                held_on=held_on,
                duration_minutes=rng.choice([60, 90, 90, 90, 105, 120]),
                wellbeing_score=rng.randint(4, 9),
                wellbeing_words="Busy month; feeling supported by the team.",
                reflection="Talked through a difficult home visit and what helped.",
                went_well="Family meeting where the children's views led the plan.",
                learning="A late report: agreed to block time rather than look for fault.",
                emotional_impact="Some worry carried home after a safeguarding visit.",
                support_agreed="Peer shadowing and a check-in after the next visit.",
                actions="Book advanced training; update two plans by Friday.",
                recorded_by=agreement.supervisor,
                submission_token=key(),
            )
            sessions.append(session)
            latest.setdefault(agreement.supervisee_id, session)
    SupervisionSession.objects.bulk_create(sessions)

    decisions = []
    practitioner = next(
        (a.supervisee for a in agreements if a.supervisee.email == f"practitioner@{DEMO_DOMAIN}"),
        None,
    )
    if practitioner is not None and practitioner.pk in latest:
        caseload = Family.objects.filter(allocated_worker=practitioner).order_by("name")
        chosen = [*caseload.filter(name="Okafor")[:1], *caseload.exclude(name="Okafor")[:1]]
        for family in chosen:
            decisions.append(
                SupervisionCaseDecision(
                    session=latest[practitioner.pk],
                    family=family,
                    decision="Offer a family group conference before the next review, "
                    "and ask the children how they want their views shared.",
                )
            )
    SupervisionCaseDecision.objects.bulk_create(decisions)
    return {
        "supervision agreements": len(agreements),
        "supervision sessions": len(sessions),
    }


def reset() -> None:
    """Delete all training data, so `seed_demo --reset` can delete the demo staff it names.

    Bookings and completions protect their Staff rows (a training record must not vanish
    with a careless delete), so they go first.
    """
    with transaction.atomic():
        _reset_learning_and_circles()
        delete_all(
            SupervisionCaseDecision,
            SupervisionSession,
            SupervisionAgreement,
            Booking,
            Completion,
            Session,
            CourseRequirement,
            Course,
            TrainingSettings,
        )


# --- Learning log, supervision audits and team circles (issue 5 points 5, 10, 11) -----------


def _seed_learning_and_circles(*, today: datetime.date) -> dict[str, int]:
    """Learning logs, audits and team circles, with their own seeded Random.

    - Learning logs: about half the demo team's completions have one; the demo practitioner
      has written one and has one still to write.
    - Audits: quality assurance (quality@) has sampled the demo team's recent supervision and
      rated all but one session, and sampled and rated two other teams, so the results page
      has figures; team managers supervise their teams here, so they audit none of them.
    - Team circles: every team has held a few; the demo team 24 (two pages).
    """
    from . import audits
    from .models import LearningLogEntry, SupervisionAudit, SupervisionAuditSample, TeamCircle

    rng = random.Random(SEED + 5)
    practitioner = Staff.objects.filter(email=f"practitioner@{DEMO_DOMAIN}").first()
    quality = Staff.objects.filter(email=f"quality@{DEMO_DOMAIN}").first()
    demo_team_id = practitioner.team_id if practitioner is not None else None

    logs = []
    if demo_team_id is not None:
        completions = list(
            Completion.objects.filter(person__team_id=demo_team_id).order_by(
                "person_id", "-completed_on", "id"
            )
        )
        mine = [c for c in completions if c.person_id == practitioner.pk]  # type: ignore[union-attr]
        for completion in completions:
            write = completion == mine[0] if completion in mine else rng.random() < 0.5
            if write:
                logs.append(
                    LearningLogEntry(
                        completion=completion,
                        learnt="Using the restorative questions to open a difficult "
                        "conversation, and how much it helps to ask who else was affected.",
                        do_differently="Start home visits by asking what has happened since "
                        "we last met, before my agenda.",
                        support_needed="Observation of a family meeting, then feedback in "
                        "supervision.",
                    )
                )
    LearningLogEntry.objects.bulk_create(logs)

    samples = audits_rated = 0
    if quality is not None:
        teams = list(
            SupervisionSession.objects.filter(
                held_on__gte=today - datetime.timedelta(days=120),
                agreement__supervisee__team__isnull=False,
            )
            .values_list("agreement__supervisee__team_id", flat=True)
            .distinct()
            .order_by("agreement__supervisee__team_id")
        )
        chosen_teams = ([demo_team_id] if demo_team_id in teams else []) + [
            t for t in teams if t != demo_team_id
        ][:2]
        feedback = [
            (
                "good",
                "met",
                "Reflective and well paced; the case discussion led to a clear "
                "decision. Next time, leave more room for the emotional impact of the work.",
            ),
            (
                "outstanding",
                "met",
                "A model restorative session: mistakes explored with "
                "curiosity, not blame, and wellbeing checked and acted on.",
            ),
            (
                "requires_improvement",
                "partly",
                "The session was cut short and the wellbeing "
                "check-in was not followed up. Protect the full 90 minutes.",
            ),
        ]
        for number, team_id in enumerate(chosen_teams):
            start = today - datetime.timedelta(days=120)
            ids = list(
                SupervisionSession.objects.filter(
                    agreement__supervisee__team_id=team_id, held_on__gte=start
                ).values_list("pk", flat=True)
            )
            seed = rng.getrandbits(32)
            sample = SupervisionAuditSample.objects.create(
                team_id=team_id,
                period_start=start,
                period_end=today,
                requested_size=4,
                seed=seed,
                eligible_count=len(ids),
                created_by=quality,
                submission_token=uuid.UUID(int=rng.getrandbits(128), version=4),
            )
            samples += 1
            picked = audits.choose(ids, 4, seed)
            rows = []
            for position, session_id in enumerate(picked):
                row = SupervisionAudit(sample=sample, session_id=session_id)
                if not (team_id == demo_team_id and position == len(picked) - 1):
                    grade, rating, text = feedback[(number + position) % len(feedback)]
                    row.grade, row.feedback = grade, text
                    for name, _ in audits.CRITERIA:
                        setattr(row, name, rating if rng.random() < 0.7 else "partly")
                    row.rated_by = quality
                    row.rated_at = timezone.now()
                    audits_rated += 1
                rows.append(row)
            SupervisionAudit.objects.bulk_create(rows)

    circles = []
    themes = [
        (
            "cohesion",
            "How we welcome new starters and share the duty rota.",
            "Buddy for each new starter; rota agreed together each month.",
        ),
        (
            "conflict",
            "Tension about cover when colleagues are off sick.",
            "Cover requests go through the team manager; check-in at Monday huddle.",
        ),
        (
            "reflective_learning",
            "What we learnt from a family group conference that stalled.",
            "Invite the FGC coordinator to the next team meeting.",
        ),
    ]
    managers: dict[int, Staff] = {
        m.team_id: m
        for m in Staff.objects.filter(
            role=Staff.Role.TEAM_MANAGER, is_active=True, team__isnull=False
        ).order_by("-pk")
        if m.team_id is not None
    }
    demo_manager = Staff.objects.filter(email=f"manager@{DEMO_DOMAIN}").first()
    if demo_manager is not None and demo_manager.team_id is not None:
        managers[demo_manager.team_id] = demo_manager
    for team_id, manager in sorted(managers.items()):
        count = 24 if team_id == demo_team_id else 3
        for number in range(count):
            purpose, theme, actions = themes[number % len(themes)]
            circles.append(
                TeamCircle(
                    team_id=team_id,
                    purpose=purpose,
                    held_on=today - datetime.timedelta(days=14 * number + rng.randint(1, 10)),
                    facilitator=manager,
                    participant_count=rng.randint(5, 12),
                    themes=theme,
                    agreed_actions=actions,
                    recorded_by=manager,
                    submission_token=uuid.UUID(int=rng.getrandbits(128), version=4),
                )
            )
    TeamCircle.objects.bulk_create(circles)
    return {
        "learning log entries": len(logs),
        "supervision audit samples": samples,
        "supervision audits rated": audits_rated,
        "team circles": len(circles),
    }


def _reset_learning_and_circles() -> None:
    """Audits protect supervision sessions and circles protect staff: they go first."""
    from .models import LearningLogEntry, SupervisionAudit, SupervisionAuditSample, TeamCircle

    delete_all(SupervisionAudit, SupervisionAuditSample, LearningLogEntry, TeamCircle)
