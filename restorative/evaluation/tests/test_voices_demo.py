"""`seed_demo --only voices` (issue 11 point 10): on a database already seeded, it replaces
only the feedback, the staff survey rounds and the course evaluations; run twice it leaves the
same data as once; people and families are not touched; refused on an empty database."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from restorative.evaluation.models import (
    SurveyAnswer,
    SurveyInvitation,
    SurveyResponse,
    SurveyResultMonth,
    TrainingEvaluation,
    WellbeingParticipation,
    WellbeingResponse,
    WellbeingRound,
)
from restorative.people.models import Family, Staff
from restorative.practice.models import Meeting


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--scale", "small", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def _voices() -> dict[str, Any]:
    return {
        "invitations": SurveyInvitation.objects.count(),
        "responses": SurveyResponse.objects.count(),
        "answers": SurveyAnswer.objects.count(),
        "free text": SurveyAnswer.objects.exclude(text="").count(),
        "shared": SurveyResponse.objects.filter(shared_with_practitioner=True).count(),
        "experience": sorted(
            SurveyResponse.objects.exclude(experience="").values_list("experience", flat=True)
        ),
        "rolled up": sum(SurveyResultMonth.objects.values_list("responses", flat=True)),
        "rounds": WellbeingRound.objects.count(),
        "staff answers": WellbeingResponse.objects.count(),
        "took part": WellbeingParticipation.objects.count(),
        "course evaluations": TrainingEvaluation.objects.count(),
    }


@pytest.mark.django_db
def test_only_voices_is_refused_on_an_empty_database() -> None:
    # (First in the module: the seeded demo below lives until the module ends.)
    with pytest.raises(CommandError, match="run seed_demo without --only first"):
        call_command("seed_demo", "--only", "voices", stdout=StringIO())
    assert not SurveyResponse.objects.exists()


@pytest.mark.django_db
def test_only_voices_replaces_them_and_nothing_else(demo: None) -> None:
    before = _voices()
    people = (Staff.objects.count(), Family.objects.count(), Meeting.objects.count())
    assert before["responses"] > 10 and before["rounds"] == 3
    assert before["course evaluations"] > 0 and before["staff answers"] > 0
    assert before["rolled up"] == before["responses"]
    out = StringIO()
    call_command("seed_demo", "--scale", "small", "--only", "voices", stdout=out)
    assert "voices replaced" in out.getvalue()
    once = _voices()
    call_command("seed_demo", "--scale", "small", "--only", "voices", stdout=StringIO())
    assert _voices() == once
    assert once["responses"] == before["responses"] and once["rounds"] == 3
    assert (Staff.objects.count(), Family.objects.count(), Meeting.objects.count()) == people
    # Each response holds its WITH/TO/FOR/NOT from its own answers.
    assert set(once["experience"]) <= {"with", "to", "for", "not"} and once["experience"]


@pytest.mark.django_db
def test_answers_are_written_oldest_first_so_the_comments_read_newest_first(demo: None) -> None:
    months = list(
        SurveyAnswer.objects.exclude(text="")
        .order_by("id")
        .values_list("response__invitation__month", flat=True)
    )
    assert months == sorted(months)
