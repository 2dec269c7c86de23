"""Audit with, not to (issue 12 point 3): once the draft is shared, whoever may invite the
family's feedback (the practitioner whose work is audited) is offered the feedback links
from the audit's page; the auditor from another team, who may not invite for the family,
is not."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from restorative.core.models import AccessEvent
from restorative.evaluation.audits import selectors, services
from restorative.evaluation.models import (
    CaseAudit,
    Survey,
    SurveyInvitation,
    SurveyResponse,
)
from restorative.evaluation.surveys import services as survey_services
from restorative.people.models import FamilyMember
from restorative.people.tests.factories import FamilyMemberFactory

from .audit_world import build_world, draw
from .survey_fixtures import answers_for

pytestmark = pytest.mark.django_db


def test_the_practitioner_is_offered_the_familys_feedback_links(client: Client) -> None:
    w: Any = build_world()
    programme = draw(w, size=10, auditors=[w.mb, w.mc], moderation_percent=0)
    audit: CaseAudit = programme.audits.get(family=w.fa[0])
    audit.auditor = w.mb
    audit.save()
    answers = {
        str(q.uuid): "yes" if q.kind == "compliance" else "good"
        for section in selectors.tool_sections()
        for q in section.questions.all()
    }
    services.audit_save(actor=w.mb, audit=audit, answers=answers, grade="good", rationale="x")
    services.audit_share(actor=w.mb, audit=CaseAudit.objects.get(pk=audit.pk))
    page = reverse("evaluation:audit_detail", args=[audit.uuid])
    invite = reverse("evaluation:feedback_family", args=[audit.family.uuid])
    client.force_login(w.pa)
    body = client.get(page).content.decode()
    assert invite in body and "how the work felt to them" in body
    assert client.get(invite).status_code == 200
    client.force_login(w.mb)
    assert invite not in client.get(page).content.decode()


# --- Feedback tied to the audit (issue 12 point 3) ---------------------------------------------


def _shared_audit(w: Any) -> CaseAudit:
    """Priya's family (team A), audited by Maya (team B), the draft shared, a mother and a
    child on the record."""

    survey_services.survey_defaults_install()
    programme = draw(w, size=10, auditors=[w.mb, w.mc], moderation_percent=0)
    audit: CaseAudit = programme.audits.get(family=w.fa[0])
    audit.auditor = w.mb
    audit.save()
    FamilyMemberFactory(
        family=audit.family,
        kind=FamilyMember.Kind.ADULT,
        first_name="Grace",
        last_name="Okafor",
        relationship=FamilyMember.Relationship.MOTHER,
    )
    answers = {
        str(q.uuid): "yes" if q.kind == "compliance" else "good"
        for section in selectors.tool_sections()
        for q in section.questions.all()
    }
    services.audit_save(actor=w.mb, audit=audit, answers=answers, grade="good", rationale="x")
    return services.audit_share(actor=w.mb, audit=CaseAudit.objects.get(pk=audit.pk))


def _mother(audit: CaseAudit) -> Any:
    return audit.family.members.get(first_name="Grace")


def _invite_form(audit: CaseAudit, **extra: str) -> dict[str, str]:
    key = _mother(audit).pk
    return {
        f"invite_{key}": "on",
        f"survey_{key}": "parent-carer",
        f"send_to_{key}": "",
        "channel": "screen",
        **extra,
    }


def test_the_auditor_invites_the_family_from_the_audit_and_the_link_is_tied_to_it(
    client: Client,
) -> None:

    w: Any = build_world()
    audit = _shared_audit(w)
    page = reverse("evaluation:audit_detail", args=[audit.uuid])
    invite = reverse("evaluation:audit_feedback_invite", args=[audit.uuid])
    client.force_login(w.mb)
    body = client.get(page).content.decode()
    assert invite in body and "Nobody in the family has been asked" in body
    assert "Grace" in client.get(invite).content.decode()
    made = client.post(invite, _invite_form(audit))
    assert made.status_code == 200 and "/feedback/f/" in made.content.decode()
    invitation = SurveyInvitation.objects.get()
    assert invitation.case_audit_id == audit.pk and invitation.meeting_id is None
    assert invitation.member == _mother(audit) and invitation.family_id == audit.family_id
    # The worker who may read with consent is the family's, never the auditor.
    assert invitation.practitioner == w.pa
    body = client.get(page).content.decode()
    assert "Grace Okafor" in body and "Not yet answered" in body


def test_quality_assurance_may_invite_the_practitioner_and_a_stranger_may_not(
    client: Client,
) -> None:

    w: Any = build_world()
    audit = _shared_audit(w)
    invite = reverse("evaluation:audit_feedback_invite", args=[audit.uuid])
    client.force_login(w.quality)
    assert client.get(invite).status_code == 200
    for refused in (w.pa, w.ma, w.pc, w.director):
        client.force_login(refused)
        assert client.get(invite).status_code == 404
        assert client.post(invite, _invite_form(audit)).status_code == 404
    with pytest.raises(ValidationError):
        survey_services.survey_invitations_create(
            actor=w.pa,
            invitees=[
                survey_services.Invitee(
                    survey=Survey.objects.get(code="parent-carer"), member=_mother(audit)
                )
            ],
            channel="screen",
            case_audit=audit,
        )
    assert not SurveyInvitation.objects.exists()


def test_once_the_audit_is_finished_nobody_invites_from_it(client: Client) -> None:
    w: Any = build_world()
    audit = _shared_audit(w)
    services.audit_reflect(actor=w.pa, audit=audit, reflection="I learned a lot.")
    services.audit_finish(actor=w.mb, audit=CaseAudit.objects.get(pk=audit.pk))
    invite = reverse("evaluation:audit_feedback_invite", args=[audit.uuid])
    for person in (w.mb, w.quality):
        client.force_login(person)
        assert client.get(invite).status_code == 404


def test_bad_input_is_refused_clearly_and_saves_nothing(client: Client) -> None:

    w: Any = build_world()
    audit = _shared_audit(w)
    invite = reverse("evaluation:audit_feedback_invite", args=[audit.uuid])
    client.force_login(w.mb)
    nobody = client.post(invite, {"channel": "screen"})
    assert nobody.status_code == 400 and "Choose at least one person" in nobody.content.decode()
    no_address = client.post(invite, _invite_form(audit, channel="email"))
    assert no_address.status_code == 400
    assert "Enter an e-mail address or mobile number" in no_address.content.decode()
    stranger: Any = FamilyMemberFactory(family=w.fb[0])
    with pytest.raises(ValidationError, match="only the family's members"):
        survey_services.survey_invitations_create(
            actor=w.mb,
            invitees=[
                survey_services.Invitee(
                    survey=Survey.objects.get(code="parent-carer"), member=stranger
                )
            ],
            channel="screen",
            case_audit=audit,
        )
    assert not SurveyInvitation.objects.exists()


def test_the_answers_appear_with_the_findings_for_those_who_may_read_them(
    client: Client,
) -> None:

    w: Any = build_world()
    audit = _shared_audit(w)
    survey = Survey.objects.get(code="parent-carer")
    (link,) = survey_services.survey_invitations_create(
        actor=w.mb,
        invitees=[survey_services.Invitee(survey=survey, member=_mother(audit))],
        channel="screen",
        case_audit=audit,
    )
    words = "Priya listened to us and we made the plan together"
    answers = answers_for(link)
    free = link.invitation.version.questions.filter(kind="free_text").first()
    assert free is not None
    answers[f"q{free.pk}"] = words
    survey_services.survey_response_submit(invitation=link.invitation, answers=answers)
    page = reverse("evaluation:audit_detail", args=[audit.uuid])
    # The team manager of the family's team and quality assurance read the words, on the trail.
    for reader in (w.ma, w.quality):
        client.force_login(reader)
        body = client.get(page).content.decode()
        assert words in body and "Answered" in body
        assert AccessEvent.objects.filter(
            actor_id=reader.pk,
            subject_type="surveyresponse",
            subject_uuid=link.invitation.response.uuid,
            family_uuid=audit.family.uuid,
        ).exists()
    # The practitioner and the auditor see that she answered, not what she said...
    for reader in (w.pa, w.mb):
        client.force_login(reader)
        body = client.get(page).content.decode()
        assert "Answered" in body and words not in body
        assert not AccessEvent.objects.filter(
            actor_id=reader.pk, subject_type="surveyresponse"
        ).exists()
    # ...until she agrees to her worker reading it.
    SurveyResponse.objects.update(shared_with_practitioner=True)
    client.force_login(w.pa)
    assert words in client.get(page).content.decode()
