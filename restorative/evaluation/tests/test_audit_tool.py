"""The audit tool as data: shipped with a quality question for each restorative criterion,
edited by quality assurance only; a question taken out leaves the audit form."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from restorative.evaluation.audits import selectors, services
from restorative.evaluation.models import AuditQuestion, AuditSection, Criterion

from .audit_world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w() -> Any:
    return build_world()


def test_shipped_tool_has_every_restorative_criterion() -> None:
    questions = [q for s in selectors.tool_sections() for q in s.questions.all()]
    criteria = {q.criterion for q in questions if q.kind == "quality"}
    assert set(Criterion.values) <= criteria
    assert any(q.kind == "compliance" for q in questions)
    # Seeding twice stores it once.
    selectors.tool_sections()
    assert AuditSection.objects.count() == 5


def test_quality_assurance_adds_and_takes_out_questions(w: Any, client: Any) -> None:
    selectors.tool_sections()
    section = AuditSection.objects.get(title="Language")
    client.force_login(w.quality)
    url = reverse("evaluation:audit_tool")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"section": str(section.uuid), "text": "", "kind": "quality", "criterion": ""}
    )
    assert "Enter the question" in response.content.decode()
    client.post(
        url,
        {
            "section": str(section.uuid),
            "text": "Is the child called by the name they prefer?",
            "kind": "compliance",
            "criterion": "",
        },
    )
    question = AuditQuestion.objects.get(text="Is the child called by the name they prefer?")
    client.post(reverse("evaluation:audit_tool_question_toggle", args=[question.uuid]))
    question.refresh_from_db()
    assert not question.is_active
    assert question not in [q for s in selectors.tool_sections() for q in s.questions.all()]


def test_a_criterion_must_be_graded(w: Any) -> None:
    selectors.tool_sections()
    section = AuditSection.objects.first()
    assert section is not None
    with pytest.raises(ValidationError):
        services.tool_question_create(
            actor=w.quality,
            section=section,
            text="Voice?",
            kind="compliance",
            criterion="child_voice",
        )


def test_only_quality_assurance_edits_the_tool(w: Any, client: Any) -> None:
    selectors.tool_sections()
    section = AuditSection.objects.first()
    assert section is not None
    with pytest.raises(PermissionDenied):
        services.tool_question_create(actor=w.ma, section=section, text="x", kind="quality")
    question = AuditQuestion.objects.first()
    assert question is not None
    for person in (w.ma, w.director, w.pa):
        client.force_login(person)
        assert client.get(reverse("evaluation:audit_tool")).status_code == 404
        toggle = reverse("evaluation:audit_tool_question_toggle", args=[question.uuid])
        assert client.post(toggle).status_code == 404
    question.refresh_from_db()
    assert question.is_active


def test_quality_assurance_adds_a_section_and_its_questions(w: Any, client: Any) -> None:
    """The tool's sections are editable too: an authority words its own framework."""
    selectors.tool_sections()
    before = AuditSection.objects.count()
    url = reverse("evaluation:audit_tool_section_create")
    client.force_login(w.quality)
    response = client.post(url, {"title": "  "})
    assert "Enter the section" in response.content.decode()
    response = client.post(url, {"title": "language"})  # the shipped "Language", any case
    assert "already has a section called language" in response.content.decode()
    assert AuditSection.objects.count() == before
    response = client.post(url, {"title": "Working with other agencies"})
    assert response.status_code == 302
    section = AuditSection.objects.get(title="Working with other agencies")
    assert section.position > max(
        AuditSection.objects.exclude(pk=section.pk).values_list("position", flat=True)
    )
    client.post(
        reverse("evaluation:audit_tool"),
        {
            "section": str(section.uuid),
            "text": "Did partners' views reach the plan?",
            "kind": "quality",
            "criterion": "",
        },
    )
    tool = client.get(reverse("evaluation:audit_tool")).content.decode()
    assert "Working with other agencies" in tool and "partners&#x27; views reach" in tool
    # Nobody else adds sections.
    for person in (w.ma, w.director, w.pa):
        client.force_login(person)
        assert client.post(url, {"title": "Mine"}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.tool_section_create(actor=w.ma, title="Mine")
    assert not AuditSection.objects.filter(title="Mine").exists()
