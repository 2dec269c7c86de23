"""Moderation notes and feedback themes are sources of learning (issue 12 point 8), like
audit findings and complaint outcomes: each raises learning actions and training needs, its
finding page shows the loop, and the finding's own rule decides who sees it (404 otherwise).
Bad input to a feedback theme gets a message per field and saves nothing."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from restorative.evaluation import learning_sources
from restorative.evaluation.audits import services as audit_services
from restorative.evaluation.learning import services
from restorative.evaluation.models import CaseAudit, FeedbackTheme, LearningAction, TrainingNeed

from .audit_world import build_world, draw

pytestmark = pytest.mark.django_db


@pytest.fixture
def w() -> Any:
    return build_world()


def _client(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _date(prefix: str, day: datetime.date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


def _answers(grade: str) -> dict[str, str]:
    from restorative.evaluation.audits.selectors import tool_sections

    return {
        str(q.uuid): "yes" if q.kind == "compliance" else grade
        for section in tool_sections()
        for q in section.questions.all()
    }


@pytest.fixture
def moderated(w: Any) -> CaseAudit:
    """An audit of a team A family by Maya (team B), graded inadequate, moderated by the
    quality lead to "requires improvement"."""
    programme = draw(w, size=10, auditors=[w.mb, w.mc], moderation_percent=0)
    audit: CaseAudit = programme.audits.get(family=w.fa[0])
    audit.auditor = w.mb
    audit.save()
    audit = audit_services.audit_save(
        actor=w.mb, audit=audit, answers=_answers("inadequate"), grade="inadequate", rationale="x"
    )
    audit = audit_services.audit_share(actor=w.mb, audit=audit)
    audit = audit_services.audit_reflect(actor=w.pa, audit=audit, reflection="Fair")
    audit = audit_services.audit_finish(actor=w.mb, audit=CaseAudit.objects.get(pk=audit.pk))
    return audit_services.audit_moderate(
        actor=w.quality,
        audit=audit,
        grade="requires_improvement",
        reason="The auditor missed the strengths the family named; auditors need a shared "
        "reading of strengths.",
    )


def test_every_kind_of_finding_the_issue_names_is_registered() -> None:
    kinds = {source.kind: source.label for source in learning_sources.kinds()}
    assert {"case_audit", "moderation_note", "complaint", "feedback_theme"} <= set(kinds)
    assert kinds["moderation_note"] == "Moderation note"
    assert kinds["feedback_theme"] == "Feedback theme"


def test_a_moderation_note_raises_an_action_and_a_need_shown_on_its_finding_page(
    w: Any, moderated: CaseAudit
) -> None:
    client = _client(w.quality)
    audit_page = client.get(reverse("evaluation:audit_detail", args=[moderated.uuid]))
    finding = reverse("evaluation:learning_finding", args=["moderation_note", moderated.uuid])
    assert finding in audit_page.content.decode()
    response = client.post(
        reverse("evaluation:learning_action_create", args=["moderation_note", moderated.uuid]),
        {
            "what": "Calibration session for auditors on recording strengths",
            "owner": w.quality.pk,
            **_date("due_on", timezone.localdate() + datetime.timedelta(days=20)),
        },
    )
    assert response.status_code == 302 and response["Location"] == finding
    response = client.post(
        reverse("evaluation:training_need_create", args=["moderation_note", moderated.uuid]),
        {"theme": "Grading strengths consistently", "roles": ["team_manager"], "people_count": 8},
    )
    assert response.status_code == 302
    action = LearningAction.objects.get()
    assert (action.source_kind, action.team) == ("moderation_note", moderated.team)
    assert TrainingNeed.objects.get().source_kind == "moderation_note"
    page = client.get(finding).content.decode()
    assert "Moderation note:" in page
    assert "Inadequate changed to Requires improvement to be good" in page
    assert "Calibration session for auditors" in page and "Grading strengths consistently" in page
    # The learning list names the note (resolved for the whole list at once).
    home = client.get(reverse("evaluation:learning_home")).content.decode()
    assert "Moderation note:" in home


def test_a_moderation_note_is_refused_to_those_who_may_not_see_the_audit(
    w: Any, moderated: CaseAudit
) -> None:
    finding = reverse("evaluation:learning_finding", args=["moderation_note", moderated.uuid])
    assert _client(w.quality).get(finding).status_code == 200
    assert _client(w.pa).get(finding).status_code == 200  # the practitioner audited
    assert _client(w.pc).get(finding).status_code == 404  # another team's practitioner
    assert learning_sources.resolve(w.pc, "moderation_note", moderated.uuid) is None
    with pytest.raises(ValidationError):
        services.learning_action_raise(
            actor=w.quality,
            source_kind="moderation_note",
            source_uuid=uuid.uuid4(),
            what="x",
            owner=w.quality,
            due_on=timezone.localdate(),
        )


def test_an_audit_not_yet_moderated_has_no_moderation_note(w: Any) -> None:
    programme = draw(w, size=3)
    audit = programme.audits.first()
    assert learning_sources.resolve(w.quality, "moderation_note", audit.uuid) is None
    url = reverse("evaluation:learning_finding", args=["moderation_note", audit.uuid])
    assert _client(w.quality).get(url).status_code == 404


def _theme_form(w: Any, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "theme": "say_in_plan",
        "summary": "Parents in North Safeguarding say they do not have a say in the plan.",
        **_date("period_start", datetime.date(2026, 7, 1)),
        **_date("period_end", datetime.date(2026, 9, 30)),
        "team": w.a.pk,
        "survey": "",
        "score": "41",
        "responses": "38",
    }
    data.update(extra)
    return data


def test_quality_records_a_feedback_theme_and_raises_learning_from_it(w: Any) -> None:
    client = _client(w.quality)
    response = client.post(reverse("evaluation:feedback_theme_create"), _theme_form(w))
    finding = FeedbackTheme.objects.get()
    learning = reverse("evaluation:learning_finding", args=["feedback_theme", finding.uuid])
    assert response.status_code == 302 and response["Location"] == learning
    page = client.get(learning).content.decode()
    assert "Feedback theme: Having a say in the plan (North Safeguarding" in page
    client.post(
        reverse("evaluation:learning_action_create", args=["feedback_theme", finding.uuid]),
        {
            "what": "Plan meetings start from the family's own plan",
            "owner": w.ma.pk,
            **_date("due_on", timezone.localdate() + datetime.timedelta(days=30)),
        },
    )
    client.post(
        reverse("evaluation:training_need_create", args=["feedback_theme", finding.uuid]),
        {"theme": "Family-led planning", "teams": [w.a.pk], "people_count": 12},
    )
    action = LearningAction.objects.get()
    assert (action.source_kind, action.team) == ("feedback_theme", w.a)
    assert TrainingNeed.objects.get().source_kind == "feedback_theme"
    theme_page = client.get(reverse("evaluation:feedback_theme", args=[finding.uuid]))
    assert "do not have a say in the plan" in theme_page.content.decode()
    listing = client.get(reverse("evaluation:feedback_themes")).content.decode()
    assert "Having a say in the plan" in listing and "Record a theme from feedback" in listing


def test_who_sees_a_feedback_theme(w: Any) -> None:
    """A team's theme: its manager, the head of its service and organisation-wide readers;
    not another service's head, another team's manager, or practitioners. Recording is
    quality assurance's only."""
    finding = services.feedback_theme_record(
        actor=w.quality,
        theme="respect",
        summary="Families feel respected.",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 3, 31),
        team=w.a,
    )
    page = reverse("evaluation:feedback_theme", args=[finding.uuid])
    learning = reverse("evaluation:learning_finding", args=["feedback_theme", finding.uuid])
    for person in (w.quality, w.director, w.workforce, w.ma, w.h1):
        assert _client(person).get(page).status_code == 200, person.role
        assert _client(person).get(learning).status_code == 200, person.role
    for person in (w.mb, w.h2, w.pa, w.pc):
        assert _client(person).get(page).status_code == 404, person.role
        assert _client(person).get(learning).status_code == 404, person.role
    assert _client(w.pa).get(reverse("evaluation:feedback_themes")).status_code == 404
    for person in (w.ma, w.director, w.pa):
        assert _client(person).get(reverse("evaluation:feedback_theme_create")).status_code == 404
    with pytest.raises(ValidationError):
        services.feedback_theme_record(
            actor=w.ma,
            theme="respect",
            summary="x",
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 3, 31),
        )
    # An organisation-wide theme: every reader beyond themselves.
    whole = services.feedback_theme_record(
        actor=w.quality,
        theme="trust",
        summary="Trust is lower after a change of worker.",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 3, 31),
    )
    url = reverse("evaluation:feedback_theme", args=[whole.uuid])
    assert _client(w.mb).get(url).status_code == 200
    assert _client(w.pb).get(url).status_code == 404


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"theme": ""}, "theme", "Choose the theme from the list"),
        ({"summary": "  "}, "summary", "Enter what the feedback shows"),
        (
            _date("period_end", datetime.date(2026, 6, 1)),
            "period_end",
            "The end of the period must be on or after its start",
        ),
        ({"score": "140"}, "score", "The score must be from 0 to 100"),
        ({"score": "lots"}, "score", "The score must be a whole number"),
    ],
)
def test_bad_feedback_theme_input_gets_a_message_and_saves_nothing(
    w: Any, change: dict[str, str], field: str, message: str
) -> None:
    response = _client(w.quality).post(
        reverse("evaluation:feedback_theme_create"), _theme_form(w, **change)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not FeedbackTheme.objects.exists()


def test_the_service_refuses_an_end_in_the_future_and_a_score_off_the_scale(w: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.feedback_theme_record(
            actor=w.quality,
            theme="respect",
            summary="x",
            period_start=timezone.localdate(),
            period_end=timezone.localdate() + datetime.timedelta(days=3),
            score=101,
        )
    assert set(error.value.message_dict) == {"period_end", "score"}
    assert not FeedbackTheme.objects.exists()
