"""Demo feedback from children, families and partners (issue 11 point 10).

After each held meeting of the demo families, the people who took part were invited; about
three in four answered. Each team has its own "climate" (how often families felt listened to,
and whether meetings felt done WITH, TO, FOR or NOT), so the results page has something to
tell. Free text comes from a short list of things families and partners say. A few asked to be
contacted; most of those were, and the rest are on the team manager's list.

`small`: every held meeting in the demo. `large`: 200,000 responses (about 250,000
invitations), written with `bulk_create`. Deterministic (a seeded `random.Random`), apart from
the link tokens, which come from `secrets` like real ones and are never stored (only hashes).
"""

from __future__ import annotations

import datetime
import heapq
import random
import secrets
from collections.abc import Iterator
from typing import Any

from django.db import transaction
from django.utils import timezone

from restorative.core.demo_reset import refresh_statistics
from restorative.core.working_days import add_working_days
from restorative.people.models import FamilyMember
from restorative.practice.models import Meeting, MeetingParticipant

from ..models import (
    Survey,
    SurveyAnswer,
    SurveyFollowUp,
    SurveyInvitation,
    SurveyResponse,
    SurveyResultMonth,
    SurveyResultQuestion,
    SurveySend,
)
from ..models.surveys import Audience, RespondentKind
from ..surveys.rollup import survey_results_rebuild
from ..surveys.services import survey_defaults_install
from ..surveys.tokens import token_hash

LARGE_RESPONSES = 200_000
ANSWER_RATE = 0.78
BATCH = 5000

FAMILY_WORDS = (
    "They listened to me this time.",
    "I did not understand all the words people used.",
    "It was good that my nan could come.",
    "I felt like it was all decided before we got there.",
    "The worker explained what would happen next, which helped.",
    "Too many people in the room.",
    "I liked that we wrote the plan together.",
    "Nobody asked me what I thought.",
)
PARTNER_WORDS = (
    "Clear actions and owners; the family's plan was at the centre.",
    "Reports were shared late, so it was hard to prepare.",
    "Good use of the family's own words in the plan.",
    "The meeting ran over; an agenda would help.",
)


def _audience(member_kind: str, born: datetime.date | None, held: datetime.date) -> str:
    if member_kind != FamilyMember.Kind.CHILD:
        return Audience.PARENT_CARER
    if born is None:
        return Audience.CHILD_13_PLUS
    age = (held - born).days // 365
    if age < 8:
        return Audience.CHILD_UNDER_8
    return Audience.CHILD_8_12 if age < 13 else Audience.CHILD_13_PLUS


def _kind(audience: str) -> str:
    if audience == Audience.PARTNER:
        return RespondentKind.PARTNER
    if audience == Audience.PARENT_CARER:
        return RespondentKind.PARENT_CARER
    return RespondentKind.CHILD


# What an invitation needs of the meeting, read alike for a family member and a partner.
MEETING_VALUES = (
    "meeting__held_on",
    "meeting__meeting_type",
    "meeting__family_id",
    "meeting__family__team_id",
    "meeting__family__team__service_id",
    "meeting__family__allocated_worker_id",
    "meeting__chair_id",
    "meeting__chair__team_id",
    "meeting__created_by_id",
)


def _from_the_newest(rows: Any, how_many: int) -> Any:
    """The rows held on or after the day of the `how_many`-th newest (so about that many)."""
    cutoff = (
        rows.order_by("-meeting__held_on")
        .values_list("meeting__held_on", flat=True)[how_many - 1 :]
        .first()
    )
    return rows if cutoff is None else rows.filter(meeting__held_on__gte=cutoff)


def _people(limit: int | None) -> Iterator[dict[str, Any]]:
    """(meeting, person) pairs of held meetings, members and partners, OLDEST first, from the
    newest `limit` or so (about 85% members, 15% partners). Oldest first so the rows are
    written in the order real answers arrive: the comments list pages newest first by id."""
    common = ("meeting_id", *MEETING_VALUES)
    held = MeetingParticipant.objects.filter(
        meeting__status=Meeting.Status.HELD, meeting__held_on__isnull=False
    )
    rows = held.filter(member__isnull=False).values(
        *common, "member_id", "member__kind", "member__date_of_birth"
    )
    partners = held.filter(staff__role="partner").values(*common, "staff_id")
    if limit is not None:
        rows = _from_the_newest(rows, int(limit * 0.85))
        partners = _from_the_newest(partners, int(limit * 0.15))
    rows = rows.order_by("meeting__held_on", "id")
    partners = partners.order_by("meeting__held_on", "id")
    yield from heapq.merge(
        (dict(r) for r in rows.iterator(chunk_size=BATCH)),
        (dict(p) for p in partners.iterator(chunk_size=BATCH)),
        key=lambda row: row["meeting__held_on"],
    )


def _answer(
    rng: random.Random, kind: str, choices: list[Any], climate: float
) -> tuple[int | None, str]:
    """A number or choice leaning to the team's climate (0 poor to 1 good)."""
    lean = min(max(rng.gauss(climate, 0.22), 0.0), 1.0)
    if kind == "scale_0_10":
        return round(lean * 10), ""
    if kind == "faces_1_5":
        return 1 + round(lean * 4), ""
    if kind == "yes_no_unsure":
        roll = rng.random()
        if roll < 0.1:
            return None, "not_sure"
        return (1, "yes") if roll < 0.1 + 0.9 * lean else (0, "no")
    if kind == "choose_one":
        weights = [climate * 3, (1 - climate) * 1.5, 0.6, (1 - climate) * 0.8]
        return None, rng.choices([c[0] for c in choices], weights=weights)[0]
    return None, ""


@transaction.atomic
def seed(*, scale: str, today: datetime.date) -> dict[str, int]:
    survey_defaults_install()
    rng = random.Random(2611)
    versions = {
        s.audience: s.versions.get(is_current=True)
        for s in Survey.objects.filter(is_active=True).prefetch_related("versions")
    }
    surveys_by_audience = {s.audience: s for s in Survey.objects.all()}
    questions = {a: list(v.questions.all()) for a, v in versions.items()}
    # Enough links for 200,000 answers at the answer rate, with a margin (the answers stop
    # at 200,000 exactly; the links past that are the newest, still open).
    limit = int(LARGE_RESPONSES / ANSWER_RATE * 1.03) if scale == "large" else None
    climates: dict[int, float] = {}
    now = timezone.now()
    counts = {"feedback invitations": 0, "feedback responses": 0, "feedback answers": 0}
    follow_ups = 0
    answered_so_far = 0
    invitations: list[SurveyInvitation] = []
    plans: list[tuple[bool, bool, dict[str, Any], str]] = []

    def flush() -> None:
        nonlocal follow_ups
        if not invitations:
            return
        SurveyInvitation.objects.bulk_create(invitations, batch_size=BATCH)
        responses: list[SurveyResponse] = []
        given_answers: list[list[tuple[Any, int | None, str, str]]] = []
        for invitation, (answers_it, contact, row, audience) in zip(
            invitations, plans, strict=True
        ):
            if not answers_it:
                continue
            held = row["meeting__held_on"]
            team_id = row["meeting__family__team_id"]
            climate = climates.setdefault(team_id, rng.uniform(0.45, 0.85))
            # The answers are drawn first, so the response is written once with its
            # WITH/TO/FOR/NOT (no update of every row afterwards).
            mine: list[tuple[Any, int | None, str, str]] = []
            experience = ""
            for question in questions[audience]:
                if question.kind == "free_text":
                    if rng.random() < 0.25:
                        words = PARTNER_WORDS if audience == Audience.PARTNER else FAMILY_WORDS
                        mine.append((question, None, "", rng.choice(words)))
                    continue
                if rng.random() < 0.05 and not question.required:
                    continue  # skipped, as people do
                number, choice = _answer(rng, question.kind, question.choices, climate)
                if question.kind == "choose_one" and question.theme == "with_to_for_not":
                    experience = choice
                mine.append((question, number, choice, ""))
            given_answers.append(mine)
            responses.append(
                SurveyResponse(
                    invitation=invitation,
                    version=invitation.version,
                    survey=surveys_by_audience[audience],
                    family_id=row["meeting__family_id"],
                    team_id=team_id,
                    service_id=row["meeting__family__team__service_id"],
                    meeting_type=row["meeting__meeting_type"],
                    respondent_kind=invitation.respondent_kind,
                    practitioner_id=invitation.practitioner_id,
                    chair_id=row["meeting__chair_id"],
                    chair_team_id=row["meeting__chair__team_id"],
                    month=(held + datetime.timedelta(days=rng.randint(0, 6))).replace(day=1),
                    shared_with_practitioner=rng.random() < 0.55,
                    contact_requested=contact,
                    experience=experience,
                )
            )
        SurveyResponse.objects.bulk_create(responses, batch_size=BATCH)
        answers: list[SurveyAnswer] = []
        follow: list[SurveyFollowUp] = []
        for response, mine in zip(responses, given_answers, strict=True):
            answers.extend(
                SurveyAnswer(response=response, question=q, number=n, choice=c, text=t)
                for q, n, c, t in mine
            )
            if response.contact_requested:
                given = response.month + datetime.timedelta(days=10)
                done = given < today - datetime.timedelta(days=10)
                follow.append(
                    SurveyFollowUp(
                        response=response,
                        team_id=response.team_id,
                        due_on=add_working_days(given, 5),
                        done_at=timezone.make_aware(
                            datetime.datetime.combine(given, datetime.time(11))
                        )
                        if done
                        else None,
                        done_by_id=response.practitioner_id if done else None,
                        note="Phoned and talked it through; agreed a visit." if done else "",
                    )
                )
        SurveyAnswer.objects.bulk_create(answers, batch_size=BATCH)
        SurveyFollowUp.objects.bulk_create(follow, batch_size=BATCH)
        counts["feedback invitations"] += len(invitations)
        counts["feedback responses"] += len(responses)
        counts["feedback answers"] += len(answers)
        follow_ups += len(follow)
        invitations.clear()
        plans.clear()

    for row in _people(limit):
        held = row["meeting__held_on"]
        audience: str
        if "staff_id" in row:
            audience = Audience.PARTNER
        else:
            audience = _audience(row["member__kind"], row["member__date_of_birth"], held)
        if audience not in versions:
            continue
        given = timezone.make_aware(datetime.datetime.combine(held, datetime.time(15)))
        expires = given + datetime.timedelta(days=28)
        # At the large scale, once 200,000 have answered, the newest links are still open.
        answers_it = rng.random() < ANSWER_RATE and (
            scale != "large" or answered_so_far < LARGE_RESPONSES
        )
        answered_so_far += answers_it
        creator = row["meeting__family__allocated_worker_id"] or row["meeting__created_by_id"]
        invitations.append(
            SurveyInvitation(
                version=versions[audience],
                token_hash=token_hash(secrets.token_urlsafe(32)),
                family_id=row["meeting__family_id"],
                team_id=row["meeting__family__team_id"],
                meeting_id=row["meeting_id"],
                respondent_kind=_kind(audience),
                member_id=row.get("member_id"),
                staff_id=row.get("staff_id"),
                practitioner_id=creator,
                chair_id=row["meeting__chair_id"],
                channel=rng.choice(["screen", "print", "email", "sms"]),
                send_status="sent" if rng.random() < 0.5 else "",
                month=held.replace(day=1),
                expires_at=expires,
                closed_at=expires if expires < now and not answers_it else None,
                created_by_id=row["meeting__created_by_id"],
            )
        )
        plans.append((answers_it, rng.random() < 0.04, row, audience))
        if len(invitations) >= BATCH:
            flush()
    flush()
    survey_results_rebuild()
    refresh_statistics(
        SurveyInvitation, SurveyResponse, SurveyAnswer, SurveyResultMonth, SurveyResultQuestion
    )
    counts["feedback follow-ups"] = follow_ups
    return counts


def reset() -> None:
    """Every invitation and answer; the surveys stay (they are the product's defaults)."""
    SurveyResultQuestion.objects.all().delete()
    SurveyResultMonth.objects.all().delete()
    SurveyFollowUp.objects.all().delete()
    SurveyAnswer.objects.all().delete()
    SurveyResponse.objects.all().delete()
    SurveySend.objects.all().delete()
    SurveyInvitation.objects.all().delete()
