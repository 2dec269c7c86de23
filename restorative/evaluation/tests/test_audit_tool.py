"""The audit tool as data: shipped with a quality question for each restorative criterion,
edited by quality assurance only; a question taken out leaves the audit form."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from restorative.evaluation.audits import selectors, services
from restorative.evaluation.models import AuditQuestion, AuditSection, Criterion

from .audit_world import build_world, draw

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


# --- Rewording in place (issue 12 point 2) ------------------------------------------------------


def _graded_audit(w: Any) -> Any:
    """An audit of Priya's family graded by Maya under the shipped words."""
    programme = draw(w, size=10, auditors=[w.mb, w.mc], moderation_percent=0)
    audit = programme.audits.get(family=w.fa[0])
    audit.auditor = w.mb
    audit.save()
    answers = {
        str(q.uuid): "yes" if q.kind == "compliance" else "good"
        for s in selectors.tool_sections()
        for q in s.questions.all()
    }
    return services.audit_save(
        actor=w.mb, audit=audit, answers=answers, grade="good", rationale="x"
    )


OLD_WORDS = "How well is the child's voice recorded in their own words?"
NEW_WORDS = "How well does the record carry the child's own words?"


def test_quality_assurance_rewords_a_question_and_answered_audits_keep_their_words(
    w: Any, client: Any
) -> None:
    audit = _graded_audit(w)
    question = AuditQuestion.objects.get(text=OLD_WORDS)
    section = question.section
    client.force_login(w.quality)
    assert reverse("evaluation:audit_tool_question_edit", args=[question.uuid]) in (
        client.get(reverse("evaluation:audit_tool")).content.decode()
    )
    response = client.post(
        reverse("evaluation:audit_tool_question_edit", args=[question.uuid]),
        {"text": NEW_WORDS, "hint": "Quoted, not summarised."},
    )
    assert response.status_code == 302
    client.post(
        reverse("evaluation:audit_tool_section_edit", args=[section.uuid]),
        {"title": "The child's own voice"},
    )
    question.refresh_from_db()
    section.refresh_from_db()
    assert question.text == NEW_WORDS and section.title == "The child's own voice"
    # The audit answered before keeps the words it was answered under: page and API.
    body = client.get(reverse("evaluation:audit_detail", args=[audit.uuid])).content.decode()
    assert OLD_WORDS.replace("'", "&#x27;") in body and "The child&#x27;s voice" in body
    assert NEW_WORDS.replace("'", "&#x27;") not in body
    api = APIClient()
    api.force_authenticate(w.quality)
    answers = api.get(f"/api/evaluation/audits/{audit.uuid}/").json()["answers"]
    mine = [a for a in answers if a["criterion"] == "child_voice"]
    assert mine[0]["question"] == OLD_WORDS and mine[0]["section"] == "The child's voice"
    # The auditor's form offers the new words, and answers given now keep them.
    client.force_login(w.mb)
    assert NEW_WORDS.replace("'", "&#x27;") in (
        client.get(reverse("evaluation:audit_work", args=[audit.uuid])).content.decode()
    )
    graded_again = services.audit_save(
        actor=w.mb,
        audit=audit,
        answers={
            str(q.uuid): "yes" if q.kind == "compliance" else "good"
            for s in selectors.tool_sections()
            for q in s.questions.all()
        },
        grade="good",
        rationale="x",
    )
    answer = graded_again.answers.get(question=question)
    assert answer.question_text == NEW_WORDS and answer.section_title == "The child's own voice"


def test_rewording_bad_input_is_refused_clearly_and_changes_nothing(w: Any, client: Any) -> None:
    selectors.tool_sections()
    question = AuditQuestion.objects.get(text=OLD_WORDS)
    other = question.section.questions.exclude(pk=question.pk).first()
    assert other is not None
    url = reverse("evaluation:audit_tool_question_edit", args=[question.uuid])
    client.force_login(w.quality)
    empty = client.post(url, {"text": "   ", "hint": ""})
    assert empty.status_code == 400 and "Enter the question" in empty.content.decode()
    clash = client.post(url, {"text": other.text, "hint": ""})
    assert clash.status_code == 400 and "already has a question" in clash.content.decode()
    too_long = client.post(url, {"text": "x" * 301, "hint": ""})
    assert too_long.status_code == 400 and "300 characters" in too_long.content.decode()
    section_url = reverse("evaluation:audit_tool_section_edit", args=[question.section.uuid])
    blank = client.post(section_url, {"title": ""})
    assert blank.status_code == 400 and "Enter the section" in blank.content.decode()
    taken = client.post(section_url, {"title": "language"})
    assert taken.status_code == 400 and "already has a section" in taken.content.decode()
    question.refresh_from_db()
    assert question.text == OLD_WORDS and question.section.title == "The child's voice"
    with pytest.raises(ValidationError):
        services.tool_question_reword(actor=w.quality, question=question, text="")
    with pytest.raises(ValidationError):
        services.tool_section_rename(actor=w.quality, section=question.section, title=" ")


def test_only_quality_assurance_rewords(w: Any, client: Any) -> None:
    selectors.tool_sections()
    question = AuditQuestion.objects.get(text=OLD_WORDS)
    urls = [
        reverse("evaluation:audit_tool_question_edit", args=[question.uuid]),
        reverse("evaluation:audit_tool_section_edit", args=[question.section.uuid]),
    ]
    for person in (w.mb, w.director, w.pa, w.h1, w.admin):
        client.force_login(person)
        for url in urls:
            assert client.get(url).status_code == 404
            assert client.post(url, {"text": NEW_WORDS, "title": "Mine"}).status_code == 404
        with pytest.raises(PermissionDenied):
            services.tool_question_reword(actor=person, question=question, text=NEW_WORDS)
        with pytest.raises(PermissionDenied):
            services.tool_section_rename(actor=person, section=question.section, title="Mine")
    question.refresh_from_db()
    assert question.text == OLD_WORDS and question.section.title == "The child's voice"
    client.force_login(w.quality)
    assert client.get(urls[0]).status_code == 200
