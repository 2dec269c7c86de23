"""Demo case-file audits: past programmes with finished, moderated audits (for the reports
and kappa), and an open one with work waiting for the demo people.

The story the demo sign-ins meet: the quality assurance lead (quality@) runs the programmes
and has an audit to moderate; the practitioner (practitioner@) has an audit of their work
waiting for their reflection; their team manager (manager@) has a safeguarding alert to
acknowledge; the head of service (head@) sees it too. Every draw is real: its population and
seed are recorded and re-draw the same families (`selectors.sample_check`), no family is in
two programmes within 12 months, and no auditor audits their own team.

Deterministic (`random.Random(SEED)`); written with bulk_create, so the large scale (more
and bigger programmes over two years) loads quickly.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Mapping

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from restorative.people.demo_data import DEMO_EMAIL_DOMAIN
from restorative.people.models import Family, Staff

from ..audits import sampling
from ..audits.selectors import tool_sections
from ..models import (
    AuditAnswer,
    AuditProgramme,
    AuditQuestion,
    AuditSection,
    CaseAudit,
    SafeguardingAlert,
    quarter_label,
)

SEED = 20261205
GRADES = ("outstanding", "good", "requires_improvement", "inadequate")
GRADE_WEIGHTS = (1, 5, 3, 1)
THEMES = (
    "The child's voice in child protection plans",
    "Plans made with families, not for them",
    "Language that does not shame or label",
    "Strengths and sustainability of plans",
)
RATIONALES = {
    "outstanding": "The child's own words run through the record and shaped the plan.",
    "good": "Decisions were made with the family and the plan is in their words.",
    "requires_improvement": "The family's view is summarised, not recorded in their words.",
    "inadequate": "Decisions were made without the family and the child was not heard.",
}
REFLECTIONS = (
    "I recognise this. I will write the child's words down as they say them.",
    "Fair findings. Supervision helped me see where the plan was ours, not the family's.",
    "I agree about the language; the checker's suggestions were useful.",
)
# (months ago the period ended, families at small scale, families at large scale)
PAST = ((21, 10, 300), (15, 10, 300), (9, 12, 400), (3, 12, 400))


def _demo(key: str) -> Staff | None:
    return Staff.objects.filter(email=f"{key}@{DEMO_EMAIL_DOMAIN}").first()


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def _auditors(rng: random.Random, count: int) -> list[Staff]:
    managers = list(
        Staff.objects.filter(role=Staff.Role.TEAM_MANAGER, is_active=True, team__isnull=False)
        .exclude(email__startswith="manager@")
        .order_by("pk")
    )
    return sorted(rng.sample(managers, min(count, len(managers))), key=lambda s: s.pk)


def _same_team(
    auditor_teams: Mapping[int, int | None], families: Mapping[int, int]
) -> Callable[[int, int], bool]:
    """The demo's conflict rule: nobody audits their own team's families."""
    return lambda auditor, family: auditor_teams[auditor] == families[family]


def _answers(
    rng: random.Random, audit_ids: list[tuple[int, str]], questions: list[AuditQuestion]
) -> list[AuditAnswer]:
    rows = []
    for audit_id, grade in audit_ids:
        for question in questions:
            if question.kind == AuditQuestion.Kind.COMPLIANCE:
                answer = rng.choices(("yes", "no", "na"), (7, 2, 1))[0]
            else:
                index = GRADES.index(grade) + rng.choice((-1, 0, 0, 0, 1))
                answer = GRADES[max(0, min(3, index))]
            rows.append(AuditAnswer(audit_id=audit_id, question=question, answer=answer))
    return rows


def seed(*, scale: str, today: datetime.date) -> dict[str, int]:
    rng = random.Random(SEED)
    quality = _demo("quality")
    if quality is None:
        return {}
    large = scale == "large"
    questions = [q for s in tool_sections() for q in s.questions.all()]
    families = dict(Family.objects.filter(status=Family.Status.OPEN).values_list("pk", "team_id"))
    family_worker = dict(
        Family.objects.filter(status=Family.Status.OPEN).values_list("pk", "allocated_worker_id")
    )
    used: set[int] = set()
    counts = {"audit programmes": 0, "case-file audits": 0, "safeguarding alerts": 0}
    with transaction.atomic():
        programmes: list[tuple[AuditProgramme, list[int], bool]] = []
        for index, (ended, small_size, large_size) in enumerate(PAST):
            size = large_size if large else small_size
            period_end = today - relativedelta(months=ended)
            drawn_on = period_end + datetime.timedelta(days=7)
            population = sorted(set(families) - used)
            programme_seed = rng.randrange(2**40)
            chosen = sampling.choose(population, min(size, len(population)), programme_seed)
            used |= set(chosen)
            auditors = _auditors(rng, 8 if large else 4)
            by_team = {a.pk: a.team_id for a in auditors}
            assigned = sampling.assign(chosen, list(by_team), _same_team(by_team, families))
            if not isinstance(assigned, dict):
                continue
            closed = ended > 3
            programme = AuditProgramme.objects.create(
                theme=THEMES[index % len(THEMES)],
                period_start=period_end - relativedelta(months=6),
                period_end=period_end,
                method=AuditProgramme.Method.RANDOM,
                requested_size=len(chosen),
                seed=programme_seed,
                drawn_on=drawn_on,
                population=population,
                population_size=len(population),
                moderation_percent=20,
                status=AuditProgramme.Status.CLOSED if closed else AuditProgramme.Status.OPEN,
                closed_at=_at(drawn_on + relativedelta(months=3)) if closed else None,
                created_by=quality,
            )
            programme.auditors.set(auditors)
            programme.moderators.set([quality])
            moderated = set(sampling.choose_share(chosen, 20, programme_seed))
            rows = []
            for family_id in chosen:
                grade = rng.choices(GRADES, GRADE_WEIGHTS)[0]
                finished_on = drawn_on + datetime.timedelta(days=rng.randint(14, 60))
                finished = closed or rng.random() < 0.6
                for_moderation = family_id in moderated or (finished and grade == "inadequate")
                moderated_grade = ""
                if finished and for_moderation and (closed or rng.random() < 0.5):
                    moderated_grade = (
                        grade if rng.random() < 0.7 else GRADES[min(3, GRADES.index(grade) + 1)]
                    )
                worker = family_worker.get(family_id)
                rows.append(
                    CaseAudit(
                        programme=programme,
                        family_id=family_id,
                        team_id=families[family_id],
                        practitioner_id=worker,
                        auditor_id=assigned[family_id],
                        drawn_on=drawn_on,
                        status=CaseAudit.Status.FINISHED
                        if finished
                        else CaseAudit.Status.IN_PROGRESS,
                        grade=grade,
                        rationale=RATIONALES[grade],
                        strengths="The family's network is named and involved.",
                        language_findings=rng.randint(0, 6),
                        shared_at=_at(finished_on - datetime.timedelta(days=7))
                        if finished
                        else None,
                        reflection=rng.choice(REFLECTIONS) if finished else "",
                        reflection_by_id=worker if finished else None,
                        reflected_at=_at(finished_on - datetime.timedelta(days=2))
                        if finished
                        else None,
                        finished_at=_at(finished_on) if finished else None,
                        finished_on=finished_on if finished else None,
                        finished_quarter=quarter_label(finished_on) if finished else "",
                        for_moderation=for_moderation,
                        moderator=quality if moderated_grade else None,
                        moderated_grade=moderated_grade,
                        moderation_reason="Checked against the record." if moderated_grade else "",
                        moderated_at=_at(finished_on + datetime.timedelta(days=5))
                        if moderated_grade
                        else None,
                        final_grade=(moderated_grade or grade) if finished else "",
                    )
                )
            audits = CaseAudit.objects.bulk_create(rows, batch_size=2000)
            AuditAnswer.objects.bulk_create(
                _answers(rng, [(a.pk, a.grade) for a in audits], questions), batch_size=5000
            )
            programmes.append((programme, chosen, closed))
            counts["audit programmes"] += 1
            counts["case-file audits"] += len(audits)
        counts["safeguarding alerts"] = _open_programme_story(
            rng, quality, families, family_worker, used, today
        )
        counts["audit programmes"] += 1
    return counts


def _open_programme_story(
    rng: random.Random,
    quality: Staff,
    families: dict[int, int],
    workers: Mapping[int, int | None],
    used: set[int],
    today: datetime.date,
) -> int:
    """The open programme the demo sign-ins meet, drawn from the practitioner's service with
    a seed that happens to pick one of their families (tried in turn, as anyone could): that
    audit is shared and waits for their reflection, with a safeguarding alert for their
    manager and head of service; another waits for the quality lead's moderation."""
    practitioner = _demo("practitioner")
    if practitioner is None or practitioner.team is None:
        return 0
    service_id = practitioner.team.service_id
    team_ids = set(
        Family.objects.filter(team__service_id=service_id).values_list("team_id", flat=True)
    )
    population = sorted(f for f, t in families.items() if t in team_ids and f not in used)
    own = {f for f in population if workers.get(f) == practitioner.pk}
    size = min(8, len(population))
    if not own or not size:
        return 0
    programme_seed = None
    for _ in range(5000):
        candidate = rng.randrange(2**40)
        if own & set(random.Random(candidate).sample(population, size)):
            programme_seed = candidate
            break
    if programme_seed is None:
        return 0
    chosen = sampling.choose(population, size, programme_seed)
    auditors = list(
        Staff.objects.filter(role=Staff.Role.TEAM_MANAGER, is_active=True, team__isnull=False)
        .exclude(team__service_id=service_id)
        .order_by("pk")[:3]
    )
    if not auditors:
        return 0
    by_team = {a.pk: a.team_id for a in auditors}
    assigned = sampling.assign(chosen, list(by_team), _same_team(by_team, families))
    if not isinstance(assigned, dict):
        return 0
    drawn_on = today - datetime.timedelta(days=10)
    programme = AuditProgramme.objects.create(
        theme="Decisions made with families in child protection",
        period_start=today - relativedelta(months=6),
        period_end=today - datetime.timedelta(days=1),
        method=AuditProgramme.Method.RANDOM,
        service_id=service_id,
        requested_size=size,
        seed=programme_seed,
        drawn_on=drawn_on,
        population=population,
        population_size=len(population),
        moderation_percent=20,
        created_by=quality,
    )
    programme.auditors.set(auditors)
    programme.moderators.set([quality])
    moderated = set(sampling.choose_share(chosen, 20, programme_seed))
    mine = min(own & set(chosen))
    others = [f for f in chosen if f != mine]
    finished_one = others[0] if others else None
    rows = []
    for f in chosen:
        row = CaseAudit(
            programme=programme,
            family_id=f,
            team_id=families[f],
            practitioner_id=workers.get(f),
            auditor_id=assigned[f],
            drawn_on=drawn_on,
            for_moderation=f in moderated,
        )
        if f == mine:
            row.status = CaseAudit.Status.SHARED
            row.grade = "requires_improvement"
            row.rationale = RATIONALES["requires_improvement"]
            row.strengths = "Grandparents' support is well described."
            row.language_findings = 2
            row.shared_at = timezone.now() - datetime.timedelta(days=2)
        elif f == finished_one:
            row.status = CaseAudit.Status.FINISHED
            row.grade = row.final_grade = "inadequate"
            row.rationale = RATIONALES["inadequate"]
            row.reflection = REFLECTIONS[1]
            row.reflection_by_id = workers.get(f)
            row.reflected_at = row.shared_at = timezone.now() - datetime.timedelta(days=3)
            row.finished_at = timezone.now() - datetime.timedelta(days=1)
            row.finished_on = timezone.localdate(row.finished_at)
            row.finished_quarter = quarter_label(row.finished_on)
            row.for_moderation = True
        rows.append(row)
    audits = CaseAudit.objects.bulk_create(rows)
    questions = [q for s in tool_sections() for q in s.questions.all()]
    AuditAnswer.objects.bulk_create(
        _answers(rng, [(a.pk, a.grade) for a in audits if a.grade], questions)
    )
    target = next(a for a in audits if a.family_id == mine)
    SafeguardingAlert.objects.create(
        audit=target,
        concern="A bruise was recorded at a visit with no follow-up noted since.",
        raised_by=target.auditor,
    )
    return 1


def reset() -> None:
    SafeguardingAlert.objects.all().delete()
    AuditAnswer.objects.all().delete()
    CaseAudit.objects.all().delete()
    AuditProgramme.objects.all().delete()
    AuditQuestion.objects.all().delete()
    AuditSection.objects.all().delete()
