"""Keeping the rolled-up results (`SurveyResultMonth`, `SurveyResultQuestion`) in step.

Each invitation adds one to `invited`, each response one to `responses` (and to its WITH, TO,
FOR or NOT count), each scored answer its score to its question's row, inside the same
transaction as the record itself, so the figures never disagree with the answers.
`survey_results_rebuild` recomputes every row from the records with grouped queries, for
data loaded in bulk (the demo) or a repair.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Model, Q, Sum

from ..models import (
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
    SurveyResultMonth,
    SurveyResultQuestion,
)
from .answers import score_percent

EXPERIENCE_FIELDS = {"with": "with_count", "to": "to_count", "for": "for_count", "not": "not_count"}


def _add(model: type[Model], key: dict[str, Any], **increments: Any) -> None:
    """Add to the counters of the row with `key`, making it first if needed."""
    manager: Any = model._default_manager
    if not manager.filter(**key).exists():
        try:
            with transaction.atomic():
                manager.create(**key)
        except IntegrityError:
            pass  # made by a request running beside this one
    manager.filter(**key).update(**{name: F(name) + value for name, value in increments.items()})


def _key(invitation: SurveyInvitation, month: Any) -> dict[str, Any]:
    meeting = invitation.meeting
    return {
        "month": month,
        "survey_id": invitation.version.survey_id,
        "team_id": invitation.team_id,
        "service_id": invitation.team.service_id,
        "meeting_type": meeting.meeting_type if meeting is not None else "",
        "respondent_kind": invitation.respondent_kind,
    }


def invited(invitation: SurveyInvitation) -> None:
    _add(SurveyResultMonth, _key(invitation, invitation.month), invited=1)


def answered(response: SurveyResponse, scored: Iterable[tuple[SurveyQuestion, int | None]]) -> None:
    key = _key(response.invitation, response.month)
    extra = {EXPERIENCE_FIELDS[response.experience]: 1} if response.experience else {}
    scores = [
        (question, score)
        for question, number in scored
        if (score := score_percent(question.kind, number)) is not None
    ]
    _add(
        SurveyResultMonth,
        key,
        responses=1,
        answers=len(scores),
        score_sum=sum(score for _, score in scores),
        **extra,
    )
    for question, score in scores:
        _add(SurveyResultQuestion, {**key, "question_id": question.pk}, answers=1, score_sum=score)


@transaction.atomic
def survey_results_rebuild() -> int:
    """Recompute every rolled-up row from the invitations, responses and answers."""
    SurveyResultQuestion.objects.all().delete()
    SurveyResultMonth.objects.all().delete()
    rows: dict[tuple[Any, ...], SurveyResultMonth] = {}
    fields = ("month", "survey", "team", "service", "meeting_type", "respondent_kind")

    def row(key: tuple[Any, ...]) -> SurveyResultMonth:
        if key not in rows:
            rows[key] = SurveyResultMonth(
                **{
                    f"{f}_id" if f in ("survey", "team", "service") else f: v
                    for f, v in zip(fields, key, strict=True)
                }
            )
        return rows[key]

    for item in (
        SurveyInvitation.objects.values(
            "month",
            "version__survey_id",
            "team_id",
            "team__service_id",
            "meeting__meeting_type",
            "respondent_kind",
        )
        .annotate(n=Count("id"))
        .order_by()
    ):
        key = (
            item["month"],
            item["version__survey_id"],
            item["team_id"],
            item["team__service_id"],
            item["meeting__meeting_type"] or "",
            item["respondent_kind"],
        )
        row(key).invited += item["n"]
    for counted in (
        SurveyResponse.objects.values(
            *[f"{f}_id" if f in ("survey", "team", "service") else f for f in fields]
        )
        .annotate(
            n=Count("id"),
            w=Count("id", filter=Q(experience="with")),
            t=Count("id", filter=Q(experience="to")),
            f=Count("id", filter=Q(experience="for")),
            x=Count("id", filter=Q(experience="not")),
        )
        .order_by()
    ):
        key = (
            counted["month"],
            counted["survey_id"],
            counted["team_id"],
            counted["service_id"],
            counted["meeting_type"],
            counted["respondent_kind"],
        )
        target = row(key)
        target.responses += counted["n"]
        target.with_count += counted["w"]
        target.to_count += counted["t"]
        target.for_count += counted["f"]
        target.not_count += counted["x"]
    questions = {q.pk: q.kind for q in SurveyQuestion.objects.all()}
    cells: list[SurveyResultQuestion] = []
    for cell in (
        SurveyAnswer.objects.filter(number__isnull=False)
        .values(
            "response__month",
            "response__survey_id",
            "response__team_id",
            "response__service_id",
            "response__meeting_type",
            "response__respondent_kind",
            "question_id",
        )
        .annotate(n=Count("id"), total=Sum("number"))
        .order_by()
    ):
        kind = questions[cell["question_id"]]
        low = score_percent(kind, 0)
        high = score_percent(kind, 1)
        if low is None or high is None:
            continue
        # Every score is linear in the number (a*n + b), so the sum of scores is a*sum + b*n.
        step = high - low
        score_sum = step * cell["total"] + low * cell["n"]
        target = row(
            (
                cell["response__month"],
                cell["response__survey_id"],
                cell["response__team_id"],
                cell["response__service_id"],
                cell["response__meeting_type"],
                cell["response__respondent_kind"],
            )
        )
        target.answers += cell["n"]
        target.score_sum += score_sum
        cells.append(
            SurveyResultQuestion(
                month=cell["response__month"],
                survey_id=cell["response__survey_id"],
                team_id=cell["response__team_id"],
                service_id=cell["response__service_id"],
                meeting_type=cell["response__meeting_type"],
                respondent_kind=cell["response__respondent_kind"],
                question_id=cell["question_id"],
                answers=cell["n"],
                score_sum=score_sum,
            )
        )
    SurveyResultMonth.objects.bulk_create(rows.values(), batch_size=5000)
    SurveyResultQuestion.objects.bulk_create(cells, batch_size=5000)
    return len(rows) + len(cells)
