"""An audit done with the practitioner: the auditor reads the record (access event with
"audit" as the reason, only while the audit is open) with the language checker's findings,
grades it on the scale, shares the draft; the practitioner reflects; finishing without the
reflection is refused; moderation; safeguarding alerts; closing the programme."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from restorative.core.models import AccessEvent
from restorative.evaluation.audits import selectors, services
from restorative.evaluation.models import AuditAnswer, CaseAudit, SafeguardingAlert
from restorative.practice.models import Meeting

from .audit_world import build_world, draw

pytestmark = pytest.mark.django_db


@pytest.fixture
def w() -> Any:
    return build_world()


@pytest.fixture
def audit(w: Any) -> CaseAudit:
    """Priya's family (team A) audited by Maya (team B manager); the quality lead moderates."""
    programme = draw(w, size=10, auditors=[w.mb, w.mc], moderation_percent=0)
    found: CaseAudit = programme.audits.filter(family=w.fa[0]).get()
    found.auditor = w.mb
    found.save()
    Meeting.objects.create(
        family=w.fa[0],
        meeting_type="core_group",
        status=Meeting.Status.HELD,
        held_on=programme.period_start,
        what_happened="Mum is a non-compliant parent and the home is chaotic.",
        worries='Sam said "I feel scared when they shout".',
        created_by=w.pa,
    )
    return found


def answers_for(grade: str = "good") -> dict[str, str]:
    result = {}
    for section in selectors.tool_sections():
        for question in section.questions.all():
            result[str(question.uuid)] = "yes" if question.kind == "compliance" else grade
    return result


def _form(grade: str = "good", **extra: str) -> dict[str, str]:
    data = {f"q_{k}": v for k, v in answers_for(grade).items()}
    data |= {"grade": grade, "rationale": "The child's words are everywhere.", "strengths": ""}
    data |= extra
    return data


def _grade(audit: CaseAudit, actor: Any, grade: str = "good") -> CaseAudit:
    return services.audit_save(
        actor=actor, audit=audit, answers=answers_for(grade), grade=grade, rationale="Because"
    )


def test_auditor_reads_the_record_for_the_audit_with_language_findings(
    w: Any, audit: CaseAudit, client: Any
) -> None:
    client.force_login(w.mb)
    response = client.get(reverse("evaluation:audit_work", args=[audit.uuid]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Mum is a non" in body
    assert "language checker" in body.lower()
    assert "non-compliant" in body  # flagged by the product's checker
    event = AccessEvent.objects.get(actor_id=w.mb.pk)
    assert event.reason == "audit" and event.family_uuid == audit.family.uuid


def test_a_grade_outside_the_scale_is_refused_and_nothing_saved(
    w: Any, audit: CaseAudit, client: Any
) -> None:
    with pytest.raises(ValidationError) as error:
        services.audit_save(
            actor=w.mb, audit=audit, answers=answers_for(), grade="excellent", rationale="x"
        )
    assert "Choose a grade on the scale" in error.value.message_dict["grade"][0]
    bad_answer = answers_for() | {next(iter(answers_for())): "maybe"}
    with pytest.raises(ValidationError):
        services.audit_save(
            actor=w.mb, audit=audit, answers=bad_answer, grade="good", rationale="x"
        )
    client.force_login(w.mb)
    response = client.post(
        reverse("evaluation:audit_work", args=[audit.uuid]),
        _form(grade="good") | {"grade": "superb"},
    )
    assert response.status_code == 200
    assert "Choose a grade on the scale" in response.content.decode()
    audit.refresh_from_db()
    assert audit.grade == "" and audit.status == "assigned"
    assert not AuditAnswer.objects.exists()


def test_the_whole_audit_with_the_practitioner(w: Any, audit: CaseAudit, client: Any) -> None:
    client.force_login(w.mb)
    response = client.post(reverse("evaluation:audit_work", args=[audit.uuid]), _form("good"))
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.grade == "good" and audit.status == "in_progress"
    assert audit.language_findings >= 1
    # Before sharing, the practitioner cannot see the audit.
    client.force_login(w.pa)
    assert client.get(reverse("evaluation:audit_detail", args=[audit.uuid])).status_code == 404
    # The auditor shares the draft; it is on the practitioner's list.
    client.force_login(w.mb)
    client.post(reverse("evaluation:audit_share", args=[audit.uuid]))
    # Finishing without the reflection is refused.
    audit.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.audit_finish(actor=w.mb, audit=audit)
    assert "not added their reflection" in error.value.messages[0]
    response = client.post(reverse("evaluation:audit_finish", args=[audit.uuid]), follow=True)
    assert CaseAudit.objects.get(pk=audit.pk).status == "shared"
    client.force_login(w.pa)
    home = client.get(reverse("evaluation:audits_home")).content.decode()
    assert "waiting for your reflection" in home and audit.family.name in home
    page = client.get(reverse("evaluation:audit_detail", args=[audit.uuid])).content.decode()
    assert "The child&#x27;s words are everywhere." in page
    # An empty reflection is refused; a real one is stored.
    response = client.post(
        reverse("evaluation:audit_reflect", args=[audit.uuid]), {"reflection": ""}
    )
    assert "Write your reflection" in response.content.decode()
    client.post(
        reverse("evaluation:audit_reflect", args=[audit.uuid]),
        {"reflection": "I recognise this; I will quote Sam more."},
    )
    audit.refresh_from_db()
    assert audit.status == "reflected" and audit.reflection_by == w.pa
    # Another practitioner cannot reflect.
    with pytest.raises(PermissionDenied):
        services.audit_reflect(actor=w.pa2, audit=audit, reflection="Not mine")
    # The auditor finishes; access to the record for the audit ends (404).
    client.force_login(w.mb)
    client.post(reverse("evaluation:audit_finish", args=[audit.uuid]))
    audit.refresh_from_db()
    assert audit.status == "finished" and audit.final_grade == "good"
    assert client.get(reverse("evaluation:audit_work", args=[audit.uuid])).status_code == 404
    # The findings page stays readable to the auditor.
    assert client.get(reverse("evaluation:audit_detail", args=[audit.uuid])).status_code == 200


def test_record_access_ends_when_the_programme_closes(
    w: Any, audit: CaseAudit, client: Any
) -> None:
    client.force_login(w.mb)
    assert client.get(reverse("evaluation:audit_work", args=[audit.uuid])).status_code == 200
    services.programme_close(actor=w.quality, programme=audit.programme)
    assert client.get(reverse("evaluation:audit_work", args=[audit.uuid])).status_code == 404
    # Someone else cannot read the record for an audit that is not theirs.
    client.force_login(w.mc)
    assert client.get(reverse("evaluation:audit_work", args=[audit.uuid])).status_code == 404


def _finished(w: Any, audit: CaseAudit, grade: str) -> CaseAudit:
    audit = _grade(audit, w.mb, grade)
    audit = services.audit_share(actor=w.mb, audit=audit)
    audit = services.audit_reflect(actor=w.pa, audit=audit, reflection="Fair")
    return services.audit_finish(actor=w.mb, audit=CaseAudit.objects.get(pk=audit.pk))


def test_inadequate_always_goes_to_moderation_and_the_moderator_changes_it(
    w: Any, audit: CaseAudit, client: Any
) -> None:
    audit = _finished(w, audit, "inadequate")
    assert audit.for_moderation
    client.force_login(w.quality)
    home = client.get(reverse("evaluation:audits_home")).content.decode()
    assert "Audits to moderate" in home
    url = reverse("evaluation:audit_moderate", args=[audit.uuid])
    response = client.post(url, {"grade": "requires_improvement", "reason": ""})
    assert "Write the reason" in response.content.decode()
    assert CaseAudit.objects.get(pk=audit.pk).moderated_at is None
    client.post(url, {"grade": "requires_improvement", "reason": "Strengths were missed."})
    audit.refresh_from_db()
    assert audit.moderated_grade == "requires_improvement"
    assert audit.final_grade == "requires_improvement" and audit.grade == "inadequate"
    agreement = selectors.programme_agreement(audit.programme)
    assert agreement.moderated == 1 and agreement.agreed == 0 and agreement.rate == 0
    # The auditor cannot moderate their own audit; a second moderation is refused.
    assert client.get(url).status_code == 404


def test_auditor_cannot_moderate_own_audit(w: Any, audit: CaseAudit) -> None:
    audit.programme.moderators.add(w.mb)
    audit = _finished(w, audit, "inadequate")
    with pytest.raises(PermissionDenied):
        services.audit_moderate(actor=w.mb, audit=audit, grade="good", reason="Mine")


def test_safeguarding_alert_reaches_managers_and_blocks_closing(
    w: Any, audit: CaseAudit, client: Any
) -> None:
    client.force_login(w.mb)
    url = reverse("evaluation:audit_alert_raise", args=[audit.uuid])
    response = client.post(url, {"submission_token": str(uuid.uuid4()), "concern": ""})
    assert "Describe why the child may be at risk" in response.content.decode()
    assert not SafeguardingAlert.objects.exists()
    token = str(uuid.uuid4())
    client.post(url, {"submission_token": token, "concern": "Bruising noted, no follow-up."})
    client.post(url, {"submission_token": token, "concern": "Bruising noted, no follow-up."})
    alert = SafeguardingAlert.objects.get()
    # The team manager of the family's team and the head of its service see it at once.
    for person in (w.ma, w.h1):
        client.force_login(person)
        home = client.get(reverse("evaluation:audits_home")).content.decode()
        assert "Safeguarding alerts to acknowledge" in home and audit.family.name in home
    # Another team's manager and another service's head do not.
    for person in (w.mc, w.h2, w.pa):
        client.force_login(person)
        assert client.get(reverse("evaluation:audit_alert", args=[alert.uuid])).status_code == 404
    # The programme cannot close while it is open.
    with pytest.raises(ValidationError) as error:
        services.programme_close(actor=w.quality, programme=audit.programme)
    assert "safeguarding alert is open" in error.value.messages[0]
    client.force_login(w.quality)
    client.post(reverse("evaluation:audit_programme_close", args=[audit.programme.uuid]))
    audit.programme.refresh_from_db()
    assert audit.programme.is_open
    # The team manager acknowledges it; then the programme closes.
    client.force_login(w.ma)
    page = reverse("evaluation:audit_alert", args=[alert.uuid])
    refused = client.post(page, {"action_taken": ""}).content.decode()
    assert "Say what you have done about the concern" in refused
    assert SafeguardingAlert.objects.get().is_open
    client.post(page, {"action_taken": "Visited today; strategy discussion held."})
    assert not SafeguardingAlert.objects.get().is_open
    services.programme_close(actor=w.quality, programme=audit.programme)
    audit.programme.refresh_from_db()
    assert not audit.programme.is_open


def test_only_the_auditor_edits(w: Any, audit: CaseAudit, client: Any) -> None:
    with pytest.raises(PermissionDenied):
        _grade(audit, w.mc)
    client.force_login(w.quality)
    assert client.get(reverse("evaluation:audit_work", args=[audit.uuid])).status_code == 404
    assert client.get(reverse("evaluation:audit_detail", args=[audit.uuid])).status_code == 200


def test_learning_hook(w: Any, audit: CaseAudit) -> None:
    found = selectors.audit_finding_for_learning(w.quality, audit.uuid)
    assert found is not None
    title, url, team = found
    assert "Case-file audit" in title and str(audit.uuid) in url and team == audit.team
    assert selectors.audit_finding_for_learning(w.pc, audit.uuid) is None
    assert selectors.audit_finding_for_learning(w.quality, uuid.uuid4()) is None


def test_moderation_grade_outside_the_scale_is_refused(w: Any, audit: CaseAudit) -> None:
    audit = _finished(w, audit, "inadequate")
    with pytest.raises(ValidationError) as error:
        services.audit_moderate(actor=w.quality, audit=audit, grade="superb", reason="x")
    assert "Choose a grade on the scale" in error.value.message_dict["grade"][0]
    audit.refresh_from_db()
    assert audit.moderated_at is None and audit.final_grade == "inadequate"


def test_an_audit_finding_opens_its_learning_page_for_those_who_may_see_it(
    w: Any, audit: CaseAudit, client: Any
) -> None:
    """Issue 12 point 8: an audit finding is a source of learning actions and training needs
    (kind "case_audit"); the finding page names it for a reader of the audit, 404 otherwise."""
    page = reverse("evaluation:learning_finding", args=["case_audit", audit.uuid])
    client.force_login(w.quality)
    response = client.get(page)
    assert response.status_code == 200
    assert "Case-file audit:" in response.content.decode()
    client.force_login(w.pc)
    assert client.get(page).status_code == 404
